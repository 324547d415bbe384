"""Statistics queries: one aggregate query per report, scoped to the caller's subtree."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, case, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import ColumnElement

from chibo.attendance.models import Attendance
from chibo.attendance.repository import HELD_STATUSES, PRESENT_STATUSES, year_bounds_utc
from chibo.auth.principal import Principal
from chibo.meetings.models import Meeting, MeetingType
from chibo.ratings.models import Level, MeetingRating, RatingKind, RatingStatus
from chibo.speeches.models import Speech, SpeechState
from chibo.units.models import Unit


def _count_if(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


@dataclass(frozen=True)
class MeetingStatsRow:
    meeting_id: int
    unit_id: int
    unit_name: str
    meeting_type: MeetingType
    title: str
    start: datetime
    expected: int
    present: int
    excused: int
    unexcused: int
    attended: int
    speakers: int
    rating_level: Level | None
    rating_total: float | None


class ReportRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def meeting_stats(
        self, principal: Principal, root: Unit, year: int, meeting_type: MeetingType | None
    ) -> list[MeetingStatsRow]:
        in_base = Attendance.excluded_from_base.is_(None)
        status = Attendance.status
        roll = (
            select(
                Attendance.meeting_id.label("meeting_id"),
                _count_if(in_base).label("expected"),
                _count_if(and_(in_base, status.in_(PRESENT_STATUSES))).label("present"),
                _count_if(and_(in_base, status == "excused")).label("excused"),
                _count_if(and_(in_base, status == "unexcused")).label("unexcused"),
                _count_if(status.in_(PRESENT_STATUSES)).label("attended"),
            )
            .group_by(Attendance.meeting_id)
            .subquery()
        )
        spoke = (
            select(
                Speech.meeting_id.label("meeting_id"),
                func.count(func.distinct(Speech.member_id)).label("speakers"),
            )
            .where(Speech.state == SpeechState.done)
            .group_by(Speech.meeting_id)
            .subquery()
        )
        rating = (
            select(
                MeetingRating.meeting_id.label("meeting_id"),
                MeetingRating.approved_level.label("level"),
                MeetingRating.approved_total.label("total"),
            )
            .where(
                MeetingRating.kind == RatingKind.self_rating,
                MeetingRating.status == RatingStatus.final,
            )
            .subquery()
        )
        # Typed so that SQLite hands back an aware datetime, as the column would.
        start = func.coalesce(
            Meeting.actual_start, Meeting.planned_start, type_=Meeting.planned_start.type
        )
        since, until = year_bounds_utc(year)
        query = (
            select(
                Meeting.id,
                Meeting.unit_id,
                Unit.name,
                Meeting.meeting_type,
                Meeting.title,
                start,
                func.coalesce(roll.c.expected, 0),
                func.coalesce(roll.c.present, 0),
                func.coalesce(roll.c.excused, 0),
                func.coalesce(roll.c.unexcused, 0),
                func.coalesce(roll.c.attended, 0),
                func.coalesce(spoke.c.speakers, 0),
                rating.c.level,
                rating.c.total,
            )
            .join(Unit, Unit.id == Meeting.unit_id)
            .outerjoin(roll, roll.c.meeting_id == Meeting.id)
            .outerjoin(spoke, spoke.c.meeting_id == Meeting.id)
            .outerjoin(rating, rating.c.meeting_id == Meeting.id)
            .where(
                principal.path_filter(Unit.path),
                Unit.path.like(f"{root.path}%"),
                Meeting.status.in_(HELD_STATUSES),
                start >= since,
                start < until,
            )
            .order_by(start, Meeting.id)
        )
        if meeting_type is not None:
            query = query.where(Meeting.meeting_type == meeting_type)
        rows = (await self.session.execute(query)).all()
        return [
            MeetingStatsRow(
                meeting_id=r[0],
                unit_id=r[1],
                unit_name=r[2],
                meeting_type=r[3],
                title=r[4],
                start=r[5],
                expected=int(r[6]),
                present=int(r[7]),
                excused=int(r[8]),
                unexcused=int(r[9]),
                attended=int(r[10]),
                speakers=int(r[11]),
                rating_level=Level(r[12]) if r[12] is not None else None,
                rating_total=r[13],
            )
            for r in rows
        ]
