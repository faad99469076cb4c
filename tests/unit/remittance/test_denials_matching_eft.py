"""Denial causes from CARC/RARC, line matching, and EFT deposits, without a database."""

from __future__ import annotations

import datetime as dt

import pytest

from revcycle.kit.errors import FieldErrors
from revcycle.kit.money import Money
from revcycle.remittance.domain.denials import DenialAction, DenialCause, classify, recommended_action
from revcycle.remittance.domain.eft import EraPayment, MatchStatus, match_deposits, read_deposits_csv
from revcycle.remittance.domain.matching import BilledLine, match_lines
from tests.unit.x12.factories import make_835_service

DOS = dt.date(2024, 2, 20)


@pytest.mark.parametrize(
    ("carcs", "rarcs", "cause"),
    [
        (["CO-27"], [], DenialCause.ELIGIBILITY),
        (["CO-197"], [], DenialCause.AUTHORIZATION),
        (["CO-4"], [], DenialCause.CODING),
        (["CO-50"], [], DenialCause.MEDICAL_NECESSITY),
        (["OA-18"], [], DenialCause.DUPLICATE),
        (["CO-29"], [], DenialCause.TIMELY_FILING),
        (["OA-22"], [], DenialCause.COORDINATION_OF_BENEFITS),
        (["CO-97"], [], DenialCause.BUNDLING),
        (["CO-999"], [], DenialCause.OTHER),
        (["CO-16"], ["M51"], DenialCause.CODING),
    ],
)
def test_denial_cause_comes_from_carc_and_rarc(
    carcs: list[str], rarcs: list[str], cause: DenialCause
) -> None:
    assert classify(carcs, rarcs) is cause


def test_every_cause_has_a_recommended_action() -> None:
    for cause in DenialCause:
        action, words = recommended_action(cause)
        assert isinstance(action, DenialAction) and words
    assert recommended_action(DenialCause.CODING)[0] is DenialAction.CORRECT_AND_RESUBMIT


BILLED = [
    BilledLine(10, 1, "99213", (), DOS),
    BilledLine(11, 2, "85025", (), DOS),
    BilledLine(12, 3, "85025", (), DOS),
]


def test_lines_match_by_line_item_control_number_first() -> None:
    services = [make_835_service(procedure_code="85025", line_item_control_number="PCN1-3")]
    assert match_lines("PCN1", services, BILLED) == [12]


def test_lines_match_by_procedure_and_date_each_used_once() -> None:
    services = [
        make_835_service(procedure_code="85025", line_item_control_number=""),
        make_835_service(procedure_code="85025", line_item_control_number=""),
        make_835_service(
            procedure_code="99213", line_item_control_number="", service_date=dt.date(2024, 1, 1)
        ),
    ]
    assert match_lines("PCN1", services, BILLED) == [11, 12, None]


def test_deposits_match_eras_by_trace_and_amount() -> None:
    deposits = read_deposits_csv(
        "date,amount,trace_number\n2024-03-11,96.00,EFT1\n2024-03-11,50.00,EFT2\n2024-03-12,10.00,EFT3\n"
    )
    eras = {"EFT1": EraPayment(1, "EFT1", Money("96.00")), "EFT2": EraPayment(2, "EFT2", Money("55.00"))}
    found = match_deposits(deposits, eras)
    assert [m.status for m in found] == [MatchStatus.MATCHED, MatchStatus.AMOUNT_MISMATCH, MatchStatus.NO_ERA]
    assert found[1].difference == Money("-5.00")


def test_bad_deposit_rows_name_the_row() -> None:
    with pytest.raises(FieldErrors) as caught:
        read_deposits_csv("date,amount,trace_number\nyesterday,1.00,T\n2024-01-01,abc,T2\n")
    fields = {e.field for e in caught.value.errors}
    assert fields == {"row 2.date", "row 3.amount"}
