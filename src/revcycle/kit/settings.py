"""Settings from environment variables (``REVCYCLE_*``), read once and cached."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path


def _default_data_dir() -> Path:
    return Path(os.environ.get("REVCYCLE_DATA_DIR", "var")).resolve()


@dataclass(frozen=True)
class Settings:
    """Where revcycle keeps its data and how it runs.

    - ``REVCYCLE_DATABASE_URL``: SQLAlchemy URL; default an embedded SQLite file in the data dir.
    - ``REVCYCLE_DATA_DIR``: folder for the embedded database, keys and files (default ``./var``).
    - ``REVCYCLE_ENV``: ``development`` (default), ``test`` or ``production``.
    """

    data_dir: Path = field(default_factory=_default_data_dir)
    database_url: str = ""
    env: str = "development"

    def __post_init__(self) -> None:
        if not self.database_url:
            object.__setattr__(self, "database_url", f"sqlite:///{self.data_dir / 'revcycle.db'}")

    @classmethod
    def from_env(cls) -> Settings:
        return cls(
            data_dir=_default_data_dir(),
            database_url=os.environ.get("REVCYCLE_DATABASE_URL", ""),
            env=os.environ.get("REVCYCLE_ENV", "development"),
        )

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings.from_env()
