"""The claims scrubber's PRIOR-AUTH warning, fed by the authorizations on file."""

from __future__ import annotations

from datetime import timedelta

import pytest

from revcycle.claims import service as claims
from revcycle.eligibility import prior_auth
from revcycle.kit.db import Database
from revcycle.kit.findings import Finding, Severity
from tests.integration.eligibility.authorizations import DRAW, PANEL, LabClaim, lab_claim


@pytest.fixture
def lab(database: Database) -> LabClaim:
    found = lab_claim(database)
    with database.transaction() as uow:
        prior_auth.set_required_codes(
            uow, practice_id=found.practice_id, payer_id=found.payer_id, codes=[PANEL]
        )
    return found


def prior_auth_findings(database: Database, lab: LabClaim) -> list[Finding]:
    with database.transaction() as uow:
        findings = claims.scrub_claim(uow, practice_id=lab.practice_id, claim_id=lab.claim_id)
    return [f for f in findings if f.rule_id == "PRIOR-AUTH"]


def authorize(database: Database, lab: LabClaim, codes: list[str], units: int | None) -> int:
    with database.transaction() as uow:
        return prior_auth.record_authorization(
            uow,
            practice_id=lab.practice_id,
            coverage_id=lab.coverage_id,
            number="PA-778",
            codes=codes,
            valid_from=lab.service_date - timedelta(days=10),
            valid_to=lab.service_date + timedelta(days=20),
            authorized_units=units,
        ).id


def link(database: Database, lab: LabClaim, authorization_id: int, code: str) -> None:
    with database.transaction() as uow:
        prior_auth.link_charge_line(
            uow,
            practice_id=lab.practice_id,
            authorization_id=authorization_id,
            charge_line_id=lab.charge_lines[code],
        )


def test_a_code_the_payer_authorizes_in_advance_without_an_authorization_is_warned(
    database: Database, lab: LabClaim
):
    (finding,) = prior_auth_findings(database, lab)
    assert finding.severity is Severity.WARNING
    assert (
        finding.message
        == f"line {lab.line_numbers[PANEL]}: {PANEL} needs a prior authorization and none is on file"
    )


def test_a_valid_linked_authorization_clears_the_warning(database: Database, lab: LabClaim):
    link(database, lab, authorize(database, lab, [PANEL], units=1), PANEL)
    assert prior_auth_findings(database, lab) == []


def test_an_authorization_whose_units_are_used_up_warns_again(database: Database, lab: LabClaim):
    # its one unit went to the blood draw: nothing is left for the panel
    link(database, lab, authorize(database, lab, [PANEL, DRAW], units=1), DRAW)
    (finding,) = prior_auth_findings(database, lab)
    assert (
        finding.message
        == f"line {lab.line_numbers[PANEL]}: {PANEL}: the units authorized under PA-778 are used up"
    )


def test_an_authorization_that_expired_before_the_visit_is_warned(database: Database, lab: LabClaim):
    with database.transaction() as uow:
        prior_auth.record_authorization(
            uow,
            practice_id=lab.practice_id,
            coverage_id=lab.coverage_id,
            number="PA-OLD",
            codes=[PANEL],
            valid_from=lab.service_date - timedelta(days=60),
            valid_to=lab.service_date - timedelta(days=1),
        )
    (finding,) = prior_auth_findings(database, lab)
    assert "PA-OLD is not valid on" in finding.message
