"""Strip navigation, banners, calendars and repeated blocks; keep the page's own text.

HTML: structural removal (nav, header, footer, aside, forms, scripts, hidden and cookie/menu/share
blocks by class or id), then the main container (`<main>`, `<article>`, the densest text block),
then block-level classification by link density and length. Text pages (already extracted by a
crawler, like the seeds) go to indexer/cleaning/text.py; line rules both share are in indexer/cleaning/lines.py.
"""
from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

from lxml import etree
from lxml import html as lxml_html

from indexer.cleaning.density import densest_run, is_inside, prose_by_element, trim_to, visible_chars
from indexer.cleaning.label_cells import label_joint
from indexer.cleaning.lines import (
    ALNUM,
    BULLET,
    SENTENCE_ENDS,
    collapse,
    dedupe_repeated_run,
    drop_closing_calls,
    drop_teaser_boxes,
    is_chrome_line,
    norm,
)
from indexer.cleaning.second_opinion import second_opinion
from indexer.cleaning.text import strip_plain_text
from indexer.records import CleanPage

_DROP_TAGS = {
    "script", "style", "noscript", "nav", "footer", "aside", "form", "iframe", "button", "select",
    "svg", "template", "object", "embed", "canvas", "input", "textarea", "label", "menu", "figcaption",
}
_BOILERPLATE_HINT = re.compile(
    r"cookie|gdpr|consent|(?<![a-z])nav|menu|breadcrumb|share|sharing|sharedaddy|social|sidebar|widget|"
    r"footer|comment|related|pager|pagination|(?<![a-z])tags?(?![a-z])|banner|calendar|naptar|"
    r"skip-link|screen-reader|newsletter|hirlevel|advert|hirdetes|popup|modal|login|search|"
    r"visitor|counter|latogato|rating|vote|szavazat|hits|print-only|mobile-only|"
    r"(?<![a-z])credits?(?![a-z])|caption|byline|(?<![a-z])author(?:-?(?:box|bio|info))?(?![a-z])|"
    r"promo(?:tion)?(?![a-z])|linkbox|more-?links|disclaimer|disclosure|copyright|subscribe|"
    r"legend|(?:image|img|photo|bild)[-_]?(?:desc|copyright|credit|unterschrift)|"  # a picture's caption or credit
    r"post-?meta|entry-meta|article__meta|metaline|img-metadata|donation|(?<![a-z])cta(?![a-z])",
    re.I,
)
# Hidden by a class (`hidden`, `hideContent`, `sr-only`); not when a breakpoint shows it (`hidden lg:block`).
_HIDDEN_CLASS = re.compile(r"(?<![\w-])(?:hide\w*|hidden|sr-only|visually-hidden)(?![\w:-])", re.I)
_SHOWN_AT_BREAKPOINT = re.compile(r"\w:(?:block|flex|grid|inline|table|contents)\b")
# A readers' comment thread (`comment-list`, `li.comment.depth-1`, `#comments`), not a gallery item's `item__comment`.
_COMMENT_THREAD = re.compile(
    r"(?<![\w-])comments?(?:[-_]?(?:list|area|section|thread|wrapper|container))?(?![\w-])|(?<![\w-])comment-\d+", re.I
)
_BLOCK_TAGS = {
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "tr", "blockquote", "pre", "div",
    "section", "article", "main", "td", "th", "caption", "figcaption", "address", "table", "ul", "ol", "dl",
    "center", "font", "body",
}
_HEADLINE_TAGS = ("h1", "h2")
_HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Never read as text: code, and a ruby's reading aids (`<ruby>子<rt>こ</rt></ruby>`: the furigana
# would split every word it glosses).
_UNREAD_TAGS = ("script", "style", "template", "rt", "rp")
_MAX_BLOCKS = 5000
# Below this share of the page's prose kept, the class/id rules took the content for chrome.
_KEPT_PROSE_SHARE = 0.4
# … and below this share of all the text it shows, whether prose or rows of a table.
_KEPT_TEXT_SHARE = 0.1
# A page whose linked headlines with teasers hold this share of its prose is a listing: they are its content.
_LISTING_SHARE = 0.5
_TEASER_CHARS = 60
# A teaser's headline is one link (two with its category); a row of share buttons is several.
_HEADLINE_LINKS = 2
_HEADLINE_WORDS = 3  # … and says something: `Video` over a player is no headline
_RESCUE_WORDS = 50  # fewer words than this left of a page: look for a list of headlines
_LISTED_HEADLINES = 3
_LISTED_HEADLINE_WORDS = 4
_ITEM_LINE_CHARS = 40  # a date or `Read more` line between a list's items; prose is longer
# The densest block stands for the page when it holds this share of the prose.
_DENSE_PROSE_SHARE = 0.6
# A `<header>` with this much prose in two paragraphs or more is a section's own (its lede), not the site's.
_HEADER_PROSE = 300
# Tags that may still wrap the whole page: ASP.NET WebForms puts the body in one `<form>`, and an
# unclosed `<nav>`, `<header>` or `<noscript>` swallows what follows it.
_WRAPPING_TAGS = {"form", "header", "nav", "aside", "footer", "menu", "noscript"}


