"""Rating sheets through the API: the versions in force, loading a new version (JSON or
YAML, admins only), refusing malformed and inconsistent sheets, and what a new version does
to ratings: new ones use it, old ones keep the version they were scored on."""

import copy
import json
from pathlib import Path
from typing import Any

import httpx
import yaml
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from chibo.audit.models import AuditEntry
from chibo.ratings.models import RatingSheet
from tests.helpers import error_code
from tests.test_ratings import (
    REGULAR_JUDGED,
    SECRETARY,
    YEAR,
    Record,
    create_rating,
    full,
    points_of,
    put,
    recorded_meeting,
)

API = "/api/v1"
SHEETS = Path(__file__).resolve().parents[1] / "backend/chibo/ratings/sheets"


def load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((SHEETS / name).read_text(encoding="utf-8"))
    return data


# The sheets in force (version 2, loaded by migration 0014; version 1 stays for old ratings).
REGULAR = load("qd17-regular.v2.json")
THEMATIC = load("qd17-thematic.v2.json")


def speakers_half_is_top(definition: dict[str, Any]) -> dict[str, Any]:
    """Version 3 of the regular sheet: half of the attendees speaking earns the top band."""
    changed = copy.deepcopy(definition)
    item = next(i for c in changed["criteria"] for i in c["items"] if i["code"] == "c4.speakers")
    item["bands"][2]["max_inclusive"] = False  # 40 to < 50
    item["bands"][3]["min_inclusive"] = True  # 50 to 100
    changed["source_note"] = "Phiên bản thử nghiệm: phát biểu từ 50% được điểm tối đa"
    return changed


async def _count(session: AsyncSession) -> int:
    return int(await session.scalar(select(func.count(RatingSheet.id))) or 0)


async def test_sheets_in_force_and_one_version(client: httpx.AsyncClient, login: Any) -> None:
    headers = await login("dangvien.noivu")
    response = await client.get(f"{API}/rating-sheets", headers=headers)
    assert response.status_code == 200
    sheets = response.json()
    codes = [s["code"] for s in sheets]
    assert {"qd17-regular", "qd17-thematic"} <= set(codes)
    assert len(codes) == len(set(codes))  # the latest version of each
    regular = next(s for s in sheets if s["code"] == "qd17-regular")
    assert (regular["version_number"], regular["meeting_types"]) == (
        2,
        ["regular", "extraordinary"],
    )
    assert regular["effective_from"] == "2023-06-02"
    assert "17-QĐ/TU" in regular["source_note"]
    one = await client.get(f"{API}/rating-sheets/{regular['id']}", headers=headers)
    assert one.status_code == 200
    assert one.json()["definition"]["code"] == "qd17-regular"
    assert (await client.get(f"{API}/rating-sheets/999999", headers=headers)).status_code == 404


