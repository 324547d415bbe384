"""Private calendar feeds: one live secret URL per user, revocable, listing the meetings the
user may read from a year back to a year ahead; a member's feed holds only the meetings the
member is invited to (a cell committee meeting only while holding a seat on that committee).
The token is the only credential of the feed URL, so only its SHA-256 digest is stored and it
is shown once, when made. Never commits."""

import hashlib
import re
import secrets
from datetime import date, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from chibo.audit.service import record, snapshot
from chibo.auth.models import Role
from chibo.auth.principal import MEMBER_MANAGER_ROLES, Principal
from chibo.calendar import ics
from chibo.calendar.repository import CalendarRepository
from chibo.core.clock import utcnow
from chibo.core.errors import NotFound
from chibo.meetings.models import CalendarFeed, Meeting, MeetingFormat, MeetingStatus, MeetingType

CALENDAR_NAME = "Lịch sinh hoạt chi bộ"
FEED_PATH = "/api/v1/calendar/{token}.ics"
WINDOW = timedelta(days=366)
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{32,128}$")

TYPE_LABELS = {
    MeetingType.regular: "Sinh hoạt chi bộ thường kỳ",
    MeetingType.thematic: "Sinh hoạt chuyên đề",
    MeetingType.committee: "Họp chi ủy",
    MeetingType.extraordinary: "Sinh hoạt bất thường",
    MeetingType.party_committee: "Họp giao ban Đảng ủy",
}
FORMAT_LABELS = {
    MeetingFormat.in_person: "Trực tiếp",
    MeetingFormat.online: "Trực tuyến",
    MeetingFormat.hybrid: "Kết hợp trực tiếp và trực tuyến",
}


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class CalendarService:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.repo = CalendarRepository(session)

    async def create_feed(self, principal: Principal) -> tuple[CalendarFeed, str]:
        """A new secret URL; the previous one stops working."""
        await self.revoke(principal)
        token = secrets.token_urlsafe(32)
        feed = CalendarFeed(
            user_id=principal.user_id, token_digest=token_digest(token), created_at=utcnow()
        )
        self.session.add(feed)
        await self.session.flush()
        record(
            self.session,
            principal,
            action="calendar_feed.create",
            entity=feed,
            unit_path=principal.unit_path,
        )
        return feed, token

    async def active_feed(self, principal: Principal) -> CalendarFeed | None:
        """The caller's live feed, if any (the newest, should an old race have left two)."""
        feeds = await self.repo.active_feeds(principal.user_id)
        return max(feeds, key=lambda feed: (feed.created_at, feed.id), default=None)

    async def revoke(self, principal: Principal) -> int:
        """Revokes the caller's live feed URL, if any; returns how many were revoked."""
        feeds = await self.repo.active_feeds(principal.user_id)
        now = utcnow()
        befores = [snapshot(feed) for feed in feeds]
        for feed in feeds:
            feed.revoked_at = now
        await self.session.flush()
        for feed, before in zip(feeds, befores, strict=True):
            record(
                self.session,
                principal,
                action="calendar_feed.revoke",
                entity=feed,
                unit_path=principal.unit_path,
                before=before,
            )
        return len(feeds)

    async def feed_principal(self, token: str) -> Principal:
        """The feed owner, as if signed in; 404 for an unknown or revoked token, or a
        disabled account."""
        if not _TOKEN.match(token):
            raise NotFound()
        feed = await self.repo.active_by_digest(token_digest(token))
        if feed is None:
            raise NotFound()
        found = await self.repo.owner(feed.user_id)
        if found is None or not found[0].active:
            raise NotFound()
        user, unit_path = found
        return Principal(
            user_id=user.id,
            username=user.username,
            role=user.role,
            unit_id=user.unit_id,
            unit_path=unit_path,
            member_id=user.member_id,
        )

    async def feed(self, token: str) -> str:
        """The iCalendar text of the feed behind `token`."""
        principal = await self.feed_principal(token)
        now = utcnow()
        # Drafts are not announced yet: only those who plan meetings see them (tentative).
        rows = await self.repo.meetings(
            principal, now - WINDOW, now + WINDOW, drafts=principal.role in MEMBER_MANAGER_ROLES
        )
        if principal.role is Role.member:
            seats = (
                await self.repo.committee_seats(principal.member_id)
                if principal.member_id is not None
                else []
            )
            rows = [(m, name) for m, name in rows if invited(m, seats)]
        agendas = await self.repo.agenda_titles([meeting.id for meeting, _ in rows])
        several_units = len({meeting.unit_id for meeting, _ in rows}) > 1
        events = [
            meeting_event(meeting, unit_name, agendas.get(meeting.id, []), several_units)
            for meeting, unit_name in rows
        ]
        return ics.calendar(events, name=CALENDAR_NAME)


def invited(meeting: Meeting, seats: list[tuple[int, date, date | None]]) -> bool:
    """Whether a member is invited: the cell's own meetings, yes; its committee meeting
    (họp chi ủy) only with a seat on that cell's committee on the meeting's day; a committee's
    briefing (giao ban Đảng ủy) never."""
    if meeting.meeting_type is MeetingType.party_committee:
        return False
    if meeting.meeting_type is not MeetingType.committee:
        return True
    day = meeting.day
    return any(
        unit_id == meeting.unit_id and start <= day and (end is None or day <= end)
        for unit_id, start, end in seats
    )


def meeting_event(
    meeting: Meeting, unit_name: str, agenda: list[str], with_unit: bool = False
) -> ics.Event:
    start = meeting.actual_start or meeting.planned_start
    end = meeting.actual_end or meeting.planned_end
    if end <= start:
        end = start + (meeting.planned_end - meeting.planned_start)
    summary = f"{meeting.title} – {unit_name}" if with_unit else meeting.title
    if meeting.status is MeetingStatus.cancelled:
        summary = f"Đã hủy: {summary}"
        status = "CANCELLED"
    elif meeting.status is MeetingStatus.draft:
        status = "TENTATIVE"
    else:
        status = "CONFIRMED"
    description = [unit_name, f"Hình thức: {FORMAT_LABELS[meeting.format]}"]
    if meeting.status is MeetingStatus.cancelled and meeting.cancel_reason:
        description.append(f"Lý do hủy: {meeting.cancel_reason}")
    if agenda:
        description.append("Chương trình:")
        description.extend(f"{i}. {title}" for i, title in enumerate(agenda, start=1))
    location = meeting.location
    if not location and meeting.format is MeetingFormat.online:
        location = FORMAT_LABELS[MeetingFormat.online]
    return ics.Event(
        uid=f"meeting-{meeting.id}@chibo",
        start=start,
        end=end,
        stamp=meeting.updated_at,
        last_modified=meeting.updated_at,
        summary=summary,
        sequence=meeting.version,
        status=status,
        location=location,
        url=meeting.online_link if meeting.format is not MeetingFormat.in_person else None,
        description="\n".join(description),
        categories=(TYPE_LABELS[meeting.meeting_type],),
    )
