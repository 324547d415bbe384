"""Thematic plans through the API: topics registered (3–4 a year, presenter from the cell),
meetings that hold them, and the compliance view per quarter. Years 2034–2035, which no
demo data reaches; the clock moves to 2035 so that 2034's quarters are over."""

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from chibo.core.clock import travel, utcnow
from chibo.demo import seed
from chibo.meetings.models import Meeting, MeetingStatus, MeetingType, ThematicTopic
from tests.factories import make_meeting
from tests.helpers import error_code, member_named, unit_id

API = "/api/v1"
PRESENTER = "Trần Thị Minh Nguyệt"


async def fresh_login(client: httpx.AsyncClient, *usernames: str) -> list[dict[str, str]]:
    headers = []
    for username in usernames:
        response = await client.post(
            f"{API}/auth/login", json={"username": username, "password": seed.DEMO_PASSWORD}
        )
        assert response.status_code == 200, response.text
        headers.append({"Authorization": f"Bearer {response.json()['access_token']}"})
    return headers


def at(year: int, month: int, day: int) -> datetime:
    return datetime(year, month, day, 1, 0, tzinfo=UTC)  # 08:00 in Hà Tĩnh


async def _register(
    client: httpx.AsyncClient, headers: dict[str, str], cell: int, quarter: int, title: str,
    **extra: Any,
) -> dict[str, Any]:  # fmt: skip
    response = await client.post(
        f"{API}/units/{cell}/thematic-topics",
        headers=headers,
        json={"year": 2034, "quarter": quarter, "title": title, **extra},
    )
    assert response.status_code == 201, response.text
    return response.json()  # type: ignore[no-any-return]


async def test_topics_are_registered_by_the_cell(
    client: httpx.AsyncClient, session: AsyncSession, login: Any
) -> None:
    cell = await unit_id(session, seed.CELL_NOI_VU)
    headers = await login("bithu.noivu")
    presenter = await member_named(session, PRESENTER)
    topic = await _register(
        client, headers, cell, 1, "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
        presenter_member_id=presenter.id, note="Báo cáo viên chuẩn bị đề cương",
    )  # fmt: skip
    assert (topic["status"], topic["presenter_name"], topic["version"]) == (
        "registered",
        PRESENTER,
        1,
    )

    outsider = await member_named(session, "Trần Xuân Lộc")  # Chi bộ Thi đua – Khen thưởng
    refused = await client.post(
        f"{API}/units/{cell}/thematic-topics",
        headers=headers,
        json={"year": 2034, "quarter": 2, "title": "Chuyên đề", "presenter_member_id": outsider.id},
    )
    assert refused.status_code == 422 and error_code(refused) == "presenter_not_in_cell"
    bad_quarter = await client.post(
        f"{API}/units/{cell}/thematic-topics",
        headers=headers,
        json={"year": 2034, "quarter": 5, "title": "Chuyên đề"},
    )
    assert bad_quarter.status_code == 422
    base = await unit_id(session, seed.BASE_CODE)
    not_cell = await client.post(
        f"{API}/units/{base}/thematic-topics",
        headers=await login("dangbo.noivu"),
        json={"year": 2034, "quarter": 2, "title": "Chuyên đề"},
    )
    assert error_code(not_cell) == "unit_not_cell"

    member = await login("dangvien.noivu")
    listed = await client.get(
        f"{API}/units/{cell}/thematic-topics", headers=member, params={"year": 2034}
    )
    assert [t["id"] for t in listed.json()] == [topic["id"]]
    assert (
        await client.post(
            f"{API}/units/{cell}/thematic-topics",
            headers=member,
            json={"year": 2034, "quarter": 2, "title": "Chuyên đề"},
        )
    ).status_code == 403
    outside = await login("bithu.taichinh")
    assert (
        await client.get(f"{API}/units/{cell}/thematic-topics", headers=outside)
    ).status_code == 404

    path = f"{API}/thematic-topics/{topic['id']}"
    stale = await client.patch(path, headers=headers, json={"version": 3, "quarter": 2})
    assert error_code(stale) == "stale_version"
    moved = await client.patch(
        path, headers=headers, json={"version": 1, "quarter": 2, "status": "postponed"}
    )
    assert moved.status_code == 200, moved.text
    assert (moved.json()["quarter"], moved.json()["status"]) == (2, "postponed")
    foreign = await client.patch(
        path, headers=headers, json={"version": 2, "presenter_member_id": outsider.id}
    )
    assert error_code(foreign) == "presenter_not_in_cell"
    assert (
        await client.patch(path, headers=member, json={"version": 2, "note": "x"})
    ).status_code == 403
    assert (
        await client.patch(path, headers=outside, json={"version": 2, "note": "x"})
    ).status_code == 404


