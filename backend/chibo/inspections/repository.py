"""Inspection reads, scoped to the caller's subtree: plans through the planning committee's
unit, inspections and follow-up items through the cell whose meeting is inspected."""

from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy import Select, func, or_, select, true
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from chibo.auth.models import User
from chibo.auth.principal import Principal
from chibo.core.pagination import paginate
from chibo.inspections.models import (
    FollowUpItem,
    FollowUpStatus,
    Inspection,
    InspectionPlan,
    InspectionStatus,
)
from chibo.meetings.models import Meeting
from chibo.members.models import Member
from chibo.ratings.models import MeetingRating, RatingKind, RatingSheet
from chibo.units.models import Unit

_Row = TypeVar("_Row", InspectionPlan, Meeting, Unit)
PUBLISHED = (InspectionStatus.concluded, InspectionStatus.closed)


@dataclass(frozen=True)
class InspectionContext:
    """What a summary of an inspection shows besides its own columns."""

    plan: InspectionPlan
    meeting: Meeting
    cell: Unit
    inspector_name: str


def rating_visible(principal: Principal) -> ColumnElement[bool]:
    """SQL condition on MeetingRating for other packages' rating reads: the cell (secretary,
    members) sees an inspector's rating only once the conclusion notice is issued; committee
    roles see every rating in their scope."""
    if principal.is_committee:
        return true()
    published = select(Inspection.id).where(Inspection.status.in_(PUBLISHED))
    return or_(
        MeetingRating.kind != RatingKind.inspection, MeetingRating.inspection_id.in_(published)
    )


class InspectionRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    # -- plans -----------------------------------------------------------------------------

    def readable_plans(self, principal: Principal) -> Select[InspectionPlan]:
        return (
            select(InspectionPlan)
            .join(Unit, Unit.id == InspectionPlan.unit_id)
            .where(principal.path_filter(Unit.path))
        )

    async def get_readable_plan(self, principal: Principal, plan_id: int) -> InspectionPlan | None:
        query = self.readable_plans(principal).where(InspectionPlan.id == plan_id)
        return (await self.session.scalars(query)).one_or_none()

    async def plans_of_unit(self, unit_id: int) -> list[InspectionPlan]:
        query = (
            select(InspectionPlan)
            .where(InspectionPlan.unit_id == unit_id)
            .order_by(InspectionPlan.year.desc(), InspectionPlan.id)
        )
        return list((await self.session.scalars(query)).all())

    async def plan_for(self, unit_id: int, year: int) -> InspectionPlan | None:
        query = select(InspectionPlan).where(
            InspectionPlan.unit_id == unit_id, InspectionPlan.year == year
        )
        return (await self.session.scalars(query)).one_or_none()

    # -- inspections -----------------------------------------------------------------------

    def readable(self, principal: Principal) -> Select[Inspection]:
        return (
            select(Inspection)
            .join(Meeting, Meeting.id == Inspection.meeting_id)
            .join(Unit, Unit.id == Meeting.unit_id)
            .where(principal.path_filter(Unit.path))
        )

    async def get_readable(self, principal: Principal, inspection_id: int) -> Inspection | None:
        query = self.readable(principal).where(Inspection.id == inspection_id)
        return (await self.session.scalars(query)).one_or_none()

    async def of_plan(self, plan_id: int) -> list[Inspection]:
        query = select(Inspection).where(Inspection.plan_id == plan_id).order_by(Inspection.id)
        return list((await self.session.scalars(query)).all())

    async def page_in_unit(
        self,
        principal: Principal,
        *,
        unit_path: str,
        year: int | None,
        published_only: bool,
        cursor: str | None,
        limit: int,
    ) -> tuple[list[Inspection], str | None]:
        query = self.readable(principal).where(Unit.path.like(f"{unit_path}%"))
        if year is not None:
            query = query.join(InspectionPlan, InspectionPlan.id == Inspection.plan_id).where(
                InspectionPlan.year == year
            )
        if published_only:
            query = query.where(Inspection.status.in_(PUBLISHED))
        return await paginate(self.session, query, [Inspection.id], cursor=cursor, limit=limit)

    async def assigned(self, meeting_id: int, inspector_user_id: int) -> Inspection | None:
        query = select(Inspection).where(
            Inspection.meeting_id == meeting_id,
            Inspection.inspector_user_id == inspector_user_id,
        )
        return (await self.session.scalars(query)).one_or_none()

    async def conclusion_number_taken(self, plan_unit_id: int, year: int, number: str) -> bool:
        query = (
            select(Inspection.id)
            .join(InspectionPlan, InspectionPlan.id == Inspection.plan_id)
            .where(
                InspectionPlan.unit_id == plan_unit_id,
                InspectionPlan.year == year,
                Inspection.conclusion_number == number,
            )
            .limit(1)
        )
        return (await self.session.scalar(query)) is not None

    async def contexts(self, inspections: list[Inspection]) -> dict[int, InspectionContext]:
        """Plan, meeting, cell and inspector's name of each inspection, in four queries."""
        if not inspections:
            return {}
        plans = await self._by_id(InspectionPlan, {i.plan_id for i in inspections})
        meetings = await self._by_id(Meeting, {i.meeting_id for i in inspections})
        cells = await self._by_id(Unit, {m.unit_id for m in meetings.values()})
        names = await self.user_names({i.inspector_user_id for i in inspections})
        return {
            i.id: InspectionContext(
                plan=plans[i.plan_id],
                meeting=meetings[i.meeting_id],
                cell=cells[meetings[i.meeting_id].unit_id],
                inspector_name=names.get(i.inspector_user_id, ""),
            )
            for i in inspections
        }

    async def _by_id(self, model: type[_Row], ids: set[int]) -> dict[int, _Row]:
        rows = await self.session.scalars(select(model).where(model.id.in_(ids)))
        return {row.id: row for row in rows.all()}

    async def user_names(self, user_ids: set[int]) -> dict[int, str]:
        rows = await self.session.execute(
            select(User.id, User.full_name).where(User.id.in_(user_ids))
        )
        return {user_id: name for user_id, name in rows.all()}

    async def account_with_path(
        self, principal: Principal, user_id: int
    ) -> tuple[User, str] | None:
        """An account the caller sees (bound to a unit in its subtree) and the path of that
        unit; an account outside the caller's scope is not found, as one that does not
        exist."""
        row = (
            await self.session.execute(
                select(User, Unit.path)
                .join(Unit, Unit.id == User.unit_id)
                .where(User.id == user_id, principal.path_filter(Unit.path))
            )
        ).one_or_none()
        return (row[0], row[1]) if row else None

    # -- ratings ---------------------------------------------------------------------------

    async def inspection_rating(self, inspection_id: int) -> MeetingRating | None:
        query = select(MeetingRating).where(
            MeetingRating.inspection_id == inspection_id,
            MeetingRating.kind == RatingKind.inspection,
        )
        return (await self.session.scalars(query.order_by(MeetingRating.id).limit(1))).first()

    async def self_rating(self, meeting_id: int) -> MeetingRating | None:
        query = select(MeetingRating).where(
            MeetingRating.meeting_id == meeting_id, MeetingRating.kind == RatingKind.self_rating
        )
        return (await self.session.scalars(query)).one_or_none()

    async def sheet_for_meeting(self, meeting: Meeting) -> RatingSheet | None:
        """The sheet a meeting is rated on: the same choice as for the cell's self-rating, so
        both are scored on one sheet."""
        # Imported here: the ratings repository reads this module (rating_visible).
        from chibo.ratings.repository import RatingRepository

        return await RatingRepository(self.session).sheet_for(meeting.meeting_type, meeting.day)

    async def sheet(self, sheet_id: int) -> RatingSheet:
        sheet = await self.session.get(RatingSheet, sheet_id)
        assert sheet is not None
        return sheet

    # -- follow-up items -------------------------------------------------------------------

    async def follow_ups(self, inspection_id: int) -> list[FollowUpItem]:
        query = (
            select(FollowUpItem)
            .where(FollowUpItem.inspection_id == inspection_id)
            .order_by(FollowUpItem.id)
        )
        return list((await self.session.scalars(query)).all())

    async def readable_follow_up(
        self, principal: Principal, follow_up_id: int
    ) -> tuple[FollowUpItem, Inspection] | None:
        query = (
            select(FollowUpItem, Inspection)
            .join(Inspection, Inspection.id == FollowUpItem.inspection_id)
            .join(Meeting, Meeting.id == Inspection.meeting_id)
            .join(Unit, Unit.id == Meeting.unit_id)
            .where(FollowUpItem.id == follow_up_id, principal.path_filter(Unit.path))
        )
        row = (await self.session.execute(query)).one_or_none()
        return (row[0], row[1]) if row else None

    async def open_follow_ups(self, inspection_id: int) -> int:
        query = select(func.count(FollowUpItem.id)).where(
            FollowUpItem.inspection_id == inspection_id,
            FollowUpItem.status == FollowUpStatus.open,
        )
        return int(await self.session.scalar(query) or 0)

    async def member_names(self, member_ids: set[int | None]) -> dict[int, str]:
        wanted = {i for i in member_ids if i is not None}
        if not wanted:
            return {}
        rows = await self.session.execute(
            select(Member.id, Member.full_name).where(Member.id.in_(wanted))
        )
        return {member_id: name for member_id, name in rows.all()}
