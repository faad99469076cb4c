"""Front-end edits: what the clearinghouse and the payer's intake check before adjudication.

Each edit is a pure function ``(claim, context) -> Acknowledgment | None``; the first that answers
rejects the claim in the 277CA. Category codes: A3 returned as unprocessable, A6 rejected for
missing information, A7 rejected for invalid information; status codes from the Claim Status Code
list (33 subscriber not found, 109 not eligible on the dates of service, 562 NPI ...) with the
entity (IL subscriber, 85 billing provider, 82 rendering provider, PR payer).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass

from revcycle.kit.errors import FieldErrors
from revcycle.kit.ids import NPI
from revcycle.kit.money import Money
from revcycle.sandbox.adjudication.claim import ClaimView
from revcycle.sandbox.adjudication.decisions import ACCEPTED, Acknowledgment
from revcycle.sandbox.config import SandboxConfig


@dataclass(frozen=True, slots=True)
class IntakeContext:
    config: SandboxConfig
    received: dt.date
    rng: random.Random
    known_claim_numbers: frozenset[str] = frozenset()
    """Payer claim control numbers the payer has issued (for replacements and voids)."""


def _npi_ok(value: str) -> bool:
    try:
        NPI.parse(value)
    except FieldErrors:
        return False
    return True


def unknown_payer(claim: ClaimView, ctx: IntakeContext) -> Acknowledgment | None:
    if ctx.config.payer(claim.payer_code) is None:
        return Acknowledgment("A3", "116", "PR", "claim sent to a payer the sandbox does not play")
    return None


def billing_npi(claim: ClaimView, ctx: IntakeContext) -> Acknowledgment | None:
    if not _npi_ok(claim.billing_npi):
        return Acknowledgment("A7", "562", "85", "billing provider NPI is invalid")
    return None


def rendering_npi(claim: ClaimView, ctx: IntakeContext) -> Acknowledgment | None:
    if claim.rendering_npi and not _npi_ok(claim.rendering_npi):
        return Acknowledgment("A7", "562", "82", "rendering provider NPI is invalid")
    return None


def missing_data(claim: ClaimView, ctx: IntakeContext) -> Acknowledgment | None:
    if not claim.member_id:
        return Acknowledgment("A6", "33", "IL", "subscriber id is missing")
    if not claim.diagnoses or not claim.diagnoses[0]:
        return Acknowledgment("A6", "255", "", "diagnosis code is missing")
    if not claim.lines:
        return Acknowledgment("A6", "21", "", "the claim has no service lines")
    if claim.frequency_code in ("7", "8") and not claim.payer_claim_control_number:
        return Acknowledgment("A6", "464", "", "replacement or void without the payer claim number")
    return None


def out_of_balance(claim: ClaimView, ctx: IntakeContext) -> Acknowledgment | None:
    if Money.total(line.charge for line in claim.lines) != claim.total_charge:
        return Acknowledgment("A7", "400", "", "claim total differs from the sum of its lines")
    return None


def unknown_original(claim: ClaimView, ctx: IntakeContext) -> Acknowledgment | None:
    if claim.frequency_code in ("7", "8") and claim.payer_claim_control_number not in ctx.known_claim_numbers:
        return Acknowledgment("A7", "464", "", "replacement or void names an unknown payer claim number")
    return None


def unknown_member(claim: ClaimView, ctx: IntakeContext) -> Acknowledgment | None:
    payer = ctx.config.payer(claim.payer_code)
    if payer is not None and payer.enrolled(claim.member_id) is None:
        return Acknowledgment("A3", "33", "IL", "subscriber and subscriber id not found")
    return None


def coverage_inactive(claim: ClaimView, ctx: IntakeContext) -> Acknowledgment | None:
    payer = ctx.config.payer(claim.payer_code)
    member = payer.enrolled(claim.member_id) if payer else None
    if payer is None or member is None:
        return None
    start = member.effective or payer.coverage_effective
    first, last = claim.first_service_date, claim.last_service_date
    if first < start or (member.terminated is not None and last > member.terminated):
        return Acknowledgment("A3", "109", "IL", "coverage not active on the dates of service")
    return None


def random_rejection(claim: ClaimView, ctx: IntakeContext) -> Acknowledgment | None:
    rate = ctx.config.mix.front_end_rejection
    if rate > 0 and ctx.rng.random() < rate:
        return Acknowledgment("A7", "21", "", "random rejection from the configured mix")
    return None


Edit = Callable[[ClaimView, IntakeContext], Acknowledgment | None]

EDITS: tuple[tuple[str, Edit], ...] = (
    ("unknown-payer", unknown_payer),
    ("billing-npi", billing_npi),
    ("rendering-npi", rendering_npi),
    ("missing-data", missing_data),
    ("out-of-balance", out_of_balance),
    ("unknown-original", unknown_original),
    ("unknown-member", unknown_member),
    ("coverage-inactive", coverage_inactive),
    ("random-rejection", random_rejection),
)
"""The front-end edits, in the order they run."""


def acknowledge(claim: ClaimView, ctx: IntakeContext) -> Acknowledgment:
    """The 277CA verdict: the first edit that rejects, or A2:20 accepted."""
    for _, edit in EDITS:
        verdict = edit(claim, ctx)
        if verdict is not None:
            return verdict
    return ACCEPTED
