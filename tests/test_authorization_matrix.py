"""Every endpoint, every role, in and out of scope.

"In scope" objects belong to Chi bộ Nội vụ, which every demo role of Sở Nội vụ can see;
"out of scope" objects belong to Đảng bộ Sở Tài chính, which only `admin` and `khoi` can see.
Expected: outside the caller's scope, 404 (as if the object did not exist); in scope without
the right, 403; with the right, exactly the status the endpoint declares (its success status,
or the 409/422 of a business rule the request meets by design, with its code). Endpoints
gated by role answer 403 whatever the scope.
No existence oracle: every field of a body or query that names another object answers an id
outside the caller's scope exactly as an id that does not exist (status, code, message).
A test also checks that the matrix names every endpoint of the OpenAPI schema, with the
success status the schema documents.
The endpoints are declared by package in tests/matrix/.
"""

import importlib
import pkgutil
from dataclasses import replace
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

import tests.matrix
from tests.matrix import ALL, MISSING_ID, SEES_OUTSIDE, Endpoint, Foreign

MODULES = [
    importlib.import_module(f"tests.matrix.{m.name}")
    for m in pkgutil.iter_modules(tests.matrix.__path__)
]
ENDPOINTS: list[Endpoint] = [
    replace(e, fill={**getattr(module, "FILL", {}), **e.fill}, module=module.__name__)
    for module in MODULES
    for e in module.ENDPOINTS
]
FOUNDATION = "tests.matrix.foundation"


def _path(endpoint: Endpoint, targets: dict[str, Any]) -> str:
    return endpoint.path.format(
        **{**targets, **{key: targets[own] for key, own in endpoint.fill.items()}}
    )


async def _targets(session: AsyncSession, scope: str, endpoint: Endpoint) -> dict[str, Any]:
    """The foundation's objects, then those of the endpoint's own module (built on them)."""
    ids: dict[str, Any] = {}
    for module in MODULES:
        if module.__name__ == FOUNDATION:
            await module.targets(session, scope, ids)
    for module in MODULES:
        if module.__name__ == endpoint.module != FOUNDATION and hasattr(module, "targets"):
            await module.targets(session, scope, ids)
    await session.commit()  # releases the savepoint; the test's transaction still rolls back
    return ids


def _expected(endpoint: Endpoint, role: str, scope: str) -> str:
    for override_role, override_scope, expectation in endpoint.overrides:
        if (override_role, override_scope) == (role, scope):
            return expectation
    if endpoint.gated and role not in endpoint.allowed:
        return "forbidden"
    if scope == "out" and role not in SEES_OUTSIDE:
        return "hidden"
    return "allowed" if role in endpoint.allowed else "forbidden"


async def _send(
    client: httpx.AsyncClient,
    endpoint: Endpoint,
    path: str,
    targets: dict[str, Any],
    headers: dict[str, str],
    foreign: Foreign | None = None,
) -> httpx.Response:
    files = endpoint.files(targets)
    body = ((foreign and foreign.body) or endpoint.body)(targets)
    params = ((foreign and foreign.params) or endpoint.params)(targets)
    if files is not None:
        return await client.request(
            endpoint.method, path, headers=headers, files=files, data=body, params=params
        )
    return await client.request(endpoint.method, path, headers=headers, json=body, params=params)


CASES = [
    pytest.param(e, role, scope, id=f"{e.method} {e.path} {role} {scope}")
    for e in ENDPOINTS
    if not e.public
    for role in sorted(ALL)
    for scope in (("in", "out") if e.scoped else ("none",))
]


@pytest.mark.parametrize(("endpoint", "role", "scope"), CASES)
async def test_matrix(
    client: httpx.AsyncClient,
    session: AsyncSession,
    demo_headers: dict[str, dict[str, str]],
    endpoint: Endpoint,
    role: str,
    scope: str,
) -> None:
    targets = await _targets(session, "in" if scope == "none" else scope, endpoint)
    path = _path(endpoint, targets)
    response = await _send(client, endpoint, path, targets, demo_headers[role])
    expected = _expected(endpoint, role, scope)
    status = response.status_code
    if expected == "hidden":
        assert status == 404, response.text
        assert response.json()["error"]["code"].endswith("not_found")
    elif expected == "forbidden":
        assert status == 403, response.text
        assert response.json()["error"]["code"] == "forbidden"
    elif expected.startswith("forbidden:"):  # refused by a rule past the role: its own code
        assert status == 403, response.text
        assert response.json()["error"]["code"] == expected.removeprefix("forbidden:")
    else:
        status_expected, code = endpoint.expected(role, scope)
        assert status == status_expected, response.text
        if code is not None:
            assert response.json()["error"]["code"] == code, response.text


def _answer(response: httpx.Response) -> tuple[int, Any]:
    """What a caller learns: the status and the error's code and message (or the body)."""
    body = response.json() if response.content else None
    if response.status_code >= 400:
        error = body["error"]
        return response.status_code, (error["code"], error["message"])
    return response.status_code, body


# Each field naming another object, for each role that may send the request in scope
# (admin and khoi see everything: no id is outside their scope).
FOREIGN_CASES = [
    pytest.param(e, f, role, id=f"{e.method} {e.path} {f.field} {role}")
    for e in ENDPOINTS
    for f in e.foreign
    for role in sorted(ALL - SEES_OUTSIDE)
    if _expected(e, role, "in" if e.scoped else "none") == "allowed"
]


@pytest.mark.parametrize(("endpoint", "foreign", "role"), FOREIGN_CASES)
async def test_no_existence_oracle(
    client: httpx.AsyncClient,
    session: AsyncSession,
    demo_headers: dict[str, dict[str, str]],
    endpoint: Endpoint,
    foreign: Foreign,
    role: str,
) -> None:
    """The request on an object in scope, naming in `foreign.field` an object outside the
    caller's scope, answers as if that object did not exist."""
    outside = await _targets(session, "out", endpoint)
    targets = await _targets(session, "in", endpoint)
    path = _path(endpoint, targets)
    answers = []
    for value in (outside[foreign.key], MISSING_ID):
        sent = {**targets, foreign.key: value}
        response = await _send(client, endpoint, path, sent, demo_headers[role], foreign)
        answers.append(_answer(response))
    (status, answer), missing = answers
    assert (status, answer) == missing
    # The field is read: a list filtered by an unknown id is empty, anything else refused.
    if status < 300:
        assert endpoint.method == "GET" and answer["items"] == [], answer
    else:
        assert status in (403, 404, 409, 422) and answer[0] != "stale_version", answer


@pytest.mark.parametrize(
    "endpoint", [pytest.param(e, id=f"{e.method} {e.path}") for e in ENDPOINTS if not e.public]
)
async def test_anonymous_requests_are_refused(
    client: httpx.AsyncClient, session: AsyncSession, endpoint: Endpoint
) -> None:
    targets = await _targets(session, "in", endpoint)
    response = await _send(client, endpoint, _path(endpoint, targets), targets, {})
    assert response.status_code == 401
    assert response.headers["www-authenticate"].lower().startswith("bearer")


async def test_matrix_covers_every_endpoint(client: httpx.AsyncClient) -> None:
    schema = (await client.get("/api/v1/openapi.json")).json()
    documented = {
        (method.upper(), path)
        for path, operations in schema["paths"].items()
        if path.startswith("/api/v1/")
        for method in operations
    }
    assert documented == {(e.method, e.path) for e in ENDPOINTS}
    for e in ENDPOINTS:
        responses = schema["paths"][e.path][e.method.lower()]["responses"]
        assert [int(s) for s in responses if s.startswith("2")] == [e.success()], e.path
