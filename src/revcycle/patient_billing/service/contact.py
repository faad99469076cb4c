"""Reaching a billing account: its collection state, the time zone of the person we would contact,
and every contact attempt checked against the fair-collection rules (no contact while disputed,
none outside 8 am-9 pm local time) and logged as sent, deferred or stopped.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select

from revcycle.intake.repository import repo
from revcycle.intake.tables import GuarantorRow, PatientRow
from revcycle.kit.db import UnitOfWork
from revcycle.kit.errors import FieldErrors
from revcycle.patient_billing.domain import dunning
from revcycle.patient_billing.tables import CollectionAccountRow, ContactRow


class ContactStatus(StrEnum):
    """What happened to one contact attempt."""

    SENT = "sent"
    """Inside the contact window and not disputed."""
    DEFERRED = "deferred"
    """Outside 8 am-9 pm where the guarantor lives: to be tried again later."""
    STOPPED = "stopped"
    """The guarantor disputes the debt: no collection contact."""


def collection_row(uow: UnitOfWork, practice_id: int, account: str) -> CollectionAccountRow:
    """The account's collection state (created at stage ``none`` the first time it is asked for)."""
    row = uow.session.scalars(
        select(CollectionAccountRow).where(
            CollectionAccountRow.practice_id == practice_id, CollectionAccountRow.account == account
        )
    ).first()
    if row is None:
        row = CollectionAccountRow(practice_id=practice_id, account=account, stage="none")
        uow.session.add(row)
        uow.flush()
    return row


def person_of(uow: UnitOfWork, practice_id: int, account: str) -> GuarantorRow | PatientRow:
    """Who the account's mail goes to: the guarantor, or the patient who has none."""
    kind, _, number = account.partition(":")
    if kind == "guarantor":
        return repo(uow, GuarantorRow, practice_id).get(int(number))
    return repo(uow, PatientRow, practice_id).get(int(number))


def validate_zone(zone: str) -> str:
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        raise FieldErrors.single(
            "time_zone", f"{zone!r} is not an IANA time zone (like America/Denver)"
        ) from None
    return zone


def set_time_zone(uow: UnitOfWork, *, practice_id: int, account: str, zone: str | None) -> str | None:
    """Store (or, with None, forget) the time zone of the account's guarantor."""
    row = collection_row(uow, practice_id, account)
    row.time_zone = validate_zone(zone) if zone else None
    uow.flush()
    return contact_zone(uow, practice_id, account)


def contact_zone(uow: UnitOfWork, practice_id: int, account: str) -> str | None:
    """The stored zone, else the one of the state in the guarantor's address, else None."""
    stored = collection_row(uow, practice_id, account).time_zone
    return dunning.time_zone_for(stored, person_of(uow, practice_id, account).state)


def contact(
    uow: UnitOfWork, *, practice_id: int, account: str, kind: str, now: datetime, reference: str = ""
) -> ContactRow:
    """Decide whether revcycle may reach the account now, and log the attempt either way."""
    state = collection_row(uow, practice_id, account)
    if state.dispute_note:
        status = ContactStatus.STOPPED
    elif dunning.may_contact(now, contact_zone(uow, practice_id, account)):
        status = ContactStatus.SENT
    else:
        status = ContactStatus.DEFERRED
    row = ContactRow(
        practice_id=practice_id, account=account, kind=kind, status=status.value, reference=reference, at=now
    )
    uow.session.add(row)
    uow.flush()
    return row
