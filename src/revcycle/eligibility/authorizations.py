"""Prior authorizations, pure: which charge lines need one and lack it (none on file, not yet
valid or expired on the date of service, or its authorized units used up)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from revcycle.kit.errors import FieldCollector


@dataclass(frozen=True)
class Authorization:
    """An approved authorization as the payer gave it, with the units already used."""

    number: str
    codes: frozenset[str]
    valid_from: date | None
    valid_to: date | None
    authorized_units: int | None
    """``None``: the payer set no unit limit."""
    units_used: int = 0

    def covers(self, code: str) -> bool:
        return code in self.codes

    def valid_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )

    def units_left(self) -> int | None:
        return None if self.authorized_units is None else self.authorized_units - self.units_used


@dataclass(frozen=True)
class LineToCheck:
    line_number: int
    code: str
    service_date: date
    units: int = 1
    linked: bool = False
    """The line is already linked to an authorization (its units are counted in ``units_used``)."""


def validate(
    *, number: str, codes: Sequence[str], valid_from: date, valid_to: date, authorized_units: int | None
) -> None:
    """Field errors for a new authorization, all at once."""
    c = FieldCollector()
    if not number.strip():
        c.add("number", "the payer's authorization number is required")
    elif len(number.strip()) > 50:
        c.add("number", "at most 50 characters")
    if not [code for code in codes if code.strip()]:
        c.add("codes", "name at least one procedure code")
    if valid_to < valid_from:
        c.add("valid_to", "cannot be before valid_from")
    if authorized_units is not None and authorized_units < 1:
        c.add("authorized_units", "at least 1 (or leave it out for no unit limit)")
    c.raise_if_any()


def _enough(authorization: Authorization, line: LineToCheck) -> bool:
    left = authorization.units_left()
    if left is None:
        return True
    return left >= 0 if line.linked else left >= line.units


def gaps(
    lines: Iterable[LineToCheck], needs_authorization: frozenset[str], authorizations: Sequence[Authorization]
) -> dict[int, str]:
    """Line number -> why the line's code needs an authorization it does not have."""
    out: dict[int, str] = {}
    for line in lines:
        if line.code not in needs_authorization:
            continue
        covering = [a for a in authorizations if a.covers(line.code)]
        if not covering:
            out[line.line_number] = f"{line.code} needs a prior authorization and none is on file"
            continue
        current = [a for a in covering if a.valid_on(line.service_date)]
        if not current:
            numbers = ", ".join(a.number for a in covering)
            out[line.line_number] = (
                f"{line.code}: authorization {numbers} is not valid on {line.service_date.isoformat()}"
            )
            continue
        if not any(_enough(a, line) for a in current):
            numbers = ", ".join(a.number for a in current)
            out[line.line_number] = f"{line.code}: the units authorized under {numbers} are used up"
    return out
