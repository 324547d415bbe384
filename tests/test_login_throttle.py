"""Rate limits on signing in, token refresh and password change (chibo.auth.throttle).

Clients are told apart by address: the tests name the running server's own loopback address as a
trusted proxy (`CHIBO_TRUSTED_PROXIES`) and say who the client is in X-Forwarded-For, as a
reverse proxy would. Waits are worked out by hand from the rules: after the limit-th failure the
key waits the first wait, and each further failure doubles it.
"""

import asyncio
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from starlette.requests import Request

from chibo.app import create_app
from chibo.audit.models import AuditEntry
from chibo.auth.models import AuthThrottle, User
from chibo.auth.throttle import Key, Scope, Throttle
from chibo.config import Settings
from chibo.core.client_address import client_address
from chibo.core.clock import travel, utcnow
from chibo.demo.seed import DEMO_PASSWORD
from tests.helpers import changed_settings, frozen_clock

LOGIN = "/api/v1/auth/login"
REFRESH = "/api/v1/auth/refresh"
PASSWORD = "/api/v1/auth/password"
ME = "/api/v1/auth/me"

ATTACKER = "198.51.100.66"
REAL_USER = "203.0.113.20"
VICTIM = "bithu.tongiao"


@pytest.fixture(autouse=True)
def _still_clock() -> Iterator[None]:
    """Waits are read to the second: the clock stands still but for `travel`."""
    with frozen_clock():
        yield


@pytest.fixture
def app(app_server: tuple[Any, str]) -> Iterator[Any]:
    """The running app, trusting its loopback peer (the tests) as a reverse proxy."""
    with changed_settings(app_server[0], trusted_proxies="127.0.0.1"):
        yield app_server[0]


def at(address: str, **headers: str) -> dict[str, str]:
    return {"X-Forwarded-For": address, **headers}


async def login(
    client: httpx.AsyncClient, address: str, username: str, password: str = DEMO_PASSWORD
) -> httpx.Response:
    return await client.post(
        LOGIN,
        json={"username": username, "password": password},
        headers=at(address, **{"Accept-Language": "vi"}),
    )


async def user_row(session: AsyncSession, username: str) -> User:
    user = await session.scalar(
        select(User).where(User.username == username).execution_options(populate_existing=True)
    )
    assert user is not None
    return user


async def audit_total(session: AsyncSession) -> int:
    return (await session.scalar(select(func.count()).select_from(AuditEntry))) or 0


def assert_too_many(response: httpx.Response, seconds: int, vi_wait: str) -> None:
    assert response.status_code == 429, response.text
    assert response.headers["retry-after"] == str(seconds)
    error = response.json()["error"]
    assert error["code"] == "too_many_attempts"
    assert error["details"] == {"retry_after": seconds}
    assert error["message"] == f"Bạn đã thử quá nhiều lần. Vui lòng thử lại sau {vi_wait}."


# --- by address ----------------------------------------------------------------------------


