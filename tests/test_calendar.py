"""Private calendar feeds: the ICS parses with a standard iCalendar library (`icalendar`),
lists the meetings of the feed owner's scope and no others, and a revoked URL is gone."""

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import icalendar
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from chibo.audit.models import AuditEntry
from chibo.calendar import ics
from chibo.calendar.service import token_digest
from chibo.core.clock import utcnow
from chibo.core.middleware import _redact
from chibo.demo import seed
from chibo.meetings.models import (
    AgendaItem,
    AgendaItemKind,
    CalendarFeed,
    Meeting,
    MeetingFormat,
    MeetingStatus,
    MeetingType,
)
from chibo.units.models import Unit
from tests.factories import make_meeting
from tests.helpers import error_code

FEED = "/api/v1/calendar/feed"


def _hour(days: int) -> datetime:
    return (utcnow() + timedelta(days=days)).replace(minute=0, second=0, microsecond=0)


async def _arrange(session: AsyncSession) -> dict[str, Meeting]:
    """Meetings of Chi bộ Nội vụ in every state, one of another cell of the same base
    committee, one of Sở Tài chính, and one of Nội vụ too far in the past."""

    async def meeting(code: str, days: int, status: MeetingStatus, title: str) -> Meeting:
        return await make_meeting(
            session,
            code,
            status=status,
            meeting_type=MeetingType.extraordinary,
            start=_hour(days),
            title=title,
        )

    made = {
        "announced": await meeting(
            seed.CELL_NOI_VU,
            10,
            MeetingStatus.announced,
            "Sinh hoạt bất thường: quán triệt Nghị quyết, Chỉ thị; góp ý \\ dự thảo "
            "báo cáo chính trị của Đảng bộ nhiệm kỳ 2025–2030",
        ),
        "held": await meeting(seed.CELL_NOI_VU, -30, MeetingStatus.held, "Họp đã diễn ra"),
        "cancelled": await meeting(
            seed.CELL_NOI_VU, 20, MeetingStatus.cancelled, "Cuộc họp bị hủy"
        ),
        "draft": await meeting(seed.CELL_NOI_VU, 30, MeetingStatus.draft, "Dự kiến"),
        "old": await meeting(seed.CELL_NOI_VU, -400, MeetingStatus.held, "Năm ngoái nữa"),
        "other_cell": await meeting(
            seed.CELL_TON_GIAO, 12, MeetingStatus.announced, "Chi bộ Ban Tôn giáo"
        ),
        "outside": await meeting("CB-STC-VP", 12, MeetingStatus.announced, "Sở Tài chính"),
    }
    announced = made["announced"]
    announced.format = MeetingFormat.hybrid
    announced.online_link = "https://hop.example.vn/phong/123?ma=a,b"
    announced.location = "Phòng họp tầng 2, Sở Nội vụ; số 1 Nguyễn Du"
    made["cancelled"].cancel_reason = "Trùng lịch hội nghị tỉnh"
    session.add_all(
        AgendaItem(meeting_id=announced.id, position=i, title=title, kind=kind)
        for i, (title, kind) in enumerate(
            [
                ("Khai mạc, điểm danh", AgendaItemKind.opening),
                ("Quán triệt Nghị quyết; thảo luận", AgendaItemKind.discussion),
            ],
            start=1,
        )
    )
    await session.commit()
    return made


async def _feed(client: httpx.AsyncClient, headers: dict[str, str]) -> str:
    response = await client.post(FEED, headers=headers)
    assert response.status_code == 201, response.text
    url: str = response.json()["url"]
    assert url.startswith("/api/v1/calendar/") and url.endswith(".ics")
    return url


async def _events(client: httpx.AsyncClient, url: str) -> tuple[icalendar.Calendar, dict[int, Any]]:
    response = await client.get(url)  # no Authorization header: the URL is the credential
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/calendar")
    body = response.content
    lines = body.split(b"\r\n")
    assert lines[-1] == b"" and all(b"\n" not in line for line in lines)
    assert all(len(line) <= 75 for line in lines)
    calendar = icalendar.Calendar.from_ical(body)
    events = {}
    for event in calendar.walk("VEVENT"):
        uid = str(event["UID"])
        assert uid.startswith("meeting-") and uid.endswith("@chibo")
        events[int(uid.removeprefix("meeting-").removesuffix("@chibo"))] = event
    return calendar, events


