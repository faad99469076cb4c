"""The web UI's own table: who works which queue item."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from revcycle.kit.clock import clock
from revcycle.kit.db import Base, UTCDateTime


class WorkAssignmentRow(Base):
    """A queue item assigned to a user: ``kind`` names what the item is (``claim``, ``work_item``,
    ``account``, ``coverage``) and ``item_key`` its id (an account is ``guarantor:<id>``)."""

    __tablename__ = "work_assignments"
    __table_args__ = (UniqueConstraint("practice_id", "kind", "item_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    practice_id: Mapped[int] = mapped_column(ForeignKey("practices.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    item_key: Mapped[str] = mapped_column(String(40))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    assigned_by: Mapped[str] = mapped_column(String(80), default="")
    assigned_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