async def _thematic_meeting(
    session: AsyncSession,
    start: datetime,
    *,
    status: MeetingStatus = MeetingStatus.held,
    meeting_type: MeetingType = MeetingType.thematic,
    topic_id: int | None = None,
    combined: bool = False,
) -> Meeting:
    meeting = await make_meeting(
        session, seed.CELL_NOI_VU, status=status, start=start, meeting_type=meeting_type
    )
    meeting.thematic_topic_id = topic_id
    meeting.has_thematic_part = combined
    await session.flush()
    return meeting


async def test_plan_sets_registered_against_held_per_quarter(
    client: httpx.AsyncClient, session: AsyncSession, login: Any
) -> None:
    cell = await unit_id(session, seed.CELL_NOI_VU)
    headers = await login("bithu.noivu")
    presenter = await member_named(session, PRESENTER)
    q1 = await _register(client, headers, cell, 1, "Chuyên đề quý I",
                         presenter_member_id=presenter.id)  # fmt: skip
    await _register(client, headers, cell, 2, "Chuyên đề quý II")
    await _register(client, headers, cell, 3, "Chuyên đề quý III")

    # Q1: a thematic meeting held for topic 1. Q2: a regular meeting with a thematic part,
    # minutes final, without a topic link. Q3: a thematic meeting still in progress (does
    # not count) and a regular meeting without a thematic part (does not count). Q4: nothing.
    await _thematic_meeting(session, at(2034, 2, 15), topic_id=q1["id"])
    await _thematic_meeting(session, at(2034, 5, 2), status=MeetingStatus.minutes_final,
                            meeting_type=MeetingType.regular, combined=True)  # fmt: skip
    await _thematic_meeting(session, at(2034, 8, 16), status=MeetingStatus.in_progress)
    await _thematic_meeting(session, at(2034, 9, 4), meeting_type=MeetingType.regular)
    # Another cell's thematic meeting is not ours.
    await make_meeting(
        session,
        seed.CELL_THI_DUA,
        status=MeetingStatus.held,
        meeting_type=MeetingType.thematic,
        start=at(2034, 8, 20),
    )
    await session.commit()

    with travel(at(2035, 1, 15) - utcnow()):
        # Tokens are dated by the clock: sign in again after moving it.
        member, headers = await fresh_login(client, "dangvien.noivu", "bithu.noivu")
        response = await client.get(f"{API}/units/{cell}/thematic-plan/2034", headers=member)
        assert response.status_code == 200, response.text
        plan = response.json()
        assert (plan["topics_registered"], plan["topics_min"], plan["topics_max"]) == (3, 3, 4)
        assert plan["topics_ok"] is True and plan["compliant"] is False
        quarters = {q["quarter"]: q for q in plan["quarters"]}
        assert [quarters[i]["status"] for i in (1, 2, 3, 4)] == ["met", "met", "missed", "missed"]
        assert [len(quarters[i]["meetings_held"]) for i in (1, 2, 3, 4)] == [1, 1, 0, 0]
        assert quarters[1]["meetings_held"][0]["thematic_topic_id"] == q1["id"]
        assert quarters[2]["meetings_held"][0]["has_thematic_part"] is True
        # Topic 1 shows as held: its meeting is held (the stored status follows at finalize).
        assert quarters[1]["topics"][0]["status"] == "held"
        assert quarters[1]["topics"][0]["presenter_name"] == PRESENTER
        assert quarters[2]["topics"][0]["status"] == "registered"
        codes = [(w["code"], w["quarter"]) for w in plan["warnings"]]
        assert codes == [
            ("quarter_without_thematic_meeting", 3),
            ("quarter_without_thematic_meeting", 4),
            ("quarter_without_topic", 4),
        ]
        stored = await session.get(ThematicTopic, q1["id"])
        assert stored is not None and stored.status.value == "registered"

        # Five topics are too many; a cancelled one does not count.
        await _register(client, headers, cell, 4, "Chuyên đề quý IV")
        extra = await _register(client, headers, cell, 4, "Chuyên đề bổ sung")
        plan = (await client.get(f"{API}/units/{cell}/thematic-plan/2034", headers=headers)).json()
        assert plan["topics_registered"] == 5 and plan["topics_ok"] is False
        assert plan["warnings"][0]["code"] == "too_many_topics"
        cancelled = await client.patch(
            f"{API}/thematic-topics/{extra['id']}",
            headers=headers,
            json={"version": 1, "status": "cancelled"},
        )
        assert cancelled.status_code == 200
        plan = (await client.get(f"{API}/units/{cell}/thematic-plan/2034", headers=headers)).json()
        assert plan["topics_registered"] == 4 and plan["topics_ok"] is True
        assert [w["code"] for w in plan["warnings"]] == [
            "quarter_without_thematic_meeting",
            "quarter_without_thematic_meeting",
        ]

    # Before the year is over, quarters without a meeting yet are pending, not missed.
    with travel(at(2034, 7, 10) - utcnow()):
        (headers,) = await fresh_login(client, "bithu.noivu")
        plan = (await client.get(f"{API}/units/{cell}/thematic-plan/2034", headers=headers)).json()
        assert [q["status"] for q in plan["quarters"]] == ["met", "met", "pending", "pending"]
        assert plan["compliant"] is True


