"""Rules of meetings: who may plan and run them, the one-regular-meeting-a-month rule, the
lifecycle draft → announced → in_progress → held → minutes_final (or cancelled), the agenda,
laying out a year of meetings, amendments of locked meetings, and the norms as data."""

import secrets
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from chibo.audit.service import record, snapshot
from chibo.auth.principal import COMMITTEE_ROLES, MEMBER_MANAGER_ROLES, Principal
from chibo.core.clock import VIETNAM_OFFSET, utcnow, vietnam_date
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
    AgendaItem,
    AgendaTemplate,
    Meeting,
    MeetingAmendment,
    MeetingNorms,
    MeetingStatus,
    MeetingType,
)
from chibo.meetings.norms import NormsRules, first_working_day
from chibo.meetings.repository import MeetingRepository
from chibo.meetings.schemas import (
    AgendaItemCreate,
    AgendaItemUpdate,
    AmendmentCreate,
    Announce,
    Cancel,
    End,
    GenerateYear,
    MeetingCreate,
    MeetingUpdate,
    NormsCreate,
    SkippedMonth,
    Start,
    TemplateCreate,
)
from chibo.members.models import Member
from chibo.members.repository import MemberRepository
from chibo.speeches.live import notify_change
from chibo.speeches.models import Speech, SpeechState
from chibo.speeches.service import close_queue
from chibo.units.models import Unit, UnitKind
from chibo.units.repository import UnitRepository

# Unambiguous characters for the check-in code read off a screen (no 0/O, 1/I/L).
_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CHECKIN_CODE_LENGTH = 6
# Fields an amendment may correct on a locked meeting.
AMENDABLE_FIELDS = frozenset(
    {"title", "location", "online_link", "actual_start", "actual_end", "chair_member_id",
     "minute_taker_member_id", "follower_name", "ideology_minutes", "notice_content"}
)  # fmt: skip
# Fields still editable once the meeting has started.
_LATE_FIELDS = frozenset(
    {"title", "location", "online_link", "chair_member_id", "minute_taker_member_id",
     "follower_member_id", "follower_name", "ideology_minutes", "has_thematic_part",
     "thematic_topic_id"}
)  # fmt: skip
_CELL_TYPES = frozenset(
    {MeetingType.regular, MeetingType.thematic, MeetingType.committee, MeetingType.extraordinary}
)
_SECOND_REGULAR = (
    "second_regular_meeting",
    "The cell already has a regular meeting this month; mark the new one extraordinary.",
    "Chi bộ đã có buổi sinh hoạt thường kỳ trong tháng này; hãy chọn loại sinh hoạt bất thường.",
)


def new_checkin_code() -> str:
    return "".join(secrets.choice(_CODE_ALPHABET) for _ in range(CHECKIN_CODE_LENGTH))


def scope_keys(unit: Unit) -> list[str]:
    """Where norms and templates are looked up: the unit, its ancestors, the province."""
    ids = [part for part in unit.path.strip("/").split("/") if part]
    return [*reversed(ids), "default"]


