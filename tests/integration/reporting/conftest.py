"""A hand-computed practice for the reports: four claims of one payer and one patient, their
history (with times) and their ledger postings. Expected figures are worked out in the tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from revcycle.claims import repository as claims_repo
from revcycle.claims.tables import ClaimEventRow, ClaimRow
from revcycle.kit.db import Database, UnitOfWork
from revcycle.kit.money import Money
from revcycle.ledger import domain as ledger
from revcycle.ledger import service as ledger_service
from revcycle.remittance.tables import WorkItemRow
from revcycle.reporting import service as reporting
from tests.integration.remittance.conftest import World, make_claim, make_world

AS_OF = dt.date(2026, 6, 30)
JUNE = (dt.date(2026, 6, 1), AS_OF)


def at(day: str, hour: int = 12) -> dt.datetime:
    return dt.datetime.fromisoformat(day).replace(hour=hour, tzinfo=dt.UTC)


@dataclass(frozen=True)
class Books:
    world: World
    claims: dict[str, int]


def _history(uow: UnitOfWork, claim_id: int, steps: list[tuple[str, str, str]]) -> None:
    state = "draft"
    for day, event, actor in steps:
        to = {
            "scrub_passed": "ready",
            "scrub_failed": "draft",
            "edit": "draft",
            "submit": "submitted",
            "ack_accepted": "acknowledged",
            "payer_accepted": "accepted",
            "payer_rejected": "rejected",
            "correct": "draft",
            "paid": "paid",
            "partially_paid": "partially_paid",
            "denied": "denied",
            "close": "closed",
        }[event]
        uow.session.add(
            ClaimEventRow(
                claim_id=claim_id, at=at(day), actor=actor, event=event, from_state=state, to_state=to
            )
        )
        if event == "submit":  # as claims.submission does when it sends the claim
            claim = uow.session.get(ClaimRow, claim_id)
            assert claim is not None
            claim.first_submitted_at = min(claim.first_submitted_at or at(day), at(day))
        state = to


def _post(uow: UnitOfWork, pid: int, key: str, day: str, build: object, **kwargs: object) -> None:
    meta = ledger.EntryMeta(pid, dt.date.fromisoformat(day), f"test:{key}", key)
    ledger_service.post(uow, build(meta, **kwargs))  # type: ignore[operator]


def make_books(database: Database) -> Books:
    world = make_world(database)
    specs = {  # name: (code, charge, date of service)
        "A": ("99213", "200.00", "2026-06-20"),
        "B": ("99203", "150.00", "2026-03-15"),
        "C": ("99212", "100.00", "2026-02-01"),
        "D": ("99214", "300.00", "2026-05-01"),
    }
    built = {name: make_claim(world, ((code, charge),)) for name, (code, charge, _) in specs.items()}
    pid, payer, sys = world.practice_id, world.primary_payer_id, "system"
    insurance = ledger.Responsibility.insurance(payer)
    with database.transaction() as uow:
        for name, (_code, charge, dos) in specs.items():
            claim = claims_repo.claims(uow, pid).get(built[name].id)
            claim.date_of_service = dt.date.fromisoformat(dos)
            claim.submitted_at = at(dos)
            ref = ledger.ChargeRef(world.patient_id, claim.id, built[name].line_ids[0])
            _post(
                uow,
                pid,
                f"{name}:charge",
                dos,
                ledger.charge,
                ref=ref,
                owed_by=insurance,
                amount=Money(charge),
            )
        refs = {n: ledger.ChargeRef(world.patient_id, b.id, b.line_ids[0]) for n, b in built.items()}
        _history(
            uow,
            built["A"].id,
            [
                ("2026-06-21", "scrub_passed", sys),
                ("2026-06-21", "submit", sys),
                ("2026-06-22", "ack_accepted", sys),
                ("2026-06-23", "payer_accepted", sys),
            ],
        )
        _history(
            uow,
            built["B"].id,
            [
                ("2026-03-16", "scrub_failed", sys),
                ("2026-03-16", "edit", "user 7"),
                ("2026-03-17", "scrub_passed", sys),
                ("2026-06-05", "submit", sys),
                ("2026-06-25", "denied", "remittance"),
                ("2026-06-26", "close", "user 7"),
            ],
        )
        _history(
            uow,
            built["C"].id,
            [
                ("2026-02-02", "scrub_passed", sys),
                ("2026-02-02", "submit", sys),
                ("2026-02-05", "payer_rejected", sys),
                ("2026-02-06", "correct", "user 3"),
                ("2026-02-06", "scrub_passed", sys),
                ("2026-02-06", "submit", sys),
                ("2026-06-10", "paid", "remittance"),
            ],
        )
        _history(
            uow,
            built["D"].id,
            [
                ("2026-05-01", "scrub_passed", sys),
                ("2026-05-02", "submit", sys),
                ("2026-06-15", "partially_paid", "remittance"),
            ],
        )
        _post(
            uow,
            pid,
            "C:paid",
            "2026-06-10",
            ledger.insurance_payment,
            ref=refs["C"],
            payer_id=payer,
            amount=Money("60.00"),
        )
        _post(
            uow,
            pid,
            "C:co",
            "2026-06-10",
            ledger.contractual_adjustment,
            ref=refs["C"],
            payer_id=payer,
            amount=Money("20.00"),
        )
        _post(
            uow,
            pid,
            "C:pr",
            "2026-06-10",
            ledger.transfer,
            ref=refs["C"],
            from_=insurance,
            to=ledger.Responsibility.patient(),
            amount=Money("20.00"),
        )
        _post(
            uow,
            pid,
            "D:paid",
            "2026-06-15",
            ledger.insurance_payment,
            ref=refs["D"],
            payer_id=payer,
            amount=Money("200.00"),
        )
        _post(
            uow,
            pid,
            "D:co",
            "2026-06-15",
            ledger.contractual_adjustment,
            ref=refs["D"],
            payer_id=payer,
            amount=Money("50.00"),
        )
        for queue, claim, day, cause, amount in (
            ("denial", "B", "2026-06-25", "eligibility", "150.00"),
            ("underpaid", "D", "2026-06-15", "", "25.00"),
        ):
            uow.session.add(
                WorkItemRow(
                    practice_id=pid,
                    queue=queue,
                    claim_id=built[claim].id,
                    cause=cause,
                    amount=Money(amount),
                    created_at=at(day),
                )
            )
    return Books(world, {n: b.id for n, b in built.items()})


@pytest.fixture
def books(database: Database) -> Iterator[Books]:
    reporting.clear_cache()
    yield make_books(database)
    reporting.clear_cache()