async def _units_of(session: AsyncSession, meeting_ids: list[int]) -> set[str]:
    query = (
        select(Unit.code)
        .join(Meeting, Meeting.unit_id == Unit.id)
        .where(Meeting.id.in_(meeting_ids))
    )
    return set((await session.scalars(query)).all())


async def test_member_feed_lists_own_cell_meetings(
    client: httpx.AsyncClient, login, session: AsyncSession
) -> None:
    made = await _arrange(session)
    url = await _feed(client, await login("dangvien.noivu"))
    calendar, events = await _events(client, url)
    assert str(calendar["X-WR-CALNAME"]) == "Lịch sinh hoạt chi bộ"
    assert str(calendar["VERSION"]) == "2.0"
    # Only the member's own cell (the demo data may hold more of its meetings).
    assert await _units_of(session, list(events)) == {seed.CELL_NOI_VU}
    for present in ("announced", "held", "cancelled"):
        assert made[present].id in events, present
    for absent in ("draft", "old", "other_cell", "outside"):
        assert made[absent].id not in events, absent

    announced = made["announced"]
    event = events[announced.id]
    assert str(event["SUMMARY"]) == announced.title
    assert event.decoded("DTSTART") == announced.planned_start
    assert event.decoded("DTEND") == announced.planned_end
    assert event.decoded("DTSTART").tzinfo is not None
    assert int(event["SEQUENCE"]) == announced.version
    assert str(event["STATUS"]) == "CONFIRMED"
    assert str(event["LOCATION"]) == "Phòng họp tầng 2, Sở Nội vụ; số 1 Nguyễn Du"
    assert str(event["URL"]) == "https://hop.example.vn/phong/123?ma=a,b"
    description = str(event["DESCRIPTION"])
    assert "Chi bộ Nội vụ" in description
    assert "1. Khai mạc, điểm danh\n2. Quán triệt Nghị quyết; thảo luận" in description
    cancelled = events[made["cancelled"].id]
    assert str(cancelled["STATUS"]) == "CANCELLED"
    assert "Trùng lịch hội nghị tỉnh" in str(cancelled["DESCRIPTION"])
    held = made["held"]
    assert events[held.id].decoded("DTSTART") == held.actual_start


async def test_secretary_sees_drafts_and_committee_sees_its_cells(
    client: httpx.AsyncClient, login, session: AsyncSession
) -> None:
    made = await _arrange(session)
    _, events = await _events(client, await _feed(client, await login("bithu.noivu")))
    assert str(events[made["draft"].id]["STATUS"]) == "TENTATIVE"
    assert made["other_cell"].id not in events

    _, events = await _events(client, await _feed(client, await login("dangbo.noivu")))
    assert made["other_cell"].id in events
    assert made["outside"].id not in events
    # Several cells in one calendar: each summary names its cell.
    assert str(events[made["other_cell"].id]["SUMMARY"]).endswith("– Chi bộ Ban Tôn giáo")


async def test_new_url_revokes_the_old_one_and_delete_revokes(
    client: httpx.AsyncClient, login, session: AsyncSession
) -> None:
    headers = await login("dangvien.noivu")
    first = await _feed(client, headers)
    second = await _feed(client, headers)
    assert first != second
    response = await client.get(first)
    assert response.status_code == 404
    assert error_code(response) == "not_found"
    assert (await client.get(second)).status_code == 200

    # Only the digest is kept, and the audit trail never sees the token.
    token = second.removeprefix("/api/v1/calendar/").removesuffix(".ics")
    feed = (
        await session.scalars(
            select(CalendarFeed).where(CalendarFeed.token_digest == token_digest(token))
        )
    ).one()
    assert feed.revoked_at is None
    entries = (
        await session.scalars(select(AuditEntry).where(AuditEntry.entity_type == "calendar_feeds"))
    ).all()
    assert {e.action for e in entries} == {"calendar_feed.create", "calendar_feed.revoke"}
    assert all(token not in str(e.after) and "token_digest" not in (e.after or {}) for e in entries)

    assert (await client.delete(FEED, headers=headers)).status_code == 204
    assert (await client.get(second)).status_code == 404
    assert (await client.delete(FEED, headers=headers)).status_code == 204  # nothing left
    for bad in ("/api/v1/calendar/x.ics", "/api/v1/calendar/" + "A" * 43 + ".ics"):
        assert (await client.get(bad)).status_code == 404
    assert (await client.post(FEED)).status_code == 401


