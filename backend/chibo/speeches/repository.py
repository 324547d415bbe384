"""Speech reads: the list of speakers of a meeting and the figures computed from speeches and
the roll (SQL aggregates; nothing is stored). Callers check access to the meeting, member or
unit first (chibo.meetings.access); queries over many meetings are scoped here."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, and_, case, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from chibo.attendance.models import Attendance, AttendanceStatus
from chibo.auth.principal import Principal
from chibo.core.clock import today
from chibo.core.pagination import paginate
from chibo.meetings.models import AgendaItem, Meeting, MeetingStatus, MeetingType
from chibo.members.models import Exemption, Member, MemberState, TemporaryTransfer
from chibo.members.repository import active_on
from chibo.speeches.models import Speech, SpeechKind, SpeechState
from chibo.units.models import Unit

PRESENT = (AttendanceStatus.present, AttendanceStatus.late)
CURRENT = (SpeechState.speaking, SpeechState.paused)
# Meetings whose roll counts as attended: running or over (not cancelled, not planned).
TAKEN_PLACE = (MeetingStatus.in_progress, MeetingStatus.held, MeetingStatus.minutes_final)
HELD = (MeetingStatus.held, MeetingStatus.minutes_final)
# The meetings of the whole cell (committee meetings have their own, smaller roll).
CELL_MEETINGS = (MeetingType.regular, MeetingType.thematic, MeetingType.extraordinary)


def meeting_moment() -> ColumnElement[datetime]:
    """When a meeting took place: its actual start, else its planned start."""
    return func.coalesce(Meeting.actual_start, Meeting.planned_start)


@dataclass(frozen=True)
class SpeakerRow:
    member_id: int
    member_name: str
    speeches: int
    seconds: int


@dataclass(frozen=True)
class MemberTotals:
    meetings_attended: int
    speeches: int
    total_seconds: int
    self_criticism_count: int


@dataclass(frozen=True)
class SilentRow:
    member: Member
    meetings_considered: int
    last_attended_start: datetime
    last_spoke_at: datetime | None


class SpeechRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    # -- one meeting ---------------------------------------------------------------------------

    async def lock_meeting(self, meeting_id: int) -> Meeting:
        """The meeting row, locked until the transaction ends (PostgreSQL; SQLite serialises
        writers anyway) and re-read: queue changes of one meeting happen one at a time."""
        query = (
            select(Meeting)
            .where(Meeting.id == meeting_id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
        return (await self.session.scalars(query)).one()

    async def get(self, meeting_id: int, speech_id: int) -> Speech | None:
        query = (
            select(Speech)
            .where(Speech.id == speech_id, Speech.meeting_id == meeting_id)
            .execution_options(populate_existing=True)
        )
        return (await self.session.scalars(query)).one_or_none()

    async def in_states(self, meeting_id: int, states: tuple[SpeechState, ...]) -> list[Speech]:
        query = (
            select(Speech)
            .where(Speech.meeting_id == meeting_id, Speech.state.in_(states))
            .order_by(Speech.weight, Speech.requested_at, Speech.id)
            .execution_options(populate_existing=True)
        )
        return list((await self.session.scalars(query)).all())

    async def current(self, meeting_id: int) -> Speech | None:
        found = await self.in_states(meeting_id, CURRENT)
        return found[0] if found else None

    async def waiting_of(self, meeting_id: int, member_id: int) -> Speech | None:
        query = select(Speech).where(
            Speech.meeting_id == meeting_id,
            Speech.member_id == member_id,
            Speech.state == SpeechState.waiting,
        )
        return (await self.session.scalars(query.limit(1))).one_or_none()

    async def next_weight(self, meeting_id: int) -> int:
        query = select(func.coalesce(func.max(Speech.weight), 0)).where(
            Speech.meeting_id == meeting_id
        )
        return int(await self.session.scalar(query) or 0) + 1

    async def is_present(self, meeting_id: int, member_id: int) -> bool:
        query = select(Attendance.id).where(
            Attendance.meeting_id == meeting_id,
            Attendance.member_id == member_id,
            Attendance.status.in_(PRESENT),
        )
        return await self.session.scalar(query.limit(1)) is not None

    async def agenda_item_belongs(self, meeting_id: int, item_id: int) -> bool:
        query = select(AgendaItem.id).where(
            AgendaItem.id == item_id, AgendaItem.meeting_id == meeting_id
        )
        return await self.session.scalar(query) is not None

    async def listed(self, meeting_id: int) -> list[tuple[Speech, str]]:
        """Every speech of the meeting but the withdrawn ones, with the speaker's name."""
        query = (
            select(Speech, Member.full_name)
            .join(Member, Member.id == Speech.member_id)
            .where(Speech.meeting_id == meeting_id, Speech.state != SpeechState.withdrawn)
            .order_by(Speech.weight, Speech.requested_at, Speech.id)
        )
        return [(speech, name) for speech, name in (await self.session.execute(query)).all()]

    async def member_name(self, member_id: int) -> str:
        name = await self.session.scalar(select(Member.full_name).where(Member.id == member_id))
        assert name is not None
        return name

    # -- figures of one meeting ----------------------------------------------------------------

    async def present_member_ids(self, meeting_id: int) -> set[int]:
        query = select(Attendance.member_id).where(
            Attendance.meeting_id == meeting_id, Attendance.status.in_(PRESENT)
        )
        return set((await self.session.scalars(query)).all())

    async def speaker_totals(self, meeting_id: int) -> list[SpeakerRow]:
        seconds = func.coalesce(func.sum(Speech.spoken_seconds), 0)
        query = (
            select(Speech.member_id, Member.full_name, func.count(Speech.id), seconds)
            .join(Member, Member.id == Speech.member_id)
            .where(Speech.meeting_id == meeting_id, Speech.state == SpeechState.done)
            .group_by(Speech.member_id, Member.full_name, Member.sort_key)
            .order_by(seconds.desc(), Member.sort_key, Speech.member_id)
        )
        return [
            SpeakerRow(member_id, name, int(count), int(total))
            for member_id, name, count, total in (await self.session.execute(query)).all()
        ]

    async def kind_counts(self, meeting_id: int) -> dict[SpeechKind, int]:
        query = (
            select(Speech.kind, func.count(Speech.id))
            .where(Speech.meeting_id == meeting_id, Speech.state == SpeechState.done)
            .group_by(Speech.kind)
        )
        return {kind: int(count) for kind, count in (await self.session.execute(query)).all()}

    # -- a member over a period ----------------------------------------------------------------

    def _meetings_in(
        self, principal: Principal, start: datetime | None, end: datetime | None
    ) -> Select[int]:
        """Ids of the meetings in the caller's scope that took place in [start, end)."""
        query = (
            select(Meeting.id)
            .join(Unit, Unit.id == Meeting.unit_id)
            .where(principal.path_filter(Unit.path), Meeting.status.in_(TAKEN_PLACE))
        )
        if start is not None:
            query = query.where(meeting_moment() >= start)
        if end is not None:
            query = query.where(meeting_moment() < end)
        return query

    def _member_speeches(
        self, principal: Principal, member_id: int, start: datetime | None, end: datetime | None
    ) -> Select[Speech]:
        return select(Speech).where(
            Speech.member_id == member_id,
            Speech.state == SpeechState.done,
            Speech.meeting_id.in_(self._meetings_in(principal, start, end)),
        )

    async def member_totals(
        self, principal: Principal, member_id: int, start: datetime | None, end: datetime | None
    ) -> MemberTotals:
        attended = await self.session.scalar(
            select(func.count(Attendance.id)).where(
                Attendance.member_id == member_id,
                Attendance.status.in_(PRESENT),
                Attendance.meeting_id.in_(self._meetings_in(principal, start, end)),
            )
        )
        spoken = self._member_speeches(principal, member_id, start, end).subquery()
        count, seconds, self_criticism = (
            await self.session.execute(
                select(
                    func.count(spoken.c.id),
                    func.coalesce(func.sum(spoken.c.spoken_seconds), 0),
                    func.coalesce(
                        func.sum(case((spoken.c.kind == SpeechKind.self_criticism, 1), else_=0)),
                        0,
                    ),
                )
            )
        ).one()
        return MemberTotals(int(attended or 0), int(count), int(seconds), int(self_criticism))

    async def member_speech_page(
        self,
        principal: Principal,
        member_id: int,
        start: datetime | None,
        end: datetime | None,
        *,
        cursor: str | None,
        limit: int,
    ) -> tuple[list[tuple[Speech, Meeting]], str | None]:
        query = self._member_speeches(principal, member_id, start, end)
        speeches, next_cursor = await paginate(
            self.session, query, [Speech.begin_time, Speech.id], cursor=cursor, limit=limit
        )
        meeting_ids = {s.meeting_id for s in speeches}
        meetings = {
            m.id: m
            for m in (
                await self.session.scalars(select(Meeting).where(Meeting.id.in_(meeting_ids)))
            ).all()
        }
        return [(s, meetings[s.meeting_id]) for s in speeches], next_cursor

    # -- members who do not speak --------------------------------------------------------------

    async def silent_members(self, unit: Unit, last: int) -> list[SilentRow]:
        """Active members of the unit's subtree (on its rolls or attending it temporarily;
        neither exempt nor attending another cell today) who attended at least `last` held
        meetings of the subtree and spoke in none of their last `last` ones. One query."""
        units = select(Unit.id).where(Unit.path.like(f"{unit.path}%"))
        moment = meeting_moment()
        attended = (
            select(
                Attendance.member_id.label("member_id"),
                Attendance.meeting_id.label("meeting_id"),
                moment.label("start"),
                func.row_number()
                .over(
                    partition_by=Attendance.member_id, order_by=(moment.desc(), Meeting.id.desc())
                )
                .label("rank"),
            )
            .join(Meeting, Meeting.id == Attendance.meeting_id)
            .where(
                Meeting.unit_id.in_(units),
                Meeting.status.in_(HELD),
                Meeting.meeting_type.in_(CELL_MEETINGS),
                Attendance.status.in_(PRESENT),
            )
            .subquery()
        )
        spoken = (
            select(
                Speech.meeting_id.label("meeting_id"),
                Speech.member_id.label("member_id"),
                func.count(Speech.id).label("speeches"),
            )
            .where(Speech.state == SpeechState.done)
            .group_by(Speech.meeting_id, Speech.member_id)
            .subquery()
        )
        window = (
            select(
                attended.c.member_id,
                func.count().label("meetings"),
                func.max(attended.c.start).label("last_start"),
                func.coalesce(func.sum(spoken.c.speeches), 0).label("speeches"),
            )
            .select_from(
                attended.outerjoin(
                    spoken,
                    and_(
                        spoken.c.meeting_id == attended.c.meeting_id,
                        spoken.c.member_id == attended.c.member_id,
                    ),
                )
            )
            .where(attended.c.rank <= last)
            .group_by(attended.c.member_id)
            .subquery()
        )
        day = today()
        hosted_here = select(TemporaryTransfer.member_id).where(
            TemporaryTransfer.host_unit_id.in_(units),
            active_on(TemporaryTransfer.start_date, TemporaryTransfer.end_date, day),
        )
        attending_elsewhere = select(TemporaryTransfer.member_id).where(
            TemporaryTransfer.home_unit_id.in_(units),
            TemporaryTransfer.host_unit_id.not_in(units),
            active_on(TemporaryTransfer.start_date, TemporaryTransfer.end_date, day),
        )
        exempt = select(Exemption.member_id).where(
            active_on(Exemption.start_date, Exemption.end_date, day)
        )
        last_spoke = (
            select(func.max(Speech.begin_time))
            .join(Meeting, Meeting.id == Speech.meeting_id)
            .where(
                Speech.member_id == Member.id,
                Speech.state == SpeechState.done,
                Meeting.unit_id.in_(units),
            )
            .scalar_subquery()
        )
        query = (
            select(Member, window.c.meetings, window.c.last_start, last_spoke)
            .join(window, window.c.member_id == Member.id)
            .where(
                window.c.meetings >= last,
                window.c.speeches == 0,
                Member.state == MemberState.active,
                or_(Member.unit_id.in_(units), Member.id.in_(hosted_here)),
                Member.id.not_in(attending_elsewhere),
                Member.id.not_in(exempt),
            )
            .order_by(Member.sort_key, Member.id)
        )
        return [
            SilentRow(member, int(meetings), last_start, last_spoke_at)
            for member, meetings, last_start, last_spoke_at in (
                await self.session.execute(query)
            ).all()
        ]
