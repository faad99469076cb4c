"""Fixtures for the X12 tests."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def x12_samples(shared_data: Path) -> Path:
    folder = shared_data / "x12" / "linuxforhealth"
    if not folder.is_dir():
        pytest.skip("the linuxforhealth X12 samples are not in ../shared/data")
    return folder
