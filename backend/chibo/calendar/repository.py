"""Calendar feed reads: feeds by owner or by token digest, and the meetings a feed lists."""

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from chibo.auth.models import User
from chibo.auth.principal import Principal
from chibo.meetings.models import AgendaItem, CalendarFeed, Meeting, MeetingStatus
from chibo.meetings.repository import MeetingRepository
from chibo.members.models import CommitteePosition
from chibo.units.models import Unit

# Enough for a superior committee's year of meetings; a calendar app wants no more.
MAX_EVENTS = 5000
_IN_CHUNK = 500


class CalendarRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def active_feeds(self, user_id: int) -> list[CalendarFeed]:
        query = select(CalendarFeed).where(
            CalendarFeed.user_id == user_id, CalendarFeed.revoked_at.is_(None)
        )
        return list((await self.session.scalars(query)).all())

    async def active_by_digest(self, digest: str) -> CalendarFeed | None:
        query = select(CalendarFeed).where(
            CalendarFeed.token_digest == digest, CalendarFeed.revoked_at.is_(None)
        )
        return (await self.session.scalars(query)).one_or_none()

    async def owner(self, user_id: int) -> tuple[User, str] | None:
        """The feed's account and the path of its unit."""
        query = (
            select(User, Unit.path).join(Unit, Unit.id == User.unit_id).where(User.id == user_id)
        )
        row = (await self.session.execute(query)).one_or_none()
        return None if row is None else (row[0], row[1])

    async def meetings(
        self, principal: Principal, starts_from: datetime, starts_before: datetime, *, drafts: bool
    ) -> list[tuple[Meeting, str]]:
        """Meetings the principal may read, with their unit's name, by start time."""
        query = (
            MeetingRepository(self.session)
            .readable(principal)
            .add_columns(Unit.name)
            .where(Meeting.planned_start >= starts_from, Meeting.planned_start < starts_before)
        )
        if not drafts:
            query = query.where(Meeting.status != MeetingStatus.draft)
        query = query.order_by(Meeting.planned_start, Meeting.id).limit(MAX_EVENTS)
        return [(meeting, name) for meeting, name in (await self.session.execute(query)).all()]

    async def committee_seats(self, member_id: int) -> list[tuple[int, date, date | None]]:
        """(cell id, term start, term end) of each cell committee seat the member held."""
        query = select(
            CommitteePosition.unit_id, CommitteePosition.term_start, CommitteePosition.term_end
        ).where(CommitteePosition.member_id == member_id)
        return [(unit_id, start, end) for unit_id, start, end in await self.session.execute(query)]

    async def agenda_titles(self, meeting_ids: Sequence[int]) -> dict[int, list[str]]:
        """Agenda item titles per meeting, in order: one query per 500 meetings."""
        titles: dict[int, list[str]] = defaultdict(list)
        for offset in range(0, len(meeting_ids), _IN_CHUNK):
            chunk = meeting_ids[offset : offset + _IN_CHUNK]
            query = (
                select(AgendaItem.meeting_id, AgendaItem.title)
                .where(AgendaItem.meeting_id.in_(chunk))
                .order_by(AgendaItem.meeting_id, AgendaItem.position, AgendaItem.id)
            )
            for meeting_id, title in (await self.session.execute(query)).all():
                titles[meeting_id].append(title)
        return titles
