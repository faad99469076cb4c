"""Each scrubber rule: a claim that fails it and one that passes it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest

from revcycle.claims.domain.model import Claim, ClaimKind, FrequencyCode, Party, PostalAddress
from revcycle.claims.scrubber import RULES, PayerRules, ScrubContext, scrub
from revcycle.kit.findings import Finding, Severity, has_errors
from revcycle.kit.money import Money
from tests.unit.claims.factories import (
    make_claim,
    make_inpatient_claim,
    make_line,
    make_outpatient_claim,
    make_payer,
    make_person,
    replace,
)

TODAY = date(2024, 3, 1)


def ctx(**overrides) -> ScrubContext:
    return ScrubContext(**({"today": TODAY} | overrides))


@dataclass(frozen=True)
class Case:
    rule_id: str
    name: str
    claim: Callable[[], Claim]
    context: Callable[[], ScrubContext] = ctx
    field: str | None = None
    severity: Severity = Severity.ERROR


FAILING = [
    Case(
        "REQ-BILLING",
        "billing_without_tax_id",
        lambda: make_claim(billing=replace(make_claim().billing, tax_id="")),
        field="billing.tax_id",
    ),
    Case(
        "REQ-BILLING",
        "billing_at_a_po_box",
        lambda: make_claim(
            billing=replace(make_claim().billing, address=PostalAddress("PO Box 12", "Denver", "CO", "80202"))
        ),
        field="billing.address.line1",
    ),
    Case(
        "REQ-BILLING",
        "billing_zip_without_plus_4",
        lambda: make_claim(
            billing=replace(make_claim().billing, address=PostalAddress("1 Main St", "Denver", "CO", "80202"))
        ),
        field="billing.address.zip",
    ),
    Case(
        "REQ-SUBSCRIBER",
        "subscriber_without_birth_date",
        lambda: make_claim(
            subscriber=make_person(date_of_birth=None), patient=make_person(date_of_birth=None)
        ),
        field="subscriber.date_of_birth",
    ),
    Case(
        "REQ-SUBSCRIBER",
        "dependent_patient_without_address",
        lambda: make_claim(relationship="19", patient=make_person(first_name="Kid", address=None)),
        field="patient.address",
    ),
    Case(
        "REQ-CLAIM",
        "pointer_to_a_missing_diagnosis",
        lambda: make_claim(lines=(make_line(diagnosis_pointers=(3,)),)),
        field="lines.0.diagnosis_pointers",
    ),
    Case(
        "REQ-CLAIM",
        "line_date_outside_the_claim",
        lambda: make_claim(lines=(make_line(service_date=date(2024, 2, 21)),)),
        field="lines.0.service_date",
    ),
    Case(
        "NPI",
        "rendering_npi_with_a_bad_check_digit",
        lambda: make_claim(rendering=Party("Okafor", "Maya", npi="1245319590")),
        field="rendering.npi",
    ),
    Case(
        "NPI", "professional_claim_without_rendering", lambda: make_claim(rendering=None), field="rendering"
    ),
    Case(
        "TAXONOMY",
        "malformed_rendering_taxonomy",
        lambda: make_claim(rendering=Party("Okafor", "Maya", npi="1245319599", taxonomy="207Q0000")),
        field="rendering.taxonomy",
    ),
    Case(
        "PAYER-ID",
        "payer_id_with_a_space",
        lambda: make_claim(payer=make_payer(payer_code="SB 01")),
        field="payer.payer_code",
    ),
    Case(
        "MEMBER-ID",
        "member_id_not_in_the_payer_format",
        lambda: make_claim(member_id="ABC123"),
        field="member_id",
    ),
    Case(
        "TIMELY-FILING",
        "past_the_filing_limit",
        make_claim,
        lambda: ctx(today=date(2024, 9, 1)),
        field="date_of_service",
    ),
    Case(
        "TIMELY-FILING",
        "close_to_the_filing_limit",
        make_claim,
        lambda: ctx(today=date(2024, 8, 10)),
        field="date_of_service",
        severity=Severity.WARNING,
    ),
    Case(
        "DUPLICATE",
        "same_patient_date_and_codes_already_sent",
        make_claim,
        lambda: ctx(billed_duplicate_keys=frozenset({make_claim().duplicate_key()})),
        field="lines",
    ),
    Case(
        "TOTALS",
        "zero_charge_line",
        lambda: make_claim(lines=(make_line(charge=Money("0.00")),)),
        field="lines.0.charge",
    ),
    Case(
        "FREQUENCY",
        "replacement_without_payer_claim_number",
        lambda: make_claim(frequency_code=FrequencyCode.REPLACEMENT),
        lambda: ctx(original_adjudicated=True),
        field="payer_claim_control_number",
    ),
    Case(
        "FREQUENCY",
        "original_with_payer_claim_number",
        lambda: make_claim(payer_claim_control_number="PAYER123"),
        field="payer_claim_control_number",
    ),
    Case(
        "FREQUENCY",
        "void_of_a_claim_never_accepted",
        lambda: make_claim(frequency_code=FrequencyCode.VOID, payer_claim_control_number="P1"),
        field="frequency_code",
    ),
    Case(
        "FREQUENCY",
        "frequency_the_payer_does_not_take",
        lambda: make_claim(frequency_code=FrequencyCode.VOID, payer_claim_control_number="P1"),
        lambda: ctx(original_adjudicated=True, rules=PayerRules(frequency_codes=("1", "7"))),
        field="frequency_code",
    ),
    Case(
        "PAYER-REQUIRED",
        "payer_requires_prior_authorization",
        make_claim,
        lambda: ctx(rules=PayerRules(required_fields=("prior_authorization",))),
        field="prior_authorization",
    ),
    Case(
        "MODIFIER-POLICY",
        "modifier_the_payer_refuses",
        lambda: make_claim(lines=(make_line(modifiers=("GY",)),)),
        lambda: ctx(rules=PayerRules(modifiers_not_accepted=("GY",))),
        field="lines.0.modifiers",
    ),
    Case(
        "MODIFIER-POLICY",
        "modifier_the_payer_requires",
        lambda: make_claim(lines=(make_line(code="97110"),)),
        lambda: ctx(rules=PayerRules(modifiers_required={"97110": ("GP",)})),
        field="lines.0.modifiers",
    ),
    Case(
        "NDC",
        "drug_line_without_ndc",
        lambda: make_claim(lines=(make_line(code="J1885"),)),
        field="lines.0.ndc",
    ),
    Case(
        "FORM-LIMITS",
        "thirteen_diagnoses",
        lambda: make_claim(diagnoses=(*(f"E11{i}" for i in range(10)), "I10", "I11", "I12")),
        field="diagnoses",
    ),
    Case(
        "ACCIDENT",
        "auto_accident_without_state_or_date",
        lambda: make_claim(related_causes=("AA",)),
        field="accident_state",
    ),
    Case(
        "CODING",
        "a_coding_edit_from_the_codes_context",
        make_claim,
        lambda: ctx(coding_findings=(Finding("NCCI-PTP", Severity.ERROR, "bundled", "lines.1"),)),
        field="lines.1",
    ),
    Case(
        "PROVIDER-QUERY",
        "open_question_to_the_provider",
        make_claim,
        lambda: ctx(open_provider_queries=1),
        field="encounter",
    ),
    Case(
        "PRIOR-AUTH",
        "line_needs_an_authorization_it_lacks",
        make_claim,
        lambda: ctx(authorization_gaps={1: "99213 needs a prior authorization and none is on file"}),
        field="lines.0.code",
        severity=Severity.WARNING,
    ),
]

FAILING += [
    Case(
        "REQ-INSTITUTIONAL",
        "inpatient_bill_without_admitting_diagnosis",
        lambda: make_inpatient_claim(
            facility_bill=replace(make_inpatient_claim().facility_bill, admitting_diagnosis="")
        ),
        field="facility_bill.admitting_diagnosis",
    ),
    Case(
        "REQ-INSTITUTIONAL",
        "institutional_claim_without_facility_bill",
        lambda: make_outpatient_claim(facility_bill=None),
        field="facility_bill",
    ),
]

PASSING = {
    "REQ-INSTITUTIONAL": (make_inpatient_claim, ctx),
    "REQ-BILLING": (make_claim, ctx),
    "REQ-SUBSCRIBER": (lambda: make_claim(relationship="19", patient=make_person(first_name="Kid")), ctx),
    "REQ-CLAIM": (make_claim, ctx),
    "NPI": (make_claim, ctx),
    "TAXONOMY": (make_claim, ctx),
    "PAYER-ID": (make_claim, ctx),
    "MEMBER-ID": (make_claim, ctx),
    "TIMELY-FILING": (make_claim, lambda: ctx(today=date(2024, 8, 1))),
    "DUPLICATE": (
        make_claim,
        lambda: ctx(
            billed_duplicate_keys=frozenset({make_claim(lines=(make_line(code="99214"),)).duplicate_key()})
        ),
    ),
    "TOTALS": (make_claim, ctx),
    "FREQUENCY": (
        lambda: make_claim(frequency_code=FrequencyCode.REPLACEMENT, payer_claim_control_number="P1"),
        lambda: ctx(original_adjudicated=True),
    ),
    "PAYER-REQUIRED": (
        lambda: make_claim(prior_authorization="AUTH1"),
        lambda: ctx(rules=PayerRules(required_fields=("prior_authorization",))),
    ),
    "MODIFIER-POLICY": (
        lambda: make_claim(lines=(make_line(code="97110", modifiers=("GP",)),)),
        lambda: ctx(rules=PayerRules(modifiers_required={"97110": ("GP",)}, modifiers_not_accepted=("GY",))),
    ),
    "NDC": (
        lambda: make_claim(lines=(make_line(code="J1885", ndc="00409378901", ndc_quantity=Decimal(1)),)),
        ctx,
    ),
    "FORM-LIMITS": (lambda: make_claim(kind=ClaimKind.PROFESSIONAL), ctx),
    "ACCIDENT": (
        lambda: make_claim(related_causes=("AA",), accident_state="CO", accident_date=date(2024, 2, 19)),
        ctx,
    ),
    "CODING": (make_claim, ctx),
    "PROVIDER-QUERY": (make_claim, ctx),
    "PRIOR-AUTH": (make_claim, ctx),
}


def findings_of(rule_id: str, claim: Claim, context: ScrubContext) -> list[Finding]:
    rule = next(r for r in RULES if r.rule_id == rule_id)
    return rule.check(claim, context)


@pytest.mark.parametrize("case", FAILING, ids=[f"{c.rule_id}:{c.name}" for c in FAILING])
def test_rule_fails_a_claim_that_breaks_it(case: Case):
    found = findings_of(case.rule_id, case.claim(), case.context())
    assert found, f"{case.rule_id} found nothing"
    assert all(f.rule_id == case.rule_id or case.rule_id == "CODING" for f in found)
    assert case.field in {f.field for f in found}
    assert {f.severity for f in found} == {case.severity}
    assert all(f.message for f in found)


@pytest.mark.parametrize("rule_id", sorted(PASSING))
def test_rule_passes_a_claim_that_keeps_it(rule_id: str):
    claim_factory, context_factory = PASSING[rule_id]
    assert findings_of(rule_id, claim_factory(), context_factory()) == []


def test_every_registered_rule_has_a_failing_and_a_passing_case():
    registered = {r.rule_id for r in RULES}
    assert registered == {c.rule_id for c in FAILING} == set(PASSING)
    assert len(registered) == len(RULES), "rule ids are unique"


def test_clean_outpatient_and_inpatient_bills_pass_every_rule_but_coding():
    for claim in (make_outpatient_claim(), make_inpatient_claim()):
        assert [f for f in scrub(claim, ctx()) if f.rule_id != "CODING"] == []


def test_a_clean_claim_has_no_findings_and_errors_block():
    assert scrub(make_claim(), ctx()) == []
    assert has_errors(scrub(make_claim(member_id="bad id"), ctx()))


def test_payer_rules_from_data_name_unknown_keys_and_bad_values():
    from revcycle.kit.errors import FieldErrors

    rules = PayerRules.from_mapping(
        {"required_fields": ["referring_provider"], "modifiers_required": {"97110": ["gp"]}}
    )
    assert rules.modifiers_required == {"97110": ("GP",)}
    assert PayerRules.from_mapping(rules.to_mapping()) == rules
    with pytest.raises(FieldErrors) as exc:
        PayerRules.from_mapping({"timely_filing": 90, "required_fields": ["shoe_size"], "follow_up_days": -1})
    assert {e.field for e in exc.value.errors} == {"timely_filing", "required_fields", "follow_up_days"}


def test_payer_rule_switches_take_true_or_false_only():
    from revcycle.kit.errors import FieldErrors

    rules = PayerRules.from_mapping({"new_control_number_on_resubmission": True})
    assert rules.new_control_number_on_resubmission
    assert PayerRules.from_mapping(rules.to_mapping()) == rules
    assert not PayerRules().new_control_number_on_resubmission
    with pytest.raises(FieldErrors) as exc:
        PayerRules.from_mapping({"new_control_number_on_resubmission": "yes", "ndc_required_for_drugs": 0})
    assert {e.field for e in exc.value.errors} == {
        "new_control_number_on_resubmission",
        "ndc_required_for_drugs",
    }
