"""The unit tree through the API: scoped lists, creation rules, moves without cycles,
archiving, deletion only without history, counts and the understaffed-cell flag."""

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from chibo.demo import seed
from chibo.units.models import Unit
from tests.helpers import error_code, fetch_all, unit_id

UNITS = "/api/v1/units"


async def test_each_role_lists_its_subtree(client: httpx.AsyncClient, login) -> None:
    codes = {}
    for username in ("khoi", "dangbo.noivu", "bithu.noivu", "dangvien.noivu", "bithu.taichinh"):
        items = await fetch_all(client, UNITS, await login(username), limit=3)
        codes[username] = {i["code"] for i in items}
    assert codes["dangbo.noivu"] == {seed.BASE_CODE, *seed.NOI_VU_CELL_CODES}
    assert codes["bithu.noivu"] == {seed.CELL_NOI_VU}
    assert codes["dangvien.noivu"] == {seed.CELL_NOI_VU}
    assert codes["bithu.taichinh"] == {"CB-STC-VP"}
    assert codes["khoi"] >= codes["dangbo.noivu"] | {"DB-STC", "DB-STP", "CB-STC-VP"}


async def test_list_is_in_tree_order(client: httpx.AsyncClient, login) -> None:
    items = await fetch_all(client, UNITS, await login("khoi"), limit=2)
    seen: set[int] = set()
    for item in items:
        assert item["parent_id"] is None or item["parent_id"] in seen
        seen.add(item["id"])


async def test_unit_detail_counts_members(
    client: httpx.AsyncClient, login, session: AsyncSession
) -> None:
    headers = await login("dangbo.noivu")
    base = await client.get(f"{UNITS}/{await unit_id(session, seed.BASE_CODE)}", headers=headers)
    assert base.status_code == 200
    body = base.json()
    assert (body["member_count"], body["official_count"], body["probationary_count"]) == (65, 62, 3)
    assert base.headers["etag"] == f'W/"{body["version"]}"'
    outside = await client.get(f"{UNITS}/{await unit_id(session, 'DB-STC')}", headers=headers)
    assert outside.status_code == 404


async def test_understaffed_cells_are_flagged(
    client: httpx.AsyncClient, login, session: AsyncSession
) -> None:
    flagged = (await client.get(f"{UNITS}/alerts/understaffed", headers=await login("khoi"))).json()
    assert [f["unit"]["code"] for f in flagged] == [seed.UNDERSTAFFED_CELL_CODE]
    assert flagged[0]["official_count"] < flagged[0]["required"] == 3
    mine = await client.get(f"{UNITS}/alerts/understaffed", headers=await login("dangbo.noivu"))
    assert mine.json() == []
    detail = await client.get(
        f"{UNITS}/{await unit_id(session, seed.UNDERSTAFFED_CELL_CODE)}",
        headers=await login("khoi"),
    )
    assert detail.json()["understaffed"] is True


