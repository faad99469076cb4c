"""The billing office in a real browser: sign in, the dashboard, work a rejection."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.conftest import LiveServer, screenshot, sign_in

pytestmark = pytest.mark.browser


def test_a_biller_signs_in_and_lands_on_the_dashboard(page: Any, live_server: LiveServer):
    sign_in(page, live_server)
    assert page.get_by_role("heading", level=1).first.is_visible()
    screenshot(page, "dashboard")
