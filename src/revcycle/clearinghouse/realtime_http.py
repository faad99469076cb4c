"""Real-time HTTP adapter: ``POST`` one X12 request to an endpoint, read the X12 answer.

The sandbox payer answers on ``POST /x12`` (``revcycle sandbox serve``); a real clearinghouse's
real-time endpoint takes the same body. Nothing about the request (member IDs, names) is logged.
"""

from __future__ import annotations

from typing import Any

from revcycle.clearinghouse.port import TransportError

DEFAULT_TIMEOUT_SECONDS = 30.0


class HttpRealtimeClearinghouse:
    """``exchange(x12) -> x12`` over HTTP(S). ``transport`` is for tests (an httpx2 transport)."""

    def __init__(
        self,
        url: str,
        *,
        timeout: float = DEFAULT_TIMEOUT_SECONDS,
        headers: dict[str, str] | None = None,
        transport: Any = None,
    ) -> None:
        self.url = url
        self.timeout = timeout
        self.headers = {"content-type": "application/edi-x12", **(headers or {})}
        self.transport = transport

    def exchange(self, content: str) -> str:
        import httpx2

        try:
            with httpx2.Client(timeout=self.timeout, transport=self.transport) as client:
                response = client.post(self.url, content=content.encode("latin-1"), headers=self.headers)
        except httpx2.HTTPError as exc:
            raise TransportError(f"the real-time endpoint did not answer: {type(exc).__name__}") from exc
        if response.status_code != 200:
            reason = response.text.strip().splitlines()[0][:200] if response.text.strip() else ""
            raise TransportError(f"the real-time endpoint answered HTTP {response.status_code}: {reason}")
        return response.text
