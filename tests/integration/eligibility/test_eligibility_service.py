"""Eligibility through the Clearinghouse port: the sandbox payer answers over HTTP; snapshots are
stored, changes since the last check flagged, rejections kept with their follow-up."""

from __future__ import annotations

import json
from datetime import date

import pytest
from typer.testing import CliRunner

from revcycle.clearinghouse.directory import DirectoryClearinghouse
from revcycle.clearinghouse.port import TransportError
from revcycle.clearinghouse.realtime_http import HttpRealtimeClearinghouse
from revcycle.eligibility import service
from revcycle.eligibility.domain import CoverageStatus
from revcycle.eligibility.tables import EligibilityCheckRow
from revcycle.kit.db import Database
from revcycle.kit.errors import FieldErrors
from revcycle.kit.money import Money
from revcycle.x12 import write
from tests.integration.eligibility.conftest import ON, make_people
from tests.unit.eligibility.factories import response_271


def test_realtime_check_through_the_sandbox_stores_an_active_snapshot(
    database: Database, realtime: HttpRealtimeClearinghouse
):
    ids = make_people(database)
    with database.transaction() as uow:
        result = service.check_coverage(
            uow, practice_id=ids["practice"], coverage_id=ids["coverage"], on=ON, clearinghouse=realtime
        )
    snap = result.snapshot
    assert result.check.status == "answered" and snap is not None
    assert snap.status is CoverageStatus.ACTIVE
    assert snap.deductible_remaining() == Money("500.00")
    assert snap.out_of_pocket_remaining() == Money("1000.00")
    assert snap.copay_for("98") == Money("25.00")
    with database.uow() as uow:
        latest = service.latest_snapshot(uow, practice_id=ids["practice"], coverage_id=ids["coverage"])
        assert latest is not None and latest.snapshot == snap


def test_unknown_member_comes_back_as_a_rejection_with_what_to_do(
    database: Database, realtime: HttpRealtimeClearinghouse
):
    ids = make_people(database, member_id="XYZ000000000")
    with database.transaction() as uow:
        result = service.check_coverage(
            uow, practice_id=ids["practice"], coverage_id=ids["coverage"], on=ON, clearinghouse=realtime
        )
    assert result.snapshot is not None and result.snapshot.status is CoverageStatus.REJECTED
    (rejection,) = result.snapshot.rejections
    assert rejection.code == "75" and "resubmit" in rejection.action


class Scripted:
    """A real-time clearinghouse that answers with prepared 271s (or fails)."""

    def __init__(self, *answers: str | Exception) -> None:
        self.answers = list(answers)
        self.sent: list[str] = []

    def exchange(self, content: str) -> str:
        self.sent.append(content)
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer


def test_a_changed_plan_is_flagged_against_the_last_check(database: Database):
    ids = make_people(database)
    first = write(response_271())
    benefits = list(response_271().levels[0].children[0].children[0].benefits)
    benefits[0] = benefits[0].__class__("1", "IND", ("30",), "HM", "SILVER HMO")
    second = write(response_271(benefits=tuple(benefits)))
    clearinghouse = Scripted(first, second)
    with database.transaction() as uow:
        a = service.check_coverage(
            uow, practice_id=ids["practice"], coverage_id=ids["coverage"], on=ON, clearinghouse=clearinghouse
        )
        b = service.check_coverage(
            uow, practice_id=ids["practice"], coverage_id=ids["coverage"], on=ON, clearinghouse=clearinghouse
        )
    assert not a.changed and b.changed
    assert [c.what for c in b.changes] == ["plan", "insurance type"]
    assert "ST*270*" in clearinghouse.sent[0] and "XYZ123456789" in clearinghouse.sent[0]


def test_transport_failure_is_a_failed_check_with_the_reason(database: Database):
    ids = make_people(database)
    with database.transaction() as uow:
        result = service.check_coverage(
            uow,
            practice_id=ids["practice"],
            coverage_id=ids["coverage"],
            on=ON,
            clearinghouse=Scripted(TransportError("the real-time endpoint did not answer: ConnectError")),
        )
    assert result.check.status == "failed" and "did not answer" in (result.check.error or "")


def test_unknown_coverage_names_the_field_and_writes_nothing(database: Database):
    ids = make_people(database)
    with pytest.raises(FieldErrors, match="coverage_id"), database.transaction() as uow:
        service.check_coverage(
            uow, practice_id=ids["practice"], coverage_id=999, on=ON, clearinghouse=Scripted()
        )
    with database.uow() as uow:
        assert uow.session.query(EligibilityCheckRow).count() == 0


def test_batch_270_goes_out_as_a_file_and_the_271_is_matched_by_trace(database: Database, tmp_path):
    ids = make_people(database)
    outbox = DirectoryClearinghouse(tmp_path / "out", tmp_path / "in")
    with database.transaction() as uow:
        (row,) = service.send_batch(
            uow, practice_id=ids["practice"], inquiries=[(ids["coverage"], ON)], clearinghouse=outbox
        )
        trace = row.trace_number
    assert (tmp_path / "out" / f"270_{trace}.x12").exists()
    model = response_271()
    sub = model.levels[0].children[0].children[0]
    import dataclasses

    from revcycle.x12.core.levels import Trace

    sub = dataclasses.replace(sub, traces=(Trace("2", trace, "1841234567"),))
    provider = dataclasses.replace(model.levels[0].children[0], children=(sub,))
    answer = dataclasses.replace(model, levels=(dataclasses.replace(model.levels[0], children=(provider,)),))
    with database.transaction() as uow:
        (result,) = service.record_271(uow, practice_id=ids["practice"], text=write(answer))
    assert result.check.id == row.id and result.snapshot is not None and result.snapshot.is_active


def test_day_check_covers_appointments_and_reports_self_pay(
    database: Database, realtime: HttpRealtimeClearinghouse
):
    ids = make_people(database)
    with database.transaction() as uow:
        service.schedule_appointment(uow, practice_id=ids["practice"], patient_id=ids["patient"], on=ON)
    with database.transaction() as uow:
        (day,) = service.check_day(uow, practice_id=ids["practice"], on=ON, clearinghouse=realtime)
        assert day.result is not None and day.result.snapshot is not None and day.result.snapshot.is_active
        assert (
            service.check_day(uow, practice_id=ids["practice"], on=date(2026, 3, 3), clearinghouse=realtime)
            == []
        )


def test_cli_prints_the_snapshot_as_json(cli_database: Database, sandbox_url: str):
    from revcycle.cli import app

    ids = make_people(cli_database)
    result = CliRunner().invoke(
        app,
        [
            "eligibility",
            "check",
            "--coverage",
            str(ids["coverage"]),
            "--on",
            "2026-03-02",
            "--json",
            "--url",
            sandbox_url,
        ],
    )
    assert result.exit_code == 0, result.output
    body = json.loads(result.output)
    assert body["status"] == "answered" and body["snapshot"]["status"] == "active"
    assert {a["kind"]: a["remaining"] for a in body["snapshot"]["accumulators"]} == {
        "deductible": "500.00",
        "out_of_pocket": "1000.00",
    }
    bad = CliRunner().invoke(
        app, ["eligibility", "check", "--coverage", "999", "--json", "--url", sandbox_url]
    )
    assert bad.exit_code == 1 and "coverage_id" in bad.output
