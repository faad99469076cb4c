"""Encounters and fee schedules over HTTP, and the PFS import."""

from __future__ import annotations

from decimal import Decimal

from fastapi.testclient import TestClient

from revcycle.charges import service
from revcycle.charges.fees import ContractBasis
from revcycle.kit.db import Database
from revcycle.kit.money import Money


def encounter_body(clinic, **overrides):
    body = {
        "patient_id": clinic["patient_id"],
        "rendering_provider_id": clinic["provider_id"],
        "date_of_service": "2024-02-20",
        "place_of_service": "11",
        "diagnoses": ["E11.9", "I10"],
        "lines": [
            {"code": "99213", "diagnosis_pointers": [1, 2]},
            {"code": "36415", "units": "2", "charge": "9.50", "diagnosis_pointers": [1]},
        ],
    }
    return body | overrides


def test_an_encounter_prices_from_the_charge_master_unless_overridden(client: TestClient, clinic):
    h = clinic["headers"]
    put = client.put(
        "/api/v1/charge-master", json={"entries": [{"code": "99213", "amount": "130.00"}]}, headers=h
    )
    assert put.status_code == 200, put.text
    created = client.post("/api/v1/encounters", json=encounter_body(clinic), headers=h)
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["diagnoses"] == ["E119", "I10"] and body["status"] == "open"
    assert [(ln["charge"], ln["charge_overridden"]) for ln in body["lines"]] == [
        ("130.00", False),
        ("9.50", True),
    ]
    assert body["total_charge"] == "139.50"
    assert client.get(f"/api/v1/encounters/{body['id']}", headers=h).json()["lines"][1]["units"] == "2.000"


def test_a_bad_encounter_answers_422_naming_every_field_and_stores_nothing(
    client: TestClient, clinic, database
):
    h = clinic["headers"]
    bad = encounter_body(
        clinic,
        place_of_service="1",
        diagnoses=["E11.9", "BAD"],
        lines=[{"code": "99213", "modifiers": ["2"], "diagnosis_pointers": [3]}],
    )
    response = client.post("/api/v1/encounters", json=bad, headers=h)
    assert response.status_code == 422
    fields = {".".join(d["loc"][1:]) for d in response.json()["detail"]}
    assert fields == {
        "place_of_service",
        "diagnoses.1",
        "lines.0.modifiers",
        "lines.0.diagnosis_pointers",
    }
    assert client.get("/api/v1/encounters", headers=h).json()["total"] == 0


def test_a_float_charge_is_refused(client: TestClient, clinic):
    body = encounter_body(clinic, lines=[{"code": "99213", "charge": 130.5}])
    response = client.post("/api/v1/encounters", json=body, headers=clinic["headers"])
    assert response.status_code == 422


def test_fixed_contract_allows_its_amount(client: TestClient, clinic):
    h = clinic["headers"]
    put = client.put(
        f"/api/v1/payers/{clinic['payer_id']}/contract",
        json={"basis": "fixed", "rates": [{"code": "99213", "allowed": "98.00"}]},
        headers=h,
    )
    assert put.status_code == 204, put.text
    allowed = client.post(
        "/api/v1/expected-allowed", json={"payer_id": clinic["payer_id"], "code": "99213"}, headers=h
    ).json()
    assert allowed["allowed"] == "98.00"


def test_percent_of_medicare_contract_uses_the_imported_pfs(database: Database, clinic, shared_data):
    folder = shared_data / "fee-schedule-pfs-2022"
    pid = clinic["practice_id"]
    with database.transaction() as uow:
        with (
            open(folder / "PPRRVU22_JAN_no_descriptors.csv", encoding="latin-1") as rvus,
            open(folder / "GPCI2022.csv", encoding="latin-1") as gpcis,
        ):
            counts = service.import_pfs(
                uow, year=2022, rvu_lines=rvus, gpci_lines=gpcis, codes=frozenset({"99213", "99214"})
            )
        assert counts[0] == 2 and counts[1] > 100
        service.set_payer_contract(
            uow,
            practice_id=pid,
            payer_id=clinic["payer_id"],
            basis=ContractBasis.PERCENT_OF_MEDICARE,
            percent=Decimal("120"),
            pfs_year=2022,
            locality="04112-01",
        )
        # Medicare 93.34 in Colorado; 120 % = 112.008 -> 112.01
        assert service.expected_allowed(
            uow, practice_id=pid, payer_id=clinic["payer_id"], code="99213"
        ) == Money("112.01")
        assert (
            service.expected_allowed(uow, practice_id=pid, payer_id=clinic["payer_id"], code="99999") is None
        )


def test_a_line_with_no_fee_schedule_entry_and_no_charge_answers_422_naming_its_charge(
    client: TestClient, clinic
):
    body = encounter_body(clinic, lines=[{"code": "99214"}])
    response = client.post("/api/v1/encounters", json=body, headers=clinic["headers"])
    assert response.status_code == 422
    assert [d["loc"][1:] for d in response.json()["detail"]] == [["lines", "0", "charge"]]


def test_the_pfs_import_command_loads_a_year(database: Database, shared_data, tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from revcycle.cli import app
    from revcycle.kit.settings import get_settings

    folder = shared_data / "fee-schedule-pfs-2022"
    rvus = tmp_path / "rvu.csv"
    with open(folder / "PPRRVU22_JAN_no_descriptors.csv", encoding="latin-1") as f:
        rvus.write_text("".join(line for i, line in enumerate(f) if i < 400), encoding="latin-1")
    monkeypatch.setenv("REVCYCLE_DATABASE_URL", database.engine.url.render_as_string(hide_password=False))
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(
            app, ["charges", "import-pfs", str(rvus), str(folder / "GPCI2022.csv"), "--year", "2022"]
        )
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    assert "PFS 2022: 399 code rows" in result.stdout


def test_an_encounter_captured_self_pay_is_on_the_patients_balance_until_voided(client: TestClient, clinic):
    h = clinic["headers"]
    body = encounter_body(clinic, lines=[{"code": "36415", "charge": "9.50"}], self_pay=True)
    created = client.post("/api/v1/encounters", json=body, headers=h)
    assert created.status_code == 201, created.text
    encounter = created.json()
    assert encounter["status"] == "self_pay"
    listed = client.get("/api/v1/encounters", params={"status": "self_pay"}, headers=h).json()
    assert [e["id"] for e in listed["items"]] == [encounter["id"]]
    again = client.post(f"/api/v1/encounters/{encounter['id']}/self-pay", headers=h)
    assert again.status_code == 200, again.text
    voided = client.post(f"/api/v1/encounters/{encounter['id']}/void", headers=h)
    assert voided.status_code == 200 and voided.json()["status"] == "voided"
    refused = client.post(f"/api/v1/encounters/{encounter['id']}/self-pay", headers=h)
    assert refused.status_code == 409


def test_the_onset_of_the_illness_is_kept_and_may_not_come_after_the_visit(client: TestClient, clinic):
    h = clinic["headers"]
    late = client.post("/api/v1/encounters", json=encounter_body(clinic, onset_date="2024-02-21"), headers=h)
    assert late.status_code == 422
    assert {".".join(d["loc"][1:]) for d in late.json()["detail"]} == {"onset_date"}
    lines = [{"code": "99213", "charge": "120.00", "diagnosis_pointers": [1]}]
    body = encounter_body(clinic, onset_date="2024-02-12", lines=lines)
    made = client.post("/api/v1/encounters", json=body, headers=h)
    assert made.status_code == 201, made.text
    assert made.json()["onset_date"] == "2024-02-12"
