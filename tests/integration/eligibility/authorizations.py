"""A demo practice's claim with an 80053 and a 36415 line, for the prior-authorization tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from revcycle.charges.demo import load_demo_charges
from revcycle.claims import service as claims
from revcycle.claims.tables import ClaimLineRow
from revcycle.demo.practice import load_demo_practice
from revcycle.kit.db import Database

PANEL, DRAW = "80053", "36415"


@dataclass(frozen=True)
class LabClaim:
    practice_id: int
    claim_id: int
    patient_id: int
    payer_id: int
    coverage_id: int
    service_date: date
    charge_lines: dict[str, int]
    """Code -> charge line id."""
    line_numbers: dict[str, int]
    """Code -> claim line number."""


def lab_claim(database: Database) -> LabClaim:
    """Load the demo practice, build its claims, and pick the one with the panel and the draw."""
    with database.transaction() as uow:
        practice_id = load_demo_practice(uow).practice_id
        load_demo_charges(uow, practice_id=practice_id)
    with database.transaction() as uow:
        for claim in claims.build_open_encounters(uow, practice_id=practice_id, actor="biller"):
            lines = uow.session.scalars(select(ClaimLineRow).where(ClaimLineRow.claim_id == claim.id)).all()
            codes = {line.code: line for line in lines}
            if PANEL in codes and DRAW in codes:
                return LabClaim(
                    practice_id,
                    claim.id,
                    claim.patient_id,
                    claim.payer_id,
                    claim.coverage_id,
                    codes[PANEL].service_date,
                    {c: int(line.charge_line_id or 0) for c, line in codes.items()},
                    {c: line.line_number for c, line in codes.items()},
                )
    raise AssertionError("the demo has no claim with both a metabolic panel and a blood draw")
