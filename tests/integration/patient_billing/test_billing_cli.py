"""``revcycle plans``, ``revcycle estimate --gfe`` and ``revcycle collections export``."""

from __future__ import annotations

import json
from datetime import date
from io import BytesIO
from pathlib import Path
from typing import Any

from pypdf import PdfReader
from typer.testing import CliRunner

from revcycle.cli import app
from revcycle.intake import service as intake
from revcycle.kit.db import Database

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


def test_estimate_writes_a_good_faith_estimate(
    cli_database: Database, people: dict[str, Any], tmp_path: Path
):
    with cli_database.transaction() as uow:
        patient = intake.create(
            uow,
            intake.PATIENT,
            practice_id=people["practice"],
            values={"first_name": "Sam", "last_name": "Cash", "date_of_birth": date(1990, 7, 4), "sex": "M"},
        ).id
    out = tmp_path / "gfe.pdf"
    done = runner.invoke(
        app,
        ["estimate", "--patient", str(patient), "--codes", "99213", "--on", "2026-03-10", "--gfe", str(out)],
    )
    assert done.exit_code == 0, done.output
    text = PdfReader(BytesIO(out.read_bytes())).pages[0].extract_text()
    assert "Good Faith Estimate" in text and "99213" in text and "Sam Cash" in text


def test_collections_export_writes_the_csv_header(
    cli_database: Database, people: dict[str, Any], tmp_path: Path
):
    out = tmp_path / "placed.csv"
    done = runner.invoke(app, ["collections", "export", "--out", str(out)])
    assert done.exit_code == 0, done.output
    assert out.read_text().startswith("account,last_name,first_name")
