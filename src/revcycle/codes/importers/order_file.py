"""The CMS ICD-10-CM and ICD-10-PCS "order" files (``icd10cm_order_2026.txt``, ``icd10pcs_order_2026.txt``).

Fixed width, one code per line::

    1-5    order number, zero filled
    7-13   code, left justified, no dot
    15     1 = valid for submission (billable), 0 = header
    17-76  short description
    78-    long description
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from revcycle.codes.domain import CodeEntry, CodeSystem
from revcycle.codes.importers.base import Release, numbered_lines, require_entries, where
from revcycle.kit.errors import FormatError

_PATTERNS = {
    CodeSystem.ICD10CM: re.compile(r"^[A-Z][0-9][0-9A-Z]{1,5}$"),
    CodeSystem.ICD10PCS: re.compile(r"^[0-9A-HJ-NP-Z]{3,7}$"),
}


def read_order_file(path: Path, system: CodeSystem, *, effective: date, label: str) -> Release:
    """Every code of an order file; a malformed line is a FormatError naming line and field."""
    if system not in _PATTERNS:
        raise FormatError(f"an order file holds ICD-10-CM or ICD-10-PCS, not {system.value}")
    pattern = _PATTERNS[system]
    entries: list[CodeEntry] = []
    seen: set[str] = set()
    for number, line in numbered_lines(path):
        if not line.strip():
            continue
        if len(line) < 17 or not line[:5].isdigit():
            raise FormatError(
                "not an order-file line (order number in columns 1-5)", location=where(path, number)
            )
        code = line[6:13].strip()
        if not pattern.match(code):
            raise FormatError(f"{code!r} is not a {system.value} code", location=where(path, number, "code"))
        flag = line[14:15]
        if flag not in ("0", "1"):
            raise FormatError(
                f"header flag is {flag!r}; it must be 1 (billable) or 0 (header)",
                location=where(path, number, "header flag"),
            )
        short = line[16:76].strip()
        long = line[77:].strip() or short
        if not long:
            raise FormatError("the description is empty", location=where(path, number, "description"))
        if code in seen:
            raise FormatError(f"{code} appears twice", location=where(path, number, "code"))
        seen.add(code)
        entries.append(
            CodeEntry(
                system=system, code=code, description=long, billable=flag == "1", short_description=short
            )
        )
    return require_entries(
        Release(system=system, label=label, effective=effective, source=path.name, entries=entries)
    )
