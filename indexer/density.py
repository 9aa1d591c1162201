"""Find a page's main text by where its prose is, not by what its containers are called.

Used when the class/id rules of indexer/boilerplate.py leave a small share of the page's prose (a
builder that marks every block `widget`, a layout the rules do not know): each paragraph scores its
parent and, at half, its grandparent (the readability recipe: more for commas and length, nothing
for link text), and the best-scored container with its prose-bearing siblings is the content.
"""
from __future__ import annotations

import copy

from lxml import etree

from indexer.chrome import collapse

_PROSE_TAGS = ("p", "pre", "blockquote", "td", "dd", "div", "li")
_MIN_PROSE = 25
_SIBLING_SHARE = 0.2


def prose_chars(root: etree._Element) -> int:
    """Characters in the page's paragraphs that read as text: ≥ 40 characters, mostly not links
    (`<p>`, or text straight in a `<div>` or `<td>` between `<br>`s)."""
    total = 0
    for element in root.iter("p", "pre", "blockquote", "div", "td"):
        text = collapse(element.text_content()) if element.tag in {"p", "pre", "blockquote"} else own_text(element)
        if len(text) >= 40 and link_chars(element) < 0.3 * len(text):
            total += len(text)
    return total


def link_chars(element: etree._Element) -> int:
    return sum(len(collapse(link.text_content())) for link in element.iter("a"))


def own_text(element: etree._Element) -> str:
    """Text directly in the element and between its inline children: a `<div>` used as a paragraph."""
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str) and child.tag in {"a", "b", "i", "em", "strong", "span", "br", "font", "u", "sup", "sub", "small", "abbr"}:
            parts.append(child.text_content() if child.tag != "br" else " ")
        parts.append(child.tail or "")
    return collapse("".join(parts))


def _paragraph_score(element: etree._Element) -> float:
    text = own_text(element) if element.tag in {"div", "td", "li", "dd"} else collapse(element.text_content())
    if len(text) < _MIN_PROSE or link_chars(element) > 0.5 * len(text):
        return 0.0
    return 1.0 + text.count(",") + min(len(text) // 100, 3)


def densest_container(root: etree._Element) -> etree._Element:
    """The container within `root` holding its prose, with the siblings that carry prose as well, as one element."""
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
        body = root.find("body")
        return body if body is not None else root
    for element, score in scores.items():
        scores[element] = score * (1 - min(link_chars(element) / max(len(element.text_content()), 1), 1.0))
    best = max(scores, key=lambda element: scores[element])
    return _with_siblings(best, scores)


def _with_siblings(best: etree._Element, scores: dict[etree._Element, float]) -> etree._Element:
    parent = best.getparent()
    if parent is None:
        return best
    threshold = max(10.0, scores[best] * _SIBLING_SHARE)
    kept = [
        sibling for sibling in parent
        if sibling is best or scores.get(sibling, 0.0) >= threshold or _is_prose_paragraph(sibling)
    ]
    if len(kept) == 1:
        return best
    container = parent.makeelement("div", {})  # an element of the page's own (HTML) kind
    for sibling in kept:
        copied = copy.deepcopy(sibling)  # a copy: the page's tree stays whole if the caller prefers it
        copied.tail = None
        container.append(copied)
    return container


def _is_prose_paragraph(element: etree._Element) -> bool:
    if element.tag != "p":
        return False
    text = collapse(element.text_content())
    return len(text) > 80 and link_chars(element) < 0.25 * len(text)
