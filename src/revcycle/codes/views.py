"""Code search as you type, for forms: an HTMX fragment of ``<option>``s for a ``<datalist>``.

The form posts itself (with its CSRF token); the field that triggered the request is named by
htmx's ``HX-Trigger-Name`` header. Diagnosis fields (``dx...``) search ICD-10-CM, others CPT and HCPCS.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response

from revcycle.api.deps import Scope, Uow, require
from revcycle.codes.domain import CodeSystem
from revcycle.codes.service import search_codes
from revcycle.web.app import templates, verify_csrf

router = APIRouter(include_in_schema=False)
DIAGNOSIS_SYSTEMS = (CodeSystem.ICD10CM,)
PROCEDURE_SYSTEMS = (CodeSystem.CPT, CodeSystem.HCPCS)


@router.post("/codes/suggest", dependencies=[Depends(verify_csrf)])
async def suggest(request: Request, uow: Uow, scope: Annotated[Scope, require("codes:read")]) -> Response:
    field = request.headers.get("hx-trigger-name", "")[:40]
    text = str((await request.form()).get(field) or "").strip()[:60]
    hits = []
    if len(text) >= 2:
        systems = DIAGNOSIS_SYSTEMS if field.startswith("dx") else PROCEDURE_SYSTEMS
        hits = search_codes(uow, text, systems=systems, limit=12)
    return templates.TemplateResponse(request, "_code_options.html", {"hits": hits})
