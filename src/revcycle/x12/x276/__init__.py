"""276 claim status request (005010X212): BHT and an HL level tree (see :mod:`revcycle.x12.core.levels`)."""

from __future__ import annotations

from dataclasses import dataclass

from revcycle.x12.core.envelope import RawTransaction
from revcycle.x12.core.levels import LevelTransaction, level_transaction_text, parse_level_transaction
from revcycle.x12.core.writer import TransactionText, write_interchanges

GUIDE = "005010X212"


@dataclass(frozen=True, slots=True)
class StatusRequest276(LevelTransaction):
    """One 276 transaction set (005010X212)."""

    implementation_guide: str = GUIDE
    transaction_set: str = "276"


def parse_276(raw: RawTransaction) -> StatusRequest276:
    return parse_level_transaction(raw, StatusRequest276)


def transaction_276(model: StatusRequest276) -> TransactionText:
    return level_transaction_text(model)


def write_276(model: StatusRequest276) -> str:
    return write_interchanges([transaction_276(model)])
