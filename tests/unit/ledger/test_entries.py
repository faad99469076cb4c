from datetime import date

import pytest

from revcycle.kit.errors import FieldErrors
from revcycle.kit.money import Money
from revcycle.ledger import domain as ledger
from tests.unit.ledger.factories import LINE, PAYER, meta

AR = ledger.ar_account(LINE, ledger.Responsibility.insurance(PAYER))


def _entry(*lines: ledger.Line, **overrides: object) -> ledger.Entry:
    values: dict[str, object] = {
        "practice_id": 1,
        "kind": ledger.EntryKind.CHARGE,
        "effective_date": date(2026, 3, 1),
        "source": "charge:1",
        "idempotency_key": "k1",
        "lines": lines,
    }
    return ledger.Entry(**(values | overrides))  # type: ignore[arg-type]


def test_an_entry_whose_lines_do_not_sum_to_zero_cannot_be_built():
    with pytest.raises(ledger.UnbalancedEntry, match=r"debits 100.00 and credits 99.99 differ by 0.01"):
        _entry(ledger.debit(AR, Money("100.00")), ledger.credit(ledger.GROSS_CHARGES, Money("99.99")))


@pytest.mark.parametrize(
    ("lines", "overrides", "message"),
    [
        ((), {}, "at least two lines"),
        ((ledger.Line(AR, Money.zero()), ledger.Line(ledger.CASH, Money.zero())), {}, "zero line"),
        (None, {"source": " "}, "source"),
        (None, {"idempotency_key": ""}, "idempotency_key"),
        (None, {"idempotency_key": "k" * 201}, "idempotency_key"),
        (None, {"practice_id": 0}, "practice_id"),
    ],
)
def test_a_malformed_entry_names_what_is_wrong(lines, overrides, message):
    if lines is None:
        lines = (ledger.debit(AR, Money(1)), ledger.credit(ledger.CASH, Money(1)))
    with pytest.raises(ledger.UnbalancedEntry, match=message):
        _entry(*lines, **overrides)


def test_debits_and_credits_read_from_signed_amounts():
    entry = _entry(ledger.debit(AR, Money("12.50")), ledger.credit(ledger.GROSS_CHARGES, Money("12.50")))
    assert entry.total_debits == entry.total_credits == Money("12.50")
    assert entry.lines[0].debit == Money("12.50") and entry.lines[0].credit == Money.zero()
    assert entry.lines[1].credit == Money("12.50")


def test_reversal_mirrors_every_line_keeps_kind_and_links_the_original():
    original = ledger.PostedEntry(9, _now(), _charge())
    undo = ledger.reversal(original, effective_date=date(2026, 4, 1))
    assert undo.reverses_entry_id == 9 and undo.kind is ledger.EntryKind.CHARGE
    assert undo.idempotency_key == "reversal:9" and undo.source == original.entry.source
    assert [line.amount for line in undo.lines] == [-line.amount for line in original.entry.lines]


def test_a_reversal_or_a_reversed_entry_cannot_be_reversed():
    original = ledger.PostedEntry(9, _now(), _charge(), reversed_by_entry_id=10)
    with pytest.raises(ledger.NotReversible, match="already reversed by entry 10"):
        ledger.reversal(original, effective_date=date(2026, 4, 1))
    undo = ledger.reversal(ledger.PostedEntry(9, _now(), _charge()), effective_date=date(2026, 4, 1))
    with pytest.raises(ledger.NotReversible, match="is a reversal"):
        ledger.reversal(ledger.PostedEntry(10, _now(), undo), effective_date=date(2026, 4, 2))


def test_a_reversal_that_does_not_mirror_the_original_is_refused():
    original = ledger.PostedEntry(9, _now(), _charge())
    wrong = _entry(
        ledger.debit(ledger.GROSS_CHARGES, Money("1.00")),
        ledger.credit(AR, Money("1.00")),
        reverses_entry_id=9,
    )
    with pytest.raises(ledger.UnbalancedEntry, match="mirror"):
        ledger.check_reversal(original, wrong)


def test_account_keys_need_the_dimensions_their_kind_requires():
    with pytest.raises(FieldErrors, match="payer_id"):
        ledger.AccountKey(ledger.AccountKind.INSURANCE_AR, patient_id=5)
    with pytest.raises(FieldErrors, match="reason"):
        ledger.AccountKey(ledger.AccountKind.WRITE_OFF)
    assert AR.code == "insurance_ar/payer=3/patient=5/claim=7/line=70"


def test_every_account_kind_entry_kind_and_reason_has_a_docstring():
    for enum in (ledger.AccountKind, ledger.EntryKind, ledger.WriteOffReason, ledger.RollForwardColumn):
        source = __import__("inspect").getsource(enum)
        for member in enum:
            assert f'{member.name} = "{member.value}"\n    """' in source, member


def test_every_entry_kind_lands_in_a_rollforward_column():
    assert set(ledger.COLUMN_OF) == set(ledger.EntryKind)


def _charge() -> ledger.Entry:
    return ledger.charge(
        meta(), ref=LINE, owed_by=ledger.Responsibility.insurance(PAYER), amount=Money("80.00")
    )


def _now():
    from datetime import UTC, datetime

    return datetime(2026, 3, 1, tzinfo=UTC)
