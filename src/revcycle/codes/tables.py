"""Code set tables. Reference data, shared by every practice (no ``practice_id``)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from revcycle.kit.clock import clock
from revcycle.kit.db import Base, UTCDateTime


class CodeRow(Base):
    """One version of one code: its meaning between ``valid_from`` and ``valid_to`` (inclusive)."""

    __tablename__ = "code_versions"
    __table_args__ = (
        UniqueConstraint("system", "code", "valid_from"),
        Index("ix_code_versions_system_code", "system", "code"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    system: Mapped[str] = mapped_column(String(12))
    code: Mapped[str] = mapped_column(String(12))
    billable: Mapped[bool] = mapped_column(Boolean, default=True)
    short_description: Mapped[str | None] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text)
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    release: Mapped[str] = mapped_column(String(40))
    attributes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class CodeReleaseRow(Base):
    """A release that was loaded: which system, which label, when, and what it changed."""

    __tablename__ = "code_releases"
    __table_args__ = (UniqueConstraint("system", "release"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    system: Mapped[str] = mapped_column(String(12))
    release: Mapped[str] = mapped_column(String(40))
    effective: Mapped[date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(200))
    added: Mapped[int] = mapped_column(Integer, default=0)
    changed: Mapped[int] = mapped_column(Integer, default=0)
    terminated: Mapped[int] = mapped_column(Integer, default=0)
    loaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)


class PtpEditRow(Base):
    """An NCCI procedure-to-procedure edit: column 2 is not paid with column 1 (modifier indicator)."""

    __tablename__ = "ncci_ptp_edits"
    __table_args__ = (Index("ix_ncci_ptp_edits_pair", "column1", "column2"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    column1: Mapped[str] = mapped_column(String(5))
    column2: Mapped[str] = mapped_column(String(5), index=True)
    effective_date: Mapped[date] = mapped_column(Date)
    deletion_date: Mapped[date | None] = mapped_column(Date)
    modifier_indicator: Mapped[str] = mapped_column(String(1))
    rationale: Mapped[str | None] = mapped_column(String(200))
    release: Mapped[str] = mapped_column(String(40))


class MueEditRow(Base):
    """A medically unlikely edit: the most units of a code one provider bills for one patient a day."""

    __tablename__ = "mue_edits"
    __table_args__ = (UniqueConstraint("code", "valid_from"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(5))
    max_units: Mapped[int] = mapped_column(Integer)
    adjudication_indicator: Mapped[str] = mapped_column(String(1))
    rationale: Mapped[str | None] = mapped_column(String(200))
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    release: Mapped[str] = mapped_column(String(40))


class DxEditRow(Base):
    """A Medicare Code Editor diagnosis edit (age, sex, manifestation...) from one MCE version."""

    __tablename__ = "dx_edits"
    __table_args__ = (UniqueConstraint("code", "edit", "release"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(8), index=True)
    edit: Mapped[str] = mapped_column(String(40))
    release: Mapped[str] = mapped_column(String(40))
