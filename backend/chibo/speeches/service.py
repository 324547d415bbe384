"""The rules of the list of speakers and of speeches.

While the meeting is in progress, a member present on the roll asks for the floor (or the
secretary puts them in the queue); the secretary orders the queue and starts, pauses, resumes
and ends each speech, one speaker at a time. Speaking time adds up the running segments.
What the secretary records about a speech (agenda item, kind, summary, quality mark) may be
edited until the minutes are final. Every change is audited and told to live followers after
the commit (chibo.speeches.live).
"""

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from chibo.audit.service import record, snapshot
from chibo.auth.models import Role
from chibo.auth.principal import MEMBER_MANAGER_ROLES, Principal
from chibo.core.clock import VIETNAM_OFFSET, utcnow
from chibo.core.errors import Forbidden, NotFound, conflict, rule
from chibo.core.versioning import check_version
from chibo.meetings.access import (
    manageable_meeting,
    meeting_unit,
    readable_meeting,
    require_status,
    require_unlocked,
)
from chibo.meetings.models import Meeting, MeetingStatus
from chibo.members.repository import MemberRepository
from chibo.speeches.live import notify_change
from chibo.speeches.models import Speech, SpeechKind, SpeechState
from chibo.speeches.repository import CURRENT, SpeechRepository
from chibo.speeches.schemas import (
    MeetingSpeechFigures,
    MemberSpeechFigures,
    MemberSpeechRead,
    QueueOrder,
    SilentMember,
    SilentMembers,
    SpeakerFigures,
    SpeakersState,
    SpeechRead,
    SpeechRequest,
    SpeechUpdate,
    StartSpeech,
)
from chibo.units.models import Unit
from chibo.units.repository import UnitRepository


def running_seconds(speech: Speech, now: datetime) -> int:
    """Whole seconds of the running segment (0 unless speaking)."""
    if speech.segment_started_at is None:
        return 0
    return max(0, int((now - speech.segment_started_at).total_seconds()))


def close_segment(speech: Speech, now: datetime) -> None:
    speech.spoken_seconds += running_seconds(speech, now)
    speech.segment_started_at = None


def vietnam_day_start(day: date) -> datetime:
    """00:00 of a day on Vietnam's calendar, in UTC."""
    return datetime.combine(day, time(0), tzinfo=UTC) - VIETNAM_OFFSET


def _wrong_state(speech: Speech, *allowed: SpeechState) -> Exception:
    return conflict(
        "speech_wrong_state",
        f"Not possible while the speech is {speech.state.value}.",
        "Thao tác không thực hiện được ở trạng thái hiện tại của ý kiến phát biểu.",
        details={"state": speech.state.value, "allowed": [s.value for s in allowed]},
    )


def _not_present() -> Exception:
    return rule(
        "speaker_not_present",
        "Only a member present at the meeting (on the roll) can take the floor.",
        "Chỉ đảng viên có mặt tại cuộc họp (đã điểm danh) mới được phát biểu.",
    )


