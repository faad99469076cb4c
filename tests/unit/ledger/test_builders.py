from datetime import date

import pytest

from revcycle.kit.errors import FieldErrors
from revcycle.kit.money import Money
from revcycle.ledger import domain as ledger
from revcycle.ledger.domain import AccountKey, AccountKind, Holder, Responsibility
from tests.unit.ledger.factories import GUARANTOR, LINE, PATIENT, PAYER, SECONDARY, meta

K = AccountKind
INSURANCE = Responsibility.insurance(PAYER)
PATIENT_R = Responsibility.patient()
INS_AR = ledger.ar_account(LINE, INSURANCE)
PAT_AR = ledger.ar_account(LINE, PATIENT_R)
TEN = Money("10.00")


def moves(entry: ledger.Entry) -> dict[str, str]:
    return {line.account.code: str(line.amount) for line in entry.lines}


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        (
            ledger.charge(meta(), ref=LINE, owed_by=INSURANCE, amount=TEN),
            {INS_AR.code: "10.00", "gross_charges": "-10.00"},
        ),
        (
            ledger.insurance_payment(meta(), ref=LINE, payer_id=PAYER, amount=TEN),
            {"cash": "10.00", INS_AR.code: "-10.00"},
        ),
        (
            ledger.insurance_payment(meta(), ref=LINE, payer_id=PAYER, amount=-TEN),
            {"cash": "-10.00", INS_AR.code: "10.00"},
        ),
        (
            ledger.patient_payment(meta(), ref=LINE, amount=TEN),
            {"cash": "10.00", PAT_AR.code: "-10.00"},
        ),
        (
            ledger.contractual_adjustment(meta(), ref=LINE, payer_id=PAYER, amount=TEN),
            {"contractual_adjustment/payer=3": "10.00", INS_AR.code: "-10.00"},
        ),
        (
            ledger.contractual_adjustment(meta(), ref=LINE, payer_id=PAYER, amount=-TEN),
            {"contractual_adjustment/payer=3": "-10.00", INS_AR.code: "10.00"},
        ),
        (
            ledger.write_off(
                meta(), ref=LINE, owed_by=PATIENT_R, reason=ledger.WriteOffReason.SMALL_BALANCE, amount=TEN
            ),
            {"write_off/reason=small_balance": "10.00", PAT_AR.code: "-10.00"},
        ),
        (
            ledger.transfer(meta(), ref=LINE, from_=INSURANCE, to=PATIENT_R, amount=TEN),
            {PAT_AR.code: "10.00", INS_AR.code: "-10.00"},
        ),
        (
            ledger.transfer(
                meta(), ref=LINE, from_=INSURANCE, to=Responsibility.insurance(SECONDARY), amount=TEN
            ),
            {"insurance_ar/payer=4/patient=5/claim=7/line=70": "10.00", INS_AR.code: "-10.00"},
        ),
        (
            ledger.unapplied_cash(meta(), holder=Holder(patient_id=PATIENT), amount=TEN),
            {"cash": "10.00", "unapplied_cash/patient=5": "-10.00"},
        ),
        (
            ledger.apply_unapplied(
                meta(), holder=Holder(patient_id=PATIENT), ref=LINE, owed_by=PATIENT_R, amount=TEN
            ),
            {"unapplied_cash/patient=5": "10.00", PAT_AR.code: "-10.00"},
        ),
        (
            ledger.refund(meta(), ref=LINE, owed_by=PATIENT_R, amount=TEN),
            {PAT_AR.code: "10.00", f"refunds_payable/patient=5/guarantor={GUARANTOR}": "-10.00"},
        ),
        (
            ledger.refund(meta(), ref=LINE, owed_by=INSURANCE, amount=TEN),
            {INS_AR.code: "10.00", "refunds_payable/payer=3": "-10.00"},
        ),
        (
            ledger.refund_unapplied(meta(), holder=Holder(payer_id=PAYER), amount=TEN),
            {"unapplied_cash/payer=3": "10.00", "refunds_payable/payer=3": "-10.00"},
        ),
        (
            ledger.refund_issued(meta(), payee=Holder(payer_id=PAYER), amount=TEN),
            {"refunds_payable/payer=3": "10.00", "cash": "-10.00"},
        ),
        (
            ledger.interest(meta(), payer_id=PAYER, amount=TEN),
            {"cash": "10.00", "interest_income/payer=3": "-10.00"},
        ),
        (
            ledger.recoupment(meta(), payer_id=PAYER, amount=TEN),
            {"recoupment/payer=3": "10.00", "cash": "-10.00"},
        ),
        (
            ledger.recoupment(meta(), payer_id=PAYER, amount=TEN, ref=LINE),
            {INS_AR.code: "10.00", "cash": "-10.00"},
        ),
        (
            ledger.apply_recoupment(meta(), payer_id=PAYER, ref=LINE, amount=TEN),
            {INS_AR.code: "10.00", "recoupment/payer=3": "-10.00"},
        ),
    ],
    ids=lambda v: v.kind.value if isinstance(v, ledger.Entry) else "",
)
def test_each_builder_debits_and_credits_the_right_accounts(entry: ledger.Entry, expected: dict[str, str]):
    assert moves(entry) == expected