def strip_boilerplate(text: str, *, is_html: bool) -> CleanPage:
    """Return the page's headline and content paragraphs (possibly empty)."""
    if is_html:
        return _strip_html(text)
    return strip_plain_text(text)


# ----------------------------------------------------------------------------------------- HTML

def _strip_html(markup: str) -> CleanPage:
    root = _parse(markup)
    if root is None:
        return CleanPage(title="", paragraphs=())
    canonical = _canonical_url(root)
    base = _canonical_url(root, _BASE)
    head_title = collapse(" ".join(root.xpath("//head/title//text()")))
    etree.strip_elements(root, *_UNREAD_TAGS, with_tail=False)
    prose_map = prose_by_element(root)
    prose = prose_map.get(root, 0)
    page_text = _body(root).text_content()  # read once: the guard and the removal both weigh against it
    shown = visible_chars(page_text)
    dropped = _remove_boilerplate_elements(root, prose_map, page_chars=len(page_text))
    # Readers' comments can outweigh the article: the guard weighs the kept text against the page's own.
    comments = [element for element in dropped if _COMMENT_THREAD.search(_marker(element))]
    prose -= sum(prose_map.get(element, 0) for element in comments)
    shown -= sum(visible_chars(element.text_content()) for element in comments)
    main, titled = _marked_container(root, head_title)
    if titled:
        prose = prose_map.get(main, 0)  # the other articles stacked beside it are not this page's text
    sure = _trim_to_prose(main, guarded=True)
    blocks = list(_blocks(main))
    fallback = False
    kept = sum(len(text) for text, _ in blocks)
    if prose and kept < _KEPT_PROSE_SHARE * prose or kept < _KEPT_TEXT_SHARE * shown:
        # The rules by name left little of the prose, or little of any text (a grid of projects whose
        # every row is classed `ui-widget-content`): choose by where the text is instead.
        reparsed = _parse(markup)
        if reparsed is not None:
            etree.strip_elements(reparsed, *_UNREAD_TAGS, with_tail=False)
            _remove_boilerplate_elements(reparsed, prose_by_element(reparsed), page_chars=len(page_text), by_name=False)
            dense = _body(reparsed)
            _trim_to_prose(dense, guarded=False)
            dense_blocks = list(_blocks(dense))
            if sum(len(text) for text, _ in dense_blocks) > sum(len(text) for text, _ in blocks):
                root, main, blocks, fallback = reparsed, dense, dense_blocks, True
    # Only the content's images: sidebar banners carry some fund's logo whatever the project.
    image_names = tuple(_image_names(main))
    paragraphs = _drop_chrome_runs(dedupe_repeated_run([text for text, _ in blocks]))
    theirs = second_opinion(markup, paragraphs) if fallback or not sure else None
    if theirs:
        # No prose block stood for the page: a second reader tells content from prose-like chrome
        # (and the same line rules as ours take its closing calls and teaser boxes).
        paragraphs = _drop_chrome_runs([line for line in theirs if not is_chrome_line(line)])
    if _words(paragraphs) < _RESCUE_WORDS:
        # Still next to nothing: a list of bare headlines (an archive, a tag page, a list of notices) is the page.
        listed = _blocks(main, bare_headlines=True)
        if sum(len(text) for text, _ in listed) > sum(map(len, paragraphs)):
            blocks, paragraphs = listed, [text for text, _ in listed]
    list_items = frozenset(text for text, is_item in blocks if is_item)
    headline = _headline(main, root, head_title)
    title = headline or _title_from_head(head_title, paragraphs)
    if title and (not paragraphs or norm(paragraphs[0]) != norm(title)):
        paragraphs = [p for p in paragraphs if norm(p) != norm(title)]
        paragraphs.insert(0, title)
    return CleanPage(
        title=title, paragraphs=tuple(paragraphs), image_names=image_names, canonical_url=canonical, base_url=base,
        list_items=list_items, density_fallback=fallback, second_opinion=bool(theirs),
    )


