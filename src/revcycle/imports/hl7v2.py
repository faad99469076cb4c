"""HL7 v2 DFT^P03 (post detail financial transactions) -> import records. Pure.

Read with hl7apy. A file may hold several messages; each message is imported whole or not at
all: any error drops the message and is reported with its control id (MSH-10) and the field
(``FT1[2]-11``). Segments read: PID (patient), PV1 (visit number, attending), FT1 (charge lines),
DG1 (diagnoses), PR1 (procedures without a charge line), IN1 (payer and coverage).
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from hl7apy.exceptions import HL7apyException
from hl7apy.parser import parse_message

from revcycle.imports.model import (
    Code,
    CodeSystem,
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

DX_SYSTEMS = {
    "I10": CodeSystem.ICD10CM,
    "I10C": CodeSystem.ICD10CM,
    "I9": CodeSystem.ICD9CM,
    "I9C": CodeSystem.ICD9CM,
    "SCT": CodeSystem.SNOMED,
    "SNM": CodeSystem.SNOMED,
}
PX_SYSTEMS = {
    "CPT": CodeSystem.CPT,
    "C4": CodeSystem.CPT,
    "HCPCS": CodeSystem.HCPCS,
    "HC": CodeSystem.HCPCS,
    "SCT": CodeSystem.SNOMED,
    "LN": CodeSystem.LOINC,
}
RELATIONSHIP = {"SEL": "18", "18": "18", "SPO": "01", "01": "01", "CHD": "19", "19": "19"}
_TS = re.compile(r"^(\d{4})(\d{2})(\d{2})")


class _Msg:
    """One parsed message: fields by segment and number, components split."""

    def __init__(self, text: str) -> None:
        self.message = parse_message(text, find_groups=False)
        self.segments = list(self.message.children)
        self.comp = text[4] if len(text) > 4 else "^"
        self.rep = text[5] if len(text) > 5 else "~"
        self.c = FieldCollector()

    def all(self, name: str) -> list[Any]:
        return [s for s in self.segments if s.name == name]

    def field(self, seg: Any, n: int) -> str:
        if seg is None:
            return ""
        name = f"{seg.name}_{n}".upper()
        try:
            return self.rep.join(str(f.to_er7()) for f in seg.children if f.name == name)
        except (HL7apyException, AttributeError, IndexError):
            return ""

    def comps(self, seg: Any, n: int, rep: int = 0) -> list[str]:
        reps = self.field(seg, n).split(self.rep)
        return reps[rep].split(self.comp) if rep < len(reps) else []

    def comp_at(self, seg: Any, n: int, i: int) -> str:
        parts = self.comps(seg, n)
        return parts[i].strip() if i < len(parts) else ""

    def date(self, seg: Any, n: int, name: str, *, required: bool = False) -> date | None:
        text = self.comp_at(seg, n, 0)
        if not text:
            if required:
                self.c.add(name, "a date is required")
            return None
        m = _TS.match(text)
        try:
            if m is None:
                raise ValueError
            return date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            self.c.add(name, f"{text!r} is not an HL7 date (YYYYMMDD)")
            return None


def split_messages(text: str) -> list[str]:
    """Messages of a file, each with carriage-return segment terminators."""
    lines = [ln for ln in re.split(r"\r\n|\r|\n", text) if ln.strip()]
    out: list[list[str]] = []
    for ln in lines:
        if ln.startswith("MSH") or not out:
            out.append([])
        out[-1].append(ln)
    return ["\r".join(m) for m in out]


def parse_hl7(text: str, *, name: str = "message.hl7") -> Parsed:
    out = Parsed()
    for i, raw in enumerate(split_messages(text), start=1):
        ident = f"{name} message {i}"
        try:
            msg = _Msg(raw)
            ident = msg.field(msg.all("MSH")[0], 10) or ident
            records = _message(msg)
        except FieldErrors as exc:
            out.errors.extend(RecordError("DFT^P03", ident, e.field, e.message) for e in exc.errors)
            continue
        except (HL7apyException, IndexError) as exc:
            out.errors.append(RecordError("DFT^P03", ident, "", f"not a readable HL7 v2 message: {exc}"))
            continue
        out.records.extend(records)
    return out


def _message(msg: _Msg) -> list[Record]:
    msh = msg.all("MSH")[0]
    kind = msg.field(msh, 9).split(msg.comp)[:2]
    if kind != ["DFT", "P03"]:
        raise FieldErrors.single("MSH-9", f"{'^'.join(kind)} is not DFT^P03")
    ident = msg.field(msh, 10)
    pids, pv1s = msg.all("PID"), msg.all("PV1")
    if not pids:
        raise FieldErrors.single("PID", "the message has no PID segment")
    pid, pv1 = pids[0], (pv1s[0] if pv1s else None)
    mrn = msg.comp_at(pid, 3, 0)
    if not mrn:
        msg.c.add("PID-3", "the patient identifier is required")
    patient = Record(Kind.PATIENT, mrn, "PID", ident, _patient(msg, pid))
    records = [patient]
    attending = msg.comp_at(pv1, 7, 0) if pv1 else ""
    fts = msg.all("FT1")
    npi = next((x for ft in fts if (x := msg.comp_at(ft, 20, 0))), "") or attending
    if not npi:
        msg.c.add("FT1-20", "no performing provider NPI (FT1-20 or PV1-7)")
    else:
        source = next((ft for ft in fts if msg.comp_at(ft, 20, 0)), None)
        seg, at = (source, 20) if source is not None else (pv1, 7)
        records.append(
            Record(
                Kind.PROVIDER,
                npi,
                "FT1" if source is not None else "PV1",
                ident,
                {
                    "kind": "individual",
                    "npi": npi,
                    "last_name": msg.comp_at(seg, at, 1) or None,
                    "first_name": msg.comp_at(seg, at, 2) or None,
                },
            )
        )
    for i, in1 in enumerate(msg.all("IN1"), start=1):
        records.extend(_insurance(msg, in1, i, mrn, ident))
    enc = _encounter(msg, pv1, fts, ident)
    enc.refs = {"patient_id": Ref(Kind.PATIENT, mrn), "rendering_provider_id": Ref(Kind.PROVIDER, npi)}
    msg.c.raise_if_any()
    return [*records, enc]


def _patient(msg: _Msg, pid: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "last_name": msg.comp_at(pid, 5, 0),
        "first_name": msg.comp_at(pid, 5, 1),
        "middle_name": msg.comp_at(pid, 5, 2) or None,
        "date_of_birth": msg.date(pid, 7, "PID-7", required=True),
        "sex": {"M": "M", "F": "F"}.get(msg.comp_at(pid, 8, 0).upper(), "U"),
    }
    street, _, city, state, zip_code = (msg.comps(pid, 11) + [""] * 5)[:5]
    if street:
        values["address"] = {"line1": street, "city": city, "state": state, "zip": zip_code.replace("-", "")}
    phone = "".join(ch for ch in msg.comp_at(pid, 13, 0) if ch.isdigit())
    if len(phone) == 10:
        values["phone"] = phone
    return values


def _insurance(msg: _Msg, in1: Any, i: int, mrn: str, ident: str) -> list[Record]:
    code, name, member = msg.comp_at(in1, 3, 0), msg.comp_at(in1, 4, 0), msg.comp_at(in1, 36, 0)
    if not code or not member:
        msg.c.add(
            f"IN1[{i}]-3" if not code else f"IN1[{i}]-36", "the payer ID and policy number are required"
        )
        return []
    payer = Record(Kind.PAYER, code, "IN1", ident, {"name": name or code, "payer_code": code})
    relationship = RELATIONSHIP.get(msg.comp_at(in1, 17, 0).upper(), "G8")
    values: dict[str, Any] = {
        "member_id": member,
        "group_number": msg.comp_at(in1, 8, 0) or None,
        "order": ("primary", "secondary", "tertiary")[min(i, 3) - 1],
        "relationship": relationship,
        "effective_date": msg.date(in1, 12, f"IN1[{i}]-12") or date(1900, 1, 1),
    }
    if relationship != "18":
        values["subscriber"] = {
            "last_name": msg.comp_at(in1, 16, 0),
            "first_name": msg.comp_at(in1, 16, 1),
            "date_of_birth": msg.date(in1, 18, f"IN1[{i}]-18"),
        }
    coverage = Record(Kind.COVERAGE, f"{mrn}|{code}|{member}", "IN1", ident, values)
    coverage.refs = {"patient_id": Ref(Kind.PATIENT, mrn), "payer_id": Ref(Kind.PAYER, code)}
    return [payer, coverage]


def _code(
    msg: _Msg, seg: Any, n: int, table: dict[str, CodeSystem], *, procedure: bool, rep: int = 0
) -> Code | None:
    parts = [*msg.comps(seg, n, rep), "", "", ""]
    code, text, system = parts[0].strip(), parts[1], parts[2].strip().upper()
    if not code:
        return None
    if system:
        kind = table.get(system, CodeSystem.UNSPECIFIED)
    else:
        kind = procedure_system(code.upper()) if procedure else diagnosis_system(code.upper())
    return Code(kind, code, text)


def _encounter(msg: _Msg, pv1: Any, fts: list[Any], ident: str) -> Record:
    visit = (msg.comp_at(pv1, 19, 0) if pv1 else "") or ident
    enc = Record(Kind.ENCOUNTER, visit, "DFT^P03", ident)
    for dg1 in sorted(msg.all("DG1"), key=lambda s: int(msg.comp_at(s, 1, 0) or 0)):
        dx = _code(msg, dg1, 3, DX_SYSTEMS, procedure=False)
        if dx is not None and dx not in enc.diagnoses:
            enc.diagnoses.append(dx)
    keys = [d.billing_form for d in enc.diagnoses]
    dates: list[date] = []
    for i, ft in enumerate(fts, start=1):
        p = f"FT1[{i}]"
        code = _code(msg, ft, 25, PX_SYSTEMS, procedure=True) or _code(msg, ft, 7, PX_SYSTEMS, procedure=True)
        if code is None:
            msg.c.add(f"{p}-7", "no procedure code (FT1-25 or FT1-7)")
            continue
        try:
            units = Decimal(msg.comp_at(ft, 10, 0) or "1")
            amount = msg.comp_at(ft, 11, 0)
            charge = Money.parse(amount, field=f"{p}-11") if amount else None
        except InvalidOperation:
            msg.c.add(f"{p}-10", "the quantity is not a number")
            continue
        except FieldErrors as exc:
            msg.c.absorb(exc)
            continue
        served = msg.date(ft, 4, f"{p}-4", required=True)
        pointers = []
        for rep in range(len(msg.field(ft, 19).split(msg.rep))):
            dx = _code(msg, ft, 19, DX_SYSTEMS, procedure=False, rep=rep)
            if dx is not None and dx.billing_form in keys:
                pointers.append(keys.index(dx.billing_form) + 1)
        modifiers = tuple(m.split(msg.comp)[0].upper() for m in msg.field(ft, 26).split(msg.rep) if m)
        enc.lines.append(LineData(code, units, modifiers, charge, served, tuple(pointers[:4]) or (1,)))
        if served:
            dates.append(served)
    billed = {ln.code.billing_form for ln in enc.lines}
    for pr1 in msg.all("PR1"):
        px = _code(msg, pr1, 3, PX_SYSTEMS, procedure=True)
        if px is not None and px.billing_form not in billed:
            enc.lines.append(LineData(px, service_date=msg.date(pr1, 5, "PR1-5")))
    admit = msg.date(pv1, 44, "PV1-44") if pv1 else None
    start = min(dates) if dates else admit
    if start is None:
        msg.c.add("FT1-4", "no date of service (FT1-4 or PV1-44)")
    enc.values = {"date_of_service": start}
    if dates and max(dates) > min(dates):
        enc.values["date_of_service_end"] = max(dates)
    return enc
