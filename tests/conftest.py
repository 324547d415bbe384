"""Test harness: real databases, real HTTP.

The suite runs on the database named by CHIBO_TEST_DATABASE (`sqlite`, the default, or
`postgresql`). Once per session it creates a throwaway database (for PostgreSQL, a new database
on the server at CHIBO_TEST_POSTGRES_URL, dropped at the end), migrates it with Alembic, loads
the demo data and starts the app in uvicorn on a free loopback port. Each test then runs inside
one outer transaction that is rolled back at the end: the app's commits only release savepoints.
"""

import asyncio
import socket
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession, async_sessionmaker

from chibo.app import create_app
from chibo.config import Settings
from chibo.core import clock
from chibo.core.clock import vietnam_moment
from chibo.core.db import create_engine
from chibo.core.migrate import upgrade
from chibo.demo.seed import DEMO_ACCOUNTS, DEMO_PASSWORD, seed_demo
from chibo.documents.storage import LocalFileStore
from tests.databases import DATABASE_KIND, create_throwaway_database, drop_throwaway_database
from tests.days import ANCHOR_DAYS, SUITE_START


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked postgres_only exercise what only PostgreSQL has (row locks between two
    writers, LISTEN/NOTIFY across processes); they belong to the PostgreSQL pass alone."""
    if DATABASE_KIND == "postgresql":
        return
    selected = [i for i in items if i.get_closest_marker("postgres_only") is None]
    deselected = [i for i in items if i.get_closest_marker("postgres_only") is not None]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = selected


@pytest.fixture(scope="session")
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="session")
async def database_url() -> AsyncIterator[str]:
    url = await create_throwaway_database()
    try:
        await asyncio.to_thread(upgrade, url)
        yield url
    finally:
        await drop_throwaway_database(url)


@pytest.fixture(scope="session")
def file_store_path(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The session's own file store: uploads and the demo's documents stay out of var/.
    Set in the environment too, so that settings made inside tests name the same store."""
    path = tmp_path_factory.mktemp("files")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CHIBO_FILE_STORE_PATH", str(path))
        yield path


@pytest.fixture(scope="session")
async def engine(database_url: str, file_store_path: Path) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(database_url)
    async with (
        engine.begin() as connection,
        AsyncSession(bind=connection, expire_on_commit=False) as session,
    ):
        await seed_demo(session, store=LocalFileStore(file_store_path))
        await session.flush()
    yield engine
    await engine.dispose()


@pytest.fixture(scope="session")
def settings(database_url: str, file_store_path: Path) -> Settings:
    return Settings(
        environment="test",
        database_url=database_url,
        log_json=False,
        file_store_path=file_store_path,
    )


@pytest.fixture(scope="session")
async def app_server(settings: Settings, engine: AsyncEngine) -> AsyncIterator[tuple[Any, str]]:
    """The real app behind uvicorn on a loopback port, in the tests' own event loop."""
    app = create_app(settings)
    app.state.engine = engine
    app.state.sessionmaker = async_sessionmaker(engine, expire_on_commit=False)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    config = uvicorn.Config(
        app, host="127.0.0.1", port=port, log_level="warning", lifespan="on", proxy_headers=False
    )
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    while not server.started:
        if task.done():
            task.result()
        await asyncio.sleep(0.01)
    yield app, f"http://127.0.0.1:{port}"
    server.should_exit = True
    await task


@pytest.fixture
async def db_connection(engine: AsyncEngine) -> AsyncIterator[AsyncConnection]:
    """One outer transaction per test, rolled back at its end."""
    async with engine.connect() as connection:
        transaction = await connection.begin()
        try:
            yield connection
        finally:
            await transaction.rollback()


@pytest.fixture
def sessionmaker(db_connection: AsyncConnection) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(
        bind=db_connection,
        expire_on_commit=False,
        autoflush=False,  # as in production (chibo.core.db.create_sessionmaker)
        join_transaction_mode="create_savepoint",
    )


