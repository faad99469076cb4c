"""The sandbox's real-time HTTP endpoint: ``POST /x12`` with a 270 or 276 as the body answers with
a 271 or 277 (``text/plain``); ``GET /health``. Served by ``revcycle sandbox serve --port N``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import PlainTextResponse

from revcycle.kit.clock import clock as default_clock
from revcycle.kit.errors import InvalidInput
from revcycle.sandbox.config import SandboxConfig
from revcycle.sandbox.realtime import answer
from revcycle.sandbox.service import Clock
from revcycle.sandbox.state import SandboxState


def create_app(config: SandboxConfig, state_path: Path, clock: Clock = default_clock) -> FastAPI:
    app = FastAPI(title="revcycle sandbox payer", docs_url=None, redoc_url=None)

    @app.get("/health")
    def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.post("/x12", response_class=PlainTextResponse)
    async def x12(request: Request) -> PlainTextResponse:
        text = (await request.body()).decode("latin-1")
        state = SandboxState(state_path)
        try:
            now = clock.now() + dt.timedelta(days=state.day_offset)
            body = answer(text, config, state, now)
        except InvalidInput as exc:
            return PlainTextResponse(exc.message, status_code=400)
        finally:
            state.close()
        return PlainTextResponse(body, media_type="application/edi-x12")

    return app