class MeetingService:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.repo = MeetingRepository(session)
        self.units = UnitRepository(session)

    # -- norms and templates -------------------------------------------------------------

    async def norms_for(self, unit: Unit, on: date) -> MeetingNorms:
        norms = await self.repo.latest_norms(scope_keys(unit), on)
        if norms is None:  # the migration loads province defaults; refuse rather than guess
            raise conflict(
                "norms_missing",
                "No meeting norms are in force; an administrator must load them.",
                "Chưa có quy định về sinh hoạt chi bộ; quản trị viên cần nạp quy định.",
            )
        return norms

    async def rules_of(self, meeting: Meeting) -> NormsRules:
        norms = await self.session.get(MeetingNorms, meeting.norms_id) if meeting.norms_id else None
        if norms is None:
            unit = await meeting_unit(self.session, meeting)
            norms = await self.norms_for(unit, vietnam_date(meeting.planned_start))
        return NormsRules.model_validate(norms.rules)

    async def add_norms(self, principal: Principal, data: NormsCreate) -> MeetingNorms:
        unit = await self._committee_unit(principal, data.unit_id)
        scope_key = str(unit.id) if unit else "default"
        norms = MeetingNorms(
            unit_id=unit.id if unit else None,
            scope_key=scope_key,
            version_number=await self.repo.next_version_number(MeetingNorms, scope_key),
            effective_from=data.effective_from,
            rules=data.rules.model_dump(mode="json"),
            source=data.source,
            created_by_user_id=principal.user_id,
        )
        self.session.add(norms)
        await self.session.flush()
        record(
            self.session,
            principal,
            action="meeting_norms.create",
            entity=norms,
            unit_path=unit.path if unit else None,
        )
        return norms

    async def add_template(self, principal: Principal, data: TemplateCreate) -> AgendaTemplate:
        unit = await self._committee_unit(principal, data.unit_id)
        scope_key = str(unit.id) if unit else "default"
        template = AgendaTemplate(
            unit_id=unit.id if unit else None,
            scope_key=scope_key,
            meeting_type=data.meeting_type,
            version_number=await self.repo.next_version_number(
                AgendaTemplate, scope_key, meeting_type=data.meeting_type
            ),
            items=[i.model_dump(mode="json") for i in data.items],
        )
        self.session.add(template)
        await self.session.flush()
        record(
            self.session,
            principal,
            action="agenda_template.create",
            entity=template,
            unit_path=unit.path if unit else None,
        )
        return template

    async def _committee_unit(self, principal: Principal, unit_id: int | None) -> Unit | None:
        """Norms and templates are set by committees for their subtree (admins: province)."""
        if unit_id is None:
            if not principal.is_admin:
                raise Forbidden()
            return None
        unit = await self.units.get_readable(principal, unit_id)
        if unit is None:
            raise NotFound()
        if principal.role not in COMMITTEE_ROLES or unit.kind in (UnitKind.cell, UnitKind.group):
            raise Forbidden()
        return unit

    async def visible_unit(self, principal: Principal, unit_id: int) -> Unit:
        unit = await self.units.get_readable(principal, unit_id)
        if unit is None:
            raise NotFound()
        return unit

    # -- creating and editing ------------------------------------------------------------

    async def create(self, principal: Principal, data: MeetingCreate) -> Meeting:
        unit = await self.visible_unit(principal, data.unit_id)
        if principal.role not in MEMBER_MANAGER_ROLES:
            raise Forbidden()
        _check_unit_kind(data.meeting_type, unit)
        if not unit.active:
            raise rule("unit_archived", "The unit is archived.", "Đơn vị đã lưu trữ.")
        day = vietnam_date(data.planned_start)
        norms = await self.norms_for(unit, day)
        rules = NormsRules.model_validate(norms.rules)
        planned_end = data.planned_end or data.planned_start + timedelta(
            minutes=rules.default_slot.duration_minutes
        )
        fields = data.model_dump(
            exclude={"unit_id", "with_agenda", "planned_end"}, exclude_none=True
        )
        meeting = Meeting(
            unit_id=unit.id,
            **fields,
            planned_end=planned_end,
            period_year=day.year,
            period_month=day.month,
            status=MeetingStatus.draft,
            norms_id=norms.id,
        )
        meeting.title = data.title or _default_title(data.meeting_type, day)
        _check_times(meeting)
        await self._check_people_and_links(principal, meeting, unit)
        await self._check_one_regular(meeting)
        self.session.add(meeting)
        await self._flush_meeting()
        if data.with_agenda:
            await self._apply_template(meeting, unit)
        record(
            self.session, principal, action="meeting.create", entity=meeting, unit_path=unit.path
        )
        return meeting

    async def update(
        self, principal: Principal, meeting_id: int, data: MeetingUpdate, if_match: str | None
    ) -> Meeting:
        meeting, unit = await manageable_meeting(self.session, principal, meeting_id)
        require_unlocked(meeting)
        check_version(meeting.version, data.version, if_match)
        changes = data.model_dump(exclude_unset=True, exclude={"version"})
        if meeting.status not in (MeetingStatus.draft, MeetingStatus.announced):
            late = set(changes) - _LATE_FIELDS
            if late:
                raise conflict(
                    "meeting_already_started",
                    "Once the meeting has started, its time and type no longer change.",
                    "Cuộc họp đã bắt đầu: không thể thay đổi thời gian và loại cuộc họp.",
                    details={"fields": sorted(late)},
                )
        before = snapshot(meeting)
        for key, value in changes.items():
            setattr(meeting, key, value)
        if "planned_start" in changes:
            day = vietnam_date(meeting.planned_start)
            meeting.period_year, meeting.period_month = day.year, day.month
        _check_times(meeting)
        await self._check_people_and_links(principal, meeting, unit, set(changes))
        await self._check_one_regular(meeting)
        await self._flush_meeting()
        record(
            self.session,
            principal,
            action="meeting.update",
            entity=meeting,
            unit_path=unit.path,
            before=before,
        )
        return meeting

    async def _flush_meeting(self) -> None:
        """The partial unique index settles races on the one-a-month rule."""
        try:
            async with self.session.begin_nested():
                await self.session.flush()
        except IntegrityError as exc:
            if "one_regular_per_month" in str(exc.orig) or "period_month" in str(exc.orig):
                raise conflict(*_SECOND_REGULAR) from exc
            raise

    async def _check_one_regular(self, meeting: Meeting) -> None:
        if meeting.meeting_type is not MeetingType.regular:
            return
        other = await self.repo.regular_in_month(
            meeting.unit_id, meeting.period_year, meeting.period_month, exclude_id=meeting.id
        )
        if other is not None:
            raise conflict(*_SECOND_REGULAR, details={"existing_meeting_id": other.id})

    async def _check_people_and_links(
        self, principal: Principal, meeting: Meeting, unit: Unit, changed: set[str] | None = None
    ) -> None:
        """`changed`: the fields the request sets (None: all of them, a new meeting)."""
        members = MemberRepository(self.session)
        for field in ("chair_member_id", "minute_taker_member_id"):
            member_id = getattr(meeting, field)
            if member_id is None:
                continue
            member = await members.get_readable(principal, member_id)
            if member is None or not await _attends(self.session, member, unit):
                raise rule(
                    "person_not_in_unit",
                    "The chair and the minute-taker are members of the cell.",
                    "Chủ trì và thư ký phải là đảng viên của chi bộ.",
                    details={"field": field},
                )
        # The follower is named by member record only if the caller sees it (a member
        # outside its scope answers as one that does not exist); others by name. A follower
        # set by a committee stays when the secretary edits the rest of the meeting.
        if (
            meeting.follower_member_id is not None
            and (changed is None or "follower_member_id" in changed)
            and await members.get_readable(principal, meeting.follower_member_id) is None
        ):
            raise rule(
                "follower_not_found",
                "The follower is not a known member.",
                "Không tìm thấy đồng chí theo dõi chi bộ.",
            )
        if meeting.thematic_topic_id is not None:
            topic = await self.repo.get_readable_topic(principal, meeting.thematic_topic_id)
            if topic is None or topic.unit_id != unit.id:
                raise rule(
                    "topic_not_in_unit",
                    "The thematic topic belongs to another cell.",
                    "Chuyên đề không thuộc chi bộ này.",
                )
        if meeting.preparation_meeting_id is not None:
            prep = await self.repo.get_readable(principal, meeting.preparation_meeting_id)
            if (
                prep is None
                or prep.unit_id != unit.id
                or prep.meeting_type is not MeetingType.committee
            ):
                raise rule(
                    "preparation_not_committee_meeting",
                    "The preparation meeting must be a committee meeting of the same cell.",
                    "Cuộc họp chuẩn bị phải là cuộc họp chi ủy của chính chi bộ.",
                )

    # -- lifecycle -------------------------------------------------------------------------

    async def _begin_step(
        self,
        principal: Principal,
        meeting_id: int,
        version: int | None,
        if_match: str | None,
        allowed: Callable[[Meeting], tuple[MeetingStatus, ...]],
    ) -> tuple[Meeting, Unit, dict[str, Any]]:
        """Load a meeting the caller runs, check the step is allowed now and the version."""
        meeting, unit = await manageable_meeting(self.session, principal, meeting_id)
        require_status(meeting, *allowed(meeting))
        check_version(meeting.version, version, if_match)
        return meeting, unit, snapshot(meeting)

    async def _finish_step(
        self,
        principal: Principal,
        meeting: Meeting,
        unit: Unit,
        before: dict[str, Any],
        action: str,
    ) -> Meeting:
        await self.session.flush()
        record(
            self.session,
            principal,
            action=action,
            entity=meeting,
            unit_path=unit.path,
            before=before,
        )
        # Phones following the meeting live see it open, close or be cancelled.
        await notify_change(self.session, meeting.id)
        return meeting

    async def announce(
        self, principal: Principal, meeting_id: int, data: Announce, if_match: str | None
    ) -> Meeting:
        meeting, unit, before = await self._begin_step(
            principal, meeting_id, data.version, if_match, lambda m: (MeetingStatus.draft,)
        )
        if data.notice_content:
            meeting.notice_content = data.notice_content
        if not meeting.notice_content:
            meeting.notice_content = await self._default_notice(meeting)
        now = utcnow()
        meeting.status = MeetingStatus.announced
        meeting.announced_at = now
        meeting.notice_sent_to_members_at = now
        if data.notify_follower and (meeting.follower_member_id or meeting.follower_name):
            meeting.notice_sent_to_follower_at = now
        return await self._finish_step(principal, meeting, unit, before, "meeting.announce")

    async def start(
        self, principal: Principal, meeting_id: int, data: Start, if_match: str | None
    ) -> Meeting:
        meeting, unit, before = await self._begin_step(
            principal, meeting_id, data.version, if_match, _startable_from
        )
        now = utcnow()
        moment = data.actual_start or now
        not_in_future(moment, now, "actual_start")
        margin = (await self.rules_of(meeting)).start_early_margin_minutes
        earliest = meeting.planned_start - timedelta(minutes=margin)
        if moment < earliest:
            raise rule(
                "start_too_early",
                f"A meeting starts at most {margin} minutes before its planned start: "
                f"not before {_local(earliest)}.",
                f"Cuộc họp chỉ được bắt đầu sớm nhất {margin} phút trước giờ dự kiến: "
                f"không trước {_local(earliest)}.",
                details={
                    "planned_start": meeting.planned_start.isoformat(),
                    "earliest_start": earliest.isoformat(),
                    "margin_minutes": margin,
                },
            )
        meeting.status = MeetingStatus.in_progress
        meeting.actual_start = moment
        meeting.checkin_code = new_checkin_code()
        await self.session.flush()
        # Imported here: the attendance service reads this module's norms (a cycle).
        from chibo.attendance.service import AttendanceService

        await AttendanceService(self.session).build_roll(meeting, principal)
        return await self._finish_step(principal, meeting, unit, before, "meeting.start")

    async def end(
        self, principal: Principal, meeting_id: int, data: End, if_match: str | None
    ) -> Meeting:
        meeting, unit, before = await self._begin_step(
            principal, meeting_id, data.version, if_match, lambda m: (MeetingStatus.in_progress,)
        )
        running = await self.session.scalar(
            select(Speech.id)
            .where(
                Speech.meeting_id == meeting.id,
                Speech.state.in_([SpeechState.speaking, SpeechState.paused]),
            )
            .limit(1)
        )
        if running is not None:
            raise conflict(
                "speech_in_progress",
                "End the current speech first.",
                "Hãy kết thúc ý kiến phát biểu đang diễn ra trước.",
            )
        now = utcnow()
        end = data.actual_end or now
        not_in_future(end, now, "actual_end")
        assert meeting.actual_start is not None
        if end <= meeting.actual_start:
            raise rule(
                "end_before_start",
                "The end is before the start.",
                "Thời gian kết thúc phải sau thời gian bắt đầu.",
            )
        await close_queue(self.session, principal, meeting)  # requests left waiting lapse
        meeting.status = MeetingStatus.held
        meeting.actual_end = end
        meeting.held_at = utcnow()
        meeting.checkin_code = None
        return await self._finish_step(principal, meeting, unit, before, "meeting.end")

    async def cancel(
        self, principal: Principal, meeting_id: int, data: Cancel, if_match: str | None
    ) -> Meeting:
        meeting, unit, before = await self._begin_step(
            principal,
            meeting_id,
            data.version,
            if_match,
            lambda m: (MeetingStatus.draft, MeetingStatus.announced),
        )
        meeting.status = MeetingStatus.cancelled
        meeting.cancelled_at = utcnow()
        meeting.cancel_reason = data.reason
        meeting.checkin_code = None
        return await self._finish_step(principal, meeting, unit, before, "meeting.cancel")

    async def amend(
        self, principal: Principal, meeting_id: int, data: AmendmentCreate
    ) -> MeetingAmendment:
        """Correct a locked meeting: the original values stay in the amendment."""
        meeting, unit = await manageable_meeting(self.session, principal, meeting_id)
        require_status(meeting, MeetingStatus.minutes_final)
        unknown = set(data.changes) - AMENDABLE_FIELDS
        if unknown or not data.changes:
            raise rule(
                "field_not_amendable",
                "These fields cannot be amended.",
                "Không thể đính chính các trường này.",
                details={"fields": sorted(unknown), "allowed": sorted(AMENDABLE_FIELDS)},
            )
        checked = MeetingUpdate.model_validate(
            {k: v for k, v in data.changes.items() if k in MeetingUpdate.model_fields}
        ).model_dump(exclude_unset=True)
        now = utcnow()
        for key in ("actual_start", "actual_end"):
            if key in data.changes:
                checked[key] = _aware(data.changes[key], key)
                not_in_future(checked[key], now, key)
        full_before = snapshot(meeting)
        before = {k: full_before[k] for k in checked}
        for key, value in checked.items():
            setattr(meeting, key, value)
        _check_times(meeting)
        await self._check_people_and_links(principal, meeting, unit, set(checked))
        await self.session.flush()
        after = {k: snapshot(meeting)[k] for k in checked}
        amendment = MeetingAmendment(
            meeting_id=meeting.id,
            target="meeting",
            before=before,
            after=after,
            reason=data.reason,
            amended_by_user_id=principal.user_id,
            amended_at=utcnow(),
        )
        self.session.add(amendment)
        await self.session.flush()
        record(
            self.session,
            principal,
            action="meeting.amend",
            entity=meeting,
            unit_path=unit.path,
            before=full_before,
        )
        return amendment

    # -- agenda ----------------------------------------------------------------------------

    async def _apply_template(self, meeting: Meeting, unit: Unit) -> None:
        template = await self.repo.latest_template(scope_keys(unit), meeting.meeting_type)
        items = list(template.items) if template else []
        if meeting.has_thematic_part and meeting.meeting_type is MeetingType.regular:
            thematic = await self.repo.latest_template(scope_keys(unit), MeetingType.thematic)
            extra = [
                i
                for i in (thematic.items if thematic else [])
                if i["kind"] in ("thematic", "discussion")
            ]
            # The thematic part runs in turn with the regular one, before the conclusion.
            cut = next((n for n, i in enumerate(items) if i["kind"] == "conclusion"), len(items))
            items = items[:cut] + extra + items[cut:]
        self.session.add_all(
            AgendaItem(
                meeting_id=meeting.id,
                position=n,
                title=i["title"],
                kind=i["kind"],
                planned_minutes=i.get("planned_minutes"),
            )
            for n, i in enumerate(items, start=1)
        )
        await self.session.flush()

    async def add_agenda_item(
        self, principal: Principal, meeting_id: int, data: AgendaItemCreate
    ) -> AgendaItem:
        meeting, unit = await manageable_meeting(self.session, principal, meeting_id)
        require_unlocked(meeting)
        items = await self.repo.agenda(meeting.id)
        position = min(data.position or len(items) + 1, len(items) + 1)
        for item in items:
            if item.position >= position:
                item.position += 1
        item = AgendaItem(
            meeting_id=meeting.id, position=position, **data.model_dump(exclude={"position"})
        )
        await self._check_presenter(principal, item, unit)
        self.session.add(item)
        await self.session.flush()
        record(
            self.session, principal, action="agenda_item.create", entity=item, unit_path=unit.path
        )
        return item

    async def update_agenda_item(
        self,
        principal: Principal,
        meeting_id: int,
        item_id: int,
        data: AgendaItemUpdate,
        if_match: str | None,
    ) -> AgendaItem:
        meeting, unit = await manageable_meeting(self.session, principal, meeting_id)
        require_unlocked(meeting)
        item = await self.repo.agenda_item(meeting.id, item_id)
        if item is None:
            raise NotFound()
        check_version(item.version, data.version, if_match)
        before = snapshot(item)
        for key, value in data.model_dump(exclude_unset=True, exclude={"version"}).items():
            if key in ("title", "kind") and value is None:
                continue
            setattr(item, key, value)
        await self._check_presenter(principal, item, unit)
        await self.session.flush()
        record(
            self.session,
            principal,
            action="agenda_item.update",
            entity=item,
            unit_path=unit.path,
            before=before,
        )
        return item

    async def delete_agenda_item(self, principal: Principal, meeting_id: int, item_id: int) -> None:
        meeting, unit = await manageable_meeting(self.session, principal, meeting_id)
        require_unlocked(meeting)
        item = await self.repo.agenda_item(meeting.id, item_id)
        if item is None:
            raise NotFound()
        before = snapshot(item)
        await self.session.delete(item)
        await self.session.flush()
        for n, other in enumerate(await self.repo.agenda(meeting.id), start=1):
            other.position = n
        await self.session.flush()
        record(
            self.session,
            principal,
            action="agenda_item.delete",
            entity_type="agenda_items",
            entity_id=item_id,
            unit_path=unit.path,
            before=before,
            after=None,
        )

    async def order_agenda(
        self, principal: Principal, meeting_id: int, item_ids: list[int]
    ) -> list[AgendaItem]:
        meeting, unit = await manageable_meeting(self.session, principal, meeting_id)
        require_unlocked(meeting)
        items = await self.repo.agenda(meeting.id)
        if sorted(item_ids) != sorted(i.id for i in items):
            raise rule(
                "agenda_order_mismatch",
                "Send every agenda item of the meeting exactly once.",
                "Cần gửi đủ và đúng các mục trong chương trình.",
            )
        by_id = {i.id: i for i in items}
        for n, item_id in enumerate(item_ids, start=1):
            by_id[item_id].position = n
        await self.session.flush()
        record(
            self.session,
            principal,
            action="agenda.order",
            entity_type="meetings",
            entity_id=meeting.id,
            unit_path=unit.path,
            after={"item_ids": item_ids},
        )
        return sorted(items, key=lambda i: i.position)

    async def _check_presenter(self, principal: Principal, item: AgendaItem, unit: Unit) -> None:
        if item.presenter_member_id is None:
            return
        member = await MemberRepository(self.session).get_readable(
            principal, item.presenter_member_id
        )
        if member is None or not await _attends(self.session, member, unit):
            raise rule(
                "person_not_in_unit",
                "The presenter is not a member of the cell.",
                "Người trình bày không phải đảng viên của chi bộ.",
            )

    # -- a year of meetings ------------------------------------------------------------------

    async def generate_year(
        self, principal: Principal, data: GenerateYear
    ) -> tuple[list[Meeting], list[SkippedMonth]]:
        root = await self.visible_unit(principal, data.unit_id)
        if principal.role not in MEMBER_MANAGER_ROLES:
            raise Forbidden()
        cells = [root] if root.kind is UnitKind.cell else await self._active_cells(root)
        if root.kind is UnitKind.group:
            raise rule(
                "unit_not_cell",
                "Meetings are planned for cells.",
                "Kế hoạch sinh hoạt được lập cho chi bộ.",
            )
        existing = await self._regular_months(cells, data.year)
        created: list[Meeting] = []
        skipped: list[SkippedMonth] = []
        for cell in cells:
            for month in range(1, 13):
                found = existing.get((cell.id, month))
                if found is not None:
                    skipped.append(
                        SkippedMonth(unit_id=cell.id, month=month, existing_meeting_id=found)
                    )
                    continue
                created.append(await self._planned_meeting(cell, data.year, month))
        self.session.add_all(created)
        await self._flush_meeting()
        for meeting in created:
            cell = next(c for c in cells if c.id == meeting.unit_id)
            await self._apply_template(meeting, cell)
        record(
            self.session,
            principal,
            action="meeting.generate_year",
            entity_type="units",
            entity_id=root.id,
            unit_path=root.path,
            after={"year": data.year, "created": len(created), "skipped": len(skipped)},
        )
        return created, skipped

    async def _planned_meeting(self, cell: Unit, year: int, month: int) -> Meeting:
        norms = await self.norms_for(cell, date(year, month, 1))
        slot = NormsRules.model_validate(norms.rules).default_slot
        day = first_working_day(year, month, slot)
        local = datetime.combine(day, slot.start_time, tzinfo=UTC) - VIETNAM_OFFSET
        return Meeting(
            unit_id=cell.id,
            meeting_type=MeetingType.regular,
            status=MeetingStatus.draft,
            title=_default_title(MeetingType.regular, day),
            period_year=year,
            period_month=month,
            planned_start=local,
            planned_end=local + timedelta(minutes=slot.duration_minutes),
            location=slot.location,
            norms_id=norms.id,
        )

    async def _active_cells(self, root: Unit) -> list[Unit]:
        query = (
            select(Unit)
            .where(
                Unit.path.like(f"{root.path}%"), Unit.kind == UnitKind.cell, Unit.active.is_(True)
            )
            .order_by(Unit.path)
        )
        return list((await self.session.scalars(query)).all())

    async def _regular_months(self, cells: list[Unit], year: int) -> dict[tuple[int, int], int]:
        query = select(Meeting.unit_id, Meeting.period_month, Meeting.id).where(
            Meeting.unit_id.in_([c.id for c in cells]),
            Meeting.period_year == year,
            Meeting.meeting_type == MeetingType.regular,
            Meeting.status != MeetingStatus.cancelled,
        )
        return {(u, m): i for u, m, i in (await self.session.execute(query)).all()}

    async def _default_notice(self, meeting: Meeting) -> str:
        local = meeting.planned_start.astimezone(UTC) + VIETNAM_OFFSET
        lines = [
            f"Thông báo: {meeting.title}",
            f"Thời gian: {local:%H:%M} ngày {local:%d/%m/%Y}",
            f"Địa điểm: {meeting.location or meeting.online_link or 'sẽ thông báo sau'}",
            "Nội dung:",
        ]
        lines += [f"{i.position}. {i.title}" for i in await self.repo.agenda(meeting.id)]
        return "\n".join(lines)

    async def get(self, principal: Principal, meeting_id: int) -> Meeting:
        return await readable_meeting(self.session, principal, meeting_id)


