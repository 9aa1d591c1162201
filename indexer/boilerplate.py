"""Strip navigation, banners, calendars and repeated blocks; keep the page's own text.

HTML: structural removal (nav, header, footer, aside, forms, scripts, hidden and cookie/menu/share
blocks by class or id), then the main container (`<main>`, `<article>`, the densest text block),
then block-level classification by link density and length. Plain-text pages (already extracted
by a crawler, like the seeds): line-level rules for menus, calendars, counters and repeats.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from lxml import etree, html as lxml_html

from indexer.records import CleanPage

_DROP_TAGS = {
    "script", "style", "noscript", "nav", "footer", "aside", "form", "iframe", "button", "select",
    "svg", "template", "object", "embed", "canvas", "input", "textarea", "label", "menu",
}
_BOILERPLATE_HINT = re.compile(
    r"cookie|gdpr|consent|(?<![a-z])nav|menu|breadcrumb|share|sharing|sharedaddy|social|sidebar|widget|"
    r"footer|comment|related|pager|pagination|(?<![a-z])tags?(?![a-z])|banner|calendar|naptar|"
    r"skip-link|screen-reader|newsletter|hirlevel|advert|hirdetes|popup|modal|login|search|"
    r"visitor|counter|latogato|rating|vote|szavazat|hits|print-only|mobile-only",
    re.I,
)
_BLOCK_TAGS = {
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "tr", "blockquote", "pre", "div",
    "section", "article", "main", "td", "th", "caption", "figcaption", "address", "table", "ul", "ol", "dl",
    "center", "font", "body",
}
_HEADLINE_TAGS = ("h1", "h2")
_SPACE = re.compile(r"\s+")
# A list bullet typed into the text (`* Járdaépítés`, `- Eszközbeszerzés`, `• …`): the item is content, the mark is not.
_BULLET = re.compile(r"^(?:[*•·▪‣◦►]+|[-–—](?=\s))\s*(?=\w)")
_INDENTED = re.compile(r"^(?:\t| {2,})\s*[^\W\d_]")
_ALNUM = re.compile(r"[^\W_]")
# Chrome in any layout: a footer's contact line (`Város Önkormányzata | 6600 Szentes, Fő utca 58. | Tel: …`),
# `back to top`, an image's file name left by a text extractor (`sz2020_infoblokk_esza.`).
_CONTACT_LINE = re.compile(r"\|.*\b(?:Tel\.?|Telefon|E-?mail|Fax)\b\s*:?", re.I)
# A byline: who posted the page and when (WordPress `Közzétéve: … Szerző: …`, Drupal `Beküldte admin - …`).
_BYLINE = re.compile(
    r"^(?:közzétéve|beküldte|beküldve|feltöltve|létrehozva|írta|szerző|posted(?: by| on)?|published(?: on)?)\b[^.!?]{0,100}$"
    r"|^(?:közzétéve|beküldte|posted|published)\b.{0,30}\d{4}.{0,60}$"
    # A date with a time of day is when the page was posted (`2018. február 12., 17:50`); a bare date
    # line is the event's or the news item's own date and stays.
    r"|^\d{4}[.\s/-]+(?:\w+|\d{1,2})[.\s/-]+\d{1,2}\.?,?\s+\d{1,2}:\d{2}(?::\d{2})?$"
    # … also after an author's name and a weekday (`Laky Zoltán / 2018.08.03., péntek 12:14 /`); a
    # time range (`13:00-15:00`) is an event's, not a posting's.
    r"|^[^.!?:]{0,40}\b\d{4}[./-]\s?\d{1,2}[./-]\s?\d{1,2}\.?,?[^\d:]{0,20}\b\d{1,2}:\d{2}(?!\s*[-–]\s*\d)[^\d]{0,10}$",
    re.I,
)
_CHROME_LINE = re.compile(
    r"^(?:vissza a lap tetejére|ugrás a (?:fő )?tartalomra|back to top)\W*$|^[\w-]*_[\w.-]*$"
    r"|^(?:látogatók száma|látogatószám|online látogatók|mai látogatók)\b.{0,120}$",  # visitor counters
    re.I,
)
_MAX_BLOCKS = 5000


def strip_boilerplate(text: str, *, is_html: bool) -> CleanPage:
    """Return the page's headline and content paragraphs (possibly empty)."""
    if is_html:
        return _strip_html(text)
    return _strip_plain_text(text)