async def test_an_address_waits_after_its_failures_and_longer_each_time(
    client: httpx.AsyncClient, app: Any, session: AsyncSession
) -> None:
    with changed_settings(app, login_address_max_failures=3):
        # Three failures, whatever the usernames (known or not): the third starts a 1 min wait.
        for username in ("bithu.noivu", "nobody.here", "dangvien.noivu"):
            assert (await login(client, ATTACKER, username, "wrong-guess")).status_code == 401
        before = await audit_total(session)
        # Refused before any password is checked, even the right one; nothing is written.
        assert_too_many(await login(client, ATTACKER, "bithu.noivu"), 60, "1 phút")
        assert await audit_total(session) == before
        # Another address is not concerned.
        assert (await login(client, REAL_USER, "bithu.noivu")).status_code == 200

        with travel(timedelta(seconds=30)):
            assert_too_many(await login(client, ATTACKER, "bithu.noivu"), 30, "30 giây")
        with travel(timedelta(seconds=61)):
            # The 4th failure: 2 minutes; refused attempts in between did not count.
            assert (await login(client, ATTACKER, "admin", "wrong-guess")).status_code == 401
            assert_too_many(await login(client, ATTACKER, "admin"), 120, "2 phút")
        with travel(timedelta(seconds=61 + 121)):
            assert (await login(client, ATTACKER, "admin", "wrong-guess")).status_code == 401
            assert_too_many(await login(client, ATTACKER, "admin"), 240, "4 phút")
        with travel(timedelta(seconds=61 + 121 + 241)):
            # A right password goes through; it does not wipe the address's record (a NAT
            # shares it), so the next failure waits 8 minutes.
            assert (await login(client, ATTACKER, "admin")).status_code == 200
            assert (await login(client, ATTACKER, "admin", "wrong-guess")).status_code == 401
            assert_too_many(await login(client, ATTACKER, "admin"), 480, "8 phút")
        # An hour without failures after the last wait: forgotten.
        with travel(timedelta(seconds=61 + 121 + 241 + 481, hours=1)):
            assert (await login(client, ATTACKER, "admin", "wrong-guess")).status_code == 401
            assert (await login(client, ATTACKER, "admin")).status_code == 200


async def test_english_message_and_retry_after(client: httpx.AsyncClient, app: Any) -> None:
    with changed_settings(app, login_address_max_failures=1):
        await login(client, ATTACKER, "nobody.here", "wrong-guess")
        response = await client.post(
            LOGIN, json={"username": "admin", "password": DEMO_PASSWORD}, headers=at(ATTACKER)
        )
    assert response.status_code == 429
    assert response.headers["retry-after"] == "60"
    assert response.json()["error"]["message"] == "Too many attempts. Try again in 1 minutes."


# --- by address and username; the account lock -----------------------------------------------


async def test_a_stranger_cannot_keep_an_account_locked(
    client: httpx.AsyncClient, app: Any, session: AsyncSession
) -> None:
    # Defaults: 5 failures lock the account for 15 minutes, and make the pair wait 15 minutes.
    for _ in range(5):
        assert (await login(client, ATTACKER, VICTIM, "guess-guess")).status_code == 401
    user = await user_row(session, VICTIM)
    assert user.failed_logins == 5
    locked_until = user.locked_until
    assert locked_until is not None
    assert_too_many(await login(client, ATTACKER, VICTIM, "guess-guess"), 900, "15 phút")
    # The real user, elsewhere: the account is locked (the generic answer).
    locked = await login(client, REAL_USER, VICTIM)
    assert locked.status_code == 401
    assert locked.json()["error"]["code"] == "invalid_credentials"

    # The attack goes on at every chance it gets; its failures no longer count on the account.
    elapsed = timedelta(minutes=15, seconds=1)
    for wait_minutes in (30, 60, 120):
        with travel(elapsed):
            counted = (await user_row(session, VICTIM)).failed_logins
            assert (await login(client, ATTACKER, VICTIM, "guess-guess")).status_code == 401
            assert_too_many(
                await login(client, ATTACKER, VICTIM, "guess-guess"),
                wait_minutes * 60,
                f"{wait_minutes} phút",
            )
            # Not counted on the account, whose lock has run out and is not renewed.
            user = await user_row(session, VICTIM)
            assert user.failed_logins == counted
            assert user.locked_until in (None, locked_until)
            assert locked_until < utcnow()
            # The real user signs in while the attack goes on.
            assert (await login(client, REAL_USER, VICTIM)).status_code == 200
        elapsed += timedelta(minutes=wait_minutes, seconds=1)

    reasons = (
        await session.scalars(
            select(AuditEntry.after)
            .where(AuditEntry.action == "auth.login_failed", AuditEntry.entity_id == str(user.id))
            .order_by(AuditEntry.id)
        )
    ).all()
    assert [r["reason"] for r in reasons if r] == ["wrong_password"] * 5 + ["locked"] + [
        "wrong_password_address_throttled"
    ] * 3


