"""Health, readiness, request ids, error envelope, body size and malformed JSON."""

import json

import httpx


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
