"""API shapes for claims: a claim with its state, history and findings; queues; payer rules."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from revcycle.claims.domain.lifecycle import ClaimEvent
from revcycle.claims.service import ClaimView
from revcycle.intake.domain import CoverageOrder
from revcycle.kit.schema_types import MoneyStr


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class BuildIn(Strict):
    encounter_id: int
    order: CoverageOrder | None = Field(default=None, description="bill another coverage (secondary...)")


class FindingOut(BaseModel):
    rule_id: str
    severity: str
    message: str
    field: str | None
    suggestion: str | None = None


class EventOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    at: datetime
    actor: str
    event: str
    from_state: str | None
    to_state: str
    source_document: str
    note: str


class LineOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    line_number: int
    code: str
    modifiers: str
    units: Decimal
    charge: MoneyStr
    service_date: date


class ClaimSummary(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    encounter_id: int
    patient_id: int
    payer_id: int
    kind: str
    patient_control_number: str
    frequency_code: str
    original_claim_id: int | None
    payer_claim_control_number: str | None
    state: str
    state_reason: str | None
    total_charge: MoneyStr
    date_of_service: date
    submitted_at: datetime | None


class ClaimDetail(ClaimSummary):
    lines: list[LineOut]
    history: list[EventOut]
    findings: list[FindingOut]

    @classmethod
    def of(cls, view: ClaimView) -> ClaimDetail:
        base = ClaimSummary.model_validate(view.claim).model_dump()
        return cls(
            **base,
            lines=[LineOut.model_validate(ln) for ln in view.lines],
            history=[EventOut.model_validate(h) for h in view.history],
            findings=[
                FindingOut(
                    rule_id=f.rule_id,
                    severity=f.severity.value,
                    message=f.message,
                    field=f.field,
                    suggestion=f.suggestion,
                )
                for f in view.findings
            ],
        )


class ScrubOut(BaseModel):
    claim_id: int
    state: str
    findings: list[FindingOut]


class EventIn(Strict):
    event: ClaimEvent = Field(description="close, or other manual steps; acknowledgments come from the inbox")
    note: str = Field(default="", max_length=2000)


class CorrectIn(Strict):
    changes: dict[str, Any] = Field(default_factory=dict)
    refresh: bool = Field(default=True, description="re-read patient, coverage and providers first")


class VoidIn(Strict):
    reason: str = Field(default="", max_length=500)


class SplitIn(Strict):
    line_numbers: list[int] = Field(min_length=1)


class BatchOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    payer_id: int
    interchange_control_number: str
    group_control_number: str
    file_name: str
    status: str
    error: str | None
    claim_count: int


class FollowUpOut(BaseModel):
    claim: ClaimSummary
    age_days: int
    follow_up_days: int
    due: bool


class InboxOut(BaseModel):
    files: int
    duplicates: int
    unreadable: list[str]
    claims_updated: int
    unmatched: list[str]
    remittances: list[str] = Field(
        default_factory=list, description="835 files posted to the practice, with what became of each"
    )
