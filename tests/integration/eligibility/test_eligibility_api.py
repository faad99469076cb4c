"""The eligibility API against the sandbox payer over HTTP."""

from __future__ import annotations

from typing import Any

import pytest

from revcycle.clearinghouse.realtime_http import HttpRealtimeClearinghouse
from revcycle.kit.db import Database
from tests.integration.eligibility.conftest import make_people
from tests.integration.patient_billing.api_support import Clients, audited, other_practice_headers


@pytest.fixture
def api(database: Database, realtime: HttpRealtimeClearinghouse) -> tuple[Clients, dict[str, Any]]:
    ids = make_people(database)
    clients = Clients(database, ids["practice"])
    clients.app.state.realtime = realtime
    return clients, ids


def test_check_then_latest_snapshot_is_audited(api: tuple[Clients, dict[str, Any]]):
    c, ids = api
    checked = c.post(
        f"/eligibility/coverages/{ids['coverage']}/checks", json={"on": "2026-03-02", "codes": ["99213"]}
    )
    assert checked.status_code == 201, checked.text
    assert checked.json()["status"] == "answered"
    latest = c.get(f"/eligibility/coverages/{ids['coverage']}/latest", role="auditor")
    assert latest.status_code == 200 and latest.json()["check_id"] == checked.json()["check_id"]
    assert {a.action for a in audited(c.database, "eligibility_check")} == {"create", "read"}


def test_check_needs_a_date_and_a_permitted_role(api: tuple[Clients, dict[str, Any]]):
    c, ids = api
    assert c.post(f"/eligibility/coverages/{ids['coverage']}/checks", json={}).status_code == 422
    assert (
        c.post(
            f"/eligibility/coverages/{ids['coverage']}/checks", json={"on": "2026-03-02"}, role="coder"
        ).status_code
        == 403
    )
    assert (
        c.post(
            f"/eligibility/coverages/{ids['coverage']}/checks", json={"on": "2026-03-02"}, role="auditor"
        ).status_code
        == 403
    )


def test_coverage_of_another_practice_is_not_found(api: tuple[Clients, dict[str, Any]]):
    c, ids = api
    h = other_practice_headers(c.database)
    assert (
        c.client.get(f"/api/v1/eligibility/coverages/{ids['coverage']}/latest", headers=h).status_code == 404
    )
    posted = c.client.post(
        f"/api/v1/eligibility/coverages/{ids['coverage']}/checks", json={"on": "2026-03-02"}, headers=h
    )
    assert posted.status_code == 404


def test_latest_is_not_found_before_any_check(api: tuple[Clients, dict[str, Any]]):
    c, ids = api
    assert c.get(f"/eligibility/coverages/{ids['coverage']}/latest").status_code == 404


def test_day_check_covers_every_scheduled_patient(api: tuple[Clients, dict[str, Any]], database: Database):
    from datetime import date

    from revcycle.eligibility import service

    c, ids = api
    with database.transaction() as uow:
        service.schedule_appointment(
            uow, practice_id=ids["practice"], patient_id=ids["patient"], on=date(2026, 3, 2)
        )
    day = c.post("/eligibility/days/2026-03-02/checks")
    assert day.status_code == 200, day.text
    assert [(d["patient_id"], d["check"]["status"]) for d in day.json()] == [(ids["patient"], "answered")]
    assert c.post("/eligibility/days/not-a-day/checks").status_code == 422
