"""Find a page's main text by where its prose is, not by what its containers are called.

indexer/cleaning/html.py narrows a page's content container to its densest prose block, and falls
back on that block alone when its class/id rules leave a small share of the prose (a builder that
marks every block `widget`). Each paragraph scores its parent and, at half, its grandparent (the
readability recipe: more for commas and length, nothing for link text); the best-scored block with
its prose-bearing siblings, from the headline above it, is the content.
"""
from __future__ import annotations

from lxml import etree

from indexer.cleaning.lines import collapse

_PROSE_TAGS = ("p", "pre", "blockquote", "td", "dd", "div", "li")
_PROSE_PARAGRAPHS = ("p", "pre", "blockquote", "div", "td")
_WHOLE_TEXT_TAGS = frozenset({"p", "pre", "blockquote"})
_INLINE_TAGS = frozenset({"a", "b", "i", "em", "strong", "span", "br", "font", "u", "sup", "sub", "small", "abbr"})
_MIN_PROSE = 25
_SIBLING_SHARE = 0.2


def prose_chars(root: etree._Element) -> int:
    """Characters in the paragraphs under `root` that read as text: ≥ 40 characters, mostly not
    links (`<p>`, or text straight in a `<div>` or `<td>` between `<br>`s)."""
    return sum(_own_prose(element) for element in root.iter(*_PROSE_PARAGRAPHS))


def prose_by_element(root: etree._Element) -> dict[etree._Element, int]:
    """`prose_chars` of every element under `root` that holds prose, in one pass."""
    totals: dict[etree._Element, int] = {}
    for element in root.iter(*_PROSE_PARAGRAPHS):
        chars = _own_prose(element)
        if chars:
            totals[element] = totals.get(element, 0) + chars
            for ancestor in element.iterancestors():
                totals[ancestor] = totals.get(ancestor, 0) + chars
    return totals


def _own_prose(element: etree._Element) -> int:
    text = element.text_content() if element.tag in _WHOLE_TEXT_TAGS else own_text(element)
    chars = visible_chars(text)
    return chars if chars >= 40 and link_chars(element) < 0.3 * chars else 0


def visible_chars(text: str) -> int:
    """Length of `text` with its whitespace runs collapsed to one space (cheaper than collapsing)."""
    words = text.split()
    return sum(map(len, words)) + len(words) - 1 if words else 0


def link_chars(element: etree._Element) -> int:
    return sum(visible_chars(link.text_content()) for link in element.iter("a"))


def own_text(element: etree._Element) -> str:
    """Text directly in the element and between its inline children: a `<div>` used as a paragraph."""
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str) and child.tag in _INLINE_TAGS:
            parts.append(child.text_content() if child.tag != "br" else " ")
        parts.append(child.tail or "")
    return "".join(parts)


def _paragraph_score(element: etree._Element) -> float:
    text = collapse(own_text(element) if element.tag in {"div", "td", "li", "dd"} else element.text_content())
    if len(text) < _MIN_PROSE or link_chars(element) > 0.5 * len(text):
        return 0.0
    return 1.0 + text.count(",") + min(len(text) // 100, 3)


def densest_run(root: etree._Element) -> list[etree._Element]:
    """The block within `root` that holds most prose, with its siblings that carry prose as well, in order."""
    scores: dict[etree._Element, float] = {}
    for element in root.iter(*_PROSE_TAGS):
        score = _paragraph_score(element) if element is not root else 0.0
        parent = element.getparent()
        if not score or parent is None:
            continue
        scores[parent] = scores.get(parent, 0.0) + score
        grandparent = parent.getparent()
        if grandparent is not None and parent is not root:
            scores[grandparent] = scores.get(grandparent, 0.0) + score / 2
    if not scores:
        return [root]
    for element, score in scores.items():
        scores[element] = score * (1 - min(link_chars(element) / max(len(element.text_content()), 1), 1.0))
    best = max(scores, key=lambda element: scores[element])
    parent = best.getparent()
    if parent is None or best is root:
        return [best]
    threshold = max(10.0, scores[best] * _SIBLING_SHARE)
    return [
        sibling for sibling in parent
        if sibling is best or scores.get(sibling, 0.0) >= threshold or _is_prose_paragraph(sibling)
    ]


def trim_to(container: etree._Element, run: list[etree._Element]) -> None:
    """Cut from `container` what comes before the run (or before the headline, when it leads the
    run) and after it: menus, bylines and teasers above, author boxes, related links and comments
    below. What lies between the headline and the prose (a lede, a photo) stays."""
    start, end = run[0], run[-1]
    for tag in ("h1", "h2"):  # the headline nearest above the prose; an h2 where the h1 names the site
        leading = [headline for headline in container.iter(tag) if _precedes(headline, start)]
        if leading:
            start = leading[-1]
            break
    else:
        # No heading tag above it: the `<article>` holding the prose begins with its own header
        # (a headline styled by class, its lede), which is part of it.
        article = next((a for a in start.iterancestors("article") if a is container or is_inside(a, container)), None)
        if article is not None and len(article):
            start = article[0]
    for edge, preceding in ((start, True), (end, False)):
        node = edge
        while node is not container and node.getparent() is not None:
            parent = node.getparent()
            for sibling in list(node.itersiblings(preceding=preceding)):
                parent.remove(sibling)
            node = parent


def is_inside(element: etree._Element, container: etree._Element) -> bool:
    """`element` is a descendant of `container`."""
    return any(ancestor is container for ancestor in element.iterancestors())


def _precedes(first: etree._Element, second: etree._Element) -> bool:
    """`first` opens before `second` and is not inside it."""
    for element in first.getroottree().iter():
        if element is first:
            return True
        if element is second:
            return False
    return False


def _is_prose_paragraph(element: etree._Element) -> bool:
    if element.tag != "p":
        return False
    text = collapse(element.text_content())
    return len(text) > 80 and link_chars(element) < 0.25 * len(text)
