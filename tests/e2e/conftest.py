"""Browser tests: headless Chromium (Debian's) drives revcycle served on a loopback port.

The server runs uvicorn in a thread on a fresh SQLite database holding the web scenario (the demo
practice a day into its work). Each test gets a page whose console errors and page errors fail it,
and may save screenshots under ``test-artifacts/``. Without Chromium the tests skip, except under
CI=true, where they fail.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from revcycle.api.app import create_app
from revcycle.kit.db import Database
from revcycle.security.views import reset_rate_limits
from tests.integration.security import factories  # noqa: F401 - installs the test key ring
from tests.integration.web import scenario

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
VIEWPORT = {"width": 1366, "height": 768}


def _unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"browser tests cannot run under CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def playwright_api() -> Iterator[Any]:
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} is not installed (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed (pip install -e '.[test]')")
    with sync_playwright() as api:
        yield api


@dataclass(frozen=True)
class LiveServer:
    url: str
    scenario: scenario.Scenario
    database: Database


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """revcycle on 127.0.0.1:<free port>, on a fresh SQLite database with the web scenario."""
    import uvicorn

    folder = tmp_path_factory.mktemp("live")
    played = scenario.build(folder / "revcycle.db")
    database = Database(f"sqlite:///{folder / 'revcycle.db'}")
    reset_rate_limits()
    port = _free_port()
    config = uvicorn.Config(
        create_app(database=database),
        host="127.0.0.1",
        port=port,
        log_level="warning",
        access_log=False,
        lifespan="off",
        ws="none",
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the test server did not start")
        time.sleep(0.02)
    yield LiveServer(f"http://127.0.0.1:{port}", played, database)
    server.should_exit = True
    thread.join(timeout=10)
    database.dispose()


@pytest.fixture(scope="session")
def browser_context(playwright_api: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """Chromium with a fresh profile, at 1366x768."""
    profile = tmp_path_factory.mktemp("chromium-profile")
    context = playwright_api.chromium.launch_persistent_context(
        str(profile),
        executable_path=str(CHROMIUM),
        args=CHROMIUM_ARGS,
        headless=True,
        viewport=VIEWPORT,
    )
    yield context
    context.close()
    shutil.rmtree(profile, ignore_errors=True)


class Problems(list[str]):
    """Console errors and uncaught page errors seen while a test ran."""


@pytest.fixture
def page(browser_context: Any, live_server: LiveServer) -> Iterator[Any]:
    """A new tab with no cookies; any console error or page error fails the test."""
    browser_context.clear_cookies()
    tab = browser_context.new_page()
    problems = Problems()
    tab.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    tab.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    tab.set_default_timeout(5000)
    yield tab
    tab.close()
    assert not problems, problems


def screenshot(page: Any, name: str) -> Path:
    """Save the page as ``test-artifacts/<name>.png`` (full page) and return the path."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def sign_in(page: Any, server: LiveServer, username: str = "demo.biller") -> None:
    page.goto(f"{server.url}/sign-in")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(scenario.PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{server.url}/")
