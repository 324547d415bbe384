"""Signing in and out: tokens, rotation, reuse detection, lockout, password change."""

import base64
import json
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

import httpx
import pytest
from jose import jwt
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from chibo.audit.models import AuditEntry
from chibo.auth.models import AuthSession, RefreshToken, User
from chibo.core.clock import travel, utcnow
from chibo.core.security import digest_token
from chibo.demo.seed import DEMO_PASSWORD
from tests.helpers import changed_settings

LOGIN = "/api/v1/auth/login"
REFRESH = "/api/v1/auth/refresh"
LOGOUT = "/api/v1/auth/logout"
ME = "/api/v1/auth/me"
PASSWORD = "/api/v1/auth/password"

Login = Callable[..., Awaitable[dict[str, str]]]


async def sign_in(
    client: httpx.AsyncClient, username: str, password: str = DEMO_PASSWORD
) -> dict[str, Any]:
    response = await client.post(LOGIN, json={"username": username, "password": password})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def bearer(tokens: dict[str, Any]) -> dict[str, str]:
    return {"Authorization": f"Bearer {tokens['access_token']}"}


async def user_row(session: AsyncSession, username: str) -> User:
    user = await session.scalar(
        select(User).where(User.username == username).execution_options(populate_existing=True)
    )
    assert user is not None
    return user


async def me_status(client: httpx.AsyncClient, tokens: dict[str, Any]) -> int:
    return (await client.get(ME, headers=bearer(tokens))).status_code


# --- sign-in -------------------------------------------------------------------------------


async def test_login_returns_a_token_pair(client: httpx.AsyncClient, session: AsyncSession) -> None:
    tokens = await sign_in(client, "bithu.noivu")
    assert set(tokens) == {"access_token", "refresh_token", "token_type", "expires_in"}
    assert tokens["token_type"] == "bearer"
    assert tokens["expires_in"] == 15 * 60
    assert jwt.get_unverified_header(tokens["access_token"])["alg"] == "HS256"
    claims = jwt.get_unverified_claims(tokens["access_token"])
    user = await user_row(session, "bithu.noivu")
    assert claims["sub"] == str(user.id)
    assert claims["role"] == "cell_secretary"
    assert claims["unit"] == user.unit_id
    assert claims["exp"] - claims["iat"] == 15 * 60
    assert {"jti", "sid"} <= set(claims)
    # The refresh token is stored only as a digest, in the session the access token names.
    stored = await session.scalar(
        select(RefreshToken).where(RefreshToken.session_id == claims["sid"])
    )
    assert stored is not None
    assert stored.token_digest == digest_token(tokens["refresh_token"])
    assert tokens["refresh_token"] not in stored.token_digest
    assert user.last_login_at is not None


async def test_me_shows_the_account_without_secrets(
    client: httpx.AsyncClient, login: Login
) -> None:
    response = await client.get(ME, headers=await login("bithu.noivu"))
    assert response.status_code == 200
    body = response.json()
    assert body["username"] == "bithu.noivu"
    assert body["role"] == "cell_secretary"
    assert body["unit_name"] == "Chi bộ Nội vụ"
    assert body["member_id"] is not None
    assert body["active"] is True
    assert "password_hash" not in body
    assert "$argon2" not in response.text


async def test_usernames_are_case_insensitive(client: httpx.AsyncClient) -> None:
    tokens = await sign_in(client, "  BiThu.NoiVu ")
    assert (await client.get(ME, headers=bearer(tokens))).json()["username"] == "bithu.noivu"


