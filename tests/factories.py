"""Rows made directly in the test's transaction, for tests that need a meeting in a given
state without walking it through the API first."""

import secrets
from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from chibo.meetings.models import Meeting, MeetingFormat, MeetingStatus, MeetingType
from tests.helpers import unit_id


async def make_meeting(
    session: AsyncSession,
    unit_code: str,
    *,
    status: MeetingStatus = MeetingStatus.draft,
    meeting_type: MeetingType = MeetingType.regular,
    start: datetime | None = None,
    minutes: int = 120,
    title: str = "Sinh hoạt chi bộ thường kỳ",
) -> Meeting:
    """A meeting of the unit with the given code. In progress or later, it has actual times
    and (in progress) a check-in code. The caller builds the roll if it needs one."""
    start = start or datetime(2024, 3, 4, 1, 0, tzinfo=UTC)  # 08:00 in Hà Tĩnh
    vn = start + timedelta(hours=7)
    meeting = Meeting(
        unit_id=await unit_id(session, unit_code),
        meeting_type=meeting_type,
        format=MeetingFormat.in_person,
        status=status,
        title=title,
        period_year=vn.year,
        period_month=vn.month,
        planned_start=start,
        planned_end=start + timedelta(minutes=minutes),
        location="Hội trường Sở",
    )
    if status not in (MeetingStatus.draft, MeetingStatus.cancelled):
        meeting.announced_at = start - timedelta(days=3)
        meeting.notice_sent_to_members_at = meeting.announced_at
    if status in (MeetingStatus.in_progress, MeetingStatus.held, MeetingStatus.minutes_final):
        meeting.actual_start = start
        meeting.checkin_code = secrets.token_hex(3).upper()
    if status in (MeetingStatus.held, MeetingStatus.minutes_final):
        meeting.actual_end = start + timedelta(minutes=minutes)
        meeting.held_at = meeting.actual_end
        meeting.checkin_code = None
    session.add(meeting)
    await session.flush()
    return meeting
