"""Rules for what a meeting decides and records: votes, minutes (generated, edited, made final,
amended), resolutions with their numbers, tasks and their review at the next regular meeting.
Never commits: the request's session does."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from chibo.attendance.service import meeting_voting
from chibo.attendance.voting import MeetingVoting, check_ballots, require_quorum
from chibo.audit.service import record, snapshot
from chibo.auth.principal import MEMBER_MANAGER_ROLES, Principal
from chibo.core.clock import today, utcnow
from chibo.core.errors import Forbidden, NotFound, conflict, rule
from chibo.core.versioning import check_version
from chibo.meetings.access import (
    manageable_meeting,
    meeting_unit,
    readable_meeting,
    require_status,
    require_unlocked,
)
from chibo.meetings.models import (
    Meeting,
    MeetingAmendment,
    MeetingStatus,
    MeetingType,
    ThematicTopic,
    ThematicTopicStatus,
)
from chibo.meetings.repository import MeetingRepository
from chibo.members.models import Member
from chibo.minutes.generate import draft_minutes
from chibo.minutes.models import (
    Minutes,
    Resolution,
    ResolutionKind,
    Task,
    TaskStatus,
    Vote,
)
from chibo.minutes.repository import MinutesRepository
from chibo.minutes.schemas import (
    MinutesAmendmentCreate,
    MinutesFinalize,
    MinutesGenerate,
    MinutesUpdate,
    ResolutionCreate,
    TaskCreate,
    TaskReviewSubmit,
    TaskSpec,
    TaskUpdate,
    VoteCreate,
    VoteUpdate,
)
from chibo.minutes.voting import resolution_code
from chibo.units.models import Unit, UnitKind

# While a meeting runs or after it ended, until the minutes are final.
RECORDING = (MeetingStatus.in_progress, MeetingStatus.held)
KIND_SUFFIX = {ResolutionKind.resolution: "NQ", ResolutionKind.conclusion: "KL"}
NUMBER_ATTEMPTS = 5


def unit_suffix(unit: Unit) -> str:
    """CB for a cell (chi bộ), ĐU for a committee (đảng ủy)."""
    return "CB" if unit.kind is UnitKind.cell else "ĐU"


def require_manager(principal: Principal) -> None:
    if principal.role not in MEMBER_MANAGER_ROLES:
        raise Forbidden()


class PackageService:
    """What every service of this package shares: the session, the reads, member checks."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.repo = MinutesRepository(session)

    async def _meeting_of(self, meeting_id: int) -> tuple[Meeting, Unit]:
        meeting = await self.session.get(Meeting, meeting_id)
        assert meeting is not None
        return meeting, await meeting_unit(self.session, meeting)

    async def check_person(
        self, member_id: int, unit: Unit, day: date, code: str, what_en: str, what_vi: str
    ) -> Member:
        """A member of the unit: on a cell's rolls or attending it temporarily on `day`; for a
        committee's own meeting, a member of any cell below it."""
        member: Member | None
        if unit.kind is UnitKind.cell:
            member = await self.repo.member_in_cell(member_id, unit.id, day)
        else:
            member = await self.repo.member_under(member_id, unit.path)
        if member is None:
            raise rule(
                code,
                f"The {what_en} must be a member of the cell.",
                f"{what_vi} phải là đảng viên của chi bộ.",
                details={"member_id": member_id},
            )
        return member


# -- votes --------------------------------------------------------------------------------


