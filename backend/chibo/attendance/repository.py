"""Roll-call reads. Figures are SQL aggregates over the rows; nothing derived is stored.

Access to a meeting is checked before these are called (chibo.meetings.access); queries that
span meetings (a member's history, alerts) are scoped here to meetings of units in the caller's
subtree.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import (
    and_,
    case,
    exists,
    false,
    func,
    or_,
    select,
    true,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from chibo.attendance.models import Attendance, AttendanceStatus, BaseExclusion, Guest
from chibo.attendance.voting import RollEntry
from chibo.auth.principal import Principal
from chibo.core.clock import VIETNAM_OFFSET
from chibo.meetings.models import Meeting, MeetingStatus, MeetingType
from chibo.members.models import (
    CommitteePosition,
    Exemption,
    Member,
    MemberState,
    MemberStatus,
    TemporaryTransfer,
)
from chibo.members.repository import active_on
from chibo.units.models import Unit

PRESENT_STATUSES = (AttendanceStatus.present, AttendanceStatus.late)
ABSENT_STATUSES = (AttendanceStatus.excused, AttendanceStatus.unexcused)
# Meetings whose roll counts in a member's history and in the alerts.
HELD_STATUSES = (MeetingStatus.held, MeetingStatus.minutes_final)
# The cell's own meetings, the only ones an absence streak counts ("more than 3 excused
# absences in a row"): never a committee meeting (họp chi ủy) nor a committee's briefing.
# The one definition used by the alerts and by the rating facts (marks_in_order).
STREAK_MEETING_TYPES = (MeetingType.regular, MeetingType.thematic, MeetingType.extraordinary)


def _when() -> ColumnElement[datetime]:
    """When the meeting took place (or is planned to)."""
    return func.coalesce(Meeting.actual_start, Meeting.planned_start)


def day_start_utc(day: date) -> datetime:
    """Midnight of a Vietnam calendar day, as an aware UTC datetime."""
    return datetime.combine(day, time(0), tzinfo=UTC) - VIETNAM_OFFSET


def year_bounds_utc(year: int) -> tuple[datetime, datetime]:
    return day_start_utc(date(year, 1, 1)), day_start_utc(date(year + 1, 1, 1))


def _count_if(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


@dataclass(frozen=True)
class ExpectedMember:
    member_id: int
    excluded: BaseExclusion | None
    temporary_guest: bool


@dataclass(frozen=True)
class RollCounts:
    expected: int
    base: int
    present: int
    late: int
    excused: int
    unexcused: int
    not_marked: int
    excluded_exempt: int
    excluded_transferred_out: int
    exempt_present: int
    temporary_guests: int


@dataclass(frozen=True)
class MemberCounts:
    expected: int
    attended: int
    late: int
    excused: int
    unexcused: int
    not_marked: int
    excluded: int


@dataclass(frozen=True)
class StatusMark:
    """One marked row of a held meeting, for streaks (rows come ordered by member, time)."""

    member_id: int
    meeting_id: int
    status: AttendanceStatus


class AttendanceRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    # -- who is expected -------------------------------------------------------------------

    def _still_on_rolls(self, day: date) -> ColumnElement[bool]:
        """Active, or left the rolls only after the day; admitted on or before it."""
        return and_(
            or_(Member.state == MemberState.active, Member.left_on > day),
            or_(Member.admission_date.is_(None), Member.admission_date <= day),
        )

    @staticmethod
    def _exempt_on(day: date) -> ColumnElement[bool]:
        return exists().where(
            Exemption.member_id == Member.id,
            active_on(Exemption.start_date, Exemption.end_date, day),
        )

    async def expected_members(
        self, unit_id: int, day: date, *, committee_only: bool = False
    ) -> list[ExpectedMember]:
        """Members expected at a meeting of the cell on `day`: those on its rolls (flagged
        when exempt or attending another cell temporarily) and those attending it temporarily
        from another cell. `committee_only`: the cell committee's seats on that day."""
        exempt = self._exempt_on(day)
        away = exists().where(
            TemporaryTransfer.member_id == Member.id,
            TemporaryTransfer.host_unit_id != unit_id,
            active_on(TemporaryTransfer.start_date, TemporaryTransfer.end_date, day),
        )
        on_rolls = select(Member.id, exempt.label("exempt"), away.label("away")).where(
            Member.unit_id == unit_id, self._still_on_rolls(day)
        )
        hosted = (
            select(Member.id, exempt.label("exempt"), false().label("away"))
            .join(TemporaryTransfer, TemporaryTransfer.member_id == Member.id)
            .where(
                TemporaryTransfer.host_unit_id == unit_id,
                Member.unit_id != unit_id,
                active_on(TemporaryTransfer.start_date, TemporaryTransfer.end_date, day),
                self._still_on_rolls(day),
            )
        )
        if committee_only:
            seats = select(CommitteePosition.member_id).where(
                CommitteePosition.unit_id == unit_id,
                active_on(CommitteePosition.term_start, CommitteePosition.term_end, day),
            )
            on_rolls = on_rolls.where(Member.id.in_(seats))
            hosted = hosted.where(false())
        result: dict[int, ExpectedMember] = {}
        for member_id, is_exempt, is_away in (await self.session.execute(on_rolls)).all():
            excluded = (
                BaseExclusion.exempt
                if is_exempt
                else BaseExclusion.transferred_out
                if is_away
                else None
            )
            result[member_id] = ExpectedMember(member_id, excluded, False)
        for member_id, is_exempt, _ in (await self.session.execute(hosted)).all():
            excluded = BaseExclusion.exempt if is_exempt else None
            result.setdefault(member_id, ExpectedMember(member_id, excluded, True))
        return list(result.values())

    # -- the roll ----------------------------------------------------------------------------

    async def rows(self, meeting_id: int) -> list[Attendance]:
        query = select(Attendance).where(Attendance.meeting_id == meeting_id)
        return list((await self.session.scalars(query)).all())

    async def roll(self, meeting_id: int) -> list[tuple[Attendance, str, MemberStatus]]:
        """The rows with each member's name and status: the cell's own members in Vietnamese
        order, then those attending from another cell."""
        query = (
            select(Attendance, Member.full_name, Member.status)
            .join(Member, Member.id == Attendance.member_id)
            .where(Attendance.meeting_id == meeting_id)
            .order_by(Attendance.temporary_guest, Member.sort_key, Member.id)
        )
        return [(row, name, status) for row, name, status in await self.session.execute(query)]

    async def row(self, meeting_id: int, member_id: int) -> Attendance | None:
        query = select(Attendance).where(
            Attendance.meeting_id == meeting_id, Attendance.member_id == member_id
        )
        return (await self.session.scalars(query)).one_or_none()

    async def rows_of(self, meeting_id: int, member_ids: Iterable[int]) -> dict[int, Attendance]:
        query = select(Attendance).where(
            Attendance.meeting_id == meeting_id, Attendance.member_id.in_(list(member_ids))
        )
        return {row.member_id: row for row in (await self.session.scalars(query)).all()}

    async def member_name(self, member_id: int) -> tuple[str, MemberStatus]:
        name, status = (
            await self.session.execute(
                select(Member.full_name, Member.status).where(Member.id == member_id)
            )
        ).one()
        return name, status

    # -- figures -----------------------------------------------------------------------------

    async def counts(self, meeting_id: int) -> RollCounts:
        in_base = Attendance.excluded_from_base.is_(None)
        status = Attendance.status
        query = select(
            func.count(Attendance.id),
            _count_if(in_base),
            _count_if(and_(in_base, status.in_(PRESENT_STATUSES))),
            _count_if(and_(in_base, status == AttendanceStatus.late)),
            _count_if(and_(in_base, status == AttendanceStatus.excused)),
            _count_if(and_(in_base, status == AttendanceStatus.unexcused)),
            _count_if(and_(in_base, status.is_(None))),
            _count_if(Attendance.excluded_from_base == BaseExclusion.exempt),
            _count_if(Attendance.excluded_from_base == BaseExclusion.transferred_out),
            _count_if(
                and_(
                    Attendance.excluded_from_base == BaseExclusion.exempt,
                    status.in_(PRESENT_STATUSES),
                )
            ),
            _count_if(Attendance.temporary_guest.is_(true())),
        ).where(Attendance.meeting_id == meeting_id)
        values = (await self.session.execute(query)).one()
        return RollCounts(*(int(v) for v in values))

    async def present_member_ids(self, meeting_id: int) -> set[int]:
        query = select(Attendance.member_id).where(
            Attendance.meeting_id == meeting_id, Attendance.status.in_(PRESENT_STATUSES)
        )
        return set((await self.session.scalars(query)).all())

    async def roll_entries(self, meeting_id: int) -> list[RollEntry]:
        """The roll as the voting base reads it (chibo.attendance.voting)."""
        rows = await self.session.execute(
            select(
                Attendance.member_id,
                Member.status,
                Member.official_date,
                Attendance.status,
                Attendance.excluded_from_base,
                Attendance.temporary_guest,
            )
            .join(Member, Member.id == Attendance.member_id)
            .where(Attendance.meeting_id == meeting_id)
        )
        return [
            RollEntry(
                member_id=member_id,
                member_status=member_status,
                official_date=official_date,
                attendance=status,
                excluded_from_base=excluded,
                temporary_guest=guest,
            )
            for member_id, member_status, official_date, status, excluded, guest in rows.all()
        ]

    # -- across meetings ---------------------------------------------------------------------

    def _member_period(
        self, principal: Principal, member_id: int, start: datetime, end: datetime
    ) -> list[ColumnElement[bool]]:
        return [
            Attendance.member_id == member_id,
            Meeting.status.in_(HELD_STATUSES),
            _when() >= start,
            _when() < end,
            principal.path_filter(Unit.path),
        ]

    async def member_counts(
        self, principal: Principal, member_id: int, start: datetime, end: datetime
    ) -> MemberCounts:
        in_base = Attendance.excluded_from_base.is_(None)
        status = Attendance.status
        query = (
            select(
                _count_if(in_base),
                _count_if(and_(in_base, status.in_(PRESENT_STATUSES))),
                _count_if(and_(in_base, status == AttendanceStatus.late)),
                _count_if(and_(in_base, status == AttendanceStatus.excused)),
                _count_if(and_(in_base, status == AttendanceStatus.unexcused)),
                _count_if(and_(in_base, status.is_(None))),
                _count_if(Attendance.excluded_from_base.is_not(None)),
            )
            .select_from(Attendance)
            .join(Meeting, Meeting.id == Attendance.meeting_id)
            .join(Unit, Unit.id == Meeting.unit_id)
            .where(*self._member_period(principal, member_id, start, end))
        )
        values = (await self.session.execute(query)).one()
        return MemberCounts(*(int(v) for v in values))

    async def member_meetings(
        self, principal: Principal, member_id: int, start: datetime, end: datetime
    ) -> list[tuple[Attendance, Meeting]]:
        query = (
            select(Attendance, Meeting)
            .join(Meeting, Meeting.id == Attendance.meeting_id)
            .join(Unit, Unit.id == Meeting.unit_id)
            .where(*self._member_period(principal, member_id, start, end))
            .order_by(_when(), Meeting.id)
        )
        return [(row, meeting) for row, meeting in await self.session.execute(query)]

    async def unexcused_counts(
        self, principal: Principal, start: datetime, end: datetime, threshold: int
    ) -> list[tuple[int, int]]:
        """(member id, unexcused absences) at held meetings in the caller's scope in
        [start, end), for members with at least `threshold`."""
        count = func.count(Attendance.id)
        query = (
            select(Attendance.member_id, count)
            .join(Meeting, Meeting.id == Attendance.meeting_id)
            .join(Unit, Unit.id == Meeting.unit_id)
            .where(
                Meeting.status.in_(HELD_STATUSES),
                principal.path_filter(Unit.path),
                _when() >= start,
                _when() < end,
                Attendance.status == AttendanceStatus.unexcused,
                Attendance.excluded_from_base.is_(None),
            )
            .group_by(Attendance.member_id)
            .having(count >= threshold)
        )
        return [(member_id, int(n)) for member_id, n in await self.session.execute(query)]

    async def marks_in_order(
        self,
        start: datetime,
        end: datetime,
        *,
        principal: Principal | None = None,
        unit_id: int | None = None,
        member_ids: Iterable[int] | None = None,
        also_meeting: Meeting | None = None,
    ) -> list[StatusMark]:
        """Marked rows counted in the base at held meetings of cells (STREAK_MEETING_TYPES:
        committee meetings never count), in one query, ordered by member then meeting time:
        the input of the consecutive-absence streaks. `also_meeting`: count that meeting
        whatever its status (if it is of a counted type), and stop there."""
        query = (
            select(Attendance.member_id, Attendance.meeting_id, Attendance.status)
            .join(Meeting, Meeting.id == Attendance.meeting_id)
            .join(Unit, Unit.id == Meeting.unit_id)
            .where(
                Meeting.meeting_type.in_(STREAK_MEETING_TYPES),
                _when() >= start,
                _when() < end,
                Attendance.status.is_not(None),
                Attendance.excluded_from_base.is_(None),
            )
            .order_by(Attendance.member_id, _when(), Meeting.id)
        )
        if principal is not None:
            query = query.where(principal.path_filter(Unit.path))
        if unit_id is not None:
            query = query.where(Meeting.unit_id == unit_id)
        if member_ids is not None:
            query = query.where(Attendance.member_id.in_(list(member_ids)))
        if also_meeting is None:
            query = query.where(Meeting.status.in_(HELD_STATUSES))
        else:
            moment = also_meeting.actual_start or also_meeting.planned_start
            query = query.where(
                or_(
                    Meeting.id == also_meeting.id,
                    and_(
                        Meeting.status.in_(HELD_STATUSES),
                        or_(
                            _when() < moment,
                            and_(_when() == moment, Meeting.id < also_meeting.id),
                        ),
                    ),
                )
            )
        return [
            StatusMark(member_id, meeting_id, status)
            for member_id, meeting_id, status in await self.session.execute(query)
            if status is not None
        ]

    async def members_by_id(self, member_ids: Iterable[int]) -> dict[int, Member]:
        ids = list(member_ids)
        if not ids:
            return {}
        query = select(Member).where(Member.id.in_(ids))
        return {m.id: m for m in (await self.session.scalars(query)).all()}

    # -- guests ------------------------------------------------------------------------------

    async def guests(self, meeting_id: int) -> list[Guest]:
        query = select(Guest).where(Guest.meeting_id == meeting_id).order_by(Guest.kind, Guest.id)
        return list((await self.session.scalars(query)).all())

    async def guest(self, meeting_id: int, guest_id: int) -> Guest | None:
        guest = await self.session.get(Guest, guest_id)
        return guest if guest is not None and guest.meeting_id == meeting_id else None


def end_of_day_utc(day: date) -> datetime:
    """The start of the next Vietnam calendar day (exclusive bound)."""
    return day_start_utc(day + timedelta(days=1))
