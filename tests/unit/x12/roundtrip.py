"""Compare two X12 texts segment by segment (numbers compare by value: we write 800, not 800.00)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from revcycle.x12.core.tokenizer import iter_segments


def _norm(value: str) -> str:
    if value and (value[0].isdigit() or value[0] in "-.") and "." in value:
        try:
            return format(Decimal(value).normalize(), "f")
        except InvalidOperation:
            return value
    return value


def segments(text: str | bytes) -> list[list[str]]:
    return [[_norm(e) for e in seg.elements] for seg in iter_segments(text)]