class VoteService(PackageService):
    async def voting(self, meeting: Meeting) -> MeetingVoting:
        return await meeting_voting(self.session, meeting)

    async def voting_base(
        self, principal: Principal, meeting_id: int
    ) -> tuple[Meeting, MeetingVoting]:
        meeting = await readable_meeting(self.session, principal, meeting_id)
        return meeting, await self.voting(meeting)

    async def list_votes(self, principal: Principal, meeting_id: int) -> list[Vote]:
        meeting = await readable_meeting(self.session, principal, meeting_id)
        return await self.repo.votes(meeting.id)

    async def _tally(self, vote: Vote, meeting: Meeting) -> None:
        """Fix the base and those present from the roll and decide the result under the
        threshold of the vote's kind; refuse more ballots than voters present (a bad input),
        then any vote below quorum (the meeting cannot decide yet)."""
        voting = await self.voting(meeting)
        check_ballots(voting, vote.votes_for + vote.votes_against + vote.votes_abstain)
        require_quorum(voting)
        threshold = voting.threshold(vote.kind)
        vote.pass_rule = threshold.rule_key
        vote.eligible = voting.base.eligible
        vote.present = voting.base.eligible_present
        vote.passed = vote.votes_for >= threshold.needed(voting.base.eligible)

    async def create(self, principal: Principal, meeting_id: int, data: VoteCreate) -> Vote:
        meeting, unit = await manageable_meeting(self.session, principal, meeting_id)
        require_status(meeting, *RECORDING)
        vote = Vote(meeting_id=meeting.id, **data.model_dump())
        await self._tally(vote, meeting)
        self.session.add(vote)
        await self.session.flush()
        record(self.session, principal, action="vote.create", entity=vote, unit_path=unit.path)
        return vote

    async def _manageable(self, principal: Principal, vote_id: int) -> tuple[Vote, Meeting, Unit]:
        vote = await self.repo.readable_vote(principal, vote_id)
        if vote is None:
            raise NotFound()
        require_manager(principal)
        meeting, unit = await self._meeting_of(vote.meeting_id)
        require_status(meeting, *RECORDING)
        return vote, meeting, unit

    async def update(
        self, principal: Principal, vote_id: int, data: VoteUpdate, if_match: str | None
    ) -> Vote:
        vote, meeting, unit = await self._manageable(principal, vote_id)
        check_version(vote.version, data.version, if_match)
        before = snapshot(vote)
        for key, value in data.model_dump(exclude_unset=True, exclude={"version"}).items():
            if value is None:
                raise rule(
                    "field_required", f"{key} cannot be empty.", "Trường này không được để trống."
                )
            setattr(vote, key, value)
        await self._tally(vote, meeting)
        if not vote.passed and await self.repo.vote_in_use(vote.id):
            raise conflict(
                "vote_in_use",
                "A resolution rests on this vote; it cannot become a rejection.",
                "Đã có nghị quyết căn cứ vào kết quả biểu quyết này.",
            )
        await self.session.flush()
        record(
            self.session,
            principal,
            action="vote.update",
            entity=vote,
            unit_path=unit.path,
            before=before,
        )
        return vote

    async def delete(self, principal: Principal, vote_id: int, if_match: str | None) -> None:
        vote, _, unit = await self._manageable(principal, vote_id)
        if if_match is not None:
            check_version(vote.version, None, if_match)
        if await self.repo.vote_in_use(vote.id):
            raise conflict(
                "vote_in_use",
                "A resolution rests on this vote.",
                "Đã có nghị quyết căn cứ vào kết quả biểu quyết này.",
            )
        before = snapshot(vote)
        await self.session.delete(vote)
        await self.session.flush()
        record(
            self.session,
            principal,
            action="vote.delete",
            entity_type="votes",
            entity_id=vote_id,
            unit_path=unit.path,
            before=before,
            after=None,
        )


# -- minutes ------------------------------------------------------------------------------


