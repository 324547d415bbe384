"""Reads of ratings and rating sheets.

Ratings are scoped to the caller's subtree through their unit; members see final ratings
only. Sheets are province data that every signed-in user may read."""

from collections.abc import Iterable
from datetime import date, timedelta

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from chibo.attendance.repository import day_start_utc
from chibo.auth.models import Role, User
from chibo.auth.principal import Principal
from chibo.core.pagination import paginate
from chibo.inspections.repository import rating_visible
from chibo.meetings.models import Meeting, MeetingType
from chibo.ratings.models import (
    MeetingRating,
    RatingEvent,
    RatingKind,
    RatingSheet,
    RatingStatus,
    SheetSubject,
)
from chibo.units.models import Unit


class RatingRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    # -- ratings -------------------------------------------------------------------------

    def readable(self, principal: Principal) -> Select[MeetingRating]:
        """Ratings of units in the caller's subtree; for members, final ones only; an
        inspector's rating reaches the cell only with the conclusion notice."""
        query = (
            select(MeetingRating)
            .join(Unit, Unit.id == MeetingRating.unit_id)
            .where(principal.path_filter(Unit.path), rating_visible(principal))
        )
        if principal.role is Role.member:
            query = query.where(
                or_(
                    MeetingRating.status == RatingStatus.final,
                    and_(
                        MeetingRating.assigned_member_id.is_not(None),
                        MeetingRating.assigned_member_id == principal.member_id,
                    ),
                )
            )
        return query

    async def get_readable(self, principal: Principal, rating_id: int) -> MeetingRating | None:
        query = self.readable(principal).where(MeetingRating.id == rating_id)
        return (await self.session.scalars(query)).one_or_none()

    async def of_meeting(self, principal: Principal, meeting_id: int) -> list[MeetingRating]:
        query = (
            self.readable(principal)
            .where(MeetingRating.meeting_id == meeting_id)
            .order_by(MeetingRating.kind.desc(), MeetingRating.id)  # self first
        )
        return list((await self.session.scalars(query)).all())

    async def self_rating_of(self, meeting_id: int) -> MeetingRating | None:
        query = select(MeetingRating).where(
            MeetingRating.meeting_id == meeting_id, MeetingRating.kind == RatingKind.self_rating
        )
        return (await self.session.scalars(query)).one_or_none()

    async def page(
        self,
        principal: Principal,
        *,
        unit: Unit | None,
        status: RatingStatus | None,
        kind: RatingKind | None,
        day_from: date | None,
        day_to: date | None,
        cursor: str | None,
        limit: int,
    ) -> tuple[list[MeetingRating], str | None]:
        query = self.readable(principal)
        if unit is not None:
            query = query.where(Unit.path.like(f"{unit.path}%"))
        if status is not None:
            query = query.where(MeetingRating.status == status)
        if kind is not None:
            query = query.where(MeetingRating.kind == kind)
        if day_from is not None or day_to is not None:
            when = func.coalesce(Meeting.actual_start, Meeting.planned_start)
            meetings = select(Meeting.id)
            if day_from is not None:
                meetings = meetings.where(when >= day_start_utc(day_from))
            if day_to is not None:
                meetings = meetings.where(when < day_start_utc(day_to + timedelta(days=1)))
            query = query.where(MeetingRating.meeting_id.in_(meetings))
        return await paginate(self.session, query, [MeetingRating.id], cursor=cursor, limit=limit)

    async def events(self, rating_id: int) -> list[RatingEvent]:
        query = (
            select(RatingEvent)
            .where(RatingEvent.rating_id == rating_id)
            .order_by(RatingEvent.at, RatingEvent.id)
        )
        return list((await self.session.scalars(query)).all())

    async def user_names(self, user_ids: Iterable[int | None]) -> dict[int, str]:
        ids = {i for i in user_ids if i is not None}
        if not ids:
            return {}
        rows = await self.session.execute(select(User.id, User.full_name).where(User.id.in_(ids)))
        return {user_id: name for user_id, name in rows.all()}

    async def meetings_by_id(self, meeting_ids: Iterable[int]) -> dict[int, Meeting]:
        ids = set(meeting_ids)
        if not ids:
            return {}
        query = select(Meeting).where(Meeting.id.in_(ids))
        return {m.id: m for m in (await self.session.scalars(query)).all()}

    async def unit_names(self, unit_ids: Iterable[int]) -> dict[int, str]:
        ids = set(unit_ids)
        if not ids:
            return {}
        rows = await self.session.execute(select(Unit.id, Unit.name).where(Unit.id.in_(ids)))
        return {unit_id: name for unit_id, name in rows.all()}

    # -- sheets --------------------------------------------------------------------------

    async def sheets(
        self, *, every_version: bool, subject: SheetSubject | None
    ) -> list[RatingSheet]:
        """The latest version of each sheet (or every version), by code then version."""
        query = select(RatingSheet)
        if subject is not None:
            query = query.where(RatingSheet.subject == subject)
        if not every_version:
            latest = (
                select(RatingSheet.code, func.max(RatingSheet.version_number).label("latest"))
                .group_by(RatingSheet.code)
                .subquery()
            )
            query = query.join(
                latest,
                (latest.c.code == RatingSheet.code)
                & (latest.c.latest == RatingSheet.version_number),
            )
        query = query.order_by(RatingSheet.code, RatingSheet.version_number.desc())
        return list((await self.session.scalars(query)).all())

    async def sheet(self, sheet_id: int) -> RatingSheet | None:
        return await self.session.get(RatingSheet, sheet_id)

    async def sheet_for(self, meeting_type: MeetingType, day: date) -> RatingSheet | None:
        """The sheet a meeting of this type held on this day is rated on: the latest version
        (of any sheet listing the type) in force that day; between two sheets, the one in
        force most recently, then the one loaded last."""
        query = select(RatingSheet).where(
            RatingSheet.subject == SheetSubject.meeting, RatingSheet.effective_from <= day
        )
        candidates = [
            s for s in (await self.session.scalars(query)).all() if meeting_type in s.meeting_types
        ]
        latest: dict[str, RatingSheet] = {}
        for sheet in candidates:
            best = latest.get(sheet.code)
            if best is None or sheet.version_number > best.version_number:
                latest[sheet.code] = sheet
        if not latest:
            return None
        return max(latest.values(), key=lambda s: (s.effective_from, s.id))

    async def next_sheet_version(self, code: str) -> int:
        current = await self.session.scalar(
            select(func.max(RatingSheet.version_number)).where(RatingSheet.code == code)
        )
        return int(current or 0) + 1
