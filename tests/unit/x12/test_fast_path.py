"""The fast path of ``parse`` must give exactly what the general path gives, or step aside."""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from revcycle.kit.money import Money
from revcycle.x12 import iter_parse, parse, write
from revcycle.x12.core import fast
from revcycle.x12.core.common import Name
from revcycle.x12.core.fastbuild import positional
from revcycle.x12.errors import X12Error
from revcycle.x12.x835.models import ClaimPayment, OutpatientAdjudication, Reference, ServicePayment
from tests.unit.x12 import factories as f
from tests.unit.x12.strategies import remittances


def general(data: bytes) -> list[Any] | str:
    """What the general path gives: the models, or the error text."""
    try:
        return list(iter_parse(data))
    except X12Error as exc:
        return f"{type(exc).__name__}: {exc}"


def through_parse(data: bytes) -> list[Any] | str:
    try:
        return parse(data)
    except X12Error as exc:
        return f"{type(exc).__name__}: {exc}"


def fast_models(data: bytes) -> list[Any] | None:
    try:
        return fast.parse_bytes(data)
    except fast.Fallback:
        return None


def test_positional_constructor_gives_a_frozen_equal_instance() -> None:
    build = positional(Name)
    made = build("QC", "1", "DOE", "JANE", "", "", "MI", "M1")
    assert type(made) is Name
    assert made == Name("QC", "1", "DOE", "JANE", id_qualifier="MI", identifier="M1")
    assert hash(made) == hash(Name("QC", "1", "DOE", "JANE", id_qualifier="MI", identifier="M1"))
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.last_name = "X"  # type: ignore[misc]


def rich_835() -> Any:
    service = f.make_835_service(
        modifiers=("25", "59"),
        description="OFFICE VISIT",
        revenue_code="0450",
        original_procedure=("HC", "99214"),
        original_units=Decimal2,
        service_date=None,
        service_period_start=f.make_835_service().service_date,
        service_period_end=f.make_835_service().service_date,
        amounts=(),
    )
    claim = f.make_835_claim(
        services=(service, f.make_835_service(units=None, remarks=())),
        adjustments=(f.make_adjustment("OA", "23", "0.00"),),
        insured=Name("IL", "1", "ROE", "JOHN", id_qualifier="MI", identifier="X1"),
        outpatient=OutpatientAdjudication(remark_codes=("MA01", "N130"), payable_amount=Money("1.50")),
        references=(Reference("1K", "REF1"),),
        facility_type_code="11",
        frequency_code="1",
    )
    return f.make_835(claims=(claim, f.make_835_claim(patient_control_number="P2")))


Decimal2 = __import__("decimal").Decimal("2")


@pytest.mark.parametrize("line_breaks", [True, False])
def test_fast_path_reads_a_rich_835_as_the_general_path_does(line_breaks: bool) -> None:
    data = write(rich_835(), line_breaks=line_breaks).encode()
    expected = general(data)
    assert fast_models(data) == expected == [rich_835()]
    assert parse(data) == expected
    assert parse(data.decode()) == expected
    assert parse(io.BytesIO(data)) == expected


def test_fast_path_with_other_delimiters_and_carriage_returns() -> None:
    text = write(rich_835(), line_breaks=False)
    other = text.replace("*", "|").replace(":", ">").replace("^", "!").replace("~", "\r\n")
    data = other.encode()
    assert general(data) == fast_models(data) == parse(data)
    spaced = text.replace("~", "~ \r\n").encode()
    assert general(spaced) == fast_models(spaced) == parse(spaced)


def test_several_interchanges_take_the_fast_path() -> None:
    data = (write(rich_835()) + write(f.make_835())).encode()
    assert fast_models(data) == general(data)
    assert len(parse(data)) == 2


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("SE*", "SE*9"),  # wrong SE01
        ("IEA*1*", "IEA*2*"),  # wrong IEA01
        ("GE*1*", "GE*3*"),  # wrong GE01
        ("NM1*QC", "NM1*XX"),  # no patient
        ("SVC*HC:99213", "SVC*HC"),  # no procedure code
        ("CLP*PCN0001*1*", "CLP*PCN0001*1*ABC"),  # bad amount
        ("DTM*472*20240220", "DTM*472*20241320"),  # bad date
        ("N1*PE", "N1*XE"),  # no payee
        ("~SE*", "~GS*X~SE*"),  # envelope inside the set
        ("~SE*", "~PLB*1*20240101*WO*x~SE*"),  # bad PLB amount
        ("~SE*", "~ZZZ*1~SE*"),  # unexpected segment at the end
    ],
)
def test_broken_835_gives_the_general_path_error(old: str, new: str) -> None:
    text = write(rich_835(), line_breaks=False)
    assert old in text
    data = text.replace(old, new, 1).encode()
    expected = general(data)
    assert through_parse(data) == expected
    models = fast_models(data)
    assert models is None or models == expected


