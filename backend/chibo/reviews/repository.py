"""Annual review reads: reviews in the caller's scope, the sheets in force, who is reviewed,
and the figures of the year's record as SQL aggregates (grouped by member or by cell: one
query per figure family, whatever the number of members or cells)."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Select, and_, case, exists, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from chibo.attendance.models import Attendance, AttendanceStatus
from chibo.auth.models import Role
from chibo.auth.principal import Principal
from chibo.core.pagination import paginate
from chibo.meetings.models import Meeting, MeetingStatus, MeetingType
from chibo.members.models import Exemption, Member, MemberState
from chibo.minutes.models import Task, TaskStatus
from chibo.ratings.models import RatingSheet, SheetSubject
from chibo.reviews.models import AnnualReview, ReviewStatus, ReviewSubject
from chibo.speeches.models import Speech, SpeechState
from chibo.units.models import Unit

HELD = (MeetingStatus.held, MeetingStatus.minutes_final)
PRESENT = (AttendanceStatus.present, AttendanceStatus.late)
# Meetings of the whole cell (committee meetings have their own, smaller roll).
CELL_MEETINGS = (MeetingType.regular, MeetingType.thematic, MeetingType.extraordinary)


def _count_if(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _held_in(year: int) -> ColumnElement[bool]:
    return and_(
        Meeting.period_year == year,
        Meeting.status.in_(HELD),
        Meeting.meeting_type.in_(CELL_MEETINGS),
    )


@dataclass
class MemberRecord:
    expected: int = 0
    attended: int = 0
    excused: int = 0
    unexcused: int = 0
    speeches: int = 0
    meetings_spoken: int = 0
    tasks_assigned: int = 0
    tasks_done: int = 0


@dataclass
class CellRecord:
    regular_held: int = 0
    thematic_held: int = 0
    thematic_by_quarter: dict[int, int] = field(default_factory=dict)
    tasks_assigned: int = 0
    tasks_done: int = 0
    members_expected: int = 0
    members_attended: int = 0


class ReviewRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    # -- reviews --------------------------------------------------------------------------------

    def readable(self, principal: Principal) -> Select[AnnualReview]:
        query = (
            select(AnnualReview)
            .join(Unit, Unit.id == AnnualReview.unit_id)
            .where(principal.path_filter(Unit.path))
        )
        if principal.role is Role.member:
            # Members see their own review once the committee has decided it.
            query = query.where(
                AnnualReview.subject == ReviewSubject.member,
                AnnualReview.member_id == (principal.member_id or 0),
                AnnualReview.status == ReviewStatus.decided,
            )
        return query

    async def get_readable(self, principal: Principal, review_id: int) -> AnnualReview | None:
        query = self.readable(principal).where(AnnualReview.id == review_id)
        return (await self.session.scalars(query)).one_or_none()

    async def page(
        self,
        principal: Principal,
        root: Unit,
        year: int,
        *,
        subject: ReviewSubject | None,
        status: ReviewStatus | None,
        cursor: str | None,
        limit: int,
    ) -> tuple[list[AnnualReview], str | None]:
        query = self.readable(principal).where(
            Unit.path.like(f"{root.path}%"), AnnualReview.year == year
        )
        if subject is not None:
            query = query.where(AnnualReview.subject == subject)
        if status is not None:
            query = query.where(AnnualReview.status == status)
        # Per cell: the cell's own review, then its members' (in the order proposed).
        keys = [AnnualReview.unit_id, AnnualReview.subject, AnnualReview.id]
        return await paginate(self.session, query, keys, cursor=cursor, limit=limit)

    async def existing(
        self, cell_ids: list[int], member_ids: list[int], year: int
    ) -> list[AnnualReview]:
        """The year's reviews of the cells and of the members (wherever they were made)."""
        if not cell_ids and not member_ids:
            return []
        query = select(AnnualReview).where(
            AnnualReview.year == year,
            or_(
                and_(
                    AnnualReview.subject == ReviewSubject.cell,
                    AnnualReview.unit_id.in_(cell_ids),
                ),
                and_(
                    AnnualReview.subject == ReviewSubject.member,
                    AnnualReview.member_id.in_(member_ids),
                ),
            ),
        )
        return list((await self.session.scalars(query)).all())

    async def counts_under(self, root: Unit, year: int) -> tuple[int, int]:
        """(cell reviews, member reviews) of the year in the unit's subtree."""
        query = (
            select(
                _count_if(AnnualReview.subject == ReviewSubject.cell),
                _count_if(AnnualReview.subject == ReviewSubject.member),
            )
            .join(Unit, Unit.id == AnnualReview.unit_id)
            .where(Unit.path.like(f"{root.path}%"), AnnualReview.year == year)
        )
        cells, members = (await self.session.execute(query)).one()
        return int(cells), int(members)

    async def lock_unit(self, unit_id: int) -> None:
        """Lock the committee's row until the transaction ends (PostgreSQL; SQLite serialises
        writers anyway): decisions under one committee are checked against the cap one at a
        time."""
        await self.session.execute(select(Unit.id).where(Unit.id == unit_id).with_for_update())

    async def top_level_counts(
        self, committee_id: int, subject: ReviewSubject, year: int, exclude_id: int
    ) -> tuple[int, int]:
        """(reviews of the year, decided at the top level other than `exclude_id`) of the
        subject, over the cells directly under the committee."""
        cells = select(Unit.id).where(Unit.parent_id == committee_id)
        query = select(
            func.count(AnnualReview.id),
            _count_if(
                and_(
                    AnnualReview.status == ReviewStatus.decided,
                    AnnualReview.level == "excellent",
                    AnnualReview.id != exclude_id,
                )
            ),
        ).where(
            AnnualReview.unit_id.in_(cells),
            AnnualReview.subject == subject,
            AnnualReview.year == year,
        )
        total, top = (await self.session.execute(query)).one()
        return int(total), int(top)

    async def names(
        self, unit_ids: Iterable[int], member_ids: Iterable[int]
    ) -> tuple[dict[int, str], dict[int, str]]:
        units: dict[int, str] = {}
        members: dict[int, str] = {}
        if ids := set(unit_ids):
            rows = await self.session.execute(select(Unit.id, Unit.name).where(Unit.id.in_(ids)))
            units = {i: n for i, n in rows.all()}
        if ids := set(member_ids):
            rows = await self.session.execute(
                select(Member.id, Member.full_name).where(Member.id.in_(ids))
            )
            members = {i: n for i, n in rows.all()}
        return units, members

    # -- sheets ---------------------------------------------------------------------------------

    async def sheet_in_force(self, subject: SheetSubject, on: date) -> RatingSheet | None:
        query = (
            select(RatingSheet)
            .where(RatingSheet.subject == subject, RatingSheet.effective_from <= on)
            .order_by(RatingSheet.effective_from.desc(), RatingSheet.version_number.desc())
            .limit(1)
        )
        return (await self.session.scalars(query)).one_or_none()

    async def sheets(self, ids: Iterable[int]) -> dict[int, RatingSheet]:
        if not (wanted := set(ids)):
            return {}
        rows = await self.session.scalars(select(RatingSheet).where(RatingSheet.id.in_(wanted)))
        return {s.id: s for s in rows.all()}

    async def next_sheet_version(self, code: str) -> int:
        query = select(func.coalesce(func.max(RatingSheet.version_number), 0)).where(
            RatingSheet.code == code
        )
        return int(await self.session.scalar(query) or 0) + 1

    async def subject_of_code(self, code: str) -> SheetSubject | None:
        query = select(RatingSheet.subject).where(RatingSheet.code == code).limit(1)
        return await self.session.scalar(query)

    # -- who is reviewed ------------------------------------------------------------------------

    async def members_to_review(self, cell_ids: list[int], year: int) -> list[Member]:
        """Members on the cells' rolls at some point of the year (admitted by its end, not
        gone before it began), except those exempt from party work for the whole year."""
        first, last = date(year, 1, 1), date(year, 12, 31)
        exempt_all_year = exists().where(
            Exemption.member_id == Member.id,
            Exemption.start_date <= first,
            or_(Exemption.end_date.is_(None), Exemption.end_date >= last),
        )
        query = (
            select(Member)
            .where(
                Member.unit_id.in_(cell_ids),
                or_(Member.state == MemberState.active, Member.left_on >= first),
                or_(Member.admission_date.is_(None), Member.admission_date <= last),
                ~exempt_all_year,
            )
            .order_by(Member.unit_id, Member.sort_key, Member.id)
        )
        return list((await self.session.scalars(query)).all())

    # -- figures --------------------------------------------------------------------------------

    async def member_records(self, member_ids: list[int], year: int) -> dict[int, MemberRecord]:
        """Attendance (in the base), speeches and tasks of each member over the cell meetings
        held in the year, wherever they attended (a temporary transfer included)."""
        records = {member_id: MemberRecord() for member_id in member_ids}
        if not member_ids:
            return records
        in_base = Attendance.excluded_from_base.is_(None)
        attendance = (
            select(
                Attendance.member_id,
                _count_if(in_base),
                _count_if(and_(in_base, Attendance.status.in_(PRESENT))),
                _count_if(and_(in_base, Attendance.status == AttendanceStatus.excused)),
                _count_if(and_(in_base, Attendance.status == AttendanceStatus.unexcused)),
            )
            .join(Meeting, Meeting.id == Attendance.meeting_id)
            .where(Attendance.member_id.in_(member_ids), _held_in(year))
            .group_by(Attendance.member_id)
        )
        for member_id, expected, attended, excused, unexcused in (
            await self.session.execute(attendance)
        ).all():
            record = records[member_id]
            record.expected, record.attended = int(expected), int(attended)
            record.excused, record.unexcused = int(excused), int(unexcused)
        speeches = (
            select(
                Speech.member_id,
                func.count(Speech.id),
                func.count(func.distinct(Speech.meeting_id)),
            )
            .join(Meeting, Meeting.id == Speech.meeting_id)
            .where(
                Speech.member_id.in_(member_ids),
                Speech.state == SpeechState.done,
                _held_in(year),
            )
            .group_by(Speech.member_id)
        )
        for member_id, count, meetings in (await self.session.execute(speeches)).all():
            records[member_id].speeches, records[member_id].meetings_spoken = (
                int(count),
                int(meetings),
            )
        tasks = (
            select(
                Task.owner_member_id,
                func.count(Task.id),
                _count_if(Task.status == TaskStatus.done),
            )
            .join(Meeting, Meeting.id == Task.meeting_id)
            .where(
                Task.owner_member_id.in_(member_ids),
                Task.status != TaskStatus.cancelled,
                Meeting.period_year == year,
            )
            .group_by(Task.owner_member_id)
        )
        for owner, assigned, done in (await self.session.execute(tasks)).all():
            if owner is not None:
                records[owner].tasks_assigned = int(assigned)
                records[owner].tasks_done = int(done)
        return records

    async def cell_records(self, cell_ids: list[int], year: int) -> dict[int, CellRecord]:
        """Regular and thematic meetings held, tasks of the cell's resolutions, and its
        members' attendance, per cell over the year."""
        records = {cell_id: CellRecord() for cell_id in cell_ids}
        if not cell_ids:
            return records
        thematic = or_(
            Meeting.meeting_type == MeetingType.thematic, Meeting.has_thematic_part.is_(True)
        )
        meetings = (
            select(
                Meeting.unit_id,
                Meeting.period_month,
                _count_if(Meeting.meeting_type == MeetingType.regular),
                _count_if(thematic),
            )
            .where(Meeting.unit_id.in_(cell_ids), _held_in(year))
            .group_by(Meeting.unit_id, Meeting.period_month)
        )
        for cell_id, month, regular, held_thematic in (await self.session.execute(meetings)).all():
            record = records[cell_id]
            quarter = (int(month) - 1) // 3 + 1
            record.regular_held += int(regular)
            record.thematic_held += int(held_thematic)
            record.thematic_by_quarter[quarter] = record.thematic_by_quarter.get(quarter, 0) + int(
                held_thematic
            )
        tasks = (
            select(Task.unit_id, func.count(Task.id), _count_if(Task.status == TaskStatus.done))
            .join(Meeting, Meeting.id == Task.meeting_id)
            .where(
                Task.unit_id.in_(cell_ids),
                Task.status != TaskStatus.cancelled,
                Meeting.period_year == year,
            )
            .group_by(Task.unit_id)
        )
        for cell_id, assigned, done in (await self.session.execute(tasks)).all():
            records[cell_id].tasks_assigned, records[cell_id].tasks_done = int(assigned), int(done)
        in_base = Attendance.excluded_from_base.is_(None)
        attendance = (
            select(
                Meeting.unit_id,
                _count_if(in_base),
                _count_if(and_(in_base, Attendance.status.in_(PRESENT))),
            )
            .join(Meeting, Meeting.id == Attendance.meeting_id)
            .where(Meeting.unit_id.in_(cell_ids), _held_in(year))
            .group_by(Meeting.unit_id)
        )
        for cell_id, expected, attended in (await self.session.execute(attendance)).all():
            records[cell_id].members_expected = int(expected)
            records[cell_id].members_attended = int(attended)
        return records
