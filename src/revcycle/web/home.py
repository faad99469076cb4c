"""The signed-in start page (it grows into the dashboard)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Request, Response

from revcycle.api.deps import Scope, require
from revcycle.web.app import render

router = APIRouter(include_in_schema=False)


@router.get("/", name="home")
def home(request: Request, scope: Annotated[Scope, require("self:read")]) -> Response:
    return render(request, "home.html", title="Home")
