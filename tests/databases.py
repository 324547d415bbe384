"""Throwaway databases for tests: a temporary SQLite file, or a new database on the
PostgreSQL server at CHIBO_TEST_POSTGRES_URL, chosen by CHIBO_TEST_DATABASE."""

import asyncio
import os
import shutil
import tempfile
import uuid
from pathlib import Path

import pytest
from sqlalchemy import make_url

IN_CI = os.environ.get("CI", "").lower() == "true"
DATABASE_KIND = os.environ.get("CHIBO_TEST_DATABASE", "sqlite")
POSTGRES_ADMIN_URL = os.environ.get(
    "CHIBO_TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
)


def postgres_unavailable(reason: str) -> None:
    """Without PostgreSQL the PostgreSQL pass cannot run: fail in CI, skip elsewhere."""
    message = f"PostgreSQL is required for this run: {reason}"
    if IN_CI:
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


async def _pg_admin_execute(sql: str) -> None:
    import asyncpg

    url = make_url(POSTGRES_ADMIN_URL)
    conn = await asyncpg.connect(
        host=url.host,
        port=url.port or 5432,
        user=url.username,
        password=url.password,
        database=url.database,
        timeout=5,
    )
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


async def create_throwaway_database(prefix: str = "chibo_test") -> str:
    """A new, empty database URL of the kind under test."""
    if DATABASE_KIND == "postgresql":
        name = f"{prefix}_{os.getpid()}_{uuid.uuid4().hex[:8]}"
        try:
            await _pg_admin_execute(f'CREATE DATABASE "{name}"')
        except (TimeoutError, OSError) as exc:
            postgres_unavailable(str(exc))
        return make_url(POSTGRES_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    directory = Path(tempfile.mkdtemp(prefix=f"{prefix}_"))
    return f"sqlite+aiosqlite:///{directory / 'chibo.db'}"


def _remove_sqlite(path: str) -> None:
    shutil.rmtree(Path(path).parent, ignore_errors=True)


async def drop_throwaway_database(url: str) -> None:
    parsed = make_url(url)
    if parsed.get_backend_name() == "postgresql":
        await _pg_admin_execute(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)')
    elif parsed.database:
        await asyncio.to_thread(_remove_sqlite, parsed.database)
