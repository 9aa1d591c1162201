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
