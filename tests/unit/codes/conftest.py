"""Fixtures for codes unit tests: the shipped ICD-10-CM release and its search index, built once."""

from __future__ import annotations

from pathlib import Path

import pytest

from revcycle.codes.domain import display_code
from revcycle.codes.importers.base import Release
from revcycle.codes.importers.icd10cm_package import load_package_release
from revcycle.codes.search import IndexEntry, SearchIndex

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "codes"


@pytest.fixture(scope="session")
def icd_release() -> Release:
    return load_package_release()


@pytest.fixture(scope="session")
def icd_index(icd_release: Release) -> SearchIndex:
    return SearchIndex(
        IndexEntry(e.system, e.code, display_code(e.system, e.code), e.description, e.billable)
        for e in icd_release.entries
    )


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES
