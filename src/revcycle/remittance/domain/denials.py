"""Denials by cause: CARC and RARC mapped to a cause as data, each cause with a recommended action.

A RARC that names a cause wins over the CARC (``CO-16`` with ``M51`` is a coding problem); else
the first CARC with a known cause decides; else the denial is ``other``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import StrEnum


class DenialCause(StrEnum):
    """Why a claim was denied, as a billing office groups its work."""

    ELIGIBILITY = "eligibility"
    """Eligibility or registration: coverage not active, patient or member not found, missing data."""
    AUTHORIZATION = "authorization"
    """Prior authorization or referral missing or not matching."""
    CODING = "coding"
    """Procedure, diagnosis or modifier invalid or inconsistent."""
    MEDICAL_NECESSITY = "medical_necessity"
    """Not deemed medically necessary for the diagnosis."""
    DUPLICATE = "duplicate"
    """The payer already has this claim or service."""
    TIMELY_FILING = "timely_filing"
    """Filed after the payer's limit."""
    COORDINATION_OF_BENEFITS = "coordination_of_benefits"
    """Another payer is primary, or the primary's adjudication is missing."""
    BUNDLING = "bundling"
    """Included in another service's payment (NCCI)."""
    OTHER = "other"
    """Anything else: read the remarks, call the payer."""


class DenialAction(StrEnum):
    """What can be done with a denial."""

    CORRECT_AND_RESUBMIT = "correct_and_resubmit"
    """Fix the claim and send a replacement (frequency 7)."""
    VOID = "void"
    """Cancel the claim at the payer (frequency 8)."""
    WRITE_OFF = "write_off"
    """Write the balance off, with a reason (above a limit, a supervisor approves)."""
    APPEAL = "appeal"
    """Ask the payer to reconsider, in a letter, before the appeal deadline."""


C = DenialCause
CARC_CAUSES: Mapping[str, DenialCause] = {
    **dict.fromkeys(("16", "26", "27", "31", "32", "33", "140", "177", "200", "A1"), C.ELIGIBILITY),
    **dict.fromkeys(("15", "39", "62", "197", "198", "288"), C.AUTHORIZATION),
    **dict.fromkeys(("4", "5", "6", "7", "8", "9", "10", "11", "146", "181", "182", "189"), C.CODING),
    **dict.fromkeys(("50", "55", "56", "57", "150", "151", "152", "167"), C.MEDICAL_NECESSITY),
    **dict.fromkeys(("18",), C.DUPLICATE),
    **dict.fromkeys(("29",), C.TIMELY_FILING),
    **dict.fromkeys(("19", "20", "21", "22", "23", "24", "109"), C.COORDINATION_OF_BENEFITS),
    **dict.fromkeys(("97", "231", "234", "236", "B15"), C.BUNDLING),
}
"""Claim adjustment reason codes (CARC) by cause."""

RARC_CAUSES: Mapping[str, DenialCause] = {
    "N30": C.ELIGIBILITY,
    "N382": C.ELIGIBILITY,
    "MA27": C.ELIGIBILITY,
    "N54": C.AUTHORIZATION,
    "M51": C.CODING,
    "M76": C.CODING,
    "N56": C.CODING,
    "N115": C.MEDICAL_NECESSITY,
    "N386": C.MEDICAL_NECESSITY,
    "M86": C.DUPLICATE,
    "MA04": C.COORDINATION_OF_BENEFITS,
    "N4": C.COORDINATION_OF_BENEFITS,
    "N20": C.BUNDLING,
    "M80": C.BUNDLING,
}
"""Remittance advice remark codes (RARC) that name a cause more precisely than the CARC."""

RECOMMENDED: Mapping[DenialCause, tuple[DenialAction, str]] = {
    C.ELIGIBILITY: (
        DenialAction.CORRECT_AND_RESUBMIT,
        "Verify coverage (270/271) and the registration data, correct them and resubmit.",
    ),
    C.AUTHORIZATION: (
        DenialAction.APPEAL,
        "Find or obtain the authorization (retro-authorization) and appeal; else write off.",
    ),
    C.CODING: (
        DenialAction.CORRECT_AND_RESUBMIT,
        "Review codes, modifiers and diagnosis pointers against the note; correct and resubmit.",
    ),
    C.MEDICAL_NECESSITY: (
        DenialAction.APPEAL,
        "Appeal with the medical record and the coverage policy that supports the service.",
    ),
    C.DUPLICATE: (
        DenialAction.VOID,
        "Check the original claim's status; do not resubmit. Void this claim if it was sent twice.",
    ),
    C.TIMELY_FILING: (
        DenialAction.APPEAL,
        "Appeal with proof of timely filing (clearinghouse acceptance report); else write off.",
    ),
    C.COORDINATION_OF_BENEFITS: (
        DenialAction.CORRECT_AND_RESUBMIT,
        "Update the coverage order, bill the primary first, then resubmit with its adjudication.",
    ),
    C.BUNDLING: (
        DenialAction.CORRECT_AND_RESUBMIT,
        "Check the NCCI edit; if the service was distinct add modifier 59/XS and resubmit, else write off.",
    ),
    C.OTHER: (
        DenialAction.APPEAL,
        "Read the remark codes and call the payer; appeal if the denial is wrong.",
    ),
}
"""The recommended action for each cause, with what to do in words."""


def _reason(code: str) -> str:
    """``CO-50`` -> ``50``; a bare ``50`` stays."""
    return code.split("-", 1)[1] if "-" in code else code


def classify(carcs: Iterable[str], rarcs: Iterable[str] = ()) -> DenialCause:
    """The cause of a denial from its adjustment codes (``CO-50`` or ``50``) and remark codes."""
    for remark in rarcs:
        if remark in RARC_CAUSES:
            return RARC_CAUSES[remark]
    for code in carcs:
        cause = CARC_CAUSES.get(_reason(code))
        if cause is not None:
            return cause
    return DenialCause.OTHER


def recommended_action(cause: DenialCause) -> tuple[DenialAction, str]:
    return RECOMMENDED[cause]
