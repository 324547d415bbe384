"""Every setting in the README's settings table does what the table says.

Each test changes one setting (or a pair that goes together) and looks for its effect: over
HTTP on the running app (whose settings are read per request), on an app built with the
setting, or through the `chibo` command for what only the command reads.
"""

import logging
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from jose import jwt
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from chibo import cli
from chibo.app import create_app
from chibo.auth.models import AuthSession, RefreshToken, User
from chibo.config import DEFAULT_SECRET_KEY, Settings, get_settings
from chibo.core import clock
from chibo.core.clock import today, utcnow
from chibo.core.logging import JSONFormatter, configure_logging
from chibo.demo.seed import DEMO_PASSWORD
from chibo.members.models import Member, MemberStatus
from tests.helpers import changed_settings, frozen_clock, unit_id

LOGIN = "/api/v1/auth/login"
README = Path(__file__).resolve().parents[1] / "README.md"


def readme_settings() -> set[str]:
    table = README.read_text().split("## Settings", 1)[1].split("\n## ", 1)[0]
    return {line.split("`")[1] for line in table.splitlines() if line.startswith("| `CHIBO_")}


TESTED = {
    "CHIBO_ENVIRONMENT",
    "CHIBO_DATABASE_URL",
    "CHIBO_DATABASE_POOL_SIZE",
    "CHIBO_DATABASE_ECHO",
    "CHIBO_SECRET_KEY",
    "CHIBO_ACCESS_TOKEN_MINUTES",
    "CHIBO_REFRESH_TOKEN_DAYS",
    "CHIBO_LOGIN_MAX_FAILURES",
    "CHIBO_LOGIN_LOCKOUT_MINUTES",
    "CHIBO_LOGIN_ADDRESS_MAX_FAILURES",
    "CHIBO_LOGIN_ADDRESS_USER_MAX_FAILURES",
    "CHIBO_TRUSTED_PROXIES",
    "CHIBO_MAX_BODY_BYTES",
    "CHIBO_PAGE_LIMIT_DEFAULT",
    "CHIBO_PAGE_LIMIT_MAX",
    "CHIBO_MIN_OFFICIAL_MEMBERS_PER_CELL",
    "CHIBO_PROBATION_MONTHS",
    "CHIBO_HOST",
    "CHIBO_PORT",
    "CHIBO_WORKERS",
    "CHIBO_LOG_LEVEL",
    "CHIBO_LOG_JSON",
    "CHIBO_CLOCK_START",
    "CHIBO_OFFICIAL_PROPOSAL_WORKING_DAYS",
}


def test_every_setting_in_the_readme_is_tested_here_and_exists() -> None:
    assert readme_settings() == TESTED
    fields = {f"CHIBO_{name.upper()}" for name in Settings.model_fields}
    assert fields >= TESTED


@pytest.fixture(autouse=True)
def _still_clock() -> Iterator[None]:
    """Waits are read to the second: the clock stands still but for `travel`."""
    with frozen_clock():
        yield


@pytest.fixture
def app(app_server: tuple[Any, str]) -> Any:
    return app_server[0]


async def sign_in(client: httpx.AsyncClient, username: str, **headers: str) -> dict[str, Any]:
    response = await client.post(
        LOGIN, json={"username": username, "password": DEMO_PASSWORD}, headers=headers
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def bearer(tokens: dict[str, Any]) -> dict[str, str]:
    return {"Authorization": f"Bearer {tokens['access_token']}"}


# --- environment, database ------------------------------------------------------------------


def test_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ValueError, match="CHIBO_SECRET_KEY"):
        Settings(environment="production")
    assert Settings(environment="development").secret_key == DEFAULT_SECRET_KEY
    production = Settings(environment="production", secret_key="k" * 40)
    monkeypatch.setattr(cli, "get_settings", lambda: production)
    assert cli.main(["seed-demo"]) == cli.EXIT_REFUSED


async def started(settings: Settings) -> tuple[Any, Any]:
    app = create_app(settings)
    context = app.router.lifespan_context(app)
    await context.__aenter__()
    return app, context