class MinutesService(PackageService):
    async def get(self, principal: Principal, meeting_id: int) -> Minutes | None:
        meeting = await readable_meeting(self.session, principal, meeting_id)
        return await self.repo.minutes(meeting.id)

    async def _existing(self, meeting: Meeting) -> Minutes:
        minutes = await self.repo.minutes(meeting.id)
        if minutes is None:
            raise conflict(
                "minutes_not_generated",
                "Generate the minutes first.",
                "Chưa lập biên bản: hãy tạo biên bản từ dữ liệu cuộc họp trước.",
            )
        return minutes

    async def generate(
        self, principal: Principal, meeting_id: int, data: MinutesGenerate
    ) -> Minutes:
        """Draft (or redraft) the minutes from the record, until they are final."""
        meeting, unit = await manageable_meeting(self.session, principal, meeting_id)
        require_status(meeting, *RECORDING)
        content = await draft_minutes(self.session, meeting)
        minutes = await self.repo.minutes(meeting.id)
        now = utcnow()
        if minutes is None:
            minutes = Minutes(meeting_id=meeting.id, content=content, generated_at=now)
            self.session.add(minutes)
            before = None
        else:
            if minutes.edited_by_user_id is not None and not data.force:
                raise conflict(
                    "minutes_edited",
                    "The minutes were edited; regenerating would lose the edits "
                    '(send {"force": true} to do it anyway).',
                    "Biên bản đã được chỉnh sửa; tạo lại sẽ mất phần đã sửa.",
                )
            before = snapshot(minutes)
            minutes.content = content
            minutes.generated_at = now
            minutes.edited_by_user_id = None
        await self.session.flush()
        record(
            self.session,
            principal,
            action="minutes.generate",
            entity=minutes,
            unit_path=unit.path,
            before=before,
        )
        return minutes

    async def update(
        self, principal: Principal, meeting_id: int, data: MinutesUpdate, if_match: str | None
    ) -> Minutes:
        meeting, unit = await manageable_meeting(self.session, principal, meeting_id)
        require_status(meeting, *RECORDING)
        minutes = await self._existing(meeting)
        check_version(minutes.version, data.version, if_match)
        before = snapshot(minutes)
        minutes.content = data.content
        minutes.edited_by_user_id = principal.user_id
        await self.session.flush()
        record(
            self.session,
            principal,
            action="minutes.update",
            entity=minutes,
            unit_path=unit.path,
            before=before,
        )
        return minutes

    async def finalize(
        self, principal: Principal, meeting_id: int, data: MinutesFinalize, if_match: str | None
    ) -> Minutes:
        """Make the minutes final: the meeting is then locked (changes only by amendment)."""
        meeting, unit = await manageable_meeting(self.session, principal, meeting_id)
        require_status(meeting, MeetingStatus.held)
        minutes = await self._existing(meeting)
        check_version(minutes.version, data.version, if_match)
        now = utcnow()
        if meeting.actual_end is None or meeting.actual_end > now:
            raise conflict(
                "minutes_before_meeting_end",
                "The minutes become final only after the meeting has ended.",
                "Chỉ được hoàn thành biên bản sau khi cuộc họp đã kết thúc.",
                details={
                    "actual_end": meeting.actual_end.isoformat() if meeting.actual_end else None
                },
            )
        minutes_before, meeting_before = snapshot(minutes), snapshot(meeting)
        minutes.final_at = now
        minutes.final_by_user_id = principal.user_id
        meeting.status = MeetingStatus.minutes_final
        meeting.minutes_final_at = now
        await self.session.flush()
        record(
            self.session,
            principal,
            action="minutes.finalize",
            entity=minutes,
            unit_path=unit.path,
            before=minutes_before,
        )
        record(
            self.session,
            principal,
            action="meeting.minutes_final",
            entity=meeting,
            unit_path=unit.path,
            before=meeting_before,
        )
        await mark_topic_held(self.session, principal, meeting, unit)
        return minutes

    async def amend(
        self, principal: Principal, meeting_id: int, data: MinutesAmendmentCreate
    ) -> MeetingAmendment:
        """Correct final minutes: the text before stays in the amendment, with who and why."""
        meeting, unit = await manageable_meeting(self.session, principal, meeting_id)
        if meeting.status is not MeetingStatus.minutes_final:
            require_unlocked(meeting)  # cancelled
            raise conflict(
                "minutes_not_final",
                "The minutes are not final yet: edit them directly.",
                "Biên bản chưa hoàn thành: hãy chỉnh sửa trực tiếp.",
            )
        minutes = await self._existing(meeting)
        if data.content == minutes.content:
            raise rule(
                "amendment_unchanged",
                "The amended text is the same as the current one.",
                "Nội dung đính chính giống nội dung hiện tại.",
            )
        before = snapshot(minutes)
        amendment = MeetingAmendment(
            meeting_id=meeting.id,
            target="minutes",
            before={"content": minutes.content, "version": minutes.version},
            after={"content": data.content},
            reason=data.reason,
            amended_by_user_id=principal.user_id,
            amended_at=utcnow(),
        )
        minutes.content = data.content
        self.session.add(amendment)
        await self.session.flush()
        record(
            self.session,
            principal,
            action="minutes.amend",
            entity=minutes,
            unit_path=unit.path,
            before=before,
        )
        record(
            self.session,
            principal,
            action="amendment.create",
            entity=amendment,
            unit_path=unit.path,
        )
        return amendment

    async def amendments(self, principal: Principal, meeting_id: int) -> list[MeetingAmendment]:
        meeting = await readable_meeting(self.session, principal, meeting_id)
        return await self.repo.amendments(meeting.id, "minutes")


