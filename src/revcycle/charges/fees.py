"""Fee schedules: what the practice charges, and what a payer allows.

Pure. The Medicare physician fee schedule (PFS) allowed amount for a code in a locality is::

    (work RVU x work GPCI + PE RVU x PE GPCI + MP RVU x MP GPCI) x conversion factor

rounded to the cent once, at the end, half up (``Rounding.HALF_UP``). The PE RVU is the
non-facility one in an office and the facility one in a hospital or facility place of service.
A payer contract allows either a fixed amount per code or a percentage of that Medicare amount.

``read_rvu_file`` and ``read_gpci_file`` read the CMS PPRRVU and GPCI CSV files as published.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from revcycle.kit.errors import FormatError
from revcycle.kit.money import Money, Rounding

FACILITY_PLACES_OF_SERVICE = frozenset(
    {"19", "21", "22", "23", "24", "26", "31", "34", "41", "42", "51", "52", "53", "56", "61"}
)
"""Places of service paid at the facility PE RVU (hospital, ASC, SNF...)."""


class ContractBasis(StrEnum):
    """How a payer contract states its allowed amounts."""

    FIXED = "fixed"
    """A fixed allowed amount per code."""
    PERCENT_OF_MEDICARE = "percent_of_medicare"
    """A percentage of the Medicare PFS amount in the practice's locality."""


@dataclass(frozen=True)
class Rvu:
    """One PPRRVU row: relative value units of a code (and modifier) and the year's conversion factor."""

    code: str
    modifier: str
    status: str
    work: Decimal
    pe_non_facility: Decimal
    pe_facility: Decimal
    malpractice: Decimal
    conversion_factor: Decimal


@dataclass(frozen=True)
class Gpci:
    """Geographic practice cost indices of one Medicare locality."""

    mac: str
    state: str
    locality: str
    name: str
    work: Decimal
    pe: Decimal
    malpractice: Decimal

    @property
    def key(self) -> str:
        """``MAC-locality`` (``04112-01``): unique across the country."""
        return f"{self.mac.zfill(5)}-{self.locality.zfill(2)}"


def is_facility(place_of_service: str) -> bool:
    return place_of_service in FACILITY_PLACES_OF_SERVICE


def medicare_allowed(
    rvu: Rvu, gpci: Gpci, *, facility: bool = False, rounding: Rounding = Rounding.HALF_UP
) -> Money:
    """The PFS amount for one unit, rounded to the cent once at the end."""
    pe = rvu.pe_facility if facility else rvu.pe_non_facility
    total = rvu.work * gpci.work + pe * gpci.pe + rvu.malpractice * gpci.malpractice
    return Money.of_decimal(total * rvu.conversion_factor, rounding)


def percent_of(amount: Money, percent: Decimal, rounding: Rounding = Rounding.HALF_UP) -> Money:
    """``percent`` of ``amount`` (``Decimal("120")`` is 120 %), rounded to the cent."""
    return amount.times(percent / Decimal(100), rounding)


def price_line(
    code: str, modifiers: tuple[str, ...], units: Decimal, charge_master: Mapping[tuple[str, str], Money]
) -> Money | None:
    """The practice's charge for ``units`` of ``code``: a code+first-modifier entry wins over the code's."""
    first = modifiers[0] if modifiers else ""
    unit_price = charge_master.get((code, first)) or charge_master.get((code, ""))
    if unit_price is None:
        return None
    return Money.of_decimal(unit_price.amount * units)


# -- the CMS files ---------------------------------------------------------------------------
def _decimal(text: str, where: str) -> Decimal:
    try:
        return Decimal(text.strip() or "0")
    except InvalidOperation:
        raise FormatError(f"{text!r} is not a number", location=where) from None


def read_rvu_file(lines: Iterable[str]) -> Iterator[Rvu]:
    """PPRRVU CSV rows (code, modifier, status, work, non-facility PE, facility PE, MP, CF).

    Header lines (anything whose first cell is not a code) are skipped; a short row is an error
    naming its line.
    """
    for number, row in enumerate(csv.reader(lines), start=1):
        if not row or not row[0].strip() or len(row[0].strip()) != 5 or row[0].strip() == "HCPCS":
            continue
        if len(row) < 25:
            raise FormatError(f"expected at least 25 columns, found {len(row)}", location=f"line {number}")
        where = f"line {number}"
        yield Rvu(
            code=row[0].strip(),
            modifier=row[1].strip(),
            status=row[3].strip(),
            work=_decimal(row[5], where),
            pe_non_facility=_decimal(row[6], where),
            pe_facility=_decimal(row[8], where),
            malpractice=_decimal(row[10], where),
            conversion_factor=_decimal(row[24], where),
        )


def read_gpci_file(lines: Iterable[str]) -> Iterator[Gpci]:
    """GPCI CSV rows: MAC, state, locality number, locality name, work (with floor), PE, MP."""
    for number, row in enumerate(csv.reader(lines), start=1):
        if len(row) < 7 or not row[0].strip().isdigit():
            continue
        where = f"line {number}"
        yield Gpci(
            mac=row[0].strip(),
            state=row[1].strip(),
            locality=row[2].strip(),
            name=row[3].strip().rstrip("*"),
            work=_decimal(row[4], where),
            pe=_decimal(row[5], where),
            malpractice=_decimal(row[6], where),
        )
