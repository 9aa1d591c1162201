import html
from pathlib import Path

import pytest

from indexer.decode import decode_page, repair_text
from indexer.errors import DecodeError

PAGES = Path(__file__).parent.parent / "fixtures" / "pages"
HUNGARIAN_PHRASES = ("Kőszeg Város Önkormányzata", "Szűrű utcai óvoda", "fűtéskorszerűsítés", "nyílászárók cseréje")
ENCODED_PAGES = sorted(p.name for p in PAGES.glob("ovoda_*.html"))


@pytest.mark.parametrize("name", ENCODED_PAGES)
@pytest.mark.parametrize("phrase", HUNGARIAN_PHRASES)
def test_every_encoding_decodes_to_correct_hungarian(name: str, phrase: str) -> None:
    text = decode_page((PAGES / name).read_bytes(), path=name)
    assert phrase in text or phrase in _unescape(text)
    assert "\ufffd" not in text


def _unescape(text: str) -> str:
    import html

    return html.unescape(text)


def test_valid_utf8_beats_a_wrong_latin2_declaration() -> None:
    text = decode_page((PAGES / "ovoda_declared_latin2_but_utf8.html").read_bytes(), path="x")
    assert "Kőszeg" in text and "KĹ" not in text


@pytest.mark.parametrize(
    ("name", "reason"), [("empty.html", "empty"), ("binary.html", "binary")]
)
def test_junk_is_refused_with_a_reason(name: str, reason: str) -> None:
    with pytest.raises(DecodeError, match=reason):
        decode_page((PAGES / name).read_bytes(), path=name)


def test_nul_bytes_between_tags_are_dropped() -> None:
    data = "<p>Önkormányzat</p>".encode() + b"\x00\x00" + "<p>Fejlesztés</p>".encode()
    assert decode_page(data, path="x") == "<p>Önkormányzat</p><p>Fejlesztés</p>"


def test_otilde_is_repaired_only_in_hungarian_text() -> None:
    assert repair_text("Kõszeg és az óvoda fûtése") == "Kőszeg és az óvoda fűtése"
    assert repair_text("São Tomé e Príncipe, Camões") == "São Tomé e Príncipe, Camões"


def test_entities_are_decoded_in_plain_text() -> None:
    assert repair_text("K&#337;szeg &aacute;ll", unescape_entities=True) == "Kőszeg áll"


# Sentences in the manner of the windows-1250 forum and ISO-8859-2 news pages of hu-news-warc (whose
# content may not be copied here): the bytes are generated, with the charset only in the HTTP header.
LEGACY_SENTENCES = (
    "Mindentől függetlenül el fog fogyni, sőt jelentkeznék is egyre, ha nem lesz túl drága.",
    "Egyelőre nem lesz szükségállapot, a kormány hétfőn dönt a további szigorításokról.",
    "Győzött az igazság: az első fokú ítéletet a törvényszék is helybenhagyta.",
)


@pytest.mark.parametrize("encoding", ["cp1250", "iso8859_2"])
@pytest.mark.parametrize("sentence", LEGACY_SENTENCES)
def test_legacy_news_pages_decode_by_their_http_charset(encoding: str, sentence: str) -> None:
    markup = f"<html><head><title>Hírek</title></head><body><p>{sentence}</p></body></html>"
    header = "Windows-1250" if encoding == "cp1250" else "iso-8859-2"
    text = decode_page(markup.encode(encoding), path="x", declared_charset=header)
    assert sentence in text


def test_a_latin1_comment_in_a_correct_page_is_repaired_too() -> None:
    # A forum post typed on a Latin-1 keyboard inside a page with real ő/ű: windows-1250 has no
    # õ/û, so they come as entities there; a UTF-8 page has them as letters.
    legacy = "<p>Sőt, a hűtő és az ára is jó.</p><p>Ég&#245; persze, de a keser&ucirc;komló &#245;s &otilde;si fajta.</p>"
    text = html.unescape(decode_page(legacy.encode("cp1250"), path="x", declared_charset="windows-1250"))
    assert "Égő persze, de a keserűkomló ős ősi fajta." in text
    modern = "<p>Sőt, a hűtő és az ára is jó.</p><p>Égõ persze, de a keserûkomló õsi fajta.</p>"
    assert "Égő persze, de a keserűkomló ősi fajta." in decode_page(modern.encode("utf-8"), path="x")