class SpeechService:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.repo = SpeechRepository(session)

    # -- the list of speakers ----------------------------------------------------------------

    async def state(self, principal: Principal, meeting_id: int) -> SpeakersState:
        meeting = await readable_meeting(self.session, principal, meeting_id)
        return await self._state(principal, meeting)

    async def _state(self, principal: Principal, meeting: Meeting) -> SpeakersState:
        now = utcnow()
        current: SpeechRead | None = None
        queue: list[SpeechRead] = []
        finished: list[tuple[datetime, int, SpeechRead]] = []
        for speech, name in await self.repo.listed(meeting.id):
            read = self._read(principal, speech, name, now)
            if speech.state in CURRENT:
                current = read
            elif speech.state is SpeechState.waiting:
                queue.append(read)
            else:
                finished.append((speech.begin_time or speech.requested_at, speech.id, read))
        finished.sort(key=lambda item: (item[0], item[1]))
        return SpeakersState(
            meeting_id=meeting.id,
            meeting_status=meeting.status,
            server_time=now,
            current=current,
            queue=queue,
            finished=[read for _, _, read in finished],
        )

    @staticmethod
    def _read(principal: Principal, speech: Speech, name: str, now: datetime) -> SpeechRead:
        read = SpeechRead.model_validate(
            {
                **{k: getattr(speech, k) for k in SpeechRead.model_fields if hasattr(speech, k)},
                "member_name": name,
                "elapsed_seconds": speech.spoken_seconds + running_seconds(speech, now),
            }
        )
        # Members see the secretary's marks on their own speeches only.
        if principal.role is Role.member and speech.member_id != principal.member_id:
            read.quality = None
            read.note = None
        return read

    async def read_one(self, principal: Principal, speech: Speech) -> SpeechRead:
        name = await self.repo.member_name(speech.member_id)
        return self._read(principal, speech, name, utcnow())

    # -- the queue ---------------------------------------------------------------------------

    async def _running_meeting(
        self, principal: Principal, meeting_id: int, *, manage: bool
    ) -> tuple[Meeting, Unit]:
        if manage:
            meeting, unit = await manageable_meeting(self.session, principal, meeting_id)
        else:
            meeting = await readable_meeting(self.session, principal, meeting_id)
            unit = await meeting_unit(self.session, meeting)
        meeting = await self.repo.lock_meeting(meeting.id)
        require_status(meeting, MeetingStatus.in_progress)
        return meeting, unit

    async def _speech(self, meeting: Meeting, speech_id: int) -> Speech:
        speech = await self.repo.get(meeting.id, speech_id)
        if speech is None:
            raise NotFound()
        return speech

    async def _check_agenda_item(self, meeting: Meeting, item_id: int | None) -> None:
        if item_id is not None and not await self.repo.agenda_item_belongs(meeting.id, item_id):
            raise rule(
                "agenda_item_not_in_meeting",
                "The agenda item is not on this meeting's agenda.",
                "Nội dung này không thuộc chương trình của cuộc họp.",
            )

    async def request_floor(
        self, principal: Principal, meeting_id: int, data: SpeechRequest
    ) -> Speech:
        meeting, unit = await self._running_meeting(principal, meeting_id, manage=False)
        manager = principal.role in MEMBER_MANAGER_ROLES
        member_id = data.member_id if data.member_id is not None else principal.member_id
        if not manager and member_id != principal.member_id:
            raise Forbidden(
                "A member asks for the floor only for themselves.",
                "Đảng viên chỉ đăng ký phát biểu cho chính mình.",
            )
        if member_id is None:
            raise rule(
                "member_required",
                "Say which member asks for the floor (your account has no member record).",
                "Hãy chọn đảng viên đăng ký phát biểu (tài khoản không gắn với đảng viên).",
            )
        if not await self.repo.is_present(meeting.id, member_id):
            raise _not_present()
        await self._check_agenda_item(meeting, data.agenda_item_id)
        if await self.repo.waiting_of(meeting.id, member_id) is not None:
            raise conflict(
                "already_waiting",
                "This member is already waiting for the floor.",
                "Đảng viên này đã đăng ký phát biểu và đang chờ.",
            )
        speech = Speech(
            meeting_id=meeting.id,
            member_id=member_id,
            agenda_item_id=data.agenda_item_id,
            kind=data.kind,
            state=SpeechState.waiting,
            weight=await self.repo.next_weight(meeting.id),
            requested_at=utcnow(),
            requested_by_self=member_id == principal.member_id,
            spoken_seconds=0,
        )
        self.session.add(speech)
        await self.session.flush()
        await self._written(principal, unit, speech, "speech.request")
        return speech

    async def reorder(self, principal: Principal, meeting_id: int, data: QueueOrder) -> Meeting:
        meeting, unit = await self._running_meeting(principal, meeting_id, manage=True)
        if len(set(data.speech_ids)) != len(data.speech_ids):
            raise rule(
                "duplicate_speech_ids",
                "A request appears twice in the new order.",
                "Một lượt đăng ký xuất hiện hai lần trong thứ tự mới.",
            )
        waiting = await self.repo.in_states(meeting.id, (SpeechState.waiting,))
        if {s.id for s in waiting} != set(data.speech_ids):
            raise conflict(
                "queue_changed",
                "The queue has changed: reload it and order every waiting request.",
                "Danh sách chờ đã thay đổi: hãy tải lại và sắp xếp tất cả lượt đăng ký.",
                details={"waiting": [s.id for s in waiting]},
            )
        by_id = {s.id: s for s in waiting}
        before = [s.id for s in waiting]
        for position, speech_id in enumerate(data.speech_ids, start=1):
            by_id[speech_id].weight = position
        await self.session.flush()
        record(
            self.session,
            principal,
            action="speech.order",
            entity_type="meetings",
            entity_id=meeting.id,
            unit_path=unit.path,
            before={"queue": before},
            after={"queue": list(data.speech_ids)},
        )
        await notify_change(self.session, meeting.id)
        return meeting

    async def start(
        self, principal: Principal, meeting_id: int, speech_id: int, data: StartSpeech
    ) -> Meeting:
        meeting, unit = await self._running_meeting(principal, meeting_id, manage=True)
        speech = await self._speech(meeting, speech_id)
        if speech.state is not SpeechState.waiting:
            raise _wrong_state(speech, SpeechState.waiting)
        if not await self.repo.is_present(meeting.id, speech.member_id):
            raise _not_present()
        now = utcnow()
        current = await self.repo.current(meeting.id)
        if current is not None:
            if not data.end_current:
                raise conflict(
                    "someone_speaking",
                    "Someone has the floor: end that speech first (or say end_current).",
                    "Đang có người phát biểu: hãy kết thúc ý kiến đó trước.",
                    details={"speech_id": current.id, "member_id": current.member_id},
                )
            await self._finish(principal, unit, current, now)
        before = snapshot(speech)
        speech.state = SpeechState.speaking
        speech.begin_time = now
        speech.segment_started_at = now
        await self.session.flush()
        await self._written(principal, unit, speech, "speech.start", before)
        return meeting

    async def pause(self, principal: Principal, meeting_id: int, speech_id: int) -> Meeting:
        meeting, unit = await self._running_meeting(principal, meeting_id, manage=True)
        speech = await self._speech(meeting, speech_id)
        if speech.state is not SpeechState.speaking:
            raise _wrong_state(speech, SpeechState.speaking)
        before = snapshot(speech)
        close_segment(speech, utcnow())
        speech.state = SpeechState.paused
        await self.session.flush()
        await self._written(principal, unit, speech, "speech.pause", before)
        return meeting

    async def resume(self, principal: Principal, meeting_id: int, speech_id: int) -> Meeting:
        meeting, unit = await self._running_meeting(principal, meeting_id, manage=True)
        speech = await self._speech(meeting, speech_id)
        if speech.state is not SpeechState.paused:
            raise _wrong_state(speech, SpeechState.paused)
        before = snapshot(speech)
        speech.state = SpeechState.speaking
        speech.segment_started_at = utcnow()
        await self.session.flush()
        await self._written(principal, unit, speech, "speech.resume", before)
        return meeting

    async def end(self, principal: Principal, meeting_id: int, speech_id: int) -> Meeting:
        meeting, unit = await self._running_meeting(principal, meeting_id, manage=True)
        speech = await self._speech(meeting, speech_id)
        if speech.state not in CURRENT:
            raise _wrong_state(speech, *CURRENT)
        await self._finish(principal, unit, speech, utcnow())
        return meeting

    async def withdraw(self, principal: Principal, meeting_id: int, speech_id: int) -> Meeting:
        meeting, unit = await self._running_meeting(principal, meeting_id, manage=False)
        speech = await self._speech(meeting, speech_id)
        if principal.role not in MEMBER_MANAGER_ROLES and speech.member_id != principal.member_id:
            raise Forbidden(
                "A member withdraws only their own request.",
                "Đảng viên chỉ rút lượt đăng ký của chính mình.",
            )
        if speech.state is not SpeechState.waiting:
            raise _wrong_state(speech, SpeechState.waiting)
        before = snapshot(speech)
        speech.state = SpeechState.withdrawn
        await self.session.flush()
        await self._written(principal, unit, speech, "speech.withdraw", before)
        return meeting

    async def _finish(
        self, principal: Principal, unit: Unit, speech: Speech, now: datetime
    ) -> None:
        before = snapshot(speech)
        close_segment(speech, now)
        speech.state = SpeechState.done
        speech.end_time = now
        # Flushed at once: the next speaker may start in the same transaction.
        await self.session.flush()
        await self._written(principal, unit, speech, "speech.end", before)

    async def _written(
        self,
        principal: Principal,
        unit: Unit,
        speech: Speech,
        action: str,
        before: dict[str, object] | None = None,
    ) -> None:
        record(
            self.session,
            principal,
            action=action,
            entity=speech,
            unit_path=unit.path,
            before=before,
        )
        await notify_change(self.session, speech.meeting_id)

    # -- the record of a speech --------------------------------------------------------------

    async def update(
        self,
        principal: Principal,
        meeting_id: int,
        speech_id: int,
        data: SpeechUpdate,
        if_match: str | None,
    ) -> Speech:
        meeting, unit = await manageable_meeting(self.session, principal, meeting_id)
        require_unlocked(meeting)
        speech = await self._speech(meeting, speech_id)
        check_version(speech.version, data.version, if_match)
        changes = data.model_dump(exclude_unset=True, exclude={"version"})
        if "agenda_item_id" in changes:
            await self._check_agenda_item(meeting, changes["agenda_item_id"])
        before = snapshot(speech)
        for key, value in changes.items():
            setattr(speech, key, value)
        await self.session.flush()
        await self._written(principal, unit, speech, "speech.update", before)
        return speech

    # -- figures -----------------------------------------------------------------------------

    async def meeting_figures(self, principal: Principal, meeting_id: int) -> MeetingSpeechFigures:
        meeting = await readable_meeting(self.session, principal, meeting_id)
        present = await self.repo.present_member_ids(meeting.id)
        speakers = await self.repo.speaker_totals(meeting.id)
        kinds = await self.repo.kind_counts(meeting.id)
        spoke = {row.member_id for row in speakers}
        attendees_who_spoke = len(spoke & present)
        return MeetingSpeechFigures(
            meeting_id=meeting.id,
            attendees=len(present),
            speakers=len(spoke),
            attendees_who_spoke=attendees_who_spoke,
            share_of_attendees_who_spoke=(
                round(attendees_who_spoke / len(present), 4) if present else None
            ),
            speeches=sum(row.speeches for row in speakers),
            total_seconds=sum(row.seconds for row in speakers),
            self_criticism_count=kinds.get(SpeechKind.self_criticism, 0),
            criticism_count=kinds.get(SpeechKind.criticism, 0),
            by_kind={kind: kinds.get(kind, 0) for kind in SpeechKind},
            per_speaker=[
                SpeakerFigures(
                    member_id=row.member_id,
                    member_name=row.member_name,
                    speeches=row.speeches,
                    seconds=row.seconds,
                    attended=row.member_id in present,
                )
                for row in speakers
            ],
        )

    async def member_figures(
        self,
        principal: Principal,
        member_id: int,
        date_from: date | None,
        date_to: date | None,
        *,
        cursor: str | None,
        limit: int,
    ) -> MemberSpeechFigures:
        member = await MemberRepository(self.session).get_readable(principal, member_id)
        if member is None:
            raise NotFound()
        if principal.role not in MEMBER_MANAGER_ROLES and member.id != principal.member_id:
            raise Forbidden(
                "A member sees only their own speeches.",
                "Đảng viên chỉ xem được các ý kiến phát biểu của mình.",
            )
        if date_from is not None and date_to is not None and date_to < date_from:
            raise rule(
                "period_end_before_start",
                "The end date is before the start date.",
                "Ngày kết thúc không được trước ngày bắt đầu.",
            )
        start = vietnam_day_start(date_from) if date_from is not None else None
        end = vietnam_day_start(date_to + timedelta(days=1)) if date_to is not None else None
        totals = await self.repo.member_totals(principal, member.id, start, end)
        rows, next_cursor = await self.repo.member_speech_page(
            principal, member.id, start, end, cursor=cursor, limit=limit
        )
        return MemberSpeechFigures(
            member_id=member.id,
            member_name=member.full_name,
            date_from=date_from,
            date_to=date_to,
            meetings_attended=totals.meetings_attended,
            speeches=totals.speeches,
            total_seconds=totals.total_seconds,
            self_criticism_count=totals.self_criticism_count,
            items=[
                MemberSpeechRead(
                    id=speech.id,
                    meeting_id=meeting.id,
                    meeting_title=meeting.title,
                    meeting_start=meeting.actual_start or meeting.planned_start,
                    agenda_item_id=speech.agenda_item_id,
                    kind=speech.kind,
                    begin_time=speech.begin_time,
                    end_time=speech.end_time,
                    seconds=speech.spoken_seconds,
                    summary=speech.summary,
                    quality=speech.quality,
                )
                for speech, meeting in rows
            ],
            next_cursor=next_cursor,
        )

    async def silent_members(self, principal: Principal, unit_id: int, last: int) -> SilentMembers:
        unit = await UnitRepository(self.session).get_readable(principal, unit_id)
        if unit is None:
            raise NotFound()
        if principal.role not in MEMBER_MANAGER_ROLES:
            raise Forbidden()
        rows = await self.repo.silent_members(unit, last)
        return SilentMembers(
            unit_id=unit.id,
            last=last,
            members=[
                SilentMember(
                    member_id=row.member.id,
                    full_name=row.member.full_name,
                    status=row.member.status,
                    unit_id=row.member.unit_id,
                    meetings_considered=row.meetings_considered,
                    last_attended_start=row.last_attended_start,
                    last_spoke_at=row.last_spoke_at,
                )
                for row in rows
            ],
        )


async def close_queue(session: AsyncSession, principal: Principal, meeting: Meeting) -> int:
    """When a meeting ends: withdraw the requests still waiting (the current speech must be
    ended first). Returns how many were withdrawn. For the meetings service."""
    repo = SpeechRepository(session)
    unit = await meeting_unit(session, meeting)
    waiting = await repo.in_states(meeting.id, (SpeechState.waiting,))
    for speech in waiting:
        before = snapshot(speech)
        speech.state = SpeechState.withdrawn
        await session.flush()
        record(
            session,
            principal,
            action="speech.withdraw",
            entity=speech,
            unit_path=unit.path,
            before=before,
        )
    await notify_change(session, meeting.id)
    return len(waiting)
