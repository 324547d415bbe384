"""The member registry through the API: scoping, sensitive fields, search and Vietnamese order,
validation, optimistic concurrency, status changes, exemptions, transfers and positions."""

from datetime import date, timedelta

import httpx
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from chibo.core.clock import today
from chibo.demo import seed
from chibo.members.models import Member, MemberEvent, MemberStatus
from chibo.units.models import Unit
from tests.helpers import audit_count, error_code, fetch_all, member_named, unit_id

MEMBERS = "/api/v1/members"


async def test_secretary_lists_own_cell_and_cannot_see_another(
    client: httpx.AsyncClient, login, session: AsyncSession
) -> None:
    headers = await login("bithu.noivu")
    noi_vu = await unit_id(session, seed.CELL_NOI_VU)
    items = await fetch_all(client, MEMBERS, headers, limit=7)
    on_rolls = await session.scalar(
        select(func.count()).select_from(Member).where(Member.unit_id == noi_vu)
    )
    # The cell's own members plus the one temporarily attending it from Ban Tôn giáo.
    assert len(items) == on_rolls + 1
    guest = next(i for i in items if i["full_name"] == seed.TEMPORARILY_TRANSFERRED_MEMBER)
    assert guest["unit_id"] == await unit_id(session, seed.CELL_TON_GIAO)
    assert all(i["unit_id"] == noi_vu for i in items if i is not guest)

    other = (
        await session.scalars(
            select(Member).where(
                Member.unit_id == await unit_id(session, seed.CELL_TON_GIAO),
                Member.full_name != seed.TEMPORARILY_TRANSFERRED_MEMBER,
            )
        )
    ).first()
    assert other is not None
    response = await client.get(f"{MEMBERS}/{other.id}", headers=headers)
    assert response.status_code == 404
    assert error_code(response) == "not_found"


async def test_base_committee_sees_all_65_members(client: httpx.AsyncClient, login) -> None:
    headers = await login("dangbo.noivu")
    items = await fetch_all(client, MEMBERS, headers, limit=20)
    assert len(items) == 65
    assert len({i["id"] for i in items}) == 65
    assert sum(i["status"] == "official" for i in items) == 62
    assert sum(i["status"] == "probationary" for i in items) == 3
    assert all(i["citizen_id"] for i in items)  # committees see sensitive fields


async def test_member_sees_own_cell_without_others_citizen_ids(
    client: httpx.AsyncClient, login, session: AsyncSession
) -> None:
    headers = await login("dangvien.noivu")
    items = await fetch_all(client, MEMBERS, headers)
    noi_vu = await unit_id(session, seed.CELL_NOI_VU)
    assert {i["unit_id"] for i in items} <= {noi_vu, await unit_id(session, seed.CELL_TON_GIAO)}
    me = await member_named(session, seed.DEMO_ACCOUNT_MEMBERS["dangvien.noivu"])
    for item in items:
        if item["id"] == me.id:
            assert item["citizen_id"] == me.citizen_id and item["sensitive_visible"]
        else:
            assert item["citizen_id"] is None and item["phone"] is None
            assert not item["sensitive_visible"]
    response = await client.post(
        MEMBERS,
        headers=headers,
        json={"unit_id": noi_vu, "full_name": "Nguyễn Văn Mới", "status": "official"},
    )
    assert response.status_code == 403


async def test_search_ignores_diacritics_and_case(client: httpx.AsyncClient, login) -> None:
    headers = await login("dangbo.noivu")
    for query in ("nguyen van an", "NGUYEN VAN AN", "Nguyễn Văn An", "nguyễn văn an"):
        names = {i["full_name"] for i in await fetch_all(client, MEMBERS, headers, {"q": query})}
        assert "Nguyễn Văn An" in names, query
        assert "Nguyễn Văn Anh" in names  # a prefix match, as a search box should
        assert all(n.lower().startswith("nguyễn văn an") for n in names)
    names = {
        i["full_name"] for i in await fetch_all(client, MEMBERS, headers, {"q": "tran thi an"})
    }
    assert names == {"Trần Thị Ân"}


