"""The one registered tuple of scrubber rules, in the order findings are shown."""

from __future__ import annotations

from revcycle.claims.scrubber.context import Rule
from revcycle.claims.scrubber.institutional import institutional_complete
from revcycle.claims.scrubber.policy import (
    accident,
    coding_edits,
    drug_ndc,
    form_limits,
    modifier_policy,
    payer_required_fields,
    provider_query,
)
from revcycle.claims.scrubber.prior_authorization import prior_authorization
from revcycle.claims.scrubber.rules import (
    billing_provider_complete,
    claim_complete,
    duplicate,
    frequency,
    member_id_valid,
    npi_valid,
    payer_id_valid,
    subscriber_complete,
    taxonomy_valid,
    timely_filing,
    totals,
)

RULES: tuple[Rule, ...] = (
    Rule("REQ-BILLING", "billing provider loop is complete", billing_provider_complete),
    Rule("REQ-SUBSCRIBER", "subscriber and patient loops are complete", subscriber_complete),
    Rule("REQ-CLAIM", "claim and line data are complete", claim_complete),
    Rule("REQ-INSTITUTIONAL", "the 837I's facility data is complete", institutional_complete),
    Rule("NPI", "NPIs are present and pass the check digit", npi_valid),
    Rule("TAXONOMY", "taxonomy codes are well formed", taxonomy_valid),
    Rule("PAYER-ID", "the payer ID is well formed", payer_id_valid),
    Rule("MEMBER-ID", "the member ID matches the payer's format", member_id_valid),
    Rule("TIMELY-FILING", "the claim is within the payer's filing limit", timely_filing),
    Rule("DUPLICATE", "the claim was not already sent", duplicate),
    Rule("TOTALS", "charges are positive and add up", totals),
    Rule("FREQUENCY", "frequency code rules", frequency),
    Rule("PAYER-REQUIRED", "data the payer requires", payer_required_fields),
    Rule("MODIFIER-POLICY", "the payer's modifier policy", modifier_policy),
    Rule("NDC", "drug lines carry an NDC", drug_ndc),
    Rule("FORM-LIMITS", "diagnosis and line counts fit the form", form_limits),
    Rule("ACCIDENT", "accident details", accident),
    Rule("CODING", "coding edits of the codes context", coding_edits),
    Rule("PROVIDER-QUERY", "no question to the provider is open", provider_query),
    Rule("PRIOR-AUTH", "lines that need a prior authorization have a current one", prior_authorization),
)
