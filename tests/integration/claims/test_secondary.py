"""A claim to the secondary payer carries the primary's adjudication (2320/2330/2430)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from revcycle.charges import service as charges
from revcycle.claims import service, submission
from revcycle.claims.secondary import PriorLine, PriorPayer
from revcycle.intake.domain import CoverageOrder
from revcycle.intake.tables import CoverageRow
from revcycle.kit.money import Money
from tests.integration.claims.conftest import Demo
from tests.pyx12_oracle import pyx12_errors
from tests.unit.x12.factories import make_adjustment


def primary_paid(claim_row) -> PriorPayer:
    return PriorPayer(
        responsibility="P",
        payer_name="Medicare Part B",
        payer_code="04412",
        subscriber_last_name="DOE",
        subscriber_first_name="JANE",
        member_id="1EG4TE5MK73",
        paid=Money("80.00"),
        adjudication_date=dt.date.today(),
        claim_filing_indicator="MB",
        claim_adjustments=(make_adjustment("CO", "45", "20.00"),),
        lines=(
            PriorLine(
                1, "99214", Money("80.00"), Decimal(1), adjustments=(make_adjustment("CO", "45", "20.00"),)
            ),
        ),
    )


def test_a_secondary_claim_reports_what_the_primary_paid_and_pyx12_accepts_it(demo: Demo, clearinghouse):
    pid = demo.practice_id
    asked: list[int] = []

    def priors(uow, practice_id, row):
        asked.append(row.id)
        return [primary_paid(row)]

    with demo.database.transaction() as uow:
        with_secondary = {c.patient_id for c in uow.session.query(CoverageRow).filter_by(order="secondary")}
        views, _ = charges.list_encounters(uow, practice_id=pid, status="open", limit=100, offset=0)
        encounter = next(v.encounter for v in views if v.encounter.patient_id in with_secondary)
        service.build_claim(uow, practice_id=pid, encounter_id=encounter.id)
        second = service.build_claim(
            uow, practice_id=pid, encounter_id=encounter.id, order=CoverageOrder.SECONDARY
        )
        assert service.claim_of(second).payer_responsibility == "S"
        assert not [f for f in service.scrub_claim(uow, practice_id=pid, claim_id=second.id) if f.is_error]
        (batch,) = submission.prepare_batches(uow, practice_id=pid, prior_payers=priors)
        assert batch.status == "created", batch.error
        text = batch.content
    assert asked == [second.id]
    assert "SBR*P*" in text and "AMT*D*80~" in text and "SVD*04412*80*HC:99214**1~" in text
    assert pyx12_errors(text) == []
