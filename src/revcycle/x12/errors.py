"""Errors of the X12 engine, a branch of :class:`revcycle.kit.errors.FormatError`::

FormatError
└── X12Error                 anything wrong with an X12 file; names position, segment, element, line
    ├── NotX12Error          the input is not X12 at all (empty, binary, UTF-16, no ISA)
    ├── EnvelopeError        ISA/IEA, GS/GE, ST/SE structure or control numbers/counts are wrong
    ├── UnsupportedError     a version or implementation guide this engine does not read
    ├── SegmentError         a segment or element the typed parser needs is missing or malformed
    └── X12WriteError        a model cannot be written (e.g. data contains a delimiter)
"""

from __future__ import annotations

from revcycle.kit.errors import FormatError


class X12Error(FormatError):
    """A problem in an X12 file, located by segment position, segment id, element and line."""

    def __init__(
        self,
        message: str,
        *,
        position: int | None = None,
        segment_id: str | None = None,
        element: str | None = None,
        line: int | None = None,
    ) -> None:
        self.position = position
        self.segment_id = segment_id
        self.element = element
        self.line = line
        self.detail = message
        parts: list[str] = []
        if line is not None:
            parts.append(f"line {line}")
        if position is not None:
            parts.append(f"segment {position}")
        if segment_id:
            parts.append(segment_id)
        if element:
            parts.append(f"element {element}")
        super().__init__(message, location=", ".join(parts) or None)


class NotX12Error(X12Error):
    """The input is not an X12 interchange at all."""


class EnvelopeError(X12Error):
    """The interchange, group or transaction set envelope is broken."""


class UnsupportedError(X12Error):
    """A version or implementation guide that this engine does not read."""


class SegmentError(X12Error):
    """A segment or element needed by the typed parser is missing or malformed."""


class X12WriteError(X12Error):
    """A model cannot be written as X12 (the message names the field)."""