# ----------------------------------------------------------------------------------------- HTML

def _strip_html(markup: str) -> CleanPage:
    root = _parse(markup)
    if root is None:
        return CleanPage(title="", paragraphs=())
    canonical = _canonical_url(root)
    base = _canonical_url(root, _BASE)
    head_title = _collapse(" ".join(root.xpath("//head/title//text()")))
    _remove_boilerplate_elements(root)
    main = _main_container(root)
    # Only the content's images: sidebar banners carry some fund's logo whatever the project.
    image_names = tuple(_image_names(main))
    blocks = list(_blocks(main))
    paragraphs = _drop_teaser_boxes(_dedupe_repeated_run([text for text, _ in blocks]))
    list_items = frozenset(text for text, is_item in blocks if is_item)
    headline = _headline(main, root)
    title = headline or _title_from_head(head_title, paragraphs)
    if title and (not paragraphs or _norm(paragraphs[0]) != _norm(title)):
        paragraphs = [p for p in paragraphs if _norm(p) != _norm(title)]
        paragraphs.insert(0, title)
    return CleanPage(
        title=title, paragraphs=tuple(paragraphs), image_names=image_names, canonical_url=canonical, base_url=base,
        list_items=list_items,
    )


_NESTING_TAGS = r"div|span|font|section|table|tbody|tr|td|ul|ol|li|b|i|center|blockquote"
_DEEP_TAGS = 2000
_DEEP_OPEN = re.compile(rf"(?:<({_NESTING_TAGS})\b[^>]*>\s*){{100,}}", re.I)
_DEEP_CLOSE = re.compile(rf"(?:</({_NESTING_TAGS})>\s*){{100,}}", re.I)


def _parse(markup: str) -> etree._Element | None:
    # libxml2 drops content nested deeper than it allows; hundreds of wrappers carry no meaning.
    # Only a page with that many tags can nest that deep, and the scan costs 1 ms a page.
    if markup.count("<") > _DEEP_TAGS:
        markup = _DEEP_CLOSE.sub(r"</\1>", _DEEP_OPEN.sub(r"<\1>", markup))
    parser = lxml_html.HTMLParser(remove_comments=True, remove_pis=True, huge_tree=True, encoding="utf-8")
    try:
        root = lxml_html.document_fromstring(markup.encode("utf-8", errors="replace"), parser=parser)
    except (etree.ParserError, ValueError):
        return None
    return root


def _image_names(root: etree._Element) -> Iterator[str]:
    for img in root.iter("img"):
        for attribute in ("alt", "src", "title"):
            value = (img.get(attribute) or "").strip()
            if value:
                yield value.rsplit("/", 1)[-1]


_CANONICAL = "//link[@rel='canonical'][@href] | //meta[@property='og:url'][@content]"
_BASE = "//base[@href]"


def _canonical_url(root: etree._Element, xpath: str = _CANONICAL) -> str | None:
    for link in root.xpath(xpath):
        value = link.get("href") or link.get("content")
        if value and value.startswith("http"):
            return value.strip()
    return None


def _remove_boilerplate_elements(root: etree._Element) -> None:
    doomed = []
    stack = [root]
    etree.strip_elements(root, "script", "style", "noscript", "template", with_tail=False)
    body = root.find("body")
    page_chars = len((body if body is not None else root).text_content())
    while stack:  # iterative, and a doomed element's descendants are never looked at
        element = stack.pop()
        if _is_boilerplate_element(element) and not _holds_the_page(element, page_chars):
            doomed.append(element)
        else:
            stack.extend(element)
    for element in doomed:
        _drop(element)