async def _attends(session: AsyncSession, member: Member, unit: Unit) -> bool:
    """On the unit's rolls, or attending it temporarily (or, for a committee's own meeting,
    a member anywhere below it)."""
    if member.unit_id == unit.id:
        return True
    home = await session.get(Unit, member.unit_id)
    if unit.kind is not UnitKind.cell and home is not None:
        return home.path.startswith(unit.path)
    repo = MemberRepository(session)
    return member.id in {m.id for m in await repo.hosted_members(unit.id)}


def _startable_from(meeting: Meeting) -> tuple[MeetingStatus, ...]:
    if meeting.meeting_type in (MeetingType.extraordinary, MeetingType.committee):
        return (MeetingStatus.announced, MeetingStatus.draft)  # called at short notice
    return (MeetingStatus.announced,)


def _check_unit_kind(meeting_type: MeetingType, unit: Unit) -> None:
    ok = (
        unit.kind is UnitKind.cell
        if meeting_type in _CELL_TYPES
        else unit.kind in (UnitKind.base_committee, UnitKind.superior_committee)
    )
    if not ok:
        raise rule(
            "meeting_type_unit_mismatch",
            "Cell meetings belong to cells; committee briefings to base committees.",
            "Sinh hoạt chi bộ thuộc chi bộ; giao ban Đảng ủy thuộc đảng bộ.",
            details={"meeting_type": meeting_type.value, "unit_kind": unit.kind.value},
        )


