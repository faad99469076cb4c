from __future__ import annotations

import re
from datetime import timedelta

import pytest

from revcycle.kit.clock import clock
from revcycle.security.service.auth import SESSION_COOKIE
from tests.integration.security.factories import PASSWORD, make_user, totp_now


def _csrf(page) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)


def _sign_in(client, username: str, password: str = PASSWORD):
    token = _csrf(client.get("/sign-in"))
    return client.post(
        "/sign-in",
        data={"username": username, "password": password, "csrf_token": token},
        follow_redirects=False,
    )


@pytest.fixture
def frozen():
    clock.set(clock.now())
    yield clock
    clock.set(None)


def test_biller_signs_in_sees_home_and_sign_out_ends_the_session(client, database, practice_a):
    user = make_user(database, practice_a["id"], "biller").user
    response = _sign_in(client, user.username)
    assert response.status_code == 303 and response.headers["location"] == "/"
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie.replace("Strict", "strict")
    home = client.get("/")
    assert home.status_code == 200 and user.username in home.text and "Sign out" in home.text
    session = client.cookies.get("rc_session")
    out = client.post("/sign-out", data={"csrf_token": _csrf(home)}, follow_redirects=False)
    assert out.status_code == 303
    client.cookies.set("rc_session", session)
    assert client.get("/", follow_redirects=False).headers["location"] == "/sign-in"


def test_cookies_are_secure_over_tls(app, database, practice_a):
    from fastapi.testclient import TestClient

    user = make_user(database, practice_a["id"], "coder").user
    with TestClient(app, base_url="https://testserver") as tls:
        response = _sign_in(tls, user.username)
        assert "Secure" in response.headers["set-cookie"]
        assert "Strict-Transport-Security" in response.headers


def test_wrong_password_five_times_locks_the_account_and_is_audited(client, database, practice_a):
    user = make_user(database, practice_a["id"], "biller").user
    for _ in range(5):
        assert _sign_in(client, user.username, "wrong password!!").status_code == 401
    locked = _sign_in(client, user.username)
    assert locked.status_code == 401 and "locked" in locked.text
    from sqlalchemy import text

    with database.engine.connect() as conn:
        outcomes = [
            r[0] for r in conn.execute(text("SELECT outcome FROM audit_events WHERE action = 'sign_in'"))
        ]
    assert outcomes.count("failed") == 5 and outcomes[-1] == "denied"


def test_admin_needs_a_totp_code_before_any_page(client, database, practice_a):
    new = make_user(database, practice_a["id"], "admin")
    response = _sign_in(client, new.user.username)
    assert response.headers["location"] == "/sign-in/totp"
    assert client.get("/", follow_redirects=False).status_code == 303
    page = client.get("/sign-in/totp")
    wrong = client.post("/sign-in/totp", data={"code": "000000", "csrf_token": _csrf(page)})
    assert wrong.status_code == 401
    ok = client.post(
        "/sign-in/totp",
        data={"code": totp_now(new.totp_secret), "csrf_token": _csrf(page)},
        follow_redirects=False,
    )
    assert ok.status_code == 303 and client.get("/").status_code == 200


def test_the_session_cookie_changes_after_the_second_factor(client, database, practice_a):
    new = make_user(database, practice_a["id"], "supervisor")
    _sign_in(client, new.user.username)
    before = client.cookies.get(SESSION_COOKIE)
    page = client.get("/sign-in/totp")
    client.post(
        "/sign-in/totp",
        data={"code": totp_now(new.totp_secret), "csrf_token": _csrf(page)},
        follow_redirects=False,
    )
    after = client.cookies.get(SESSION_COOKIE)
    assert before and after and before != after
    client.cookies.clear()
    client.cookies.set(SESSION_COOKIE, before)
    assert client.get("/", follow_redirects=False).status_code == 303  # the old value is dead


def test_session_ends_after_15_idle_minutes_and_after_the_absolute_limit(
    client, database, practice_a, frozen
):
    user = make_user(database, practice_a["id"], "front_desk").user
    _sign_in(client, user.username)
    frozen.advance(timedelta(minutes=14))
    assert client.get("/").status_code == 200
    frozen.advance(timedelta(minutes=16))
    assert client.get("/", follow_redirects=False).status_code == 303
    _sign_in(client, user.username)
    for _ in range(12 * 4 + 1):
        frozen.advance(timedelta(minutes=14, seconds=59))
        last = client.get("/", follow_redirects=False)
    assert last.status_code == 303


def test_every_form_post_without_the_csrf_token_is_refused(client, app, database, practice_a):
    from revcycle.api.deps import route_permissions

    user = make_user(database, practice_a["id"], "biller").user
    _sign_in(client, user.username)
    posts = [
        path for (method, path) in route_permissions(app) if method == "POST" and not path.startswith("/api/")
    ]
    assert set(posts) >= {"/sign-in", "/sign-in/totp", "/sign-out"}
    for path in posts:
        assert client.post(path, data={"username": "x", "password": "y", "code": "1"}).status_code == 403, (
            path
        )
        assert client.post(path, data={"csrf_token": "forged"}).status_code == 403, path
    assert client.get("/").status_code == 200  # still signed in: sign-out without a token did nothing


def test_sign_in_is_rate_limited_per_user_name(client, database, practice_a, monkeypatch):
    monkeypatch.setenv("REVCYCLE_SIGN_IN_LIMIT_PER_USER", "3")
    from revcycle.security.views import reset_rate_limits

    reset_rate_limits()
    answers = [_sign_in(client, "nobody-here", "whatever password").status_code for _ in range(4)]
    assert answers == [401, 401, 401, 429]