_NESTING_TAGS = r"div|span|font|section|table|tbody|tr|td|ul|ol|li|b|i|center|blockquote"
_DEEP_TAGS = 2000
_DEEP_OPEN = re.compile(rf"(?:<({_NESTING_TAGS})\b[^>]*>\s*){{100,}}", re.I)
_DEEP_CLOSE = re.compile(rf"(?:</({_NESTING_TAGS})>\s*){{100,}}", re.I)


def _drop_chrome_runs(paragraphs: list[str]) -> list[str]:
    """Teaser boxes (a `Related articles` heading and its headlines) and the calls to subscribe or follow that end the text."""
    return drop_closing_calls(drop_teaser_boxes(paragraphs, with_lines=True))


def _words(paragraphs: list[str]) -> int:
    return sum(len(paragraph.split()) for paragraph in paragraphs)


def _body(root: etree._Element) -> etree._Element:
    """The page's `<body>`, or the root of a fragment without one."""
    body = root.find("body")
    return body if body is not None else root


def _parse(markup: str) -> etree._Element | None:
    # libxml2 drops content nested deeper than it allows; hundreds of wrappers carry no meaning.
    # Only a page with that many tags can nest that deep, and the scan costs 1 ms a page.
    if markup.count("<") > _DEEP_TAGS:
        markup = _DEEP_CLOSE.sub(r"</\1>", _DEEP_OPEN.sub(r"<\1>", markup))
    # Our decoded text, re-encoded with the encoding stated: given bytes alone, the parser guesses the
    # encoding itself (as BeautifulSoup over lxml does), and huge_tree lifts libxml2's 10 MB node limit.
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
        if isinstance(value, str) and value.startswith("http"):
            return value.strip()
    return None


def _remove_boilerplate_elements(
    root: etree._Element, prose: dict[etree._Element, int], *, page_chars: int, by_name: bool = True
) -> list[etree._Element]:
    """Drop chrome by tag and, `by_name`, by class/id/role hints; never a block that holds the page
    (`prose`: the prose characters under each element, from `prose_by_element`; `page_chars`: the
    length of the body's text). The elements dropped."""
    doomed = []
    stack = [root]
    page_prose = prose.get(root, 0)
    while stack:  # iterative, and a doomed element's descendants are never looked at
        element = stack.pop()
        if _is_boilerplate_element(element, by_name=by_name) and not _holds_the_page(element, page_chars, prose, page_prose):
            doomed.append(element)
        else:
            stack.extend(element)
    for element in doomed:
        _drop(element)
    return doomed


def _holds_the_page(element: etree._Element, page_chars: int, prose: dict[etree._Element, int], page_prose: int) -> bool:
    """A class-hinted block holding most of the page's text, little of it links, is the content
    itself: trackers mark every block (`_ce_measure_widget` on 24.hu's live-blog entries). A
    `<form>`, `<nav>` or `<header>` holding most of the prose wraps the page (WebForms, or one left unclosed)."""
    if not isinstance(element.tag, str):
        return False
    element_prose = prose.get(element, 0)
    if element.tag == "header" and element_prose >= _HEADER_PROSE and _paragraph_count(element, prose) >= 2:
        return True  # paragraphs of text: a section's own header block (`<header class="description">`), not the site's
    if element.tag in _WRAPPING_TAGS:
        return bool(page_prose) and element_prose >= 0.5 * page_prose
    if element.tag in _DROP_TAGS:
        return False
    chars = len(element.text_content())
    if chars < 0.4 * page_chars or chars < 500:
        return False
    links = sum(len(link.text_content()) for link in element.iter("a"))
    return links < 0.3 * chars