def _check_times(meeting: Meeting) -> None:
    if meeting.planned_end <= meeting.planned_start:
        raise rule(
            "end_before_start",
            "The end is before the start.",
            "Thời gian kết thúc phải sau thời gian bắt đầu.",
        )
    if meeting.actual_start and meeting.actual_end and meeting.actual_end <= meeting.actual_start:
        raise rule(
            "end_before_start",
            "The end is before the start.",
            "Thời gian kết thúc phải sau thời gian bắt đầu.",
        )


def not_in_future(moment: datetime, now: datetime, field: str) -> None:
    """A meeting is never recorded as held later than now (issue 9, point 8)."""
    if moment > now:
        raise rule(
            "time_in_future",
            "A meeting cannot be recorded as held in the future.",
            "Không thể ghi nhận thời gian diễn ra cuộc họp ở tương lai.",
            details={"field": field, "now": now.isoformat()},
        )


def _local(moment: datetime) -> str:
    """HH:MM dd/mm/yyyy on Vietnam's clock, for messages."""
    return f"{moment.astimezone(UTC) + VIETNAM_OFFSET:%H:%M %d/%m/%Y}"


def _aware(value: Any, field: str) -> datetime:
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError as exc:
        raise rule(
            "invalid_datetime",
            f"{field} is not a date and time.",
            "Thời gian không hợp lệ.",
            details={"field": field},
        ) from exc
    if moment.tzinfo is None:
        raise rule(
            "invalid_datetime",
            f"{field} needs a time zone.",
            "Thời gian cần có múi giờ.",
            details={"field": field},
        )
    return moment


def _default_title(meeting_type: MeetingType, day: date) -> str:
    names = {
        MeetingType.regular: "Sinh hoạt chi bộ thường kỳ",
        MeetingType.thematic: "Sinh hoạt chuyên đề",
        MeetingType.committee: "Họp chi ủy",
        MeetingType.extraordinary: "Sinh hoạt chi bộ bất thường",
        MeetingType.party_committee: "Họp giao ban Đảng ủy",
    }
    return f"{names[meeting_type]} tháng {day:%m/%Y}"