async def test_failures_spread_over_addresses_still_lock_the_account(
    client: httpx.AsyncClient, app: Any, session: AsyncSession
) -> None:
    for n in range(1, 6):
        response = await login(client, f"192.0.2.{n}", VICTIM, "guess-guess")
        assert response.status_code == 401
    user = await user_row(session, VICTIM)
    assert user.locked_until is not None and user.locked_until > utcnow()
    # No address has reached a limit: the lock is the account's own.
    assert (await login(client, "192.0.2.77", VICTIM)).status_code == 401


async def test_unknown_usernames_wait_alike(client: httpx.AsyncClient, app: Any) -> None:
    answers = []
    for username in (VICTIM, "nobody.here"):
        for _ in range(5):
            assert (await login(client, ATTACKER, username, "guess-guess")).status_code == 401
        answers.append(await login(client, ATTACKER, username, "guess-guess"))
    assert answers[0].json() == answers[1].json()
    assert answers[0].headers["retry-after"] == answers[1].headers["retry-after"] == "900"
    # The pair waits, not the address: another username from it is still heard.
    assert (await login(client, ATTACKER, "bithu.noivu")).status_code == 200


async def test_the_right_password_on_a_locked_account_counts_like_a_wrong_one(
    client: httpx.AsyncClient, app: Any
) -> None:
    """Else the moment the wait begins would tell which guess was right."""
    for n in range(1, 6):
        await login(client, f"192.0.2.{n}", VICTIM, "guess-guess")  # locked, by five addresses
    answers = [
        (await login(client, ATTACKER, VICTIM, password)).status_code
        for password in ("guess-1", "guess-2", DEMO_PASSWORD, "guess-4", "guess-5", "guess-6")
    ]
    assert answers == [401, 401, 401, 401, 401, 429]


async def test_the_right_password_forgets_the_pair(client: httpx.AsyncClient, app: Any) -> None:
    for _ in range(2):
        for _ in range(4):
            assert (await login(client, REAL_USER, VICTIM, "typo-typo")).status_code == 401
        assert (await login(client, REAL_USER, VICTIM)).status_code == 200
    # 8 failures in all, never 5 in a row: no wait.
    assert (await login(client, REAL_USER, VICTIM, "typo-typo")).status_code == 401


async def test_an_unlock_forgets_the_pairs_too(
    client: httpx.AsyncClient, app: Any, session: AsyncSession
) -> None:
    """The user locked themselves out from their own phone and asks the committee."""
    for _ in range(5):
        await login(client, REAL_USER, VICTIM, "typo-typo")
    assert (await login(client, REAL_USER, VICTIM)).status_code == 429
    committee = (await login(client, "192.0.2.9", "dangbo.noivu")).json()["access_token"]
    target = (await user_row(session, VICTIM)).id
    unlocked = await client.post(
        f"/api/v1/users/{target}/unlock", headers={"Authorization": f"Bearer {committee}"}
    )
    assert unlocked.status_code == 200
    assert (await login(client, REAL_USER, VICTIM)).status_code == 200


# --- refresh -------------------------------------------------------------------------------


async def test_refresh_guesses_are_limited_by_address(client: httpx.AsyncClient, app: Any) -> None:
    tokens = (await login(client, REAL_USER, "bithu.noivu")).json()
    with changed_settings(app, login_address_max_failures=3):
        for n in range(3):
            guess = await client.post(
                REFRESH, json={"refresh_token": f"guess-{n}"}, headers=at(ATTACKER)
            )
            assert guess.status_code == 401
        # Even a real token is refused from the waiting address, and not spent.
        refused = await client.post(
            REFRESH,
            json={"refresh_token": tokens["refresh_token"]},
            headers=at(ATTACKER, **{"Accept-Language": "vi"}),
        )
        assert_too_many(refused, 60, "1 phút")
        fine = await client.post(
            REFRESH, json={"refresh_token": tokens["refresh_token"]}, headers=at(REAL_USER)
        )
        assert fine.status_code == 200


