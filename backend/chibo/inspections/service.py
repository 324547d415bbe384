"""Rules of committee supervision (kiểm tra, giám sát): the year's plan, inspectors assigned
to cell meetings, the inspector's independent rating on the same sheet as the cell's, the
conclusion notice (Thông báo kết luận) with its follow-up items, and the difference between
the cell's self-score and the inspector's score. Never commits: the request's session does.

Who may do what:
- plans and assignments: committee roles (base committee and above) for a committee unit in
  their scope;
- the rating: only the assigned inspector (or an administrator), on a held meeting; kept as a
  draft until the inspector submits it (then final, and the inspection is `rated`);
- the conclusion: committee roles whose scope covers the planning committee, once rated;
- follow-up items: committee roles in scope; the cell's secretary may mark them done (or open
  again), not drop them. When none is open, the inspection is `closed`.
- reading: committee roles see everything in scope; the cell's secretary and members see an
  inspection of their cell's meeting once it is concluded (never the inspector's draft).
"""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import flag_modified

from chibo.audit.service import record, snapshot
from chibo.auth.models import Role
from chibo.auth.principal import COMMITTEE_ROLES, Principal
from chibo.core.clock import today, utcnow
from chibo.core.errors import Forbidden, NotFound, conflict, rule
from chibo.core.versioning import check_version
from chibo.inspections.models import (
    FollowUpItem,
    FollowUpStatus,
    Inspection,
    InspectionPlan,
    InspectionStatus,
)
from chibo.inspections.repository import PUBLISHED, InspectionRepository
from chibo.inspections.schemas import (
    Comparison,
    ConclusionCreate,
    FollowUpUpdate,
    InspectionCreate,
    InspectionRatingRead,
    ItemDifference,
    PlanCreate,
    PlanUpdate,
    RatingItemRead,
    RatingPut,
    RatingSubmit,
)
from chibo.meetings.access import meeting_unit, readable_meeting
from chibo.meetings.models import Meeting, MeetingStatus
from chibo.minutes.repository import MinutesRepository
from chibo.ratings.engine import (
    FactValue,
    JudgedEntry,
    SheetResult,
    as_points,
    points_json,
    score,
)
from chibo.ratings.facts_service import meeting_facts
from chibo.ratings.models import (
    Level,
    MeetingRating,
    RatingEvent,
    RatingKind,
    RatingSheet,
    RatingStatus,
)
from chibo.ratings.sheet import LEVEL_ORDER, SheetDefinition
from chibo.units.models import Unit, UnitKind
from chibo.units.repository import UnitRepository

COMMITTEE_UNITS = (UnitKind.base_committee, UnitKind.superior_committee)
HELD = (MeetingStatus.held, MeetingStatus.minutes_final)
# Which problem of a rating names the error when there are several: the worst first.
PROBLEM_ORDER = (
    "unknown_item",
    "score_above_max",
    "points_off_step",
    "unknown_choice",
    "deduction_needs_note",
    "item_not_scored",
)


def require_committee(principal: Principal) -> None:
    if principal.role not in COMMITTEE_ROLES:
        raise Forbidden(
            "Inspections are run by the party committees.",
            "Chỉ cấp ủy (Đảng ủy cơ sở trở lên) thực hiện kiểm tra, giám sát.",
        )


def _version_given(data_version: int | None, if_match: str | None) -> bool:
    return data_version is not None or if_match is not None


def _points_of(points: dict[str, Any] | None, code: str) -> Decimal | None:
    """Points of one item from a rating's stored points: {code: number} or
    {code: {"points": number, …}} (or a list of {"code", "points"} under "items")."""
    if not points:
        return None
    value = points.get(code)
    if value is None and isinstance(points.get("items"), list):
        value = next(
            (i for i in points["items"] if isinstance(i, dict) and i.get("code") == code), None
        )
    if isinstance(value, dict):
        value = value.get("points")
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return as_points(value)


def _stored_or(stored: Decimal | None, computed: Decimal) -> Decimal:
    return computed if stored is None else stored


def _diff(a: Decimal | None, b: Decimal | None) -> Decimal | None:
    """Exact difference of two point values (Decimal: no rounding needed)."""
    return None if a is None or b is None else a - b


