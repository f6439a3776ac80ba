"""The structure of an uploaded file: is it, all the way through, the PDF, JPEG or PNG it
claims to be? The verdict (`shared.domain.attachments.verdict`) judges what is found here.

- PNG: every chunk is walked (length, type, CRC), IHDR first, at least one IDAT, IEND last
  and nothing after it; then Pillow decodes the pixels.
- JPEG: the markers are walked up to the frame header (its size), then Pillow decodes the
  first picture. Data after its end is allowed: phones put a second picture (MPO, Ultra HDR's
  gain map) or a "motion photo" video there.
- PDF: the header, `%%EOF` at the end (nothing but blanks after it), then pypdf in strict mode
  reads the cross-reference table or stream and the trailer, and every object they list
  (an offset that does not land on its object is an error, not something repaired), and
  counts the pages.
- Images: the pixel count is read from the header, before any decoding; an image above
  `MAX_IMAGE_PIXELS` is not decoded at all. A JPEG is decoded at 1/8 scale (Pillow's
  `draft`): every coefficient of every block is still read (truncated or broken data is
  still an error), but the picture kept in memory is 64 times smaller.
- Time: a file crafted to be slow to parse (10 MB of tiny PDF objects or PNG chunks takes
  tens of seconds) is stopped after `INSPECTION_BUDGET` seconds and rejected, so that neither
  the verifier (60 s) nor a reader's request (29 s) runs out of time on it. The budget is a
  SIGALRM timer, so it holds on the main thread only — Lambda's; the local stack's threads
  (`chalice local`, the upload watcher) inspect without it.

Any error of the parsers is a defect. Pillow and pypdf are imported by the first inspection
of their type (pypdf imports Pillow itself): the API's cold start never loads them. Pillow's
own settings (`Image.MAX_IMAGE_PIXELS`, `LOAD_TRUNCATED_IMAGES`) are left as they are: the
same process renders PDFs with reportlab, which uses Pillow too.
"""

from __future__ import annotations

import io
import re
import signal
import struct
import threading
import warnings
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from shared.domain.attachments import ALLOWED_TYPES, MAX_IMAGE_PIXELS, Inspection

_PDF_HEADER = re.compile(rb"%PDF-[12]\.[0-9]")
# What may follow the last %%EOF: end-of-line characters, blanks, NUL padding.
_PDF_TRAILING = b" \t\r\n\f\x00"
# JPEG markers without a length: TEM, RST0-7 (SOI and EOI cannot come before the frame).
_JPEG_STANDALONE = {0x01, *range(0xD0, 0xD8)}
# Start-of-frame markers (SOF0-15 but DHT, JPG and DAC).
_JPEG_FRAMES = set(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}
_DEFECT_LENGTH = 200
# Real files of 10 MB take under a second on a development machine (docs/attachments.md:
# 0.4-0.8 s for a PDF of 1 350 pages), about 3 s on the verifier's 512 MB (a third of a vCPU).
INSPECTION_BUDGET = 10.0


class _Defect(Exception):
    """The structure is wrong; the message says where."""


class _OutOfTime(BaseException):
    """The budget ran out. Not an Exception: the parsers' own `except Exception` (pypdf
    recovers from some errors) must not swallow it."""


def inspect(content_type: str, data: bytes, budget: float = INSPECTION_BUDGET) -> Inspection:
    """Read `data` as a file of `content_type` (one of the accepted types), in at most
    `budget` seconds."""
    kind = ALLOWED_TYPES.get(content_type)
    if kind is None:
        return Inspection(format=None, defect=f"no inspection for {content_type}")
    label = kind.label
    try:
        with _deadline(budget):
            return _inspect_pdf(data) if label == "PDF" else _inspect_image(label, data)
    except _OutOfTime:
        return Inspection(format=label, defect=f"{label}: not read within {budget:g} s")


