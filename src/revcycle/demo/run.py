"""``revcycle demo run`` and ``make run``'s history: the billing cycle played into a database.

- :func:`run_demo` plays the cycle into a fresh SQLite database in a work folder and returns the
  summary; the same seed gives the same summary and the same X12 files.
- :func:`load_history` gives an installation's database (the one ``revcycle serve`` uses) the demo
  practice with two months of history, once: when the demo practice is already there it does nothing.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from revcycle.demo.cycle import Progress, Timeline, play
from revcycle.demo.practice import PRACTICE
from revcycle.demo.summary import RunSummary, summarize
from revcycle.intake.repository import practice_repo
from revcycle.kit.clock import clock
from revcycle.kit.crypto import KeyRing, install_key_ring
from revcycle.kit.db import Database
from revcycle.kit.errors import Conflict
from revcycle.kit.migrate import upgrade

DATABASE_FILE = "revcycle.db"
DEMO_END = dt.date(2026, 2, 27)
"""The last day (a Friday) of every ``demo run``; the clock is frozen, so runs do not depend on the day."""
HISTORY_FOLDER = "demo-history"
"""Under the data directory: the clearinghouse folders of ``make run``'s history."""


def _quiet(_: str) -> None:
    return None


def prepare_workdir(workdir: Path, *, force: bool) -> Path:
    """The database path in ``workdir``; refuses a folder that already holds a run unless ``force``,
    which clears the previous run's database and files first."""
    database = workdir / DATABASE_FILE
    if database.exists():
        if not force:
            raise Conflict(f"{workdir} already holds a demo database: use another folder or --force")
        for name in (DATABASE_FILE, f"{DATABASE_FILE}-wal", f"{DATABASE_FILE}-shm"):
            (workdir / name).unlink(missing_ok=True)
        for folder in ("outbox", "inbox"):
            shutil.rmtree(workdir / folder, ignore_errors=True)
    workdir.mkdir(parents=True, exist_ok=True)
    return database


def run_demo(workdir: Path, *, seed: int = 1, force: bool = False, progress: Progress = _quiet) -> RunSummary:
    """Play the billing cycle into a new database in ``workdir`` and summarize it. Uses (or creates)
    ``workdir/keys.json`` for the encrypted columns, so the folder is self-contained."""
    path = prepare_workdir(workdir, force=force)
    install_key_ring(KeyRing.load_or_create(workdir / "keys.json"))
    database = Database(f"sqlite:///{path}")
    try:
        upgrade(database.engine)
        practice_id = play(database, workdir, seed=seed, end=DEMO_END, data_dir=workdir, progress=progress)
        timeline = Timeline(DEMO_END)
        with clock.frozen(dt.datetime.combine(DEMO_END, dt.time(18), tzinfo=dt.UTC)), database.uow() as uow:
            return summarize(
                uow,
                practice_id=practice_id,
                start=timeline.first_visit,
                end=timeline.end,
                database=str(path),
                outbox=str(workdir / "outbox"),
                inbox=str(workdir / "inbox"),
            )
    finally:
        database.dispose()


def load_history(database: Database, *, data_dir: Path, seed: int = 1, progress: Progress = _quiet) -> bool:
    """Give ``database`` (migrated) the demo practice with two months of history ending today, unless
    the demo practice is already there. True when it played the history."""
    with database.uow() as uow:
        if practice_repo(uow).by_billing_npi(str(PRACTICE["billing_npi"])) is not None:
            return False
    folder = data_dir / HISTORY_FOLDER
    shutil.rmtree(folder, ignore_errors=True)  # files of a database that is gone
    play(
        database,
        folder,
        seed=seed,
        end=clock.today(),
        data_dir=data_dir,
        all_diagnoses=True,
        progress=progress,
    )
    return True