async def test_feed_state_says_whether_a_link_is_live_never_the_link(
    client: httpx.AsyncClient, login
) -> None:
    headers = await login("dangvien.noivu")
    assert (await client.delete(FEED, headers=headers)).status_code == 204
    none = await client.get(FEED, headers=headers)
    assert none.status_code == 200
    assert none.json() == {"active": False, "created_at": None}

    made = (await client.post(FEED, headers=headers)).json()
    state = (await client.get(FEED, headers=headers)).json()
    assert state == {"active": True, "created_at": made["created_at"]}
    token = made["url"].removeprefix("/api/v1/calendar/").removesuffix(".ics")
    assert token not in (await client.get(FEED, headers=headers)).text

    # A new link: the state follows it. Another account's state is its own.
    remade = (await client.post(FEED, headers=headers)).json()
    assert (await client.get(FEED, headers=headers)).json()["created_at"] == remade["created_at"]
    other = await login("bithu.noivu")
    assert (await client.delete(FEED, headers=other)).status_code == 204
    assert (await client.get(FEED, headers=other)).json()["active"] is False

    assert (await client.delete(FEED, headers=headers)).status_code == 204
    assert (await client.get(FEED, headers=headers)).json() == {
        "active": False,
        "created_at": None,
    }
    assert (await client.get(FEED)).status_code == 401


async def test_disabled_account_feed_is_gone(
    client: httpx.AsyncClient, login, session: AsyncSession
) -> None:
    from chibo.auth.models import User

    url = await _feed(client, await login("dangvien.noivu"))
    user = (await session.scalars(select(User).where(User.username == "dangvien.noivu"))).one()
    user.active = False
    await session.commit()
    assert (await client.get(url)).status_code == 404


