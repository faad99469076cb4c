"""Where a secondary or tertiary claim's receivable lives: on the lines of the original claim.

Charges are posted on the primary claim's lines when it is first sent, and the primary's 835
transfers what is left to the next payer on those same lines (insurance AR primary -> secondary).
A secondary (or tertiary) claim posts no charge: it bills the same lines again. So the 835 of the
secondary payer pays, adjusts and transfers the ORIGINAL claim's lines: each line of the
secondary claim is mapped to the original line it bills (``domain.matching.map_to_original``), and
the entries name the original claim and line with the secondary payer. The secondary claim itself
never carries a balance.

The original claim of an encounter is its primary claim that was adjudicated (a claim payment not
reversed), the newest such one (a replacement after its original); else the newest primary claim
not voided. Claims are read in bulk, one query per chunk.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from revcycle.claims.tables import ClaimLineRow, ClaimRow
from revcycle.intake.tables import CoverageRow
from revcycle.kit.db import UnitOfWork
from revcycle.remittance import repository as repo
from revcycle.remittance.domain.matching import BilledLine, map_to_original

PRIMARY = "primary"
VOID_FREQUENCY = "8"
NOT_ORIGINAL_STATES = frozenset({"voided", "replaced"})


@dataclass(frozen=True)
class Original:
    """The claim whose lines carry the receivable of a secondary/tertiary claim."""

    claim_id: int
    line_of: dict[int, int]
    """Secondary claim line id -> original claim line id."""


def billed(lines: Sequence[ClaimLineRow]) -> list[BilledLine]:
    return [
        BilledLine(
            ln.id, ln.line_number, ln.code, tuple(m for m in ln.modifiers.split(",") if m), ln.service_date
        )
        for ln in lines
    ]


def _is_primary(claim: ClaimRow, coverages: Mapping[int, CoverageRow]) -> bool:
    coverage = coverages.get(claim.coverage_id)
    return coverage is None or coverage.order == PRIMARY


def originals(
    uow: UnitOfWork,
    practice_id: int,
    claims: Sequence[ClaimRow],
    coverages: Sequence[CoverageRow],
    lines: Mapping[int, Sequence[ClaimLineRow]],
) -> dict[int, Original]:
    """For each claim billed to a secondary or tertiary payer: its original claim and line map.

    ``lines`` holds the lines of ``claims`` (by claim id). A claim whose encounter has no primary
    claim is left out (it posts on its own lines, as before)."""
    by_id = {c.id: c for c in coverages}
    later = [c for c in claims if not _is_primary(c, by_id)]
    if not later:
        return {}
    candidates: dict[int, list[ClaimRow]] = {}
    for row in repo.claims_of_encounters(uow, practice_id, [c.encounter_id for c in later]):
        if (
            _is_primary(row, by_id)
            and row.frequency_code != VOID_FREQUENCY
            and row.state not in NOT_ORIGINAL_STATES
        ):
            candidates.setdefault(row.encounter_id, []).append(row)
    adjudicated = repo.adjudicated_claim_ids(uow, [r.id for rows in candidates.values() for r in rows])
    chosen: dict[int, ClaimRow] = {}
    for encounter_id, rows in candidates.items():
        paid = [r for r in rows if r.id in adjudicated]
        chosen[encounter_id] = (paid or rows)[-1]
    original_lines = repo.lines_by_claim(uow, [c.id for c in chosen.values()])
    out: dict[int, Original] = {}
    for claim in later:
        original = chosen.get(claim.encounter_id)
        if original is None:
            continue
        mine, theirs = billed(lines.get(claim.id, [])), billed(original_lines.get(original.id, []))
        out[claim.id] = Original(original.id, map_to_original(mine, theirs))
    return out


def original_of(uow: UnitOfWork, practice_id: int, claim: ClaimRow) -> Original | None:
    """:func:`originals` for one claim."""
    coverages = repo.coverages_of_patient(uow, practice_id, claim.patient_id)
    lines = repo.lines_by_claim(uow, [claim.id])
    return originals(uow, practice_id, [claim], coverages, lines).get(claim.id)
