"""Hostile corpus files, made in the test that needs them: decompression bombs, cut archives, links out.

Bombs are written as a stream of one repeated compressed MiB of zeros, so making one costs a few
megabytes of memory and well under a second however much it expands to.
"""
from __future__ import annotations

import struct
import zlib
from collections.abc import Callable
from pathlib import Path

MIB = 1024 * 1024


def _gzip_member(write: Callable[[bytes], object], head: bytes, zeros: int, tail: bytes = b"") -> None:
    """One gzip member of `head`, `zeros` zero bytes (whole MiB) and `tail`, written in a second:
    after a full flush the compressor starts afresh, so one MiB's compressed block is repeated."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    write(b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff")
    write(compressor.compress(head) + compressor.flush(zlib.Z_FULL_FLUSH))
    block = bytes(MIB)
    compressed = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    checksum = zlib.crc32(head)
    for _ in range(zeros // MIB):
        write(compressed)
        checksum = zlib.crc32(block, checksum)
    write(compressor.compress(tail) + compressor.flush())
    checksum = zlib.crc32(tail, checksum)
    write(struct.pack("<II", checksum, (len(head) + zeros // MIB * MIB + len(tail)) % 2**32))


def zeros_gzip(path: Path, *, mib: int) -> Path:
    """A `.warc.gz` that is one gzip member of zeros: warcio reads it as one endless "first line"."""
    with path.open("wb") as output:
        _gzip_member(output.write, b"", mib * MIB)
    return path


def _warc_head(url: str, length: int, http: bytes) -> bytes:
    return (
        b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: " + url.encode() + b"\r\n"
        b"WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-000000000001>\r\n"
        b"WARC-Date: 2024-01-01T00:00:00Z\r\nContent-Type: application/http; msgtype=response\r\n"
        b"Content-Length: " + str(length).encode() + b"\r\n\r\n" + http
    )


def body_bomb(path: Path, *, mib: int, chunked: bool = False) -> Path:
    """A well-formed `.warc.gz` response whose HTML body is `mib` MiB of zeros (chunked: one chunk)."""
    size = mib * MIB
    if chunked:
        http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n" + f"{size:x}\r\n".encode()
        tail = b"\r\n0\r\n\r\n"
    else:
        http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
        tail = b""
    with path.open("wb") as output:
        _gzip_member(output.write, _warc_head("https://bomb.example/", len(http) + size + len(tail), http), size, tail + b"\r\n\r\n")
    return path


def non_http_record(path: Path, url: str) -> Path:
    """A plain `.warc` with one response record for a non-HTTP target (`file:`, `dns:`)."""
    body = b"root:x:0:0:root:/root:/bin/bash\n"
    path.write_bytes(_warc_head(url, len(body), b"").replace(b"application/http; msgtype=response", b"text/plain") + body + b"\r\n\r\n")
    return path
