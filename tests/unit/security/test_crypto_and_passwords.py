from __future__ import annotations

from datetime import timedelta

import pytest
from cryptography.exceptions import InvalidTag

from revcycle.kit.clock import clock
from revcycle.kit.crypto import KeyRing
from revcycle.security.service import passwords
from revcycle.security.service.rate_limit import RateLimiter


def test_aes_gcm_round_trip_with_versions_and_purpose_binding():
    ring = KeyRing.generate()
    old = ring.encrypt("XYZ123456789", purpose="coverages.member_id")
    ring.add_version()
    new = ring.encrypt("XYZ123456789", purpose="coverages.member_id")
    assert old.startswith("v1:") and new.startswith("v2:") and "XYZ" not in new
    assert ring.decrypt(old, purpose="coverages.member_id") == ring.decrypt(
        new, purpose="coverages.member_id"
    )
    with pytest.raises(InvalidTag):
        ring.decrypt(new, purpose="users.totp_secret")


def test_blind_index_matches_equal_values_only():
    ring = KeyRing.generate()
    assert ring.blind_index("xyz 123", purpose="p") == ring.blind_index("XYZ123", purpose="p")
    assert ring.blind_index("XYZ123", purpose="p") != ring.blind_index("XYZ124", purpose="p")
    assert ring.blind_index("XYZ123", purpose="p") != KeyRing.generate().blind_index("XYZ123", purpose="p")


def test_key_file_is_created_once_with_owner_only_permissions(tmp_path):
    path = tmp_path / "keys.json"
    ring = KeyRing.load_or_create(path)
    assert path.stat().st_mode & 0o777 == 0o600
    assert KeyRing.load_or_create(path).encryption_keys == ring.encryption_keys


def test_default_password_hashing_is_argon2id_with_sound_parameters(monkeypatch):
    monkeypatch.setenv("REVCYCLE_PASSWORD_HASHING", "standard")
    hasher = passwords.hasher()
    assert hasher.type.name == "ID" and hasher.memory_cost >= 64 * 1024 and hasher.time_cost >= 3


def test_fast_hashing_is_still_argon2id_and_verifies(monkeypatch):
    monkeypatch.setenv("REVCYCLE_PASSWORD_HASHING", "fast")
    stored = passwords.hash_password("correct horse battery staple")
    assert stored.startswith("$argon2id$")
    assert passwords.verify_password(stored, "correct horse battery staple")
    assert not passwords.verify_password(stored, "wrong")


def test_totp_accepts_the_current_code_only():
    import pyotp

    secret = passwords.new_totp_secret()
    assert passwords.verify_totp(secret, pyotp.TOTP(secret).now())
    assert not passwords.verify_totp(secret, "000000") or pyotp.TOTP(secret).now() == "000000"


def test_rate_limiter_refuses_over_the_limit_and_forgets_after_the_window():
    clock.set(clock.now())
    try:
        limiter = RateLimiter(2, timedelta(minutes=1))
        assert [limiter.hit("ip"), limiter.hit("ip"), limiter.hit("ip")] == [True, True, False]
        assert limiter.hit("other")
        clock.advance(timedelta(seconds=61))
        assert limiter.hit("ip")
    finally:
        clock.set(None)
