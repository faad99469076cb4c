"""271 eligibility, coverage or benefit information (005010X279A1).

BHT and an HL level tree (see :mod:`revcycle.x12.core.levels`)."""

from __future__ import annotations

from dataclasses import dataclass

from revcycle.x12.core.envelope import RawTransaction
from revcycle.x12.core.levels import LevelTransaction, level_transaction_text, parse_level_transaction
from revcycle.x12.core.writer import TransactionText, write_interchanges

GUIDE = "005010X279A1"


@dataclass(frozen=True, slots=True)
class EligibilityResponse271(LevelTransaction):
    """One 271 transaction set (005010X279A1)."""

    implementation_guide: str = GUIDE
    transaction_set: str = "271"


def parse_271(raw: RawTransaction) -> EligibilityResponse271:
    return parse_level_transaction(raw, EligibilityResponse271)


def transaction_271(model: EligibilityResponse271) -> TransactionText:
    return level_transaction_text(model)


def write_271(model: EligibilityResponse271) -> str:
    return write_interchanges([transaction_271(model)])
