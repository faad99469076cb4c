"""CSV charge files -> import records. Pure. One row per charge line; rows with the same
``encounter_key`` are one encounter. Columns are documented in docs/imports.md.

A row that cannot be read is reported by its line number and drops its whole encounter.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from revcycle.imports.model import (
    Code,
    Kind,
    LineData,
    Parsed,
    Record,
    RecordError,
    Ref,
    diagnosis_system,
    procedure_system,
)
from revcycle.kit.errors import FieldCollector, FieldErrors
from revcycle.kit.money import Money

REQUIRED = (
    "encounter_key",
    "patient_id",
    "patient_last_name",
    "patient_first_name",
    "patient_dob",
    "patient_sex",
    "provider_npi",
    "date_of_service",
    "diagnoses",
    "code",
)
OPTIONAL = (
    "patient_address_line1",
    "patient_city",
    "patient_state",
    "patient_zip",
    "payer_code",
    "payer_name",
    "member_id",
    "group_number",
    "coverage_start",
    "provider_last_name",
    "provider_first_name",
    "place_of_service",
    "modifiers",
    "units",
    "charge",
    "diagnosis_pointers",
    "service_date",
)
_LIST = re.compile(r"[;|]")


def _date(text: str, field: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise FieldErrors.single(field, f"{text!r} is not a date (YYYY-MM-DD)") from None


def _split(text: str) -> list[str]:
    return [p.strip() for p in _LIST.split(text or "") if p.strip()]


def parse_csv(text: str, *, name: str = "charges.csv") -> Parsed:
    out = Parsed()
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in REQUIRED if c not in (reader.fieldnames or ())]
    if missing:
        out.errors.append(RecordError("file", name, missing[0], "this column is missing from the header"))
        return out
    records: dict[tuple[Kind, str], Record] = {}
    broken: set[str] = set()
    for row in reader:
        line = str(reader.line_num)
        key = (row.get("encounter_key") or "").strip()
        try:
            _row(row, line, records)
        except FieldErrors as exc:
            out.errors.extend(RecordError("row", line, e.field, e.message) for e in exc.errors)
            broken.add(key)
    for (kind, key), rec in records.items():
        if kind is Kind.ENCOUNTER and key in broken:
            out.errors.append(RecordError("encounter", key, "", "not imported: a row of it has errors"))
        else:
            out.records.append(rec)
    return out


def _row(row: dict[str, Any], line: str, records: dict[tuple[Kind, str], Record]) -> None:
    c = FieldCollector()
    v = {k: (row.get(k) or "").strip() for k in (*REQUIRED, *OPTIONAL)}
    for col in REQUIRED:
        if not v[col]:
            c.add(col, "is required")
    c.raise_if_any()
    dates: dict[str, date | None] = {}
    for col in ("patient_dob", "date_of_service", "service_date"):
        try:
            dates[col] = _date(v[col], col) if v[col] else None
        except FieldErrors as exc:
            c.absorb(exc)
    dob, dos, served = dates.get("patient_dob"), dates.get("date_of_service"), dates.get("service_date")
    try:
        units = Decimal(v["units"] or "1")
    except InvalidOperation:
        c.add("units", f"{v['units']!r} is not a number")
        units = Decimal(1)
    charge = None
    if v["charge"]:
        try:
            charge = Money.parse(v["charge"], field="charge")
        except FieldErrors as exc:
            c.absorb(exc)
    try:
        pointers = tuple(int(p) for p in _split(v["diagnosis_pointers"])) or (1,)
    except ValueError:
        c.add("diagnosis_pointers", "pointers are numbers 1 to 12, separated by ;")
        pointers = (1,)
    c.raise_if_any()
    src = f"row {line}"
    patient, provider = Ref(Kind.PATIENT, v["patient_id"]), Ref(Kind.PROVIDER, v["provider_npi"])
    address = None
    if v["patient_address_line1"]:
        address = {
            "line1": v["patient_address_line1"],
            "city": v["patient_city"],
            "state": v["patient_state"],
            "zip": v["patient_zip"],
        }
    _once(
        records,
        Record(
            Kind.PATIENT,
            patient.key,
            src,
            v["patient_id"],
            {
                "first_name": v["patient_first_name"],
                "last_name": v["patient_last_name"],
                "date_of_birth": dob,
                "sex": v["patient_sex"].upper()[:1],
                **({"address": address} if address else {}),
            },
        ),
    )
    _once(
        records,
        Record(
            Kind.PROVIDER,
            provider.key,
            src,
            v["provider_npi"],
            {
                "kind": "individual",
                "npi": v["provider_npi"],
                "first_name": v["provider_first_name"] or None,
                "last_name": v["provider_last_name"] or None,
            },
        ),
    )
    if v["payer_code"] and v["member_id"]:
        payer = Ref(Kind.PAYER, v["payer_code"])
        _once(
            records,
            Record(
                Kind.PAYER,
                payer.key,
                src,
                v["payer_code"],
                {"name": v["payer_name"] or v["payer_code"], "payer_code": v["payer_code"]},
            ),
        )
        cov_key = f"{v['patient_id']}|{v['payer_code']}|{v['member_id']}"
        cov = Record(
            Kind.COVERAGE,
            cov_key,
            src,
            v["member_id"],
            {
                "member_id": v["member_id"],
                "group_number": v["group_number"] or None,
                "effective_date": _date(v["coverage_start"], "coverage_start")
                if v["coverage_start"]
                else dos,
            },
        )
        cov.refs = {"patient_id": patient, "payer_id": payer}
        _once(records, cov)
    enc = records.get((Kind.ENCOUNTER, v["encounter_key"]))
    if enc is None:
        enc = Record(
            Kind.ENCOUNTER, v["encounter_key"], "encounter", v["encounter_key"], {"date_of_service": dos}
        )
        if v["place_of_service"]:
            enc.values["place_of_service"] = v["place_of_service"]
        enc.refs = {"patient_id": patient, "rendering_provider_id": provider}
        enc.diagnoses = [Code(diagnosis_system(d.upper()), d) for d in _split(v["diagnoses"])]
        records[(Kind.ENCOUNTER, enc.key)] = enc
    code = v["code"].upper()
    enc.lines.append(
        LineData(
            Code(procedure_system(code), v["code"]),
            units,
            tuple(m.upper() for m in _split(v["modifiers"])),
            charge,
            served,
            pointers,
        )
    )
    if served and served > enc.values["date_of_service"]:
        enc.values["date_of_service_end"] = served


def _once(records: dict[tuple[Kind, str], Record], record: Record) -> None:
    records.setdefault((record.kind, record.key), record)
