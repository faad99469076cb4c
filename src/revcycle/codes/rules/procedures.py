"""Procedure edits: NCCI procedure-to-procedure pairs, medically unlikely edits, E/M with a
procedure without modifier 25, modifiers that do not fit the code, diagnosis pointers."""

from __future__ import annotations

from revcycle.codes.domain import PTP_BYPASS_MODIFIERS, CodeSystem, ModifierIndicator
from revcycle.codes.rules.model import (
    LAB_CODES,
    SURGERY_CODES,
    CodingContext,
    EncounterCodes,
    finding,
    is_em,
)
from revcycle.kit.findings import Finding, Severity

NO_GLOBAL_PERIOD = frozenset({"36415", "36416", "36410", "36591", "36592"})
"""Codes in the surgery range without a global period (specimen collection): no modifier 25 needed."""
MAX_POINTERS = 4
MAX_DIAGNOSES = 12


def ncci_ptp(encounter: EncounterCodes, context: CodingContext) -> list[Finding]:
    """NCCI_PTP: column 2 is not paid with column 1 on the same day, unless the modifier
    indicator is 1 and a bypass modifier (59, XE/XS/XP/XU, anatomic...) is on either line."""
    lines = {line.code: (i, line) for i, line in enumerate(encounter.lines)}
    out = []
    for edit in context.ptp_edits:
        if edit.column1 not in lines or edit.column2 not in lines or edit.column1 == edit.column2:
            continue
        if not edit.in_force_on(context.date_of_service):
            continue
        i2, line2 = lines[edit.column2]
        _, line1 = lines[edit.column1]
        bypass = PTP_BYPASS_MODIFIERS & (set(line2.modifiers) | set(line1.modifiers))
        if edit.modifier_indicator is ModifierIndicator.ALLOWED:
            if bypass:
                continue
            message = (
                f"{edit.column2} is bundled into {edit.column1} (NCCI PTP, modifier allowed); if the services"
                f" were distinct (separate site, session or practitioner), add XS, XE, XP, XU or 59 to "
                f"{edit.column2}, otherwise remove {edit.column2}"
            )
            suggestion = f"add modifier XS or 59 to lines[{i2}] when documentation supports it"
        else:
            message = (
                f"{edit.column2} is never paid with {edit.column1} on the same day (NCCI PTP, modifier "
                f"indicator 0); remove {edit.column2}: no modifier bypasses this edit"
            )
            suggestion = f"remove lines[{i2}]"
        out.append(finding("NCCI_PTP", Severity.ERROR, message, f"lines[{i2}].code", suggestion))
    return out


def mue_units(encounter: EncounterCodes, context: CodingContext) -> list[Finding]:
    """MUE_UNITS: more units of a code than CMS allows for one patient on one day."""
    out = []
    per_day: dict[str, int] = {}
    for line in encounter.lines:
        per_day[line.code] = per_day.get(line.code, 0) + line.units
    for i, line in enumerate(encounter.lines):
        edit = context.mue.get(line.code)
        if edit is None:
            continue
        units = line.units if edit.adjudication_indicator == "1" else per_day[line.code]
        if units > edit.max_units:
            scope = "on one line" if edit.adjudication_indicator == "1" else "per day"
            out.append(
                finding(
                    "MUE_UNITS",
                    Severity.ERROR,
                    f"{units} units of {line.code} {scope} exceed the medically unlikely edit of "
                    f"{edit.max_units}; bill at most {edit.max_units} units (or appeal with documentation)",
                    f"lines[{i}].units",
                )
            )
    return out