async def test_conditional_get(client: httpx.AsyncClient, login) -> None:
    url = await _feed(client, await login("dangvien.noivu"))
    first = await client.get(url)
    again = await client.get(url, headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304


def test_lines_fold_at_75_octets_without_splitting_characters() -> None:
    start = datetime(2024, 3, 4, 1, 0, tzinfo=UTC)
    summary = "Sinh hoạt chuyên đề “Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh”"
    body = ics.calendar(
        [
            ics.Event(
                uid="meeting-1@chibo",
                start=start,
                end=start + timedelta(hours=2),
                stamp=start,
                summary=summary * 3,
                description="Dòng 1\nDòng 2; a, b \\ c",
            )
        ],
        name="Lịch sinh hoạt chi bộ",
    )
    raw = body.encode()
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    assert raw.decode("utf-8") == body  # no character split across lines
    event = next(iter(icalendar.Calendar.from_ical(body).walk("VEVENT")))
    assert str(event["SUMMARY"]) == summary * 3
    assert str(event["DESCRIPTION"]) == "Dòng 1\nDòng 2; a, b \\ c"
    # 01:00 UTC is 08:00 in Hà Tĩnh, written as local time with its zone.
    assert "DTSTART;TZID=Asia/Ho_Chi_Minh:20240304T080000" in body
    assert "DESCRIPTION:Dòng 1\\nDòng 2\\; a\\, b \\\\ c" in body


def test_feed_tokens_stay_out_of_request_logs() -> None:
    assert _redact("/api/v1/calendar/abcDEF_123-x.ics") == "/api/v1/calendar/***.ics"
    assert _redact("/api/v1/calendar/feed") == "/api/v1/calendar/feed"


# -- issue 9, point 10: only the meetings one is invited to; local time with its zone ------


async def test_member_feed_has_committee_meetings_only_with_a_seat(
    client: httpx.AsyncClient, login, session: AsyncSession
) -> None:
    """Chi bộ Nội vụ holds a committee meeting (họp chi ủy) on 3 and on 24 of a month; the
    member (Đinh Thị Hoài Thu, not on the committee) sees neither, until she takes a seat from
    the 10th: then the one on the 24th only. The secretary sees both; the cell's regular
    meeting is in every feed."""
    from chibo.members.models import CommitteePosition, CommitteePositionKind
    from tests.helpers import member_named

    first = _hour(40).replace(hour=1)  # 08:00 in Hà Tĩnh, 40 days ahead
    second = first + timedelta(days=21)
    committee = [
        await make_meeting(
            session,
            seed.CELL_NOI_VU,
            status=MeetingStatus.announced,
            meeting_type=MeetingType.committee,
            start=moment,
            title=f"Họp chi ủy {i}",
        )
        for i, moment in enumerate((first, second), start=1)
    ]
    regular = await make_meeting(
        session,
        seed.CELL_NOI_VU,
        status=MeetingStatus.announced,
        meeting_type=MeetingType.extraordinary,
        start=first + timedelta(days=2),
        title="Sinh hoạt bất thường",
    )
    await session.commit()
    member_url = await _feed(client, await login("dangvien.noivu"))
    _, events = await _events(client, member_url)
    assert regular.id in events
    assert committee[0].id not in events and committee[1].id not in events
    # No other committee meeting either (the demo's cell committee meets every month).
    assert all(str(e["CATEGORIES"].cats[0]) != "Họp chi ủy" for e in events.values())

    _, events = await _events(client, await _feed(client, await login("bithu.noivu")))
    assert {committee[0].id, committee[1].id, regular.id} <= set(events)

    me = await member_named(session, seed.DEMO_ACCOUNT_MEMBERS["dangvien.noivu"])
    session.add(
        CommitteePosition(
            unit_id=me.unit_id,
            member_id=me.id,
            position=CommitteePositionKind.committee_member,
            term_start=(first + timedelta(days=7)).date(),
        )
    )
    await session.commit()
    _, events = await _events(client, member_url)
    assert committee[0].id not in events  # before her seat
    assert committee[1].id in events and regular.id in events


async def test_feed_times_carry_the_vietnam_zone(
    client: httpx.AsyncClient, login, session: AsyncSession
) -> None:
    # 01:00–03:00 UTC is 08:00–10:00 in Hà Tĩnh, on the same day.
    start = (utcnow() + timedelta(days=9)).replace(hour=1, minute=0, second=0, microsecond=0)
    meeting = await make_meeting(
        session,
        seed.CELL_NOI_VU,
        status=MeetingStatus.announced,
        meeting_type=MeetingType.extraordinary,
        start=start,
        title="Giờ địa phương",
    )
    await session.commit()
    url = await _feed(client, await login("dangvien.noivu"))
    body = (await client.get(url)).content.decode()
    calendar, events = await _events(client, url)

    zones = calendar.walk("VTIMEZONE")
    assert [str(z["TZID"]) for z in zones] == ["Asia/Ho_Chi_Minh"]
    rules = zones[0].walk("STANDARD")
    assert rules and all(r["TZOFFSETTO"].td == timedelta(hours=7) for r in rules)
    assert not zones[0].walk("DAYLIGHT")

    event = events[meeting.id]
    for name in ("DTSTART", "DTEND"):
        assert event[name].params["TZID"] == "Asia/Ho_Chi_Minh", name
    local_day = (start + timedelta(hours=7)).strftime("%Y%m%d")
    assert f"DTSTART;TZID=Asia/Ho_Chi_Minh:{local_day}T080000\r\n" in body
    assert f"DTEND;TZID=Asia/Ho_Chi_Minh:{local_day}T100000\r\n" in body
    assert event.decoded("DTSTART") == start  # the same moment
    assert event.decoded("DTSTART").utcoffset() == timedelta(hours=7)
    assert event["DTSTAMP"].to_ical().decode().endswith("Z")  # stamps stay in UTC
