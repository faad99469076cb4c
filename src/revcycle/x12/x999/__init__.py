"""999 implementation acknowledgment (005010X231A1)."""

from revcycle.x12.x999.models import (
    Acknowledgment999,
    ElementNote,
    SegmentNote,
    TransactionSetResponse,
)
from revcycle.x12.x999.parser import parse_999
from revcycle.x12.x999.writer import transaction_999, write_999

__all__ = [
    "Acknowledgment999",
    "ElementNote",
    "SegmentNote",
    "TransactionSetResponse",
    "parse_999",
    "transaction_999",
    "write_999",
]
