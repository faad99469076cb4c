"""270 eligibility, coverage or benefit inquiry (005010X279A1).

BHT and an HL level tree (see :mod:`revcycle.x12.core.levels`)."""

from __future__ import annotations

from dataclasses import dataclass

from revcycle.x12.core.envelope import RawTransaction
from revcycle.x12.core.levels import LevelTransaction, level_transaction_text, parse_level_transaction
from revcycle.x12.core.writer import TransactionText, write_interchanges

GUIDE = "005010X279A1"


@dataclass(frozen=True, slots=True)
class EligibilityRequest270(LevelTransaction):
    """One 270 transaction set (005010X279A1)."""

    implementation_guide: str = GUIDE
    transaction_set: str = "270"


def parse_270(raw: RawTransaction) -> EligibilityRequest270:
    return parse_level_transaction(raw, EligibilityRequest270)


def transaction_270(model: EligibilityRequest270) -> TransactionText:
    return level_transaction_text(model)


def write_270(model: EligibilityRequest270) -> str:
    return write_interchanges([transaction_270(model)])