@pytest.fixture
async def session(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> AsyncIterator[AsyncSession]:
    """A session for arranging and checking data directly, inside the test's transaction."""
    async with sessionmaker() as session:
        yield session


@pytest.fixture
async def client(
    app_server: tuple[Any, str], sessionmaker: async_sessionmaker[AsyncSession]
) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client of the running server, whose requests share the test's transaction."""
    app, base_url = app_server
    app.state.sessionmaker = sessionmaker
    async with httpx.AsyncClient(base_url=base_url, timeout=30) as http:
        yield http


Headers = dict[str, str]


@pytest.fixture
def login(client: httpx.AsyncClient) -> Callable[..., Awaitable[Headers]]:
    """`await login("bithu.noivu")` -> Authorization headers for that demo account."""
    cache: dict[str, Headers] = {}

    async def _login(username: str, password: str = DEMO_PASSWORD) -> Headers:
        if username not in cache:
            response = await client.post(
                "/api/v1/auth/login", json={"username": username, "password": password}
            )
            assert response.status_code == 200, response.text
            cache[username] = {"Authorization": f"Bearer {response.json()['access_token']}"}
        return cache[username]

    return _login


@pytest.fixture(scope="session")
async def demo_headers(app_server: tuple[Any, str], engine: AsyncEngine) -> dict[str, Headers]:
    """Authorization headers of every demo account, from logins committed once per session
    (for the many requests of the authorization matrix)."""
    app, base_url = app_server
    app.state.sessionmaker = async_sessionmaker(engine, expire_on_commit=False)
    headers: dict[str, Headers] = {}
    async with httpx.AsyncClient(base_url=base_url, timeout=30) as http:
        for username in DEMO_ACCOUNTS:
            response = await http.post(
                "/api/v1/auth/login", json={"username": username, "password": DEMO_PASSWORD}
            )
            assert response.status_code == 200, response.text
            headers[username] = {"Authorization": f"Bearer {response.json()['access_token']}"}
    return headers


@pytest.fixture(scope="session")
async def anchor_database_url(suite_clock: timedelta) -> AsyncIterator[str]:
    """A second throwaway database, migrated once, that the demo is loaded into for each
    anchor day in turn (each load rolled back)."""
    url = await create_throwaway_database("chibo_anchor")
    try:
        await asyncio.to_thread(upgrade, url)
        yield url
    finally:
        await drop_throwaway_database(url)


@dataclass(frozen=True)
class AnchoredDemo:
    day: date
    connection: AsyncConnection


def anchor_moment(day: date) -> datetime:
    """The clock's reading while the demo anchored on `day` is loaded and checked."""
    return vietnam_moment(day, time(10, 0))


@pytest.fixture(scope="session", params=ANCHOR_DAYS, ids=date.isoformat)
async def anchored_demo(
    request: pytest.FixtureRequest, anchor_database_url: str, file_store_path: Path
) -> AsyncIterator[AnchoredDemo]:
    """The demo loaded as if on an anchor day, in a transaction rolled back after the tests
    of that day (pytest groups them). The migrated schema is shared by every day."""
    day: date = request.param
    engine = create_engine(anchor_database_url)
    try:
        async with engine.connect() as connection:
            transaction = await connection.begin()
            try:
                with clock.pinned(anchor_moment(day)):
                    async with AsyncSession(bind=connection, expire_on_commit=False) as session:
                        store = LocalFileStore(file_store_path / f"anchor-{day.isoformat()}")
                        assert await seed_demo(session, today=day, store=store)
                        await session.flush()
                yield AnchoredDemo(day, connection)
            finally:
                await transaction.rollback()
    finally:
        await engine.dispose()


@pytest.fixture
async def demo_session(anchored_demo: AnchoredDemo) -> AsyncIterator[AsyncSession]:
    """A session on the demo loaded on one of the anchor days, with the clock on that day;
    what a test writes is rolled back after it."""
    with clock.pinned(anchor_moment(anchored_demo.day)):
        async with AsyncSession(
            bind=anchored_demo.connection,
            expire_on_commit=False,
            autoflush=False,
            join_transaction_mode="create_savepoint",
        ) as session:
            yield session


@pytest.fixture
def is_postgres(database_url: str) -> bool:
    return database_url.startswith("postgresql")


@pytest.fixture(scope="session", autouse=True)
def suite_clock() -> Iterator[timedelta]:
    """The whole session runs on SUITE_DAY (tests/days.py), whatever the wall clock says; the
    demo is loaded on that day too. Yields the clock's offset, which tests must leave as is."""
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("CHIBO_CLOCK_START", raising=False)  # the app would pin its own
        with clock.pinned(SUITE_START):
            yield clock.offset()


@pytest.fixture(autouse=True)
def _no_clock_leak(suite_clock: timedelta) -> Iterator[None]:
    yield
    assert clock.offset() == suite_clock, "a test left the clock moved"
