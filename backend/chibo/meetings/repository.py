"""Meeting reads, scoped to the caller's subtree through the meeting's unit."""

from datetime import datetime
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from chibo.auth.principal import Principal
from chibo.core.pagination import paginate
from chibo.meetings.models import (
    AgendaItem,
    AgendaTemplate,
    Meeting,
    MeetingAmendment,
    MeetingNorms,
    MeetingStatus,
    MeetingType,
    ThematicTopic,
)
from chibo.units.models import Unit


class MeetingRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    def readable(self, principal: Principal) -> Select[Meeting]:
        return (
            select(Meeting)
            .join(Unit, Unit.id == Meeting.unit_id)
            .where(principal.path_filter(Unit.path))
        )

    async def get_readable(self, principal: Principal, meeting_id: int) -> Meeting | None:
        query = self.readable(principal).where(Meeting.id == meeting_id)
        return (await self.session.scalars(query)).one_or_none()

    async def get_readable_topic(self, principal: Principal, topic_id: int) -> ThematicTopic | None:
        query = (
            select(ThematicTopic)
            .join(Unit, Unit.id == ThematicTopic.unit_id)
            .where(ThematicTopic.id == topic_id, principal.path_filter(Unit.path))
        )
        return (await self.session.scalars(query)).one_or_none()

    async def page(
        self,
        principal: Principal,
        *,
        unit_path: str | None,
        meeting_type: MeetingType | None,
        status: MeetingStatus | None,
        starts_from: datetime | None,
        starts_before: datetime | None,
        cursor: str | None,
        limit: int,
    ) -> tuple[list[Meeting], str | None]:
        query = self.readable(principal)
        if unit_path is not None:
            query = query.where(Unit.path.like(f"{unit_path}%"))
        if meeting_type is not None:
            query = query.where(Meeting.meeting_type == meeting_type)
        if status is not None:
            query = query.where(Meeting.status == status)
        if starts_from is not None:
            query = query.where(Meeting.planned_start >= starts_from)
        if starts_before is not None:
            query = query.where(Meeting.planned_start < starts_before)
        return await paginate(
            self.session, query, [Meeting.planned_start, Meeting.id], cursor=cursor, limit=limit
        )

    async def regular_in_month(
        self, unit_id: int, year: int, month: int, exclude_id: int | None = None
    ) -> Meeting | None:
        query = select(Meeting).where(
            Meeting.unit_id == unit_id,
            Meeting.meeting_type == MeetingType.regular,
            Meeting.period_year == year,
            Meeting.period_month == month,
            Meeting.status != MeetingStatus.cancelled,
        )
        if exclude_id is not None:
            query = query.where(Meeting.id != exclude_id)
        return (await self.session.scalars(query.limit(1))).one_or_none()

    async def previous_regular(self, meeting: Meeting) -> Meeting | None:
        """The cell's last regular meeting before this one (not cancelled)."""
        query = (
            select(Meeting)
            .where(
                Meeting.unit_id == meeting.unit_id,
                Meeting.meeting_type == MeetingType.regular,
                Meeting.status != MeetingStatus.cancelled,
                Meeting.planned_start < meeting.planned_start,
                Meeting.id != meeting.id,
            )
            .order_by(Meeting.planned_start.desc())
            .limit(1)
        )
        return (await self.session.scalars(query)).one_or_none()

    async def agenda(self, meeting_id: int) -> list[AgendaItem]:
        query = (
            select(AgendaItem)
            .where(AgendaItem.meeting_id == meeting_id)
            .order_by(AgendaItem.position, AgendaItem.id)
        )
        return list((await self.session.scalars(query)).all())

    async def agenda_item(self, meeting_id: int, item_id: int) -> AgendaItem | None:
        item = await self.session.get(AgendaItem, item_id)
        return item if item is not None and item.meeting_id == meeting_id else None

    async def amendments(self, meeting_id: int) -> list[MeetingAmendment]:
        query = (
            select(MeetingAmendment)
            .where(MeetingAmendment.meeting_id == meeting_id)
            .order_by(MeetingAmendment.id)
        )
        return list((await self.session.scalars(query)).all())

    async def latest_norms(self, scope_keys: list[str], on: Any) -> MeetingNorms | None:
        """The newest norms in force on `on`, preferring the first scope that has any."""
        for scope_key in scope_keys:
            query = (
                select(MeetingNorms)
                .where(MeetingNorms.scope_key == scope_key, MeetingNorms.effective_from <= on)
                .order_by(MeetingNorms.effective_from.desc(), MeetingNorms.version_number.desc())
                .limit(1)
            )
            found = (await self.session.scalars(query)).one_or_none()
            if found is not None:
                return found
        return None

    async def next_version_number(
        self, model: type[MeetingNorms] | type[AgendaTemplate], scope_key: str, **filters: Any
    ) -> int:
        query = select(func.coalesce(func.max(model.version_number), 0)).where(
            model.scope_key == scope_key,
            *[getattr(model, k) == v for k, v in filters.items()],
        )
        return int(await self.session.scalar(query) or 0) + 1

    async def latest_template(
        self, scope_keys: list[str], meeting_type: MeetingType
    ) -> AgendaTemplate | None:
        for scope_key in scope_keys:
            query = (
                select(AgendaTemplate)
                .where(
                    AgendaTemplate.scope_key == scope_key,
                    AgendaTemplate.meeting_type == meeting_type,
                )
                .order_by(AgendaTemplate.version_number.desc())
                .limit(1)
            )
            found = (await self.session.scalars(query)).one_or_none()
            if found is not None:
                return found
        return None

    async def norms_versions(self, scope_keys: list[str]) -> list[MeetingNorms]:
        query = (
            select(MeetingNorms)
            .where(MeetingNorms.scope_key.in_(scope_keys))
            .order_by(MeetingNorms.scope_key, MeetingNorms.version_number)
        )
        return list((await self.session.scalars(query)).all())

    async def topics(self, unit_id: int, year: int | None) -> list[ThematicTopic]:
        query = select(ThematicTopic).where(ThematicTopic.unit_id == unit_id)
        if year is not None:
            query = query.where(ThematicTopic.year == year)
        query = query.order_by(ThematicTopic.year, ThematicTopic.quarter, ThematicTopic.id)
        return list((await self.session.scalars(query)).all())
