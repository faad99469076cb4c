"""Clients signed in as a role of the test practice, another practice, audit rows."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select

from revcycle.api.app import create_app
from revcycle.intake import service as intake
from revcycle.kit.db import Database
from revcycle.security.tables import AuditEventRow
from tests.integration.security.factories import auth_headers, practice_values


class Clients:
    def __init__(self, database: Database, practice_id: int) -> None:
        self.app = create_app(database=database)
        self.database = database
        self.practice_id = practice_id
        self.client = TestClient(self.app)
        self._headers: dict[str, dict[str, str]] = {}

    def as_(self, role: str) -> dict[str, str]:
        if role not in self._headers:
            self._headers[role] = auth_headers(self.database, self.practice_id, role)
        return self._headers[role]

    def get(self, path: str, role: str = "biller", **kw: Any) -> Any:
        return self.client.get(f"/api/v1{path}", headers=self.as_(role), **kw)

    def post(self, path: str, role: str = "biller", **kw: Any) -> Any:
        return self.client.post(f"/api/v1{path}", headers=self.as_(role), **kw)

    def request(self, method: str, path: str, role: str = "biller", **kw: Any) -> Any:
        return self.client.request(method, f"/api/v1{path}", headers=self.as_(role), **kw)


def other_practice_headers(database: Database, role: str = "supervisor") -> dict[str, str]:
    with database.transaction() as uow:
        other = intake.create_practice(uow, values=practice_values(name="Other Clinic", tin="84-7654321"))
        pid = other.id
    return auth_headers(database, pid, role)


def audited(database: Database, entity: str) -> list[AuditEventRow]:
    with database.transaction() as uow:
        return list(uow.session.scalars(select(AuditEventRow).where(AuditEventRow.entity == entity)))


def fields_of(response: Any) -> set[str]:
    detail = response.json()["detail"]
    return {d.get("field") or ".".join(str(x) for x in d.get("loc", ())[1:]) for d in detail}