def _paragraph_count(element: etree._Element, prose: dict[etree._Element, int]) -> int:
    return sum(1 for paragraph in element.iter("p") if prose.get(paragraph))


def _is_boilerplate_element(element: etree._Element, *, by_name: bool = True) -> bool:
    tag = element.tag if isinstance(element.tag, str) else ""
    if not tag:
        return True
    if tag in _DROP_TAGS or tag == "header" and not element.xpath(".//h1 | ancestor::article | ancestor::main"):
        return True  # the site's header; an article's own (its title, its lede) stands inside the article
    if tag in {"html", "body", "main", "article"}:
        return False
    style = element.get("style")
    if style and ("display:none" in style.replace(" ", "").lower() or "visibility:hidden" in style.replace(" ", "").lower()):
        return True
    if element.get("hidden") is not None:
        return True
    if not by_name or tag in _HEADING_TAGS:
        return False  # a heading's id is often an anchor for the page's own table of contents (`nav_nur_die_folie`)
    marker = _marker(element)
    if not marker.strip():
        return False
    hidden = ("hid" in marker or "Hid" in marker or "sr-only" in marker) and bool(_HIDDEN_CLASS.search(marker)) \
        and not _SHOWN_AT_BREAKPOINT.search(marker)  # the substring test spares most elements the regex
    return (hidden or bool(_BOILERPLATE_HINT.search(marker))) and not element.xpath(".//h1")


def _marker(element: etree._Element) -> str:
    """What an element's class, id and role say it is."""
    return f"{element.get('class') or ''} {element.get('id') or ''} {element.get('role') or ''}"


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


def _trim_to_prose(container: etree._Element, *, guarded: bool) -> bool:
    """Cut `container` down to its headline and densest prose block (indexer/cleaning/density.py); `guarded`:
    only when that block holds most of its prose, else what is beside it is content too. Whether it cut."""
    run = densest_run(container)
    if not guarded:
        trim_to(container, run)
        return True
    prose = prose_by_element(container)
    # No prose at all (a list of links with times, rows of a table): no block stands for the page.
    if prose.get(container, 0) and sum(prose.get(element, 0) for element in run) >= _DENSE_PROSE_SHARE * prose[container]:
        trim_to(container, run)
        return True
    return False


def _marked_container(root: etree._Element, head_title: str) -> tuple[etree._Element, bool]:
    """The element the page says holds its content, else `<body>`; but the `<article>` whose `<h1>`
    the `<title>` names when the page stacks other articles beside it (and then True)."""
    container = _body(root)
    for xpath in ("//main", "//*[@role='main']", "//article", "//*[@id='content']", "//*[@class='content']"):
        found = [e for e in root.xpath(xpath) if len(collapse(e.text_content())) > 200]
        if found:
            container = max(found, key=lambda e: len(e.text_content()))
            break
    titled = _titled_article(root, container, head_title)
    return (container, False) if titled is None else (titled, True)


def _titled_article(root: etree._Element, container: etree._Element, head_title: str) -> etree._Element | None:
    """An infinite-scroll page stacks the next articles under its own, and a blog may wrap its
    "you may like" posts in one large `<article>`: the innermost `<article>` holding an `<h1>` the
    `<title>` names is the page's, when the container is another or holds other headed articles."""
    if not head_title:
        return None
    titled = [
        article for article in root.iter("article")
        if any(_title_names(head_title, collapse(h1.text_content())) for h1 in article.iter("h1"))
        and len(collapse(article.text_content())) > 200
    ]
    if not titled:
        return None
    own = min(titled, key=lambda article: len(article.text_content()))
    if own is container:
        return None
    rivals = [
        article for article in container.iter("article")
        if article.find(".//h1") is not None and not _nested(article, own)
    ]
    return own if not is_inside(own, container) or rivals else None


