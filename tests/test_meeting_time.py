"""Time rules of a meeting (issue 9, point 8), through the API with the clock moved:

- a meeting starts at most `start_early_margin_minutes` (norms, default 120) before its planned
  start: planned 08:00, started 05:59 is refused, 06:00 accepted;
- it is never recorded as held in the future (actual start or end later than now);
- its minutes become final only once it has ended.
Each refusal: a 4xx with a stable code and a Vietnamese message, nothing stored.

Meetings sit in March 2036 (extraordinary ones, so no regular-meeting rule gets in the way).
"""

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from chibo.core.clock import travel, utcnow
from chibo.demo import seed
from chibo.meetings.models import MeetingStatus
from tests.factories import make_meeting
from tests.helpers import audit_count, error_code, fresh_login, unit_id

API = "/api/v1"
# 08:00 in Hà Tĩnh (UTC+7) on Monday 3 March 2036.
PLANNED = datetime(2036, 3, 3, 1, 0, tzinfo=UTC)
AT_0559 = datetime(2036, 3, 2, 22, 59, tzinfo=UTC)  # 05:59 in Hà Tĩnh
AT_0600 = datetime(2036, 3, 2, 23, 0, tzinfo=UTC)  # 06:00 in Hà Tĩnh
VI = {"Accept-Language": "vi"}


async def _announced(
    client: httpx.AsyncClient, headers: dict[str, str], cell: int, planned: datetime = PLANNED
) -> dict[str, Any]:
    created = await client.post(
        f"{API}/meetings",
        headers=headers,
        json={
            "unit_id": cell,
            "meeting_type": "extraordinary",
            "planned_start": planned.isoformat(),
            "with_agenda": False,
        },
    )
    assert created.status_code == 201, created.text
    meeting = created.json()
    announced = await client.post(
        f"{API}/meetings/{meeting['id']}/announce",
        headers=headers,
        json={"version": meeting["version"]},
    )
    assert announced.status_code == 200, announced.text
    return dict(announced.json())


async def _start(
    client: httpx.AsyncClient, headers: dict[str, str], meeting: dict[str, Any], **body: Any
) -> httpx.Response:
    return await client.post(
        f"{API}/meetings/{meeting['id']}/start",
        headers={**headers, **VI},
        json={"version": meeting["version"], **body},
    )


async def _unchanged(
    client: httpx.AsyncClient, headers: dict[str, str], meeting: dict[str, Any]
) -> None:
    now = (await client.get(f"{API}/meetings/{meeting['id']}", headers=headers)).json()
    assert (now["status"], now["actual_start"], now["version"]) == (
        meeting["status"],
        meeting["actual_start"],
        meeting["version"],
    )