async def mark_topic_held(
    session: AsyncSession, principal: Principal, meeting: Meeting, unit: Unit
) -> None:
    """The meeting's thematic topic is held once the meeting is."""
    if meeting.thematic_topic_id is None:
        return
    topic = await session.get(ThematicTopic, meeting.thematic_topic_id)
    if topic is None or topic.status not in (
        ThematicTopicStatus.registered,
        ThematicTopicStatus.postponed,
    ):
        return
    before = snapshot(topic)
    topic.status = ThematicTopicStatus.held
    await session.flush()
    record(
        session,
        principal,
        action="thematic_topic.held",
        entity=topic,
        unit_path=unit.path,
        before=before,
    )


# -- tasks and resolutions ----------------------------------------------------------------


@dataclass
class TaskReview:
    meeting: Meeting
    previous: Meeting | None
    tasks: list[Task]
    total: int
    done: int

    @property
    def share_done(self) -> float | None:
        return self.done / self.total if self.total else None


def review_counts(tasks: list[Task]) -> tuple[int, int]:
    """(total, done): cancelled tasks are left out of the share."""
    counted = [t for t in tasks if t.status is not TaskStatus.cancelled]
    return len(counted), sum(1 for t in counted if t.status is TaskStatus.done)


class TaskService(PackageService):
    async def _new_task(
        self, meeting: Meeting, unit: Unit, spec: TaskSpec, resolution_id: int | None
    ) -> Task:
        if spec.owner_member_id is not None:
            await self.check_person(
                spec.owner_member_id,
                unit,
                meeting.day,
                "owner_not_in_cell",
                "task owner",
                "Người được giao nhiệm vụ",
            )
        task = Task(
            meeting_id=meeting.id,
            unit_id=unit.id,
            resolution_id=resolution_id,
            title=spec.title,
            owner_member_id=spec.owner_member_id,
            deadline=spec.deadline,
            status=TaskStatus.open,
        )
        self.session.add(task)
        return task

    async def create(self, principal: Principal, meeting_id: int, data: TaskCreate) -> Task:
        meeting, unit = await manageable_meeting(self.session, principal, meeting_id)
        require_status(meeting, *RECORDING)
        if data.resolution_id is not None:
            resolution = await self.repo.readable_resolution(principal, data.resolution_id)
            if resolution is None or resolution.meeting_id != meeting.id:
                raise rule(
                    "resolution_not_in_meeting",
                    "The resolution belongs to another meeting.",
                    "Nghị quyết không thuộc cuộc họp này.",
                )
        task = await self._new_task(meeting, unit, data, data.resolution_id)
        await self.session.flush()
        record(self.session, principal, action="task.create", entity=task, unit_path=unit.path)
        return task

    async def list_for_meeting(self, principal: Principal, meeting_id: int) -> list[Task]:
        meeting = await readable_meeting(self.session, principal, meeting_id)
        return await self.repo.tasks_of_meeting(meeting.id)

    async def get(self, principal: Principal, task_id: int) -> Task:
        task = await self.repo.readable_task(principal, task_id)
        if task is None:
            raise NotFound()
        return task

    async def update(
        self, principal: Principal, task_id: int, data: TaskUpdate, if_match: str | None
    ) -> Task:
        task = await self.get(principal, task_id)
        require_manager(principal)
        check_version(task.version, data.version, if_match)
        meeting, unit = await self._meeting_of(task.meeting_id)
        changes = data.model_dump(exclude_unset=True, exclude={"version"})
        assignment = {"title", "owner_member_id", "deadline"} & set(changes)
        if assignment:
            # What the meeting assigned is part of its record.
            require_unlocked(meeting)
        if "title" in changes and changes["title"] is None:
            raise rule("field_required", "A task needs a title.", "Nhiệm vụ phải có tên.")
        if "status" in changes and changes["status"] is None:
            raise rule("field_required", "A task needs a status.", "Nhiệm vụ phải có trạng thái.")
        if changes.get("owner_member_id") is not None:
            await self.check_person(
                changes["owner_member_id"],
                unit,
                meeting.day,
                "owner_not_in_cell",
                "task owner",
                "Người được giao nhiệm vụ",
            )
        before = snapshot(task)
        for key, value in changes.items():
            setattr(task, key, value)
        self._settle_completion(task, explicit="completed_on" in changes)
        await self.session.flush()
        record(
            self.session,
            principal,
            action="task.update",
            entity=task,
            unit_path=unit.path,
            before=before,
        )
        return task

    @staticmethod
    def _settle_completion(task: Task, *, explicit: bool, on: date | None = None) -> None:
        """A done task has a completion day (today unless given); others have none."""
        if task.status is TaskStatus.done:
            if task.completed_on is None:
                task.completed_on = on or today()
            if task.completed_on > today():
                raise rule(
                    "completed_in_future",
                    "The completion day is in the future.",
                    "Ngày hoàn thành không được ở tương lai.",
                )
        elif task.completed_on is not None:
            if explicit:
                raise rule(
                    "completed_on_requires_done",
                    "Only a done task has a completion day.",
                    "Chỉ nhiệm vụ đã hoàn thành mới có ngày hoàn thành.",
                )
            task.completed_on = None

    async def page_for_unit(
        self,
        principal: Principal,
        unit_id: int,
        *,
        status: TaskStatus | None,
        due_before: date | None,
        cursor: str | None,
        limit: int,
    ) -> tuple[list[Task], str | None]:
        from chibo.units.repository import UnitRepository

        unit = await UnitRepository(self.session).get_readable(principal, unit_id)
        if unit is None:
            raise NotFound()
        return await self.repo.page_tasks(
            unit.path, status=status, due_before=due_before, cursor=cursor, limit=limit
        )

    # -- review at the next regular meeting ----------------------------------------------

    async def _review_of(self, meeting: Meeting) -> TaskReview:
        previous = None
        if meeting.meeting_type is MeetingType.regular:
            previous = await MeetingRepository(self.session).previous_regular(meeting)
        tasks = await self.repo.tasks_of_meeting(previous.id) if previous else []
        total, done = review_counts(tasks)
        return TaskReview(meeting=meeting, previous=previous, tasks=tasks, total=total, done=done)

    async def review(self, principal: Principal, meeting_id: int) -> TaskReview:
        meeting = await readable_meeting(self.session, principal, meeting_id)
        return await self._review_of(meeting)

    async def record_review(
        self, principal: Principal, meeting_id: int, data: TaskReviewSubmit
    ) -> TaskReview:
        """Statuses of last month's tasks as the meeting found them; the share done is kept
        on the meeting for its rating."""
        meeting, unit = await manageable_meeting(self.session, principal, meeting_id)
        require_status(meeting, *RECORDING)
        if meeting.meeting_type is not MeetingType.regular:
            raise rule(
                "task_review_regular_only",
                "Tasks are reviewed at regular meetings.",
                "Việc kiểm điểm nhiệm vụ thực hiện tại buổi sinh hoạt thường kỳ.",
            )
        review = await self._review_of(meeting)
        if review.previous is None:
            raise rule(
                "no_previous_meeting",
                "The cell has no earlier regular meeting whose tasks could be reviewed.",
                "Chi bộ chưa có buổi sinh hoạt thường kỳ trước để kiểm điểm nhiệm vụ.",
            )
        by_id = {t.id: t for t in review.tasks}
        seen: set[int] = set()
        for item in data.items:
            if item.task_id not in by_id:
                raise rule(
                    "task_not_under_review",
                    "The task was not assigned at the previous regular meeting.",
                    "Nhiệm vụ không thuộc buổi sinh hoạt thường kỳ trước.",
                    details={"task_id": item.task_id},
                )
            if item.task_id in seen:
                raise rule(
                    "duplicate_task",
                    "A task is listed twice.",
                    "Một nhiệm vụ được liệt kê hai lần.",
                    details={"task_id": item.task_id},
                )
            seen.add(item.task_id)
        day = min(meeting.day, today())
        for item in data.items:
            task = by_id[item.task_id]
            before = snapshot(task)
            task.status = item.status
            if item.completed_on is not None:
                task.completed_on = item.completed_on
            if item.review_note is not None:
                task.review_note = item.review_note
            task.reviewed_in_meeting_id = meeting.id
            self._settle_completion(task, explicit=item.completed_on is not None, on=day)
            await self.session.flush()
            record(
                self.session,
                principal,
                action="task.review",
                entity=task,
                unit_path=unit.path,
                before=before,
            )
        meeting_before = snapshot(meeting)
        review.total, review.done = review_counts(review.tasks)
        meeting.tasks_reviewed_total = review.total
        meeting.tasks_reviewed_done = review.done
        await self.session.flush()
        record(
            self.session,
            principal,
            action="meeting.task_review",
            entity=meeting,
            unit_path=unit.path,
            before=meeting_before,
        )
        return review