async def test_real_tokens_that_expired_are_not_guesses(
    client: httpx.AsyncClient, app: Any
) -> None:
    tokens = (await login(client, REAL_USER, "bithu.noivu")).json()
    with (
        changed_settings(app, login_address_max_failures=2),
        travel(timedelta(days=15)),
    ):
        for _ in range(4):
            expired = await client.post(
                REFRESH, json={"refresh_token": tokens["refresh_token"]}, headers=at(REAL_USER)
            )
            assert expired.status_code == 401
            assert expired.json()["error"]["code"] == "invalid_token"


# --- password change -----------------------------------------------------------------------


async def test_password_change_guesses_are_limited(
    client: httpx.AsyncClient, app: Any, session: AsyncSession
) -> None:
    token = (await login(client, REAL_USER, "dangvien.noivu")).json()["access_token"]
    auth = {"Authorization": f"Bearer {token}"}
    body = {"current_password": "guess-guess", "new_password": "Mat-khau-moi-2024"}
    with changed_settings(app, login_address_user_max_failures=2):
        for _ in range(2):
            wrong = await client.post(PASSWORD, json=body, headers={**auth, **at(ATTACKER)})
            assert wrong.status_code == 422
            assert wrong.json()["error"]["code"] == "wrong_password"
        refused = await client.post(
            PASSWORD, json=body, headers={**auth, **at(ATTACKER, **{"Accept-Language": "vi"})}
        )
        assert_too_many(refused, 900, "15 phút")
        assert (await user_row(session, "dangvien.noivu")).failed_logins == 2
        # From another address, the right current password changes it.
        done = await client.post(
            PASSWORD,
            json={**body, "current_password": DEMO_PASSWORD},
            headers={**auth, **at(REAL_USER)},
        )
        assert done.status_code == 204


async def test_a_locked_account_says_how_long_on_password_change(
    client: httpx.AsyncClient, app: Any
) -> None:
    token = (await login(client, REAL_USER, "dangvien.noivu")).json()["access_token"]
    auth = {"Authorization": f"Bearer {token}"}
    for n in range(5):
        await login(client, f"192.0.2.{n + 1}", "dangvien.noivu", "guess-guess")
    with travel(timedelta(minutes=5)):
        response = await client.post(
            PASSWORD,
            json={"current_password": DEMO_PASSWORD, "new_password": "Mat-khau-moi-2024"},
            headers={**auth, **at(REAL_USER)},
        )
    assert response.status_code == 429
    assert response.json()["error"]["code"] == "account_locked"
    assert response.headers["retry-after"] == "600"


# --- the client's address ------------------------------------------------------------------


def _request(peer: str, *forwarded: str) -> Request:
    headers = [(b"x-forwarded-for", value.encode()) for value in forwarded]
    return Request({"type": "http", "headers": headers, "client": (peer, 5000)})


def test_forwarded_for_is_believed_only_from_trusted_proxies() -> None:
    none = Settings(environment="test")
    proxies = Settings(environment="test", trusted_proxies="10.0.0.1, 172.16.0.0/12")
    assert client_address(_request("203.0.113.9", "1.2.3.4"), none) == "203.0.113.9"
    assert client_address(_request("203.0.113.9", "1.2.3.4"), proxies) == "203.0.113.9"
    assert client_address(_request("10.0.0.1", "1.2.3.4"), proxies) == "1.2.3.4"
    # What the client wrote itself (left of the first untrusted hop) is not believed.
    assert client_address(_request("10.0.0.1", "6.6.6.6, 1.2.3.4"), proxies) == "1.2.3.4"
    assert client_address(_request("10.0.0.1", "6.6.6.6", "1.2.3.4, 172.20.0.5"), proxies) == (
        "1.2.3.4"
    )
    assert client_address(_request("10.0.0.1", "1.2.3.4, not-an-ip"), proxies) == "10.0.0.1"
    assert client_address(_request("10.0.0.1"), proxies) == "10.0.0.1"
    # IPv6 clients count by their /64; IPv4 in IPv6 as IPv4.
    assert client_address(_request("2001:db8:1:2:aaaa::1"), none) == "2001:db8:1:2::/64"
    assert client_address(_request("::ffff:203.0.113.9"), none) == "203.0.113.9"


