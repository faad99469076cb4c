"""API shapes of the codes context."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, Field


class CodeOut(BaseModel):
    """A code as of a date of service."""

    system: str
    code: str
    valid: bool
    billable: bool
    description: str
    short_description: str | None = None
    valid_from: date
    valid_to: date | None = None
    on: date
    notes: dict[str, Any] = Field(default_factory=dict)


class SearchHitOut(BaseModel):
    system: str
    code: str
    description: str
    billable: bool
    score: float
    match: str


class ProcedureIn(BaseModel):
    code: str = Field(examples=["99214"])
    modifiers: list[str] = Field(default_factory=list, max_length=4)
    units: int = Field(default=1, ge=1, le=9999)
    dx_pointers: list[int] | None = Field(
        default=None, description="1-based; default: the first four diagnoses"
    )


class CodingCheckIn(BaseModel):
    """An encounter's codes. Sent in the body: diagnoses are PHI-adjacent and stay out of URLs."""

    diagnoses: list[str] = Field(min_length=1, max_length=12, examples=[["E11.9", "I10"]])
    procedures: list[ProcedureIn] = Field(default_factory=list, max_length=50)
    date_of_service: date | None = None
    sex: str | None = Field(default=None, pattern="^[FMUfmu]$")
    date_of_birth: date | None = None


class FindingOut(BaseModel):
    rule_id: str
    severity: str
    message: str
    field: str | None = None
    suggestion: str | None = None


class CodingCheckOut(BaseModel):
    date_of_service: date
    clean: bool
    findings: list[FindingOut]
