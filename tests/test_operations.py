"""Health, readiness, request ids, error envelope, body size and malformed JSON; the audit
log's scope, filters and paging."""

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from chibo.audit.models import AuditEntry
from chibo.core.pagination import encode_cursor
from chibo.units.models import Unit
from tests.helpers import error_code, fetch_all


async def test_health_and_ready(client: httpx.AsyncClient) -> None:
    assert (await client.get("/healthz")).json() == {"status": "ok"}
    ready = await client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["database"] == "ok"


async def test_request_id_is_echoed_or_made(client: httpx.AsyncClient) -> None:
    given = await client.get("/healthz", headers={"X-Request-ID": "abc-123"})
    assert given.headers["x-request-id"] == "abc-123"
    made = await client.get("/healthz", headers={"X-Request-ID": "bad id with spaces"})
    assert made.headers["x-request-id"] != "bad id with spaces"
    assert len(made.headers["x-request-id"]) == 32


async def test_openapi_and_docs_are_served(client: httpx.AsyncClient) -> None:
    schema = (await client.get("/api/v1/openapi.json")).json()
    assert "/api/v1/members" in schema["paths"]
    assert (await client.get("/api/docs")).status_code == 200


async def test_unknown_route_uses_error_envelope(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v1/nope")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


async def test_malformed_json_is_400(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/api/v1/auth/login",
        content=b'{"username": "admin", "password": ',
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "malformed_json"


async def test_oversized_body_is_413(client: httpx.AsyncClient, login) -> None:
    headers = await login("bithu.noivu")
    body = json.dumps({"full_name": "x" * (3 * 1024 * 1024)})
    response = await client.post(
        "/api/v1/members", content=body, headers={**headers, "content-type": "application/json"}
    )
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "payload_too_large"


async def test_vietnamese_messages_on_request(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v1/members", headers={"Accept-Language": "vi-VN"})
    assert response.status_code == 401
    assert response.json()["error"]["message"] == "Vui lòng đăng nhập để tiếp tục."


def test_production_refuses_the_default_secret_key() -> None:
    import pytest
    from pydantic import ValidationError

    from chibo.config import Settings

    with pytest.raises(ValidationError, match="CHIBO_SECRET_KEY"):
        Settings(environment="production")
    with pytest.raises(ValidationError, match="32 characters"):
        Settings(environment="production", secret_key="short")
    assert Settings(environment="production", secret_key="x" * 40).environment == "production"


def test_json_logs_carry_the_request_id() -> None:
    import logging

    from chibo.core.context import request_id_var
    from chibo.core.logging import JSONFormatter

    record = logging.LogRecord("chibo.test", logging.INFO, __file__, 1, "hello %s", ("x",), None)
    record.path = "/api/v1/members"
    token = request_id_var.set("req-42")
    try:
        line = json.loads(JSONFormatter().format(record))
    finally:
        request_id_var.reset(token)
    assert line["message"] == "hello x"
    assert line["request_id"] == "req-42"
    assert line["path"] == "/api/v1/members"
    assert line["level"] == "INFO"


async def test_audit_is_scoped_and_committee_only(client: httpx.AsyncClient, login) -> None:
    # A write in Sở Tài chính is visible to the superior committee, not to Sở Nội vụ.
    taichinh = await login("bithu.taichinh")
    me = (await client.get("/api/v1/auth/me", headers=taichinh)).json()
    created = await client.post(
        "/api/v1/members",
        headers=taichinh,
        json={"unit_id": me["unit_id"], "full_name": "Nguyễn Văn Kiểm", "status": "official"},
    )
    assert created.status_code == 201
    params = {"entity_type": "members", "entity_id": str(created.json()["id"])}
    seen_by_khoi = await client.get("/api/v1/audit", headers=await login("khoi"), params=params)
    assert [e["action"] for e in seen_by_khoi.json()["items"]] == ["member.create"]
    hidden = await client.get("/api/v1/audit", headers=await login("dangbo.noivu"), params=params)
    assert hidden.json()["items"] == []
    refused = await client.get("/api/v1/audit", headers=taichinh)
    assert refused.status_code == 403


AUDIT = "/api/v1/audit"
_PROBE_START = datetime(2020, 3, 1, 1, 0, tzinfo=UTC)


async def _probe_entries(session: AsyncSession) -> list[AuditEntry]:
    """Entries of a record kind of their own, at known moments (two at the same instant, the
    later id first written), in Chi bộ Nội vụ and in Sở Tài chính."""
    paths = dict(
        (
            await session.execute(
                select(Unit.code, Unit.path).where(Unit.code.in_(["CB-NV", "CB-STC-VP"]))
            )
        ).all()
    )
    rows = [
        (2, "probe.create", "CB-NV"),
        (0, "probe.create", "CB-NV"),
        (1, "probe.update", "CB-STC-VP"),
        (3, "probe_other.create", "CB-NV"),
        (3, "probeaother.create", "CB-NV"),  # "_" is no wildcard in a prefix
        (5, "probe.delete", "CB-STC-VP"),
        (4, "probe.update", "CB-NV"),
    ]
    entries = [
        AuditEntry(
            occurred_at=_PROBE_START + timedelta(hours=hours),
            action=action,
            entity_type="audit_probe",
            entity_id=str(i),
            unit_path=paths[code],
        )
        for i, (hours, action, code) in enumerate(rows)
    ]
    session.add_all(entries)
    await session.flush()
    return entries


def _by_time(entries: list[AuditEntry]) -> list[int]:
    return [e.id for e in sorted(entries, key=lambda e: (e.occurred_at, e.id))]


async def test_audit_filters_by_action_and_period_newest_first_in_pages(
    client: httpx.AsyncClient, login, session: AsyncSession
) -> None:
    entries = await _probe_entries(session)
    admin = await login("admin")
    probe = {"entity_type": "audit_probe"}

    async def ids(headers: dict[str, str], limit: int = 2, **params: str) -> list[int]:
        found = await fetch_all(client, AUDIT, headers, {**probe, **params}, limit=limit)
        return [e["id"] for e in found]

    oldest_first = _by_time(entries)
    assert await ids(admin) == oldest_first  # ascending stays the default
    assert await ids(admin, order="asc", limit=3) == oldest_first
    assert await ids(admin, order="desc") == oldest_first[::-1]
    assert await ids(admin, order="desc", limit=200) == oldest_first[::-1]

    # Still the caller's subtree: Sở Nội vụ's committee sees its cell's entries only.
    inside = [e for e in entries if e.unit_path == entries[0].unit_path]
    noivu = await login("dangbo.noivu")
    assert await ids(noivu, order="desc") == _by_time(inside)[::-1]

    # An exact action, or every action of a group by its prefix.
    def matching(keep: Callable[[AuditEntry], bool]) -> list[int]:
        return _by_time([e for e in entries if keep(e)])[::-1]

    assert await ids(admin, order="desc", action="probe.update") == matching(
        lambda e: e.action == "probe.update"
    )
    assert await ids(admin, order="desc", action="probe.") == matching(
        lambda e: e.action.startswith("probe.")
    )
    assert await ids(admin, order="desc", action="probe_other.") == matching(
        lambda e: e.action == "probe_other.create"
    )
    assert await ids(admin, action="probe.nothing") == []

    # A period: from (inclusive) until (exclusive), in either order.
    since, until = _PROBE_START + timedelta(hours=1), _PROBE_START + timedelta(hours=4)
    window = matching(lambda e: since <= e.occurred_at < until)
    assert len(window) == 4
    period = {"since": since.isoformat(), "until": until.isoformat()}
    assert await ids(admin, order="desc", **period) == window
    assert await ids(admin, order="asc", limit=1, **period) == window[::-1]
    # The same moment written in Vietnam's time.
    vietnam = until.astimezone(timezone(timedelta(hours=7))).isoformat()
    assert await ids(admin, order="desc", until=vietnam) == matching(
        lambda e: e.occurred_at < until
    )

    # A real write comes first, newest first.
    await client.post("/api/v1/auth/logout", headers=admin)
    latest = (
        await client.get(AUDIT, headers=await login("khoi"), params={"order": "desc", "limit": 1})
    ).json()["items"]
    assert latest[0]["action"] in {"auth.login", "auth.logout"}


async def test_bad_audit_queries_are_422_or_400_in_the_error_envelope(
    client: httpx.AsyncClient, login, session: AsyncSession
) -> None:
    await _probe_entries(session)
    admin = await login("admin")
    for params in (
        {"order": "newest"},
        {"action": "meeting.."},
        {"action": "Meeting.%"},
        {"action": "x" * 65},
        {"since": "hôm qua"},
        {"until": "2026-11-01T00:00:00"},  # a moment needs its zone
        {"since": "2026-11-02T00:00:00Z", "until": "2026-11-01T00:00:00Z"},
        {"since": "2026-11-01T00:00:00Z", "until": "2026-11-01T00:00:00Z"},
        {"actor_user_id": "abc"},
    ):
        vi = await client.get(AUDIT, headers={**admin, "Accept-Language": "vi"}, params=params)
        assert vi.status_code == 422, (params, vi.text)
        error = vi.json()["error"]
        assert error["code"] in {"validation_error", "audit_period_empty"}
        en = await client.get(AUDIT, headers={**admin, "Accept-Language": "en"}, params=params)
        assert en.status_code == 422
        assert en.json()["error"]["code"] == error["code"]
        assert en.json()["error"]["message"] != error["message"]
    period = {"since": "2026-11-02T00:00:00Z", "until": "2026-11-01T00:00:00Z"}
    refused = await client.get(AUDIT, headers={**admin, "Accept-Language": "vi"}, params=period)
    assert refused.json()["error"]["message"] == "Thời điểm kết thúc phải sau thời điểm bắt đầu."
    missing_zone = await client.get(
        AUDIT, headers={**admin, "Accept-Language": "vi"}, params={"since": "2026-11-01T00:00"}
    )
    assert missing_zone.json()["error"]["message"] == "Một số trường dữ liệu không hợp lệ."

    # A cursor is for its own order, and a forged one is refused, never a server error.
    probe = {"entity_type": "audit_probe", "limit": 1}
    page = (await client.get(AUDIT, headers=admin, params={**probe, "order": "desc"})).json()
    assert page["next_cursor"]
    wrong_order = await client.get(
        AUDIT, headers=admin, params={**probe, "order": "asc", "cursor": page["next_cursor"]}
    )
    assert wrong_order.status_code == 400
    assert error_code(wrong_order) == "invalid_cursor"
    forged = [
        ["desc", {"$d": "2026-13-45T00:00"}, 1],
        ["desc", {"$d": 5}, 1],
        ["desc", {"$d": "2026-11-01T00:00:00"}, 1],  # no zone
        ["desc", {"$d": "2026-11-01T00:00:00+00:00"}, "1"],
        ["desc", "2026-11-01", 1],
        ["desc", 1],
    ]
    for values in [*forged, "not a cursor"]:
        cursor = values if isinstance(values, str) else encode_cursor(values)
        response = await client.get(
            AUDIT, headers=admin, params={**probe, "order": "desc", "cursor": cursor}
        )
        assert response.status_code == 400, (values, response.text)
        assert error_code(response) == "invalid_cursor"
