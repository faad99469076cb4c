from __future__ import annotations

import asyncio
import datetime as dt
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from revcycle.cli import app
from revcycle.sandbox.http import create_app
from revcycle.sandbox.service import default_state_path, process_once
from revcycle.x12 import parse, write
from revcycle.x12.core.common import Name
from revcycle.x12.core.levels import DateInfo, Level, LevelHeader, Trace
from revcycle.x12.x270 import EligibilityRequest270
from revcycle.x12.x276 import StatusRequest276
from tests.integration.sandbox.conftest import MEMBER, claim, drop, sandbox_config, x837
from tests.unit.x12.factories import make_envelope

pytestmark = pytest.mark.usefixtures("frozen")


def post(app: Any, path: str, body: str) -> tuple[int, str]:
    """Call the ASGI app once, without a network."""
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": body.encode(), "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "headers": [(b"content-type", b"application/edi-x12")],
        "client": ("127.0.0.1", 1),
        "server": ("127.0.0.1", 80),
        "scheme": "http",
        "root_path": "",
    }
    # A fresh thread has no running event loop, whatever else this test process is driving
    # (the browser tests keep one running in the main thread).
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(lambda: asyncio.run(app(scope, receive, send))).result()
    status = next(m["status"] for m in sent if m["type"] == "http.response.start")
    text = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body").decode()
    return status, text


def payer_level(child: Level) -> Level:
    return Level(
        "20", name=Name("PR", "2", "SUMMIT", id_qualifier="PI", identifier="SBC01"), children=(child,)
    )


def eligibility_request(member_id: str) -> str:
    sub = Level(
        "22",
        name=Name("IL", "1", "DOE", "JANE", id_qualifier="MI", identifier=member_id),
        traces=(Trace("1", "TRACE1", "9877281234"),),
        dates=(DateInfo("291", dt.date(2024, 3, 1)),),
        inquiries=(("30",),),
    )
    provider = Level(
        "21", name=Name("1P", "2", "CLINIC", id_qualifier="XX", identifier="1234567893"), children=(sub,)
    )
    header = LevelHeader("0022", "13", "REQ1", dt.date(2024, 3, 1), "1200")
    return write(EligibilityRequest270(make_envelope(), header, (payer_level(provider),)))


def status_request(pcn: str, *, dependent: bool = False) -> str:
    asked = {
        "traces": (Trace("1", "TRACE2"),),
        "references": (("EJ", pcn),),
        "dates": (DateInfo("472", dt.date(2024, 2, 20)),),
    }
    member = Name("IL", "1", "DOE", "JANE", id_qualifier="MI", identifier=MEMBER)
    if dependent:
        child = Level("23", name=Name("QC", "1", "DOE", "JIMMY"), **asked)  # type: ignore[arg-type]
        sub = Level("22", name=member, children=(child,))
    else:
        sub = Level("22", name=member, **asked)  # type: ignore[arg-type]
    provider = Level(
        "19", name=Name("1P", "2", "CLINIC", id_qualifier="XX", identifier="1234567893"), children=(sub,)
    )
    receiver = Level(
        "21", name=Name("41", "2", "CLINIC", id_qualifier="46", identifier="SUB01"), children=(provider,)
    )
    header = LevelHeader("0010", "13", "REQ2", dt.date(2024, 3, 1), "1200")
    return write(StatusRequest276(make_envelope(), header, (payer_level(receiver),)))


def test_serve_once_answers_the_inbox_and_exits(dirs: tuple[Path, Path]) -> None:
    inbox, outbox = dirs
    drop(inbox, "b.x12", x837(claim("PCN1")))
    result = CliRunner().invoke(
        app, ["sandbox", "serve", "--inbox", str(inbox), "--outbox", str(outbox), "--once"]
    )
    assert result.exit_code == 0, result.output
    assert {p.name for p in outbox.glob("*.x12")} >= {"b.999.x12", "b.277ca.x12"}


def test_270_answers_with_remaining_deductible_after_a_paid_claim(dirs: tuple[Path, Path]) -> None:
    inbox, outbox = dirs
    config = sandbox_config(plans={"ppo": {"deductible": "500.00", "coinsurance": "0.20"}, "medicare": {}})
    drop(inbox, "b.x12", x837(claim("PCN1")))
    process_once(inbox, outbox, config)
    status, text = post(create_app(config, default_state_path(inbox)), "/x12", eligibility_request(MEMBER))
    assert status == 200
    (response,) = parse(text)
    (sub,) = [level for level in response.all_levels() if level.level_code == "22"]
    remaining = [b.amount for b in sub.benefits if b.code == "C" and b.time_period == "29"]
    assert [str(a) for a in remaining] == ["350.00"]


def test_270_for_an_unknown_member_answers_aaa_75(dirs: tuple[Path, Path]) -> None:
    inbox, _ = dirs
    status, text = post(
        create_app(sandbox_config(), default_state_path(inbox)), "/x12", eligibility_request("NOBODY")
    )
    (response,) = parse(text)
    (sub,) = [level for level in response.all_levels() if level.level_code == "22"]
    assert status == 200
    assert [r.code for r in sub.rejections] == ["75"]


def test_276_reports_a_paid_claim_and_an_unknown_one(dirs: tuple[Path, Path]) -> None:
    inbox, outbox = dirs
    config = sandbox_config()
    drop(inbox, "b.x12", x837(claim("PCN1")))
    process_once(inbox, outbox, config)
    app_ = create_app(config, default_state_path(inbox))
    for pcn, expected in (("PCN1", ("F1", "65")), ("PCN404", ("D0", "35"))):
        _, text = post(app_, "/x12", status_request(pcn))
        (response,) = parse(text)
        (sub,) = [level for level in response.all_levels() if level.level_code == "22"]
        assert (sub.statuses[0].category, sub.statuses[0].code) == expected


def test_276_about_a_dependent_is_answered_on_the_dependent_level(dirs: tuple[Path, Path]) -> None:
    inbox, outbox = dirs
    config = sandbox_config()
    drop(inbox, "b.x12", x837(claim("PCN1")))
    process_once(inbox, outbox, config)
    _, text = post(
        create_app(config, default_state_path(inbox)), "/x12", status_request("PCN1", dependent=True)
    )
    (response,) = parse(text)
    (dependent,) = [level for level in response.all_levels() if level.level_code == "23"]
    assert (dependent.statuses[0].category, dependent.statuses[0].code) == ("F1", "65")
    assert dependent.reference("EJ") == "PCN1"


def test_real_time_endpoint_refuses_what_is_not_a_270_or_276(dirs: tuple[Path, Path]) -> None:
    inbox, _ = dirs
    status, _ = post(create_app(sandbox_config(), default_state_path(inbox)), "/x12", x837(claim("PCN1")))
    assert status == 400
