"""Imports tables: which local object each imported record became, and the coding queue."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from revcycle.kit.clock import clock
from revcycle.kit.db import Base, UTCDateTime


class ExternalIdRow(Base):
    """One imported record: ``source`` + ``kind`` + ``external_id`` -> the local row's id.

    Re-importing the same record finds it here and updates (or skips) instead of duplicating.
    """

    __tablename__ = "import_external_ids"
    __table_args__ = (UniqueConstraint("practice_id", "source", "kind", "external_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    practice_id: Mapped[int] = mapped_column(ForeignKey("practices.id"), index=True)
    source: Mapped[str] = mapped_column(String(80))
    """The sending system: ``fhir``, ``hl7:EPIC^NORTHCLINIC``, ``csv``, or what the caller named."""
    kind: Mapped[str] = mapped_column(String(12))
    external_id: Mapped[str] = mapped_column(String(200))
    local_id: Mapped[int] = mapped_column(Integer)
    """The id of the payer, provider, patient, coverage, encounter or coding-queue item."""
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now, onupdate=clock.now)


class CodingQueueRow(Base):
    """An imported encounter whose codes are not billable yet (SNOMED CT, LOINC, none...).

    A coder gives the ICD-10-CM and CPT/HCPCS codes; the encounter is then captured and
    ``encounter_id`` set. ``payload`` keeps everything the source sent (JSON).
    """

    __tablename__ = "import_coding_queue"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    practice_id: Mapped[int] = mapped_column(ForeignKey("practices.id"), index=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True)
    rendering_provider_id: Mapped[int | None] = mapped_column(ForeignKey("providers.id"))
    date_of_service: Mapped[date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(80))
    external_id: Mapped[str] = mapped_column(String(200))
    payload: Mapped[str] = mapped_column(Text)
    reasons: Mapped[str] = mapped_column(Text)
    """Why it needs coding, one reason a line."""
    status: Mapped[str] = mapped_column(String(10), default="pending", index=True)
    """``pending`` until coded, then ``coded``."""
    encounter_id: Mapped[int | None] = mapped_column(ForeignKey("encounters.id"))
    coded_by: Mapped[str | None] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now, onupdate=clock.now)
