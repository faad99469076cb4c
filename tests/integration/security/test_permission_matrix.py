"""Every route and page declares a permission, and every role gets exactly what the matrix grants."""

from __future__ import annotations

import re

from fastapi import APIRouter, FastAPI
from fastapi.testclient import TestClient

from revcycle.api.app import _mount
from revcycle.api.deps import route_permissions
from revcycle.security.domain import MATRIX, PUBLIC, Role, permissions_for
from tests.integration.security.factories import session_cookie

ALWAYS_OPEN = {"/api/v1/openapi.json", "/api/v1/docs"}


def _operations(client: TestClient):
    doc = client.get("/api/v1/openapi.json").json()
    for path, ops in doc["paths"].items():
        for method, op in ops.items():
            yield method.upper(), path, op


def _concrete(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "999999", path)


def test_every_api_route_declares_a_known_permission(client):
    for method, path, op in _operations(client):
        assert op.get("x-permission") in {*MATRIX, PUBLIC}, f"{method} {path} declares no permission"
    public = {(m, p) for m, p, op in _operations(client) if op["x-permission"] == PUBLIC}
    assert public == {("GET", "/api/v1/health")}


def test_every_route_refuses_callers_without_credentials(client):
    for method, path, op in _operations(client):
        if op["x-permission"] == PUBLIC:
            continue
        response = client.request(method, _concrete(path), json={})
        assert response.status_code == 401, f"{method} {path} answered {response.status_code}"
    assert client.get("/api/v1/openapi.json").status_code == 200
    assert client.get("/api/v1/health").status_code == 200


def test_each_role_reaches_exactly_the_routes_the_matrix_grants(client, headers_for):
    headers = {role: headers_for(role.value) for role in Role}
    for method, path, op in _operations(client):
        permission = op["x-permission"]
        if permission == PUBLIC:
            continue
        for role in Role:
            response = client.request(method, _concrete(path), json={}, headers=headers[role])
            allowed = permission in permissions_for(role)
            refused_by_matrix = (
                response.status_code == 403 and "does not hold the permission" in response.text
            )
            if allowed:  # a route may still refuse for its own reasons (e.g. approving one's own work)
                assert not refused_by_matrix, f"{role} refused {method} {path}"
            else:
                assert refused_by_matrix, f"{role} reached {method} {path} ({response.status_code})"


def test_every_page_declares_a_permission_and_is_checked_per_role(app: FastAPI, client, database, practice_a):
    pages = {k: v for k, v in route_permissions(app).items() if not k[1].startswith("/api/")}
    assert ("GET", "/") in pages and ("GET", "/sign-in") in pages
    assert all(p in {*MATRIX, PUBLIC} for p in pages.values()), pages
    for role in Role:
        cookie = session_cookie(database, practice_a["id"], role.value)
        client.cookies.set("rc_session", cookie)
        for (method, path), permission in pages.items():
            if method != "GET" or permission == PUBLIC:
                continue
            response = client.get(_concrete(path), follow_redirects=False)
            allowed = 404 if "{" in path else 200  # a page about one record: none has id 999999
            expected = allowed if permission in permissions_for(role) else 403
            assert response.status_code == expected, f"{role} {path}"
        client.cookies.clear()


def test_a_route_without_a_declared_permission_refuses_everyone(
    app: FastAPI, database, practice_a, headers_for
):
    import sys
    import types

    router = APIRouter()

    @router.get("/forgotten")
    def forgotten() -> dict[str, str]:
        return {"secret": "yes"}

    module = types.ModuleType("tests_forgotten_module")
    module.router = router  # type: ignore[attr-defined]
    sys.modules[module.__name__] = module
    try:
        _mount(app, module.__name__, "/api/v1")
        with TestClient(app) as client:
            assert client.get("/api/v1/forgotten").status_code == 401
            for role in Role:
                assert client.get("/api/v1/forgotten", headers=headers_for(role.value)).status_code == 403
    finally:
        del sys.modules[module.__name__]


def test_a_module_can_declare_permissions_by_method(app: FastAPI, headers_for):
    import sys
    import types

    router = APIRouter()

    @router.get("/lookup")
    def lookup() -> dict[str, str]:
        return {"ok": "yes"}

    @router.post("/lookup")
    def load() -> dict[str, str]:
        return {"ok": "yes"}

    module = types.ModuleType("tests_codes_like_module")
    module.router = router  # type: ignore[attr-defined]
    module.PERMISSIONS = {"GET": "codes:read", "*": "codes:write"}  # type: ignore[attr-defined]
    sys.modules[module.__name__] = module
    try:
        _mount(app, module.__name__, "/api/v1")
        with TestClient(app) as client:
            assert client.get("/api/v1/lookup", headers=headers_for("front_desk")).status_code == 200
            assert client.post("/api/v1/lookup", headers=headers_for("front_desk")).status_code == 403
            assert client.post("/api/v1/lookup", headers=headers_for("supervisor")).status_code == 200
    finally:
        del sys.modules[module.__name__]


def test_front_desk_cannot_see_diagnoses_and_auditor_only_reads():
    assert "diagnoses:read" not in permissions_for(Role.FRONT_DESK)
    assert "patients:read" in permissions_for(Role.FRONT_DESK)
    auditor = permissions_for(Role.AUDITOR)
    assert "audit:read" in auditor
    assert all(p.endswith(":read") for p in auditor), sorted(auditor)
