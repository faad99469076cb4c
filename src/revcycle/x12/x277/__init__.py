"""277 claim status response (005010X212): BHT and an HL level tree (see :mod:`revcycle.x12.core.levels`)."""

from __future__ import annotations

from dataclasses import dataclass

from revcycle.x12.core.envelope import RawTransaction
from revcycle.x12.core.levels import LevelTransaction, level_transaction_text, parse_level_transaction
from revcycle.x12.core.writer import TransactionText, write_interchanges

GUIDE = "005010X212"


@dataclass(frozen=True, slots=True)
class StatusResponse277(LevelTransaction):
    """One 277 transaction set (005010X212)."""

    implementation_guide: str = GUIDE
    transaction_set: str = "277"


def parse_277(raw: RawTransaction) -> StatusResponse277:
    return parse_level_transaction(raw, StatusResponse277)


def transaction_277(model: StatusResponse277) -> TransactionText:
    return level_transaction_text(model)


def write_277(model: StatusResponse277) -> str:
    return write_interchanges([transaction_277(model)])