def _holds_the_page(element: etree._Element, page_chars: int) -> bool:
    """A class-hinted block holding most of the page's text, little of it links, is the content
    itself: trackers mark every block (`_ce_measure_widget` on 24.hu's live-blog entries)."""
    if not isinstance(element.tag, str) or element.tag in _DROP_TAGS:
        return False
    chars = len(element.text_content())
    if chars < 0.4 * page_chars or chars < 500:
        return False
    links = sum(len(link.text_content()) for link in element.iter("a"))
    return links < 0.3 * chars


def _is_boilerplate_element(element: etree._Element) -> bool:
    tag = element.tag if isinstance(element.tag, str) else ""
    if not tag:
        return True
    if tag in _DROP_TAGS or tag == "header" and not element.xpath(".//h1"):
        return True
    if tag in {"html", "body", "main", "article"}:
        return False
    style = element.get("style")
    if style and ("display:none" in style.replace(" ", "").lower() or "visibility:hidden" in style.replace(" ", "").lower()):
        return True
    if element.get("hidden") is not None:
        return True
    marker = f"{element.get('class') or ''} {element.get('id') or ''} {element.get('role') or ''}"
    return bool(marker.strip() and _BOILERPLATE_HINT.search(marker) and not element.xpath(".//h1"))


def _drop(element: etree._Element) -> None:
    """Remove an element but keep its tail text, which belongs to the parent."""
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail
    if tail and tail.strip():
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(element)


def _main_container(root: etree._Element) -> etree._Element:
    for xpath in ("//main", "//*[@role='main']", "//article", "//*[@id='content']", "//*[@class='content']"):
        found = [e for e in root.xpath(xpath) if len(_collapse(e.text_content())) > 200]
        if found:
            return max(found, key=lambda e: len(e.text_content()))
    body = root.find("body")
    return body if body is not None else root


def _headline(main: etree._Element, root: etree._Element) -> str:
    for scope in (main, root):
        for tag in _HEADLINE_TAGS:
            for element in scope.iter(tag):
                text = _collapse(element.text_content())
                if 3 <= len(text) <= 300:
                    return text
    return ""


def _title_from_head(head_title: str, paragraphs: list[str]) -> str:
    """`Site name – Project name – Town`: the first content block the `<title>` holds (the page's
    own heading, whatever separators it has itself), else the longest part between separators."""
    folded = _norm(head_title)
    held = [p for p in paragraphs[:40] if 8 <= len(p) <= 300 and _norm(p) in folded]
    if held:
        return held[0]  # the heading comes first; the site's name may recur further down as a value
    parts = re.split(r"\s+[|–—-]\s+|\s+::\s+|\s+»\s+", head_title)
    return max(parts, key=len).strip() if parts else ""


def _blocks(container: etree._Element) -> Iterator[tuple[str, bool]]:
    """Yield text blocks in document order, dl/table rows joined as `label value`, each with
    whether it is a list item."""
    count = 0
    for text, link_chars, is_item in _walk(container):
        text = _BULLET.sub("", _collapse(text))
        if not _ALNUM.search(text) or _CONTACT_LINE.search(text) or _CHROME_LINE.match(text) or _BYLINE.match(text):
            continue
        if link_chars > 0.5 * len(text) and not _looks_like_sentence(text):
            continue
        count += 1
        if count > _MAX_BLOCKS:
            return
        yield text, is_item


