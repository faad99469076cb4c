"""Prior authorizations over the API (``/eligibility/authorizations``, the payer's code list) and
``revcycle auth``: recorded, listed per patient, used for charge lines, audited, 404 across practices."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from typer.testing import CliRunner

from revcycle.cli import app
from revcycle.kit.db import Database
from tests.integration.eligibility.authorizations import DRAW, PANEL, LabClaim, lab_claim
from tests.integration.patient_billing.api_support import Clients, audited, fields_of, other_practice_headers
from tests.integration.security.factories import make_user

runner = CliRunner()


@pytest.fixture
def lab(database: Database) -> LabClaim:
    return lab_claim(database)


@pytest.fixture
def api(database: Database, lab: LabClaim) -> Clients:
    return Clients(database, lab.practice_id)


def body(lab: LabClaim, **changes: Any) -> dict[str, Any]:
    return {
        "coverage_id": lab.coverage_id,
        "number": "PA-778",
        "codes": [PANEL, DRAW],
        "valid_from": (lab.service_date - timedelta(days=10)).isoformat(),
        "valid_to": (lab.service_date + timedelta(days=20)).isoformat(),
        "authorized_units": 3,
    } | changes


def test_recorded_authorization_shows_payer_patient_and_units_and_is_audited(api: Clients, lab: LabClaim):
    made = api.post("/eligibility/authorizations", json=body(lab), role="front_desk")
    assert made.status_code == 201, made.text
    out = made.json()
    assert (out["patient_id"], out["coverage_id"], out["payer_id"]) == (
        lab.patient_id,
        lab.coverage_id,
        lab.payer_id,
    )
    assert (out["number"], out["codes"], out["status"]) == ("PA-778", [PANEL, DRAW], "approved")
    assert (out["authorized_units"], out["units_used"], out["units_left"], out["charge_lines"]) == (
        3,
        0,
        3,
        [],
    )
    (record,) = audited(api.database, "prior_authorization")
    assert (record.action, record.entity_id, record.patient_id) == ("create", str(out["id"]), lab.patient_id)


def test_linked_charge_lines_count_as_units_used(api: Clients, lab: LabClaim):
    auth_id = api.post("/eligibility/authorizations", json=body(lab)).json()["id"]
    path = f"/eligibility/authorizations/{auth_id}/charge-lines"
    linked = api.post(path, json={"charge_line_id": lab.charge_lines[PANEL]})
    assert linked.status_code == 201, linked.text
    assert (linked.json()["units_used"], linked.json()["units_left"]) == (1, 2)
    assert [c["code"] for c in linked.json()["charge_lines"]] == [PANEL]
    assert api.post(path, json={"charge_line_id": lab.charge_lines[PANEL]}).status_code == 409
    assert api.post(path, json={"charge_line_id": lab.charge_lines["99214"]}).status_code == 422
    (listed,) = api.get(f"/eligibility/patients/{lab.patient_id}/authorizations").json()
    assert listed["id"] == auth_id and listed["units_used"] == 1
    assert api.get(f"/eligibility/authorizations/{auth_id}").json()["charge_lines"][0]["units"] == 1
    assert {r.action for r in audited(api.database, "prior_authorization")} == {"create", "update", "read"}


def test_authorization_with_bad_fields_names_each(api: Clients, lab: LabClaim):
    bad = api.post(
        "/eligibility/authorizations",
        json=body(
            lab,
            number=" ",
            codes=[],
            valid_to=(lab.service_date - timedelta(days=30)).isoformat(),
            authorized_units=0,
        ),
    )
    assert bad.status_code == 422
    assert fields_of(bad) == {"number", "codes", "valid_to", "authorized_units"}
    assert api.post("/eligibility/authorizations", json=body(lab, coverage_id=987654)).status_code == 422


def test_authorizations_need_the_coverage_permissions(api: Clients, lab: LabClaim):
    assert api.post("/eligibility/authorizations", json=body(lab), role="coder").status_code == 403
    assert api.get(f"/eligibility/patients/{lab.patient_id}/authorizations", role="coder").status_code == 403
    assert (
        api.get(f"/eligibility/patients/{lab.patient_id}/authorizations", role="auditor").status_code == 200
    )


def test_authorizations_of_another_practice_are_not_found(api: Clients, lab: LabClaim):
    auth_id = api.post("/eligibility/authorizations", json=body(lab)).json()["id"]
    h = other_practice_headers(api.database)
    c = api.client
    assert c.get(f"/api/v1/eligibility/authorizations/{auth_id}", headers=h).status_code == 404
    assert (
        c.get(f"/api/v1/eligibility/patients/{lab.patient_id}/authorizations", headers=h).status_code == 404
    )
    linked = c.post(
        f"/api/v1/eligibility/authorizations/{auth_id}/charge-lines",
        json={"charge_line_id": lab.charge_lines[PANEL]},
        headers=h,
    )
    assert linked.status_code == 404
    assert (
        c.get(f"/api/v1/eligibility/payers/{lab.payer_id}/authorization-codes", headers=h).status_code == 404
    )
    assert c.post("/api/v1/eligibility/authorizations", json=body(lab), headers=h).status_code == 422


def test_payer_code_list_is_read_and_replaced(api: Clients, lab: LabClaim):
    path = f"/eligibility/payers/{lab.payer_id}/authorization-codes"
    assert api.get(path).json() == {"payer_id": lab.payer_id, "codes": []}
    put = api.request("PUT", path, json={"codes": [" 80053", "72148", "80053"]})
    assert put.status_code == 200 and put.json()["codes"] == ["72148", "80053"]
    assert api.get(path, role="front_desk").json()["codes"] == ["72148", "80053"]
    assert api.request("PUT", path, json={"codes": ["NOPE!"]}).status_code == 422
    assert api.request("PUT", path, json={"codes": []}, role="front_desk").status_code == 403
    assert api.request("PUT", path, json={"codes": []}).json()["codes"] == []


# -- revcycle auth ---------------------------------------------------------------------------------
def cli(*args: str) -> Any:
    return runner.invoke(app, ["auth", *args])


def test_cli_adds_lists_and_links_an_authorization_recorded_as_the_user(
    cli_database: Database, lab: LabClaim
):
    user = make_user(cli_database, lab.practice_id, "biller").user
    start, end = lab.service_date - timedelta(days=10), lab.service_date + timedelta(days=20)
    added = cli(
        "add",
        "--coverage",
        str(lab.coverage_id),
        "--number",
        "PA-9",
        "--codes",
        f"{PANEL},{DRAW}",
        "--from",
        start.isoformat(),
        "--to",
        end.isoformat(),
        "--units",
        "2",
        "--as",
        user.username,
        "--json",
    )
    assert added.exit_code == 0, added.output
    auth_id = json.loads(added.output)["id"]
    linked = cli(
        "link", "--authorization", str(auth_id), "--charge-line", str(lab.charge_lines[DRAW]), "--json"
    )
    assert linked.exit_code == 0, linked.output
    listed = cli("list", "--patient", str(lab.patient_id), "--json")
    (one,) = json.loads(listed.output)
    assert (one["number"], one["units_used"], one["units_left"]) == ("PA-9", 1, 1)
    text = cli("list", "--patient", str(lab.patient_id)).output
    assert "PA-9" in text and "1 of 2 unit(s) used" in text
    created = [r for r in audited(cli_database, "prior_authorization") if r.action == "create"]
    assert [(r.user_id, r.role) for r in created] == [(user.id, "biller")]


def test_cli_add_with_bad_dates_names_the_field_and_writes_nothing(cli_database: Database, lab: LabClaim):
    bad = cli(
        "add",
        "--coverage",
        str(lab.coverage_id),
        "--number",
        "PA-9",
        "--codes",
        PANEL,
        "--from",
        "2026-03-10",
        "--to",
        "2026-03-01",
    )
    assert bad.exit_code == 1 and "valid_to" in bad.output
    assert json.loads(cli("list", "--patient", str(lab.patient_id), "--json").output) == []


def test_cli_sets_and_shows_the_payer_code_list(cli_database: Database, lab: LabClaim):
    assert cli("codes", "--payer", str(lab.payer_id), "--set", "80053,72148").exit_code == 0
    shown = cli("codes", "--payer", str(lab.payer_id), "--json")
    assert json.loads(shown.output) == {"payer_id": lab.payer_id, "codes": ["72148", "80053"]}
    assert cli("codes", "--payer", "987654").exit_code == 1