def test_malformed_trusted_proxies_are_refused() -> None:
    with pytest.raises(ValueError, match="does not appear to be an IPv4 or IPv6"):
        Settings(environment="test", trusted_proxies="10.0.0.1, proxy.example")


async def test_spoofed_forwarded_for_does_not_help_without_trusted_proxies(
    app_server: tuple[Any, str], sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    """In process (no uvicorn in front), from one peer that names itself differently each time."""
    app = app_server[0]
    app.state.sessionmaker = sessionmaker
    transport = httpx.ASGITransport(app=app, client=("192.0.2.200", 40000))
    with changed_settings(app, login_address_max_failures=2):
        async with httpx.AsyncClient(transport=transport, base_url="http://chibo") as http:
            statuses = [
                (
                    await http.post(
                        LOGIN,
                        json={"username": "nobody.here", "password": "guess-guess"},
                        headers={"X-Forwarded-For": f"10.1.1.{n}"},
                    )
                ).status_code
                for n in range(3)
            ]
    assert statuses == [401, 401, 429]


# --- several workers -----------------------------------------------------------------------


async def test_the_limit_holds_in_another_worker(
    client: httpx.AsyncClient,
    app: Any,
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    """A second app (another worker's) over the same database sees the first one's counts."""
    other = create_app(settings.model_copy(update={"trusted_proxies": "192.0.2.250"}))
    other.state.sessionmaker = sessionmaker
    transport = httpx.ASGITransport(app=other, client=("192.0.2.250", 40000))
    for _ in range(5):
        assert (await login(client, ATTACKER, VICTIM, "guess-guess")).status_code == 401
    async with httpx.AsyncClient(transport=transport, base_url="http://chibo") as http:
        response = await http.post(
            LOGIN,
            json={"username": VICTIM, "password": "guess-guess"},
            headers=at(ATTACKER),
        )
    assert response.status_code == 429
    assert response.headers["retry-after"] == "900"


async def test_concurrent_failures_are_all_counted(engine: AsyncEngine, settings: Settings) -> None:
    """Committed in separate transactions at once, as workers would; each sees its own count."""
    key = Key(Scope.address, "192.0.2.123")
    makers = async_sessionmaker(engine, expire_on_commit=False)

    async def one_failure() -> int:
        async with makers() as session:
            counted = await Throttle(session, settings).fail(key)
            await session.commit()
            return counted.failures

    try:
        counts = await asyncio.gather(*(one_failure() for _ in range(12)))
        assert sorted(counts) == list(range(1, 13))
    finally:
        async with makers() as session:
            await Throttle(session, settings).forget(key)
            await session.commit()


async def test_old_rows_are_pruned(session: AsyncSession, settings: Settings) -> None:
    throttle = Throttle(session, settings)
    await throttle.fail(Key(Scope.address, "192.0.2.1"))
    await throttle.fail(Key(Scope.address_user, "192.0.2.1", VICTIM))
    with travel(timedelta(hours=1, seconds=1)):
        # A new key's first failure prunes what has been quiet for its memory period.
        await throttle.fail(Key(Scope.refresh_address, "192.0.2.2"))
        scopes = (await session.scalars(select(AuthThrottle.scope))).all()
    assert sorted(scopes) == ["address_user", "refresh_address"]
    with travel(timedelta(days=1, seconds=2)):
        await throttle.fail(Key(Scope.address, "192.0.2.3"))
        scopes = (await session.scalars(select(AuthThrottle.scope))).all()
    assert scopes == ["address"]
