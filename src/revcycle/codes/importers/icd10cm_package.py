"""ICD-10-CM from the ``simple-icd-10-cm`` package (the CDC tabular it ships).

Categories and subcategories are stored (valid, not billable) along with the billable leaves.
Notes that apply to a code are gathered from the code and its ancestors (category, block,
chapter): excludes1, code first, use additional code. Sex and age hints come from the
chapter or block the tabular puts a code in (pregnancy: female 12-55; perinatal: newborn;
male or female genital organs).
"""

from __future__ import annotations

import importlib.util
import re
import warnings
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from revcycle.codes.domain import CodeEntry, CodeSystem, code_ranges
from revcycle.codes.importers.base import Release

_MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"], start=1)}  # fmt: skip


def package_release_date() -> date:
    """The effective date of the tabular the package ships (from its file name)."""
    # Locate the package's data folder without importing the package: its import parses the whole
    # tabular and warns about a deprecated importlib API.
    spec = importlib.util.find_spec("simple_icd_10_cm")
    locations = list(spec.submodule_search_locations or []) if spec else []
    data_dirs = [Path(location) / "data" for location in locations]
    for item in (entry for folder in data_dirs if folder.is_dir() for entry in folder.iterdir()):
        match = re.search(r"tabular-([A-Za-z]+)-(\d+)-(\d{4})", item.name)
        if match and match.group(1).lower() in _MONTHS:
            return date(int(match.group(3)), _MONTHS[match.group(1).lower()], int(match.group(2)))
    return date(2025, 10, 1)  # pragma: no cover - the package always ships one


def fiscal_year_start(day: date) -> date:
    """ICD-10-CM fiscal years start on October 1."""
    return date(day.year if day.month >= 10 else day.year - 1, 10, 1)


def _lines(text: Any) -> list[str]:
    if not text:
        return []
    if isinstance(text, str):
        return [line.strip() for line in text.splitlines() if line.strip()]
    return [str(t).strip() for t in text if str(t).strip()]


def _hints(ancestors: list[str], cm: Any) -> dict[str, Any]:
    hints: dict[str, Any] = {}
    for ancestor in ancestors:
        if not cm.is_chapter_or_block(ancestor):
            continue
        title = cm.get_description(ancestor).lower()
        if title.startswith("pregnancy, childbirth"):
            hints.update(sex="F", age_min=12, age_max=55)
        elif title.startswith("certain conditions originating in the perinatal"):
            hints.update(age_min=0, age_max=0)
        elif "female genital" in title or "female pelvic" in title:
            hints.setdefault("sex", "F")
        elif "male genital" in title:
            hints.setdefault("sex", "M")
    return hints


@cache
def load_package_release() -> Release:
    """Every category, subcategory and billable code of the shipped ICD-10-CM tabular (read once
    per process; treat the result as read-only)."""
    with warnings.catch_warnings():  # the package reads its data with a deprecated importlib API
        warnings.simplefilter("ignore", DeprecationWarning)
        import simple_icd_10_cm as cm  # slow import (parses the tabular): only when loading

    released = package_release_date()
    effective = fiscal_year_start(released)
    entries: list[CodeEntry] = []
    for dotted in cm.get_all_codes(True):
        if cm.is_chapter_or_block(dotted):
            continue
        ancestors = cm.get_ancestors(dotted)
        chain = [dotted, *ancestors]
        excludes1 = [e for c in chain for e in _lines(cm.get_excludes1(c))]
        code_first = [e for c in chain for e in _lines(cm.get_code_first(c))]
        use_additional = [e for c in chain for e in _lines(cm.get_use_additional_code(c))]
        attributes: dict[str, Any] = {}
        if excludes1:
            attributes["excludes1"] = excludes1
            attributes["excludes1_codes"] = [str(r) for r in code_ranges(excludes1)]
        if code_first:
            attributes["code_first"] = code_first
        if use_additional:
            attributes["use_additional"] = use_additional
        description = cm.get_description(dotted)
        if code_first and "classified elsewhere" in description.lower():
            attributes["manifestation"] = True
        attributes.update(_hints(ancestors, cm))
        entries.append(
            CodeEntry(
                system=CodeSystem.ICD10CM,
                code=dotted.replace(".", ""),
                description=description,
                billable=bool(cm.is_leaf(dotted)),
                attributes=attributes,
            )
        )
    return Release(
        system=CodeSystem.ICD10CM,
        label=f"{released:%Y-%m}",
        effective=effective,
        source="simple-icd-10-cm package",
        entries=entries,
    )