class ResolutionService(TaskService):
    async def list_resolutions(self, principal: Principal, meeting_id: int) -> list[Resolution]:
        meeting = await readable_meeting(self.session, principal, meeting_id)
        return await self.repo.resolutions(meeting.id)

    async def get_resolution(self, principal: Principal, resolution_id: int) -> Resolution:
        resolution = await self.repo.readable_resolution(principal, resolution_id)
        if resolution is None:
            raise NotFound()
        return resolution

    async def create_resolution(
        self, principal: Principal, meeting_id: int, data: ResolutionCreate
    ) -> tuple[Resolution, list[Task]]:
        meeting, unit = await manageable_meeting(self.session, principal, meeting_id)
        require_status(meeting, *RECORDING)
        if data.vote_id is not None:
            vote = await self.repo.readable_vote(principal, data.vote_id)
            if vote is None or vote.meeting_id != meeting.id:
                raise rule(
                    "vote_not_in_meeting",
                    "The vote belongs to another meeting.",
                    "Kết quả biểu quyết không thuộc cuộc họp này.",
                )
            if not vote.passed:
                raise rule(
                    "vote_not_passed",
                    "The vote did not pass: nothing was adopted.",
                    "Biểu quyết không được thông qua.",
                )
        resolution = Resolution(
            meeting_id=meeting.id,
            unit_id=unit.id,
            kind=data.kind,
            year=meeting.period_year,
            title=data.title,
            content=data.content,
            adopted_on=data.adopted_on or meeting.day,
            vote_id=data.vote_id,
        )
        # Check every owner before anything is written.
        for spec in data.tasks:
            if spec.owner_member_id is not None:
                await self.check_person(
                    spec.owner_member_id,
                    unit,
                    meeting.day,
                    "owner_not_in_cell",
                    "task owner",
                    "Người được giao nhiệm vụ",
                )
        await self._insert_numbered(resolution, unit)
        tasks = [await self._new_task(meeting, unit, spec, resolution.id) for spec in data.tasks]
        await self.session.flush()
        record(
            self.session,
            principal,
            action="resolution.create",
            entity=resolution,
            unit_path=unit.path,
        )
        for task in tasks:
            record(self.session, principal, action="task.create", entity=task, unit_path=unit.path)
        return resolution, tasks

    async def _insert_numbered(self, resolution: Resolution, unit: Unit) -> None:
        """The next number of the cell's year and kind. Two requests may read the same last
        number: the unique constraint refuses the second insert, which then takes the next."""
        for _attempt in range(NUMBER_ATTEMPTS):
            number = await self.repo.last_number(unit.id, resolution.year, resolution.kind) + 1
            resolution.number = number
            resolution.code = resolution_code(
                number, KIND_SUFFIX[resolution.kind], unit_suffix(unit)
            )
            try:
                async with self.session.begin_nested():
                    self.session.add(resolution)
                    await self.session.flush()
            except IntegrityError:
                continue
            return
        raise conflict(
            "resolution_number_busy",
            "Other resolutions are being numbered at the same moment; try again.",
            "Đang có nghị quyết khác được đánh số; vui lòng thử lại.",
        )
