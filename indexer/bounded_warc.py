"""warcio's archive iterator with every read bounded, so a hostile archive costs a bounded time and memory.

warcio reads a record's header lines with an unbounded `readline` (a `.warc.gz` of zeros is one
10 GiB "line"), hands a chunked body's chunk to `read` whole, and decompresses whatever a gzip
member holds. Here, on the archive's own stream:

    header lines       at most MAX_HEADER_BYTES read by `readline` between two `read`s (one
                       record's WARC or HTTP header block, or a chunk-size line)
    one read           at most MAX_READ_BYTES (a page is at most read.MAX_PAGE_BYTES)
    decompression      at most MAX_EXPANSION times the compressed bytes read, past a floor of
                       EXPANSION_FLOOR_BYTES (text gzips 5 to 20 times; a bomb over 1,000)

Past a bound, `ArchiveLimitError` ends the archive: the pages before it are kept. A gzip member
that ends before its end marker, a header block or a record that ends before its blank line or its
Content-Length (a download cut short) set `cut_short`.
"""
from __future__ import annotations

from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import DecompressingBufferedReader
from warcio.limitreader import LimitReader
from warcio.utils import BUFF_SIZE

MAX_HEADER_BYTES = 1024 * 1024
MAX_READ_BYTES = 2 * 50 * 1024 * 1024
MAX_EXPANSION = 100
EXPANSION_FLOOR_BYTES = 256 * 1024 * 1024


class ArchiveLimitError(Exception):
    """The archive asks for more than a bound allows; the message says which bound."""


class _BoundedReader(DecompressingBufferedReader):  # type: ignore[misc]
    """The archive's decompressing reader with the bounds of the module docstring."""

    def __init__(self, stream: BinaryIO, *, block_size: int) -> None:
        super().__init__(stream, block_size=block_size)
        self.compressed = 0
        self.decompressed = 0
        self.header_bytes = 0
        self.in_headers = False  # a header line was read and no blank line since
        self.cut_short = False

    def readline(self, length: int | None = None) -> bytes:
        allowed = MAX_HEADER_BYTES - self.header_bytes + 1
        line: bytes = super().readline(allowed if length is None else min(length, allowed))
        self.header_bytes += len(line)
        if self.header_bytes > MAX_HEADER_BYTES:
            raise ArchiveLimitError(f"a record's header lines run past {MAX_HEADER_BYTES:,} bytes")
        if not line and self.in_headers:
            self.cut_short = True  # the file ended inside a header block, which a blank line ends
        self.in_headers = bool(line.strip())
        return line

    def read(self, length: int | None = None) -> bytes:
        if length is None or length > MAX_READ_BYTES:
            raise ArchiveLimitError(f"a record asks to read more than {MAX_READ_BYTES:,} bytes at once")
        self.header_bytes = 0
        self.in_headers = False
        data: bytes = super().read(length)
        return data

    def _init_decomp(self, decomp_type: str | None) -> None:
        super()._init_decomp(decomp_type)
        self.member_input = 0  # compressed bytes fed to this gzip member's decompressor

    def _process_read(self, data: bytes) -> None:
        if not data and self.decompressor is not None and not self.decompressor.eof and self.member_input:
            self.cut_short = True  # the file ended inside a gzip member
        if self.decompressor is not None:
            self.member_input += len(data)
        super()._process_read(data)
        self.compressed += len(data)
        if self.decompressor is not None:  # None from the first read of a plain .warc on
            self.decompressed += self.buff_size
        if self.decompressed > EXPANSION_FLOOR_BYTES + MAX_EXPANSION * self.compressed:
            raise ArchiveLimitError(
                f"decompresses to over {MAX_EXPANSION} times its size ({self.decompressed:,} bytes from "
                f"{self.compressed:,}): a decompression bomb"
            )


class BoundedArchiveIterator(ArchiveIterator):  # type: ignore[misc]
    """warcio's iterator over a stream, reading through `_BoundedReader`."""

    def __init__(self, stream: BinaryIO) -> None:
        super().__init__(stream)
        self.bounded = self.reader = _BoundedReader(self.fh, block_size=BUFF_SIZE)

    @property
    def cut_short(self) -> bool:
        """Whether the archive ended inside a gzip member (true once the iteration reached that end)."""
        return self.bounded.cut_short

    def read_to_end(self, record: object = None) -> None:
        super().read_to_end(record)
        raw = getattr(self.record, "raw_stream", None)
        if isinstance(raw, LimitReader) and raw.limit > 0:
            self.bounded.cut_short = True  # the file ended before the record's Content-Length

    def _next_record(self, next_line: bytes | None) -> object:
        self.bounded.header_bytes = 0  # each record has its own header block
        try:
            return super()._next_record(next_line)
        except EOFError:
            if next_line or self.bounded.header_bytes:
                self.bounded.cut_short = True  # the file ended inside this record's headers
            raise
