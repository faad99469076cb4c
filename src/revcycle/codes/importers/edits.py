"""Coding edit files from CMS: NCCI practitioner PTP edits, practitioner MUEs, Medicare Code Editor.

* PTP (``ccipra-v321r0-f1.txt``; the zip's tables, tab separated, or saved as CSV): a few notice and
  header lines, then ``column 1, column 2, *=in existence prior to 1996, effective date (YYYYMMDD),
  deletion date (YYYYMMDD or *), modifier indicator (0/1/9), PTP edit rationale``.
* MUE (``MCR_MUE_PractitionerServices_Eff_*.csv``): notice lines, then ``HCPCS/CPT code,
  practitioner MUE values, MUE adjudication indicator ("2 Date of Service Edit: Policy"),
  MUE rationale``.
* MCE (tab separated, with header): ``MCE_Version, ICD_Version, MCE_Section, MCE_Subsection,
  MCE_Edit_Type, ICD_Code_Type, ICD_Code, ICD_Desc``; diagnosis rows of the age, sex and
  manifestation edits are kept.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from pathlib import Path

from revcycle.codes.domain import DxEdit, DxEditKind, ModifierIndicator, MueEdit, PtpEdit
from revcycle.codes.importers.base import parse_yyyymmdd, read_text, where
from revcycle.kit.errors import FormatError

_HCPCS = re.compile(r"^[0-9A-Z]{4}[0-9A-Z]$")
_MCE_HEADER = [
    "mce_version",
    "icd_version",
    "mce_section",
    "mce_subsection",
    "mce_edit_type",
    "icd_code_type",
    "icd_code",
]


def _table(path: Path) -> list[tuple[int, list[str]]]:
    text = read_text(path)
    rows = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        cells = line.split("\t") if "\t" in line else next(csv.reader(io.StringIO(line)))
        rows.append((number, [c.strip().strip('"') for c in cells]))
    return rows


def read_ptp_file(path: Path) -> list[PtpEdit]:
    """NCCI PTP edits; lines before the first data row (notices, headers) are skipped."""
    edits: list[PtpEdit] = []
    for number, cells in _table(path):
        if len(cells) < 6 or not _HCPCS.match(cells[0]) or not _HCPCS.match(cells[1]):
            if edits:
                raise FormatError(
                    "expected column 1 and column 2 codes", location=where(path, number, "column 1")
                )
            continue
        indicator = cells[5]
        if indicator not in {"0", "1", "9"}:
            raise FormatError(
                f"modifier indicator is {indicator!r}; it must be 0, 1 or 9",
                location=where(path, number, "modifier indicator"),
            )
        effective = parse_yyyymmdd(cells[3], location=where(path, number, "effective date"))
        if effective is None:
            raise FormatError("the effective date is empty", location=where(path, number, "effective date"))
        deletion = parse_yyyymmdd(cells[4], location=where(path, number, "deletion date"))
        rationale = cells[6] if len(cells) > 6 and cells[6] else None
        edits.append(
            PtpEdit(cells[0], cells[1], effective, deletion, ModifierIndicator(indicator), rationale)
        )
    if not edits:
        raise FormatError("no PTP edits found (column 1, column 2, ... rows)", location=path.name)
    return edits


def read_mue_file(path: Path, *, effective: date) -> list[MueEdit]:
    """Practitioner MUEs in force from ``effective``; notice and header lines are skipped."""
    edits: list[MueEdit] = []
    for number, cells in _table(path):
        if len(cells) < 3 or not _HCPCS.match(cells[0]):
            if edits:
                raise FormatError("expected a HCPCS/CPT code", location=where(path, number, "HCPCS/CPT code"))
            continue
        if not cells[1].isdigit():
            raise FormatError(
                f"MUE value {cells[1]!r} is not a whole number", location=where(path, number, "MUE value")
            )
        indicator = cells[2][:1]
        if indicator not in {"1", "2", "3"}:
            raise FormatError(
                f"adjudication indicator {cells[2]!r} must start with 1, 2 or 3",
                location=where(path, number, "MUE adjudication indicator"),
            )
        rationale = cells[3] if len(cells) > 3 and cells[3] else None
        edits.append(MueEdit(cells[0], int(cells[1]), indicator, rationale, valid_from=effective))
    if not edits:
        raise FormatError("no MUE rows found (code, units, indicator)", location=path.name)
    return edits


def read_mce_file(path: Path) -> tuple[str, list[DxEdit]]:
    """(MCE version, the diagnosis edits revcycle applies) of a Medicare Code Editor table."""
    rows = _table(path)
    if not rows or [c.lower() for c in rows[0][1][:7]] != _MCE_HEADER:
        raise FormatError("not an MCE table (header MCE_Version, ICD_Version, ...)", location=where(path, 1))
    kinds = {k.value: k for k in DxEditKind}
    version = ""
    edits: list[DxEdit] = []
    for number, cells in rows[1:]:
        if len(cells) < 7:
            raise FormatError("expected 8 tab-separated fields", location=where(path, number))
        if cells[1] != "10" or cells[5] != "D" or cells[4] not in kinds:
            continue
        code = cells[6].upper()
        if not re.fullmatch(r"[A-Z][0-9][0-9A-Z]{1,5}", code):
            raise FormatError(f"{code!r} is not an ICD-10-CM code", location=where(path, number, "ICD_Code"))
        version = cells[0]
        edits.append(DxEdit(code, kinds[cells[4]]))
    if not edits:
        raise FormatError("no ICD-10 diagnosis edits found", location=path.name)
    return version, edits
