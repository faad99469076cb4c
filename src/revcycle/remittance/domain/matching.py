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