def _nested(first: etree._Element, second: etree._Element) -> bool:
    """One holds the other, or they are the same element."""
    return first is second or is_inside(first, second) or is_inside(second, first)


def _headline(main: etree._Element, root: etree._Element, head_title: str) -> str:
    """The first `<h1>`, else `<h2>`, of the content, else of the page; but a heading the `<title>`
    names comes first (an `<h1>` above the content when the content holds only its lede in an `<h2>`).
    Else an element its class, id or `itemprop` names the title (`<span id="ctl00_ContentPlaceHolder1_lblCim"
    class="cim">` of a WebForms page, which has no heading tags)."""
    headings = list(itertools.islice((
        text for scope in (main, root) for tag in _HEADLINE_TAGS for element in scope.iter(tag)
        if 3 <= len(text := collapse(element.text_content())) <= 300
    ), _HEADINGS_WEIGHED))
    if headings:
        named = next((text for text in headings if _title_names(head_title, text)), None) if head_title else None
        return named or headings[0]
    for scope in (main, root):
        for element in scope.iter("span", "div", "p", "td", "strong", "b", "h3", "h4"):
            if _names_a_title(element):
                text = collapse(element.text_content())
                if 3 <= len(text) <= 300:
                    return text
    return ""


_HEADINGS_WEIGHED = 12
_TITLE_WORD_SHARE = 0.6


def _title_names(head_title: str, heading: str) -> bool:
    """Most of the heading's words are in the `<title>` (which may add the site's name, or word it a little otherwise)."""
    words = _LETTER_WORDS.findall(heading.casefold())
    titled = set(_LETTER_WORDS.findall(head_title.casefold()))
    return bool(words) and sum(word in titled for word in words) >= _TITLE_WORD_SHARE * len(words)


_LETTER_WORDS = re.compile(r"\w+")


_CAMEL_WORD = re.compile(r"[A-ZÁÉÍÓÖŐÚÜŰ]?[a-záéíóöőúüű]+|[A-ZÁÉÍÓÖŐÚÜŰ]+(?![a-záéíóöőúüű])|\d+")
_TITLE_WORDS = frozenset({"title", "headline", "cim", "cím", "cime", "címe"})
# A title of something else than the page: the site's name, a box's or a teaser's heading.
_OTHER_TITLE_WORDS = frozenset({
    "site", "logo", "brand", "widget", "block", "box", "menu", "nav", "sidebar", "footer", "modal",
    "card", "teaser", "related", "sub", "subtitle", "section", "module", "list", "item", "portlet",
})


def _names_a_title(element: etree._Element) -> bool:
    if element.get("itemprop") == "headline":
        return True
    marker = f"{element.get('class') or ''} {element.get('id') or ''}"
    words = {word.lower() for word in _CAMEL_WORD.findall(marker)}
    return bool(words & _TITLE_WORDS) and not words & _OTHER_TITLE_WORDS


def _title_from_head(head_title: str, paragraphs: list[str]) -> str:
    """`Site name – Project name – Town`: the first content block the `<title>` holds (the page's
    own heading, whatever separators it has itself), else the longest part between separators."""
    folded = norm(head_title)
    held = [p for p in paragraphs[:40] if 8 <= len(p) <= 300 and norm(p) in folded]
    if held:
        return held[0]  # the heading comes first; the site's name may recur further down as a value
    parts = re.split(r"\s+[|–—-]\s+|\s+::\s+|\s+»\s+", head_title)
    return max(parts, key=len).strip() if parts else ""


