"""The real-time clearinghouse the pages use (270 eligibility, 276 claim status): the one set on
``app.state.realtime_clearinghouse`` (tests, the demo), else an HTTP endpoint from
``REVCYCLE_REALTIME_URL``."""

from __future__ import annotations

import os

from fastapi import Request

from revcycle.clearinghouse.port import RealtimeClearinghouse
from revcycle.clearinghouse.realtime_http import HttpRealtimeClearinghouse
from revcycle.kit.errors import ConfigurationError


def realtime_clearinghouse(request: Request) -> RealtimeClearinghouse:
    configured: RealtimeClearinghouse | None = getattr(request.app.state, "realtime_clearinghouse", None)
    if configured is not None:
        return configured
    url = os.environ.get("REVCYCLE_REALTIME_URL")
    if not url:
        raise ConfigurationError("no real-time clearinghouse is configured (REVCYCLE_REALTIME_URL)")
    return HttpRealtimeClearinghouse(url)