async def test_start_at_most_two_hours_early(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    cell = await unit_id(session, seed.CELL_NOI_VU)
    with travel(AT_0559 - utcnow() - timedelta(days=2)):
        headers = await fresh_login(client, "bithu.noivu")
        meeting = await _announced(client, headers, cell)

    # 05:59: 2 hours and 1 minute before 08:00, refused with the Vietnamese message.
    with travel(AT_0559 - utcnow()):
        headers = await fresh_login(client, "bithu.noivu")
        entries = await audit_count(session)
        early = await _start(client, headers, meeting)
        assert early.status_code == 422 and error_code(early) == "start_too_early"
        error = early.json()["error"]
        assert error["message"] == (
            "Cuộc họp chỉ được bắt đầu sớm nhất 120 phút trước giờ dự kiến: "
            "không trước 06:00 03/03/2036."
        )
        assert error["details"]["margin_minutes"] == 120
        assert error["details"]["earliest_start"] == "2036-03-02T23:00:00+00:00"
        await _unchanged(client, headers, meeting)
        assert await audit_count(session) == entries

    # 06:00 sharp: exactly the margin, accepted; the recorded start is now.
    with travel(AT_0600 - utcnow()):
        headers = await fresh_login(client, "bithu.noivu")
        started = await _start(client, headers, meeting)
        assert started.status_code == 200, started.text
        body = started.json()
        assert body["status"] == "in_progress"
        recorded = datetime.fromisoformat(body["actual_start"])
        assert AT_0600 <= recorded < AT_0600 + timedelta(seconds=30)


async def test_a_start_recorded_afterwards_keeps_to_the_same_margin(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    """The secretary records the start later in the day: the time given is checked, not now."""
    cell = await unit_id(session, seed.CELL_NOI_VU)
    with travel(PLANNED - utcnow() - timedelta(days=2)):
        meeting = await _announced(client, await fresh_login(client, "bithu.noivu"), cell)
    with travel(PLANNED + timedelta(hours=1) - utcnow()):  # 09:00
        headers = await fresh_login(client, "bithu.noivu")
        days_early = await _start(
            client, headers, meeting, actual_start=(PLANNED - timedelta(days=3)).isoformat()
        )
        assert days_early.status_code == 422 and error_code(days_early) == "start_too_early"
        too_early = await _start(client, headers, meeting, actual_start=AT_0559.isoformat())
        assert too_early.status_code == 422 and error_code(too_early) == "start_too_early"
        future = await _start(
            client,
            headers,
            meeting,
            actual_start=(PLANNED + timedelta(hours=1, minutes=1)).isoformat(),
        )
        assert future.status_code == 422 and error_code(future) == "time_in_future"
        assert future.json()["error"]["message"] == (
            "Không thể ghi nhận thời gian diễn ra cuộc họp ở tương lai."
        )
        await _unchanged(client, headers, meeting)
        started = await _start(client, headers, meeting, actual_start=AT_0600.isoformat())
        assert started.status_code == 200, started.text
        assert started.json()["actual_start"] == "2036-03-02T23:00:00Z"


async def test_the_margin_is_data(client: httpx.AsyncClient, session: AsyncSession) -> None:
    """The base committee's norms allow 30 minutes: 07:29 refused, 07:30 accepted."""
    cell = await unit_id(session, seed.CELL_NOI_VU)
    base = await unit_id(session, seed.BASE_CODE)
    planned = PLANNED + timedelta(days=7)  # 08:00 on Monday 10 March 2036
    with travel(planned - utcnow() - timedelta(days=3)):
        committee = await fresh_login(client, "dangbo.noivu")
        default = (await client.get(f"{API}/meeting-norms", headers=committee)).json()
        assert default["rules"]["start_early_margin_minutes"] == 120
        added = await client.post(
            f"{API}/meeting-norms",
            headers=committee,
            json={
                "unit_id": base,
                "effective_from": "2036-01-01",
                "rules": {**default["rules"], "start_early_margin_minutes": 30},
                "source": "Hướng dẫn của Đảng ủy Sở",
            },
        )
        assert added.status_code == 201, added.text
        meeting = await _announced(client, await fresh_login(client, "bithu.noivu"), cell, planned)
    with travel(planned - timedelta(minutes=31) - utcnow()):
        refused = await _start(client, await fresh_login(client, "bithu.noivu"), meeting)
        assert refused.status_code == 422 and error_code(refused) == "start_too_early"
        assert refused.json()["error"]["details"]["margin_minutes"] == 30
    with travel(planned - timedelta(minutes=30) - utcnow()):
        started = await _start(client, await fresh_login(client, "bithu.noivu"), meeting)
        assert started.status_code == 200, started.text


async def test_end_and_amendments_never_in_the_future(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    cell = await unit_id(session, seed.CELL_NOI_VU)
    with travel(PLANNED - utcnow() - timedelta(days=2)):
        meeting = await _announced(client, await fresh_login(client, "bithu.noivu"), cell)
    with travel(PLANNED + timedelta(minutes=95) - utcnow()):  # 09:35
        headers = await fresh_login(client, "bithu.noivu")
        started = (await _start(client, headers, meeting)).json()
        url = f"{API}/meetings/{meeting['id']}"
        later = await client.post(
            f"{url}/end",
            headers=headers,
            json={
                "version": started["version"],
                "actual_end": (PLANNED + timedelta(minutes=100)).isoformat(),
            },
        )
        assert later.status_code == 422 and error_code(later) == "time_in_future"
        assert later.json()["error"]["details"]["field"] == "actual_end"
        still = (await client.get(url, headers=headers)).json()
        assert (still["status"], still["actual_end"]) == ("in_progress", None)


async def test_minutes_final_only_after_the_end(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    """A held meeting whose recorded end is still ahead (made directly in the database, as the
    API no longer lets one be recorded): its minutes cannot be made final until then."""
    held = await make_meeting(
        session, seed.CELL_NOI_VU, status=MeetingStatus.held, start=PLANNED, minutes=120
    )
    await session.commit()
    end = PLANNED + timedelta(minutes=120)  # 10:00
    with travel(end - timedelta(minutes=1) - utcnow()):
        headers = await fresh_login(client, "bithu.noivu")
        url = f"{API}/meetings/{held.id}/minutes"
        generated = await client.post(f"{url}/generate", headers=headers, json={})
        assert generated.status_code == 200, generated.text
        early = await client.post(f"{url}/finalize", headers={**headers, **VI}, json={"version": 1})
        assert early.status_code == 409 and error_code(early) == "minutes_before_meeting_end"
        assert early.json()["error"]["message"] == (
            "Chỉ được hoàn thành biên bản sau khi cuộc họp đã kết thúc."
        )
        assert (await client.get(url, headers=headers)).json()["final_at"] is None
    with travel(end - utcnow()):
        final = await client.post(
            f"{url}/finalize",
            headers=await fresh_login(client, "bithu.noivu"),
            json={"version": 1},
        )
        assert final.status_code == 200, final.text
        # Locked now: an amendment may not move the end into the future either.
        amended = await client.post(
            f"{API}/meetings/{held.id}/amendments",
            headers=await fresh_login(client, "bithu.noivu"),
            json={
                "changes": {"actual_end": (end + timedelta(hours=1)).isoformat()},
                "reason": "Ghi lại giờ kết thúc",
            },
        )
        assert amended.status_code == 422 and error_code(amended) == "time_in_future"
