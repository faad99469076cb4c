"""API shapes for security: the caller, users, audit records, disclosures, break-glass, coding audits."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

from revcycle.security.domain import AuditAction, DisclosurePurpose, Outcome


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class MeOut(Out):
    user_id: int | None
    username: str
    role: str | None
    practice_id: int
    permissions: list[str]
    via: str
    break_glass_id: int | None
    """The open emergency grant, if any; it widens access only to ``break_glass_patient_id``."""
    break_glass_patient_id: int | None = None


class UserOut(Out):
    id: int
    username: str
    full_name: str | None
    role: str
    active: bool
    created_at: datetime
    last_sign_in_at: datetime | None


class AuditEventOut(Out):
    id: int
    position: int | None
    occurred_at: datetime
    request_id: str | None
    practice_id: int | None
    user_id: int | None
    role: str | None
    action: AuditAction
    entity: str
    entity_id: str | None
    patient_id: int | None
    outcome: Outcome
    purpose: DisclosurePurpose | None
    recipient: str | None
    detail: str | None
    break_glass_id: int | None


class ChainVerdictOut(BaseModel):
    intact: bool
    records: int
    first_bad_id: int | None
    first_bad_position: int | None
    problem: str | None


class DisclosureIn(Strict):
    patient_id: int
    purpose: DisclosurePurpose
    recipient: str = Field(min_length=2, max_length=120, description="who received the information")
    detail: str | None = Field(default=None, max_length=500, description="what was disclosed, and why")
    disclosed_on: date | None = Field(default=None, description="the day of the disclosure, if before today")


class BreakGlassIn(Strict):
    reason: str = Field(max_length=1000)
    patient_id: int
    """The one patient whose records the grant opens."""


class BreakGlassOut(Out):
    id: int
    user_id: int
    patient_id: int | None
    reason: str
    opened_at: datetime
    expires_at: datetime
    review_status: str
    reviewed_by: int | None
    reviewed_at: datetime | None
    review_note: str | None


class BreakGlassReviewIn(Strict):
    decision: str = Field(pattern="^(justified|unjustified)$")
    note: str | None = Field(default=None, max_length=1000)


class SampleIn(Strict):
    coder_user_id: int
    period_start: date
    period_end: date
    size: int = Field(ge=1, le=500)
    seed: int | None = Field(default=None, ge=0, le=2**31 - 1)


class FindingOut(Out):
    id: int
    coded_item_id: int
    correct: bool | None
    category: str | None
    note: str | None
    reviewed_by: int | None
    reviewed_at: datetime | None


class SampleOut(Out):
    id: int
    coder_user_id: int
    period_start: date
    period_end: date
    requested_size: int
    seed: int
    drawn_by: int
    drawn_at: datetime
    findings: list[FindingOut]


class FindingIn(Strict):
    correct: bool
    category: str | None = Field(default=None, max_length=40)
    note: str | None = Field(default=None, max_length=1000)


class AccuracyOut(BaseModel):
    coder_user_id: int
    reviewed: int
    correct: int
    pending: int
    accuracy: Decimal | None = Field(description="share coded correctly, 0-1, as a decimal string")
    errors_by_category: dict[str, int]
