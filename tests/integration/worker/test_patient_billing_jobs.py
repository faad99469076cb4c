"""The daily patient-billing jobs, in-process: payment plan reminders and the plan review."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import func, select

from revcycle.kit.clock import clock
from revcycle.kit.db import Database
from revcycle.kit.money import Money
from revcycle.patient_billing.domain.plans import PlanStatus
from revcycle.patient_billing.service import plans
from revcycle.patient_billing.tables import ContactRow
from revcycle.worker import service
from revcycle.worker.domain import JobState
from revcycle.worker.handlers import daily_key
from tests.integration.patient_billing.conftest import people  # noqa: F401  (fixture)

REMINDER_DAY = date(2026, 3, 13)
"""Two days before the plan's first installment falls due."""


@pytest.fixture
def plan_id(database: Database, people: dict[str, Any]) -> int:  # noqa: F811
    with clock.frozen(datetime(2026, 3, 1, 15, 0, tzinfo=UTC)), database.transaction() as uow:
        view = plans.create_plan(
            uow,
            practice_id=people["practice"],
            patient_id=people["patient"],
            total=Money("30.00"),
            first_due=date(2026, 3, 15),
            frequency="monthly",
            installments_count=3,
            today=date(2026, 3, 1),
        )
        return view.plan.id


def queue(database: Database, kind: str, practice_id: int, day: date) -> service.Job:
    payload = {"practice_id": practice_id, "date": day.isoformat()}
    return service.enqueue(database, kind, payload, key=daily_key(kind, practice_id, day))


def reminders(database: Database) -> int:
    with database.uow() as uow:
        return int(uow.session.scalar(select(func.count()).select_from(ContactRow)) or 0)


def test_payment_reminders_job_is_queued_once_per_practice_and_day_and_reminds_once(
    database: Database,
    people: dict[str, Any],  # noqa: F811
    plan_id: int,
):
    with clock.frozen(datetime(2026, 3, 13, 18, 0, tzinfo=UTC)):
        first = queue(database, "payment_reminders", people["practice"], REMINDER_DAY)
        again = queue(database, "payment_reminders", people["practice"], REMINDER_DAY)
        assert first.id == again.id and first.key == f"payment_reminders:{people['practice']}:2026-03-13"
        (done,) = service.run_pending(database)
        assert done.state is JobState.SUCCEEDED
        assert done.result == {"sent": 1, "deferred": 0, "stopped": 0}
        # a rerun of the same day (say, queued by hand under another key) reminds nobody twice
        service.enqueue(
            database,
            "payment_reminders",
            {"practice_id": people["practice"], "date": "2026-03-13"},
            key="payment_reminders:rerun",
        )
        (rerun,) = service.run_pending(database)
        assert rerun.result == {"sent": 0, "deferred": 0, "stopped": 0}
    assert reminders(database) == 1


def test_plan_review_job_defaults_a_plan_with_missed_installments_once(
    database: Database,
    people: dict[str, Any],  # noqa: F811
    plan_id: int,
):
    day = date(2026, 4, 26)
    with clock.frozen(datetime(2026, 4, 26, 15, 0, tzinfo=UTC)):
        queue(database, "plan_review", people["practice"], day)
        (done,) = service.run_pending(database)
        assert (done.state, done.result) == (JobState.SUCCEEDED, {"defaulted": [plan_id]})
        assert queue(database, "plan_review", people["practice"], day).id == done.id
        assert service.run_pending(database) == []
        service.enqueue(
            database,
            "plan_review",
            {"practice_id": people["practice"], "date": "2026-04-27"},
            key="review:next",
        )
        (next_day,) = service.run_pending(database)
        assert next_day.result == {"defaulted": []}
    with database.uow() as uow:
        shown = plans.show_plan(uow, practice_id=people["practice"], plan_id=plan_id, today=day)
        assert shown.status is PlanStatus.DEFAULTED


@pytest.mark.parametrize("kind", ["payment_reminders", "plan_review"])
def test_daily_job_without_a_date_is_dead_lettered_at_once(
    database: Database,
    kind: str,
):
    service.enqueue(database, kind, {"practice_id": 1}, key=f"{kind}:no-date")
    (dead,) = service.run_pending(database)
    assert dead.state is JobState.DEAD and "needs a date" in dead.last_error