async def test_create_rules(client: httpx.AsyncClient, login, session: AsyncSession) -> None:
    committee = await login("dangbo.noivu")
    base = await unit_id(session, seed.BASE_CODE)
    noi_vu = await unit_id(session, seed.CELL_NOI_VU)
    cell = await client.post(
        UNITS,
        headers=committee,
        json={
            "parent_id": base,
            "kind": "cell",
            "name": "Chi bộ Mới",
            "code": "CB-MOI",
            "cell_type": "public_service_unit",
        },
    )
    assert cell.status_code == 201, cell.text
    assert cell.json()["path"].endswith(f"/{base}/{cell.json()['id']}/")
    group = await client.post(
        UNITS,
        headers=committee,
        json={"parent_id": cell.json()["id"], "kind": "group", "name": "Tổ đảng 1"},
    )
    assert group.status_code == 201 and group.json()["depth"] == cell.json()["depth"] + 1
    cases = [
        (
            committee,
            {"parent_id": base, "kind": "superior_committee", "name": "X"},
            422,
            "unit_kind_mismatch",
        ),
        (
            committee,
            {"parent_id": group.json()["id"], "kind": "cell", "name": "X"},
            422,
            "unit_kind_mismatch",
        ),
        (
            committee,
            {"parent_id": base, "kind": "cell", "name": "X", "code": "CB-MOI"},
            409,
            "unit_code_taken",
        ),
        (
            committee,
            {"parent_id": await unit_id(session, "DB-STC"), "kind": "cell", "name": "X"},
            404,
            "not_found",
        ),
        (committee, {"parent_id": 99999, "kind": "cell", "name": "X"}, 404, "not_found"),
        (
            committee,
            {"parent_id": None, "kind": "superior_committee", "name": "X"},
            403,
            "forbidden",
        ),
        (
            committee,
            {"parent_id": base, "kind": "base_committee", "name": "X", "cell_type": "school"},
            422,
            "cell_type_not_applicable",
        ),
        (committee, {"parent_id": base, "kind": "cell", "name": "   "}, 422, "validation_error"),
        # A secretary sees its own cell but may not add units to it; the base is hidden.
        (
            await login("bithu.noivu"),
            {"parent_id": noi_vu, "kind": "group", "name": "X"},
            403,
            "forbidden",
        ),
        (
            await login("bithu.noivu"),
            {"parent_id": base, "kind": "cell", "name": "X"},
            404,
            "not_found",
        ),
    ]
    for headers, payload, status, code in cases:
        response = await client.post(UNITS, headers=headers, json=payload)
        assert (response.status_code, error_code(response)) == (status, code), payload


async def test_rename_with_versions(
    client: httpx.AsyncClient, login, session: AsyncSession
) -> None:
    headers = await login("dangbo.noivu")
    url = f"{UNITS}/{await unit_id(session, seed.CELL_LUU_TRU)}"
    current = (await client.get(url, headers=headers)).json()
    renamed = await client.patch(
        url, headers=headers, json={"version": current["version"], "name": "Chi bộ Lưu trữ"}
    )
    assert renamed.status_code == 200 and renamed.json()["name"] == "Chi bộ Lưu trữ"
    stale = await client.patch(
        url, headers=headers, json={"version": current["version"], "name": "Tên cũ"}
    )
    assert stale.status_code == 409 and error_code(stale) == "stale_version"
    precondition = await client.patch(
        url, headers={**headers, "If-Match": 'W/"1"'}, json={"name": "Tên khác"}
    )
    assert precondition.status_code == 412
    assert (await client.get(url, headers=headers)).json()["name"] == "Chi bộ Lưu trữ"
    # A committee does not rename its own unit; that is its superior's act.
    own = await client.patch(
        f"{UNITS}/{await unit_id(session, seed.BASE_CODE)}",
        headers=headers,
        json={"version": 1, "name": "Khác"},
    )
    assert own.status_code == 403


