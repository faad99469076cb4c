"""An in-process sliding-window rate limit (per user name and per client address on sign-in)."""

from __future__ import annotations

import threading
from collections import defaultdict, deque
from datetime import timedelta

from revcycle.kit.clock import clock


class RateLimiter:
    """At most ``limit`` hits per key within ``window``."""

    def __init__(self, limit: int, window: timedelta = timedelta(minutes=1)) -> None:
        self.limit = limit
        self.window = window
        self._hits: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def hit(self, key: str) -> bool:
        """Count one attempt; False when ``key`` is over its limit (the attempt is refused)."""
        now = clock.now().timestamp()
        horizon = now - self.window.total_seconds()
        with self._lock:
            hits = self._hits[key]
            while hits and hits[0] <= horizon:
                hits.popleft()
            if len(hits) >= self.limit:
                return False
            hits.append(now)
            return True

    def reset(self) -> None:
        with self._lock:
            self._hits.clear()