def _blocks(container: etree._Element, *, bare_headlines: bool = False) -> list[tuple[str, bool]]:
    """Text blocks in document order, dl/table rows joined as `label value`, each with whether it
    is a list item. A heading-like line straight above a list of links goes with it: it is the
    title of a teaser, menu or link box (`Mehr zum Thema`, `Neueste Artikel`). `bare_headlines`:
    keep a list of linked headlines without teasers that outweighs the rest (`_listed_headlines`),
    and give nothing when there is none."""
    walked: list[tuple[str, bool, bool, bool]] = []  # text, is a list item, is mostly links, is one linked headline
    chrome_after: set[int] = set()  # a chrome line (a caption, a byline) followed the walked line at this index
    for text, link_chars, links, is_item in _walk(container):
        text = BULLET.sub("", collapse(text))
        if not ALNUM.search(text):
            continue
        if is_chrome_line(text):
            chrome_after.add(len(walked) - 1)
            continue
        is_links = _is_link_line(text, link_chars, links)
        headline = is_links and links <= _HEADLINE_LINKS and len(text.split()) >= _HEADLINE_WORDS
        walked.append((text, is_item, is_links, headline))
        if len(walked) >= _MAX_BLOCKS:
            break
    teasers = _teaser_runs(walked)
    listing = sum(len(walked[i + 1][0]) for i in teasers) >= _LISTING_SHARE * sum(
        len(text) for text, _, is_links, _ in walked if not is_links
    )
    listed = _listed_headlines(walked) if bare_headlines else set()
    if bare_headlines and not listed:
        return []
    kept: list[tuple[str, bool]] = []
    heading_at = -1  # index in `kept` of a heading-like line no content has followed yet
    dropped_link = False  # the line before was a link line that went
    for index, (text, is_item, is_links, _) in enumerate(walked):
        if index - 1 in teasers and not listing:
            continue  # a teaser of a box beside the content
        if is_links and not (listing and index in teasers) and index not in listed:
            if heading_at >= 0 and heading_at == len(kept) - 1:
                kept.pop()
            heading_at, dropped_link = -1, True
            continue
        if dropped_link and _BARE_DATE.match(text):
            continue  # the date of a linked item that went (`May 15, 2017` under its headline)
        dropped_link = False
        # A heading-like line that a caption or a byline follows heads something that is there.
        heading_at = len(kept) if _is_heading_like(text) and index not in chrome_after else -1
        kept.append((text, is_item))
    if heading_at >= 1 and heading_at == len(kept) - 1 and not any(char.isdigit() for char in kept[-1][0]):
        # A heading over nothing: its box was dropped whole (the page's own headline stays). A line
        # with a number is a data row (`2019 12 500 000 Ft`), never a box's title.
        kept.pop()
    return kept


_BARE_DATE = re.compile(
    r"^\W*(?:\d{1,4}[./-] ?\d{1,2}[./-] ?\d{1,4}\.?|\d{4}\. ?[^\W\d_]+\.? \d{1,2}\.?"
    r"|[^\W\d_]+\.? \d{1,2}(?:st|nd|rd|th)?,? \d{4}|\d{1,2}\.? [^\W\d_]+\.? \d{4})\W*$"
)


def _listed_headlines(walked: list[tuple[str, bool, bool, bool]]) -> set[int]:
    """Linked headlines without teasers (an archive, a tag page, a list of notices) when they hold
    more text than all the lines that are no links. Menu items are shorter than a headline's four words."""
    listed = {index for index, (text, _, _, headline) in enumerate(walked)
              if headline and len(text.split()) >= _LISTED_HEADLINE_WORDS}
    if len(listed) < _LISTED_HEADLINES:
        return set()
    own = sum(len(text) for text, _, is_links, _ in walked if not is_links)
    return listed if sum(len(walked[index][0]) for index in listed) >= own else set()


def _teaser_runs(walked: list[tuple[str, bool, bool, bool]]) -> set[int]:
    """Indexes of linked headlines each followed by its teaser (a line of prose), in runs of at
    least two: a list of articles (the page itself on a listing page, else a box beside the content)."""
    pairs = [
        index for index in range(len(walked) - 1)
        if walked[index][3] and not walked[index + 1][2] and len(walked[index + 1][0]) >= _TEASER_CHARS
    ]
    runs: list[list[int]] = []
    for index in pairs:
        gap = index - runs[-1][-1] if runs else 0
        if runs and (gap == 2 or gap == 3 and _is_item_line(walked[index - 1][0])):
            runs[-1].append(index)  # the next item: headline, teaser, maybe a date or `more` line
        else:
            runs.append([index])
    return {index for run in runs if len(run) >= 2 for index in run}