def test_responses_carry_security_headers(client):
    response = client.get("/sign-in")
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["X-Request-Id"]
    assert "Strict-Transport-Security" not in response.headers  # plain http here
    assert '<label for="username">' in response.text and '<label for="password">' in response.text


def _one_time_user(database, practice_id: int, role: str = "biller"):
    from revcycle.security.service import users

    with database.transaction() as uow:
        name = f"otp-{role.replace('_', '-')}"
        return users.create_user(
            uow,
            username=name,
            role=role,
            practice_id=practice_id,
            password=PASSWORD,
            must_change_password=True,
        ).user


def _change(client, current: str, new: str):
    page = client.get("/change-password")
    assert page.status_code == 200 and "Choose your own password" in page.text
    return client.post(
        "/change-password",
        data={"current_password": current, "new_password": new, "csrf_token": _csrf(page)},
        follow_redirects=False,
    )


def test_a_one_time_password_leads_to_the_change_password_page_and_nothing_else(client, database, practice_a):
    user = _one_time_user(database, practice_a["id"])
    signed_in = _sign_in(client, user.username)
    assert signed_in.status_code == 303 and signed_in.headers["location"] == "/change-password"
    for page in ("/", "/patients"):
        response = client.get(page, follow_redirects=True)
        assert response.url.path == "/change-password", page
    assert client.get("/api/v1/me").status_code == 401  # the session opens no API either


def test_the_new_password_must_be_long_differ_from_the_old_and_follow_the_right_current_one(
    client, database, practice_a
):
    user = _one_time_user(database, practice_a["id"])
    _sign_in(client, user.username)
    assert _change(client, "not the password at all", "a brand new passphrase").status_code == 422
    assert _change(client, PASSWORD, "short").status_code == 422
    same = _change(client, PASSWORD, PASSWORD)
    assert same.status_code == 422 and "different" in same.text
    no_csrf = client.post(
        "/change-password", data={"current_password": PASSWORD, "new_password": "a brand new passphrase"}
    )
    assert no_csrf.status_code == 403
    assert client.get("/", follow_redirects=True).url.path == "/change-password"


def test_after_the_change_every_page_opens_and_the_new_password_signs_in(client, database, practice_a):
    user = _one_time_user(database, practice_a["id"])
    _sign_in(client, user.username)
    old_cookie = client.cookies.get(SESSION_COOKIE)
    changed = _change(client, PASSWORD, "a brand new passphrase")
    assert changed.status_code == 303 and changed.headers["location"] == "/"
    assert client.cookies.get(SESSION_COOKIE) != old_cookie
    assert client.get("/", follow_redirects=False).status_code == 200
    client.cookies.clear()
    assert _sign_in(client, user.username).status_code == 401
    assert _sign_in(client, user.username, "a brand new passphrase").headers["location"] == "/"


def test_an_admin_with_a_one_time_password_passes_totp_then_changes_it(client, database, practice_a):
    from revcycle.security.service import users

    user = _one_time_user(database, practice_a["id"], "admin")
    with database.uow() as uow:
        secret = users.totp_secret_of(users.get_user(uow, user.id))
    assert _sign_in(client, user.username).headers["location"] == "/sign-in/totp"
    page = client.get("/sign-in/totp")
    step = client.post(
        "/sign-in/totp",
        data={"code": totp_now(secret or ""), "csrf_token": _csrf(page)},
        follow_redirects=False,
    )
    assert step.headers["location"] == "/change-password"


def test_api_tokens_of_a_user_who_must_change_the_password_still_work(client, database, practice_a):
    from revcycle.security.service import tokens

    user = _one_time_user(database, practice_a["id"])
    with database.transaction() as uow:
        token = tokens.create_token(uow, user_id=user.id).token
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code == 200


def test_users_create_without_password_stdin_gives_a_one_time_password(database, practice_a, monkeypatch):
    import json

    from typer.testing import CliRunner

    from revcycle.cli import app as cli
    from revcycle.kit.settings import get_settings
    from revcycle.security.service import users

    monkeypatch.setenv("REVCYCLE_DATABASE_URL", database.url)
    get_settings.cache_clear()
    try:
        runner = CliRunner()
        made = runner.invoke(
            cli,
            [
                "users",
                "create",
                "dana.fields",
                "--role",
                "biller",
                "--practice",
                str(practice_a["id"]),
                "--json",
            ],
        )
        assert made.exit_code == 0, made.output
        one_time = json.loads(made.output)["one_time_password"]
        chosen = runner.invoke(
            cli,
            [
                "users",
                "create",
                "eli.fields",
                "--role",
                "coder",
                "--practice",
                str(practice_a["id"]),
                "--password-stdin",
            ],
            input="a password of my own\n",
        )
        assert chosen.exit_code == 0, chosen.output
    finally:
        get_settings.cache_clear()
    with database.uow() as uow:
        dana, eli = users.find_user(uow, "dana.fields"), users.find_user(uow, "eli.fields")
        assert dana.must_change_password and not eli.must_change_password
        assert users.check_password(uow, username="dana.fields", password=one_time)


def test_demo_users_get_one_time_passwords(database, practice_a, tmp_path):
    from revcycle.demo.users import load_demo_users
    from revcycle.security.service import users

    with database.transaction() as uow:
        loaded = load_demo_users(uow, practice_id=practice_a["id"], data_dir=tmp_path)
    assert loaded.created == 6 and "one-time password" in loaded.credentials.read_text()
    with database.uow() as uow:
        assert users.find_user(uow, "front.desk").must_change_password
