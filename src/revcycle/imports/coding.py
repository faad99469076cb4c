"""The coding queue: imported encounters whose codes a coder must give before they can be billed.

``code_encounter`` takes the coder's diagnoses and lines (the shape ``charges.service
.capture_encounter`` takes), captures the encounter with the imported patient, provider and
dates, and marks the item coded. Nothing is written when the encounter does not pass.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from revcycle.charges import service as charges
from revcycle.charges.tables import EncounterRow
from revcycle.imports import repository as repo
from revcycle.imports.tables import CodingQueueRow
from revcycle.kit.db import UnitOfWork
from revcycle.kit.errors import Conflict


def pending(uow: UnitOfWork, *, practice_id: int) -> Sequence[CodingQueueRow]:
    return repo.pending_coding(uow, practice_id)


def item_data(row: CodingQueueRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "patient_id": row.patient_id,
        "rendering_provider_id": row.rendering_provider_id,
        "date_of_service": row.date_of_service.isoformat(),
        "status": row.status,
        "reasons": row.reasons.splitlines(),
        "source": row.source,
        "encounter_id": row.encounter_id,
        "imported": json.loads(row.payload),
    }


def code_encounter(
    uow: UnitOfWork, *, practice_id: int, item_id: int, values: Mapping[str, Any], coder: str
) -> EncounterRow:
    """Capture the queued encounter with the coder's codes (``diagnoses``, ``lines``...)."""
    item = repo.coding_queue(uow, practice_id).get(item_id)
    if item.status != "pending":
        raise Conflict(f"coding queue item {item_id} is already coded (encounter {item.encounter_id})")
    imported = json.loads(item.payload)
    merged: dict[str, Any] = {
        "patient_id": item.patient_id,
        "rendering_provider_id": item.rendering_provider_id,
        "date_of_service": item.date_of_service,
        "place_of_service": imported.get("place_of_service"),
    } | dict(values)
    encounter = charges.capture_encounter(uow, practice_id=practice_id, values=merged)
    item.status, item.encounter_id, item.coded_by = "coded", encounter.id, coder
    uow.flush()
    return encounter
