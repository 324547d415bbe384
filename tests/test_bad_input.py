"""Bad input across list endpoints is a clear 4xx with a stable code, never a 500: forged
pagination cursors and times without a time zone."""

import base64
import json

import httpx
import pytest

API = "/api/v1"
Headers = dict[str, str]


def _cursor(values: object) -> str:
    raw = json.dumps(values, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


FORGED = [
    "not-base64-!!",
    _cursor({"a": 1}),
    _cursor([1]),
    _cursor([{"$d": 5}, 1]),
    _cursor([{"$d": "garbage T"}, 1]),
    _cursor([{"$d": "2026-01-01T00:00:00"}, 1]),  # no time zone
    _cursor([{"$d": "2026-01-01"}, 1]),  # a date where a moment is kept
    _cursor(["2026-01-01T00:00:00+00:00", "x"]),
    _cursor([True, 1]),
    _cursor([None, "1"]),
]


@pytest.mark.parametrize("cursor", FORGED)
async def test_a_forged_meetings_cursor_is_refused(
    client: httpx.AsyncClient, demo_headers: dict[str, Headers], cursor: str
) -> None:
    response = await client.get(
        f"{API}/meetings", headers=demo_headers["admin"], params={"cursor": cursor}
    )
    assert response.status_code == 400, response.text
    assert response.json()["error"]["code"] == "invalid_cursor"


@pytest.mark.parametrize(
    "values", [[5, 1], [{"$d": "2026-01-01"}, 1], ["Tên", "1"], ["Tên", 1.5], [[], 1]]
)
async def test_a_forged_members_cursor_is_refused(
    client: httpx.AsyncClient, demo_headers: dict[str, Headers], values: list[object]
) -> None:
    response = await client.get(
        f"{API}/members", headers=demo_headers["admin"], params={"cursor": _cursor(values)}
    )
    assert response.status_code == 400, response.text


async def test_a_real_cursor_still_pages_through(
    client: httpx.AsyncClient, demo_headers: dict[str, Headers]
) -> None:
    headers = demo_headers["dangbo.noivu"]
    first = (await client.get(f"{API}/members", headers=headers, params={"limit": 10})).json()
    second = (
        await client.get(
            f"{API}/members",
            headers=headers,
            params={"limit": 10, "cursor": first["next_cursor"]},
        )
    ).json()
    assert len(second["items"]) == 10
    assert not {m["id"] for m in first["items"]} & {m["id"] for m in second["items"]}
    meetings = (await client.get(f"{API}/meetings", headers=headers, params={"limit": 5})).json()
    after = await client.get(
        f"{API}/meetings", headers=headers, params={"limit": 5, "cursor": meetings["next_cursor"]}
    )
    assert after.status_code == 200 and after.json()["items"]


@pytest.mark.parametrize("param", ["starts_from", "starts_before"])
async def test_a_time_without_a_zone_is_a_422(
    client: httpx.AsyncClient, demo_headers: dict[str, Headers], param: str
) -> None:
    headers = {**demo_headers["bithu.noivu"], "Accept-Language": "vi"}
    response = await client.get(
        f"{API}/meetings", headers=headers, params={param: "2026-11-01T08:00:00"}
    )
    assert response.status_code == 422, response.text
    aware = await client.get(
        f"{API}/meetings", headers=headers, params={param: "2026-11-01T08:00:00+07:00"}
    )
    assert aware.status_code == 200
