"""Meetings through the API: planning, the one-regular-meeting-a-month rule, lifecycle,
agenda, a year laid out from the default slot, norms as versioned data, amendments of
locked meetings, and compliance per cell and month."""

from datetime import UTC, datetime, timedelta

import httpx
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from chibo.demo import seed
from chibo.documents.models import Document, DocumentKind
from chibo.meetings.models import Meeting, MeetingStatus, MeetingType
from tests.factories import make_meeting
from tests.helpers import error_code, member_named, unit_id

MEETINGS = "/api/v1/meetings"
START = datetime(2025, 3, 3, 1, 0, tzinfo=UTC)  # 08:00 in Hà Tĩnh, Monday 03/03/2025


def _regular(cell: int, start: datetime = START, **extra: object) -> dict[str, object]:
    return {
        "unit_id": cell,
        "meeting_type": "regular",
        "planned_start": start.isoformat(),
        "planned_end": (start + timedelta(hours=2)).isoformat(),
        "location": "Phòng họp tầng 3",
        **extra,
    }


async def test_create_uses_the_template_and_the_norms(
    client: httpx.AsyncClient, login, session: AsyncSession
) -> None:
    headers = await login("bithu.noivu")
    cell = await unit_id(session, seed.CELL_NOI_VU)
    created = await client.post(MEETINGS, headers=headers, json=_regular(cell))
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["status"] == "draft"
    assert (body["period_year"], body["period_month"]) == (2025, 3)
    assert body["title"] == "Sinh hoạt chi bộ thường kỳ tháng 03/2025"
    kinds = [i["kind"] for i in body["agenda"]]
    assert kinds[:3] == ["opening", "roll_call", "agenda_adoption"]
    assert "ideology" in kinds and kinds[-1] == "minutes"
    assert body["planned_agenda_minutes"] >= 90
    assert body["min_duration_minutes"] == 90
    combined = await client.post(
        MEETINGS,
        headers=headers,
        json={**_regular(cell, START + timedelta(days=31)), "has_thematic_part": True},
    )
    assert combined.json()["min_duration_minutes"] == 120
    assert "thematic" in [i["kind"] for i in combined.json()["agenda"]]


async def test_one_regular_meeting_a_month(
    client: httpx.AsyncClient, login, session: AsyncSession
) -> None:
    headers = await login("bithu.noivu")
    cell = await unit_id(session, seed.CELL_NOI_VU)
    first = await client.post(MEETINGS, headers=headers, json=_regular(cell))
    assert first.status_code == 201
    second = await client.post(
        MEETINGS, headers=headers, json=_regular(cell, START + timedelta(days=10))
    )
    assert second.status_code == 409 and error_code(second) == "second_regular_meeting"
    extraordinary = await client.post(
        MEETINGS,
        headers=headers,
        json={**_regular(cell, START + timedelta(days=10)), "meeting_type": "extraordinary"},
    )
    assert extraordinary.status_code == 201
    # Moving another month's meeting into March is refused the same way.
    april = await client.post(
        MEETINGS, headers=headers, json=_regular(cell, START + timedelta(days=35))
    )
    moved = await client.patch(
        f"{MEETINGS}/{april.json()['id']}",
        headers=headers,
        json={
            "version": april.json()["version"],
            "planned_start": START.isoformat(),
            "planned_end": (START + timedelta(hours=2)).isoformat(),
        },
    )
    assert moved.status_code == 409 and error_code(moved) == "second_regular_meeting"
    cancelled = await client.post(
        f"{MEETINGS}/{first.json()['id']}/cancel",
        headers=headers,
        json={"version": first.json()["version"], "reason": "Trùng lịch hội nghị của tỉnh"},
    )
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    again = await client.post(
        MEETINGS, headers=headers, json=_regular(cell, START + timedelta(days=10))
    )
    assert again.status_code == 201


