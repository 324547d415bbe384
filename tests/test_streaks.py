"""Excused-absence streaks count the member's own cell meetings only (issue 9, point 7).

"More than 3 excused absences in a row" looks at the cell's meetings (regular, thematic,
extraordinary); a committee meeting (họp chi ủy) in between neither breaks nor extends a run,
and committee meetings alone never make one. The alerts and the rating facts read the same
definition. Meetings sit in 2035, a year no demo data and no other test reaches.
"""

from datetime import UTC, datetime
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from chibo.attendance.models import AttendanceStatus
from chibo.attendance.service import sync_roll
from chibo.demo import seed
from chibo.meetings.models import Meeting, MeetingStatus, MeetingType
from tests.factories import make_meeting
from tests.helpers import member_named

API = "/api/v1"
YEAR = 2035
# The secretary of Chi bộ Nội vụ: on the cell's rolls and on its committee.
SECRETARY = "Lê Văn Thắng"

Plan = list[tuple[MeetingType, int, int, AttendanceStatus]]


async def _meetings(session: AsyncSession, plan: Plan) -> list[Meeting]:
    """Held meetings of Chi bộ Nội vụ, one per (type, month, day); Lê Văn Thắng gets the
    given mark, everyone else is present."""
    thang = await member_named(session, SECRETARY)
    made = []
    for meeting_type, month, day, status in plan:
        meeting = await make_meeting(
            session,
            seed.CELL_NOI_VU,
            status=MeetingStatus.held,
            meeting_type=meeting_type,
            start=datetime(YEAR, month, day, 1, 0, tzinfo=UTC),
            title=f"{meeting_type.value} {month}/{day}",
        )
        rows = (await sync_roll(session, meeting)).rows
        assert thang.id in {row.member_id for row in rows}
        for row in rows:
            if row.excluded_from_base is None:
                row.status = status if row.member_id == thang.id else AttendanceStatus.present
                if row.status is AttendanceStatus.excused:
                    row.reason = "Đi công tác"
        made.append(meeting)
    await session.commit()
    return made


async def _streak_alerts(client: httpx.AsyncClient, headers: Any) -> list[dict[str, Any]]:
    response = await client.get(f"{API}/attendance/alerts", headers=headers, params={"year": YEAR})
    assert response.status_code == 200, response.text
    return [a for a in response.json() if a["kind"] == "consecutive_excused_absences"]


async def _facts(client: httpx.AsyncClient, headers: Any, meeting: Meeting) -> dict[str, Any]:
    response = await client.get(f"{API}/meetings/{meeting.id}/rating-facts", headers=headers)
    assert response.status_code == 200, response.text
    return {f["name"]: f["value"] for f in response.json()["facts"]}


EXCUSED, PRESENT = AttendanceStatus.excused, AttendanceStatus.present
REGULAR, COMMITTEE = MeetingType.regular, MeetingType.committee


async def test_committee_meeting_between_does_not_break_the_streak(
    client: httpx.AsyncClient, login, session: AsyncSession
) -> None:
    # Excused at the cell's meetings of February, March, April and May; present at the
    # committee meeting of 2 April (before the April cell meeting): still 4 in a row.
    plan: Plan = [
        (REGULAR, 2, 5, EXCUSED),
        (REGULAR, 3, 5, EXCUSED),
        (COMMITTEE, 4, 2, PRESENT),
        (REGULAR, 4, 5, EXCUSED),
        (REGULAR, 5, 7, EXCUSED),
    ]
    feb, mar, committee, apr, may = await _meetings(session, plan)
    secretary = await login("bithu.noivu")
    alerts = await _streak_alerts(client, secretary)
    assert [(a["member_name"], a["count"], a["meeting_ids"]) for a in alerts] == [
        (SECRETARY, 4, [feb.id, mar.id, apr.id, may.id])
    ]
    # The rating facts of May see the same run of 4; those of April a run of 3.
    may_facts = await _facts(client, secretary, may)
    assert may_facts["longest_excused_streak"] == 4
    assert may_facts["no_long_excused_streak"] is False
    apr_facts = await _facts(client, secretary, apr)
    assert apr_facts["longest_excused_streak"] == 3
    assert apr_facts["no_long_excused_streak"] is True
    assert committee.id not in alerts[0]["meeting_ids"]


async def test_committee_meetings_alone_never_make_a_streak(
    client: httpx.AsyncClient, login, session: AsyncSession
) -> None:
    # Excused at four committee meetings in a row and at two cell meetings: the longest run
    # of the cell's meetings is 2 (February, March), no alert.
    plan: Plan = [
        (COMMITTEE, 1, 2, EXCUSED),
        (COMMITTEE, 2, 1, EXCUSED),
        (REGULAR, 2, 5, EXCUSED),
        (COMMITTEE, 3, 1, EXCUSED),
        (REGULAR, 3, 5, EXCUSED),
        (COMMITTEE, 4, 2, EXCUSED),
        (REGULAR, 4, 5, PRESENT),
    ]
    meetings = await _meetings(session, plan)
    for account in ("bithu.noivu", "dangbo.noivu"):
        assert await _streak_alerts(client, await login(account)) == []
    facts = await _facts(client, await login("bithu.noivu"), meetings[-1])
    assert facts["longest_excused_streak"] == 2
    assert facts["no_long_excused_streak"] is True
    summary = (
        await client.get(
            f"{API}/meetings/{meetings[-1].id}/attendance", headers=await login("bithu.noivu")
        )
    ).json()["summary"]
    assert summary["no_long_excused_streak"] is True