@dataclass(frozen=True)
class InspectionScope:
    inspection: Inspection
    meeting: Meeting
    cell: Unit


class InspectionService:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.repo = InspectionRepository(session)

    # -- plans -----------------------------------------------------------------------------

    async def _unit(self, principal: Principal, unit_id: int) -> Unit:
        unit = await UnitRepository(self.session).get_readable(principal, unit_id)
        if unit is None:
            raise NotFound()
        return unit

    async def list_plans(self, principal: Principal, unit_id: int) -> list[InspectionPlan]:
        require_committee(principal)
        unit = await self._unit(principal, unit_id)
        return await self.repo.plans_of_unit(unit.id)

    async def create_plan(
        self, principal: Principal, unit_id: int, data: PlanCreate
    ) -> InspectionPlan:
        require_committee(principal)
        unit = await self._unit(principal, unit_id)
        if unit.kind not in COMMITTEE_UNITS:
            raise rule(
                "not_a_committee_unit",
                "Inspection plans belong to a party committee (base committee or above).",
                "Kế hoạch kiểm tra, giám sát thuộc về cấp ủy (Đảng ủy cơ sở trở lên).",
                details={"unit_kind": unit.kind.value},
            )
        if await self.repo.plan_for(unit.id, data.year) is not None:
            raise conflict(
                "plan_exists",
                f"The committee already has an inspection plan for {data.year}.",
                f"Cấp ủy đã có kế hoạch kiểm tra, giám sát năm {data.year}.",
                details={"year": data.year},
            )
        plan = InspectionPlan(
            unit_id=unit.id, year=data.year, title=data.title, content=data.content
        )
        self.session.add(plan)
        await self.session.flush()
        record(
            self.session,
            principal,
            action="inspection_plan.create",
            entity=plan,
            unit_path=unit.path,
        )
        return plan

    async def get_plan(self, principal: Principal, plan_id: int) -> tuple[InspectionPlan, Unit]:
        require_committee(principal)
        plan = await self.repo.get_readable_plan(principal, plan_id)
        if plan is None:
            raise NotFound()
        unit = await self.session.get(Unit, plan.unit_id)
        assert unit is not None
        return plan, unit

    async def update_plan(
        self, principal: Principal, plan_id: int, data: PlanUpdate, if_match: str | None
    ) -> InspectionPlan:
        plan, unit = await self.get_plan(principal, plan_id)
        check_version(plan.version, data.version, if_match)
        before = snapshot(plan)
        changes = data.model_dump(exclude_unset=True, exclude={"version"})
        if "title" in changes and changes["title"] is None:
            raise rule("field_required", "title cannot be empty.", "Tên kế hoạch không được trống.")
        for key, value in changes.items():
            setattr(plan, key, value)
        await self.session.flush()
        record(
            self.session,
            principal,
            action="inspection_plan.update",
            entity=plan,
            unit_path=unit.path,
            before=before,
        )
        return plan

    # -- assignments -----------------------------------------------------------------------

    async def assign(
        self, principal: Principal, plan_id: int, data: InspectionCreate
    ) -> Inspection:
        plan, plan_unit = await self.get_plan(principal, plan_id)
        meeting = await readable_meeting(self.session, principal, data.meeting_id)
        cell = await meeting_unit(self.session, meeting)
        if not cell.path.startswith(plan_unit.path) or cell.id == plan_unit.id:
            raise rule(
                "meeting_outside_plan",
                "The meeting is not held by a cell under the plan's committee.",
                "Cuộc họp không thuộc chi bộ trực thuộc cấp ủy lập kế hoạch.",
                details={"meeting_id": meeting.id},
            )
        if cell.kind is not UnitKind.cell:
            raise rule(
                "not_a_cell_meeting",
                "Inspectors attend cell meetings.",
                "Chỉ phân công kiểm tra, giám sát sinh hoạt của chi bộ.",
                details={"meeting_id": meeting.id},
            )
        if meeting.period_year != plan.year:
            raise rule(
                "meeting_outside_plan_year",
                f"The meeting is not in {plan.year}, the plan's year.",
                f"Cuộc họp không thuộc năm {plan.year} của kế hoạch.",
                details={"meeting_year": meeting.period_year, "plan_year": plan.year},
            )
        if meeting.status is MeetingStatus.cancelled:
            raise conflict("meeting_cancelled", "The meeting was cancelled.", "Cuộc họp đã bị hủy.")
        if await self.repo.sheet_for_meeting(meeting) is None:
            raise rule(
                "no_rating_sheet",
                "No rating sheet applies to this meeting.",
                "Không có phiếu đánh giá áp dụng cho loại cuộc họp này.",
                details={"meeting_type": meeting.meeting_type.value},
            )
        await self._check_inspector(principal, data.inspector_user_id, cell)
        if await self.repo.assigned(meeting.id, data.inspector_user_id) is not None:
            raise conflict(
                "inspection_exists",
                "This inspector is already assigned to this meeting.",
                "Đồng chí này đã được phân công kiểm tra cuộc họp này.",
            )
        inspection = Inspection(
            plan_id=plan.id,
            meeting_id=meeting.id,
            inspector_user_id=data.inspector_user_id,
            status=InspectionStatus.planned,
        )
        self.session.add(inspection)
        await self.session.flush()
        record(
            self.session,
            principal,
            action="inspection.create",
            entity=inspection,
            unit_path=cell.path,
        )
        return inspection

    async def _check_inspector(self, principal: Principal, user_id: int, cell: Unit) -> None:
        """An active committee account the caller sees, whose scope covers the cell."""
        found = await self.repo.account_with_path(principal, user_id)
        ok = False
        if found is not None:
            user, path = found
            ok = (
                user.active
                and user.role in COMMITTEE_ROLES
                and (user.role is Role.admin or cell.path.startswith(path))
            )
        if not ok:
            raise rule(
                "inspector_not_committee",
                "The inspector must be an active committee account whose scope covers the cell.",
                "Người kiểm tra phải là tài khoản cấp ủy đang hoạt động, phụ trách chi bộ này.",
                details={"inspector_user_id": user_id},
            )

    async def list_of_plan(self, principal: Principal, plan_id: int) -> list[Inspection]:
        plan, _ = await self.get_plan(principal, plan_id)
        return await self.repo.of_plan(plan.id)

    async def page_in_unit(
        self,
        principal: Principal,
        unit_id: int,
        *,
        year: int | None,
        cursor: str | None,
        limit: int,
    ) -> tuple[list[Inspection], str | None]:
        unit = await self._unit(principal, unit_id)
        return await self.repo.page_in_unit(
            principal,
            unit_path=unit.path,
            year=year,
            published_only=not principal.is_committee,
            cursor=cursor,
            limit=limit,
        )

    # -- reading one -----------------------------------------------------------------------

    async def _scope(self, principal: Principal, inspection_id: int) -> InspectionScope:
        inspection = await self.repo.get_readable(principal, inspection_id)
        if inspection is None:
            raise NotFound()
        meeting = await self.session.get(Meeting, inspection.meeting_id)
        assert meeting is not None
        return InspectionScope(inspection, meeting, await meeting_unit(self.session, meeting))

    async def visible(self, principal: Principal, inspection_id: int) -> InspectionScope:
        """The inspection if the caller may read it: committees in scope always; the cell once
        the conclusion notice is issued."""
        scope = await self._scope(principal, inspection_id)
        if not principal.is_committee and scope.inspection.status not in PUBLISHED:
            raise Forbidden(
                "The cell sees the inspection once the conclusion notice is issued.",
                "Chi bộ xem kết quả kiểm tra khi đã có Thông báo kết luận.",
            )
        return scope

    async def follow_ups(self, principal: Principal, inspection_id: int) -> list[FollowUpItem]:
        scope = await self.visible(principal, inspection_id)
        return await self.repo.follow_ups(scope.inspection.id)

    # -- the inspector's rating ------------------------------------------------------------

    async def _as_inspector(self, principal: Principal, inspection_id: int) -> InspectionScope:
        scope = await self._scope(principal, inspection_id)
        if not principal.is_admin and principal.user_id != scope.inspection.inspector_user_id:
            raise Forbidden(
                "Only the assigned inspector records this rating.",
                "Chỉ người được phân công kiểm tra mới chấm điểm.",
            )
        return scope

    async def sheet_of(self, meeting: Meeting) -> RatingSheet:
        """The sheet the cell rates (or will rate) the meeting on: the self-rating's if there is
        one, else the one in force for the meeting."""
        own = await self.repo.self_rating(meeting.id)
        if own is not None:
            return await self.repo.sheet(own.sheet_id)
        sheet = await self.repo.sheet_for_meeting(meeting)
        if sheet is None:
            raise rule(
                "no_rating_sheet",
                "No rating sheet applies to this meeting.",
                "Không có phiếu đánh giá áp dụng cho loại cuộc họp này.",
                details={"meeting_type": meeting.meeting_type.value},
            )
        return sheet

    @staticmethod
    def _require_held(meeting: Meeting) -> None:
        if meeting.status is MeetingStatus.cancelled:
            raise conflict("meeting_cancelled", "The meeting was cancelled.", "Cuộc họp đã bị hủy.")
        if meeting.status not in HELD:
            raise conflict(
                "meeting_not_held",
                "A meeting is rated once it has been held.",
                "Chỉ đánh giá cuộc họp đã diễn ra.",
                details={"status": meeting.status.value},
            )

    async def _score(
        self, meeting: Meeting, sheet: RatingSheet, entries: dict[str, JudgedEntry]
    ) -> tuple[SheetResult, dict[str, FactValue]]:
        definition = SheetDefinition.model_validate(sheet.definition)
        facts = await meeting_facts(self.session, meeting)
        result = score(definition, facts, entries)
        if result.problems:
            worst = min(
                result.problems,
                key=lambda p: PROBLEM_ORDER.index(p.code) if p.code in PROBLEM_ORDER else 99,
            )
            raise rule(
                worst.code,
                worst.message_en,
                worst.message_vi,
                details=[
                    {"item": p.item, "code": p.code, "message": p.message_en}
                    for p in result.problems
                ],
            )
        return result, facts

    @staticmethod
    def _store(
        rating: MeetingRating,
        principal: Principal,
        result: SheetResult,
        facts: dict[str, FactValue],
        entries: dict[str, JudgedEntry],
    ) -> None:
        rating.facts = {k: {"value": f.value, "source": f.source} for k, f in facts.items()}
        rating.self_entries = {k: e.model_dump(exclude_none=True) for k, e in entries.items()}
        rating.self_points = points_json(result.items)
        rating.self_total = result.total
        rating.self_level = Level(result.level)
        rating.caps_applied = list(result.caps_applied)
        rating.scored_by_user_id = principal.user_id
        rating.scored_at = utcnow()

    def _event(self, rating: MeetingRating, principal: Principal, action: str) -> None:
        self.session.add(
            RatingEvent(
                rating_id=rating.id,
                action=action,
                actor_user_id=principal.user_id,
                at=utcnow(),
                total=rating.self_total,
                level=rating.self_level,
            )
        )

    async def put_rating(
        self, principal: Principal, inspection_id: int, data: RatingPut, if_match: str | None
    ) -> InspectionScope:
        scope = await self._as_inspector(principal, inspection_id)
        inspection, meeting = scope.inspection, scope.meeting
        check_version(inspection.version, data.version, if_match)
        rating = await self.repo.inspection_rating(inspection.id)
        if inspection.status is not InspectionStatus.planned or (
            rating is not None and rating.status is not RatingStatus.draft
        ):
            raise conflict(
                "inspection_rating_final",
                "The inspector's rating was submitted: it no longer changes.",
                "Phiếu chấm của người kiểm tra đã nộp, không sửa được nữa.",
            )
        self._require_held(meeting)
        sheet = await self.sheet_of(meeting)
        result, facts = await self._score(meeting, sheet, data.entries)
        before = snapshot(rating) if rating is not None else None
        if rating is None:
            rating = MeetingRating(
                meeting_id=meeting.id,
                unit_id=scope.cell.id,
                kind=RatingKind.inspection,
                inspection_id=inspection.id,
                status=RatingStatus.draft,
            )
            self.session.add(rating)
        rating.sheet_id = sheet.id
        self._store(rating, principal, result, facts, data.entries)
        inspection_before = snapshot(inspection)
        inspection.findings = data.findings
        # Every write of the rating moves the inspection's version: the one token callers send.
        flag_modified(inspection, "findings")
        await self.session.flush()
        self._event(rating, principal, "scored")
        record(
            self.session,
            principal,
            action="inspection.rate",
            entity=rating,
            unit_path=scope.cell.path,
            before=before,
        )
        record(
            self.session,
            principal,
            action="inspection.findings",
            entity=inspection,
            unit_path=scope.cell.path,
            before=inspection_before,
        )
        return scope

    async def submit_rating(
        self, principal: Principal, inspection_id: int, data: RatingSubmit, if_match: str | None
    ) -> InspectionScope:
        scope = await self._as_inspector(principal, inspection_id)
        inspection, meeting = scope.inspection, scope.meeting
        check_version(inspection.version, data.version, if_match)
        rating = await self.repo.inspection_rating(inspection.id)
        if rating is None:
            raise conflict(
                "inspection_not_rated",
                "Record the rating before submitting it.",
                "Chưa có phiếu chấm của người kiểm tra.",
            )
        if (
            rating.status is not RatingStatus.draft
            or inspection.status is not InspectionStatus.planned
        ):
            raise conflict(
                "inspection_rating_final",
                "The inspector's rating was already submitted.",
                "Phiếu chấm của người kiểm tra đã nộp.",
            )
        self._require_held(meeting)
        # Scored again on the record as it stands now (minutes may have become final since).
        sheet = await self.repo.sheet(rating.sheet_id)
        entries = {k: JudgedEntry.model_validate(v) for k, v in rating.self_entries.items()}
        result, facts = await self._score(meeting, sheet, entries)
        before = snapshot(rating)
        self._store(rating, principal, result, facts, entries)
        now = utcnow()
        rating.status = RatingStatus.final
        rating.submitted_at = now
        rating.submitted_by_user_id = principal.user_id
        rating.final_at = now
        inspection_before = snapshot(inspection)
        inspection.status = InspectionStatus.rated
        await self.session.flush()
        self._event(rating, principal, "submitted")
        record(
            self.session,
            principal,
            action="inspection.rating_submit",
            entity=rating,
            unit_path=scope.cell.path,
            before=before,
        )
        record(
            self.session,
            principal,
            action="inspection.rated",
            entity=inspection,
            unit_path=scope.cell.path,
            before=inspection_before,
        )
        return scope

    # -- the conclusion notice and its follow-up items --------------------------------------

    async def conclude(
        self, principal: Principal, inspection_id: int, data: ConclusionCreate, if_match: str | None
    ) -> InspectionScope:
        scope = await self._scope(principal, inspection_id)
        inspection, meeting, cell = scope.inspection, scope.meeting, scope.cell
        require_committee(principal)
        plan = await self.session.get(InspectionPlan, inspection.plan_id)
        assert plan is not None
        plan_unit = await self.session.get(Unit, plan.unit_id)
        assert plan_unit is not None
        if not principal.sees(plan_unit.path):
            raise Forbidden(
                "The committee that planned the inspection issues its conclusion.",
                "Cấp ủy lập kế hoạch kiểm tra mới ban hành thông báo kết luận.",
            )
        if _version_given(data.version, if_match):
            check_version(inspection.version, data.version, if_match)
        if inspection.status in PUBLISHED:
            raise conflict(
                "inspection_concluded",
                "The conclusion notice was already issued.",
                "Đã ban hành thông báo kết luận cho cuộc kiểm tra này.",
            )
        if inspection.status is not InspectionStatus.rated:
            raise conflict(
                "inspection_not_rated",
                "The inspector submits the rating before the conclusion is issued.",
                "Người kiểm tra phải nộp phiếu chấm trước khi ban hành thông báo kết luận.",
            )
        if await self.repo.conclusion_number_taken(plan.unit_id, plan.year, data.number):
            raise conflict(
                "conclusion_number_taken",
                f"Notice number {data.number} is already used this year.",
                f"Số thông báo {data.number} đã được sử dụng trong năm.",
                details={"number": data.number},
            )
        members = MinutesRepository(self.session)
        for index, spec in enumerate(data.follow_ups):
            if spec.owner_member_id is not None and (
                await members.member_in_cell(spec.owner_member_id, cell.id, meeting.day) is None
            ):
                raise rule(
                    "owner_not_in_cell",
                    "The owner of a follow-up item must be a member of the cell.",
                    "Người chịu trách nhiệm phải là đảng viên của chi bộ.",
                    details={"index": index, "member_id": spec.owner_member_id},
                )
            if spec.due_date is not None and spec.due_date < meeting.day:
                raise rule(
                    "due_date_before_meeting",
                    "A follow-up item cannot be due before the inspected meeting.",
                    "Thời hạn khắc phục không thể trước ngày sinh hoạt được kiểm tra.",
                    details={"index": index},
                )
        before = snapshot(inspection)
        inspection.conclusion_number = data.number
        inspection.conclusion_text = data.text
        inspection.concluded_at = utcnow()
        inspection.concluded_by_user_id = principal.user_id
        inspection.status = (
            InspectionStatus.concluded if data.follow_ups else InspectionStatus.closed
        )
        items = [
            FollowUpItem(
                inspection_id=inspection.id,
                title=spec.title,
                owner_member_id=spec.owner_member_id,
                due_date=spec.due_date,
                status=FollowUpStatus.open,
            )
            for spec in data.follow_ups
        ]
        self.session.add_all(items)
        await self.session.flush()
        record(
            self.session,
            principal,
            action="inspection.conclude",
            entity=inspection,
            unit_path=cell.path,
            before=before,
        )
        for item in items:
            record(
                self.session, principal, action="follow_up.create", entity=item, unit_path=cell.path
            )
        return scope

    async def update_follow_up(
        self, principal: Principal, follow_up_id: int, data: FollowUpUpdate, if_match: str | None
    ) -> FollowUpItem:
        found = await self.repo.readable_follow_up(principal, follow_up_id)
        if found is None:
            raise NotFound()
        item, inspection = found
        meeting = await self.session.get(Meeting, inspection.meeting_id)
        assert meeting is not None
        cell = await meeting_unit(self.session, meeting)
        if principal.is_committee:
            pass
        elif principal.role is Role.cell_secretary and inspection.status in PUBLISHED:
            if data.status == FollowUpStatus.dropped.value:
                raise Forbidden(
                    "Only the committee drops a follow-up item.",
                    "Chỉ cấp ủy mới được bỏ một nội dung khắc phục.",
                )
        else:
            raise Forbidden()
        check_version(item.version, data.version, if_match)
        before = snapshot(item)
        changes = data.model_dump(exclude_unset=True, exclude={"version"})
        if "status" in changes:
            if changes["status"] is None:
                raise rule(
                    "field_required", "status cannot be empty.", "Trạng thái không được trống."
                )
            item.status = FollowUpStatus(changes["status"])
        if item.status is FollowUpStatus.open:
            if changes.get("done_on") is not None:
                raise rule(
                    "done_on_needs_done",
                    "A completion date is for items marked done.",
                    "Chỉ ghi ngày hoàn thành khi đã hoàn thành.",
                )
            item.done_on = None
        elif item.status is FollowUpStatus.done:
            done_on = changes.get("done_on") or item.done_on or today()
            if done_on > today():
                raise rule(
                    "done_on_in_future",
                    "The completion date cannot be in the future.",
                    "Ngày hoàn thành không thể ở tương lai.",
                )
            item.done_on = done_on
        else:
            item.done_on = None
        if "note" in changes:
            item.note = changes["note"]
        await self.session.flush()
        record(
            self.session,
            principal,
            action="follow_up.update",
            entity=item,
            unit_path=cell.path,
            before=before,
        )
        await self._settle(principal, inspection, cell)
        return item

    async def _settle(self, principal: Principal, inspection: Inspection, cell: Unit) -> None:
        """Closed when no item is open; concluded again when one is reopened. The inspection's
        version moves with every follow-up write, so two writers cannot both miss the last
        open item."""
        open_items = await self.repo.open_follow_ups(inspection.id)
        wanted = InspectionStatus.concluded if open_items else InspectionStatus.closed
        before = snapshot(inspection)
        changed = inspection.status is not wanted
        inspection.status = wanted
        flag_modified(inspection, "status")
        await self.session.flush()
        if changed:
            record(
                self.session,
                principal,
                action="inspection.close"
                if wanted is InspectionStatus.closed
                else "inspection.reopen",
                entity=inspection,
                unit_path=cell.path,
                before=before,
            )

    # -- presenting ------------------------------------------------------------------------

    async def rating_read(self, inspection: Inspection) -> InspectionRatingRead | None:
        rating = await self.repo.inspection_rating(inspection.id)
        if rating is None:
            return None
        sheet = await self.repo.sheet(rating.sheet_id)
        definition = SheetDefinition.model_validate(sheet.definition)
        # The stored facts and entries give the items back exactly as they were scored.
        facts = {
            k: FactValue(v.get("value"), str(v.get("source") or ""))
            for k, v in (rating.facts or {}).items()
        }
        entries = {k: JudgedEntry.model_validate(v) for k, v in (rating.self_entries or {}).items()}
        result = score(definition, facts, entries)
        items = [
            RatingItemRead(
                code=r.code,
                title=r.title,
                criterion=r.criterion,
                max_points=r.max_points,
                points=_stored_or(_points_of(rating.self_points, r.code), r.points),
                computed=r.computed,
                value=r.value,
                source=r.source,
                note=r.note,
            )
            for r in result.items
        ]
        return InspectionRatingRead(
            id=rating.id,
            status=rating.status,
            sheet_id=sheet.id,
            sheet_code=sheet.code,
            sheet_version=sheet.version_number,
            items=items,
            total=rating.self_total,
            level=rating.self_level,
            level_by_points=result.level_by_points,
            caps_applied=list(rating.caps_applied or []),
            scored_by_user_id=rating.scored_by_user_id,
            scored_at=rating.scored_at,
            submitted_at=rating.submitted_at,
            version=rating.version,
        )

    async def comparison(self, inspection: Inspection, meeting: Meeting) -> Comparison:
        """The cell's self-score (once submitted; the approved score once final) against the
        inspector's, item by item and in total. Differences are inspector minus cell."""
        mine = await self.repo.inspection_rating(inspection.id)
        own = await self.repo.self_rating(meeting.id)
        if own is not None and own.status is RatingStatus.draft:
            own = None  # the cell's work in progress is not its score yet
        final = own is not None and own.status is RatingStatus.final
        sheet_id = mine.sheet_id if mine else own.sheet_id if own else None
        sheet: RatingSheet | None
        if sheet_id is not None:
            sheet = await self.repo.sheet(sheet_id)
        else:
            sheet = await self.repo.sheet_for_meeting(meeting)
        approved_points: dict[str, Any] | None = None
        approved_total: Decimal | None = None
        approved_level: Level | None = None
        if own is not None and final:
            approved_points = own.approved_points or own.self_points
            approved_total = (
                own.approved_total if own.approved_total is not None else own.self_total
            )
            approved_level = own.approved_level or own.self_level
        items: list[ItemDifference] = []
        if sheet is not None:
            definition = SheetDefinition.model_validate(sheet.definition)
            for criterion in definition.criteria:
                for item in criterion.items:
                    self_points = _points_of(own.self_points, item.code) if own else None
                    approved = _points_of(approved_points, item.code)
                    inspector = _points_of(mine.self_points, item.code) if mine else None
                    items.append(
                        ItemDifference(
                            code=item.code,
                            title=item.title,
                            criterion=criterion.code,
                            max_points=item.max_points,
                            self_points=self_points,
                            approved_points=approved,
                            inspector_points=inspector,
                            difference=_diff(inspector, self_points),
                            difference_from_approved=_diff(inspector, approved),
                        )
                    )
        self_level = own.self_level if own else None
        inspector_level = mine.self_level if mine else None
        steps = (
            LEVEL_ORDER.index(inspector_level.value) - LEVEL_ORDER.index(self_level.value)
            if self_level is not None and inspector_level is not None
            else None
        )
        return Comparison(
            inspection_id=inspection.id,
            meeting_id=meeting.id,
            self_rating_id=own.id if own else None,
            self_status=own.status if own else None,
            self_total=own.self_total if own else None,
            self_level=self_level,
            approved_total=approved_total,
            approved_level=approved_level,
            inspector_status=mine.status if mine else None,
            inspector_total=mine.self_total if mine else None,
            inspector_level=inspector_level,
            difference=_diff(mine.self_total if mine else None, own.self_total if own else None),
            difference_from_approved=_diff(mine.self_total if mine else None, approved_total),
            level_steps=steps,
            same_sheet=(mine.sheet_id == own.sheet_id) if mine and own else None,
            items=items,
        )