async def test_bad_meeting_input(client: httpx.AsyncClient, login, session: AsyncSession) -> None:
    headers = await login("bithu.noivu")
    cell = await unit_id(session, seed.CELL_NOI_VU)
    outsider = await member_named(session, seed.SECRETARIES[seed.CELL_THI_DUA])
    meetings_before = await session.scalar(select(func.count()).select_from(Meeting))
    cases = [
        (
            _regular(cell, planned_end=(START - timedelta(hours=1)).isoformat()),
            422,
            "end_before_start",
        ),
        (_regular(cell, chair_member_id=outsider.id), 422, "person_not_in_unit"),
        (_regular(await unit_id(session, seed.CELL_TON_GIAO)), 404, "not_found"),
        ({**_regular(cell), "meeting_type": "party_committee"}, 422, "meeting_type_unit_mismatch"),
        ({**_regular(cell), "planned_start": "2025-03-03T08:00:00"}, 422, "validation_error"),
        ({**_regular(cell), "format": "carrier_pigeon"}, 422, "validation_error"),
    ]
    for payload, status, code in cases:
        response = await client.post(MEETINGS, headers=headers, json=payload)
        assert (response.status_code, error_code(response)) == (status, code), payload
    member = await client.post(MEETINGS, headers=await login("dangvien.noivu"), json=_regular(cell))
    assert member.status_code == 403
    assert await session.scalar(select(func.count()).select_from(Meeting)) == meetings_before


async def test_lifecycle_and_locking(
    client: httpx.AsyncClient, login, session: AsyncSession
) -> None:
    headers = await login("bithu.noivu")
    cell = await unit_id(session, seed.CELL_NOI_VU)
    chair = await member_named(session, seed.SECRETARIES[seed.CELL_NOI_VU])
    meeting = (
        await client.post(
            MEETINGS,
            headers=headers,
            json=_regular(cell, chair_member_id=chair.id, follower_name="Đồng chí Ủy viên BTV"),
        )
    ).json()
    url = f"{MEETINGS}/{meeting['id']}"
    early_end = await client.post(
        f"{url}/end", headers=headers, json={"version": meeting["version"]}
    )
    assert early_end.status_code == 409 and error_code(early_end) == "meeting_wrong_status"

    announced = await client.post(
        f"{url}/announce", headers=headers, json={"version": meeting["version"]}
    )
    assert announced.status_code == 200, announced.text
    body = announced.json()
    assert body["status"] == "announced"
    assert body["notice_sent_to_members_at"] and body["notice_sent_to_follower_at"]
    assert "Thời gian: 08:00 ngày 03/03/2025" in body["notice_content"]
    assert "Thông qua biên bản" in body["notice_content"]

    started = await client.post(
        f"{url}/start",
        headers=headers,
        json={"version": body["version"], "actual_start": START.isoformat()},
    )
    assert started.status_code == 200, started.text
    assert started.json()["status"] == "in_progress"
    assert "checkin_code" not in started.json()
    moved = await client.patch(
        url,
        headers=headers,
        json={
            "version": started.json()["version"],
            "planned_start": (START + timedelta(days=1)).isoformat(),
        },
    )
    assert moved.status_code == 409 and error_code(moved) == "meeting_already_started"
    ideology = await client.patch(
        url, headers=headers, json={"version": started.json()["version"], "ideology_minutes": 20}
    )
    assert ideology.status_code == 200

    backwards = await client.post(
        f"{url}/end",
        headers=headers,
        json={
            "version": ideology.json()["version"],
            "actual_end": (START - timedelta(minutes=5)).isoformat(),
        },
    )
    assert backwards.status_code == 422 and error_code(backwards) == "end_before_start"
    ended = await client.post(
        f"{url}/end",
        headers=headers,
        json={
            "version": ideology.json()["version"],
            "actual_end": (START + timedelta(minutes=125)).isoformat(),
        },
    )
    assert ended.status_code == 200 and ended.json()["status"] == "held"
    no_cancel = await client.post(
        f"{url}/cancel",
        headers=headers,
        json={"version": ended.json()["version"], "reason": "Muộn rồi"},
    )
    assert no_cancel.status_code == 409

    # Minutes made final (by the minutes endpoints) lock the meeting.
    row = await session.get(Meeting, meeting["id"])
    assert row is not None
    row.status = MeetingStatus.minutes_final
    row.minutes_final_at = START + timedelta(days=1)
    await session.commit()
    current = (await client.get(url, headers=headers)).json()
    locked = await client.patch(
        url, headers=headers, json={"version": current["version"], "location": "Phòng khác"}
    )
    assert locked.status_code == 409 and error_code(locked) == "meeting_locked"
    agenda = await client.post(f"{url}/agenda", headers=headers, json={"title": "Mục mới"})
    assert agenda.status_code == 409 and error_code(agenda) == "meeting_locked"
    refused = await client.post(
        f"{url}/amendments",
        headers=headers,
        json={"changes": {"planned_start": START.isoformat()}, "reason": "Sửa giờ"},
    )
    assert refused.status_code == 422 and error_code(refused) == "field_not_amendable"
    amended = await client.post(
        f"{url}/amendments",
        headers=headers,
        json={"changes": {"location": "Hội trường lớn"}, "reason": "Ghi nhầm địa điểm"},
    )
    assert amended.status_code == 201, amended.text
    assert amended.json()["before"] == {"location": "Phòng họp tầng 3"}
    assert amended.json()["after"] == {"location": "Hội trường lớn"}
    history = (await client.get(f"{url}/amendments", headers=await login("dangvien.noivu"))).json()
    assert [a["reason"] for a in history] == ["Ghi nhầm địa điểm"]
    assert (await client.get(url, headers=headers)).json()["location"] == "Hội trường lớn"
    outsider = await client.get(url, headers=await login("bithu.tongiao"))
    assert outsider.status_code == 404


