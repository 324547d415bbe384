"""Small helpers shared by the API tests."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from chibo.audit.models import AuditEntry
from chibo.config import Settings
from chibo.members.models import Member
from chibo.units.models import Unit


async def fetch_all(
    client: httpx.AsyncClient,
    url: str,
    headers: dict[str, str],
    params: dict[str, Any] | None = None,
    *,
    limit: int = 200,
) -> list[dict[str, Any]]:
    """Every item of a paginated list, following next_cursor to the end."""
    items: list[dict[str, Any]] = []
    cursor: str | None = None
    while True:
        query = {**(params or {}), "limit": limit}
        if cursor:
            query["cursor"] = cursor
        response = await client.get(url, headers=headers, params=query)
        assert response.status_code == 200, response.text
        body = response.json()
        items.extend(body["items"])
        cursor = body["next_cursor"]
        if cursor is None:
            return items


async def unit_id(session: AsyncSession, code: str) -> int:
    return (await session.scalars(select(Unit.id).where(Unit.code == code))).one()


async def member_named(session: AsyncSession, full_name: str) -> Member:
    return (await session.scalars(select(Member).where(Member.full_name == full_name))).one()


async def audit_count(session: AsyncSession) -> int:
    return len((await session.scalars(select(AuditEntry.id))).all())


def error_code(response: httpx.Response) -> str:
    code: str = response.json()["error"]["code"]
    return code


@contextmanager
def changed_settings(app: Any, **changes: Any) -> Iterator[Settings]:
    """The running app's settings with `changes`, for the length of the block."""
    previous: Settings = app.state.settings
    app.state.settings = previous.model_copy(update=changes)
    try:
        yield app.state.settings
    finally:
        app.state.settings = previous


@contextmanager
def frozen_clock() -> Iterator[None]:
    """`chibo.core.clock` stands still (travel still moves it): waits read to the second."""
    from chibo.core import clock

    with clock.stopped():
        yield


async def fresh_login(client: httpx.AsyncClient, username: str) -> dict[str, str]:
    """A new sign-in (the `login` fixture caches its tokens; after moving the clock far, a
    test needs a token issued at the moved time)."""
    from chibo.demo.seed import DEMO_PASSWORD

    response = await client.post(
        "/api/v1/auth/login", json={"username": username, "password": DEMO_PASSWORD}
    )
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}