def _walk(element: etree._Element) -> Iterator[tuple[str, int, bool]]:
    """Flatten an element into (text, characters inside links, is a list item) per block, iteratively.

    Iterative so that 5,000 nested `<div>`s cannot exhaust the stack.
    """
    buffer: list[str] = []
    link_chars = 0
    stack: list[tuple[etree._Element, bool]] = [(element, False)]
    while stack:
        node, closing = stack.pop()
        tag = node.tag if isinstance(node.tag, str) else ""
        if closing:
            if tag in _BLOCK_TAGS or tag == "br" or tag in {"dt", "td", "th"}:
                if tag in {"dt", "th", "td"} and buffer and not _ends_with_stop(buffer):
                    buffer.append(" ")  # label and value share one row
                elif buffer:
                    yield "".join(buffer), link_chars, tag == "li"
                    buffer, link_chars = [], 0
            if node.tail and node is not element:
                buffer.append(node.tail)
            continue
        if tag in _BLOCK_TAGS and tag not in {"dd", "td", "th"} and buffer and tag != "dt":
            yield "".join(buffer), link_chars, False
            buffer, link_chars = [], 0
        if tag == "br" and buffer:
            yield "".join(buffer), link_chars, False
            buffer, link_chars = [], 0
        if node.text:
            buffer.append(node.text)
            if tag == "a":
                link_chars += len(node.text.strip())
        stack.append((node, True))
        for child in reversed(node):
            stack.append((child, False))
    if buffer:
        yield "".join(buffer), link_chars, False


def _ends_with_stop(buffer: list[str]) -> bool:
    tail = "".join(buffer[-3:]).rstrip()
    return tail.endswith((".", "!", "?"))


def _looks_like_sentence(text: str) -> bool:
    return len(text) > 80 and text.count(" ") > 10


# ----------------------------------------------------------------------------------- plain text

_DIGIT = re.compile(r"\d")
_CALENDAR_LINE = re.compile(r"^(?:[«»]?\s*\d{4},?\s*\w+\s*[«»]?|h\s*k\s*s\s*c\s*p\s*s\s*v|[\d\s]{1,40})$", re.I)
_COUNTER_LINE = re.compile(r"^\(\d+\s+Szavazat\)|\d+\s+megjelenítés$|^\[.*\]$|^vissza\.*$|^«|»$", re.I)
_MENU_WORD = re.compile(r"^[\wÁÉÍÓÖŐÚÜŰáéíóöőúüű!&.,'’ -]{1,40}$")
# A project data row (`A projekt azonosító száma: EFOP-…`, `Kedvezményezett: …`): content, even when
# the page prints its block twice.
_PROJECT_ROW = re.compile(
    r"(?i)^(?:a\s+)?(?:projekt|kedvezményezett|támogatás|szerződött|operatív program|megvalósítás|project)"
    r"[^:]{0,60}:\s*\S")
_PROJECT_LABEL = re.compile(_PROJECT_ROW.pattern.removesuffix(r"\s*\S") + "$")


def _strip_plain_text(text: str) -> CleanPage:
    source_lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    raw_lines = [_collapse(line) for line in source_lines]
    lines = [_BULLET.sub("", line) for line in raw_lines]
    # A list item keeps its bullet or its indentation in a crawler's text (`\tEszközbeszerzés`).
    list_items = frozenset(
        clean for source, raw, clean in zip(source_lines, raw_lines, lines)
        if clean and (_BULLET.match(raw) or _INDENTED.match(source))
    )
    title = _plain_title(lines)
    non_empty = [line for line in lines if line]
    # A stacked data row's value is content whatever it looks like (an id of bare digits: 3133694977).
    kept = [line for index, line in enumerate(non_empty)
            if not _plain_noise(line) or (index and _PROJECT_LABEL.match(non_empty[index - 1]))]
    kept = _drop_repeated_runs(_drop_menu_runs(kept, items=list_items))
    if title:
        start = next((i for i, line in enumerate(kept) if _norm(line) == _norm(title)), None)
        if start is not None:
            kept = kept[start:]
            kept = [kept[0]] + [line for line in kept[1:] if _norm(line) != _norm(title)]
        else:
            kept.insert(0, title)
    kept = _drop_trailing_chrome(_drop_teaser_boxes(kept, with_lines=True))
    return CleanPage(title=title, paragraphs=tuple(kept), list_items=list_items)