async def test_agenda_editing(client: httpx.AsyncClient, login, session: AsyncSession) -> None:
    headers = await login("bithu.noivu")
    cell = await unit_id(session, seed.CELL_NOI_VU)
    meeting = (
        await client.post(MEETINGS, headers=headers, json={**_regular(cell), "with_agenda": False})
    ).json()
    url = f"{MEETINGS}/{meeting['id']}/agenda"
    a = (
        await client.post(url, headers=headers, json={"title": "Khai mạc", "kind": "opening"})
    ).json()
    b = (
        await client.post(
            url,
            headers=headers,
            json={"title": "Thảo luận", "kind": "discussion", "planned_minutes": 30},
        )
    ).json()
    c = (
        await client.post(
            url, headers=headers, json={"title": "Báo cáo", "kind": "report", "position": 2}
        )
    ).json()
    items = (await client.get(url, headers=headers)).json()
    assert [i["title"] for i in items] == ["Khai mạc", "Báo cáo", "Thảo luận"]
    mismatch = await client.post(f"{url}/order", headers=headers, json={"item_ids": [a["id"]]})
    assert mismatch.status_code == 422 and error_code(mismatch) == "agenda_order_mismatch"
    ordered = await client.post(
        f"{url}/order", headers=headers, json={"item_ids": [b["id"], a["id"], c["id"]]}
    )
    assert [i["title"] for i in ordered.json()] == ["Thảo luận", "Khai mạc", "Báo cáo"]
    deleted = await client.delete(f"{url}/{b['id']}", headers=headers)
    assert deleted.status_code == 204
    items = (await client.get(url, headers=headers)).json()
    assert [(i["position"], i["title"]) for i in items] == [(1, "Khai mạc"), (2, "Báo cáo")]