async def test_database_url_echo_and_pool_size(settings: Settings, is_postgres: bool) -> None:
    custom = settings.model_copy(update={"database_pool_size": 3, "database_echo": True})
    app, context = await started(custom)
    try:
        engine = app.state.engine
        assert engine.url.render_as_string(hide_password=False) == settings.database_url
        assert engine.echo is True
        if is_postgres:
            assert engine.pool.size() == 3
            assert engine.pool._max_overflow == 3  # "as many again may overflow"
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://chibo") as http:
            assert (await http.get("/readyz")).json() == {"status": "ok", "database": "ok"}
    finally:
        await context.__aexit__(None, None, None)

    quiet, quiet_context = await started(settings.model_copy(update={"database_pool_size": 7}))
    try:
        assert quiet.state.engine.echo is False
        if is_postgres:
            assert quiet.state.engine.pool.size() == 7
    finally:
        await quiet_context.__aexit__(None, None, None)


# --- tokens and sign-in ---------------------------------------------------------------------


async def test_secret_key_and_token_lifetimes(
    client: httpx.AsyncClient, app: Any, session: AsyncSession
) -> None:
    secret = "s" * 48
    with changed_settings(app, secret_key=secret, access_token_minutes=5, refresh_token_days=2):
        tokens = await sign_in(client, "bithu.noivu")
        assert tokens["expires_in"] == 5 * 60
        # exp is ours to check (the suite's clock is pinned away from the wall clock)
        claims = jwt.decode(
            tokens["access_token"], secret, algorithms=["HS256"], options={"verify_exp": False}
        )
        assert claims["exp"] - claims["iat"] == 5 * 60
        with pytest.raises(jwt.JWTError):
            jwt.decode(
                tokens["access_token"],
                DEFAULT_SECRET_KEY,
                algorithms=["HS256"],
                options={"verify_exp": False},
            )
        assert (await client.get("/api/v1/auth/me", headers=bearer(tokens))).status_code == 200
        stored = await session.scalar(
            select(RefreshToken)
            .join(AuthSession, AuthSession.id == RefreshToken.session_id)
            .where(AuthSession.id == claims["sid"])
        )
        assert stored is not None
        assert stored.expires_at - stored.issued_at == timedelta(days=2)
    # Signed with another key than the server's now: refused.
    assert (await client.get("/api/v1/auth/me", headers=bearer(tokens))).status_code == 401


async def test_login_max_failures_and_lockout_minutes(
    client: httpx.AsyncClient, app: Any, session: AsyncSession
) -> None:
    with changed_settings(app, login_max_failures=2, login_lockout_minutes=3):
        for _ in range(2):
            wrong = await client.post(
                LOGIN, json={"username": "bithu.luutru", "password": "nope-nope"}
            )
            assert wrong.status_code == 401
    user = await session.scalar(
        select(User)
        .where(User.username == "bithu.luutru")
        .execution_options(populate_existing=True)
    )
    assert user is not None and user.failed_logins == 2 and user.locked_until is not None
    assert timedelta(minutes=2, seconds=55) < user.locked_until - utcnow() <= timedelta(minutes=3)


async def test_address_limits_and_trusted_proxies(client: httpx.AsyncClient, app: Any) -> None:
    body = {"username": "nobody.here", "password": "nope-nope"}
    with changed_settings(
        app,
        trusted_proxies="127.0.0.1",
        login_address_max_failures=2,
        login_address_user_max_failures=1,
    ):
        # One failure for a username from an address: that pair waits (15 minutes).
        first = await client.post(LOGIN, json=body, headers={"X-Forwarded-For": "192.0.2.1"})
        assert first.status_code == 401
        again = await client.post(LOGIN, json=body, headers={"X-Forwarded-For": "192.0.2.1"})
        assert again.status_code == 429 and again.headers["retry-after"] == "900"
        # Two failures from an address, whatever the usernames: the address waits (1 minute).
        other = {**body, "username": "nobody.else"}
        await client.post(LOGIN, json=other, headers={"X-Forwarded-For": "192.0.2.1"})
        blocked = await client.post(
            LOGIN,
            json={"username": "admin", "password": DEMO_PASSWORD},
            headers={"X-Forwarded-For": "192.0.2.1"},
        )
        assert blocked.status_code == 429 and blocked.headers["retry-after"] == "60"
        # The proxy named the client: another one is not concerned.
        await sign_in(client, "admin", **{"X-Forwarded-For": "192.0.2.2"})


# --- requests and lists -----------------------------------------------------------------------


async def test_max_body_bytes(settings: Settings, sessionmaker: Any) -> None:
    app = create_app(settings.model_copy(update={"max_body_bytes": 100}))
    app.state.sessionmaker = sessionmaker
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://chibo") as http:
        small = await http.post(LOGIN, json={"username": "x" * 20, "password": "y"})
        assert small.status_code == 401
        large = await http.post(LOGIN, json={"username": "x" * 120, "password": "y"})
        assert large.status_code == 413
        assert large.json()["error"]["code"] == "payload_too_large"


