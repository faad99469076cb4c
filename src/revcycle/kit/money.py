"""Money: US dollars as a Decimal with exactly two places, stored as integer cents.

There is no float path: building Money from a float raises ``TypeError``. Multiplication by a
rate needs an explicit rounding rule (half-up is the billing default; banker's rounding only where
a payer rule says so). ``allocate`` splits an amount into parts that add back to the cent.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal, InvalidOperation
from enum import StrEnum
from typing import Final

from revcycle.kit.errors import FieldErrors

_CENT: Final = Decimal("0.01")
_TEXT = re.compile(r"^\s*(-)?\$?\s*(\d{1,3}(?:,\d{3})+|\d+)?(?:\.(\d{0,2}))?\s*$")


class Rounding(StrEnum):
    """How to round a product to the cent."""

    HALF_UP = ROUND_HALF_UP
    """Half a cent rounds away from zero: the default for charges, allowed amounts, shares."""
    HALF_EVEN = ROUND_HALF_EVEN
    """Banker's rounding: only where a payer's rule asks for it."""


class Money:
    """An exact amount of US dollars with two decimal places. Immutable and hashable."""

    __slots__ = ("_cents",)
    _cents: int

    def __init__(self, amount: Decimal | int | str = 0) -> None:
        if isinstance(amount, float):
            raise TypeError("Money cannot be built from a float; pass a str, int or Decimal")
        if isinstance(amount, bool):
            raise TypeError("Money cannot be built from a bool")
        if isinstance(amount, int):
            cents = amount * 100
        elif isinstance(amount, str):
            cents = Money.parse(amount)._cents
        elif isinstance(amount, Decimal):
            if not amount.is_finite():
                raise ValueError(f"Money must be finite, got {amount}")
            quantized = amount.quantize(_CENT)
            if quantized != amount:
                raise ValueError(f"Money has at most two decimal places, got {amount}")
            cents = int(quantized * 100)
        else:
            raise TypeError(f"Money cannot be built from {type(amount).__name__}")
        object.__setattr__(self, "_cents", cents)

    # -- construction ---------------------------------------------------------------------
    @classmethod
    def from_cents(cls, cents: int) -> Money:
        if not isinstance(cents, int) or isinstance(cents, bool):
            raise TypeError("cents must be an int")
        money = cls.__new__(cls)
        object.__setattr__(money, "_cents", cents)
        return money

    @classmethod
    def parse(cls, text: str, *, field: str = "amount") -> Money:
        """Read ``"1234.5"``, ``"-12.30"``, ``"$1,234.56"``; more than two decimals is an error."""
        if not isinstance(text, str):
            raise FieldErrors.single(field, f"expected an amount as text, got {type(text).__name__}")
        match = _TEXT.match(text)
        if match is None or (match.group(2) is None and not match.group(3)):
            raise FieldErrors.single(field, f"{text!r} is not an amount (use digits like 125.00)")
        sign, whole, frac = match.groups()
        cents = int((whole or "0").replace(",", "")) * 100 + int((frac or "").ljust(2, "0") or "0")
        return cls.from_cents(-cents if sign else cents)

    @classmethod
    def of_decimal(cls, value: Decimal, rounding: Rounding = Rounding.HALF_UP) -> Money:
        """Round an arbitrary Decimal (a product, a quotient) to the cent by an explicit rule."""
        try:
            return cls.from_cents(int((value * 100).quantize(Decimal(1), rounding=rounding.value)))
        except InvalidOperation as exc:  # pragma: no cover - infinities and NaN
            raise ValueError(f"cannot round {value} to money") from exc

    @classmethod
    def zero(cls) -> Money:
        return cls.from_cents(0)

    @classmethod
    def total(cls, amounts: Iterable[Money]) -> Money:
        return cls.from_cents(sum(m.cents for m in amounts))

    # -- views ----------------------------------------------------------------------------
    @property
    def cents(self) -> int:
        return self._cents

    @property
    def amount(self) -> Decimal:
        return Decimal(self._cents).scaleb(-2).quantize(_CENT)

    def is_zero(self) -> bool:
        return self._cents == 0

    def is_negative(self) -> bool:
        return self._cents < 0

    def is_positive(self) -> bool:
        return self._cents > 0

    # -- arithmetic -----------------------------------------------------------------------
    def __add__(self, other: object) -> Money:
        if not isinstance(other, Money):
            return NotImplemented
        return Money.from_cents(self._cents + other._cents)

    def __radd__(self, other: object) -> Money:
        if other == 0:  # lets sum() start from 0
            return self
        return self.__add__(other)

    def __sub__(self, other: object) -> Money:
        if not isinstance(other, Money):
            return NotImplemented
        return Money.from_cents(self._cents - other._cents)

    def __neg__(self) -> Money:
        return Money.from_cents(-self._cents)

    def __abs__(self) -> Money:
        return Money.from_cents(abs(self._cents))

    def __mul__(self, other: object) -> Money:
        if isinstance(other, int) and not isinstance(other, bool):
            return Money.from_cents(self._cents * other)
        return NotImplemented

    __rmul__ = __mul__

    def times(self, rate: Decimal | int | str, rounding: Rounding = Rounding.HALF_UP) -> Money:
        """Multiply by a rate (``Decimal("0.20")`` for 20 %) and round by ``rounding``."""
        if isinstance(rate, float):
            raise TypeError("rate cannot be a float; pass a Decimal or a str")
        return Money.of_decimal(self.amount * Decimal(rate), rounding)

    def allocate(self, parts: Sequence[int | Decimal]) -> list[Money]:
        """Split in proportion to ``parts``; the results add back exactly to this amount.

        Cents left over after flooring go one each to the parts with the largest remainders
        (ties to the earlier part), so no cent is lost or created.
        """
        if not parts:
            raise ValueError("allocate needs at least one part")
        weights = [Decimal(p) for p in parts]
        if any(w < 0 for w in weights):
            raise ValueError("allocation parts cannot be negative")
        total_weight = sum(weights, Decimal(0))
        if total_weight == 0:
            raise ValueError("allocation parts cannot all be zero")
        sign = -1 if self._cents < 0 else 1
        whole = abs(self._cents)
        shares = [whole * w / total_weight for w in weights]
        floors = [int(s) for s in shares]
        left = whole - sum(floors)
        order = sorted(range(len(shares)), key=lambda i: (-(shares[i] - floors[i]), i))
        for i in order[:left]:
            floors[i] += 1
        return [Money.from_cents(sign * c) for c in floors]

    def min(self, other: Money) -> Money:
        return self if self <= other else other

    def max(self, other: Money) -> Money:
        return self if self >= other else other

    # -- comparison -----------------------------------------------------------------------
    def __eq__(self, other: object) -> bool:
        return isinstance(other, Money) and self._cents == other._cents

    def __hash__(self) -> int:
        return hash(("Money", self._cents))

    def __lt__(self, other: Money) -> bool:
        return self._cents < other._cents

    def __le__(self, other: Money) -> bool:
        return self._cents <= other._cents

    def __gt__(self, other: Money) -> bool:
        return self._cents > other._cents

    def __ge__(self, other: Money) -> bool:
        return self._cents >= other._cents

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("Money is immutable")

    def __reduce__(self) -> tuple[object, tuple[int]]:
        return (Money.from_cents, (self._cents,))

    # -- text -----------------------------------------------------------------------------
    def __str__(self) -> str:
        return str(self.amount)

    def __repr__(self) -> str:
        return f"Money('{self.amount}')"

    def x12(self) -> str:
        """X12 decimal form: no trailing zeros after the point, ``-`` for negatives (``12.3``)."""
        text = str(self.amount)
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        return "0" if text in ("", "-0") else text

    def display(self) -> str:
        """For people: ``$1,234.50`` or ``-$12.00``."""
        sign = "-" if self._cents < 0 else ""
        return f"{sign}${abs(self.amount):,.2f}"
