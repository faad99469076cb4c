"""Cycle billing: itemized statements (PDF and text), once per cycle, held on a dispute; receipts."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from revcycle.kit.db import Database
from revcycle.kit.money import Money
from revcycle.patient_billing.service import accounts, documents

ON = date(2026, 3, 5)


def test_statement_itemizes_insurance_and_bills_only_what_insurance_finished(
    database: Database, people: dict[str, Any], tmp_path: Path
):
    with database.transaction() as uow:
        result = documents.run_statements(uow, practice_id=people["practice"], on=ON, out_dir=tmp_path)
    (row,) = result.sent
    assert row.amount_due == Money("30.00") and row.due_date == date(2026, 3, 30) and row.stage == "statement"
    text = json.loads(row.content)["text"]
    assert "Amount due: $30.00" in text and "Waiting on insurance (not due yet): $100.00" in text
    assert "120.00" in text and "50.00" in text  # what insurance paid and adjusted
    assert (tmp_path / f"statement-{row.id:06d}-2026-03.pdf").read_bytes().startswith(b"%PDF")
    with database.transaction() as uow:
        again = documents.run_statements(uow, practice_id=people["practice"], on=date(2026, 3, 20))
        assert again.sent == () and again.skipped == ((people["account"], "already billed in cycle 2026-03"),)
        history = documents.statement_history(uow, practice_id=people["practice"], account=people["account"])
        assert [h.id for h in history] == [row.id]


def test_second_cycle_moves_to_the_second_statement_stage(database: Database, people: dict[str, Any]):
    with database.transaction() as uow:
        documents.run_statements(uow, practice_id=people["practice"], on=ON)
    with database.transaction() as uow:
        (row,) = documents.run_statements(uow, practice_id=people["practice"], on=date(2026, 4, 6)).sent
    assert row.stage == "second_statement"


def test_disputed_account_gets_no_statement(database: Database, people: dict[str, Any]):
    with database.transaction() as uow:
        documents.collection_row(uow, people["practice"], people["account"]).dispute_note = "says it was paid"
    with database.transaction() as uow:
        result = documents.run_statements(uow, practice_id=people["practice"], on=ON)
    assert result.sent == () and result.skipped[0][1].startswith("disputed")


def test_receipt_says_what_the_payment_paid_and_what_is_left(database: Database, people: dict[str, Any]):
    with database.transaction() as uow:
        row = accounts.record_payment(
            uow,
            practice_id=people["practice"],
            patient_id=people["patient"],
            amount=Money("10.00"),
            method="card",
            reference="APPROVAL123",
        )
        text = documents.receipt_text(uow, practice_id=people["practice"], payment_id=row.id)
    assert "Received $10.00 by card (ref APPROVAL123)" in text and "Balance due now: $20.00" in text


def test_cli_runs_statements_and_records_payments(
    cli_database: Database, people: dict[str, Any], tmp_path: Path
):
    from revcycle.cli import app

    runner = CliRunner()
    ran = runner.invoke(app, ["statements", "run", "--date", "2026-03-05", "--out", str(tmp_path), "--json"])
    assert ran.exit_code == 0, ran.output
    assert [s["amount_due"] for s in json.loads(ran.output)["sent"]] == ["30.00"], ran.output
    paid = runner.invoke(
        app, ["payments", "record", "--patient", str(people["patient"]), "--amount", "5", "--method", "cash"]
    )
    assert paid.exit_code == 0 and "Balance due now: $25.00" in paid.output
    est = runner.invoke(app, ["estimate", "--patient", str(people["patient"]), "--codes", "99213", "--json"])
    assert est.exit_code == 0, est.output
    assert json.loads(est.output)["lines"][0]["allowed"] == "100.00"
    bad = runner.invoke(
        app, ["payments", "record", "--patient", "1", "--amount", "1.234", "--method", "cash"]
    )
    assert bad.exit_code == 1 and "amount" in bad.output
