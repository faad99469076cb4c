"""Split an X12 byte stream into segments, reading the delimiters from each ISA.

The ISA is fixed-length: the element separator is the byte after ``ISA``, the repetition separator
is ISA11 (offset 82), the component separator ISA16 (offset 104) and the segment terminator the
byte after it (offset 105). Files are read in chunks, so memory stays bounded for large files; line
breaks (or any whitespace) after terminators are accepted.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from revcycle.x12.core.segment import Delimiters, IsaSegment, Segment
from revcycle.x12.errors import EnvelopeError, NotX12Error, UnsupportedError

ISA_LENGTH = 106
CHUNK_SIZE = 1 << 20
SUPPORTED_VERSIONS = frozenset({"00501"})
# (element number, fixed width) of the ISA fields after the id
ISA_WIDTHS: tuple[int, ...] = (2, 10, 2, 10, 2, 15, 2, 15, 6, 4, 1, 5, 9, 1, 1, 1)
_WHITESPACE = " \t\r\n"

Source = str | bytes | os.PathLike[str] | BinaryIO


def read_delimiters(isa: str, *, line: int = 1, position: int = 1) -> Delimiters:
    """Read and check the delimiters of an ISA segment (the first 106 characters)."""
    if len(isa) < ISA_LENGTH:
        raise EnvelopeError(
            f"the ISA segment is truncated: {len(isa)} characters, an ISA has exactly {ISA_LENGTH}",
            position=position,
            segment_id="ISA",
            line=line,
        )
    element = isa[3]
    repetition, component, terminator = isa[82], isa[104], isa[105]
    if element.isalnum() or terminator.isalnum() or component.isalnum():
        raise EnvelopeError(
            "the ISA delimiters are letters or digits: the ISA is not 106 characters long "
            "or its fields are not padded to their fixed widths",
            position=position,
            segment_id="ISA",
            line=line,
        )
    if len({element, component, terminator}) != 3:
        raise EnvelopeError(
            "the ISA uses the same character for two delimiters",
            position=position,
            segment_id="ISA",
            line=line,
        )
    fields = isa[:105].split(element)
    if len(fields) != 17:
        raise EnvelopeError(
            f"the ISA has {len(fields) - 1} elements, it must have 16 of fixed width",
            position=position,
            segment_id="ISA",
            line=line,
        )
    for number, (value, width) in enumerate(zip(fields[1:], ISA_WIDTHS, strict=True), start=1):
        if len(value) != width:
            raise EnvelopeError(
                f"ISA{number:02d} must be exactly {width} characters, got {len(value)} ({value!r})",
                position=position,
                segment_id="ISA",
                element=f"ISA{number:02d}",
                line=line,
            )
    if fields[12] not in SUPPORTED_VERSIONS:
        raise UnsupportedError(
            f"interchange version {fields[12]!r} is not supported (only 00501, X12 5010)",
            position=position,
            segment_id="ISA",
            element="ISA12",
            line=line,
        )
    if not fields[13].isdigit():
        raise EnvelopeError(
            f"ISA13 control number must be 9 digits, got {fields[13]!r}",
            position=position,
            segment_id="ISA",
            element="ISA13",
            line=line,
        )
    # ISA11 is a repetition separator in 5010; if it equals another delimiter it is unusable
    if repetition in (element, component, terminator) or repetition.isalnum():
        repetition = ""
    return Delimiters(element, repetition, component, terminator)


def _check_start(head: bytes) -> int:
    """Reject inputs that are not X12; return how many leading bytes to skip (BOM, whitespace)."""
    if not head:
        raise NotX12Error("the file is empty: an X12 interchange starts with an ISA segment")
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or (len(head) > 1 and head[1:2] == b"\x00"):
        raise NotX12Error("the file is UTF-16 encoded; X12 must be ASCII (save it as ASCII or UTF-8)")
    skip = 3 if head.startswith(b"\xef\xbb\xbf") else 0
    sample = head[:4096]
    if b"\x00" in sample or sum(1 for b in sample if b < 9 or 13 < b < 28) > len(sample) // 20:
        raise NotX12Error("the file is binary, not X12 text")
    while skip < len(head) and head[skip] in b" \t\r\n":
        skip += 1
    if head[skip : skip + 3] != b"ISA":
        found = head.find(b"ISA", skip)
        if found > 0:
            line = head.count(b"\n", 0, found) + 1
            raise NotX12Error(
                f"text before the ISA: the interchange must start with ISA, found it only at line {line}",
                position=1,
                line=1,
            )
        raise NotX12Error("no ISA segment: this is not an X12 interchange", position=1, line=1)
    return skip


def _chunks(source: Source, chunk_size: int) -> Iterator[bytes]:
    if isinstance(source, bytes):
        yield source
        return
    if isinstance(source, str):
        yield source.encode("latin-1", errors="replace")
        return
    if isinstance(source, os.PathLike):
        with Path(source).open("rb") as handle:
            while chunk := handle.read(chunk_size):
                yield chunk
        return
    while chunk := source.read(chunk_size):
        yield chunk


def iter_segments(source: Source, *, chunk_size: int = CHUNK_SIZE) -> Iterator[Segment]:
    """Yield every segment of every interchange in ``source`` (text, bytes, a path or a binary file).

    Raises :class:`NotX12Error` for inputs that are not X12, and :class:`EnvelopeError` for an ISA
    that cannot be read or a last segment cut off without its terminator.
    """
    chunks = _chunks(source, chunk_size)
    first = next(chunks, b"")
    skip = _check_start(first)
    buffer = first[skip:].decode("latin-1")
    line = 1 + first.count(b"\n", 0, skip)
    position = 0
    delimiters: Delimiters | None = None
    exhausted = False
    while True:
        if delimiters is None:
            stripped = buffer.lstrip(_WHITESPACE)
            line += buffer.count("\n", 0, len(buffer) - len(stripped))
            buffer = stripped
            while len(buffer) < ISA_LENGTH and not exhausted:
                more = next(chunks, None)
                if more is None:
                    exhausted = True
                else:
                    buffer += more.decode("latin-1")
            if not buffer:
                return
            if not buffer.startswith("ISA"):
                raise EnvelopeError(
                    f"expected an ISA after the IEA, found {buffer[:20]!r}", position=position + 1, line=line
                )
            delimiters = read_delimiters(buffer, line=line, position=position + 1)
        terminator = delimiters.segment
        element = delimiters.element
        newline_step = 1 if terminator == "\n" else 0
        pieces = buffer.split(terminator)
        buffer = pieces.pop()
        if not exhausted:
            more = next(chunks, None)
            if more is None:
                exhausted = True
            else:
                # complete segments are handled now; the unfinished tail joins the next chunk
                buffer += more.decode("latin-1")
        restart = False
        for index, piece in enumerate(pieces):
            if piece[:1] in _WHITESPACE:
                stripped = piece.lstrip(_WHITESPACE)
                line += piece.count("\n", 0, len(piece) - len(stripped))
                piece = stripped
            if not piece:
                line += newline_step
                continue
            position += 1
            elements = piece.split(element)
            if elements[0] == "ISA":
                yield IsaSegment(elements, position, line, delimiters)
            else:
                yield Segment(elements, position, line)
            line += newline_step + (piece.count("\n") if "\n" in piece else 0)
            if elements[0] == "IEA":
                rest = pieces[index + 1 :]
                if rest or buffer.strip(_WHITESPACE):
                    buffer = terminator.join([*rest, buffer])
                    delimiters = None
                    restart = True
                break
        if restart:
            continue
        if exhausted and not pieces and not (delimiters and terminator in buffer):
            tail = buffer.strip(_WHITESPACE)
            if tail:
                raise EnvelopeError(
                    f"the file ends in the middle of a segment ({tail[:30]!r}...): "
                    f"no segment terminator {terminator!r} after it",
                    position=position + 1,
                    segment_id=tail.split(element)[0][:3],
                    line=line,
                )
            return