def _is_item_line(text: str) -> bool:
    """A date or a `Read more` line between a list's items: short, and no sentence."""
    return len(text) <= _ITEM_LINE_CHARS and not text.rstrip().endswith(SENTENCE_ENDS)


def _is_heading_like(text: str) -> bool:
    """A short line that is no sentence and no `label: value` row: a box's title (`Mehr Themen:`)."""
    return (
        len(text) <= 60 and ":" not in text.rstrip().rstrip(":") and not text.rstrip().endswith(SENTENCE_ENDS)
        and text.count(" ") <= 6
    )


def _walk(element: etree._Element) -> Iterator[tuple[str, int, int, bool]]:
    """Flatten an element into (text, characters inside links, links, is a list item) per block, iteratively.

    Iterative so that 5,000 nested `<div>`s cannot exhaust the stack.
    """
    buffer: list[str] = []
    link_chars = links = 0
    # (node, closing, inside a link; for a closing entry, whether its parent is): all text under an
    # `<a>` is link text, since a linked headline is `<a><h3>…</h3></a>` as often as `<h3><a>…</a></h3>`.
    stack: list[tuple[etree._Element, bool, bool]] = [(element, False, False)]
    while stack:
        node, closing, linked = stack.pop()
        tag = node.tag if isinstance(node.tag, str) else ""
        if closing:
            if tag in _BLOCK_TAGS or tag == "br" or tag in {"dt", "td", "th"}:
                if tag in {"dt", "th", "td"} and buffer and not _ends_with_stop(buffer):
                    buffer.append(label_joint(node, "".join(buffer)))  # label and value share one row
                elif buffer:
                    # A table row with a plain cell is a record (a project's name linked, its amount
                    # beside it), never a list of links however much of it is linked.
                    yield "".join(buffer), 0 if tag == "tr" and _is_record_row(node) else link_chars, links, tag == "li"
                    buffer, link_chars, links = [], 0, 0
            if node.tail and node is not element:
                buffer.append(node.tail)
                if linked:  # the parent's flag: a tail is the parent's text
                    link_chars += len(node.tail.strip())
            continue
        if tag in _BLOCK_TAGS and tag not in {"dd", "td", "th"} and buffer and tag != "dt":
            yield "".join(buffer), link_chars, links, False
            buffer, link_chars, links = [], 0, 0
        if tag == "br" and buffer:
            yield "".join(buffer), link_chars, links, False
            buffer, link_chars, links = [], 0, 0
        own_linked = linked or tag == "a"
        links += own_linked and not linked
        if node.text:
            buffer.append(node.text)
            if own_linked:
                link_chars += len(node.text.strip())
        stack.append((node, True, linked))
        for child in reversed(node):
            stack.append((child, False, own_linked))
    if buffer:
        yield "".join(buffer), link_chars, links, False


def _is_record_row(row: etree._Element) -> bool:
    """Two or more cells with text, one of them holding no link: the row of a data table."""
    cells = [cell for cell in row if cell.tag in ("td", "th") and ALNUM.search(cell.text_content())]
    return len(cells) >= 2 and any(next(cell.iter("a"), None) is None for cell in cells)


def _ends_with_stop(buffer: list[str]) -> bool:
    tail = "".join(buffer[-3:]).rstrip()
    return tail.endswith(SENTENCE_ENDS)


_SHOWN_ADDRESS = re.compile(r"(?:https?://|www\.)[^\s/]+\.[a-z]{2,}", re.I)


def _is_link_line(text: str, link_chars: int, links: int) -> bool:
    """Mostly link text and no sentence with a link in it; several links that are nearly all the line
    are a list of them however long it runs (a tag cloud, a row of categories). A link that shows
    its address (`http://amzn.to/2iJFhRj`, `www.jeongdongtheater.com`) is a source the text cites:
    menus and boxes name their pages instead."""
    if links <= 2 and _SHOWN_ADDRESS.search(text):
        return False
    if links >= 3 and link_chars >= 0.9 * (len(text) - text.count(" ")):  # spaces between the links count for neither
        return True
    return link_chars > 0.5 * len(text) and not _looks_like_sentence(text)


def _looks_like_sentence(text: str) -> bool:
    return len(text) > 80 and text.count(" ") > 10