async def test_an_admin_loads_versions_as_json_or_yaml(
    client: httpx.AsyncClient, session: AsyncSession, login: Any
) -> None:
    admin = await login("admin")
    response = await client.post(
        f"{API}/rating-sheets",
        headers=admin,
        json={"definition": speakers_half_is_top(REGULAR), "effective_from": f"{YEAR}-06-01"},
    )
    assert response.status_code == 201, response.text
    v3 = response.json()
    assert (v3["code"], v3["version_number"], v3["effective_from"]) == (
        "qd17-regular",
        3,
        f"{YEAR}-06-01",
    )
    assert v3["source_note"].startswith("Phiên bản thử nghiệm")
    assert v3["created_by_user_id"] is not None

    # YAML, the bare definition, effective_from in the query string.
    body = yaml.safe_dump(THEMATIC, allow_unicode=True, sort_keys=False)
    response = await client.post(
        f"{API}/rating-sheets",
        headers={**admin, "Content-Type": "application/yaml"},
        params={"effective_from": f"{YEAR}-01-01"},
        content=body.encode(),
    )
    assert response.status_code == 201, response.text
    assert (response.json()["code"], response.json()["version_number"]) == ("qd17-thematic", 3)
    # YAML with the wrapper (text/yaml); the date parsed by YAML itself.
    wrapped = yaml.safe_dump(
        {"definition": THEMATIC, "effective_from": f"{YEAR + 1}-01-01"}, allow_unicode=True
    ).replace(f"'{YEAR + 1}-01-01'", f"{YEAR + 1}-01-01")
    response = await client.post(
        f"{API}/rating-sheets",
        headers={**admin, "Content-Type": "text/yaml; charset=utf-8"},
        content=wrapped.encode(),
    )
    assert response.status_code == 201, response.text
    assert (response.json()["version_number"], response.json()["effective_from"]) == (
        4,
        f"{YEAR + 1}-01-01",
    )

    latest = (await client.get(f"{API}/rating-sheets", headers=admin)).json()
    assert {s["code"]: s["version_number"] for s in latest}["qd17-thematic"] == 4
    every = (await client.get(f"{API}/rating-sheets", headers=admin, params={"all": True})).json()
    assert [s["version_number"] for s in every if s["code"] == "qd17-thematic"] == [4, 3, 2, 1]
    actions = (
        await session.scalars(
            select(AuditEntry.action).where(
                AuditEntry.entity_type == "rating_sheets", AuditEntry.entity_id == str(v3["id"])
            )
        )
    ).all()
    assert list(actions) == ["rating_sheet.create"]


async def test_only_admins_load_sheets(
    client: httpx.AsyncClient, session: AsyncSession, login: Any
) -> None:
    before = await _count(session)
    for account in ("khoi", "dangbo.noivu", "bithu.noivu", "dangvien.noivu"):
        response = await client.post(
            f"{API}/rating-sheets",
            headers=await login(account),
            json={"definition": REGULAR, "effective_from": "2040-01-01"},
        )
        assert (response.status_code, error_code(response)) == (403, "forbidden")
    assert await _count(session) == before


async def test_malformed_and_inconsistent_sheets_are_refused(
    client: httpx.AsyncClient, session: AsyncSession, login: Any
) -> None:
    admin = await login("admin")
    before = await _count(session)

    async def post(body: Any) -> httpx.Response:
        return await client.post(f"{API}/rating-sheets", headers=admin, json={"definition": body})

    # Malformed: where each error is.
    missing = {k: v for k, v in REGULAR.items() if k != "criteria"}
    response = await post(missing)
    assert (response.status_code, error_code(response)) == (422, "invalid_sheet")
    assert ["definition", "criteria"] in [d["loc"] for d in response.json()["error"]["details"]]
    wrong_mode = copy.deepcopy(REGULAR)
    wrong_mode["criteria"][0]["items"][0]["mode"] = "stars"
    response = await post(wrong_mode)
    assert error_code(response) == "invalid_sheet"
    locs = [d["loc"] for d in response.json()["error"]["details"]]
    assert ["definition", "criteria", "0", "items", "0", "mode"] in locs

    # Inconsistent: the problems in words.
    broken = copy.deepcopy(REGULAR)
    broken["criteria"][0]["max_points"] = 6  # criteria add up to 101
    broken["criteria"][1]["items"][0]["bands"][1]["min"] = 66  # a gap between 65 and 66
    broken["caps"][0]["max_level"] = "fair"
    broken["caps"][0]["when"]["fact"] = "mood"
    response = await post(broken)
    assert (response.status_code, error_code(response)) == (422, "invalid_sheet")
    assert response.json()["error"]["details"] == [
        "criteria add up to 101, not 100",
        "criterion c1: items add up to 5, not 6",
        "item c2.rate: gap between 65 and 66",
        "cap duration_short_not_good: unknown fact mood",
    ]

    # Not YAML, not JSON, not a mapping, or another format altogether.
    response = await client.post(
        f"{API}/rating-sheets",
        headers={**admin, "Content-Type": "application/yaml"},
        content=b"code: [unclosed",
    )
    assert (response.status_code, error_code(response)) == (422, "invalid_sheet")
    response = await client.post(
        f"{API}/rating-sheets",
        headers={**admin, "Content-Type": "application/json"},
        content=b'{"definition": ',
    )
    assert (response.status_code, error_code(response)) == (400, "malformed_json")
    response = await client.post(
        f"{API}/rating-sheets",
        headers={**admin, "Content-Type": "application/yaml"},
        content=b"- just\n- a list\n",
    )
    assert (response.status_code, error_code(response)) == (422, "invalid_sheet")
    response = await client.post(
        f"{API}/rating-sheets",
        headers={**admin, "Content-Type": "text/plain"},
        content=b"code: x",
    )
    assert (response.status_code, error_code(response)) == (415, "unsupported_media_type")
    response = await client.post(
        f"{API}/rating-sheets",
        headers=admin,
        json={"definition": REGULAR, "effective_from": "not a date"},
    )
    assert (response.status_code, error_code(response)) == (422, "invalid_sheet")
    assert await _count(session) == before  # nothing written