async def test_move_rewrites_the_subtree_and_refuses_cycles(
    client: httpx.AsyncClient, login, session: AsyncSession
) -> None:
    khoi = await login("khoi")
    noi_vu_base = await unit_id(session, seed.BASE_CODE)
    tai_chinh = await unit_id(session, "DB-STC")
    cell = (
        await client.post(
            UNITS,
            headers=khoi,
            json={"parent_id": noi_vu_base, "kind": "cell", "name": "Chi bộ Chuyển"},
        )
    ).json()
    group = (
        await client.post(
            UNITS, headers=khoi, json={"parent_id": cell["id"], "kind": "group", "name": "Tổ 1"}
        )
    ).json()

    moved = await client.post(
        f"{UNITS}/{cell['id']}/move",
        headers=khoi,
        json={"version": cell["version"], "parent_id": tai_chinh},
    )
    assert moved.status_code == 200, moved.text
    tai_chinh_path = (await client.get(f"{UNITS}/{tai_chinh}", headers=khoi)).json()["path"]
    assert moved.json()["path"] == f"{tai_chinh_path}{cell['id']}/"
    moved_group = (await client.get(f"{UNITS}/{group['id']}", headers=khoi)).json()
    assert moved_group["path"] == f"{tai_chinh_path}{cell['id']}/{group['id']}/"
    assert moved_group["depth"] == moved.json()["depth"] + 1
    # Scope follows the tree: the cell left Sở Nội vụ's subtree.
    gone = await client.get(f"{UNITS}/{cell['id']}", headers=await login("dangbo.noivu"))
    assert gone.status_code == 404

    superior = await unit_id(session, seed.SUPERIOR_CODE)
    base = (await client.get(f"{UNITS}/{noi_vu_base}", headers=khoi)).json()
    inner = (
        await client.post(
            UNITS,
            headers=khoi,
            json={"parent_id": noi_vu_base, "kind": "base_committee", "name": "Đảng bộ bộ phận"},
        )
    ).json()
    cycle = await client.post(
        f"{UNITS}/{noi_vu_base}/move",
        headers=khoi,
        json={"version": base["version"], "parent_id": inner["id"]},
    )
    assert cycle.status_code == 422 and error_code(cycle) == "unit_move_cycle"
    self_move = await client.post(
        f"{UNITS}/{noi_vu_base}/move",
        headers=khoi,
        json={"version": base["version"], "parent_id": noi_vu_base},
    )
    assert self_move.status_code == 422 and error_code(self_move) == "unit_move_cycle"
    paths = (await session.scalars(select(Unit.path))).all()
    assert len(paths) == len(set(paths))
    assert superior


async def test_archive_and_delete_keep_history(
    client: httpx.AsyncClient, login, session: AsyncSession
) -> None:
    headers = await login("dangbo.noivu")
    noi_vu = await unit_id(session, seed.CELL_NOI_VU)
    version = (await client.get(f"{UNITS}/{noi_vu}", headers=headers)).json()["version"]
    busy = await client.post(
        f"{UNITS}/{noi_vu}/archive", headers=headers, json={"version": version}
    )
    assert busy.status_code == 409 and error_code(busy) == "unit_has_active_members"
    with_history = await client.delete(f"{UNITS}/{noi_vu}", headers=headers)
    assert with_history.status_code == 409 and error_code(with_history) == "unit_has_history"
    assert with_history.json()["error"]["details"]["members"] > 0

    base = await unit_id(session, seed.BASE_CODE)
    empty = (
        await client.post(
            UNITS, headers=headers, json={"parent_id": base, "kind": "cell", "name": "Chi bộ Tạm"}
        )
    ).json()
    archived = await client.post(
        f"{UNITS}/{empty['id']}/archive", headers=headers, json={"version": empty["version"]}
    )
    assert archived.status_code == 200 and archived.json()["active"] is False
    refused = await client.post(
        UNITS, headers=headers, json={"parent_id": empty["id"], "kind": "group", "name": "Tổ"}
    )
    assert refused.status_code == 422 and error_code(refused) == "unit_archived"
    active_only = await fetch_all(client, UNITS, headers, {"active": True})
    assert empty["id"] not in {u["id"] for u in active_only}
    restored = await client.post(
        f"{UNITS}/{empty['id']}/restore",
        headers=headers,
        json={"version": archived.json()["version"]},
    )
    assert restored.json()["active"] is True

    mistake = (
        await client.post(
            UNITS, headers=headers, json={"parent_id": base, "kind": "cell", "name": "Nhầm"}
        )
    ).json()
    assert (await client.delete(f"{UNITS}/{mistake['id']}", headers=headers)).status_code == 204
    assert (await client.get(f"{UNITS}/{mistake['id']}", headers=headers)).status_code == 404
    audit = (
        await client.get(
            "/api/v1/audit",
            headers=headers,
            params={"entity_type": "units", "entity_id": str(mistake["id"])},
        )
    ).json()["items"]
    assert [e["action"] for e in audit] == ["unit.create", "unit.delete"]
