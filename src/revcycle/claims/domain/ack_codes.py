"""Acknowledgment codes in words: TA1 notes, 999 IK3/IK4/IK5 errors, 277 status categories and
the most common claim status codes. Unknown codes are shown as their number."""

from __future__ import annotations

TA1_NOTES = {
    "000": "no error",
    "001": "the interchange control numbers in the ISA and IEA do not match",
    "006": "the sender ID is invalid",
    "008": "the receiver ID is invalid",
    "014": "the interchange date is invalid",
    "015": "the interchange time is invalid",
    "018": "the interchange control number is invalid",
    "022": "the interchange has invalid control characters",
    "024": "the interchange content is invalid",
    "025": "the interchange control number is a duplicate",
}

IK5_CODES = {
    "1": "the transaction set is not supported",
    "2": "the transaction set trailer is missing",
    "3": "the control numbers in ST and SE do not match",
    "4": "the segment count in SE is wrong",
    "5": "one or more segments are in error",
    "6": "the transaction set identifier is missing or invalid",
    "7": "the control number is missing or invalid",
    "23": "the transaction set control number is not unique in the group",
    "I5": "the implementation guide is not supported",
    "I6": "the implementation guide convention reference is invalid",
}

IK3_CODES = {
    "1": "unrecognised segment",
    "2": "unexpected segment",
    "3": "required segment missing",
    "4": "loop occurs too many times",
    "5": "segment occurs too many times",
    "6": "segment not in the transaction set",
    "7": "segment out of order",
    "8": "segment has data element errors",
    "I4": "segment not used in the implementation guide",
    "I6": "implementation-dependent segment missing",
    "I7": "loop occurs too few times",
    "I9": "implementation-dependent not-used segment present",
}

IK4_CODES = {
    "1": "required element missing",
    "2": "conditional required element missing",
    "3": "too many data elements",
    "4": "element too short",
    "5": "element too long",
    "6": "invalid character in element",
    "7": "invalid code value",
    "8": "invalid date",
    "9": "invalid time",
    "10": "exclusion condition violated",
    "12": "too many repetitions",
    "13": "too many components",
    "I10": "implementation not-used element present",
    "I12": "implementation pattern match failure",
    "I13": "implementation-dependent not-used element present",
}

STATUS_CATEGORIES = {
    "A0": "forwarded to another entity",
    "A1": "received (acknowledged)",
    "A2": "accepted into the adjudication system",
    "A3": "returned as unprocessable",
    "A4": "not found",
    "A5": "split",
    "A6": "rejected for missing information",
    "A7": "rejected for invalid information",
    "A8": "rejected for relational field errors",
    "D0": "data search unsuccessful",
    "E0": "response not possible: error on the request",
    "E1": "response not possible: system status",
    "F0": "finalized",
    "F1": "finalized: paid",
    "F2": "finalized: denied",
    "F3": "finalized: revised",
    "F4": "finalized: adjudication complete, no payment forthcoming",
    "P0": "pending: adjudication or details",
    "P1": "pending: in process",
    "P2": "pending: payer review",
    "P3": "pending: provider requested information",
    "P4": "pending: patient requested information",
    "R0": "requests for additional information",
}

STATUS_CODES = {
    "0": "cannot provide further status electronically",
    "1": "for more detailed information, see the remittance advice",
    "3": "claim has been adjudicated and is awaiting payment",
    "19": "entity acknowledges receipt of the claim",
    "20": "accepted for processing",
    "21": "missing or invalid information",
    "33": "subscriber and subscriber ID not found",
    "35": "claim or encounter not found",
    "54": "duplicate of a previously processed claim",
    "65": "claim/line has been paid",
    "88": "entity not eligible for benefits for the dates of service",
    "97": "patient eligibility not found with the entity",
    "109": "entity not eligible",
    "145": "entity's mailing address",
    "164": "entity's contract/member number",
    "187": "date(s) of service",
    "189": "facility type code",
    "254": "principal diagnosis code",
    "255": "diagnosis code",
    "306": "detailed description of service",
    "454": "procedure code for services rendered",
    "496": "submitter not approved for electronic claim submissions on behalf of this entity",
    "562": "entity's National Provider Identifier (NPI)",
    "673": "patient control number",
    "732": "information submitted inconsistent with billing guidelines",
}

ENTITIES = {
    "IL": "subscriber",
    "QC": "patient",
    "85": "billing provider",
    "82": "rendering provider",
    "DN": "referring provider",
    "77": "service facility",
    "PR": "payer",
    "40": "receiver",
    "41": "submitter",
}

PAYER_ACCEPTED = frozenset({"A1", "A2"})
"""Categories that mean the payer has the claim (A1 received, A2 accepted)."""
PAYER_REJECTED = frozenset({"A3", "A4", "A6", "A7", "A8"})


def describe_status(category: str, code: str, entity: str = "") -> str:
    """``"A7/562 (billing provider): rejected for invalid information: entity's NPI"``."""
    head = f"{category}/{code}" + (f" ({ENTITIES.get(entity, entity)})" if entity else "")
    words = STATUS_CATEGORIES.get(category, f"category {category}")
    detail = STATUS_CODES.get(code, f"status code {code}")
    return f"{head}: {words}: {detail}"


def describe_ta1(note_code: str) -> str:
    return f"TA1 {note_code}: {TA1_NOTES.get(note_code, 'interchange error')}"


def describe_ik5(codes: tuple[str, ...]) -> str:
    return "; ".join(IK5_CODES.get(c, f"error {c}") for c in codes)


def describe_segment_error(
    segment_id: str, position: int, code: str, element_notes: list[tuple[int, str]]
) -> str:
    text = f"{segment_id} (segment {position}): {IK3_CODES.get(code, f'error {code}')}"
    for pos, ecode in element_notes:
        text += f"; {segment_id}{pos:02d} {IK4_CODES.get(ecode, f'error {ecode}')}"
    return text
