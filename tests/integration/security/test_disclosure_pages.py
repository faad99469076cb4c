"""The accounting of disclosures in the web UI: choose a patient without PHI in the URL, list the
disclosures that need accounting, record one with each bad field named next to it."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select

from revcycle.kit.clock import clock
from revcycle.security.tables import AuditEventRow
from tests.integration.security.conftest import PATIENT, make_patient_with_coverage
from tests.integration.web.conftest import csrf_of

COURT = {"recipient": "Denver District Court", "purpose": "legal", "detail": "visit notes, March 2026"}


def _patient(client, headers_for) -> int:
    return int(make_patient_with_coverage(client, headers_for("biller"))["patient"]["id"])


def _disclosures(database) -> int:
    with database.uow() as uow:
        query = select(func.count()).select_from(AuditEventRow).where(AuditEventRow.action == "disclose")
        return int(uow.session.scalar(query) or 0)


def _field_error(page: str, field: str) -> str:
    return page.split(f'id="{field}-err"')[1].split("</p>")[0]


def test_recording_a_disclosure_without_a_purpose_shows_the_field_error_and_writes_nothing(
    client, headers_for, pages_for, database
):
    pid = _patient(client, headers_for)
    biller = pages_for("biller")
    token = csrf_of(biller.get("/disclosures/new").text)
    answer = biller.post(
        "/disclosures/new",
        data={"csrf_token": token, "patient_id": str(pid), **COURT, "purpose": ""},
    )
    assert answer.status_code == 422
    assert "choose why the information was disclosed" in _field_error(answer.text, "purpose")
    assert 'id="recipient-err"' not in answer.text
    assert 'value="Denver District Court"' in answer.text  # what was typed is kept
    assert _disclosures(database) == 0


def test_every_bad_field_of_a_disclosure_is_named_at_once(client, headers_for, pages_for, database):
    biller = pages_for("biller")
    tomorrow = (clock.today() + timedelta(days=1)).isoformat()
    answer = biller.post(
        "/disclosures/new",
        data={
            "csrf_token": csrf_of(biller.get("/disclosures/new").text),
            "patient_id": "999999",
            "recipient": "",
            "purpose": "legal",
            "disclosed_on": tomorrow,
            "detail": "",
        },
    )
    assert answer.status_code == 422
    assert "no patient" in _field_error(answer.text, "patient_id")
    assert "name who received" in _field_error(answer.text, "recipient")
    assert "future" in _field_error(answer.text, "disclosed_on")
    assert "what was disclosed" in _field_error(answer.text, "detail")
    assert _disclosures(database) == 0


def test_a_supervisor_records_a_disclosure_and_sees_it_in_the_patients_accounting(
    client, headers_for, pages_for
):
    pid = _patient(client, headers_for)
    supervisor = pages_for("supervisor")
    page = supervisor.get(f"/patients/{pid}/disclosures").text
    assert "No disclosure of this patient" in page
    assert f"{PATIENT['last_name']}, {PATIENT['first_name']}" in page
    day = date(2026, 3, 2) if clock.today() >= date(2026, 3, 2) else clock.today()
    answer = supervisor.post(
        "/disclosures/new",
        data={"csrf_token": csrf_of(page), "patient_id": str(pid), **COURT, "disclosed_on": day.isoformat()},
        follow_redirects=False,
    )
    assert answer.status_code == 303 and answer.headers["location"] == f"/patients/{pid}/disclosures"
    for purpose in ("payment", "public_health"):
        supervisor.post(
            "/disclosures/new",
            data={"csrf_token": csrf_of(page), "patient_id": str(pid), **COURT, "purpose": purpose},
        )
    table = supervisor.get(f"/patients/{pid}/disclosures").text.split('<table class="disclosures">')[1]
    rows = table.split("</table>")[0].split("<tr>")[2:]
    assert len(rows) == 2  # the payment disclosure needs no accounting
    assert day.strftime("%m/%d/%Y") in rows[0] and "Denver District Court" in rows[0]
    assert "visit notes, March 2026" in rows[0] and "disclosed on" not in rows[0] and "legal" in rows[0]
    assert "public health" in rows[1]
    api = client.get(f"/api/v1/patients/{pid}/disclosures", headers=headers_for("auditor")).json()
    assert [d["purpose"] for d in api] == ["legal", "public_health"]


def test_a_biller_records_a_disclosure_but_cannot_open_the_accounting(client, headers_for, pages_for):
    pid = _patient(client, headers_for)
    biller = pages_for("biller")
    page = biller.get(f"/disclosures/new?patient_id={pid}").text
    assert f'value="{pid}"' in page
    answer = biller.post(
        "/disclosures/new",
        data={"csrf_token": csrf_of(page), "patient_id": str(pid), **COURT},
        follow_redirects=False,
    )
    assert answer.status_code == 303 and answer.headers["location"].startswith("/disclosures/new?recorded=")
    assert "The disclosure was recorded" in biller.get(answer.headers["location"]).text
    assert biller.get(f"/patients/{pid}/disclosures").status_code == 403
    assert biller.get("/disclosures").status_code == 403
    auditor = pages_for("auditor")
    assert "Denver District Court" in auditor.get(f"/patients/{pid}/disclosures").text
    assert auditor.get("/disclosures/new").status_code == 403
    assert 'id="rec-h"' not in auditor.get(f"/patients/{pid}/disclosures").text  # no form to record


def test_choosing_a_patient_posts_the_criteria_and_lands_on_an_id_only_url(client, headers_for, pages_for):
    pid = _patient(client, headers_for)
    auditor = pages_for("auditor")
    token = csrf_of(auditor.get("/disclosures").text)
    by_id = auditor.post(
        "/disclosures", data={"csrf_token": token, "patient_id": str(pid)}, follow_redirects=False
    )
    assert by_id.status_code == 303 and by_id.headers["location"] == f"/patients/{pid}/disclosures"
    by_name = auditor.post("/disclosures", data={"csrf_token": token, "last_name": PATIENT["last_name"][:5]})
    assert by_name.status_code == 200 and f'href="/patients/{pid}/disclosures"' in by_name.text
    unknown = auditor.post("/disclosures", data={"csrf_token": token, "patient_id": "123456789"})
    assert unknown.status_code == 422 and "no patient" in _field_error(unknown.text, "patient_id")
    assert auditor.post("/disclosures", data={"patient_id": str(pid)}).status_code == 403  # no CSRF token


def test_opening_a_patients_accounting_is_audited(client, headers_for, pages_for, database):
    pid = _patient(client, headers_for)
    pages_for("auditor").get(f"/patients/{pid}/disclosures")
    with database.uow() as uow:
        rows = uow.session.scalars(
            select(AuditEventRow).where(AuditEventRow.detail == "web disclosure accounting")
        ).all()
        assert [(r.action, r.entity, r.patient_id) for r in rows] == [("read", "disclosure_accounting", pid)]


def test_a_disclosure_recorded_through_the_api_keeps_its_date(client, headers_for):
    pid = _patient(client, headers_for)
    day = clock.today() - timedelta(days=3)
    biller = headers_for("biller")
    body = {"patient_id": pid, **COURT, "disclosed_on": day.isoformat()}
    assert client.post("/api/v1/disclosures", json=body, headers=biller).status_code == 201
    no_detail = client.post("/api/v1/disclosures", json=body | {"detail": None}, headers=biller)
    assert no_detail.status_code == 422 and no_detail.json()["detail"][0]["loc"] == ["body", "detail"]
    listed = client.get(f"/api/v1/patients/{pid}/disclosures", headers=headers_for("auditor")).json()
    assert listed[0]["detail"] == f"disclosed on {day.isoformat()}; visit notes, March 2026"
