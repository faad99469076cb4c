"""Scrubber rules from payer policy and coding: required fields, modifiers, NDC, form limits,
accidents, the codes context's edits, and open provider queries."""

from __future__ import annotations

from revcycle.claims.domain.model import Claim, ClaimKind
from revcycle.claims.scrubber.context import ScrubContext, error
from revcycle.kit.findings import Finding


def payer_required_fields(claim: Claim, ctx: ScrubContext) -> list[Finding]:
    """Data this payer's rules require (referring provider, prior authorization...)."""
    present = {
        "referring_provider": claim.referring is not None,
        "prior_authorization": bool(claim.prior_authorization),
        "referral_number": bool(claim.referral_number),
        "group_number": bool(claim.group_number),
        "service_facility": claim.service_facility is not None,
        "rendering_taxonomy": bool(claim.rendering and claim.rendering.taxonomy),
        "patient_address": claim.patient.address is not None,
        "subscriber_address": claim.subscriber.address is not None,
    }
    return [
        error("PAYER-REQUIRED", f"{claim.payer.name} requires {name.replace('_', ' ')}", name)
        for name in ctx.rules.required_fields
        if not present.get(name, True)
    ]


def modifier_policy(claim: Claim, ctx: ScrubContext) -> list[Finding]:
    """Modifiers the payer refuses, and modifiers the payer requires on some codes."""
    out = []
    for i, line in enumerate(claim.lines):
        for m in line.modifiers:
            if m in ctx.rules.modifiers_not_accepted:
                out.append(
                    error(
                        "MODIFIER-POLICY",
                        f"{claim.payer.name} does not accept modifier {m}",
                        f"lines.{i}.modifiers",
                    )
                )
        needed = ctx.rules.modifiers_required.get(line.code)
        if needed and not set(needed) & set(line.modifiers):
            out.append(
                error(
                    "MODIFIER-POLICY",
                    f"{claim.payer.name} requires modifier {' or '.join(needed)} on {line.code}",
                    f"lines.{i}.modifiers",
                )
            )
    return out


def drug_ndc(claim: Claim, ctx: ScrubContext) -> list[Finding]:
    """Drug lines (J-codes) carry an NDC and its quantity when the payer asks for it."""
    if not ctx.rules.ndc_required_for_drugs:
        return []
    return [
        error("NDC", f"{ln.code} is a drug: give its 11-digit NDC and quantity", f"lines.{i}.ndc")
        for i, ln in enumerate(claim.lines)
        if ln.code.startswith("J") and not ln.ndc
    ]


def form_limits(claim: Claim, ctx: ScrubContext) -> list[Finding]:
    """837P: at most 12 diagnoses and 50 lines; 837I: at most 999 lines."""
    out = []
    if claim.kind is ClaimKind.PROFESSIONAL:
        if len(claim.diagnoses) > 12:
            out.append(error("FORM-LIMITS", "an 837P carries at most 12 diagnoses", "diagnoses"))
        if len(claim.lines) > 50:
            out.append(error("FORM-LIMITS", "an 837P carries at most 50 lines; split the claim", "lines"))
    elif len(claim.lines) > 999:
        out.append(error("FORM-LIMITS", "an 837I carries at most 999 lines; split the claim", "lines"))
    return out


def accident(claim: Claim, ctx: ScrubContext) -> list[Finding]:
    """An auto accident names the state; any accident claim gives the accident date."""
    out = []
    if "AA" in claim.related_causes and not claim.accident_state:
        out.append(
            error("ACCIDENT", "an auto accident claim needs the state of the accident", "accident_state")
        )
    if {"AA", "OA"} & set(claim.related_causes) and claim.accident_date is None:
        out.append(error("ACCIDENT", "an accident claim needs the accident date", "accident_date"))
    return out


def coding_edits(claim: Claim, ctx: ScrubContext) -> list[Finding]:
    """The codes context's coding edits (code validity, NCCI, MUE, age/sex) on this encounter."""
    return list(ctx.coding_findings)


def provider_query(claim: Claim, ctx: ScrubContext) -> list[Finding]:
    """A question to the rendering provider is still open: the claim waits for the answer."""
    if not ctx.open_provider_queries:
        return []
    return [
        error(
            "PROVIDER-QUERY",
            f"{ctx.open_provider_queries} question(s) to the rendering provider are not answered yet",
            "encounter",
        )
    ]