async def test_a_year_of_regular_meetings(
    client: httpx.AsyncClient, login, session: AsyncSession
) -> None:
    headers = await login("dangbo.noivu")
    base = await unit_id(session, seed.BASE_CODE)
    made = await client.post(
        f"{MEETINGS}/generate-year", headers=headers, json={"unit_id": base, "year": 2030}
    )
    assert made.status_code == 201, made.text
    created = made.json()["created"]
    assert len(created) == 4 * 12 and made.json()["skipped"] == []
    noi_vu = await unit_id(session, seed.CELL_NOI_VU)
    mine = sorted((m for m in created if m["unit_id"] == noi_vu), key=lambda m: m["planned_start"])
    starts = [datetime.fromisoformat(m["planned_start"]) + timedelta(hours=7) for m in mine]
    # A year far from the demo data. 01/01, 01/05 and 02/09 are holidays; 01/06 a Saturday.
    assert starts[0] == datetime(2030, 1, 2, 8, 0, tzinfo=UTC)
    assert starts[4] == datetime(2030, 5, 2, 8, 0, tzinfo=UTC)
    assert starts[5] == datetime(2030, 6, 3, 8, 0, tzinfo=UTC)
    assert starts[8] == datetime(2030, 9, 3, 8, 0, tzinfo=UTC)
    assert all(s.weekday() < 5 and s.day <= 7 for s in starts)
    assert {m["status"] for m in created} == {"draft"}
    again = await client.post(
        f"{MEETINGS}/generate-year", headers=headers, json={"unit_id": base, "year": 2030}
    )
    assert again.json()["created"] == [] and len(again.json()["skipped"]) == 48
    secretary = await client.post(
        f"{MEETINGS}/generate-year",
        headers=await login("bithu.noivu"),
        json={"unit_id": base, "year": 2031},
    )
    assert secretary.status_code == 404


async def test_norms_are_versioned_data(
    client: httpx.AsyncClient, login, session: AsyncSession
) -> None:
    committee = await login("dangbo.noivu")
    secretary = await login("bithu.noivu")
    cell = await unit_id(session, seed.CELL_NOI_VU)
    base = await unit_id(session, seed.BASE_CODE)
    default = (await client.get("/api/v1/meeting-norms", headers=secretary)).json()
    assert default["scope_key"] == "default" and default["rules"]["min_duration_minutes"] == 90
    old = (await client.post(MEETINGS, headers=secretary, json=_regular(cell))).json()

    rules = {**default["rules"], "min_duration_minutes": 100}
    payload = {
        "unit_id": base,
        "effective_from": "2025-01-01",
        "rules": rules,
        "source": "Hướng dẫn của Đảng ủy Sở",
    }
    # A secretary sees no committee to set norms for; for its own cell it may not set them.
    assert (
        await client.post("/api/v1/meeting-norms", headers=secretary, json=payload)
    ).status_code == 404
    own_cell = {**payload, "unit_id": cell}
    assert (
        await client.post("/api/v1/meeting-norms", headers=secretary, json=own_cell)
    ).status_code == 403
    bad = {**payload, "rules": {**rules, "ideology_minutes": {"min": 30, "max": 15}}}
    invalid = await client.post("/api/v1/meeting-norms", headers=committee, json=bad)
    assert invalid.status_code == 422 and error_code(invalid) == "validation_error"
    unknown = {**payload, "rules": {**rules, "surprise": 1}}
    assert (
        await client.post("/api/v1/meeting-norms", headers=committee, json=unknown)
    ).status_code == 422
    added = await client.post("/api/v1/meeting-norms", headers=committee, json=payload)
    assert added.status_code == 201 and added.json()["version_number"] == 1

    new = (
        await client.post(
            MEETINGS, headers=secretary, json=_regular(cell, START + timedelta(days=31))
        )
    ).json()
    assert new["min_duration_minutes"] == 100
    assert (await client.get(f"{MEETINGS}/{old['id']}", headers=secretary)).json()[
        "min_duration_minutes"
    ] == 90
    versions = (
        await client.get(
            "/api/v1/meeting-norms/versions", headers=secretary, params={"unit_id": cell}
        )
    ).json()
    assert [(v["scope_key"], v["version_number"]) for v in versions] == [
        (str(base), 1),
        ("default", 1),
        ("default", 2),  # quorum and vote thresholds (migration 0013)
    ]


