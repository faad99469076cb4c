"""Coding audit sampling: other contexts register coded work; a supervisor samples and reviews it."""

from __future__ import annotations

import secrets
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from revcycle.kit.clock import clock
from revcycle.kit.db import UnitOfWork
from revcycle.kit.errors import Conflict, FieldErrors
from revcycle.security import repository
from revcycle.security.domain import CoderAccuracy, Principal, draw_sample
from revcycle.security.tables import CodedItemRow, CodingFindingRow, CodingSampleRow


@dataclass(frozen=True)
class SampleProgress:
    sample: CodingSampleRow
    items: int
    reviewed: int


def register_coded_work(
    uow: UnitOfWork,
    *,
    practice_id: int,
    entity_type: str,
    entity_id: object,
    coder_user_id: int,
    coded_at: datetime | None = None,
) -> CodedItemRow:
    """Call this when a coder finishes an item (an encounter, a claim...) so audits can sample it."""
    row = CodedItemRow(
        practice_id=practice_id,
        entity_type=entity_type,
        entity_id=str(entity_id),
        coder_user_id=coder_user_id,
        coded_at=coded_at or clock.now(),
    )
    uow.session.add(row)
    uow.flush()
    return row


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    if end < start:
        raise FieldErrors.single("period_end", "the period ends before it starts")
    return datetime.combine(start, time(), UTC), datetime.combine(end + timedelta(days=1), time(), UTC)


def draw_coding_sample(
    uow: UnitOfWork,
    scope: Principal,
    *,
    coder_user_id: int,
    period_start: date,
    period_end: date,
    size: int,
    seed: int | None = None,
) -> tuple[CodingSampleRow, Sequence[CodingFindingRow]]:
    """A random sample of one coder's items coded in the period (inclusive dates)."""
    assert scope.user_id is not None
    repository.scoped_user(uow, scope.practice_id, coder_user_id)
    start, end = _bounds(period_start, period_end)
    items = repository.coded_items(uow, scope.practice_id, coder_user_id, start, end)
    if not items:
        raise Conflict("this coder has no coded items in the period")
    seed = seed if seed is not None else secrets.randbelow(2**31)
    chosen = draw_sample([i.id for i in items], size, seed)
    sample = CodingSampleRow(
        practice_id=scope.practice_id,
        coder_user_id=coder_user_id,
        period_start=period_start,
        period_end=period_end,
        requested_size=size,
        seed=seed,
        drawn_by=scope.user_id,
    )
    uow.session.add(sample)
    uow.flush()
    findings = [
        CodingFindingRow(practice_id=scope.practice_id, sample_id=sample.id, coded_item_id=item_id)
        for item_id in chosen
    ]
    uow.session.add_all(findings)
    uow.flush()
    return sample, findings


def get_sample(
    uow: UnitOfWork, scope: Principal, sample_id: int
) -> tuple[CodingSampleRow, Sequence[CodingFindingRow]]:
    sample = repository.scoped_sample(uow, scope.practice_id, sample_id)
    return sample, repository.findings_of(uow, sample.id)


def list_samples(uow: UnitOfWork, scope: Principal) -> list[SampleProgress]:
    """The practice's samples, newest first, with how many of their items were reviewed."""
    return [SampleProgress(s, n, r) for s, n, r in repository.samples_with_progress(uow, scope.practice_id)]


def sampled_items(
    uow: UnitOfWork, scope: Principal, findings: Sequence[CodingFindingRow]
) -> dict[int, CodedItemRow]:
    """The coded items behind a sample's findings, by id (what was coded, by whom, when)."""
    return repository.coded_items_by_id(uow, scope.practice_id, [f.coded_item_id for f in findings])


def record_finding(
    uow: UnitOfWork,
    scope: Principal,
    finding_id: int,
    *,
    correct: bool,
    category: str | None = None,
    note: str | None = None,
) -> CodingFindingRow:
    """The reviewer's verdict on one sampled item; an error names its category (e.g. ``dx_specificity``)."""
    row = repository.scoped_finding(uow, scope.practice_id, finding_id)
    if not correct and not category:
        raise FieldErrors.single("category", "say what kind of error it was")
    row.correct = correct
    row.category = None if correct else category
    row.note = note
    row.reviewed_by = scope.user_id
    row.reviewed_at = clock.now()
    return row


def accuracy_by_coder(
    uow: UnitOfWork, scope: Principal, *, period_start: date | None = None, period_end: date | None = None
) -> list[CoderAccuracy]:
    start = end = None
    if period_start and period_end:
        start, end = _bounds(period_start, period_end)
    tallies: dict[int, dict[str, int]] = defaultdict(lambda: {"reviewed": 0, "correct": 0, "pending": 0})
    errors: dict[int, Counter[str]] = defaultdict(Counter)
    for finding, coder in repository.findings_with_coder(uow, scope.practice_id, start, end):
        if finding.correct is None:
            tallies[coder]["pending"] += 1
            continue
        tallies[coder]["reviewed"] += 1
        if finding.correct:
            tallies[coder]["correct"] += 1
        else:
            errors[coder][finding.category or "other"] += 1
    return [
        CoderAccuracy(coder, t["reviewed"], t["correct"], t["pending"], dict(errors[coder]))
        for coder, t in sorted(tallies.items())
    ]