# Every list endpoint (the OpenAPI operations that take `limit`), the account that reads it, and
# whether the demo surely has two items there.
LISTS: dict[str, tuple[str, bool]] = {
    "/api/v1/users": ("admin", True),
    "/api/v1/units": ("admin", True),
    "/api/v1/members": ("dangbo.noivu", True),
    "/api/v1/meetings": ("dangbo.noivu", True),
    "/api/v1/ratings": ("dangbo.noivu", True),
    "/api/v1/audit": ("admin", True),
    "/api/v1/units/{unit_id}/tasks": ("dangbo.noivu", True),
    "/api/v1/units/{unit_id}/inspections": ("dangbo.noivu", False),
    "/api/v1/units/{unit_id}/annual-reviews/{year}": ("dangbo.noivu", False),
    "/api/v1/members/{member_id}/speeches": ("dangbo.noivu", False),
}


async def test_page_limits_apply_to_every_list(
    client: httpx.AsyncClient, app: Any, session: AsyncSession
) -> None:
    schema = app.openapi()
    with_limit = {
        path
        for path, operations in schema["paths"].items()
        for operation in operations.values()
        if any(p["name"] == "limit" for p in operation.get("parameters", []))
    }
    assert with_limit == set(LISTS)

    member = await session.scalar(
        select(Member.id)
        .join(User, User.member_id == Member.id)
        .where(User.username == "dangvien.noivu")
    )
    values = {
        "unit_id": str(await unit_id(session, "DB-SNV")),
        "year": str(today().year - 1),
        "member_id": str(member),
    }
    headers = {name: bearer(await sign_in(client, name)) for name in ("admin", "dangbo.noivu")}
    with changed_settings(app, page_limit_default=1, page_limit_max=3):
        for template, (username, has_two) in LISTS.items():
            url = template.format(**values)
            default = await client.get(url, headers=headers[username])
            assert default.status_code == 200, (url, default.text)
            items = default.json()["items"]
            assert len(items) <= 1, url
            if has_two:
                assert len(items) == 1 and default.json()["next_cursor"], url
            most = await client.get(url, params={"limit": 3}, headers=headers[username])
            assert most.status_code == 200, url
            if has_two:
                assert len(most.json()["items"]) >= 2, url
            over = await client.get(url, params={"limit": 4}, headers=headers[username])
            assert over.status_code == 422, url
            assert over.json()["error"]["code"] == "validation_error"
            assert over.json()["error"]["details"][0]["loc"] == ["query", "limit"]
    # Back to the defaults: 50 by default, 200 at most.
    members = await client.get("/api/v1/members", headers=headers["dangbo.noivu"])
    assert len(members.json()["items"]) == 50 and members.json()["next_cursor"]
    assert (
        await client.get("/api/v1/members", params={"limit": 200}, headers=headers["admin"])
    ).status_code == 200
    assert (
        await client.get("/api/v1/members", params={"limit": 201}, headers=headers["admin"])
    ).status_code == 422


def test_page_limit_default_cannot_exceed_the_max() -> None:
    with pytest.raises(ValueError, match="CHIBO_PAGE_LIMIT_DEFAULT"):
        Settings(environment="test", page_limit_default=300, page_limit_max=200)


# --- rules ----------------------------------------------------------------------------------


async def test_min_official_members_per_cell(client: httpx.AsyncClient, app: Any) -> None:
    headers = bearer(await sign_in(client, "dangbo.noivu"))
    url = "/api/v1/units/alerts/understaffed"
    with changed_settings(app, min_official_members_per_cell=1000):
        flagged = (await client.get(url, headers=headers)).json()
    # All four cells of Sở Nội vụ have fewer than 1000 official members, none fewer than 1.
    assert len(flagged) == 4
    assert {row["required"] for row in flagged} == {1000}
    with changed_settings(app, min_official_members_per_cell=1):
        assert (await client.get(url, headers=headers)).json() == []


