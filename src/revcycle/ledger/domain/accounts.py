"""Accounts: a kind and optional dimensions. Other contexts name an account; they never create one.

An account is identified inside a practice by its :class:`AccountKey`: the kind plus whichever
dimensions the kind uses (payer, patient, guarantor, claim, claim line, write-off reason). The
service creates the stored row the first time a posting names it.

Signs: a line amount is positive for a debit and negative for a credit, so an account's balance is
the sum of its lines. Asset accounts (AR, cash) carry positive balances; revenue and liability
accounts carry negative ones; the sum over every account of a practice is zero.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from revcycle.kit.errors import FieldErrors


class AccountKind(StrEnum):
    """What an account holds. The docstring says what a debit and a credit mean."""

    INSURANCE_AR = "insurance_ar"
    """Receivable from a payer for a claim line (asset). Dimensions: payer, patient, claim, line."""
    PATIENT_AR = "patient_ar"
    """Receivable from the patient or guarantor for a claim line, or for a charge line of a
    self-pay visit (asset). A negative balance is a credit balance (the patient overpaid).
    Dimensions: patient, guarantor, claim, line; or patient, guarantor, charge line."""
    CASH = "cash"
    """Cash and deposits received (asset): debited by payments, credited by refunds paid out."""
    GROSS_CHARGES = "gross_charges"
    """Gross charges revenue (credit balance): credited when a charge is posted."""
    CONTRACTUAL_ADJUSTMENT = "contractual_adjustment"
    """Contractual write-off (contra-revenue, debit balance): charge minus the payer's allowed
    amount (835 CAS group CO). Dimension: payer."""
    WRITE_OFF = "write_off"
    """Other write-offs (contra-revenue, debit balance), one account per :class:`WriteOffReason`."""
    UNAPPLIED_CASH = "unapplied_cash"
    """Money received but not yet applied to a claim line (liability, credit balance).
    Dimensions: payer, or patient and guarantor."""
    REFUNDS_PAYABLE = "refunds_payable"
    """Refunds owed to a patient or payer and not yet paid out (liability, credit balance)."""
    INTEREST_INCOME = "interest_income"
    """Interest a payer paid on a late claim (835 PLB L6) (revenue, credit balance). Dimension: payer."""
    RECOUPMENT = "recoupment"
    """Money a payer withheld from a payment to recover an earlier overpayment (835 PLB WO) and not
    yet tied to a claim (debit balance). Cleared by applying it to the claim it recovers.
    Dimension: payer."""


AR_KINDS: frozenset[AccountKind] = frozenset({AccountKind.INSURANCE_AR, AccountKind.PATIENT_AR})
"""The receivable accounts: what the AR balance, the statements and the roll-forward sum."""


class WriteOffReason(StrEnum):
    """Why a balance was written off (other than the contractual adjustment)."""

    SMALL_BALANCE = "small_balance"
    """A balance too small to bill, under the practice's threshold."""
    BAD_DEBT = "bad_debt"
    """Uncollectible after the collection process; sent to collections or abandoned."""
    CHARITY = "charity"
    """Charity care / financial hardship under the practice's policy."""
    ADMINISTRATIVE = "administrative"
    """The practice's own error: late filing, missing authorisation, coding error (CARC 29, 197...)."""
    COURTESY = "courtesy"
    """A professional courtesy or goodwill discount."""
    PROMPT_PAY = "prompt_pay"
    """A discount for paying in full at the time of service."""
    OTHER = "other"
    """Anything else; the entry memo says why."""


@dataclass(frozen=True)
class AccountKey:
    """An account of one practice: a kind and its dimensions (all optional, all integers)."""

    kind: AccountKind
    payer_id: int | None = None
    patient_id: int | None = None
    guarantor_id: int | None = None
    claim_id: int | None = None
    claim_line_id: int | None = None
    reason: WriteOffReason | None = None
    charge_line_id: int | None = None
    """A self-pay visit's charge line (``charge_lines.id``): the patient's receivable for a visit
    billed to no payer. Such an account names no claim."""

    def __post_init__(self) -> None:
        if (self.kind is AccountKind.WRITE_OFF) != (self.reason is not None):
            raise FieldErrors.single("reason", "a write-off account needs a reason; other accounts have none")
        if self.kind is AccountKind.INSURANCE_AR and self.payer_id is None:
            raise FieldErrors.single("payer_id", "insurance AR is owed by a payer: name the payer")
        if self.kind is AccountKind.PATIENT_AR and self.patient_id is None:
            raise FieldErrors.single("patient_id", "patient AR is owed for a patient: name the patient")
        if self.charge_line_id is not None and (self.claim_id is not None or self.claim_line_id is not None):
            raise FieldErrors.single(
                "charge_line_id",
                "a self-pay charge line is billed on no claim: name a claim or a charge line, not both",
            )

    @property
    def code(self) -> str:
        """A stable text form, unique per account within a practice: ``insurance_ar/payer=3/claim=7``."""
        parts = [self.kind.value]
        for name, value in (
            ("payer", self.payer_id),
            ("patient", self.patient_id),
            ("guarantor", self.guarantor_id),
            ("claim", self.claim_id),
            ("line", self.claim_line_id),
            ("reason", self.reason),
            ("charge_line", self.charge_line_id),
        ):
            if value is not None:
                parts.append(f"{name}={value}")
        return "/".join(parts)

    @property
    def is_ar(self) -> bool:
        return self.kind in AR_KINDS


@dataclass(frozen=True)
class ChargeRef:
    """The claim line (or claim, or patient) whose receivable an entry moves; for a self-pay visit,
    its charge line (``charge_line_id``, with no claim)."""

    patient_id: int
    claim_id: int | None = None
    claim_line_id: int | None = None
    guarantor_id: int | None = None
    charge_line_id: int | None = None


@dataclass(frozen=True)
class Responsibility:
    """Who owes a balance: a payer (``payer_id``) or, when ``payer_id`` is None, the patient."""

    payer_id: int | None = None

    @classmethod
    def patient(cls) -> Responsibility:
        return cls(None)

    @classmethod
    def insurance(cls, payer_id: int) -> Responsibility:
        return cls(payer_id)

    @property
    def is_patient(self) -> bool:
        return self.payer_id is None

    def __str__(self) -> str:
        return "patient" if self.payer_id is None else f"payer {self.payer_id}"


def ar_account(ref: ChargeRef, owed_by: Responsibility) -> AccountKey:
    """The receivable account of a claim line for one responsibility."""
    if owed_by.payer_id is None:
        return AccountKey(
            AccountKind.PATIENT_AR,
            patient_id=ref.patient_id,
            guarantor_id=ref.guarantor_id,
            claim_id=ref.claim_id,
            claim_line_id=ref.claim_line_id,
            charge_line_id=ref.charge_line_id,
        )
    return AccountKey(
        AccountKind.INSURANCE_AR,
        payer_id=owed_by.payer_id,
        patient_id=ref.patient_id,
        claim_id=ref.claim_id,
        claim_line_id=ref.claim_line_id,
        charge_line_id=ref.charge_line_id,
    )


CASH = AccountKey(AccountKind.CASH)
GROSS_CHARGES = AccountKey(AccountKind.GROSS_CHARGES)
