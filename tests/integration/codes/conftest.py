"""Fixtures for codes integration tests: a database with a slice of ICD-10-CM and the shipped
lists (the full ICD-10-CM set is loaded by one test only), an API client and a practice."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from revcycle.codes import service
from revcycle.codes.domain import CodeSystem
from revcycle.codes.importers.base import Release
from revcycle.codes.importers.icd10cm_package import load_package_release
from revcycle.kit.db import Database
from tests.integration.intake.conftest import client, practice  # the API fixtures

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "codes"
SLICE = ("E08", "E10", "E11", "I10", "Z00", "F02", "G30", "O80", "N40", "J44", "K21")


@pytest.fixture(scope="session")
def icd_slice() -> Release:
    """A few ICD-10-CM categories from the shipped release, under the shipped release label."""
    full = load_package_release()
    return replace(full, entries=[e for e in full.entries if e.code.startswith(SLICE)])


@pytest.fixture
def coded(database: Database, icd_slice: Release) -> Database:
    """The test database with the ICD-10-CM slice and every shipped list loaded."""
    with database.transaction() as uow:
        service.apply_release(uow, icd_slice)
        for system, filename, label in service.SHIPPED_LISTS:
            service.apply_release(uow, service.shipped_list(system, filename, label))
    return database


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


__all__ = ["CodeSystem", "client", "practice"]