@pytest.mark.parametrize("amount", [Money.zero(), Money("-1.00")])
def test_payments_and_charges_must_be_positive(amount: Money):
    with pytest.raises(FieldErrors, match="amount"):
        ledger.charge(meta(), ref=LINE, owed_by=INSURANCE, amount=amount)
    with pytest.raises(FieldErrors, match="amount"):
        ledger.patient_payment(meta(), ref=LINE, amount=amount)


def test_a_float_amount_is_refused():
    with pytest.raises(TypeError, match="Money"):
        ledger.charge(meta(), ref=LINE, owed_by=INSURANCE, amount=10.0)  # type: ignore[arg-type]


def test_a_transfer_to_the_same_responsibility_is_refused():
    with pytest.raises(FieldErrors, match="to"):
        ledger.transfer(meta(), ref=LINE, from_=PATIENT_R, to=PATIENT_R, amount=TEN)


def test_unapplied_cash_needs_someone_to_belong_to():
    with pytest.raises(FieldErrors, match="holder"):
        Holder()


def test_an_era_posting_brings_the_claim_to_zero_and_explains_every_cent():
    """Charge 200; the payer allows 150, pays 120, 30 is coinsurance; the patient pays 30."""
    journal = ledger.Journal()
    day = date(2026, 3, 2)
    for entry in (
        ledger.charge(meta(effective_date=date(2026, 2, 20)), ref=LINE, owed_by=INSURANCE, amount=Money(200)),
        ledger.insurance_payment(meta(effective_date=day), ref=LINE, payer_id=PAYER, amount=Money(120)),
        ledger.contractual_adjustment(meta(effective_date=day), ref=LINE, payer_id=PAYER, amount=Money(50)),
        ledger.transfer(meta(effective_date=day), ref=LINE, from_=INSURANCE, to=PATIENT_R, amount=Money(30)),
        ledger.patient_payment(meta(effective_date=date(2026, 3, 20)), ref=LINE, amount=Money(30)),
    ):
        journal.post(entry)
    claim = journal.receivable(1, ledger.AccountFilter.receivables(claim_id=7))
    assert claim.total == Money.zero()
    assert journal.receivable(1, ledger.AccountFilter.receivables(claim_id=7), as_of=day) == (
        ledger.ReceivableBalance(insurance=Money.zero(), patient=Money(30))
    )
    trial = journal.trial_balance(1)
    assert trial.is_balanced and {r.kind: str(r.balance) for r in trial.rows} == {
        K.CASH: "150.00",
        K.GROSS_CHARGES: "-200.00",
        K.CONTRACTUAL_ADJUSTMENT: "50.00",
        K.INSURANCE_AR: "0.00",
        K.PATIENT_AR: "0.00",
    }
    march = journal.rollforward(1, date(2026, 3, 1), date(2026, 3, 31))
    assert march.ties
    assert (march.total.opening, march.total.payments, march.total.adjustments, march.total.closing) == (
        Money(200),
        Money(150),
        Money(50),
        Money.zero(),
    )
    assert march.insurance.transfers == Money(-30) and march.patient.transfers == Money(30)
    statement = journal.statement(1, PATIENT, start=date(2026, 3, 1))
    assert [str(line.balance) for line in statement.lines] == ["30.00", "0.00"]
    assert statement.opening == Money.zero() and statement.closing == Money.zero()


def test_the_journal_returns_the_first_entry_for_a_repeated_key_and_refuses_changed_lines():
    journal = ledger.Journal()
    first = journal.post(ledger.charge(meta(idempotency_key="c1"), ref=LINE, owed_by=INSURANCE, amount=TEN))
    again = journal.post(ledger.charge(meta(idempotency_key="c1"), ref=LINE, owed_by=INSURANCE, amount=TEN))
    assert again.id == first.id and not again.created and len(journal) == 1
    with pytest.raises(ledger.IdempotencyKeyReused):
        journal.post(ledger.charge(meta(idempotency_key="c1"), ref=LINE, owed_by=INSURANCE, amount=Money(11)))


def test_a_recoupment_held_for_the_payer_moves_to_the_claim_when_applied():
    journal = ledger.Journal()
    journal.post(ledger.recoupment(meta(), payer_id=PAYER, amount=TEN))
    held = AccountKey(K.RECOUPMENT, payer_id=PAYER)
    assert journal.balance(1, held) == TEN
    journal.post(ledger.apply_recoupment(meta(), payer_id=PAYER, ref=LINE, amount=TEN))
    assert journal.balance(1, held) == Money.zero()
    assert journal.balance(1, INS_AR) == TEN


def test_a_self_pay_charge_is_on_the_patients_receivable_of_the_visit_line():
    ref = ledger.ChargeRef(patient_id=PATIENT, guarantor_id=GUARANTOR, charge_line_id=41)
    entry = ledger.charge(meta(), ref=ref, owed_by=PATIENT_R, amount=TEN)
    assert moves(entry) == {
        f"patient_ar/patient={PATIENT}/guarantor={GUARANTOR}/charge_line=41": "10.00",
        "gross_charges": "-10.00",
    }


def test_an_account_names_a_claim_line_or_a_self_pay_charge_line_not_both():
    with pytest.raises(FieldErrors) as caught:
        AccountKey(K.PATIENT_AR, patient_id=PATIENT, claim_id=7, claim_line_id=9, charge_line_id=41)
    assert caught.value.errors[0].field == "charge_line_id"
