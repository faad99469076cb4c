"""Reporting owns no tables; it declares the indexes its read model needs on other contexts'
tables (created by the reporting_* migrations), so autogenerate sees them."""

from __future__ import annotations

from sqlalchemy import Index

from revcycle.claims.tables import ClaimEventRow

CLAIM_EVENTS_BY_EVENT = Index(
    "ix_claim_events_event_claim_at", ClaimEventRow.event, ClaimEventRow.claim_id, ClaimEventRow.at
)
"""First submission per claim (aging from submission) and first adjudication (claim KPIs)."""
