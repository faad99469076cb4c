"""Remittance: 835 ingestion, matching, auto-posting, denials, secondary claims, EFT reassociation.

The entry point for other contexts is :func:`revcycle.remittance.service.ingest.ingest_era`.
"""