def em_with_procedure(encounter: EncounterCodes, context: CodingContext) -> list[Finding]:
    """EM_MODIFIER_25: an E/M on the same day as a procedure needs modifier 25 (or 57)."""
    procedures = [
        line.code
        for line in encounter.lines
        if SURGERY_CODES.match(line.code) and line.code not in NO_GLOBAL_PERIOD
    ]
    if not procedures:
        return []
    out = []
    for i, line in enumerate(encounter.lines):
        if is_em(line.code) and not {"25", "57"} & set(line.modifiers):
            out.append(
                finding(
                    "EM_MODIFIER_25",
                    Severity.ERROR,
                    f"E/M {line.code} is billed with procedure {', '.join(procedures)} on the same day; add "
                    "modifier 25 if the visit was significant and separately identifiable, otherwise remove "
                    f"{line.code} (the visit is part of the procedure)",
                    f"lines[{i}].modifiers",
                    suggestion=f"add modifier 25 to lines[{i}]",
                )
            )
    return out


def _fits(applies_to: str, code: str) -> bool:
    if applies_to == "em":
        return is_em(code)
    if applies_to == "procedure":
        return not is_em(code)
    if applies_to == "lab":
        return bool(LAB_CODES.match(code))
    return True


def modifier_valid(encounter: EncounterCodes, context: CodingContext) -> list[Finding]:
    """MODIFIER_INVALID: a modifier that does not exist on the date of service or does not fit the code."""
    out = []
    for i, line in enumerate(encounter.lines):
        if len(line.modifiers) > 4:
            out.append(
                finding(
                    "MODIFIER_INVALID",
                    Severity.ERROR,
                    "a line takes at most 4 modifiers; keep the pricing modifiers first",
                    f"lines[{i}].modifiers",
                )
            )
        for k, modifier in enumerate(line.modifiers):
            path = f"lines[{i}].modifiers[{k}]"
            version = context.version(CodeSystem.MODIFIER, modifier)
            if version is None:
                known = bool(context.all_versions(CodeSystem.MODIFIER, modifier))
                reason = "is not valid on the date of service" if known else "is not a known modifier"
                out.append(
                    finding(
                        "MODIFIER_INVALID",
                        Severity.ERROR,
                        f"modifier {modifier} {reason}; remove it or use a current modifier",
                        path,
                    )
                )
                continue
            applies_to = str(version.attributes.get("applies_to", "any"))
            if not _fits(applies_to, line.code):
                kind = {"em": "E/M codes", "procedure": "procedures (not E/M)", "lab": "laboratory tests"}
                out.append(
                    finding(
                        "MODIFIER_INVALID",
                        Severity.ERROR,
                        f"modifier {modifier} ({version.short_description or version.description}) applies "
                        f"to {kind.get(applies_to, applies_to)}, not to {line.code}; remove it or move it "
                        "to the line it belongs to",
                        path,
                    )
                )
    return out


def dx_pointers(encounter: EncounterCodes, context: CodingContext) -> list[Finding]:
    """DX_POINTER: each line points to 1-4 distinct diagnoses that exist on the claim."""
    out = []
    count = len(encounter.diagnoses)
    if count > MAX_DIAGNOSES:
        out.append(
            finding(
                "DX_POINTER",
                Severity.ERROR,
                f"a professional claim holds at most {MAX_DIAGNOSES} "
                f"diagnoses, this one has {count}; split the claim",
                "diagnoses",
            )
        )
    for i, line in enumerate(encounter.lines):
        path = f"lines[{i}].dx_pointers"
        pointers = line.dx_pointers
        if not pointers:
            out.append(
                finding(
                    "DX_POINTER",
                    Severity.ERROR,
                    "the line points to no diagnosis; point it to the diagnosis it treats",
                    path,
                )
            )
            continue
        if len(pointers) > MAX_POINTERS:
            out.append(
                finding(
                    "DX_POINTER",
                    Severity.ERROR,
                    f"a line points to at most {MAX_POINTERS} diagnoses; keep the most relevant",
                    path,
                )
            )
        if len(set(pointers)) != len(pointers):
            out.append(
                finding("DX_POINTER", Severity.ERROR, "a diagnosis pointer is repeated; list each once", path)
            )
        for pointer in pointers:
            if not 1 <= pointer <= count:
                out.append(
                    finding(
                        "DX_POINTER",
                        Severity.ERROR,
                        f"pointer {pointer} points past the {count} diagnoses on the claim; "
                        f"use a number from 1 to {count}",
                        path,
                    )
                )
    return out
