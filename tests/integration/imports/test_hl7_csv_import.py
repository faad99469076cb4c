"""HL7 v2 and CSV imports through the command line, on both backends."""

from __future__ import annotations

from sqlalchemy import func, select

from revcycle.charges.tables import ChargeLineRow, EncounterRow
from revcycle.intake.tables import CoverageRow, PatientRow
from tests.unit.imports.hl7_samples import dft
from tests.unit.imports.test_hl7_csv import HEADER, ROWS


def count(database, row):
    with database.uow() as uow:
        return uow.session.scalar(select(func.count()).select_from(row))


def test_hl7_dft_creates_an_encounter_and_reimport_skips_it(cli, database, tmp_path):
    path = tmp_path / "batch.hl7"
    path.write_text(dft())
    code, out = cli("hl7", str(path))
    assert code == 0, out
    assert out["imported"]["DFT^P03"] == 1 and out["imported"]["PID"] == 1
    assert count(database, EncounterRow) == 1 and count(database, ChargeLineRow) == 2
    code, out = cli("hl7", str(path))
    assert code == 0 and out["skipped"] == 1
    assert count(database, EncounterRow) == 1 and count(database, PatientRow) == 1


def test_hl7_message_with_errors_writes_nothing_of_it(cli, database, tmp_path):
    path = tmp_path / "bad.hl7"
    path.write_text(dft(dob="1985-07-22x", control="BAD1"))
    code, out = cli("hl7", str(path))
    assert code == 1
    assert out["errors"][0]["id"] == "BAD1" and out["errors"][0]["field"] == "PID-7"
    assert count(database, PatientRow) == 0


def test_csv_groups_rows_into_encounters_and_keeps_good_ones_when_one_row_fails(cli, database, tmp_path):
    path = tmp_path / "charges.csv"
    path.write_text(HEADER + ROWS.replace("85.00", "eighty"))
    code, out = cli("csv", str(path))
    assert code == 1
    assert ("row", "4", "charge") in {(e["resource"], e["id"], e["field"]) for e in out["errors"]}
    assert count(database, EncounterRow) == 1 and count(database, ChargeLineRow) == 2
    assert count(database, CoverageRow) == 1
