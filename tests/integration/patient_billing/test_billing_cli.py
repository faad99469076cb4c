"""``revcycle plans``, ``revcycle estimate --gfe`` and ``revcycle collections export``."""

from __future__ import annotations

import json
from datetime import date
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from revcycle.cli import app
from revcycle.intake import service as intake
from revcycle.kit.db import Database
from tests.integration.patient_billing.api_support import audited
from tests.integration.security.factories import make_user

runner = CliRunner()


def test_plans_create_then_show(cli_database: Database, people: dict[str, Any]):
    made = runner.invoke(
        app,
        [
            "plans",
            "create",
            "--patient",
            str(people["patient"]),
            "--total",
            "30.00",
            "--start",
            "2026-03-15",
            "--installments",
            "2",
            "--json",
        ],
    )
    assert made.exit_code == 0, made.output
    plan_id = json.loads(made.output)["plan_id"]
    shown = runner.invoke(app, ["plans", "show", str(plan_id)])
    assert "15.00" in shown.output and "active" in shown.output


def test_plans_create_with_bad_total_names_the_field(cli_database: Database, people: dict[str, Any]):
    bad = runner.invoke(
        app,
        [
            "plans",
            "create",
            "--patient",
            str(people["patient"]),
            "--total",
            "99.00",
            "--start",
            "2026-03-15",
            "--installments",
            "2",
        ],
    )
    assert bad.exit_code == 1 and "total" in bad.output


def self_pay_patient(database: Database, practice_id: int) -> int:
    with database.transaction() as uow:
        return intake.create(
            uow,
            intake.PATIENT,
            practice_id=practice_id,
            values={"first_name": "Sam", "last_name": "Cash", "date_of_birth": date(1990, 7, 4), "sex": "M"},
        ).id


def gfe_args(patient: int, out: Path) -> list[str]:
    return [
        "estimate",
        "--patient",
        str(patient),
        "--codes",
        "99213",
        "--on",
        "2026-03-10",
        "--gfe",
        str(out),
    ]


def test_estimate_writes_a_good_faith_estimate_audited_as_the_user(
    cli_database: Database, people: dict[str, Any], tmp_path: Path
):
    user = make_user(cli_database, people["practice"], "front_desk").user
    out = tmp_path / "gfe.pdf"
    done = runner.invoke(
        app, [*gfe_args(self_pay_patient(cli_database, people["practice"]), out), "--as", user.username]
    )
    assert done.exit_code == 0, done.output
    text = PdfReader(BytesIO(out.read_bytes())).pages[0].extract_text()
    assert "Good Faith Estimate" in text and "99213" in text and "Sam Cash" in text
    (record,) = audited(cli_database, "estimate")
    assert (record.action, record.user_id, record.role) == ("export", user.id, "front_desk")


def test_estimate_refuses_a_good_faith_estimate_without_a_user(
    cli_database: Database, people: dict[str, Any], tmp_path: Path
):
    out = tmp_path / "gfe.pdf"
    refused = runner.invoke(app, gfe_args(self_pay_patient(cli_database, people["practice"]), out))
    assert refused.exit_code == 2 and "--as" in refused.output
    assert not out.exists() and audited(cli_database, "estimate") == []


def test_estimate_refuses_an_unknown_user(cli_database: Database, people: dict[str, Any], tmp_path: Path):
    out = tmp_path / "gfe.pdf"
    patient = self_pay_patient(cli_database, people["practice"])
    refused = runner.invoke(app, [*gfe_args(patient, out), "--as", "nobody.here"])
    assert refused.exit_code == 2 and "no active user" in refused.output
    assert not out.exists()


def test_collections_export_writes_the_csv_audited_as_the_user_from_the_environment(
    cli_database: Database, people: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    user = make_user(cli_database, people["practice"], "biller").user
    monkeypatch.setenv("REVCYCLE_CLI_USER", user.username)
    out = tmp_path / "placed.csv"
    done = runner.invoke(app, ["collections", "export", "--out", str(out)])
    assert done.exit_code == 0, done.output
    assert out.read_text().startswith("account,last_name,first_name")


def test_collections_export_refuses_without_a_user_or_with_one_who_may_not(
    cli_database: Database, people: dict[str, Any], tmp_path: Path
):
    out = tmp_path / "placed.csv"
    refused = runner.invoke(app, ["collections", "export", "--out", str(out)])
    assert refused.exit_code == 2 and "--as" in refused.output and not out.exists()
    auditor = make_user(cli_database, people["practice"], "auditor").user
    denied = runner.invoke(app, ["collections", "export", "--out", str(out), "--as", auditor.username])
    assert denied.exit_code == 2 and "payments:write" in denied.output and not out.exists()
