"""Identifiers that bounce claims when wrong: NPI, TIN/EIN, ZIP, state, phone.

Each is a small frozen value type whose ``parse(text, field=...)`` validates and normalises, and
raises :class:`~revcycle.kit.errors.FieldErrors` naming the field otherwise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import ClassVar

from revcycle.kit.errors import FieldErrors

US_STATES: frozenset[str] = frozenset(
    [
        "AL",
        "AK",
        "AZ",
        "AR",
        "CA",
        "CO",
        "CT",
        "DE",
        "DC",
        "FL",
        "GA",
        "HI",
        "ID",
        "IL",
        "IN",
        "IA",
        "KS",
        "KY",
        "LA",
        "ME",
        "MD",
        "MA",
        "MI",
        "MN",
        "MS",
        "MO",
        "MT",
        "NE",
        "NV",
        "NH",
        "NJ",
        "NM",
        "NY",
        "NC",
        "ND",
        "OH",
        "OK",
        "OR",
        "PA",
        "RI",
        "SC",
        "SD",
        "TN",
        "TX",
        "UT",
        "VT",
        "VA",
        "WA",
        "WV",
        "WI",
        "WY",
        "AS",
        "GU",
        "MP",
        "PR",
        "VI",
        "AA",
        "AE",
        "AP",
    ]
)
"""The 50 states, DC, the territories, and the military 'states' the USPS uses."""


def luhn_check_digit(digits: str) -> int:
    """The Luhn check digit for a string of digits (the digit that would be appended)."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return (10 - total % 10) % 10


@dataclass(frozen=True, slots=True)
class NPI:
    """National Provider Identifier: 10 digits, Luhn check digit over ``80840`` + first 9."""

    value: str
    PREFIX: ClassVar[str] = "80840"

    @classmethod
    def parse(cls, text: str, *, field: str = "npi") -> NPI:
        value = (text or "").strip()
        if not re.fullmatch(r"\d{10}", value):
            raise FieldErrors.single(field, "an NPI is exactly 10 digits")
        if value[0] not in "12":
            raise FieldErrors.single(field, "an NPI starts with 1 or 2")
        expected = luhn_check_digit(cls.PREFIX + value[:9])
        if int(value[9]) != expected:
            raise FieldErrors.single(
                field, f"NPI check digit is wrong (last digit should be {expected}); re-check the number"
            )
        return cls(value)

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True, slots=True)
class TIN:
    """Taxpayer identification number (EIN or SSN form): 9 digits, stored without the dash."""

    value: str

    @classmethod
    def parse(cls, text: str, *, field: str = "tin") -> TIN:
        value = re.sub(r"[\s-]", "", text or "")
        if not re.fullmatch(r"\d{9}", value):
            raise FieldErrors.single(field, "a TIN/EIN is 9 digits (12-3456789)")
        if value == "000000000" or value[:2] in {
            "00",
            "07",
            "08",
            "09",
            "17",
            "18",
            "19",
            "28",
            "29",
            "49",
            "69",
            "70",
            "78",
            "79",
            "89",
            "96",
            "97",
        }:
            raise FieldErrors.single(field, f"{value[:2]} is not a valid EIN prefix")
        return cls(value)

    def display(self) -> str:
        return f"{self.value[:2]}-{self.value[2:]}"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True, slots=True)
class ZipCode:
    """US ZIP code: 5 digits or ZIP+4 (stored as 9 digits)."""

    value: str

    @classmethod
    def parse(cls, text: str, *, field: str = "zip") -> ZipCode:
        value = re.sub(r"[\s-]", "", text or "")
        if not re.fullmatch(r"\d{5}(\d{4})?", value) or value.startswith("00000"):
            raise FieldErrors.single(field, "a ZIP code is 5 digits or ZIP+4 (12345-6789)")
        return cls(value)

    def display(self) -> str:
        return self.value if len(self.value) == 5 else f"{self.value[:5]}-{self.value[5:]}"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True, slots=True)
class StateCode:
    """Two-letter USPS state or territory code."""

    value: str

    @classmethod
    def parse(cls, text: str, *, field: str = "state") -> StateCode:
        value = (text or "").strip().upper()
        if value not in US_STATES:
            raise FieldErrors.single(field, f"{text!r} is not a US state or territory code")
        return cls(value)

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True, slots=True)
class Phone:
    """North American phone number, stored as 10 digits."""

    value: str

    @classmethod
    def parse(cls, text: str, *, field: str = "phone") -> Phone:
        digits = re.sub(r"[\s().+-]", "", text or "")
        if len(digits) == 11 and digits.startswith("1"):
            digits = digits[1:]
        if not re.fullmatch(r"[2-9]\d{2}[2-9]\d{6}", digits):
            raise FieldErrors.single(field, "a phone number is 10 digits with a valid area code")
        return cls(digits)

    def display(self) -> str:
        return f"({self.value[:3]}) {self.value[3:6]}-{self.value[6:]}"

    def __str__(self) -> str:
        return self.value
