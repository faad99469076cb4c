"""The CMS HCPCS Level II alpha-numeric file (``HCPC2020_ANWEB.txt``), fixed width, 320 columns.

Record identification (column 11): 3 first line of a procedure, 4 its continuation, 7 first line
of a modifier, 8 its continuation. Continuation lines carry more long description. Fields kept::

    1-5 code   12-91 long description   92-119 short description   120-127 pricing indicators (4x2)
    128 multiple pricing indicator   230 coverage code   257-259 BETOS   261-265 type of service
    269-276 add date   277-284 action effective date   285-292 termination date   293 action code

Lines that do not start with a record (notices, blank lines) are skipped.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

from revcycle.codes.domain import CodeEntry, CodeSystem
from revcycle.codes.importers.base import Release, numbered_lines, parse_yyyymmdd, require_entries, where
from revcycle.kit.errors import FormatError

_RECORD = re.compile(r"^[ A-Z0-9]{5}\d{5}[3478]")


def _col(line: str, start: int, end: int) -> str:
    return line[start - 1 : end].strip()


def read_hcpcs_file(path: Path, *, effective: date, label: str) -> tuple[Release, Release]:
    """(procedure codes, modifiers) of one HCPCS file."""
    procedures: dict[str, dict[str, Any]] = {}
    modifiers: dict[str, dict[str, Any]] = {}
    last: dict[str, Any] | None = None
    for number, line in numbered_lines(path):
        if not _RECORD.match(line):
            continue
        code, record = _col(line, 1, 5), line[10]
        target = procedures if record in "34" else modifiers
        if record in "48":
            if last is None or last["code"] != code:
                raise FormatError("a continuation line without its first line", location=where(path, number))
            last["long"] += " " + _col(line, 12, 91)
            continue
        if len(line) < 293:
            raise FormatError(f"record is {len(line)} columns, expected 320", location=where(path, number))
        loc = where(path, number)
        last = {
            "code": code,
            "long": _col(line, 12, 91),
            "short": _col(line, 92, 119),
            "pricing": [p for p in (_col(line, s, s + 1) for s in (120, 122, 124, 126)) if p],
            "multiple_pricing": _col(line, 128, 128),
            "coverage": _col(line, 230, 230),
            "betos": _col(line, 257, 259),
            "type_of_service": list(_col(line, 261, 265)),
            "added": parse_yyyymmdd(_col(line, 269, 276), location=f"{loc}, field add date"),
            "action_effective": parse_yyyymmdd(_col(line, 277, 284), location=f"{loc}, field action date"),
            "terminated": parse_yyyymmdd(_col(line, 285, 292), location=f"{loc}, field termination date"),
            "action": _col(line, 293, 293),
        }
        if code in target:
            raise FormatError(f"{code} appears twice", location=where(path, number, "code"))
        target[code] = last

    def entries(rows: dict[str, dict[str, Any]], system: CodeSystem) -> list[CodeEntry]:
        out = []
        for row in rows.values():
            attributes = {
                k: row[k]
                for k in ("pricing", "multiple_pricing", "coverage", "betos", "type_of_service", "action")
            }
            attributes = {k: v for k, v in attributes.items() if v}
            out.append(
                CodeEntry(
                    system=system,
                    code=row["code"],
                    description=" ".join(row["long"].split()),
                    short_description=row["short"] or None,
                    billable=True,
                    valid_from=row["added"],
                    valid_to=row["terminated"],
                    attributes=attributes,
                )
            )
        return out

    codes = Release(CodeSystem.HCPCS, label, effective, path.name, entries(procedures, CodeSystem.HCPCS))
    mods = Release(
        CodeSystem.MODIFIER,
        label,
        effective,
        path.name,
        entries(modifiers, CodeSystem.MODIFIER),
        scope=".*[A-Z]",
    )
    return require_entries(codes), mods
