"""Validation findings as data."""

from __future__ import annotations

from dataclasses import dataclass, field

from revcycle.x12.core.envelope import Envelope
from revcycle.x12.errors import X12Error


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem. ``position`` is the segment's ordinal in the file, ``line`` its line;
    ``segment_code``/``element_code`` are the 999 IK304/IK403 codes for it."""

    severity: str
    message: str
    position: int | None = None
    segment_id: str = ""
    loop: str = ""
    element: str = ""
    line: int | None = None
    transaction_control_number: str = ""
    segment_code: str = "8"
    element_code: str = ""

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def describe(self) -> str:
        where = []
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.position is not None:
            where.append(f"segment {self.position}")
        if self.segment_id:
            where.append(self.segment_id)
        if self.element:
            where.append(self.element)
        if self.loop:
            where.append(f"loop {self.loop}")
        return (
            f"{self.severity}: {', '.join(where)}: {self.message}"
            if where
            else f"{self.severity}: {self.message}"
        )

    @classmethod
    def from_error(cls, error: X12Error, *, transaction_control_number: str = "", code: str = "8") -> Finding:
        return cls(
            severity="error",
            message=error.detail,
            position=error.position,
            segment_id=error.segment_id or "",
            element=error.element or "",
            line=error.line,
            transaction_control_number=transaction_control_number,
            segment_code=code,
        )


@dataclass(slots=True)
class TransactionSummary:
    """What the 999 needs to know about one transaction set that was checked."""

    transaction_set: str
    control_number: str
    implementation_guide: str
    st_position: int
    functional_id: str
    group_control_number: str
    envelope: Envelope
    findings: list[Finding] = field(default_factory=list)


@dataclass(slots=True)
class ValidationReport:
    """Every finding of one file; ``is_x12`` is False when the input is not X12 at all."""

    findings: list[Finding] = field(default_factory=list)
    transactions: list[TransactionSummary] = field(default_factory=list)
    is_x12: bool = True

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.is_error]

    @property
    def valid(self) -> bool:
        return self.is_x12 and not self.errors
