"""trafilatura's second opinion: asked only where no prose block stands for the page, and our data
rows survive its reading."""
from __future__ import annotations

import pytest

from indexer.cleaning import html, second_opinion
from indexer.cleaning.html import strip_boilerplate

_PROSE = "A kivitelező kicseréli a nyílászárókat, hőszigeteli a homlokzatot és a födémet, a nagyterem új fűtést kap."
_THEIRS = [
    "A művelődési ház felújítása tavasszal kezdődik, a munkák várhatóan az év végére fejeződnek be.",
    _PROSE,
]

# One article: its paragraphs sit in one block, which holds the page's prose.
_SURE = f"<html><body><h1>Felújítás</h1><div>{''.join(f'<p>{_PROSE}</p>' for _ in range(4))}</div></body></html>"
# Two blocks of prose side by side, neither holding most of it: content and prose-like chrome mixed.
_UNSURE = (
    "<html><body><h1>Felújítás</h1>"
    f"<div><p>{_PROSE}</p><p>{_PROSE}</p></div>"
    "<div><p>Iratkozzon fel hírlevelünkre, és elsőként értesül a város minden fontos eseményéről, programjáról.</p>"
    "<p>A szerző a városi lap munkatársa, húsz éve ír a település közéletéről, kultúrájáról és sportjáról.</p></div>"
    "</body></html>"
)


def test_a_page_whose_prose_sits_in_one_block_is_not_asked_about(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(markup: str, ours: list[str]) -> list[str]:
        raise AssertionError("asked")

    monkeypatch.setattr(html, "second_opinion", refuse)
    assert _PROSE in strip_boilerplate(_SURE, is_html=True).text


def test_a_page_with_no_dominant_prose_block_takes_its_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(second_opinion, "trafilatura_paragraphs", lambda markup: list(_THEIRS))
    clean = strip_boilerplate(_UNSURE, is_html=True)
    assert "a munkák várhatóan az év végére fejeződnek be" in clean.text
    assert "hírlevelünkre" not in clean.text
    assert clean.title == "Felújítás"


def test_our_data_rows_it_left_out_stay(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(second_opinion, "trafilatura_paragraphs", lambda markup: list(_THEIRS))
    ours = ["Felújítás", _PROSE, "A projekt azonosító száma: TOP-3.1.1-16-KE1-2017-00008", "Iratkozzon fel hírlevelünkre, és elsőként értesül minden eseményről."]
    merged = second_opinion.second_opinion("<html></html>", ours)
    assert merged == [*_THEIRS, "A projekt azonosító száma: TOP-3.1.1-16-KE1-2017-00008"]


def test_too_short_a_reading_keeps_ours(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(second_opinion, "trafilatura_paragraphs", lambda markup: ["Felújítás"])
    assert second_opinion.second_opinion("<html></html>", [_PROSE]) is None


def test_the_real_library_reads_the_unsure_page() -> None:
    pytest.importorskip("trafilatura")
    paragraphs = second_opinion.trafilatura_paragraphs(_UNSURE)
    assert paragraphs is not None and any("hőszigeteli a homlokzatot" in p for p in paragraphs)
