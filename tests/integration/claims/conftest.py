"""Fixtures for claims tests: the demo practice with its charges, and a directory clearinghouse."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from revcycle.charges.demo import load_demo_charges
from revcycle.clearinghouse.directory import DirectoryClearinghouse
from revcycle.demo.practice import load_demo_practice
from revcycle.kit.db import Database


@dataclass(frozen=True)
class Demo:
    database: Database
    practice_id: int
    encounters: int


@pytest.fixture
def demo(database: Database) -> Demo:
    with database.transaction() as uow:
        summary = load_demo_practice(uow)
        encounters = load_demo_charges(uow, practice_id=summary.practice_id)
    return Demo(database, summary.practice_id, encounters)


@pytest.fixture
def clearinghouse(tmp_path: Path) -> DirectoryClearinghouse:
    return DirectoryClearinghouse(tmp_path / "outbox", tmp_path / "inbox")
