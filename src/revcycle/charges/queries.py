"""Read-only questions the screens ask about encounters."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select

from revcycle.charges.tables import EncounterRow
from revcycle.kit.db import UnitOfWork


def encounters_of_patient(uow: UnitOfWork, practice_id: int, patient_id: int) -> Sequence[EncounterRow]:
    """The patient's encounters, newest first."""
    return uow.session.scalars(
        select(EncounterRow)
        .where(EncounterRow.practice_id == practice_id, EncounterRow.patient_id == patient_id)
        .order_by(EncounterRow.date_of_service.desc(), EncounterRow.id.desc())
    ).all()