async def test_compliance_per_month_and_quarter(
    client: httpx.AsyncClient, login, session: AsyncSession
) -> None:
    # January and February 2018 fall on 2024's weekdays; no demo meetings on any day the suite
    # may run on (the demo's year is the twelve months before its day, from 2023 on).
    jan = datetime(2018, 1, 2, 1, 0, tzinfo=UTC)
    committee = await make_meeting(
        session,
        seed.CELL_NOI_VU,
        status=MeetingStatus.held,
        meeting_type=MeetingType.committee,
        start=jan - timedelta(days=3),
        minutes=45,
        title="Họp chi ủy",
    )
    regular = await make_meeting(
        session, seed.CELL_NOI_VU, status=MeetingStatus.minutes_final, start=jan, minutes=120
    )
    regular.minutes_final_at = jan + timedelta(days=1)
    regular.preparation_meeting_id = committee.id
    session.add(
        Document(
            meeting_id=regular.id,
            title="Dự thảo nghị quyết",
            filename="nq.pdf",
            content_type="application/pdf",
            size_bytes=10,
            sha256="0" * 64,
            storage_key="x",
            sent_at=jan - timedelta(days=2),
        )
    )
    # The minutes, posted after the meeting, do not make January's papers late.
    session.add(
        Document(
            meeting_id=regular.id,
            kind=DocumentKind.minutes,
            title="Biên bản",
            filename="bb.pdf",
            content_type="application/pdf",
            size_bytes=10,
            sha256="2" * 64,
            storage_key="z",
            sent_at=jan + timedelta(days=1),
        )
    )
    feb = await make_meeting(
        session,
        seed.CELL_NOI_VU,
        status=MeetingStatus.held,
        start=datetime(2018, 2, 1, 1, 0, tzinfo=UTC),
        minutes=80,
    )
    session.add(
        Document(
            meeting_id=feb.id,
            title="Tài liệu",
            filename="t.pdf",
            content_type="application/pdf",
            size_bytes=10,
            sha256="1" * 64,
            storage_key="y",
            sent_at=feb.planned_start - timedelta(hours=2),
        )
    )
    await make_meeting(
        session,
        seed.CELL_NOI_VU,
        status=MeetingStatus.held,
        meeting_type=MeetingType.thematic,
        start=datetime(2018, 2, 20, 1, 0, tzinfo=UTC),
        title="Chuyên đề",
    )
    await session.commit()

    response = await client.get(
        f"/api/v1/units/{await unit_id(session, seed.BASE_CODE)}/compliance",
        headers=await login("dangbo.noivu"),
        params={"year": 2018},
    )
    assert response.status_code == 200
    cells = {c["unit_id"]: c for c in response.json()}
    assert len(cells) == 4
    noi_vu = cells[await unit_id(session, seed.CELL_NOI_VU)]
    january, february, march = noi_vu["months"][:3]
    assert january == {
        "month": 1,
        "regular_meeting_id": regular.id,
        "regular_held": True,
        "committee_meeting_before": True,
        "documents_on_time": True,
        "duration_met": True,
        "minutes_final_on_time": True,
        "due": True,
    }
    assert february["regular_held"] and not february["duration_met"]
    assert not february["documents_on_time"] and not february["committee_meeting_before"]
    assert not february["minutes_final_on_time"]
    assert march["regular_meeting_id"] is None and not march["regular_held"] and march["due"]
    assert noi_vu["quarters"][0] == {
        "quarter": 1,
        "thematic_held": 1,
        "thematic_required": 1,
        "met": True,
    }
    assert noi_vu["quarters"][1]["met"] is False
    thi_dua = cells[await unit_id(session, seed.CELL_THI_DUA)]
    assert not any(m["regular_held"] for m in thi_dua["months"])
    hidden = await client.get(
        f"/api/v1/units/{await unit_id(session, 'DB-STC')}/compliance",
        headers=await login("dangbo.noivu"),
        params={"year": 2018},
    )
    assert hidden.status_code == 404