async def test_lists_sort_the_vietnamese_way(
    client: httpx.AsyncClient, login, session: AsyncSession
) -> None:
    headers = await login("dangbo.noivu")
    cell = await client.post(
        "/api/v1/units",
        headers=headers,
        json={
            "parent_id": await unit_id(session, seed.BASE_CODE),
            "kind": "cell",
            "name": "Chi bộ Thử nghiệm",
        },
    )
    assert cell.status_code == 201, cell.text
    expected = [
        "Lê Thị An",
        "Trần An",
        "Nguyễn Văn Anh",
        "Trần Văn Ánh",
        "Phạm Đức Ân",
        "Hoàng Văn Ấn",
        "Đỗ Văn Bình",
        "Hoàng Đức",
    ]
    for name in reversed(expected):
        created = await client.post(
            MEMBERS,
            headers=headers,
            json={"unit_id": cell.json()["id"], "full_name": name, "status": "official"},
        )
        assert created.status_code == 201, created.text
    items = await fetch_all(client, MEMBERS, headers, {"unit_id": cell.json()["id"]}, limit=3)
    assert [i["full_name"] for i in items] == expected


async def test_filters_by_unit_and_status(
    client: httpx.AsyncClient, login, session: AsyncSession
) -> None:
    headers = await login("dangbo.noivu")
    probationary = await fetch_all(client, MEMBERS, headers, {"status": "probationary"})
    assert len(probationary) == 3
    thi_dua = await unit_id(session, seed.CELL_THI_DUA)
    items = await fetch_all(client, MEMBERS, headers, {"unit_id": thi_dua})
    assert items and all(i["unit_id"] == thi_dua for i in items)
    outside = await unit_id(session, "CB-STC-VP")
    response = await client.get(MEMBERS, headers=headers, params={"unit_id": outside})
    assert response.status_code == 404
    response = await client.get(MEMBERS, headers=headers, params={"status": "retired"})
    assert response.status_code == 422
    assert error_code(response) == "validation_error"


def _new_member(unit: int, **extra: object) -> dict[str, object]:
    return {
        "unit_id": unit,
        "full_name": "Nguyễn Thị Thử",
        "status": "official",
        "date_of_birth": "1990-05-01",
        "admission_date": "2015-03-02",
        "official_date": "2016-03-02",
        "party_card_number": "38.999001",
        "citizen_id": "042190000999",
        **extra,
    }