def _months_later(day: date, months: int) -> date:
    month = day.month - 1 + months
    return date(day.year + month // 12, month % 12 + 1, day.day)


async def test_probation_months(client: httpx.AsyncClient, app: Any, session: AsyncSession) -> None:
    headers = bearer(await sign_in(client, "dangbo.noivu"))
    url = "/api/v1/members/alerts/probation-due"
    due = (await client.get(url, headers=headers)).json()
    assert len(due) == 1
    member = await session.get(Member, due[0]["member"]["id"])
    assert member is not None and member.admission_date is not None
    assert member.status is MemberStatus.probationary
    assert due[0]["due_on"] == _months_later(member.admission_date, 12).isoformat()
    with changed_settings(app, probation_months=600):
        assert (await client.get(url, headers=headers)).json() == []
    with changed_settings(app, probation_months=1):
        early = (await client.get(url, headers=headers)).json()
    by_id = {row["member"]["id"]: row for row in early}
    assert by_id[member.id]["due_on"] == _months_later(member.admission_date, 1).isoformat()


async def test_official_proposal_working_days(client: httpx.AsyncClient, app: Any) -> None:
    headers = bearer(await sign_in(client, "dangbo.noivu"))
    url = "/api/v1/members/alerts/probation-due"
    with changed_settings(app, official_proposal_working_days=1):
        [one] = (await client.get(url, headers=headers)).json()
    with changed_settings(app, official_proposal_working_days=30):
        [thirty] = (await client.get(url, headers=headers)).json()
    due = date.fromisoformat(one["due_on"])
    first, last = date.fromisoformat(one["deadline"]), date.fromisoformat(thirty["deadline"])
    # One working day: the first working day after the 12 months (a weekend or a holiday
    # between at most).
    assert due < first <= due + timedelta(days=5) and first.weekday() < 5
    # 29 more working days span at least 39 calendar days (from a Monday: 4 days to Friday,
    # then five whole weeks), whatever the weekday.
    assert (last - first).days >= 39 and last.weekday() < 5


def test_clock_start(settings: Settings) -> None:
    """The app built with CHIBO_CLOCK_START runs on that day (a demo or e2e server)."""
    before = clock.offset()
    try:
        create_app(
            settings.model_copy(update={"clock_start": datetime(2028, 2, 29, 2, tzinfo=UTC)})
        )
        assert clock.today() == date(2028, 2, 29)
    finally:
        clock._offset = before
    assert clock.today() != date(2028, 2, 29)


# --- the chibo command: host, port, workers, logs ------------------------------------------------


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Any]]:
    """`chibo serve` without serving: what it hands to uvicorn and to the log setup."""
    import uvicorn

    import chibo.core.logging

    calls: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kwargs: calls.update(app=app, **kwargs))
    monkeypatch.setattr(
        chibo.core.logging,
        "configure_logging",
        lambda level, *, json_output: calls.update(logging_level=level, json_output=json_output),
    )
    get_settings.cache_clear()
    yield calls
    get_settings.cache_clear()


def test_host_port_workers_and_log_settings(
    served: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CHIBO_HOST", "0.0.0.0")
    monkeypatch.setenv("CHIBO_PORT", "8123")
    monkeypatch.setenv("CHIBO_WORKERS", "4")
    monkeypatch.setenv("CHIBO_LOG_LEVEL", "WARNING")
    monkeypatch.setenv("CHIBO_LOG_JSON", "false")
    assert cli.main(["serve"]) == cli.EXIT_OK
    assert served["host"] == "0.0.0.0"
    assert served["port"] == 8123
    assert served["workers"] == 4
    assert served["logging_level"] == "WARNING"
    assert served["log_level"] == "warning"  # uvicorn's own lines
    assert served["json_output"] is False
    # The app reads X-Forwarded-For itself, from CHIBO_TRUSTED_PROXIES only.
    assert served["proxy_headers"] is False


def test_serve_defaults(served: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HOST", "PORT", "WORKERS", "LOG_LEVEL", "LOG_JSON"):
        monkeypatch.delenv(f"CHIBO_{name}", raising=False)
    monkeypatch.chdir(Path(__file__).parent)  # no .env here
    assert cli.main(["serve"]) == cli.EXIT_OK
    assert (served["host"], served["port"], served["workers"]) == ("127.0.0.1", 8000, 1)
    assert (served["logging_level"], served["json_output"]) == ("INFO", True)


@pytest.fixture
def root_logger() -> Iterator[logging.Logger]:
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield root
    root.handlers[:] = handlers
    root.setLevel(level)


def test_log_level_and_json_take_effect(root_logger: logging.Logger) -> None:
    configure_logging("WARNING", json_output=False)
    assert root_logger.level == logging.WARNING
    assert not isinstance(root_logger.handlers[0].formatter, JSONFormatter)
    configure_logging("DEBUG", json_output=True)
    assert root_logger.level == logging.DEBUG
    assert isinstance(root_logger.handlers[0].formatter, JSONFormatter)