async def test_unknown_and_known_users_get_the_same_answer(
    client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from chibo.core.security import verify_password as real_verify

    verified: list[str | None] = []

    def counting_verify(password_hash: str | None, password: str) -> bool:
        verified.append(password_hash)
        return real_verify(password_hash, password)

    monkeypatch.setattr("chibo.auth.service.verify_password", counting_verify)
    unknown = await client.post(LOGIN, json={"username": "nobody.here", "password": "x" * 10})
    wrong = await client.post(LOGIN, json={"username": "bithu.noivu", "password": "x" * 10})
    assert unknown.status_code == wrong.status_code == 401
    assert unknown.json() == wrong.json()
    assert unknown.json()["error"]["code"] == "invalid_credentials"
    assert unknown.headers["www-authenticate"] == "Bearer"
    # Both cost one Argon2 verification: the unknown user against a dummy hash.
    assert verified[0] is None
    assert verified[1] is not None and verified[1].startswith("$argon2")
    assert len(verified) == 2


async def test_error_message_follows_accept_language(client: httpx.AsyncClient) -> None:
    response = await client.post(
        LOGIN,
        json={"username": "bithu.noivu", "password": "wrong-password"},
        headers={"Accept-Language": "vi-VN,vi;q=0.9"},
    )
    assert response.json()["error"]["message"].startswith("Sai tên đăng nhập")


async def test_disabled_account_gets_the_generic_answer(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    user = await user_row(session, "bithu.luutru")
    user.active = False
    await session.flush()
    refused = await client.post(LOGIN, json={"username": "bithu.luutru", "password": DEMO_PASSWORD})
    unknown = await client.post(LOGIN, json={"username": "nobody", "password": DEMO_PASSWORD})
    assert refused.status_code == 401
    assert refused.json() == unknown.json()


# --- lockout -------------------------------------------------------------------------------


async def test_lockout_after_five_failures_then_expiry(
    client: httpx.AsyncClient, session: AsyncSession, app_server: tuple[Any, str]
) -> None:
    # From another address than the guesses (which has to wait: tests/test_login_throttle.py).
    with changed_settings(app_server[0], trusted_proxies="127.0.0.1"):
        for _ in range(5):
            response = await client.post(
                LOGIN,
                json={"username": "bithu.tongiao", "password": "wrong-password"},
                headers={"X-Forwarded-For": "198.51.100.66"},
            )
            assert response.status_code == 401
    generic = response.json()

    # Locked: even the right password is refused, with the very same answer.
    locked = await client.post(LOGIN, json={"username": "bithu.tongiao", "password": DEMO_PASSWORD})
    assert locked.status_code == 401
    assert locked.json() == generic

    # The failures were committed although each request answered 401.
    user = await user_row(session, "bithu.tongiao")
    assert user.failed_logins == 5
    assert user.locked_until is not None and user.locked_until > utcnow()
    actions = (
        await session.scalars(
            select(AuditEntry.action).where(
                AuditEntry.entity_type == "users", AuditEntry.entity_id == str(user.id)
            )
        )
    ).all()
    assert actions.count("auth.login_failed") == 6
    assert actions.count("auth.locked") == 1
    failures = (
        await session.scalars(
            select(AuditEntry.after).where(AuditEntry.action == "auth.login_failed")
        )
    ).all()
    assert all("wrong-password" not in json.dumps(after) for after in failures)

    with travel(timedelta(minutes=14)):
        still = await client.post(
            LOGIN, json={"username": "bithu.tongiao", "password": DEMO_PASSWORD}
        )
        assert still.status_code == 401
    with travel(timedelta(minutes=16)):
        tokens = await sign_in(client, "bithu.tongiao")
        assert await me_status(client, tokens) == 200
    user = await user_row(session, "bithu.tongiao")
    assert user.failed_logins == 0
    assert user.locked_until is None


async def test_success_resets_the_failure_count(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    for _ in range(2):
        for _ in range(4):
            wrong = await client.post(
                LOGIN, json={"username": "bithu.luutru", "password": "not-the-password"}
            )
            assert wrong.status_code == 401
        assert (await user_row(session, "bithu.luutru")).failed_logins == 4
        await sign_in(client, "bithu.luutru")
        assert (await user_row(session, "bithu.luutru")).failed_logins == 0


async def test_an_expired_lock_starts_the_count_again(
    client: httpx.AsyncClient, session: AsyncSession, app_server: tuple[Any, str]
) -> None:
    with changed_settings(app_server[0], trusted_proxies="127.0.0.1"):
        for _ in range(5):
            await client.post(
                LOGIN,
                json={"username": "bithu.luutru", "password": "nope-nope"},
                headers={"X-Forwarded-For": "198.51.100.66"},
            )
    with travel(timedelta(minutes=16)):
        # From another address: that one's failures after its first five no longer count.
        one_more = await client.post(
            LOGIN, json={"username": "bithu.luutru", "password": "nope-nope"}
        )
        assert one_more.status_code == 401
        user = await user_row(session, "bithu.luutru")
        assert user.failed_logins == 1
        assert user.locked_until is None
        await sign_in(client, "bithu.luutru")


async def test_lockout_is_configurable(
    client: httpx.AsyncClient, app_server: tuple[Any, str], session: AsyncSession
) -> None:
    app = app_server[0]
    default_settings = app.state.settings
    app.state.settings = default_settings.model_copy(
        update={"login_max_failures": 2, "login_lockout_minutes": 60}
    )
    try:
        for _ in range(2):
            await client.post(LOGIN, json={"username": "bithu.luutru", "password": "nope-nope"})
        locked = await client.post(
            LOGIN, json={"username": "bithu.luutru", "password": DEMO_PASSWORD}
        )
        assert locked.status_code == 401
        user = await user_row(session, "bithu.luutru")
        assert user.locked_until is not None
        assert user.locked_until - utcnow() > timedelta(minutes=59)
    finally:
        app.state.settings = default_settings


# --- refresh -------------------------------------------------------------------------------


async def test_refresh_rotates_the_pair(client: httpx.AsyncClient) -> None:
    first = await sign_in(client, "bithu.noivu")
    rotated = await client.post(REFRESH, json={"refresh_token": first["refresh_token"]})
    assert rotated.status_code == 200, rotated.text
    second = rotated.json()
    assert second["refresh_token"] != first["refresh_token"]
    assert second["access_token"] != first["access_token"]
    old_claims = jwt.get_unverified_claims(first["access_token"])
    new_claims = jwt.get_unverified_claims(second["access_token"])
    assert new_claims["sid"] == old_claims["sid"]  # same session (token family)
    assert await me_status(client, second) == 200

    # The new refresh token works in turn; the spent one is refused.
    third = await client.post(REFRESH, json={"refresh_token": second["refresh_token"]})
    assert third.status_code == 200
    spent = await client.post(REFRESH, json={"refresh_token": first["refresh_token"]})
    assert spent.status_code == 401
    assert spent.json()["error"]["code"] == "invalid_token"


async def test_reusing_a_spent_refresh_token_revokes_the_family(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    first = await sign_in(client, "bithu.noivu")
    other_session = await sign_in(client, "bithu.noivu")
    second = (await client.post(REFRESH, json={"refresh_token": first["refresh_token"]})).json()
    assert await me_status(client, second) == 200

    # An attacker (or the victim) presents the spent token: the whole family dies.
    reuse = await client.post(REFRESH, json={"refresh_token": first["refresh_token"]})
    assert reuse.status_code == 401
    assert reuse.json()["error"]["code"] == "invalid_token"
    rotated_in = await client.post(REFRESH, json={"refresh_token": second["refresh_token"]})
    assert rotated_in.status_code == 401
    assert await me_status(client, second) == 401
    assert await me_status(client, first) == 401

    # The revocation was committed, and other sessions of the account are untouched.
    sid = jwt.get_unverified_claims(first["access_token"])["sid"]
    revoked = await session.scalar(
        select(AuthSession).where(AuthSession.id == sid).execution_options(populate_existing=True)
    )
    assert revoked is not None and revoked.revoked_at is not None
    assert revoked.revoked_reason == "token_reuse"
    assert await me_status(client, other_session) == 200
    reuse_entries = (
        await session.scalars(select(AuditEntry).where(AuditEntry.action == "auth.refresh_reuse"))
    ).all()
    assert len(reuse_entries) == 1


async def test_unknown_or_expired_refresh_tokens_are_refused(client: httpx.AsyncClient) -> None:
    unknown = await client.post(REFRESH, json={"refresh_token": "not-a-token"})
    assert unknown.status_code == 401
    assert unknown.json()["error"]["code"] == "invalid_token"

    tokens = await sign_in(client, "bithu.noivu")
    with travel(timedelta(days=14, minutes=1)):
        expired = await client.post(REFRESH, json={"refresh_token": tokens["refresh_token"]})
        assert expired.status_code == 401
        assert expired.json()["error"]["code"] == "invalid_token"
    with travel(timedelta(days=13)):
        still_valid = await client.post(REFRESH, json={"refresh_token": tokens["refresh_token"]})
        assert still_valid.status_code == 200


async def test_refresh_refused_for_a_disabled_account(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    tokens = await sign_in(client, "bithu.luutru")
    user = await user_row(session, "bithu.luutru")
    user.active = False
    await session.flush()
    response = await client.post(REFRESH, json={"refresh_token": tokens["refresh_token"]})
    assert response.status_code == 401
    assert await me_status(client, tokens) == 401


# --- logout --------------------------------------------------------------------------------


async def test_logout_revokes_the_session(client: httpx.AsyncClient) -> None:
    tokens = await sign_in(client, "bithu.noivu")
    other = await sign_in(client, "bithu.noivu")
    assert (await client.post(LOGOUT, headers=bearer(tokens))).status_code == 204
    assert await me_status(client, tokens) == 401
    refused = await client.post(REFRESH, json={"refresh_token": tokens["refresh_token"]})
    assert refused.status_code == 401
    assert await me_status(client, other) == 200
    assert (await client.post(LOGOUT)).status_code == 401


# --- access tokens -------------------------------------------------------------------------


def _b64(data: dict[str, Any]) -> str:
    raw = json.dumps(data, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


async def test_forged_or_expired_access_tokens_are_refused(client: httpx.AsyncClient) -> None:
    tokens = await sign_in(client, "admin")
    claims = jwt.get_unverified_claims(tokens["access_token"])

    wrong_key = jwt.encode(claims, "not-the-server-secret", algorithm="HS256")
    alg_none = f"{_b64({'alg': 'none', 'typ': 'JWT'})}.{_b64(claims)}."
    hs512 = jwt.encode(claims, "chibo-development-secret-change-me", algorithm="HS512")
    for forged in (wrong_key, alg_none, hs512, "garbage", tokens["access_token"] + "x"):
        response = await client.get(ME, headers={"Authorization": f"Bearer {forged}"})
        assert response.status_code == 401, forged
        assert response.json()["error"]["code"] == "invalid_token"

    assert await me_status(client, tokens) == 200
    with travel(timedelta(minutes=14)):
        assert await me_status(client, tokens) == 200
    with travel(timedelta(minutes=15, seconds=1)):
        expired = await client.get(ME, headers=bearer(tokens))
        assert expired.status_code == 401
        assert expired.json()["error"]["code"] == "invalid_token"
    missing = await client.get(ME)
    assert missing.status_code == 401
    assert missing.json()["error"]["code"] == "unauthenticated"


# --- password change -----------------------------------------------------------------------


async def test_password_change_revokes_every_session(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    here = await sign_in(client, "dangvien.noivu")
    elsewhere = await sign_in(client, "dangvien.noivu")
    response = await client.post(
        PASSWORD,
        json={"current_password": DEMO_PASSWORD, "new_password": "Mat-khau-moi-2024"},
        headers=bearer(here),
    )
    assert response.status_code == 204, response.text
    for tokens in (here, elsewhere):
        assert await me_status(client, tokens) == 401
        refresh = await client.post(REFRESH, json={"refresh_token": tokens["refresh_token"]})
        assert refresh.status_code == 401
    old = await client.post(LOGIN, json={"username": "dangvien.noivu", "password": DEMO_PASSWORD})
    assert old.status_code == 401
    await sign_in(client, "dangvien.noivu", "Mat-khau-moi-2024")
    user = await user_row(session, "dangvien.noivu")
    assert user.password_changed_at is not None
    entry = await session.scalar(
        select(AuditEntry).where(AuditEntry.action == "auth.password_change")
    )
    assert entry is not None and entry.after is not None
    assert "password_hash" not in entry.after
    assert "Mat-khau-moi-2024" not in json.dumps(entry.after)


async def test_password_policy(client: httpx.AsyncClient, login: Login) -> None:
    headers = await login("dangvien.noivu")
    short = await client.post(
        PASSWORD,
        json={"current_password": DEMO_PASSWORD, "new_password": "short"},
        headers={**headers, "Accept-Language": "vi"},
    )
    assert short.status_code == 422
    error = short.json()["error"]
    assert error["code"] == "weak_password"
    assert "ít nhất 8 ký tự" in error["message"]
    assert error["details"]["reasons"] == ["too_short"]

    same = await client.post(
        PASSWORD,
        json={"current_password": DEMO_PASSWORD, "new_password": "DangVien.NoiVu"},
        headers=headers,
    )
    assert same.status_code == 422
    assert same.json()["error"]["code"] == "weak_password"
    assert "username" in same.json()["error"]["message"]
    # Nothing changed: the session still works and the old password too.
    assert (await client.get(ME, headers=headers)).status_code == 200


async def test_wrong_current_password_is_refused_and_counted(
    client: httpx.AsyncClient, login: Login, session: AsyncSession
) -> None:
    headers = await login("dangvien.noivu")
    response = await client.post(
        PASSWORD,
        json={"current_password": "guess-guess", "new_password": "Mat-khau-moi-2024"},
        headers=headers,
    )
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "wrong_password"
    assert (await user_row(session, "dangvien.noivu")).failed_logins == 1
    assert (await client.get(ME, headers=headers)).status_code == 200


async def test_outdated_hashes_are_upgraded_on_sign_in(
    client: httpx.AsyncClient, session: AsyncSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = await user_row(session, "bithu.noivu")
    old_hash, old_version = before.password_hash, before.version
    monkeypatch.setattr("chibo.auth.service.needs_rehash", lambda _hash: True)
    await sign_in(client, "bithu.noivu")
    after = await user_row(session, "bithu.noivu")
    assert after.password_hash != old_hash
    assert after.version == old_version  # bookkeeping, not an edit
    monkeypatch.undo()
    await sign_in(client, "bithu.noivu")
