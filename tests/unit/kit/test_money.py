from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from revcycle.kit.errors import FieldErrors
from revcycle.kit.money import Money, Rounding

cents = st.integers(min_value=-(10**12), max_value=10**12)


def test_money_from_float_raises_type_error():
    with pytest.raises(TypeError, match="float"):
        Money(12.5)  # type: ignore[arg-type]


def test_money_rate_as_float_raises_type_error():
    with pytest.raises(TypeError, match="float"):
        Money("10.00").times(0.2)  # type: ignore[arg-type]


def test_money_parses_common_written_forms():
    assert Money.parse("1234.5").cents == 123450
    assert Money.parse("$1,234.56").cents == 123456
    assert Money.parse("-12.30").cents == -1230
    assert Money.parse(".75").cents == 75
    assert Money.parse("7").cents == 700


@pytest.mark.parametrize("text", ["", "abc", "1.234", "1,23.00", "12.3.4", "--5", "1e5"])
def test_money_parse_rejects_non_amounts_naming_the_field(text):
    with pytest.raises(FieldErrors) as info:
        Money.parse(text, field="charge_amount")
    assert info.value.errors[0].field == "charge_amount"


def test_money_decimal_with_more_than_two_places_is_refused():
    with pytest.raises(ValueError, match="two decimal places"):
        Money(Decimal("1.005"))


def test_money_times_rate_rounds_half_up_by_default_and_half_even_when_asked():
    assert Money("0.25").times(Decimal("0.5")) == Money("0.13")
    assert Money("0.25").times("0.5", Rounding.HALF_EVEN) == Money("0.12")


def test_money_text_forms():
    assert str(Money("12.3")) == "12.30"
    assert Money("12.30").x12() == "12.3"
    assert Money("-5.00").x12() == "-5"
    assert Money("0").x12() == "0"
    assert Money("1234.5").display() == "$1,234.50"
    assert Money("-2").display() == "-$2.00"


def test_money_is_immutable_and_hashable():
    m = Money("1.00")
    with pytest.raises(AttributeError):
        m._cents = 5  # type: ignore[misc]
    assert {m, Money("1.00")} == {m}


def test_money_sum_starts_from_zero():
    assert sum([Money("1.10"), Money("2.20")]) == Money("3.30")
    assert Money.total([]) == Money.zero()


@settings(max_examples=300)
@given(
    amount=cents,
    parts=st.lists(st.integers(min_value=0, max_value=10**6), min_size=1, max_size=12).filter(
        lambda p: sum(p) > 0
    ),
)
def test_allocate_always_sums_back_to_the_cent(amount, parts):
    shares = Money.from_cents(amount).allocate(parts)
    assert len(shares) == len(parts)
    assert Money.total(shares) == Money.from_cents(amount)
    for share, weight in zip(shares, parts, strict=True):
        if weight == 0:
            assert share.is_zero()


@settings(max_examples=200)
@given(
    amount=st.integers(min_value=0, max_value=10**9),
    parts=st.lists(st.integers(min_value=1, max_value=1000), min_size=1, max_size=8),
)
def test_allocate_shares_differ_from_exact_proportion_by_less_than_a_cent(amount, parts):
    shares = Money.from_cents(amount).allocate(parts)
    total = sum(parts)
    for share, weight in zip(shares, parts, strict=True):
        assert abs(Decimal(share.cents) - Decimal(amount) * weight / total) < 1


@given(a=cents, b=cents)
def test_addition_and_subtraction_are_exact(a, b):
    assert (Money.from_cents(a) + Money.from_cents(b)).cents == a + b
    assert (Money.from_cents(a) - Money.from_cents(b)).cents == a - b


@given(a=cents)
def test_parse_of_str_round_trips(a):
    m = Money.from_cents(a)
    assert Money.parse(str(m)) == m
    assert isinstance(m.amount, Decimal)


def test_allocate_refuses_all_zero_or_negative_parts():
    with pytest.raises(ValueError):
        Money("1.00").allocate([0, 0])
    with pytest.raises(ValueError):
        Money("1.00").allocate([1, -1])
