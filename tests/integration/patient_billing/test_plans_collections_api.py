"""Payment plans and collections through the API and services: installments paid by payments,
default after missed installments, disputes stopping statements, the contact window, placement."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from revcycle.kit.clock import clock
from revcycle.kit.db import Database
from revcycle.patient_billing.service import collections, contact, documents
from tests.integration.patient_billing.api_support import Clients, fields_of, other_practice_headers


@pytest.fixture
def api(database: Database, people: dict[str, Any]) -> Clients:
    return Clients(database, people["practice"])


def plan(api: Clients, people: dict[str, Any], **body: Any) -> Any:
    values = {"total": "30.00", "first_due": "2026-03-15", "installments": 3} | body
    return api.post(f"/billing/patients/{people['patient']}/plans", json=values)


def pay(api: Clients, people: dict[str, Any], amount: str) -> Any:
    return api.post(
        "/billing/payments", json={"patient_id": people["patient"], "amount": amount, "method": "cash"}
    )


def test_plan_splits_the_total_and_payments_fill_its_installments(api: Clients, people: dict[str, Any]):
    made = plan(api, people)
    assert made.status_code == 201, made.text
    assert [i["amount"] for i in made.json()["installments"]] == ["10.00", "10.00", "10.00"]
    assert pay(api, people, "15.00").json()["plan_id"] == made.json()["plan_id"]
    shown = api.get(f"/billing/plans/{made.json()['plan_id']}").json()
    assert [i["paid"] for i in shown["installments"]] == ["10.00", "5.00", "0.00"]
    assert (shown["status"], shown["remaining"]) == ("active", "15.00")


def test_plan_by_installment_amount_ends_with_the_remainder(api: Clients, people: dict[str, Any]):
    made = plan(api, people, installments=None, installment_amount="12.50", frequency="biweekly")
    assert [(i["due_date"], i["amount"]) for i in made.json()["installments"]] == [
        ("2026-03-15", "12.50"),
        ("2026-03-29", "12.50"),
        ("2026-04-12", "5.00"),
    ]


def test_plan_with_bad_fields_names_each(api: Clients, people: dict[str, Any]):
    bad = plan(api, people, installments=None, frequency="yearly", first_due="2026-01-01", grace_days=99)
    assert bad.status_code == 422
    assert fields_of(bad) == {"installments", "frequency", "first_due", "grace_days"}
    assert plan(api, people, total="31.00").status_code == 422
    assert plan(api, people).status_code == 201
    assert plan(api, people).status_code == 409
    assert api.post(f"/billing/patients/{people['patient']}/plans", json={}, role="coder").status_code == 403


def test_plan_of_another_practice_is_not_found(api: Clients, people: dict[str, Any]):
    made = plan(api, people)
    h = other_practice_headers(api.database)
    assert api.client.get(f"/api/v1/billing/plans/{made.json()['plan_id']}", headers=h).status_code == 404


def test_missed_installments_default_the_plan_and_dunning_resumes(
    api: Clients, people: dict[str, Any], database: Database
):
    plan_id = plan(api, people).json()["plan_id"]
    with database.transaction() as uow:
        hold = collections.next_step(
            uow, practice_id=people["practice"], account=people["account"], on=date(2026, 3, 20)
        )
        assert hold.hold is not None and hold.hold.value == "payment_plan"
    with clock.frozen(datetime(2026, 4, 26, 15, 0, tzinfo=UTC)):
        shown = api.get(f"/billing/plans/{plan_id}").json()
        assert (shown["status"], shown["missed"]) == ("defaulted", 2)
        state = api.get(f"/billing/patients/{people['patient']}/collection").json()
        assert state["hold"] is None


def test_dispute_stops_statements_until_resolved(api: Clients, people: dict[str, Any]):
    opened = api.post(f"/billing/patients/{people['patient']}/dispute", json={"note": "says it was paid"})
    assert opened.status_code == 201 and opened.json()["hold"] == "dispute"
    assert (
        api.post(f"/billing/patients/{people['patient']}/dispute", json={"note": "again"}).status_code == 409
    )
    assert api.post(f"/billing/patients/{people['patient']}/dispute", json={"note": " "}).status_code == 422
    assert api.post("/billing/statements/run", json={"on": "2026-03-01"}).json()["sent"] == []
    assert api.request("DELETE", f"/billing/patients/{people['patient']}/dispute").json()["disputed"] is False
    assert len(api.post("/billing/statements/run", json={"on": "2026-03-01"}).json()["sent"]) == 1


def test_time_zone_is_stored_or_derived_from_the_state(api: Clients, people: dict[str, Any]):
    path = f"/billing/patients/{people['patient']}/time-zone"
    assert api.request("PUT", path, json={"time_zone": "Mars/Olympus"}).status_code == 422
    assert (
        api.request("PUT", path, json={"time_zone": "America/Denver"}).json()["time_zone"] == "America/Denver"
    )


def test_statement_email_outside_the_contact_window_is_deferred(database: Database, people: dict[str, Any]):
    with database.transaction() as uow:
        contact.person_of(uow, people["practice"], people["account"]).email = "jane@example.org"
        contact.set_time_zone(
            uow, practice_id=people["practice"], account=people["account"], zone="America/Denver"
        )
        late = datetime(2026, 3, 2, 4, 30, tzinfo=UTC)  # 21:30 the evening before in Denver
        run = documents.run_statements(uow, practice_id=people["practice"], on=date(2026, 3, 1), now=late)
        assert [e.status for e in run.emails] == ["deferred"]
        ok = contact.contact(
            uow,
            practice_id=people["practice"],
            account=people["account"],
            kind="reminder",
            now=datetime(2026, 3, 2, 16, 0, tzinfo=UTC),
        )
        assert ok.status == "sent"


def test_plan_reminder_is_sent_in_the_window_and_stopped_on_dispute(
    api: Clients, database: Database, people: dict[str, Any]
):
    plan(api, people)
    with database.transaction() as uow:
        noon = datetime(2026, 3, 13, 18, 0, tzinfo=UTC)
        sent = collections.send_reminders(
            uow, practice_id=people["practice"], now=noon, today=date(2026, 3, 13)
        )
        assert [c.status for c in sent.contacts] == ["sent"]
        assert (
            collections.send_reminders(
                uow, practice_id=people["practice"], now=noon, today=date(2026, 3, 13)
            ).contacts
            == ()
        )
        collections.open_dispute(
            uow, practice_id=people["practice"], account=people["account"], note="x", on=date(2026, 3, 14)
        )
        stopped = collections.send_reminders(
            uow, practice_id=people["practice"], now=noon, today=date(2026, 3, 14)
        )
        assert [c.status for c in stopped.contacts] == ["stopped"]


def test_account_goes_to_an_agency_only_after_the_final_notice_and_is_exported(
    api: Clients, database: Database, people: dict[str, Any]
):
    path = f"/billing/patients/{people['patient']}/placement"
    assert api.post(path, json={"agency": "Fair Recovery"}).status_code == 409
    with database.transaction() as uow:
        for day in (date(2025, 11, 1), date(2025, 12, 1), date(2026, 1, 1), date(2026, 2, 1)):
            documents.run_statements(uow, practice_id=people["practice"], on=day)
        assert contact.collection_row(uow, people["practice"], people["account"]).stage == "final_notice"
    assert api.post(path, json={"agency": "Fair Recovery"}).status_code == 409  # final notice is 28 days old
    with clock.frozen(datetime(2026, 3, 5, 15, 0, tzinfo=UTC)):
        placed = api.post(path, json={"agency": "Fair Recovery"})
    assert placed.status_code == 200, placed.text
    assert (placed.json()["stage"], placed.json()["placed_amount"]) == ("agency", "30.00")
    csv = api.get("/billing/collections/placed.csv")
    assert csv.headers["content-type"].startswith("text/csv")
    header, row = csv.text.splitlines()
    assert header.startswith("account,last_name,first_name") and "Doe,Jane" in row and "30.00" in row
    assert api.get("/billing/collections/placed.csv", role="auditor").status_code == 403
