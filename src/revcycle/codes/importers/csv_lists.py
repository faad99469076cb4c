"""CSV code lists: a licensed CPT file, revcycle's own lists (POS, CARC, RARC, CAS groups,
modifiers, demo CPT), and the NUCC provider taxonomy.

revcycle's list format: a header row with ``code,description`` and optionally ``short_description``,
``valid_from``, ``valid_to`` (YYYY-MM-DD; blank = open) and any further columns, which become
attributes. A licensed CPT file has ``code,short,long`` columns (a header row is optional).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from revcycle.codes.domain import CodeEntry, CodeSystem
from revcycle.codes.importers.base import Release, parse_iso, read_text, require_entries, where
from revcycle.kit.errors import FormatError

_CPT = re.compile(r"^\d{4}[0-9FTU]$")
_TAXONOMY = re.compile(r"^[0-9]{3}[0-9A-Z]{6}X$")


def _rows(text: str) -> Iterator[tuple[int, list[str]]]:
    for number, row in enumerate(csv.reader(io.StringIO(text)), start=1):
        if row and any(cell.strip() for cell in row) and not row[0].lstrip().startswith("#"):
            yield number, [cell.strip() for cell in row]


def read_code_list(
    path: Path, system: CodeSystem, *, effective: date, label: str, text: str | None = None
) -> Release:
    """A list in revcycle's CSV format (``text`` instead of reading ``path``, for package data)."""
    rows = _rows(read_text(path) if text is None else text)
    try:
        _, header = next(rows)
    except StopIteration:
        raise FormatError("the file is empty", location=path.name) from None
    names = [h.lower() for h in header]
    if names[:2] != ["code", "description"]:
        raise FormatError("the header must start with code,description", location=where(path, 1))
    entries: list[CodeEntry] = []
    seen: set[tuple[str, date | None]] = set()
    for number, row in rows:
        values = dict(zip(names, row, strict=False))
        code = values.get("code", "").upper()
        if not code:
            raise FormatError("the code is empty", location=where(path, number, "code"))
        if not values.get("description"):
            raise FormatError("the description is empty", location=where(path, number, "description"))
        valid_from = parse_iso(values.get("valid_from", ""), location=where(path, number, "valid_from"))
        valid_to = parse_iso(values.get("valid_to", ""), location=where(path, number, "valid_to"))
        if (code, valid_from) in seen:
            raise FormatError(f"{code} appears twice", location=where(path, number, "code"))
        seen.add((code, valid_from))
        extra: dict[str, Any] = {
            k: v
            for k, v in values.items()
            if k not in {"code", "description", "short_description", "valid_from", "valid_to"} and v
        }
        entries.append(
            CodeEntry(
                system=system,
                code=code,
                description=values["description"],
                short_description=values.get("short_description") or None,
                valid_from=valid_from,
                valid_to=valid_to,
                attributes=extra,
            )
        )
    return require_entries(Release(system, label, effective, path.name, entries))


def read_cpt_csv(path: Path, *, effective: date, label: str) -> Release:
    """A licensed CPT file: ``code, short descriptor, long descriptor`` per row."""
    entries: list[CodeEntry] = []
    seen: set[str] = set()
    for number, row in _rows(read_text(path)):
        if number == 1 and not _CPT.match(row[0].upper()):
            continue  # header
        if len(row) < 3:
            raise FormatError("expected code, short and long descriptor", location=where(path, number))
        code = row[0].upper()
        if not _CPT.match(code):
            raise FormatError(
                f"{row[0]!r} is not a CPT code (5 characters)", location=where(path, number, "code")
            )
        if not row[2]:
            raise FormatError("the long descriptor is empty", location=where(path, number, "long descriptor"))
        if code in seen:
            raise FormatError(f"{code} appears twice", location=where(path, number, "code"))
        seen.add(code)
        entries.append(CodeEntry(CodeSystem.CPT, code, row[2], short_description=row[1] or None))
    return require_entries(Release(CodeSystem.CPT, label, effective, path.name, entries))


def read_nucc_taxonomy(path: Path, *, effective: date, label: str) -> Release:
    """The NUCC taxonomy CSV (``Code,Grouping,Classification,Specialization,Definition,...``)."""
    rows = _rows(read_text(path))
    try:
        _, header = next(rows)
    except StopIteration:
        raise FormatError("the file is empty", location=path.name) from None
    names = [h.lower() for h in header]
    if "code" not in names or "classification" not in names:
        raise FormatError(
            "not a NUCC taxonomy file (no Code and Classification columns)", location=where(path, 1)
        )
    entries: list[CodeEntry] = []
    for number, row in rows:
        values = dict(zip(names, row, strict=False))
        code = values.get("code", "").upper()
        if not _TAXONOMY.match(code):
            raise FormatError(
                f"{code!r} is not a taxonomy code (10 characters ending in X)",
                location=where(path, number, "Code"),
            )
        display = values.get("display name") or " - ".join(
            v for v in (values.get("classification"), values.get("specialization")) if v
        )
        attributes = {
            k: values[k] for k in ("grouping", "classification", "specialization", "section") if values.get(k)
        }
        entries.append(CodeEntry(CodeSystem.TAXONOMY, code, display, attributes=attributes))
    return require_entries(Release(CodeSystem.TAXONOMY, label, effective, path.name, entries))
