"""Small WARC archives written in the test with warcio, as a crawler (wget, Heritrix) would."""
from __future__ import annotations

import io
import zlib
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

# Hungarian text in windows-1250 with no charset in the page: only the HTTP header tells.
LEGACY_PAGE = """<html><head><title>Kerékpárút épül Őriszentpéteren</title></head><body>
<nav><a href="/">Főoldal</a> <a href="/hirek">Hírek</a> <a href="/kapcsolat">Kapcsolat</a></nav>
<h1>Kerékpárút épül Őriszentpéteren</h1>
<p>Az önkormányzat a TOP-3.1.1-16-VS1-2017-00003 azonosítószámú projekt keretében négy kilométer hosszú kerékpárutat épít a község és a szomszédos települések között.</p>
<p>A beruházás az Európai Regionális Fejlesztési Alap támogatásával, bruttó 287 500 000 forintból valósul meg, a munkák 2019 őszén fejeződnek be.</p>
<footer>Őriszentpéter Község Önkormányzata | 9941 Őriszentpéter, Városszer 106. | Tel.: +36 94 548 030</footer>
</body></html>"""

UTF8_PAGE = """<html><head><meta charset="utf-8"><title>Óvodabővítés Zsámbékon</title></head><body>
<h1>Óvodabővítés Zsámbékon</h1>
<p>Zsámbék Város Önkormányzata két új csoportszobával bővítette a Szent Vendel téri óvodát, a beruházás a Magyar Falu Program támogatásával valósult meg.</p>
<p>Az új szárnyban tornaszoba, fejlesztő szoba és akadálymentes mosdó is helyet kapott, így a település minden jelentkező gyermeket fel tud venni.</p>
</body></html>"""


def write_warc(path: Path, pages: list[tuple[str, str, bytes]], *, request_records: bool = True) -> Path:
    """Write (url, content type, body) response records, each after its request record."""
    with path.open("wb") as output:
        writer = WARCWriter(output, gzip=path.name.endswith(".gz"))
        for url, content_type, body in pages:
            if request_records:
                request = StatusAndHeaders("GET / HTTP/1.1", [("Host", url.split("/")[2])], is_http_request=True)
                writer.write_record(writer.create_warc_record(url, "request", http_headers=request))
            headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(url, "response", payload=io.BytesIO(body), length=len(body), http_headers=headers)
            )
    return path


def sample_pages() -> list[tuple[str, str, bytes]]:
    return [
        ("https://www.oriszentpeter.hu/hirek/kerekparut", "text/html; charset=windows-1250", LEGACY_PAGE.encode("cp1250")),
        ("https://www.oriszentpeter.hu/logo.png", "image/png", b"\x89PNG\r\n\x1a\n" + bytes(64)),
        ("https://www.zsambek.hu/ovoda", "text/html", UTF8_PAGE.encode("utf-8")),
    ]


def truncate_gzip_member(path: Path, *, keep_members: int) -> None:
    """Cut a .warc.gz after `keep_members` gzip members and append garbage: a download that broke."""
    data = path.read_bytes()
    offset = 0
    for _ in range(keep_members):
        offset += _member_length(data[offset:])
    path.write_bytes(data[:offset] + b"\x1f\x8b\x08\x00garbage, not a gzip member")


def _member_length(data: bytes) -> int:
    decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)
    decompressor.decompress(data)
    return len(data) - len(decompressor.unused_data)
