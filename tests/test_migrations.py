"""The migrations build the schema the models describe, on an empty database, and run down
to nothing and up again."""

import asyncio
from collections.abc import AsyncIterator

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection

from chibo.core.db import create_engine
from chibo.core.migrate import downgrade, upgrade
from chibo.models import Base
from tests.databases import create_throwaway_database, drop_throwaway_database


@pytest.fixture
async def empty_database() -> AsyncIterator[str]:
    url = await create_throwaway_database("chibo_migrations")
    try:
        yield url
    finally:
        await drop_throwaway_database(url)


def _differences(connection: Connection) -> list[object]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return list(compare_metadata(context, Base.metadata))


def _tables(connection: Connection) -> set[str]:
    return set(inspect(connection).get_table_names())


async def _inspect(url: str, fn):  # type: ignore[no-untyped-def]
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(fn)
    finally:
        await engine.dispose()


async def test_upgrade_matches_models_and_downgrade_round_trips(empty_database: str) -> None:
    await asyncio.to_thread(upgrade, empty_database)
    assert await _inspect(empty_database, _differences) == []
    tables = await _inspect(empty_database, _tables)
    assert set(Base.metadata.tables) <= tables

    await asyncio.to_thread(downgrade, empty_database, "base")
    assert await _inspect(empty_database, _tables) <= {"alembic_version"}

    await asyncio.to_thread(upgrade, empty_database)
    assert await _inspect(empty_database, _differences) == []


async def test_audit_log_refuses_updates_and_deletes(empty_database: str) -> None:
    await asyncio.to_thread(upgrade, empty_database)
    engine = create_engine(empty_database)
    try:
        async with engine.begin() as connection:
            await connection.execute(
                text(
                    "INSERT INTO audit_log (occurred_at, action, entity_type, entity_id) "
                    "VALUES (CURRENT_TIMESTAMP, 'test', 'x', '1')"
                )
            )
        for statement in ("UPDATE audit_log SET action = 'changed'", "DELETE FROM audit_log"):
            with pytest.raises(Exception, match="append-only"):
                async with engine.begin() as connection:
                    await connection.execute(text(statement))
        async with engine.connect() as connection:
            rows = (await connection.execute(text("SELECT action FROM audit_log"))).all()
        assert [r[0] for r in rows] == ["test"]
    finally:
        await engine.dispose()
