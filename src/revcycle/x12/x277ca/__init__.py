"""277CA claim acknowledgment (005010X214): BHT and an HL level tree (see :mod:`revcycle.x12.core.levels`)."""

from __future__ import annotations

from dataclasses import dataclass

from revcycle.x12.core.envelope import RawTransaction
from revcycle.x12.core.levels import LevelTransaction, level_transaction_text, parse_level_transaction
from revcycle.x12.core.writer import TransactionText, write_interchanges

GUIDE = "005010X214"


@dataclass(frozen=True, slots=True)
class ClaimAcknowledgment277CA(LevelTransaction):
    """One 277 transaction set (005010X214)."""

    implementation_guide: str = GUIDE
    transaction_set: str = "277"


def parse_277ca(raw: RawTransaction) -> ClaimAcknowledgment277CA:
    return parse_level_transaction(raw, ClaimAcknowledgment277CA)


def transaction_277ca(model: ClaimAcknowledgment277CA) -> TransactionText:
    return level_transaction_text(model)


def write_277ca(model: ClaimAcknowledgment277CA) -> str:
    return write_interchanges([transaction_277ca(model)])
