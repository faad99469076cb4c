"""Matching an 835 service line (SVC) to the claim line it pays. Pure.

First by ``REF*6R`` (line item control number: our claim line id, or ``<PCN>-<line number>``),
then by procedure code and date of service (modifiers break ties), each claim line used once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from revcycle.x12.x835.models import ServicePayment


@dataclass(frozen=True)
class BilledLine:
    """A claim line as we billed it."""

    id: int
    line_number: int
    code: str
    modifiers: tuple[str, ...]
    service_date: dt.date


def control_number(patient_control_number: str, line_number: int) -> str:
    """The line item control number (REF*6R) we recognise for a claim line."""
    return f"{patient_control_number}-{line_number}"


def _service_date(s: ServicePayment, claim_date: dt.date | None) -> dt.date | None:
    return s.service_date or s.service_period_start or claim_date


def match_lines(
    patient_control_number: str,
    services: Sequence[ServicePayment],
    billed: Sequence[BilledLine],
    *,
    claim_date: dt.date | None = None,
) -> list[int | None]:
    """The claim line id each service pays (None when nothing fits)."""
    free = {b.id: b for b in billed}
    by_ref = {str(b.id): b for b in billed} | {
        control_number(patient_control_number, b.line_number): b for b in billed
    }
    out: list[int | None] = [None] * len(services)
    for i, s in enumerate(services):
        hit = by_ref.get(s.line_item_control_number) if s.line_item_control_number else None
        if hit is not None and hit.id in free:
            out[i] = hit.id
            del free[hit.id]
    for i, s in enumerate(services):
        if out[i] is not None:
            continue
        when = _service_date(s, claim_date)
        candidates = [
            b
            for b in free.values()
            if b.code == s.procedure_code and (when is None or b.service_date == when)
        ]
        exact = [b for b in candidates if b.modifiers == tuple(s.modifiers)]
        pool = exact or candidates
        if pool:
            chosen = pool[0]
            out[i] = chosen.id
            del free[chosen.id]
    return out


def map_to_original(lines: Sequence[BilledLine], original: Sequence[BilledLine]) -> dict[int, int]:
    """Each line of a secondary (or tertiary) claim -> the line of the original claim it bills again.

    Both claims are built from the same encounter, so a line matches the original line with the
    same procedure, modifiers and date of service, in line order (the same line number first);
    then, for a line whose modifiers changed, the same procedure and date. Each original line is
    used once; a line with no counterpart is left out (its postings go to the original claim as a
    whole)."""
    free = sorted(original, key=lambda b: b.line_number)
    out: dict[int, int] = {}
    ordered = sorted(lines, key=lambda b: b.line_number)

    def take(line: BilledLine, same_modifiers: bool) -> None:
        fits = [
            o
            for o in free
            if o.code == line.code
            and o.service_date == line.service_date
            and (not same_modifiers or o.modifiers == line.modifiers)
        ]
        if fits:
            chosen = next((o for o in fits if o.line_number == line.line_number), fits[0])
            out[line.id] = chosen.id
            free.remove(chosen)

    for line in ordered:
        take(line, same_modifiers=True)
    for line in ordered:
        if line.id not in out:
            take(line, same_modifiers=False)
    return out