async def test_a_new_version_changes_new_ratings_and_leaves_old_ones(
    client: httpx.AsyncClient, session: AsyncSession, login: Any
) -> None:
    """Half of the attendees speaking: 4 points on version 2, 5 on version 3 (in force from
    June). A rating made before version 3 was loaded keeps version 2, even when scored again
    afterwards; a May meeting still uses version 2; a new August rating uses version 3."""
    admin, secretary = await login("admin"), await login(SECRETARY)
    record = Record(base=20, present=18, speakers=9)
    july = await recorded_meeting(session, 7, record)
    old = await create_rating(client, secretary, july)
    scored = await put(
        client, f"/ratings/{old['id']}/score", secretary,
        {"entries": full(REGULAR_JUDGED), "version": 1},
    )  # fmt: skip
    assert scored.status_code == 200
    assert (points_of(scored.json())["c4.speakers"], scored.json()["self_total"]) == (4, 99)

    loaded = await client.post(
        f"{API}/rating-sheets",
        headers=admin,
        json={"definition": speakers_half_is_top(REGULAR), "effective_from": f"{YEAR}-06-01"},
    )
    assert loaded.status_code == 201
    v3 = loaded.json()

    # The old rating, read and scored again: still version 2, still 4 points.
    again = await put(
        client, f"/ratings/{old['id']}/score", secretary,
        {"entries": full(REGULAR_JUDGED), "version": 2},
    )  # fmt: skip
    assert again.status_code == 200, again.text
    assert again.json()["sheet"]["version_number"] == 2
    assert (points_of(again.json())["c4.speakers"], again.json()["self_total"]) == (4, 99)

    # A meeting before the new version comes into force: version 2.
    may = await recorded_meeting(session, 5, record)
    before_june = await create_rating(client, secretary, may)
    assert before_june["sheet"]["version_number"] == 2

    # A new rating of a meeting from June on: version 3, 5 points.
    august = await recorded_meeting(session, 8, record)
    new = await create_rating(client, secretary, august)
    assert (new["sheet"]["id"], new["sheet"]["version_number"]) == (v3["id"], 3)
    scored = await put(
        client, f"/ratings/{new['id']}/score", secretary,
        {"entries": full(REGULAR_JUDGED), "version": 1},
    )  # fmt: skip
    assert (points_of(scored.json())["c4.speakers"], scored.json()["self_total"]) == (5, 100)
    # The first rating, read now, is as it was.
    unchanged = await client.get(f"{API}/ratings/{old['id']}", headers=secretary)
    assert (unchanged.json()["sheet"]["version_number"], unchanged.json()["self_total"]) == (2, 99)
    assert points_of(unchanged.json()) == points_of(again.json())
