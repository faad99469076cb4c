"""The claims and inbox commands on a demo database."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from revcycle.cli import app
from revcycle.kit.settings import get_settings
from tests.integration.claims.acks import ack_999
from tests.integration.claims.conftest import Demo


@pytest.fixture
def env(demo: Demo, tmp_path, monkeypatch):
    monkeypatch.setenv(
        "REVCYCLE_DATABASE_URL", str(demo.database.engine.url.render_as_string(hide_password=False))
    )
    monkeypatch.setenv("REVCYCLE_CLEARINGHOUSE_DIR", str(tmp_path / "ch"))
    get_settings.cache_clear()
    yield tmp_path / "ch"
    get_settings.cache_clear()


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout


def test_build_scrub_submit_show_and_inbox_from_the_command_line(env, demo: Demo):
    code, out = run("claims", "build", "--json")
    assert code == 0, out
    ids = [c["id"] for c in json.loads(out)]
    for cid in ids:
        code, out = run("claims", "scrub", str(cid), "--json")
        assert code == 0 and json.loads(out)["state"] == "ready", out
    code, out = run("claims", "submit", "--json")
    sent = json.loads(out)["sent"]
    assert code == 0 and sent and not json.loads(out)["failed"]
    (env / "inbox").mkdir(parents=True)
    for i, item in enumerate(sent):
        text = (env / "outbox" / item["file_name"]).read_text()
        (env / "inbox" / f"999_{i}.x12").write_text(ack_999(text, control=700 + i))
    code, out = run("inbox", "process", "--json")
    assert code == 0 and json.loads(out)["claims_updated"] == len(ids)
    code, out = run("claims", "show", str(ids[0]), "--json")
    shown = json.loads(out)
    assert shown["state"] == "acknowledged" and [h["event"] for h in shown["history"]][-1] == "ack_accepted"


def test_scrub_exits_1_and_lists_findings_when_errors_remain(env, demo: Demo):
    from revcycle.claims import service

    with demo.database.transaction() as uow:
        row = service.build_open_encounters(uow, practice_id=demo.practice_id)[0]
        service.set_payer_rules(
            uow,
            practice_id=demo.practice_id,
            payer_id=row.payer_id,
            rules={"required_fields": ["referral_number"]},
        )
    code, out = run("claims", "scrub", str(row.id), "--json")
    assert code == 1 and json.loads(out)["findings"][0]["rule_id"] == "PAYER-REQUIRED"


def test_follow_up_sends_276s_for_claims_with_no_answer(env, demo: Demo):
    from datetime import timedelta

    from revcycle.kit.clock import clock

    ids = [c["id"] for c in json.loads(run("claims", "build", "--json")[1])]
    for cid in ids:
        assert run("claims", "scrub", str(cid))[0] == 0
    assert run("claims", "submit")[0] == 0
    assert json.loads(run("claims", "follow-up", "--json")[1]) == {"files": [], "claims": []}
    with clock.frozen(clock.now() + timedelta(days=40)):
        code, out = run("claims", "follow-up", "--json")
    result = json.loads(out)
    assert code == 0 and sorted(result["claims"]) == sorted(ids)
    assert result["files"] and all((env / "outbox" / name).exists() for name in result["files"])