@contextmanager
def _deadline(seconds: float) -> Iterator[None]:
    """Raise _OutOfTime in the code running after `seconds` (main thread only: elsewhere,
    no limit). The previous SIGALRM handler is put back."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(_signal: int, _frame: FrameType | None) -> None:
        raise _OutOfTime

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# --- images ----------------------------------------------------------------------------------


def _inspect_image(label: str, data: bytes) -> Inspection:
    try:
        width, height = _png_size(data) if label == "PNG" else _jpeg_size(data)
    except _Defect as defect:
        return Inspection(format=None, defect=_text(label, defect))
    pixels = width * height
    if pixels > MAX_IMAGE_PIXELS:
        return Inspection(format=label, pixels=pixels)  # not decoded: the verdict says why
    try:
        _decode(label, data, (width, height))
    except Exception as error:  # any failure of the decoder is a defect
        return Inspection(format=label, pixels=pixels, defect=_text(label, error))
    return Inspection(format=label, pixels=pixels)


def _decode(label: str, data: bytes, size: tuple[int, int]) -> None:
    """Decode the (first) picture with Pillow, restricted to the declared format: every
    pixel of a PNG, every block of a JPEG (at 1/8 scale); raise if anything is missing or
    wrong."""
    from PIL import Image

    with warnings.catch_warnings():
        # Above Pillow's own limit (89 Mpx; ours is lower), a warning: an error here.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        with Image.open(io.BytesIO(data), formats=[label]) as picture:
            # "MPO": a JPEG followed by further pictures (its first one is decoded).
            found = "JPEG" if picture.format == "MPO" else picture.format
            if found != label:
                raise _Defect(f"read as {picture.format}")
            if picture.size != size:
                raise _Defect(f"header says {size}, decoder {picture.size}")
            if label == "JPEG":
                # 1/8 scale: the same entropy-coded data read, 64 times less memory.
                picture.draft(picture.mode, (max(1, size[0] // 8), max(1, size[1] // 8)))
            picture.load()


def _png_size(data: bytes) -> tuple[int, int]:
    """Walk every chunk: each within the file with its CRC right, IHDR first, an IDAT, IEND
    last and nothing after it. The size is IHDR's."""
    signature = ALLOWED_TYPES["image/png"].magic
    if not data.startswith(signature):
        raise _Defect("no signature")
    position, size, pixels_seen = len(signature), None, False
    while True:
        if position + 12 > len(data):
            raise _Defect("truncated: no IEND chunk")
        length, kind = struct.unpack_from(">I4s", data, position)
        end = position + 12 + length
        if length > 0x7FFFFFFF or end > len(data):
            raise _Defect(f"truncated chunk at byte {position}")
        if not kind.isalpha() or not kind.isascii():
            raise _Defect(f"not a chunk at byte {position}")
        (crc,) = struct.unpack_from(">I", data, end - 4)
        if zlib.crc32(data[position + 4 : end - 4]) != crc:
            raise _Defect(f"wrong CRC of {kind.decode()} at byte {position}")
        if size is None:
            if kind != b"IHDR" or length != 13:
                raise _Defect("IHDR is not the first chunk")
            size = struct.unpack_from(">II", data, position + 8)
            if 0 in size:
                raise _Defect("no pixels")
        pixels_seen = pixels_seen or kind == b"IDAT"
        if kind == b"IEND":
            if not pixels_seen:
                raise _Defect("no IDAT chunk")
            if end != len(data):
                raise _Defect(f"{len(data) - end} bytes after IEND")
            return size
        position = end


def _jpeg_size(data: bytes) -> tuple[int, int]:
    """Walk the markers from SOI to the frame header, each segment within the file; the size
    is the frame's."""
    if not data.startswith(b"\xff\xd8"):
        raise _Defect("no SOI")
    position = 2
    while True:
        if position >= len(data) or data[position] != 0xFF:
            raise _Defect(f"no marker at byte {position}")
        while position < len(data) and data[position] == 0xFF:  # fill bytes
            position += 1
        if position >= len(data):
            raise _Defect("truncated before the frame header")
        marker = data[position]
        position += 1
        if marker in _JPEG_STANDALONE:
            continue
        if marker in (0x00, 0xD8, 0xD9, 0xDA):  # stuffing, SOI, EOI, SOS: no frame before
            raise _Defect(f"marker {marker:02X} before the frame header")
        if position + 2 > len(data):
            raise _Defect("truncated before the frame header")
        (length,) = struct.unpack_from(">H", data, position)
        if length < 2 or position + length > len(data):
            raise _Defect(f"segment {marker:02X} at byte {position} runs past the end")
        if marker in _JPEG_FRAMES:
            if length < 8:
                raise _Defect("frame header too short")
            height, width = struct.unpack_from(">HH", data, position + 3)
            if not width or not height:  # height 0: defined later (DNL), which Pillow refuses
                raise _Defect("no size in the frame header")
            return width, height
        position += length


# --- PDF -------------------------------------------------------------------------------------


def _inspect_pdf(data: bytes) -> Inspection:
    if not _PDF_HEADER.match(data):
        return Inspection(format=None, defect="PDF: no %PDF-1.x header")
    if not data.rstrip(_PDF_TRAILING).endswith(b"%%EOF"):
        return Inspection(format="PDF", defect="PDF: data after the last %%EOF, or no %%EOF")
    try:
        pages = _pdf_pages(data)
    except Exception as error:  # any failure of the parser is a defect
        return Inspection(format="PDF", defect=_text("PDF", error))
    return Inspection(format="PDF", pages=pages)


def _pdf_pages(data: bytes) -> int:
    """pypdf, strict: the cross-reference table (or stream) and the trailer must be found
    where `startxref` says, every object they list must be where they say, and the pages
    must be readable (an encrypted file only if it opens without a password)."""
    from pypdf import PdfReader
    from pypdf.generic import IndirectObject

    reader = PdfReader(io.BytesIO(data), strict=True)
    for generation, entries in reader.xref.items():
        for number in list(entries):
            reader.get_object(IndirectObject(number, generation, reader))
    for number in list(reader.xref_objStm):
        reader.get_object(IndirectObject(number, 0, reader))
    for page in reader.pages:
        _ = page.mediabox
    return len(reader.pages)


def _text(label: str, error: Exception) -> str:
    """A defect as the audit trail keeps it: short, printable."""
    said = str(error) if isinstance(error, _Defect) else f"{type(error).__name__}: {error}"
    printable = "".join(c if c.isprintable() else "?" for c in said)
    return f"{label}: {printable}"[:_DEFECT_LENGTH]