def _plain_title(lines: list[str]) -> str:
    """Headline of an extracted-text page: the first line, the end of the breadcrumb, the
    `projekt címe` row, a doubled line, or the first headline-shaped line."""
    non_empty = [line for line in lines if line]
    content = [line for line in non_empty if not _plain_noise(line)]
    leading = _leading_headline(content)
    if leading:
        return leading
    # The headline ends the breadcrumb (`Főoldal » Aktuális » A 86. számú főút felújítása`).
    crumbs = {line.rsplit("»", 1)[1].strip() for line in content if line.count("»") >= 1 and not line.endswith("»")}
    for line in content:
        if line in crumbs and _headline_shaped(_INNER_COLON.sub(" ", line, count=1)):
            return line
    for index, line in enumerate(non_empty):
        match = re.match(r"^(?:A\s+)?projekt\s+(?:címe|neve)[^:]{0,30}:\s*(.*)$", line, re.I)
        if match is None:
            continue
        # Inline (`A projekt címe: …`) or stacked, the value on the next line.
        value = match.group(1).strip() or (non_empty[index + 1] if index + 1 < len(non_empty) else "")
        if len(value) > 5 and ":" not in value:
            return value
    counts = Counter(non_empty)
    # The headline printed twice (breadcrumb and heading), maybe with a `vissza...` link between.
    for first, second in zip(content, content[1:]):
        if first == second and _headline_shaped(first):
            return first
    for line in non_empty:
        if counts[line] == 1 and _headline_shaped(line) and not _plain_noise(line):
            return line
    return non_empty[0] if non_empty else ""


def _leading_headline(content: list[str]) -> str:
    """A crawler's text starts with the headline unless it starts with the site's header (a name
    over a menu). A colon inside is fine there (`Állásajánlat: pénzügyi ügyintéző`), a label row
    is not; a one-word headline (`Projektleírás`) shows itself by being printed again just below."""
    first = content[0] if content else ""
    shaped = _headline_shaped(_INNER_COLON.sub(" ", first, count=1)) or (
        len(first.split()) == 1 and first.replace("-", "").isalpha() and first in content[1:6]
    )
    header = len(content) > 2 and all(_menu_like(line) and line != first for line in content[1:3])
    return first if shaped and not _LABEL_ROW.match(first) and not header else ""


_INNER_COLON = re.compile(r":\s+(?=\S)")
_LABEL_ROW = re.compile(r"^[^:]{1,40}:\s*\S*\d")  # `Projekt azonosító: HU01-…`, `Futamidő: 2018-10-15`


def _headline_shaped(line: str) -> bool:
    words = line.split()
    return (
        2 <= len(words) <= 25
        and len(line) <= 200
        and not line.endswith((":", ".", ";", ","))
        and not line.isupper()
        and ":" not in line
        and sum(ch.isdigit() for ch in line) < len(line) / 4
    )


def _plain_noise(line: str) -> bool:
    if (_CALENDAR_LINE.match(line) or _COUNTER_LINE.search(line) or _CONTACT_LINE.search(line)
            or _CHROME_LINE.match(line) or _BYLINE.match(line)):
        return True
    # A short capitalised line is a menu item (PROJEKT, AKTUÁLIS); with digits it is a code (VEKOP-5.2.1-…).
    if len(line) <= 2 or (line.isupper() and len(line.split()) <= 3 and len(line) < 30 and not _DIGIT.search(line)):
        return True
    return bool(re.fullmatch(r"[\W_]+", line))


def _drop_menu_runs(lines: list[str], *, items: frozenset[str] = frozenset(), run: int = 4) -> list[str]:
    """Drop runs of ≥ `run` consecutive short, unpunctuated lines that are not list items: menus and link lists."""
    out: list[str] = []
    index = 0
    while index < len(lines):
        end = index
        while end < len(lines) and lines[end] not in items and _menu_like(lines[end]):
            end += 1
        if end - index >= run:
            index = end
            continue
        out.append(lines[index])
        index += 1
    return out


def _menu_like(line: str) -> bool:
    return len(line) <= 60 and not line.endswith((".", ":", "!", "?")) and ":" not in line and bool(_MENU_WORD.match(line))