async def test_too_few_topics_and_scope(
    client: httpx.AsyncClient, session: AsyncSession, login: Any
) -> None:
    cell = await unit_id(session, seed.CELL_NOI_VU)
    headers = await login("bithu.noivu")
    await _register(client, headers, cell, 1, "Chuyên đề duy nhất")
    plan = (await client.get(f"{API}/units/{cell}/thematic-plan/2034", headers=headers)).json()
    assert plan["topics_registered"] == 1
    assert plan["warnings"][0] == {
        "code": "too_few_topics",
        "quarter": None,
        "message": "1 topics registered; at least 3 a year.",
        "message_vi": "Mới đăng ký 1 chuyên đề; mỗi năm cần ít nhất 3.",
    }
    outside = await login("bithu.taichinh")
    hidden = await client.get(f"{API}/units/{cell}/thematic-plan/2034", headers=outside)
    assert hidden.status_code == 404


async def test_finalizing_the_minutes_marks_the_topic_held(
    client: httpx.AsyncClient, session: AsyncSession, login: Any
) -> None:
    cell = await unit_id(session, seed.CELL_NOI_VU)
    headers = await login("bithu.noivu")
    topic = await _register(client, headers, cell, 2, "Chuyên đề về chuyển đổi số")
    meeting = await _thematic_meeting(session, at(2034, 4, 12), topic_id=topic["id"])
    await session.commit()
    generated = await client.post(f"{API}/meetings/{meeting.id}/minutes/generate", headers=headers)
    assert generated.status_code == 200, generated.text
    assert "BIÊN BẢN SINH HOẠT CHI BỘ CHUYÊN ĐỀ QUÝ II NĂM 2034" in generated.json()["content"]
    assert "Chuyên đề: Chuyên đề về chuyển đổi số." in generated.json()["content"]
    assert meeting.actual_end is not None
    with travel(meeting.actual_end - utcnow() + timedelta(hours=2)):  # after the meeting
        final = await client.post(
            f"{API}/meetings/{meeting.id}/minutes/finalize",
            headers=(await fresh_login(client, "bithu.noivu"))[0],
            json={"version": 1},
        )
    assert final.status_code == 200, final.text
    stored = await session.get(ThematicTopic, topic["id"])
    assert stored is not None
    await session.refresh(stored)
    assert stored.status.value == "held" and stored.version == 2
    listed = await client.get(f"{API}/units/{cell}/thematic-topics", headers=headers,
                              params={"year": 2034})  # fmt: skip
    assert [t["status"] for t in listed.json()] == ["held"]