async def test_create_member_records_history_and_audit(
    client: httpx.AsyncClient, login, session: AsyncSession
) -> None:
    headers = await login("bithu.noivu")
    noi_vu = await unit_id(session, seed.CELL_NOI_VU)
    response = await client.post(
        MEMBERS, headers={**headers, "X-Request-ID": "create-1"}, json=_new_member(noi_vu)
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["version"] == 1 and body["citizen_id"] == "042190000999"
    history = (await client.get(f"{MEMBERS}/{body['id']}/history", headers=headers)).json()
    assert [e["kind"] for e in history] == ["admitted", "made_official"]
    audit = await client.get(
        "/api/v1/audit",
        headers=await login("dangbo.noivu"),
        params={"entity_type": "members", "entity_id": str(body["id"])},
    )
    [entry] = audit.json()["items"]
    assert entry["action"] == "member.create"
    assert entry["actor_username"] == "bithu.noivu"
    assert entry["request_id"] == "create-1"
    assert entry["after"]["full_name"] == "Nguyễn Thị Thử"


async def test_bad_member_input_is_refused_and_nothing_written(
    client: httpx.AsyncClient, login, session: AsyncSession
) -> None:
    headers = await login("bithu.noivu")
    noi_vu = await unit_id(session, seed.CELL_NOI_VU)
    existing_card = (await member_named(session, "Nguyễn Văn An")).party_card_number
    members_before = await session.scalar(select(func.count()).select_from(Member))
    audits_before = await audit_count(session)
    future = (today() + timedelta(days=3)).isoformat()
    cases = [
        (_new_member(noi_vu, official_date="2015-01-01"), 422, "official_before_admission"),
        (_new_member(noi_vu, official_date="2015-12-01"), 422, "probation_not_complete"),
        (_new_member(noi_vu, date_of_birth=future), 422, "birth_date_in_future"),
        (_new_member(noi_vu, party_card_number=existing_card), 409, "party_card_taken"),
        (_new_member(await unit_id(session, seed.CELL_TON_GIAO)), 404, "not_found"),
        (_new_member(987654), 404, "not_found"),
        (_new_member(noi_vu, status="probationary"), 422, "official_date_requires_official_status"),
        (_new_member(noi_vu, citizen_id="12ab"), 422, "validation_error"),
        (_new_member(noi_vu, full_name=""), 422, "validation_error"),
        (_new_member(noi_vu, unexpected="x"), 422, "validation_error"),
    ]
    for payload, status, code in cases:
        response = await client.post(MEMBERS, headers=headers, json=payload)
        assert (response.status_code, error_code(response)) == (status, code), payload
        assert response.json()["error"]["message"]
    assert await session.scalar(select(func.count()).select_from(Member)) == members_before
    assert await audit_count(session) == audits_before


async def test_stale_write_is_refused_without_overwriting(
    client: httpx.AsyncClient, login, session: AsyncSession
) -> None:
    headers = await login("bithu.noivu")
    member = await member_named(session, "Nguyễn Văn An")
    url = f"{MEMBERS}/{member.id}"
    first = await client.get(url, headers=headers)
    version = first.json()["version"]
    assert first.headers["etag"] == f'W/"{version}"'
    ok = await client.patch(url, headers=headers, json={"version": version, "job_title": "A"})
    assert ok.status_code == 200 and ok.json()["version"] == version + 1
    stale = await client.patch(url, headers=headers, json={"version": version, "job_title": "B"})
    assert stale.status_code == 409 and error_code(stale) == "stale_version"
    mismatch = await client.patch(
        url, headers={**headers, "If-Match": first.headers["etag"]}, json={"job_title": "C"}
    )
    assert mismatch.status_code == 412
    missing = await client.patch(url, headers=headers, json={"job_title": "D"})
    assert missing.status_code == 422
    current = (await client.get(url, headers=headers)).json()
    assert current["job_title"] == "A" and current["version"] == version + 1
    by_etag = await client.patch(
        url, headers={**headers, "If-Match": f'W/"{version + 1}"'}, json={"job_title": "E"}
    )
    assert by_etag.status_code == 200 and by_etag.json()["job_title"] == "E"


async def test_probation_rules(client: httpx.AsyncClient, login, session: AsyncSession) -> None:
    headers = await login("dangbo.noivu")
    due = (await client.get(f"{MEMBERS}/alerts/probation-due", headers=headers)).json()
    assert [d["member"]["full_name"] for d in due] == [seed.PROBATION_OVERDUE_MEMBER]
    assert due[0]["days_overdue"] > 0
    khoi_due = await client.get(f"{MEMBERS}/alerts/probation-due", headers=await login("khoi"))
    assert len(khoi_due.json()) == 2  # one more outside Sở Nội vụ

    young = await member_named(session, "Phan Thị Diệu Linh")
    assert young.status is MemberStatus.probationary and young.admission_date
    cell_secretary = await login("bithu.noivu")
    early = await client.post(
        f"{MEMBERS}/{young.id}/official-proposals",
        headers=cell_secretary,
        json={"cell_vote_on": today().isoformat(), "cell_resolution_ref": "01-NQ/CB"},
    )
    assert early.status_code == 422 and error_code(early) == "probation_not_complete"

    # The cell proposes, the base committee decides (the rules: tests/test_official.py).
    overdue = await member_named(session, seed.PROBATION_OVERDUE_MEMBER)
    home = await session.get(Unit, overdue.unit_id)
    assert home is not None
    account = next(
        u
        for u, code in seed.DEMO_ACCOUNT_UNITS.items()
        if code == home.code and u.startswith("bithu.")
    )
    proposed = await client.post(
        f"{MEMBERS}/{overdue.id}/official-proposals",
        headers=await login(account),
        json={"cell_vote_on": today().isoformat(), "cell_resolution_ref": "NQ 1"},
    )
    assert proposed.status_code == 201, proposed.text
    made = await client.post(
        f"{MEMBERS}/{overdue.id}/official-decision",
        headers=headers,
        json={
            "version": proposed.json()["version"],
            "approved": True,
            "decided_on": today().isoformat(),
            "decision_ref": "QĐ 1",
            "official_date": due[0]["due_on"],
        },
    )
    assert made.status_code == 200, made.text
    member = (await client.get(f"{MEMBERS}/{overdue.id}", headers=headers)).json()
    assert member["status"] == "official" and member["official_date"] == due[0]["due_on"]
    after = (await client.get(f"{MEMBERS}/alerts/probation-due", headers=headers)).json()
    assert after == []
    again = await client.post(
        f"{MEMBERS}/{overdue.id}/official-proposals",
        headers=await login(account),
        json={"cell_vote_on": today().isoformat(), "cell_resolution_ref": "NQ 2"},
    )
    assert again.status_code == 409 and error_code(again) == "already_official"


async def test_transfer_moves_member_between_cells(
    client: httpx.AsyncClient, login, session: AsyncSession
) -> None:
    member = await member_named(session, "Nguyễn Văn An")
    thi_dua = await unit_id(session, seed.CELL_THI_DUA)
    response = await client.post(
        f"{MEMBERS}/{member.id}/transfer",
        headers=await login("dangbo.noivu"),
        json={"version": member.version, "to_unit_id": thi_dua, "transfer_date": "2024-01-02"},
    )
    assert response.status_code == 200, response.text
    assert response.json()["unit_id"] == thi_dua
    url = f"{MEMBERS}/{member.id}"
    assert (await client.get(url, headers=await login("bithu.noivu"))).status_code == 404
    seen = await client.get(url, headers=await login("bithu.thiduakhenthuong"))
    assert seen.status_code == 200
    kinds = [
        e["kind"] for e in (await client.get(f"{url}/history", headers=await login("khoi"))).json()
    ]
    assert kinds[-2:] == ["transferred_out", "transferred_in"]
    # A secretary cannot send a member to a cell outside its own scope.
    other = await member_named(session, "Lê Thị Hương")
    refused = await client.post(
        f"{MEMBERS}/{other.id}/transfer",
        headers=await login("bithu.noivu"),
        json={"version": other.version, "to_unit_id": thi_dua, "transfer_date": "2024-01-02"},
    )
    assert refused.status_code == 404


async def test_leave_takes_member_off_the_active_list(
    client: httpx.AsyncClient, login, session: AsyncSession
) -> None:
    headers = await login("bithu.noivu")
    member = await member_named(session, "Lê Thị Hương")
    response = await client.post(
        f"{MEMBERS}/{member.id}/leave",
        headers=headers,
        json={"version": member.version, "state": "deceased", "left_on": "2024-02-01"},
    )
    assert response.status_code == 200 and response.json()["state"] == "deceased"
    active = {i["id"] for i in await fetch_all(client, MEMBERS, headers)}
    everyone = {i["id"] for i in await fetch_all(client, MEMBERS, headers, {"include_left": True})}
    assert member.id not in active and member.id in everyone
    bad = await client.post(
        f"{MEMBERS}/{member.id}/leave",
        headers=headers,
        json={"version": response.json()["version"], "state": "removed", "left_on": "2024-02-02"},
    )
    assert bad.status_code == 409 and error_code(bad) == "member_not_active"


async def test_exemptions_and_temporary_transfers(
    client: httpx.AsyncClient, login, session: AsyncSession
) -> None:
    headers = await login("bithu.noivu")
    member = await member_named(session, "Trần Văn Hòa")
    url = f"{MEMBERS}/{member.id}"
    created = await client.post(
        f"{url}/exemptions",
        headers=headers,
        json={
            "start_date": "2024-03-01",
            "end_date": "2024-08-31",
            "reason": "Điều trị bệnh dài ngày",
            "resolution_ref": "07-NQ/CB",
        },
    )
    assert created.status_code == 201, created.text
    overlap = await client.post(
        f"{url}/exemptions",
        headers=headers,
        json={"start_date": "2024-08-01", "reason": "Lý do khác"},
    )
    assert overlap.status_code == 409 and error_code(overlap) == "exemption_overlaps"
    backwards = await client.post(
        f"{url}/exemptions",
        headers=headers,
        json={"start_date": "2025-03-01", "end_date": "2025-01-01", "reason": "Ngược"},
    )
    assert backwards.status_code == 422 and error_code(backwards) == "period_end_before_start"
    ended = await client.patch(
        f"{url}/exemptions/{created.json()['id']}",
        headers=headers,
        json={"version": created.json()["version"], "end_date": "2024-06-30"},
    )
    assert ended.status_code == 200 and ended.json()["end_date"] == "2024-06-30"

    host = await unit_id(session, seed.CELL_LUU_TRU)
    # The secretary of Nội vụ cannot see the archive cell: a base committee records it.
    hidden = await client.post(
        f"{url}/temporary-transfers",
        headers=headers,
        json={"host_unit_id": host, "start_date": "2024-09-01"},
    )
    assert hidden.status_code == 404
    committee = await login("dangbo.noivu")
    start = (today() - timedelta(days=10)).isoformat()
    transfer = await client.post(
        f"{url}/temporary-transfers",
        headers=committee,
        json={"host_unit_id": host, "start_date": start, "note": "Biệt phái"},
    )
    assert transfer.status_code == 201, transfer.text
    # The host cell's secretary now sees the member, without sensitive fields; the home cell too.
    hosted = await client.get(url, headers=await login("bithu.luutru"))
    assert hosted.status_code == 200 and hosted.json()["citizen_id"] is None
    assert (await client.get(url, headers=headers)).json()["citizen_id"] == member.citizen_id
    end = await client.post(
        f"{url}/temporary-transfers/{transfer.json()['id']}/end",
        headers=committee,
        json={
            "version": transfer.json()["version"],
            "end_date": (today() - timedelta(days=1)).isoformat(),
        },
    )
    assert end.status_code == 200
    assert (await client.get(url, headers=await login("bithu.luutru"))).status_code == 404
    kinds = [e["kind"] for e in (await client.get(f"{url}/history", headers=headers)).json()]
    assert {"exempted", "temporarily_transferred", "temporary_transfer_ended"} <= set(kinds)
    events = await session.scalar(
        select(func.count()).select_from(MemberEvent).where(MemberEvent.member_id == member.id)
    )
    assert events == len(kinds)


async def test_cell_committees(client: httpx.AsyncClient, login, session: AsyncSession) -> None:
    headers = await login("dangbo.noivu")
    sizes = {}
    for code in seed.NOI_VU_CELL_CODES:
        seats = (
            await client.get(
                f"/api/v1/units/{await unit_id(session, code)}/committee", headers=headers
            )
        ).json()
        sizes[code] = len(seats)
        secretary = next(s for s in seats if s["position"] == "secretary")
        assert secretary["member_name"] == seed.SECRETARIES[code]
    assert sizes == {
        seed.CELL_NOI_VU: 5,
        seed.CELL_THI_DUA: 3,
        seed.CELL_TON_GIAO: 3,
        seed.CELL_LUU_TRU: 3,
    }

    noi_vu = await unit_id(session, seed.CELL_NOI_VU)
    url = f"/api/v1/units/{noi_vu}/committee"
    ordinary = await member_named(session, "Nguyễn Văn An")
    taken = await client.post(
        url,
        headers=headers,
        json={"member_id": ordinary.id, "position": "secretary", "term_start": "2024-01-01"},
    )
    assert taken.status_code == 409 and error_code(taken) == "seat_taken"
    probationary = await member_named(session, "Phan Thị Diệu Linh")
    refused = await client.post(
        url,
        headers=headers,
        json={
            "member_id": probationary.id,
            "position": "committee_member",
            "term_start": "2024-01-01",
        },
    )
    assert refused.status_code == 422 and error_code(refused) == "probationary_not_eligible"
    added = await client.post(
        url,
        headers=headers,
        json={
            "member_id": ordinary.id,
            "position": "committee_member",
            "term_start": "2024-01-01",
            "term_label": "2020-2025",
        },
    )
    assert added.status_code == 201, added.text
    again = await client.post(
        url,
        headers=headers,
        json={"member_id": ordinary.id, "position": "committee_member", "term_start": "2024-06-01"},
    )
    assert again.status_code == 409 and error_code(again) == "member_already_seated"
    ended = await client.patch(
        f"/api/v1/committee-positions/{added.json()['id']}",
        headers=headers,
        json={"version": added.json()["version"], "term_end": "2024-02-01"},
    )
    assert ended.status_code == 200
    current = (await client.get(url, headers=headers)).json()
    assert ordinary.id not in {s["member_id"] for s in current}
    history = (await client.get(url, headers=headers, params={"include_past": True})).json()
    assert ordinary.id in {s["member_id"] for s in history}


async def test_exempt_and_transferred_demo_members(
    client: httpx.AsyncClient, login, session: AsyncSession
) -> None:
    headers = await login("dangbo.noivu")
    exempt = await member_named(session, seed.EXEMPT_MEMBER)
    [exemption] = (await client.get(f"{MEMBERS}/{exempt.id}/exemptions", headers=headers)).json()
    assert exemption["resolution_ref"] == seed.EXEMPTION_RESOLUTION_REF
    assert exemption["end_date"] is None
    moved = await member_named(session, seed.TEMPORARILY_TRANSFERRED_MEMBER)
    [transfer] = (
        await client.get(f"{MEMBERS}/{moved.id}/temporary-transfers", headers=headers)
    ).json()
    assert transfer["host_unit_id"] == await unit_id(session, seed.CELL_NOI_VU)
    assert transfer["home_unit_id"] == moved.unit_id
    assert date.fromisoformat(transfer["start_date"]) == seed.before_demo_year(
        seed.TEMPORARY_TRANSFER_START, today()
    )
