"""What every importer shares: the release it returns, and readers that name line and field."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from revcycle.codes.domain import CodeEntry, CodeSystem
from revcycle.kit.errors import FormatError


@dataclass(frozen=True)
class Release:
    """A whole release of one code system, read from one file (or the package data)."""

    system: CodeSystem
    label: str
    effective: date
    source: str
    entries: list[CodeEntry] = field(default_factory=list)
    scope: str | None = None
    """A regular expression of the codes this release speaks for (``None``: all of the system's codes);
    stored codes outside it are never terminated by this release (HCPCS files hold no CPT modifiers)."""


def read_text(path: Path) -> str:
    """A file's text; CMS files are often Windows-1252 rather than UTF-8."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise FormatError(f"cannot read the file: {exc.strerror}", location=path.name) from exc
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def numbered_lines(path: Path) -> Iterator[tuple[int, str]]:
    """(line number from 1, line without its end) for every line of the file."""
    yield from enumerate(read_text(path).splitlines(), start=1)


def where(path: Path, line: int, field_name: str | None = None) -> str:
    return f"{path.name} line {line}" + (f", field {field_name}" if field_name else "")


def parse_yyyymmdd(text: str, *, location: str) -> date | None:
    """``20200101`` -> date; blank or ``*`` -> None; anything else is a FormatError."""
    value = text.strip()
    if not value or value == "*":
        return None
    if not re.fullmatch(r"\d{8}", value):
        raise FormatError(f"{value!r} is not a date in YYYYMMDD form", location=location)
    try:
        return date(int(value[:4]), int(value[4:6]), int(value[6:]))
    except ValueError as exc:
        raise FormatError(f"{value!r} is not a real date", location=location) from exc


def parse_iso(text: str, *, location: str) -> date | None:
    """``2024-01-01`` -> date; blank -> None."""
    value = text.strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise FormatError(f"{value!r} is not a date in YYYY-MM-DD form", location=location) from exc


def require_entries(release: Release) -> Release:
    if not release.entries:
        raise FormatError(f"no {release.system.value} codes found in the file", location=release.source)
    return release
