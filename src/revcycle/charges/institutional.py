"""What a facility bill (UB-04 / 837I) needs beyond a professional encounter: the type of bill,
admission, discharge status, the admitting diagnosis, attending and operating providers, and the
value, occurrence and condition codes.

Pure: no database, no web. The statement period is the encounter's dates of service.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from revcycle.kit.errors import FieldCollector, FieldErrors
from revcycle.kit.money import Money

MAX_CODES = 12
"""Value, occurrence and condition codes: one HI segment (12 composites) of each."""

TYPE_OF_BILL = re.compile(r"^[1-8][1-9]1$")
"""Facility type, classification, frequency ``1``: replacements and voids come from corrections."""
ADMISSION_TYPE = re.compile(r"^[1-59]$")
"""1 emergency, 2 urgent, 3 elective, 4 newborn, 5 trauma, 9 information not available."""
ADMISSION_SOURCE = re.compile(r"^[1-9A-GZ]$")
"""Point of origin (UB-04 FL 15)."""
PATIENT_STATUS = re.compile(r"^\d{2}$")
"""Discharge status (UB-04 FL 17), e.g. ``01`` home or self care, ``30`` still a patient."""
HOUR = re.compile(r"^([01]\d|2[0-3])[0-5]\d$")
CODE2 = re.compile(r"^[0-9A-Z]{2}$")
ICD10_CM = re.compile(r"^[A-TV-Z]\d[0-9A-Z]{1,5}$")


@dataclass(frozen=True)
class ValueCode:
    """UB-04 FL 39-41 (HI*BE): a code and its amount, e.g. ``80`` covered days."""

    code: str
    amount: Money


@dataclass(frozen=True)
class OccurrenceCode:
    """UB-04 FL 31-34 (HI*BH): a code and its date, e.g. ``11`` onset of symptoms."""

    code: str
    date: date


@dataclass(frozen=True)
class InstitutionalData:
    """The facility part of an encounter billed on an 837I."""

    type_of_bill: str
    """Three characters: facility type, classification, frequency (``131`` hospital outpatient)."""
    patient_status: str
    admission_date: date | None = None
    admission_hour: str = ""
    """``HHMM``, 24-hour clock."""
    admission_type: str = ""
    admission_source: str = ""
    admitting_diagnosis: str = ""
    value_codes: tuple[ValueCode, ...] = ()
    occurrence_codes: tuple[OccurrenceCode, ...] = ()
    condition_codes: tuple[str, ...] = ()

    @property
    def facility_type_code(self) -> str:
        """CLM05-1: the first two characters of the type of bill."""
        return self.type_of_bill[:2]

    @property
    def is_inpatient(self) -> bool:
        """Inpatient bills (11x, 21x, 41x, 61x..., and 18x swing beds) need the admission data."""
        tob = self.type_of_bill
        return (tob[:1] in "1246" and tob[1:2] == "1") or tob[:2] == "18"


def institutional_from(values: Mapping[str, Any]) -> InstitutionalData:
    """From request data (``institutional`` of an encounter); codes upper-case, diagnosis undotted."""
    return InstitutionalData(
        type_of_bill=str(values.get("type_of_bill") or "").strip().upper(),
        patient_status=str(values.get("patient_status") or "").strip(),
        admission_date=values.get("admission_date"),
        admission_hour=str(values.get("admission_hour") or "").replace(":", "").strip(),
        admission_type=str(values.get("admission_type") or "").strip(),
        admission_source=str(values.get("admission_source") or "").strip().upper(),
        admitting_diagnosis=str(values.get("admitting_diagnosis") or "").replace(".", "").strip().upper(),
        value_codes=tuple(
            ValueCode(str(v["code"]).strip().upper(), _money(v.get("amount"), i))
            for i, v in enumerate(values.get("value_codes") or ())
        ),
        occurrence_codes=tuple(
            OccurrenceCode(str(o["code"]).strip().upper(), o["date"])
            for o in values.get("occurrence_codes") or ()
        ),
        condition_codes=tuple(str(c).strip().upper() for c in values.get("condition_codes") or ()),
    )


def _money(value: object, i: int) -> Money:
    if isinstance(value, Money):
        return value
    if isinstance(value, (str, int)) and not isinstance(value, bool):
        return Money.parse(str(value), field=f"institutional.value_codes.{i}.amount")
    raise FieldErrors.single(f"institutional.value_codes.{i}.amount", "an amount is a string such as 12.00")


def validate_institutional(
    data: InstitutionalData | None,
    c: FieldCollector,
    *,
    first_day: date,
    last_day: date,
    today: date,
) -> None:
    """Every rule of the facility part; ``first_day``..``last_day`` is the statement period."""
    p = "institutional"
    if data is None:
        c.add(p, "an institutional encounter needs its type of bill and patient status")
        return
    if not TYPE_OF_BILL.fullmatch(data.type_of_bill):
        c.add(
            f"{p}.type_of_bill",
            f"{data.type_of_bill!r} is not a type of bill: facility type, classification and "
            "frequency 1, such as 131 (hospital outpatient) or 111 (hospital inpatient)",
        )
    if not PATIENT_STATUS.fullmatch(data.patient_status):
        c.add(f"{p}.patient_status", "the patient status is a two-digit code such as 01 (discharged home)")
    inpatient = TYPE_OF_BILL.fullmatch(data.type_of_bill) is not None and data.is_inpatient
    _validate_admission(data, c, inpatient=inpatient, first_day=first_day, today=today)
    if data.admitting_diagnosis and not ICD10_CM.fullmatch(data.admitting_diagnosis):
        c.add(f"{p}.admitting_diagnosis", f"{data.admitting_diagnosis!r} is not an ICD-10-CM code")
    if inpatient and not data.admitting_diagnosis:
        c.add(f"{p}.admitting_diagnosis", "an inpatient bill needs the admitting diagnosis")
    _validate_codes(data, c, last_day=last_day)


def _validate_admission(
    data: InstitutionalData, c: FieldCollector, *, inpatient: bool, first_day: date, today: date
) -> None:
    p = "institutional"
    if inpatient:
        for name in ("admission_date", "admission_type", "admission_source"):
            if not getattr(data, name):
                c.add(f"{p}.{name}", f"an inpatient bill needs the {name.replace('_', ' ')}")
    if data.admission_date is not None:
        if data.admission_date > first_day:
            c.add(f"{p}.admission_date", "the admission cannot be after the start of the statement period")
        if data.admission_date > today:
            c.add(f"{p}.admission_date", "the admission date cannot be in the future")
    if data.admission_hour and not HOUR.fullmatch(data.admission_hour):
        c.add(f"{p}.admission_hour", "the admission hour is HHMM on a 24-hour clock, such as 0730")
    if data.admission_hour and data.admission_date is None:
        c.add(f"{p}.admission_hour", "an admission hour needs the admission date")
    if data.admission_type and not ADMISSION_TYPE.fullmatch(data.admission_type):
        c.add(f"{p}.admission_type", "the admission type is 1-5 or 9 (1 emergency, 3 elective...)")
    if data.admission_source and not ADMISSION_SOURCE.fullmatch(data.admission_source):
        c.add(f"{p}.admission_source", "the point of origin is one character: 1-9, A-G or Z")


def _validate_codes(data: InstitutionalData, c: FieldCollector, *, last_day: date) -> None:
    p = "institutional"
    groups: tuple[tuple[str, tuple[str, ...]], ...] = (
        ("value_codes", tuple(v.code for v in data.value_codes)),
        ("occurrence_codes", tuple(o.code for o in data.occurrence_codes)),
        ("condition_codes", data.condition_codes),
    )
    for name, codes in groups:
        if len(codes) > MAX_CODES:
            c.add(f"{p}.{name}", f"at most {MAX_CODES} {name.replace('_', ' ')}")
        suffix = "" if name == "condition_codes" else ".code"
        for i, code in enumerate(codes):
            if not CODE2.fullmatch(code):
                c.add(f"{p}.{name}.{i}{suffix}", f"{code!r} is not a two-character code")
    for i, v in enumerate(data.value_codes):
        if v.amount.is_negative():
            c.add(f"{p}.value_codes.{i}.amount", "a value code's amount cannot be negative")
    for i, o in enumerate(data.occurrence_codes):
        if o.date > last_day:
            c.add(f"{p}.occurrence_codes.{i}.date", "an occurrence cannot be after the statement period")


def as_data(data: InstitutionalData) -> dict[str, Any]:
    """JSON-ready: dates ISO 8601, amounts strings."""
    return {
        "type_of_bill": data.type_of_bill,
        "patient_status": data.patient_status,
        "admission_date": data.admission_date.isoformat() if data.admission_date else None,
        "admission_hour": data.admission_hour or None,
        "admission_type": data.admission_type or None,
        "admission_source": data.admission_source or None,
        "admitting_diagnosis": data.admitting_diagnosis or None,
        "value_codes": [{"code": v.code, "amount": str(v.amount)} for v in data.value_codes],
        "occurrence_codes": [{"code": o.code, "date": o.date.isoformat()} for o in data.occurrence_codes],
        "condition_codes": list(data.condition_codes),
    }


# -- storage ------------------------------------------------------------------------------------
def columns(data: InstitutionalData | None) -> dict[str, Any]:
    """The encounter columns that hold ``data`` (all empty for a professional encounter)."""
    if data is None:
        return {}
    return {
        "type_of_bill": data.type_of_bill,
        "patient_status": data.patient_status,
        "admission_date": data.admission_date,
        "admission_hour": data.admission_hour or None,
        "admission_type": data.admission_type or None,
        "admission_source": data.admission_source or None,
        "admitting_diagnosis": data.admitting_diagnosis or None,
        "value_codes": json.dumps(as_data(data)["value_codes"]),
        "occurrence_codes": json.dumps(as_data(data)["occurrence_codes"]),
        "condition_codes": ",".join(data.condition_codes),
    }


def from_row(row: Any) -> InstitutionalData | None:
    """Back from an encounter row; ``None`` when it holds no type of bill."""
    if not row.type_of_bill:
        return None
    return InstitutionalData(
        type_of_bill=row.type_of_bill,
        patient_status=row.patient_status or "",
        admission_date=row.admission_date,
        admission_hour=row.admission_hour or "",
        admission_type=row.admission_type or "",
        admission_source=row.admission_source or "",
        admitting_diagnosis=row.admitting_diagnosis or "",
        value_codes=tuple(
            ValueCode(v["code"], Money.parse(v["amount"])) for v in json.loads(row.value_codes or "[]")
        ),
        occurrence_codes=tuple(
            OccurrenceCode(o["code"], date.fromisoformat(o["date"]))
            for o in json.loads(row.occurrence_codes or "[]")
        ),
        condition_codes=tuple(c for c in (row.condition_codes or "").split(",") if c),
    )