def _drop_repeated_runs(lines: list[str], *, run: int = 3) -> list[str]:
    """A run of ≥ `run` lines printed twice: prose or project data rows are a print copy (keep the
    first), other short lines are a widget shown twice, like a microsite's event list (drop every copy)."""
    first_seen: dict[tuple[str, ...], int] = {}
    doomed: set[int] = set()
    for index in range(len(lines) - run + 1):
        key = tuple(lines[index:index + run])
        origin = first_seen.setdefault(key, index)
        if origin == index or origin + run > index:
            continue
        prose = any(len(line) > 150 or _PROJECT_ROW.match(line) for line in key)
        doomed.update(range(index, index + run))
        if not prose:
            doomed.update(range(origin, origin + run))
    return [line for index, line in enumerate(lines) if index not in doomed]


def _drop_trailing_chrome(lines: list[str]) -> list[str]:
    """Footer lines after the content: addresses, phones, e-mails, copyright."""
    footer = re.compile(r"^(?:Tel\.?|Telefon|E-?mail|Fax|©|\d{4}\s+\S+,|Vissza a lap tetejére|Minden jog)", re.I)
    while lines and (footer.search(lines[-1]) or len(lines[-1]) < 40 and not lines[-1].endswith((".", "!", "?"))):
        if len(lines) == 1:
            break
        lines = lines[:-1]
    return lines


# ---------------------------------------------------------------------------------------- shared

def _dedupe_repeated_run(blocks: list[str]) -> list[str]:
    """Drop a second copy of a run of ≥ 3 blocks (print or mobile copy of the main block)."""
    seen: dict[tuple[str, str, str], int] = {}
    out: list[str] = []
    index = 0
    while index < len(blocks):
        key = tuple(blocks[index:index + 3])
        if len(key) == 3 and key in seen:
            run = 0
            origin = seen[key]
            while index + run < len(blocks) and origin + run < index and blocks[origin + run] == blocks[index + run]:
                run += 1
            if run >= 3:
                index += run
                continue
        if len(key) == 3:
            seen.setdefault(key, index)  # type: ignore[arg-type]
        out.append(blocks[index])
        index += 1
    return out


# Headings of the boxes that list other pages: related articles, most read, newsletter sign-up.
_TEASER_HEADING = re.compile(
    r"^(?:kapcsolódó (?:cikk|hír|tartalm|anyag)\w*|ajánl(?:ott|juk|ó)\w*(?: cikk\w*| hír\w*)?|legolvasottabb\w*|"
    r"legfrissebb\w*(?: hír\w*| cikk\w*)?|friss hírek|további (?:híre\w*|cikke\w*|hírek)|"
    r"(?:ezek is )?érdekelhetik|olvasta már\?|iratkozzon fel\b.*|hírlevél\w*(?: feliratkozás)?|"
    r"related (?:articles|news|posts)|most read)\W*$",
    re.I,
)
_TEASER_LINE_CHARS = 160
_TEASER_LINES = 12


def _drop_teaser_boxes(blocks: list[str], *, with_lines: bool = False) -> list[str]:
    """Drop a teaser box's heading (`Kapcsolódó cikkek`). In HTML its links are gone already; in
    text (`with_lines`, after the headline, so never a box standing before the content) up to 12
    headline-like lines under it go too, stopping at prose or a label."""
    out: list[str] = []
    index = 0
    while index < len(blocks):
        if _TEASER_HEADING.match(blocks[index]):
            end = index + 1
            while (with_lines and end < len(blocks) and end - index <= _TEASER_LINES
                   and len(blocks[end]) < _TEASER_LINE_CHARS and not _is_prose(blocks[end]) and not blocks[end].endswith(":")):
                end += 1
            index = end
            continue
        out.append(blocks[index])
        index += 1
    return out


def _is_prose(text: str) -> bool:
    return text.rstrip().endswith((".", "!", "?", ":")) and len(text.split()) >= 6


def _collapse(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def _norm(text: str) -> str:
    return _collapse(text).casefold()