def test_cut_off_file_gives_the_general_path_error() -> None:
    data = write(rich_835()).encode()[:-30]
    assert fast_models(data) is None
    assert through_parse(data) == general(data)


def test_835_samples_read_the_same_by_both_paths(x12_samples: Path) -> None:
    paths = [*sorted((x12_samples / "835_005010X221A1").glob("*.835")), x12_samples / "demo" / "demo.835"]
    taken = 0
    for path in paths:
        data = path.read_bytes()
        expected = general(data)
        assert through_parse(data) == expected, path.name
        models = fast_models(data)
        if models is not None:
            assert models == expected, path.name
            taken += 1
    assert taken >= 2


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(remittances())
def test_fast_path_equals_general_path_on_generated_835(model: Any) -> None:
    data = write(model).encode()
    assert fast_models(data) == general(data) == [model]


def test_claim_and_service_fields_come_through_the_fast_path() -> None:
    [era] = fast.parse_bytes(write(rich_835()).encode())
    claim = next(era.claims())
    assert isinstance(claim, ClaimPayment)
    assert isinstance(claim.services[0], ServicePayment)
    assert claim.services[0].modifiers == ("25", "59")
    assert claim.outpatient is not None
    with pytest.raises(dataclasses.FrozenInstanceError):
        claim.status_code = "2"  # type: ignore[misc]


def _findings(check: Any, data: bytes) -> list[Any]:
    from revcycle.x12.core.envelope import iter_transactions

    found: list[Any] = []
    for raw in iter_transactions(data, on_issue=lambda _: None):
        check(raw, found.append)
    return found


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("", ""),
        ("CLP*PCN0001*1*", "CLP*PCN0001*1*ABC"),  # bad amount
        ("CAS*CO*45*20", "CAS*CO*45*2X0"),  # bad adjustment amount
        ("CAS*CO*45*20", "CAS*CO*45*21"),  # unbalanced line and claim
        ("BPR*I*", "BPR*Q*"),  # bad code
        ("NM1*QC*1*DOE", "NM1*QC**" + "D" * 70),  # long name, missing NM102
        ("~SE*", "~PLB*1234567893*20241231*WO*12.00*FB*x~SE*"),  # PLB with a bad amount
        ("~SE*", "~cas*1~SE*"),  # bad segment id
        ("CLINIC*XX*1234567893", "CLINIC*XX*1~NM1*QC*1*A*****XX*1"),  # bad NPI
    ],
)
def test_faster_checks_give_the_findings_the_reference_checks_give(old: str, new: str) -> None:
    from revcycle.x12.validate import rules
    from tests.unit.x12 import reference_rules

    text = write(rich_835(), line_breaks=False)
    assert old in text
    data = text.replace(old, new).encode()
    for name in ("check_elements", "check_835_balance"):
        assert _findings(getattr(rules, name), data) == _findings(getattr(reference_rules, name), data), name


def test_faster_element_checks_on_837p_match_the_reference() -> None:
    from revcycle.x12.validate import rules
    from tests.unit.x12 import reference_rules

    text = write(f.make_837p()).replace("SV1*HC:", "SV1*:").replace("CLM*", "CLM*" + "X" * 40, 1)
    data = text.encode()
    found = _findings(rules.check_elements, data)
    assert found == _findings(reference_rules.check_elements, data)
    assert found


@pytest.mark.parametrize(
    "text", ["100", "100.00", "0", "0.5", "1.05", ".50", "-3.00", "1.234", "1.", "12a", "\u00b2", ""]
)
def test_cached_amounts_read_as_the_general_reader_does(text: str) -> None:
    from revcycle.x12.core import loops
    from revcycle.x12.core.segment import Delimiters, Segment

    ctx = fast.Context(Delimiters())
    try:
        expected: Money | None = loops.money(Segment(["X", text], 1, 1), 1)
    except X12Error:
        expected = None
    try:
        got: Money | None = ctx.money(text)
    except (X12Error, fast.Fallback):
        got = None
    assert got == expected
    if expected is not None:
        assert ctx.money(text) == expected
