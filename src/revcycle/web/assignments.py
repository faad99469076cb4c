"""Who works which queue item: assign items to a user (one user per item; assigning again moves
it), read who holds each item, and the items assigned to one user ("assigned to me").

Items are named by ``kind`` and a key: a claim or remittance work item by its id, a patient
account by its account (``guarantor:<id>``), a coverage by its id.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select

from revcycle.kit.db import UnitOfWork
from revcycle.kit.errors import FieldErrors
from revcycle.security import repository as users
from revcycle.web.tables import WorkAssignmentRow

KINDS = frozenset({"claim", "work_item", "account", "coverage"})
MAX_ITEMS = 200


def assignable_users(uow: UnitOfWork, practice_id: int) -> dict[int, str]:
    """Active users of the practice who may hold work (everyone but auditors), by id."""
    return {u.id: u.username for u in users.users_of(uow, practice_id) if u.active and u.role != "auditor"}


def assign(
    uow: UnitOfWork, *, practice_id: int, kind: str, keys: Iterable[str], user_id: int, by: str
) -> int:
    """Assign each item to ``user_id``; returns how many were assigned."""
    if kind not in KINDS:
        raise FieldErrors.single("kind", f"{kind!r} is not a kind of queue item")
    if user_id not in assignable_users(uow, practice_id):
        raise FieldErrors.single("assignee", "choose a user of this practice")
    chosen = list(dict.fromkeys(k for k in keys if k))[:MAX_ITEMS]
    if not chosen:
        raise FieldErrors.single("item", "select at least one item")
    held = {
        row.item_key: row
        for row in uow.session.scalars(
            select(WorkAssignmentRow).where(
                WorkAssignmentRow.practice_id == practice_id,
                WorkAssignmentRow.kind == kind,
                WorkAssignmentRow.item_key.in_(chosen),
            )
        )
    }
    for key in chosen:
        row = held.get(key)
        if row is None:
            uow.session.add(
                WorkAssignmentRow(
                    practice_id=practice_id, kind=kind, item_key=key, user_id=user_id, assigned_by=by
                )
            )
        else:
            row.user_id, row.assigned_by = user_id, by
    uow.flush()
    return len(chosen)


def holders(uow: UnitOfWork, practice_id: int, kind: str) -> dict[str, str]:
    """Each assigned item of ``kind`` with its user's name."""
    names = {u.id: u.username for u in users.users_of(uow, practice_id)}
    rows = uow.session.scalars(
        select(WorkAssignmentRow).where(
            WorkAssignmentRow.practice_id == practice_id, WorkAssignmentRow.kind == kind
        )
    )
    return {r.item_key: names.get(r.user_id, "") for r in rows}


def assigned_to(uow: UnitOfWork, practice_id: int, kind: str, user_id: int | None) -> set[str]:
    if user_id is None:
        return set()
    return set(
        uow.session.scalars(
            select(WorkAssignmentRow.item_key).where(
                WorkAssignmentRow.practice_id == practice_id,
                WorkAssignmentRow.kind == kind,
                WorkAssignmentRow.user_id == user_id,
            )
        )
    )
