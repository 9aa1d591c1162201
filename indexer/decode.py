"""Bytes → text: cheapest evidence first, then repair what the publisher broke.

Order: byte-order mark, the container's declared charset, `<meta charset>`, strict UTF-8, then
charset-normalizer over a sample. A declaration only wins when the bytes decode under it and are
not, in fact, valid UTF-8 with non-ASCII content (sites often declare UTF-8 over windows-1250 and
the other way round). After decoding, mojibake is repaired with ftfy, and the Hungarian classic of
õ/û (Latin-1 has no ő/ű) is mapped back.
"""
from __future__ import annotations

import codecs
import html
import itertools
import re

import ftfy
from charset_normalizer import from_bytes

from indexer.errors import DecodeError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)""", re.I)
_BINARY_SIGNATURES = (b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"%PDF", b"PK\x03\x04")
_MOJIBAKE_HINT = re.compile("[ÃÅÂ][\u0080-\u00bf]|â€|Å\u2018|Å±")
_ENTITY = re.compile(r"&(#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);")
# Latin-1 has no ő/ű; legacy tools wrote the nearest letters instead.
_OTILDE = str.maketrans({"õ": "ő", "û": "ű", "Õ": "Ő", "Û": "Ű"})
# The same letters as entities (`&otilde;`, `&#245;`), which the HTML parser would turn into õ/û.
_OTILDE_ENTITY = re.compile(r"&(otilde|Otilde|ucirc|Ucirc|#0*245|#0*213|#0*251|#0*219|#[xX]0*(?:[fF]5|[dD]5|[fF][bB]|[dD][bB]));")
_OTILDE_ENTITIES = {"otilde": "ő", "Otilde": "Ő", "ucirc": "ű", "Ucirc": "Ű", 245: "ő", 213: "Ő", 251: "ű", 219: "Ű"}
_HUNGARIAN_WORDS = re.compile(r"\b(?:és|hogy|az|egy|projekt|valamint|keretében|között)\b", re.I)
_SAMPLE = 64 * 1024
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")  # control characters but the whitespace ones (\t \n \v \f \r)


def decode_page(data: bytes, *, path: str, declared_charset: str | None = None, is_html: bool = True) -> str:
    """Return the page as correct Unicode text, or raise DecodeError for binary junk."""
    if not data.strip():
        raise DecodeError(path, "empty file")
    if data.startswith(_BINARY_SIGNATURES):
        raise DecodeError(path, "binary file (image or archive signature)")
    text = _decode_bytes(data, path=path, declared_charset=declared_charset, is_html=is_html)
    text = text.replace("\x00", "")
    if _looks_binary(text):
        raise DecodeError(path, "binary content: too many control characters")
    return repair_text(text, unescape_entities=not is_html)


def repair_text(text: str, *, unescape_entities: bool = False) -> str:
    """Undo mojibake and õ/û substitutions; decode entities in plain text."""
    if _MOJIBAKE_HINT.search(text):
        text = ftfy.fix_encoding(text)
    if _has_otilde_substitution(text):
        text = _OTILDE_ENTITY.sub(_hungarian_entity, text.translate(_OTILDE))
    if unescape_entities and _ENTITY.search(text):
        text = html.unescape(text)
    return text


def _hungarian_entity(match: re.Match[str]) -> str:
    name = match.group(1)
    if name.startswith("#"):
        return _OTILDE_ENTITIES[int(name[2:], 16) if name[1] in "xX" else int(name[1:])]
    return _OTILDE_ENTITIES[name]


def _has_otilde_substitution(text: str) -> bool:
    """õ/û in Hungarian text: written with Latin-1's letters, where Hungarian has none.

    Real ő/ű beside them do not mean the õ/û are meant: comments and quoted passages typed on
    Latin-1 keyboards sit in otherwise correct pages (forum.index.hu, 888.hu). The cost is a
    foreign name such as `Camões` in a Hungarian page, which comes out as `Camőes`.
    """
    if not any(letter in text for letter in "õûÕÛ") and not _OTILDE_ENTITY.search(text):
        return False
    return len(list(itertools.islice(_HUNGARIAN_WORDS.finditer(text), 2))) >= 2  # anywhere: a head of scripts has none


def _decode_bytes(data: bytes, *, path: str, declared_charset: str | None, is_html: bool) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace").lstrip("\ufeff")
    if _looks_utf16(data):
        return data.decode("utf-16-le" if data[1:2] == b"\x00" else "utf-16-be", errors="replace")
    stripped = data.replace(b"\x00", b"")
    utf8 = _try_decode(stripped, "utf-8")
    if utf8 is not None:
        return utf8  # valid UTF-8 beats any declaration: legacy bytes almost never validate
    for candidate in (declared_charset, _meta_charset(stripped) if is_html else None):
        charset = _normalise_encoding(candidate)
        if charset and charset != "utf-8":
            decoded = _try_decode(stripped, charset)
            if decoded is not None:
                return decoded
    return _detect(stripped, path=path)


def _detect(data: bytes, *, path: str) -> str:
    """Guess a legacy encoding; for Hungarian text windows-1250 and latin-2 agree on letters."""
    best = from_bytes(data[:_SAMPLE], cp_isolation=["cp1250", "iso8859_2", "cp1252", "utf_8"]).best()
    encoding = best.encoding if best is not None else "cp1250"
    if encoding in {"cp1252", "latin_1", "iso8859_1"} and re.search(rb"[\xf5\xfb\xd5\xdb]", data):
        encoding = "cp1250"  # õ/û bytes are ő/ű in Central European code pages
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        try:
            return data.decode("cp1250")
        except UnicodeDecodeError as exc:
            # cp1250 leaves five bytes undefined; latin-2 maps every byte.
            if b"\x81" in data or b"\x83" in data or b"\x88" in data or b"\x90" in data or b"\x98" in data:
                return data.decode("iso8859_2")
            raise DecodeError(path, f"undecodable bytes: {exc.reason}") from exc


def _try_decode(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _meta_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii", errors="ignore") if match else None


def _normalise_encoding(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().lower()).name
    except LookupError:
        return None


def _looks_utf16(data: bytes) -> bool:
    """UTF-16 without a BOM: every other byte NUL in the first few hundred bytes."""
    head = data[:400]
    if len(head) < 40:
        return False
    even, odd = head[0::2].count(0), head[1::2].count(0)
    return max(even, odd) > 0.4 * len(head) / 2 and min(even, odd) < 0.05 * len(head) / 2


def _looks_binary(text: str) -> bool:
    sample = text[:_SAMPLE]
    if not sample:
        return True
    controls = len(_CONTROL.findall(sample))
    return controls > 0.05 * len(sample) or sample.count("\ufffd") > 0.05 * len(sample)
