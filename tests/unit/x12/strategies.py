"""Hypothesis strategies for X12 models (kept small so the suite stays fast).

Every strategy draws models the writers accept: codes from the guides' code lists, amounts as
Money with two places (negative only where a guide allows it, as in CAS adjustments), text from
letters and digits (never a delimiter), optional loops present or absent and several claims or
levels per transaction set.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from revcycle.kit.money import Money
from revcycle.x12.core.common import Address, Adjustment, AdjustmentReason, Contact, Name
from revcycle.x12.core.envelope import Envelope
from revcycle.x12.core.levels import Benefit, DateInfo, Level, LevelHeader, Rejection, Status, Trace
from revcycle.x12.core.segment import Delimiters
from revcycle.x12.x837.models import (
    BillingProvider,
    Header837,
    LineAdjudication,
    OtherSubscriber,
    Patient,
    PatientLoop,
    ProviderLoop,
    Subscriber,
    SubscriberLoop,
)
from tests.unit.x12 import factories as f

TEXT = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", min_size=1, max_size=12)
LETTERS = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=12)
IDS = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", min_size=2, max_size=12)
CITIES = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=2, max_size=12)
CODE = st.text(alphabet="ABCDEFGHJKLMNPQRSTVWXYZ0123456789", min_size=3, max_size=7)
MONEY = st.integers(min_value=0, max_value=10_000_000).map(Money.from_cents)
SIGNED_MONEY = st.integers(min_value=-1_000_000, max_value=10_000_000).map(Money.from_cents)
UNITS = st.integers(min_value=1, max_value=999).map(Decimal)
DATES = st.dates(min_value=dt.date(2015, 1, 1), max_value=dt.date(2030, 12, 31))
# ISA09 and TA102 carry a two-digit year, read as 20YY
ENVELOPE_DATES = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2099, 12, 31))
BIRTH_DATES = st.dates(min_value=dt.date(1920, 1, 1), max_value=dt.date(2024, 12, 31))
TIMES = st.builds(lambda h, m: f"{h:02d}{m:02d}", st.integers(0, 23), st.integers(0, 59))


def digits(n: int, m: int | None = None) -> st.SearchStrategy[str]:
    return st.text(alphabet="0123456789", min_size=n, max_size=m or n)


def optional(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), strategy)


def blank_or(strategy: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(st.just(""), strategy)


def tuples(strategy: st.SearchStrategy[Any], min_size: int = 0, max_size: int = 3) -> st.SearchStrategy[Any]:
    return st.lists(strategy, min_size=min_size, max_size=max_size).map(tuple)


def _npi(body: str) -> str:
    """A 10-digit NPI whose last digit is the Luhn check digit (with the 80840 prefix)."""
    total = 24  # the prefix 80840 contributes 24
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            d = d - 9 if d > 9 else d
        total += d
    return body + str((10 - total % 10) % 10)


NPIS = st.builds(lambda first, rest: _npi(first + rest), st.sampled_from("12"), digits(8))

# -- code lists ----------------------------------------------------------------------------------
STATES = st.sampled_from(["IL", "CA", "NY", "TX", "OH", "FL", "WA"])
SEX = st.sampled_from(["F", "M", "U"])
TAXONOMIES = st.sampled_from(["207Q00000X", "207R00000X", "282N00000X", "261QE0700X", "208D00000X"])
ICD10 = st.sampled_from(["R079", "I10", "E119", "J449", "N390", "S52501A", "Z0000", "M545", "K219", "R0789"])
CPT = st.sampled_from(["99213", "85025", "93005", "36415", "71046", "J1885", "99284", "80053"])
MODIFIERS = st.sampled_from(["25", "59", "LT", "RT", "GP", "TC", "26"])
REVENUE_CODES = st.sampled_from(["0110", "0120", "0250", "0300", "0301", "0320", "0450", "0636", "0730"])
CARC = st.sampled_from(["1", "2", "3", "45", "97", "96", "B7", "16", "253"])
CLAIM_FILING = st.sampled_from(["CI", "MB", "MA", "MC", "BL", "HM", "12", "16", "ZZ"])
PAYER_RESPONSIBILITY = st.sampled_from(["P", "S", "T", "A", "B", "C"])
PATIENT_RELATIONSHIP = st.sampled_from(["01", "19", "20", "21", "39", "40", "53", "G8"])
SERVICE_TYPES = st.sampled_from(["30", "1", "33", "35", "47", "48", "50", "86", "88", "98", "AL", "MH", "UC"])

# -- shared pieces ---------------------------------------------------------------------------------


def names(entity: str, person: bool = True, qualifier: str | None = None) -> st.SearchStrategy[Name]:
    if qualifier is None:
        qualifier = "MI" if entity in ("IL", "QC") else "XX"
    return st.builds(
        Name,
        entity_code=st.just(entity),
        entity_type=st.just("1" if person else "2"),
        last_name=TEXT,
        first_name=LETTERS if person else st.just(""),
        middle_name=blank_or(st.sampled_from("ABCDEJKMR")) if person else st.just(""),
        suffix=blank_or(st.sampled_from(["JR", "SR", "III"])) if person else st.just(""),
        id_qualifier=st.just(qualifier),
        identifier=NPIS if qualifier == "XX" else IDS,
    )


def providers(entity: str) -> st.SearchStrategy[Name]:
    """A provider NM1 with an NPI: a person or an organization."""
    return st.one_of(names(entity, person=True, qualifier="XX"), names(entity, person=False, qualifier="XX"))


ADDRESSES = st.builds(
    Address,
    line1=TEXT,
    line2=blank_or(TEXT),
    city=CITIES,
    state=STATES,
    postal_code=st.one_of(digits(5), digits(9)),
)
CONTACTS = st.builds(
    Contact,
    function_code=st.just("IC"),
    name=TEXT,
    numbers=tuples(st.tuples(st.sampled_from(["TE", "FX"]), digits(10)), 1, 3),
)

ADJUSTMENTS = st.builds(
    Adjustment,
    group=st.sampled_from(["CO", "PR", "OA", "PI"]),
    reasons=tuples(
        st.builds(AdjustmentReason, reason=CARC, amount=SIGNED_MONEY, quantity=optional(UNITS)), 1, 3
    ),
)


@st.composite
def envelopes(draw: st.DrawFn, *, ta1: bool = False) -> Envelope:
    """ISA/GS/ST values, with delimiters other than the usual ones now and then."""
    sender = draw(st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", min_size=2, max_size=15))
    receiver = draw(st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", min_size=2, max_size=15))
    time = draw(TIMES)
    delimiters = draw(
        st.sampled_from(
            [
                Delimiters(),
                Delimiters("|", "^", ">", "~"),
                Delimiters("*", "!", ">", "~"),
                Delimiters("*", "^", ":", "\n"),
            ]
        )
    )
    values: dict[str, Any] = {
        "sender_id": sender,
        "receiver_id": receiver,
        "sender_qualifier": draw(st.sampled_from(["ZZ", "01", "30"])),
        "receiver_qualifier": draw(st.sampled_from(["ZZ", "01", "30"])),
        "interchange_control_number": draw(digits(9)),
        "group_control_number": "",
        "transaction_control_number": "",
        "date": draw(ENVELOPE_DATES),
        "time": time,
        "usage_indicator": draw(st.sampled_from(["P", "T"])),
        "acknowledgment_requested": draw(st.sampled_from(["0", "1"])),
        "delimiters": delimiters,
    }
    if not ta1:
        values["group_control_number"] = str(draw(st.integers(1, 999_999_999)))
        values["transaction_control_number"] = draw(digits(4, 9))
        values["application_sender_code"] = draw(blank_or(IDS.filter(lambda s: s != sender)))
        values["application_receiver_code"] = draw(blank_or(IDS.filter(lambda s: s != receiver)))
        values["group_time"] = draw(blank_or(TIMES.filter(lambda t: t != time)))
    return Envelope(**values)


# -- 837P and 835 -------------------------------------------------------------------------------


@st.composite
def professional_claims(draw: st.DrawFn) -> object:
    n = draw(st.integers(min_value=1, max_value=3))
    services = tuple(
        f.make_837p_service(
            line_number=i + 1,
            procedure_code=draw(st.sampled_from(["99213", "85025", "J3301", "93000"])),
            modifiers=tuple(draw(st.lists(st.sampled_from(["25", "59", "LT", "RT"]), max_size=2))),
            charge_amount=draw(MONEY),
            units=draw(UNITS),
            service_date=draw(DATES),
            diagnosis_pointers=tuple(draw(st.lists(st.integers(1, 4), min_size=1, max_size=4))),
            line_item_control_number=draw(st.one_of(st.just(""), TEXT)),
        )
        for i in range(n)
    )
    rendering = draw(st.one_of(st.none(), names("82")))
    return f.make_837p_claim(
        patient_control_number=draw(TEXT),
        rendering_taxonomy="207Q00000X" if rendering else "",
        services=services,
        frequency_code=draw(st.sampled_from(["1", "7", "8"])),
        payer_claim_control_number=draw(st.one_of(st.just(""), TEXT)),
        prior_authorization=draw(st.one_of(st.just(""), TEXT)),
        diagnoses=tuple(draw(st.lists(CODE, min_size=1, max_size=12))),
        rendering_provider=rendering,
    )


@st.composite
def remittances(draw: st.DrawFn) -> object:
    claims = []
    for i in range(draw(st.integers(min_value=1, max_value=3))):
        services = tuple(
            f.make_835_service(
                charge_amount=draw(MONEY),
                paid_amount=draw(MONEY),
                adjustments=tuple(draw(st.lists(ADJUSTMENTS, max_size=2))),
                remarks=tuple(draw(st.lists(st.sampled_from(["N130", "M15", "MA01"]), max_size=2))),
                units=draw(st.one_of(st.none(), UNITS)),
            )
            for _ in range(draw(st.integers(min_value=0, max_value=3)))
        )
        claims.append(
            f.make_835_claim(
                patient_control_number=f"PCN{i}",
                status_code=draw(st.sampled_from(["1", "2", "4", "22"])),
                charge_amount=draw(MONEY),
                paid_amount=draw(MONEY),
                services=services or None,
                adjustments=tuple(draw(st.lists(ADJUSTMENTS, max_size=2))),
                patient=draw(names("QC")),
            )
        )
    return f.make_835(claims=tuple(claims))


# -- the 837 loops both guides share ------------------------------------------------------------

HEADERS_837 = st.builds(
    Header837,
    submitter=names("41", person=False, qualifier="46"),
    receiver=names("40", person=False, qualifier="46"),
    reference_id=TEXT,
    created=DATES,
    created_time=TIMES,
    purpose=st.sampled_from(["00", "18"]),
    claim_or_encounter=st.sampled_from(["CH", "RP"]),
    submitter_contact=CONTACTS,
)
BILLING_PROVIDERS = st.builds(
    BillingProvider,
    name=names("85", person=False, qualifier="XX"),
    address=ADDRESSES.map(lambda a: Address(a.line1, a.line2, a.city, a.state, a.postal_code.ljust(9, "1"))),
    tax_id=digits(9),
    tax_id_qualifier=st.just("EI"),
    taxonomy=blank_or(TAXONOMIES),
    contact=optional(CONTACTS),
    pay_to_address=optional(ADDRESSES),
)


def subscribers(*, is_patient: bool) -> st.SearchStrategy[Subscriber]:
    """2000B: with demographics when the subscriber is the patient (SBR02 18), else none."""
    return st.builds(
        Subscriber,
        payer_responsibility=PAYER_RESPONSIBILITY,
        relationship=st.just("18" if is_patient else ""),
        group_number=blank_or(TEXT),
        group_name=blank_or(TEXT),
        claim_filing_indicator=CLAIM_FILING,
        name=names("IL"),
        address=ADDRESSES if is_patient else optional(ADDRESSES),
        birth_date=BIRTH_DATES if is_patient else st.none(),
        sex=SEX if is_patient else st.just(""),
        payer=names("PR", person=False, qualifier="PI"),
        payer_address=optional(ADDRESSES),
    )


PATIENTS = st.builds(
    Patient,
    relationship=PATIENT_RELATIONSHIP,
    name=names("QC").map(lambda n: Name("QC", "1", n.last_name, n.first_name, n.middle_name, n.suffix)),
    address=ADDRESSES,
    birth_date=BIRTH_DATES,
    sex=SEX,
)


def other_subscribers(payer_id: str = "") -> st.SearchStrategy[OtherSubscriber]:
    return st.builds(
        OtherSubscriber,
        payer_responsibility=st.sampled_from(["S", "T"]),
        relationship=st.sampled_from(["18", "01", "19"]),
        group_number=blank_or(TEXT),
        claim_filing_indicator=CLAIM_FILING,
        adjustments=tuples(ADJUSTMENTS, 0, 2),
        payer_paid_amount=optional(MONEY),
        benefits_assignment=st.sampled_from(["Y", "N", "W"]),
        release_of_information=st.sampled_from(["Y", "I"]),
        subscriber=names("IL"),
        subscriber_address=optional(ADDRESSES),
        payer=names("PR", person=False, qualifier="PI").map(
            lambda n: (
                Name(n.entity_code, n.entity_type, n.last_name, id_qualifier="PI", identifier=payer_id)
                if payer_id
                else n
            )
        ),
    )


def transactions_837(draw: st.DrawFn, claims: st.SearchStrategy[Any]) -> dict[str, Any]:
    """Envelope, header and one or two billing providers, each with subscribers (the patient, or
    with dependents' patient loops) holding one to three claims drawn from ``claims``."""
    loops = []
    for _ in range(draw(st.integers(1, 2))):
        subs = []
        for _ in range(draw(st.integers(1, 2))):
            # the subscriber is the patient (claims in 2000B), or dependents are (2000C loops)
            own = tuple(draw(st.lists(claims, min_size=0, max_size=2)))
            dependents = tuple(
                PatientLoop(draw(PATIENTS), tuple(draw(st.lists(claims, min_size=1, max_size=2))))
                for _ in range(0 if own else 1)
            )
            subs.append(SubscriberLoop(draw(subscribers(is_patient=bool(own))), own, dependents))
        loops.append(ProviderLoop(draw(BILLING_PROVIDERS), tuple(subs)))
    return {"envelope": draw(envelopes()), "header": draw(HEADERS_837), "providers": tuple(loops)}


# -- 837I ---------------------------------------------------------------------------------------


@st.composite
def line_adjudications(draw: st.DrawFn, payer_id: str) -> LineAdjudication:
    return LineAdjudication(
        payer_id=payer_id,
        paid_amount=draw(MONEY),
        procedure_code=draw(CPT),
        modifiers=tuple(draw(st.lists(MODIFIERS, max_size=2))),
        revenue_code=draw(REVENUE_CODES),
        units=draw(UNITS),
        bundled_line_number=draw(blank_or(st.integers(1, 9).map(str))),
        adjustments=tuple(draw(st.lists(ADJUSTMENTS, max_size=2))),
        adjudication_date=draw(DATES),
    )


@st.composite
def institutional_services(draw: st.DrawFn, line_number: int, payer_ids: tuple[str, ...]) -> Any:
    from revcycle.x12.x837i.models import InstitutionalService

    procedure = draw(blank_or(CPT))
    start = draw(optional(DATES))
    return InstitutionalService(
        line_number=line_number,
        revenue_code=draw(REVENUE_CODES),
        charge_amount=draw(MONEY),
        units=draw(UNITS),
        procedure_code=procedure,
        modifiers=tuple(draw(st.lists(MODIFIERS, max_size=3))) if procedure else (),
        unit_basis=draw(st.sampled_from(["UN", "DA"])),
        non_covered_charge_amount=draw(optional(MONEY)),
        service_date=start,
        service_date_end=draw(optional(st.integers(0, 30).map(lambda d: start + dt.timedelta(d))))
        if start
        else None,
        line_item_control_number=draw(blank_or(TEXT)),
        adjudications=tuple(draw(line_adjudications(p)) for p in payer_ids if draw(st.booleans())),
    )


@st.composite
def institutional_claims(draw: st.DrawFn) -> Any:
    from revcycle.x12.x837i.models import InstitutionalClaim

    others = tuple(
        draw(other_subscribers(payer_id)) for payer_id in draw(st.lists(IDS, max_size=2, unique=True))
    )
    payer_ids = tuple(o.payer.identifier for o in others)
    services = tuple(draw(institutional_services(i + 1, payer_ids)) for i in range(draw(st.integers(1, 3))))
    start = draw(DATES)
    admitted = draw(optional(st.integers(0, 5).map(lambda d: start - dt.timedelta(d))))
    attending = draw(optional(names("71", qualifier="XX")))
    facility = draw(optional(names("77", person=False, qualifier="XX")))
    return InstitutionalClaim(
        patient_control_number=draw(TEXT),
        total_claim_charge_amount=Money.total(s.charge_amount for s in services),
        facility_type_code=draw(
            st.sampled_from(["11", "12", "13", "14", "18", "21", "32", "34", "71", "81", "83", "85"])
        ),
        frequency_code=draw(st.sampled_from(["1", "2", "3", "4", "7", "8"])),
        statement_from=start,
        statement_to=start + dt.timedelta(draw(st.integers(0, 30))),
        admission_date=admitted,
        admission_hour=draw(blank_or(TIMES)) if admitted else "",
        admission_type=draw(blank_or(st.sampled_from(["1", "2", "3", "4", "5", "9"]))),
        admission_source=draw(blank_or(st.sampled_from(["1", "2", "4", "5", "6", "7", "8", "9", "E", "F"]))),
        patient_status=draw(st.sampled_from(["01", "02", "03", "04", "05", "06", "07", "20", "30", "50"])),
        payer_claim_control_number=draw(blank_or(TEXT)),
        prior_authorization=draw(blank_or(TEXT)),
        principal_diagnosis=draw(ICD10),
        admitting_diagnosis=draw(blank_or(ICD10)),
        other_diagnoses=tuple(draw(st.lists(ICD10, max_size=13))),
        attending_provider=attending,
        attending_taxonomy=draw(blank_or(TAXONOMIES)) if attending else "",
        rendering_provider=draw(optional(names("82", qualifier="XX"))),
        service_facility=facility,
        service_facility_address=draw(ADDRESSES) if facility else None,
        referring_provider=draw(optional(names("DN", qualifier="XX"))),
        other_subscribers=others,
        services=services,
    )


@st.composite
def institutional_837s(draw: st.DrawFn) -> Any:
    from revcycle.x12.x837i.models import Institutional837

    return Institutional837(**transactions_837(draw, institutional_claims()))


# -- 999 and TA1 ------------------------------------------------------------------------------------

GUIDES = {"837": "005010X222A1", "835": "005010X221A1", "270": "005010X279A1", "276": "005010X212"}
FUNCTIONAL_IDS = {"837": "HC", "835": "HP", "270": "HS", "276": "HR"}


@st.composite
def element_notes(draw: st.DrawFn) -> Any:
    from revcycle.x12.x999 import ElementNote

    return ElementNote(
        position=draw(st.integers(1, 20)),
        code=draw(st.sampled_from(["1", "2", "4", "5", "6", "7", "8", "9", "10", "12", "13", "I10", "I12"])),
        component_position=draw(optional(st.integers(1, 5))),
        repeat_position=draw(optional(st.integers(1, 9))),
        reference_number=draw(blank_or(digits(1, 4).map(lambda s: str(int(s) + 1)))),
        bad_value=draw(blank_or(TEXT)),
    )


@st.composite
def segment_notes(draw: st.DrawFn) -> Any:
    from revcycle.x12.x999 import SegmentNote

    return SegmentNote(
        segment_id=draw(st.sampled_from(["CLM", "NM1", "SV1", "HI", "DTP", "REF", "N4", "SBR"])),
        position=draw(st.integers(3, 9_999)),
        code=draw(st.sampled_from(["1", "2", "3", "4", "5", "6", "7", "8", "I4", "I6", "I7", "I8", "I9"])),
        loop_id=draw(blank_or(st.sampled_from(["1000", "2000", "2300", "2400"]))),
        elements=tuple(draw(st.lists(element_notes(), max_size=3))),
    )


@st.composite
def transaction_set_responses(draw: st.DrawFn, transaction_set: str, control_number: str) -> Any:
    from revcycle.x12.x999 import TransactionSetResponse

    code = draw(st.sampled_from(["A", "E", "R"]))
    notes = () if code == "A" else tuple(draw(st.lists(segment_notes(), min_size=1, max_size=3)))
    errors: tuple[str, ...] = ()
    if code == "R":
        errors = tuple(
            draw(
                st.lists(
                    st.sampled_from(["1", "2", "3", "4", "5", "I5", "I6"]),
                    min_size=1,
                    max_size=5,
                    unique=True,
                )
            )
        )
    return TransactionSetResponse(
        transaction_set,
        control_number,
        code,
        implementation_guide=draw(blank_or(st.just(GUIDES[transaction_set]))),
        segments=notes,
        error_codes=errors,
    )


@st.composite
def acknowledgments_999(draw: st.DrawFn) -> Any:
    from revcycle.x12.x999 import Acknowledgment999

    acknowledged = draw(st.sampled_from(sorted(GUIDES)))
    controls = draw(st.lists(digits(4, 9), min_size=1, max_size=4, unique=True))
    sets = tuple(draw(transaction_set_responses(acknowledged, c)) for c in controls)
    accepted = sum(1 for s in sets if s.code != "R")
    if accepted == len(sets):
        code = "E" if any(s.code == "E" for s in sets) else "A"
    else:
        code = "P" if accepted else "R"
    return Acknowledgment999(
        envelope=draw(envelopes()),
        functional_id=FUNCTIONAL_IDS[acknowledged],
        group_control_number=str(draw(st.integers(1, 999_999_999))),
        group_version=GUIDES[acknowledged],
        transaction_sets=sets,
        code=code,
        included=len(sets),
        received=len(sets),
        accepted=accepted,
        error_codes=tuple(draw(st.lists(st.sampled_from(["1", "2", "4", "5"]), max_size=3, unique=True)))
        if code == "R"
        else (),
    )


@st.composite
def interchange_acknowledgments(draw: st.DrawFn) -> Any:
    from revcycle.x12.ta1 import InterchangeAcknowledgment

    code = draw(st.sampled_from(["A", "E", "R"]))
    notes = ["000"] if code == "A" else [f"{n:03d}" for n in range(1, 32)]
    return InterchangeAcknowledgment(
        envelope=draw(envelopes(ta1=True)),
        acknowledged_control_number=draw(digits(9)),
        interchange_date=draw(ENVELOPE_DATES),
        interchange_time=draw(TIMES),
        code=code,
        note_code=draw(st.sampled_from(notes)),
    )


# -- the HL level transactions: 270, 271, 276, 277, 277CA -------------------------------------------

PAYERS = names("PR", person=False, qualifier="PI")
TRACE_ORIGINATORS = st.builds(lambda d: "9" + d, digits(9))


def traces(trace_type: str) -> st.SearchStrategy[Trace]:
    return st.builds(
        Trace,
        trace_type=st.just(trace_type),
        number=TEXT,
        originator=TRACE_ORIGINATORS,
        supplemental=blank_or(TEXT),
    )


def dates(*qualifiers: str, ranges: bool = True) -> st.SearchStrategy[DateInfo]:
    @st.composite
    def build(draw: st.DrawFn) -> DateInfo:
        start = draw(DATES)
        end = draw(optional(st.integers(0, 60).map(lambda d: start + dt.timedelta(d)))) if ranges else None
        return DateInfo(draw(st.sampled_from(qualifiers)), start, end)

    return build()


def level_headers(structure: str, purposes: list[str], types: list[str]) -> st.SearchStrategy[LevelHeader]:
    return st.builds(
        LevelHeader,
        structure=st.just(structure),
        purpose=st.sampled_from(purposes),
        reference_id=TEXT,
        created=DATES,
        created_time=TIMES,
        transaction_type=st.sampled_from(types),
    )


@st.composite
def _with_children(
    draw: st.DrawFn, level: st.SearchStrategy[Level], children: Any, n: tuple[int, int]
) -> tuple[Level, ...]:
    out = []
    for _ in range(draw(st.integers(*n))):
        kids = draw(children) if children is not None else ()
        out.append(Level(**{**_fields(draw(level)), "children": kids}))
    return tuple(out)


def _fields(level: Level) -> dict[str, Any]:
    return {name: getattr(level, name) for name in Level.__dataclass_fields__}


def level_trees(
    *tiers: tuple[st.SearchStrategy[Level], tuple[int, int]],
) -> st.SearchStrategy[tuple[Level, ...]]:
    """Levels tier by tier (source, receiver, provider ...), each tier repeated as many times as
    its range says under every level of the tier above."""
    tree: Any = None
    for level, n in reversed(tiers):
        tree = _with_children(level, tree, n)
    return tree  # type: ignore[no-any-return]


def levels(level_code: str, **fields: st.SearchStrategy[Any]) -> st.SearchStrategy[Level]:
    return st.builds(Level, level_code=st.just(level_code), **fields)


def references(*qualifiers: str) -> st.SearchStrategy[tuple[tuple[str, str], ...]]:
    """REF segments, each qualifier at most once."""
    pairs = st.tuples(st.sampled_from(qualifiers), TEXT)
    return st.lists(pairs, max_size=2, unique_by=lambda p: p[0]).map(tuple)


DEPENDENT_NAMES = st.builds(lambda last, first: Name("03", "1", last, first), TEXT, LETTERS)
AAA_FOLLOW_UP = st.sampled_from(["C", "N", "P", "R", "S", "W", "X", "Y"])


def rejections(*codes: str) -> st.SearchStrategy[tuple[Rejection, ...]]:
    return tuples(
        st.builds(
            Rejection, valid=st.sampled_from(["Y", "N"]), code=st.sampled_from(codes), follow_up=AAA_FOLLOW_UP
        ),
        0,
        2,
    )


@st.composite
def eligibility_requests(draw: st.DrawFn) -> Any:
    from revcycle.x12.x270 import EligibilityRequest270

    person = dict(
        traces=tuples(traces("1"), 0, 2),
        references=references("SY", "6P", "EJ", "HJ", "IG"),
        address=optional(ADDRESSES),
        birth_date=optional(BIRTH_DATES),
        sex=blank_or(SEX),
        dates=tuples(dates("291", "307", "472"), 0, 1),
        inquiries=tuples(tuples(SERVICE_TYPES, 1, 3), 1, 3),
    )
    tree = level_trees(
        (levels("20", name=PAYERS), (1, 1)),
        (
            levels(
                "21",
                name=providers("1P"),
                references=references("SY", "TJ", "EO"),
                address=optional(ADDRESSES),
            ),
            (1, 2),
        ),
        (levels("22", name=names("IL"), **person), (1, 3)),
        (levels("23", name=DEPENDENT_NAMES, **person), (0, 1)),
    )
    return EligibilityRequest270(
        envelope=draw(envelopes()),
        header=draw(level_headers("0022", ["13", "01", "36"], ["", "RT"])),
        levels=draw(tree),
    )


def benefit_money(code: str) -> bool:
    return code in ("B", "C", "G", "J", "Y")


@st.composite
def benefits(draw: st.DrawFn) -> Benefit:
    code = draw(st.sampled_from(["1", "6", "A", "B", "C", "F", "G", "I", "L", "R", "CB", "MC"]))
    quantity = draw(optional(UNITS)) if code == "F" else None
    return Benefit(
        code=code,
        coverage_level=draw(blank_or(st.sampled_from(["IND", "FAM", "EMP", "ESP", "CHD"]))),
        service_types=tuple(draw(st.lists(SERVICE_TYPES, max_size=4, unique=True))),
        insurance_type=draw(blank_or(st.sampled_from(["C1", "HM", "MA", "MB", "PR", "HN", "PS"]))),
        plan=draw(blank_or(TEXT)),
        time_period=draw(blank_or(st.sampled_from(["23", "24", "27", "29", "32"]))),
        amount=draw(MONEY) if benefit_money(code) else None,
        percent=draw(st.integers(0, 100).map(lambda p: Decimal(p) / 100)) if code == "A" else None,
        quantity_qualifier=draw(st.sampled_from(["VS", "DY", "HS"])) if quantity is not None else "",
        quantity=quantity,
        authorization_required=draw(blank_or(st.sampled_from(["Y", "N", "U"]))),
        in_network=draw(blank_or(st.sampled_from(["Y", "N", "U", "W"]))),
    )


@st.composite
def eligibility_responses(draw: st.DrawFn) -> Any:
    from revcycle.x12.x271 import EligibilityResponse271

    person = dict(
        traces=tuples(traces("2"), 0, 2),
        references=references("SY", "6P", "18", "1L", "EJ", "IG"),
        address=optional(ADDRESSES),
        rejections=rejections("15", "42", "43", "58", "64", "65", "71", "72", "73", "75", "76"),
        birth_date=optional(BIRTH_DATES),
        sex=blank_or(SEX),
        dates=tuples(dates("346", "356", "291", "307"), 0, 2),
        benefits=tuples(benefits(), 0, 4),
    )
    tree = level_trees(
        (levels("20", name=PAYERS, rejections=rejections("04", "41", "42", "79", "80", "T4")), (1, 1)),
        (
            levels(
                "21",
                name=providers("1P"),
                references=references("SY", "TJ", "EO"),
                address=optional(ADDRESSES),
                rejections=rejections("15", "41", "43", "44", "45", "46", "47", "48", "50", "51", "79"),
            ),
            (1, 2),
        ),
        (levels("22", name=names("IL"), **person), (1, 3)),
        (levels("23", name=DEPENDENT_NAMES, **person), (0, 1)),
    )
    return EligibilityResponse271(
        envelope=draw(envelopes()),
        header=draw(level_headers("0022", ["11", "06"], [""])),
        levels=draw(tree),
    )


@st.composite
def status_requests(draw: st.DrawFn) -> Any:
    from revcycle.x12.x276 import StatusRequest276

    claim = dict(
        birth_date=optional(BIRTH_DATES),
        sex=blank_or(SEX),
        traces=tuples(traces("1"), 1, 1),
        references=references("1K", "EJ", "BLT", "6P", "EA"),
        amounts=tuples(st.tuples(st.just("T3"), MONEY), 0, 1),
        dates=tuples(dates("472"), 0, 1),
    )
    tree = level_trees(
        (levels("20", name=PAYERS), (1, 1)),
        (levels("21", name=names("41", person=False, qualifier="46")), (1, 1)),
        (levels("19", name=providers("1P")), (1, 2)),
        (levels("22", name=names("IL"), **claim), (1, 2)),
        (levels("23", name=names("QC", qualifier="MI"), **claim), (0, 1)),
    )
    return StatusRequest276(
        envelope=draw(envelopes()),
        header=draw(level_headers("0010", ["13"], [""])),
        levels=draw(tree),
    )


CLAIM_STATUS_CATEGORIES = st.sampled_from(
    ["A0", "A1", "A2", "A3", "A4", "A6", "A7", "A8", "F0", "F1", "F2", "P1", "R0"]
)
CLAIM_STATUS_CODES = st.sampled_from(
    ["1", "3", "19", "20", "21", "23", "24", "33", "65", "88", "96", "116", "187", "562"]
)
STATUS_ENTITY_CODES = ("PR", "41", "85", "IL", "QC", "40", "1P")


@st.composite
def statuses(
    draw: st.DrawFn,
    *,
    payment: bool = False,
    acknowledgment: bool = False,
    dated: bool = True,
    entities: tuple[str, ...] = STATUS_ENTITY_CODES,
) -> Status:
    """STC; with ``payment``, STC05..STC09 (paid amount, dates, method, check number) may follow;
    an ``acknowledgment`` (277CA) always has an action code and amount, and a date if ``dated``."""
    entity_codes = st.sampled_from(("", *entities))
    rest: tuple[tuple[str, ...], ...] = ()
    if payment and draw(st.booleans()):
        paid = draw(MONEY).x12()
        rest = ((paid,), (draw(DATES).strftime("%Y%m%d"),), (draw(st.sampled_from(["ACH", "CHK", "NON"])),))
        if draw(st.booleans()):
            rest += ((draw(DATES).strftime("%Y%m%d"),), (draw(digits(4, 10)),))
    if draw(st.booleans()):
        second = (draw(CLAIM_STATUS_CATEGORIES), draw(CLAIM_STATUS_CODES))
        entity = "" if acknowledgment else draw(entity_codes)
        rest = rest + ((),) * (5 - len(rest)) + ((*second, entity) if entity else second,)
    return Status(
        category=draw(CLAIM_STATUS_CATEGORIES),
        code=draw(CLAIM_STATUS_CODES),
        entity=draw(entity_codes),
        date=(draw(DATES) if dated else None) if acknowledgment else draw(optional(DATES)),
        action_code=draw(st.sampled_from(["WQ", "U"])) if acknowledgment else "",
        amount=draw(MONEY) if acknowledgment else draw(optional(MONEY)),
        rest=rest,
    )


@st.composite
def status_responses(draw: st.DrawFn) -> Any:
    from revcycle.x12.x277 import StatusResponse277

    claim = dict(
        traces=tuples(traces("2"), 1, 1),
        statuses=tuples(statuses(payment=True), 1, 3),
        references=references("1K", "EJ", "BLT", "6P", "EA"),
        dates=tuples(dates("472"), 0, 1),
    )
    tree = level_trees(
        (levels("20", name=PAYERS), (1, 1)),
        (levels("21", name=names("41", person=False, qualifier="46")), (1, 1)),
        (levels("19", name=providers("1P")), (1, 2)),
        (levels("22", name=names("IL"), **claim), (1, 2)),
        (levels("23", name=names("QC", qualifier="MI"), **claim), (0, 1)),
    )
    return StatusResponse277(
        envelope=draw(envelopes()),
        header=draw(level_headers("0010", ["08"], ["DG"])),
        levels=draw(tree),
    )


@st.composite
def claim_acknowledgments(draw: st.DrawFn) -> Any:
    """277CA: source (payer), receiver (submitter), billing providers, their claims (patient levels)."""
    from revcycle.x12.x277ca import ClaimAcknowledgment277CA

    day = draw(DATES)
    totals = tuples(st.tuples(st.sampled_from(["YU", "YY"]), MONEY), 0, 2).map(
        lambda pairs: tuple({q: (q, m) for q, m in pairs}.values())
    )
    tree = level_trees(
        (
            levels(
                "20",
                name=PAYERS,
                traces=tuples(traces("1").map(lambda t: Trace("1", t.number)), 1, 1),
                dates=st.just((DateInfo("050", day), DateInfo("009", day))),
            ),
            (1, 1),
        ),
        (
            levels(
                "21",
                name=names("41", person=False, qualifier="46"),
                traces=tuples(traces("2").map(lambda t: Trace("2", t.number)), 1, 1),
                statuses=tuples(statuses(acknowledgment=True, entities=("36", "40", "41", "AY", "PR")), 1, 2),
                amounts=totals,
            ),
            (1, 1),
        ),
        (
            levels(
                "19",
                name=providers("85"),
                traces=st.just((Trace("1", "0"),)),
                statuses=tuples(
                    statuses(acknowledgment=True, dated=False, entities=("41", "77", "82", "85", "PR")), 1, 2
                ),
                references=references("TJ"),
                amounts=totals,
            ),
            (1, 2),
        ),
        (
            levels(
                "PT",
                name=names("QC"),
                traces=tuples(traces("2").map(lambda t: Trace("2", t.number)), 1, 1),
                statuses=tuples(
                    statuses(acknowledgment=True, entities=("1P", "41", "82", "85", "IL", "PR", "QC")), 1, 2
                ),
                references=references("1K", "D9", "BLT"),
                dates=tuples(dates("472"), 1, 1),
            ),
            (1, 3),
        ),
    )
    return ClaimAcknowledgment277CA(
        envelope=draw(envelopes()),
        header=draw(level_headers("0085", ["08"], ["TH"])),
        levels=draw(tree),
    )
