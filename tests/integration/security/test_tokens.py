from __future__ import annotations

from datetime import timedelta

from typer.testing import CliRunner

from revcycle.cli import app as cli
from revcycle.kit.clock import clock


def test_expired_and_scoped_tokens(client, headers_for):
    scoped = headers_for("biller", scopes=["patients:read"])
    assert client.get("/api/v1/patients", headers=scoped).status_code == 200
    assert client.get("/api/v1/payers", headers=scoped).status_code == 403
    short = headers_for("biller", expires_days=1)
    clock.set(clock.now() + timedelta(days=2))
    try:
        assert client.get("/api/v1/patients", headers=short).status_code == 401
    finally:
        clock.set(None)
    assert client.get("/api/v1/patients", headers={"Authorization": "Bearer rc_nonsense"}).status_code == 401
    assert client.get("/api/v1/patients", headers={"Authorization": "Basic abc"}).status_code == 401


def test_cli_creates_a_user_and_a_token_that_the_api_accepts(client, database, practice_a, monkeypatch):
    monkeypatch.setenv("REVCYCLE_DATABASE_URL", database.url)
    from revcycle.kit import settings

    settings.get_settings.cache_clear()
    try:
        runner = CliRunner()
        created = runner.invoke(
            cli,
            [
                "users",
                "create",
                "maya.okafor",
                "--role",
                "biller",
                "--practice",
                str(practice_a["id"]),
                "--password-stdin",
            ],
            input="a long enough passphrase\n",
        )
        assert created.exit_code == 0, created.output
        shared = runner.invoke(
            cli,
            [
                "users",
                "create",
                "shared",
                "--role",
                "biller",
                "--practice",
                str(practice_a["id"]),
                "--password-stdin",
            ],
            input="a long enough passphrase\n",
        )
        assert shared.exit_code == 1
        token = runner.invoke(cli, ["tokens", "create", "--user", "maya.okafor", "--expires-days", "30"])
        assert token.exit_code == 0, token.output
        secret = token.stdout.strip().splitlines()[0]
        me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"})
        assert me.status_code == 200 and me.json()["username"] == "maya.okafor"
        from sqlalchemy import text

        with database.engine.connect() as conn:
            stored = conn.execute(text("SELECT token_hash FROM api_tokens")).scalars().all()
        assert secret not in stored
    finally:
        settings.get_settings.cache_clear()
