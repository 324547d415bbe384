"""Reads for votes, minutes, resolutions, tasks and thematic topics, scoped to the caller's
subtree through the unit each row belongs to (or through its meeting)."""

from datetime import date
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from chibo.attendance.models import Attendance, Guest
from chibo.auth.principal import Principal
from chibo.core.pagination import paginate
from chibo.meetings.models import (
    AgendaItem,
    Meeting,
    MeetingAmendment,
    MeetingNorms,
    MeetingStatus,
    MeetingType,
    ThematicTopic,
)
from chibo.meetings.service import scope_keys
from chibo.members.models import (
    CommitteePosition,
    CommitteePositionKind,
    Member,
    MemberState,
    TemporaryTransfer,
)
from chibo.members.repository import active_on
from chibo.minutes.models import Minutes, Resolution, ResolutionKind, Task, TaskStatus, Vote
from chibo.speeches.models import Speech, SpeechState
from chibo.units.models import Unit

HELD_STATUSES = (MeetingStatus.held, MeetingStatus.minutes_final)


class MinutesRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    # -- scoping ---------------------------------------------------------------------------

    def _readable_via_unit(self, principal: Principal, model: Any) -> Select[Any]:
        return (
            select(model)
            .join(Unit, Unit.id == model.unit_id)
            .where(principal.path_filter(Unit.path))
        )

    async def unit_path(self, unit_id: int) -> str:
        path = await self.session.scalar(select(Unit.path).where(Unit.id == unit_id))
        assert path is not None
        return path

    # -- the roll, for the voting base and the minutes ------------------------------------

    async def roll(self, meeting_id: int) -> list[tuple[Attendance, Member]]:
        rows = await self.session.execute(
            select(Attendance, Member)
            .join(Member, Member.id == Attendance.member_id)
            .where(Attendance.meeting_id == meeting_id)
            .order_by(Member.sort_key, Member.id)
        )
        return [(a, m) for a, m in rows.all()]

    async def guests(self, meeting_id: int) -> list[Guest]:
        query = select(Guest).where(Guest.meeting_id == meeting_id).order_by(Guest.id)
        return list((await self.session.scalars(query)).all())

    async def done_speeches(
        self, meeting_id: int
    ) -> list[tuple[Speech, str, str | None, int | None]]:
        """Every finished speech in the order spoken: (speech, speaker, agenda item title,
        agenda item position)."""
        rows = await self.session.execute(
            select(Speech, Member.full_name, AgendaItem.title, AgendaItem.position)
            .join(Member, Member.id == Speech.member_id)
            .outerjoin(AgendaItem, AgendaItem.id == Speech.agenda_item_id)
            .where(Speech.meeting_id == meeting_id, Speech.state == SpeechState.done)
            .order_by(Speech.begin_time, Speech.id)
        )
        return [(s, name, title, position) for s, name, title, position in rows.all()]

    # -- members ---------------------------------------------------------------------------

    async def member_in_cell(self, member_id: int, cell_id: int, day: date) -> Member | None:
        """The member if on the cell's rolls (still active), or attending it temporarily on
        `day`; None otherwise."""
        hosted = select(TemporaryTransfer.member_id).where(
            TemporaryTransfer.host_unit_id == cell_id,
            active_on(TemporaryTransfer.start_date, TemporaryTransfer.end_date, day),
        )
        query = select(Member).where(
            Member.id == member_id,
            Member.state == MemberState.active,
            or_(Member.unit_id == cell_id, Member.id.in_(hosted)),
        )
        return (await self.session.scalars(query)).one_or_none()

    async def member_under(self, member_id: int, path: str) -> Member | None:
        """The member if on the rolls of a unit in the subtree at `path` (a unit the caller
        sees: no member outside its scope is found)."""
        query = (
            select(Member)
            .join(Unit, Unit.id == Member.unit_id)
            .where(Member.id == member_id, Unit.path.like(f"{path}%"))
        )
        return (await self.session.scalars(query)).one_or_none()

    async def member_names(self, member_ids: set[int | None]) -> dict[int, str]:
        wanted = {i for i in member_ids if i is not None}
        if not wanted:
            return {}
        rows = await self.session.execute(
            select(Member.id, Member.full_name).where(Member.id.in_(wanted))
        )
        return {member_id: name for member_id, name in rows.all()}

    async def position_of(
        self, member_id: int, unit_id: int, day: date
    ) -> CommitteePositionKind | None:
        query = select(CommitteePosition.position).where(
            CommitteePosition.member_id == member_id,
            CommitteePosition.unit_id == unit_id,
            active_on(CommitteePosition.term_start, CommitteePosition.term_end, day),
        )
        return (await self.session.scalars(query.limit(1))).one_or_none()

    # -- norms -----------------------------------------------------------------------------

    async def norms_rules(self, unit: Unit, norms_id: int | None, on: date) -> dict[str, Any]:
        """The norms a meeting used (or, without one, those in force for the unit on the day);
        empty when none are loaded, so that callers fall back to the defaults."""
        norms = await self.session.get(MeetingNorms, norms_id) if norms_id is not None else None
        if norms is None:
            for key in scope_keys(unit):
                query = (
                    select(MeetingNorms)
                    .where(MeetingNorms.scope_key == key, MeetingNorms.effective_from <= on)
                    .order_by(
                        MeetingNorms.effective_from.desc(), MeetingNorms.version_number.desc()
                    )
                    .limit(1)
                )
                norms = (await self.session.scalars(query)).one_or_none()
                if norms is not None:
                    break
        return dict(norms.rules) if norms is not None else {}

    # -- votes -----------------------------------------------------------------------------

    async def votes(self, meeting_id: int) -> list[Vote]:
        query = select(Vote).where(Vote.meeting_id == meeting_id).order_by(Vote.id)
        return list((await self.session.scalars(query)).all())

    async def readable_vote(self, principal: Principal, vote_id: int) -> Vote | None:
        query = (
            select(Vote)
            .join(Meeting, Meeting.id == Vote.meeting_id)
            .join(Unit, Unit.id == Meeting.unit_id)
            .where(Vote.id == vote_id, principal.path_filter(Unit.path))
        )
        return (await self.session.scalars(query)).one_or_none()

    async def vote_in_use(self, vote_id: int) -> bool:
        query = select(Resolution.id).where(Resolution.vote_id == vote_id).limit(1)
        return (await self.session.scalar(query)) is not None

    # -- minutes ---------------------------------------------------------------------------

    async def minutes(self, meeting_id: int) -> Minutes | None:
        query = select(Minutes).where(Minutes.meeting_id == meeting_id)
        return (await self.session.scalars(query)).one_or_none()

    async def amendments(self, meeting_id: int, target: str) -> list[MeetingAmendment]:
        query = (
            select(MeetingAmendment)
            .where(MeetingAmendment.meeting_id == meeting_id, MeetingAmendment.target == target)
            .order_by(MeetingAmendment.amended_at, MeetingAmendment.id)
        )
        return list((await self.session.scalars(query)).all())

    # -- resolutions -----------------------------------------------------------------------

    async def resolutions(self, meeting_id: int) -> list[Resolution]:
        query = (
            select(Resolution)
            .where(Resolution.meeting_id == meeting_id)
            .order_by(Resolution.adopted_on, Resolution.id)
        )
        return list((await self.session.scalars(query)).all())

    async def readable_resolution(
        self, principal: Principal, resolution_id: int
    ) -> Resolution | None:
        query = self._readable_via_unit(principal, Resolution).where(Resolution.id == resolution_id)
        return (await self.session.scalars(query)).one_or_none()

    async def last_number(self, unit_id: int, year: int, kind: ResolutionKind) -> int:
        query = select(func.coalesce(func.max(Resolution.number), 0)).where(
            Resolution.unit_id == unit_id, Resolution.year == year, Resolution.kind == kind
        )
        return int(await self.session.scalar(query) or 0)

    # -- tasks -----------------------------------------------------------------------------

    async def tasks_of_meeting(self, meeting_id: int) -> list[Task]:
        query = select(Task).where(Task.meeting_id == meeting_id).order_by(Task.id)
        return list((await self.session.scalars(query)).all())

    async def tasks_of_resolutions(self, resolution_ids: list[int]) -> dict[int, list[Task]]:
        result: dict[int, list[Task]] = {i: [] for i in resolution_ids}
        if not resolution_ids:
            return result
        query = select(Task).where(Task.resolution_id.in_(resolution_ids)).order_by(Task.id)
        for task in (await self.session.scalars(query)).all():
            assert task.resolution_id is not None
            result[task.resolution_id].append(task)
        return result

    async def readable_task(self, principal: Principal, task_id: int) -> Task | None:
        query = self._readable_via_unit(principal, Task).where(Task.id == task_id)
        return (await self.session.scalars(query)).one_or_none()

    async def page_tasks(
        self,
        unit_path: str,
        *,
        status: TaskStatus | None,
        due_before: date | None,
        cursor: str | None,
        limit: int,
    ) -> tuple[list[Task], str | None]:
        query = (
            select(Task).join(Unit, Unit.id == Task.unit_id).where(Unit.path.like(f"{unit_path}%"))
        )
        if status is not None:
            query = query.where(Task.status == status)
        if due_before is not None:
            query = query.where(Task.deadline.is_not(None), Task.deadline < due_before)
        return await paginate(self.session, query, [Task.id], cursor=cursor, limit=limit)

    # -- thematic topics and meetings -----------------------------------------------------

    async def readable_topic(self, principal: Principal, topic_id: int) -> ThematicTopic | None:
        query = self._readable_via_unit(principal, ThematicTopic).where(
            ThematicTopic.id == topic_id
        )
        return (await self.session.scalars(query)).one_or_none()

    async def topics(self, unit_id: int, year: int | None) -> list[ThematicTopic]:
        query = select(ThematicTopic).where(ThematicTopic.unit_id == unit_id)
        if year is not None:
            query = query.where(ThematicTopic.year == year)
        query = query.order_by(ThematicTopic.year, ThematicTopic.quarter, ThematicTopic.id)
        return list((await self.session.scalars(query)).all())

    async def thematic_meetings_held(self, unit_id: int, year: int) -> list[Meeting]:
        """Thematic meetings, and regular meetings with a thematic part, held in the year."""
        query = (
            select(Meeting)
            .where(
                Meeting.unit_id == unit_id,
                Meeting.period_year == year,
                Meeting.status.in_(HELD_STATUSES),
                or_(
                    Meeting.meeting_type == MeetingType.thematic,
                    (Meeting.meeting_type == MeetingType.regular)
                    & Meeting.has_thematic_part.is_(True),
                ),
            )
            .order_by(Meeting.planned_start, Meeting.id)
        )
        return list((await self.session.scalars(query)).all())

    async def topics_with_held_meeting(self, topic_ids: list[int]) -> set[int]:
        if not topic_ids:
            return set()
        query = select(Meeting.thematic_topic_id).where(
            Meeting.thematic_topic_id.in_(topic_ids), Meeting.status.in_(HELD_STATUSES)
        )
        return {i for i in (await self.session.scalars(query)).all() if i is not None}
