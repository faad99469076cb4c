"""What goes in each box: the claim as billed, mapped to text at a line and a column of the grid.

Pure: ``form_pages(claim, details)`` returns, for each printed page, the texts to place. Six service
lines fit on a form; more continue on further pages, each with the same header boxes, and the
totals (boxes 28 and 29) only on the last one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from revcycle.claims.domain.model import Claim, ClaimLine, FrequencyCode, Party, Person, PostalAddress
from revcycle.claims.paper.layout import (
    ANOTHER_PLAN_NO,
    ANOTHER_PLAN_YES,
    ASSIGNMENT_YES,
    EIN_COL,
    INSURANCE_TYPES,
    LINES_PER_PAGE,
    NO_COL,
    RELATIONSHIPS,
    SEX_COLUMNS,
    YES_COL,
    service_lines,
)
from revcycle.kit.money import Money

DIAGNOSIS_LETTERS = "ABCDEFGHIJKL"
MAX_DIAGNOSES = len(DIAGNOSIS_LETTERS)

_FILING_TO_TYPE = {
    "MA": "MEDICARE",
    "MB": "MEDICARE",
    "16": "MEDICARE",
    "MC": "MEDICAID",
    "CH": "TRICARE",
    "VA": "CHAMPVA",
    "BL": "GROUP HEALTH PLAN",
    "CI": "GROUP HEALTH PLAN",
    "HM": "GROUP HEALTH PLAN",
    "FI": "GROUP HEALTH PLAN",
    "12": "GROUP HEALTH PLAN",
    "13": "GROUP HEALTH PLAN",
    "14": "GROUP HEALTH PLAN",
    "15": "GROUP HEALTH PLAN",
    "17": "GROUP HEALTH PLAN",
}
"""Box 1 from the claim filing indicator (SBR09); anything else is "other"."""
SIGNATURE_ON_FILE = "SIGNATURE ON FILE"


@dataclass(frozen=True)
class OtherInsured:
    """Box 9: the other coverage (the primary on a secondary claim, the secondary on a primary one)."""

    last_name: str
    first_name: str
    policy_or_group: str
    plan_name: str


@dataclass(frozen=True)
class PaperDetails:
    """What the form shows beyond the claim as billed."""

    other_insured: OtherInsured | None = None
    amount_paid: Money = field(default_factory=Money.zero)
    """Box 29: what other payers (and the patient) already paid on these services."""
    billing_phone: str = ""
    """Box 33: ten digits."""
    signed_on: date | None = None
    """The date printed beside the signatures (boxes 12 and 31)."""


@dataclass(frozen=True)
class Text:
    """One piece of text on the grid: ``width`` columns from ``col`` (right-aligned when ``right``)."""

    box: str
    line: int
    col: int
    text: str
    width: int
    right: bool = False
    check: bool = False
    """A check mark, centred in its box."""


@dataclass(frozen=True)
class Page:
    number: int
    of: int
    texts: tuple[Text, ...]
    lines: tuple[ClaimLine, ...]


# -- formatting ------------------------------------------------------------------------------
def person_name(last: str, first: str, middle: str = "", suffix: str = "") -> str:
    """``LAST SUFFIX, FIRST, M`` as NUCC asks (commas between the parts, no periods)."""
    last_part = f"{last} {suffix}".strip()
    parts = [last_part, first] + ([middle[:1]] if middle else [])
    return ", ".join(p for p in parts if p).upper()


def party_name(party: Party) -> str:
    if party.is_person:
        return f"{party.first_name} {party.last_name}".strip().upper()
    return party.last_name.upper()


def mmddyy(day: date) -> str:
    return day.strftime("%m %d %y")


def mmddyyyy(day: date) -> str:
    return day.strftime("%m %d %Y")


def phone(digits: str) -> tuple[str, str]:
    """``("303", "5550100")`` from ten digits (NUCC: no hyphen or space); anything else as it is."""
    only = "".join(c for c in digits if c.isdigit())
    if len(only) == 10:
        return only[:3], only[3:]
    return "", digits


def zip_code(text: str) -> str:
    return text if len(text) != 9 else f"{text[:5]}-{text[5:]}"


def money_parts(amount: Money) -> tuple[str, str]:
    """Dollars and cents for the split columns: ``("1234", "50")``."""
    sign = "-" if amount.is_negative() else ""
    dollars, cents = divmod(abs(amount.cents), 100)
    return f"{sign}{dollars}", f"{cents:02d}"


def units_text(units: Decimal) -> str:
    if units == units.to_integral_value():
        return str(units.quantize(Decimal(1)))
    return format(units.normalize(), "f")


def diagnosis_text(code: str) -> str:
    """ICD-10-CM codes go on the form without the decimal point."""
    return code.replace(".", "").upper()


def insurance_type(claim_filing_indicator: str) -> str:
    return _FILING_TO_TYPE.get(claim_filing_indicator, "OTHER")


# -- boxes -----------------------------------------------------------------------------------
class _Page:
    def __init__(self) -> None:
        self.texts: list[Text] = []

    def put(self, box: str, line: int, col: int, text: str, width: int, *, right: bool = False) -> None:
        if text:
            self.texts.append(Text(box, line, col, text, width, right))

    def check(self, box: str, line: int, col: int, on: bool = True) -> None:
        if on:
            self.texts.append(Text(box, line, col, "X", 1, check=True))

    def money(self, box: str, line: int, dollars_end: int, amount: Money) -> None:
        """Dollars right-aligned to end at ``dollars_end``, cents two columns after it."""
        dollars, cents = money_parts(amount)
        self.put(box, line, dollars_end - 7, dollars, 8, right=True)
        self.put(box, line, dollars_end + 2, cents, 2, right=True)

    def address(self, prefix: str, line: int, where: PostalAddress | None, right_side: bool) -> None:
        if where is None:
            return
        base = 50 if right_side else 1
        street = f"{where.line1} {where.line2}".strip().upper()
        self.put(prefix, line, base, street, 28 if not right_side else 30)
        self.put(f"{prefix}city", line + 2, base, where.city.upper(), 24)
        self.put(f"{prefix}state", line + 2, 75 if right_side else 26, where.state.upper(), 3)
        self.put(f"{prefix}zip", line + 4, base, zip_code(where.zip), 11)


def _patient_and_insured(p: _Page, claim: Claim, details: PaperDetails) -> None:
    kind = insurance_type(claim.payer.claim_filing_indicator)
    for name, col in INSURANCE_TYPES:
        p.check("1", 8, col, name == kind)
    p.put("1a", 8, 50, claim.member_id, 30)
    patient, insured = claim.patient, claim.subscriber
    p.put("2", 10, 1, _name(patient), 28)
    _birth_and_sex(p, "3", 10, 31, patient)
    p.put("4", 10, 50, _name(insured), 30)
    p.address("5", 12, patient.address, right_side=False)
    code = claim.relationship if claim.relationship in ("18", "01", "19") else ""
    for rel, _, col in RELATIONSHIPS:
        p.check("6", 12, col, rel == code)
    p.address("7", 12, insured.address or (patient.address if claim.patient_is_subscriber else None), True)
    other = details.other_insured
    if other is not None:
        p.put("9", 18, 1, person_name(other.last_name, other.first_name), 28)
        p.put("9a", 20, 1, other.policy_or_group.upper(), 28)
        p.put("9d", 26, 1, other.plan_name.upper(), 28)
    causes = set(claim.related_causes)
    for box, line, cause in (("10a", 20, "EM"), ("10b", 22, "AA"), ("10c", 24, "OA")):
        p.check(box, line, YES_COL if cause in causes else NO_COL)
    if "AA" in causes:
        p.put("10b", 22, 46, claim.accident_state.upper(), 2)
    p.put("11", 18, 50, claim.group_number.upper(), 30)
    _birth_and_sex(p, "11a", 20, 52, insured)
    p.put("11c", 24, 50, claim.payer.name.upper(), 30)
    p.check("11d", 26, ANOTHER_PLAN_YES if other is not None else ANOTHER_PLAN_NO)
    signed = mmddyy(details.signed_on) if details.signed_on else ""
    p.put("12", 30, 7, SIGNATURE_ON_FILE, 24)
    p.put("12", 30, 38, signed, 12)
    p.put("13", 30, 56, SIGNATURE_ON_FILE, 24)


def _name(person: Person) -> str:
    return person_name(person.last_name, person.first_name, person.middle_name, person.suffix)


def _birth_and_sex(p: _Page, box: str, line: int, col: int, who: Person) -> None:
    male_col, female_col = SEX_COLUMNS[box]
    if who.date_of_birth is not None:
        p.put(box, line, col, mmddyyyy(who.date_of_birth), 10)
    p.check(box, line, male_col, who.sex == "M")
    p.check(box, line, female_col, who.sex == "F")


def _claim_information(p: _Page, claim: Claim) -> None:
    if claim.onset_date is not None:  # box 14: the date, then its qualifier (431 onset)
        p.put("14", 32, 2, mmddyy(claim.onset_date), 8)
        p.put("14", 32, 23, "431", 3)
    if claim.accident_date is not None:
        p.put("15", 32, 31, "439", 3)
        p.put("15", 32, 40, mmddyy(claim.accident_date), 8)
    if claim.referring is not None:
        p.put("17", 34, 1, "DN", 2)
        p.put("17", 34, 4, party_name(claim.referring), 25)
        p.put("17b", 34, 35, claim.referring.npi, 14)
    p.put("21", 37, 45, "0", 1)
    for i, code in enumerate(claim.diagnoses[:MAX_DIAGNOSES]):
        row, slot = divmod(i, 4)
        p.put("21", 38 + row, 3 + 12 * slot, diagnosis_text(code), 8)
    if claim.frequency_code is not FrequencyCode.ORIGINAL:
        p.put("22", 38, 51, claim.frequency_code.value, 10)
        p.put("22", 38, 62, claim.payer_claim_control_number, 18)
    p.put("23", 40, 51, claim.prior_authorization.upper(), 29)


def _service_line(p: _Page, claim: Claim, index: int, line: ClaimLine) -> None:
    shaded, row = service_lines(index)
    if line.ndc:
        quantity = units_text(line.ndc_quantity) if line.ndc_quantity is not None else ""
        p.put("24D", shaded, 1, f"N4{line.ndc} {line.ndc_unit}{quantity}", 40)
    p.put("24A", row, 1, mmddyy(line.service_date), 8)
    p.put("24A", row, 10, mmddyy(line.service_date), 8)
    p.put("24B", row, 19, claim.place_of_service, 2)
    p.put("24D", row, 25, line.code.upper(), 6)
    for m, modifier in enumerate(line.modifiers[:4]):
        p.put("24D", row, 32 + 3 * m, modifier.upper(), 2)
    letters = "".join(
        DIAGNOSIS_LETTERS[n - 1] for n in line.diagnosis_pointers[:4] if 1 <= n <= MAX_DIAGNOSES
    )
    p.put("24E", row, 44, letters, 4)
    p.money("24F", row, 56, line.charge)
    p.put("24G", row, 60, units_text(line.units), 4, right=True)
    if claim.rendering is not None:
        p.put("24J", row, 70, claim.rendering.npi, 10)


def _providers(p: _Page, claim: Claim, details: PaperDetails, last: bool) -> None:
    p.put("25", 56, 2, claim.billing.tax_id.replace("-", ""), 14)
    p.check("25", 56, EIN_COL)
    p.put("26", 56, 24, claim.patient_control_number, 14)
    p.check("27", 56, ASSIGNMENT_YES)
    if last:
        p.money("28", 56, 58, claim.total_charge)
        if not details.amount_paid.is_zero():
            p.money("29", 56, 68, details.amount_paid)
    signer = claim.rendering
    p.put("31", 59, 1, SIGNATURE_ON_FILE, 21)
    if signer is not None:
        p.put("31", 60, 1, party_name(signer), 21)
    if details.signed_on is not None:
        p.put("31", 62, 1, "DATE " + mmddyy(details.signed_on), 21)
    _organisation(p, "32", 23, 26, claim.service_facility)
    if claim.service_facility is not None:
        p.put("32a", 62, 24, claim.service_facility.npi, 11)
    area, number = phone(details.billing_phone)
    p.put("33", 57, 68, area, 3)
    p.put("33", 57, 72, number, 9)
    _organisation(p, "33", 50, 30, claim.billing)
    p.put("33a", 62, 51, claim.billing.npi, 11)


def _organisation(p: _Page, box: str, col: int, width: int, party: Party | None) -> None:
    if party is None:
        return
    p.put(box, 58, col, party_name(party), width)
    where = party.address
    if where is not None:
        p.put(box, 59, col, f"{where.line1} {where.line2}".strip().upper(), width)
        p.put(box, 60, col, f"{where.city} {where.state} {zip_code(where.zip)}".upper(), width)


def _header(p: _Page, claim: Claim, number: int, of: int) -> None:
    p.put("carrier", 2, 50, claim.payer.name.upper(), 30)
    if of > 1:
        p.put("page", 5, 50, f"PAGE {number} OF {of}", 30)


def form_pages(claim: Claim, details: PaperDetails | None = None) -> list[Page]:
    """The texts of each page: six service lines a page, totals on the last."""
    details = details or PaperDetails()
    chunks: Sequence[tuple[ClaimLine, ...]] = [
        claim.lines[i : i + LINES_PER_PAGE] for i in range(0, len(claim.lines), LINES_PER_PAGE)
    ] or [()]
    pages = []
    for number, lines in enumerate(chunks, start=1):
        p = _Page()
        last = number == len(chunks)
        _header(p, claim, number, len(chunks))
        _patient_and_insured(p, claim, details)
        _claim_information(p, claim)
        for index, line in enumerate(lines):
            _service_line(p, claim, index, line)
        _providers(p, claim, details, last)
        pages.append(Page(number, len(chunks), tuple(p.texts), lines))
    return pages
