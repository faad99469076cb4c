"""The bridge to the codes context: its coding edits on a claim, with fields in the claim's terms.

A code set that is not loaded at all (CPT ships with no descriptors, so an installation without a
licensed CPT file has none) cannot make every code "unknown": those findings become one warning.
"""

from __future__ import annotations

import dataclasses
import re
from decimal import ROUND_CEILING

from revcycle.claims.domain.model import Claim
from revcycle.codes import repository as codes_repo
from revcycle.codes import service as codes
from revcycle.codes.domain import CodeSystem
from revcycle.codes.rules.model import ServiceLine, procedure_system
from revcycle.kit.db import UnitOfWork
from revcycle.kit.findings import Finding, Severity


def coding_findings(uow: UnitOfWork, claim: Claim) -> list[Finding]:
    """The codes context's coding edits (validity on the date of service, NCCI, MUE, age/sex...)."""
    request = codes.CheckRequest(
        diagnoses=claim.diagnoses,
        procedures=[
            ServiceLine(
                code=ln.code,
                modifiers=ln.modifiers,
                units=int(ln.units.to_integral_value(rounding=ROUND_CEILING)),
                dx_pointers=ln.diagnosis_pointers,
            )
            for ln in claim.lines
        ],
        date_of_service=claim.date_of_service,
        sex=claim.patient.sex,
        date_of_birth=claim.patient.date_of_birth,
    )
    loaded = codes_repo.loaded_systems(uow)
    out: list[Finding] = []
    unchecked: set[str] = set()
    for f in codes.check_codes(uow, request).findings:
        field = _claim_field(f.field)
        system = _system_of(claim, field) if f.rule_id in VALIDITY_RULES else None
        if system is not None and system not in loaded:
            unchecked.add(system.value)
            continue
        out.append(dataclasses.replace(f, field=field))
    for name in sorted(unchecked):
        out.append(
            Finding(
                "CODE_SET_MISSING",
                Severity.WARNING,
                f"no {name} code set is loaded, so those codes were not checked (load one: revcycle codes)",
                "diagnoses" if name == CodeSystem.ICD10CM.value else "lines",
            )
        )
    return out


VALIDITY_RULES = frozenset({"CODE_INVALID", "MODIFIER_INVALID"})


def _system_of(claim: Claim, field: str | None) -> CodeSystem | None:
    """The code system of a validity finding (``diagnoses.0``, ``lines.1.code``, ``lines.1.modifiers.0``)."""
    parts = (field or "").split(".")
    if parts[0] == "diagnoses":
        return CodeSystem.ICD10CM
    if parts[0] == "lines" and len(parts) >= 3 and parts[1].isdigit() and int(parts[1]) < len(claim.lines):
        if parts[2] == "modifiers":
            return CodeSystem.MODIFIER
        return procedure_system(claim.lines[int(parts[1])].code)
    return None


def _claim_field(field: str | None) -> str | None:
    """The codes context names ``procedures[1].code`` and ``diagnoses[0]``; claims say ``lines.1.code``."""
    if field is None:
        return None
    return re.sub(r"(\w+)\[(\d+)\]", lambda m: f"{'lines' if m[1] == 'procedures' else m[1]}.{m[2]}", field)
