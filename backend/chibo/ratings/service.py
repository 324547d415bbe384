"""Rating meetings on the QĐ 17 sheets: loading sheet versions, the facts of a meeting, and
the workflow of the cell's self-rating. Never commits: the request's session does.

Workflow of a self-rating (kind ``self``; inspectors' ratings, kind ``inspection``, are
created and scored by the inspections package and share the reads here):

    created (draft) -> scored -> voted -> submitted -> approved | adjusted -> final
                                                          ^                    |
                                                          +---- reopened ------+

- A meeting is rated once it has been held (status ``held`` or ``minutes_final``), on the
  sheet in force for its type and day; the rating keeps that sheet's id for good, so a new
  version of a sheet never changes an old rating.
- Scoring stores the facts as they were (value and where it came from), the entries, the
  points per item, the total, the level after caps, and the level the cell proposes (never
  above what the points and caps allow). A changed proposal voids the cell's vote.
- The vote (for, against, abstain) is within the meeting's voting base; the submission needs
  a score and a vote that adopts the proposal (the meeting norms' pass rule).
- Separation of duties: approval belongs to the superior level of the cell, an account of its
  base committee or of the superior committee above it (never an administrator's account),
  that took no part in the cell's rating (created, scored, voted or submitted it) and whose
  member is not the cell's secretary or deputy secretary. Such an account approves the cell's
  score and proposal as they are, or adjusts judged items with a reason; either makes the
  rating final and locked. Reopening a final rating (the same accounts, with a reason) takes
  it back to submitted. Refusals are 403 with a stable code (``approver_not_superior_level``,
  ``approver_took_part``, ``approver_is_cell_officer``); the read says who acts next
  (``next_action``) and what the caller may do (``allowed_actions``).
- Every act writes a RatingEvent (shown to people) and an audit entry.

For other packages (inside the request's session; none of them commits):
- ``sheet_for_meeting(session, meeting) -> RatingSheet`` (422 ``no_rating_sheet``),
- ``definition_of(sheet) -> SheetDefinition``,
- ``facts_snapshot(facts)`` / ``facts_from_snapshot(snapshot)``,
- ``score_entries(definition, facts, entries) -> SheetResult`` (422 with the engine's codes),
- ``await add_event(session, rating, principal, action, ...)`` (flushes: the detail reads it).
"""

import json
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

import yaml
from pydantic import ValidationError
from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from chibo.attendance.service import meeting_voting
from chibo.attendance.voting import check_ballots, require_quorum
from chibo.audit.service import record, snapshot
from chibo.auth.models import Role
from chibo.auth.principal import COMMITTEE_ROLES, MEMBER_MANAGER_ROLES, Principal
from chibo.core.clock import today, utcnow
from chibo.core.errors import ChiboError, Forbidden, MalformedJSON, NotFound, conflict, rule
from chibo.core.versioning import check_version
from chibo.meetings.access import manageable_meeting, meeting_unit, readable_meeting
from chibo.meetings.models import Meeting, MeetingStatus
from chibo.members.models import CommitteePosition, CommitteePositionKind
from chibo.members.repository import MemberRepository
from chibo.minutes.models import VoteKind
from chibo.ratings.engine import (
    FactValue,
    JudgedEntry,
    SheetResult,
    points_json,
    score,
)
from chibo.ratings.facts import FACTS
from chibo.ratings.facts_service import meeting_facts
from chibo.ratings.models import (
    Level,
    MeetingRating,
    RatingEvent,
    RatingKind,
    RatingSheet,
    RatingStatus,
    SheetSubject,
)
from chibo.ratings.repository import RatingRepository
from chibo.ratings.schemas import (
    Adjustment,
    CapRead,
    FactRead,
    LevelRead,
    NextAction,
    RatingEventRead,
    RatingItemRead,
    RatingRead,
    RatingStep,
    RatingSummary,
    Reopen,
    ScoreSubmit,
    SheetRef,
    SheetUpload,
    VersionOnly,
    VoteSubmit,
)
from chibo.ratings.sheet import LEVEL_ORDER, SheetDefinition, SheetProblems
from chibo.units.models import Unit
from chibo.units.repository import UnitRepository

RATABLE = (MeetingStatus.held, MeetingStatus.minutes_final)
# The superior level of a cell: the accounts that approve, adjust and reopen its ratings.
APPROVER_ROLES = frozenset({Role.base_committee, Role.superior_committee})
# The cell's own acts on its self-rating: whoever took one never approves it.
CELL_ACTS = frozenset({"created", "scored", "voted", "submitted"})
CELL_OFFICERS = (CommitteePositionKind.secretary, CommitteePositionKind.deputy_secretary)
YAML_TYPES = frozenset({"application/yaml", "text/yaml", "application/x-yaml", "text/x-yaml"})
JSON_TYPES = frozenset({"application/json", ""})
SHEET_VERSION_ATTEMPTS = 3


class UnsupportedMediaType(ChiboError):
    status_code = 415
    code = "unsupported_media_type"
    message_en = "Send the sheet as JSON (application/json) or YAML (application/yaml)."
    message_vi = "Hãy gửi phiếu dạng JSON (application/json) hoặc YAML (application/yaml)."


# -- sheets -------------------------------------------------------------------------------


def _invalid_sheet(details: Any) -> ChiboError:
    return rule(
        "invalid_sheet",
        "The rating sheet is not valid; see the details.",
        "Phiếu đánh giá không hợp lệ; xem chi tiết.",
        details=details,
    )


def _error_locations(error: ValidationError, prefix: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    return [
        {
            "loc": [*prefix, *(str(part) for part in e.get("loc", ()))],
            "msg": e.get("msg"),
            "type": e.get("type"),
        }
        for e in error.errors()
    ]


def validate_definition(raw: Any) -> SheetDefinition:
    """A sheet definition, or 422 invalid_sheet: for a sheet that does not hold together, the
    problems in words; for a malformed one, where each error is."""
    try:
        return SheetDefinition.model_validate(raw)
    except ValidationError as error:
        problems: list[str] = []
        for e in error.errors():
            cause = (e.get("ctx") or {}).get("error")
            if not isinstance(cause, SheetProblems):
                raise _invalid_sheet(_error_locations(error, ("definition",))) from None
            problems += cause.problems
        raise _invalid_sheet(problems) from None


def parse_sheet_upload(
    content_type: str, body: bytes, effective_from: date | None
) -> tuple[SheetDefinition, date]:
    """The body of POST /rating-sheets: JSON or YAML, either `{"definition": …,
    "effective_from": …}` or the bare definition (then `effective_from` comes from the query
    string). Effective from today when not given."""
    media = content_type.split(";")[0].strip().lower()
    if media in YAML_TYPES:
        try:
            data = yaml.safe_load(body.decode("utf-8"))
        except (yaml.YAMLError, UnicodeDecodeError) as exc:
            raise _invalid_sheet(
                [{"loc": ["body"], "msg": f"not valid YAML: {exc}"[:500], "type": "yaml_invalid"}]
            ) from None
    elif media in JSON_TYPES:
        try:
            data = json.loads(body)
        except (ValueError, UnicodeDecodeError):
            raise MalformedJSON() from None
    else:
        raise UnsupportedMediaType()
    if not isinstance(data, dict):
        raise _invalid_sheet(
            [{"loc": ["body"], "msg": "expected a mapping (an object)", "type": "dict_type"}]
        )
    if "definition" in data:
        try:
            upload = SheetUpload.model_validate(data)
        except ValidationError as error:
            raise _invalid_sheet(_error_locations(error)) from None
        return validate_definition(upload.definition), (
            upload.effective_from or effective_from or today()
        )
    return validate_definition(data), effective_from or today()


def definition_of(sheet: RatingSheet) -> SheetDefinition:
    return SheetDefinition.model_validate(sheet.definition)


async def sheet_for_meeting(session: AsyncSession, meeting: Meeting) -> RatingSheet:
    sheet = await RatingRepository(session).sheet_for(meeting.meeting_type, meeting.day)
    if sheet is None:
        raise rule(
            "no_rating_sheet",
            f"No rating sheet covers {meeting.meeting_type.value} meetings on {meeting.day}.",
            "Chưa có phiếu đánh giá áp dụng cho loại cuộc họp này vào ngày đó.",
            details={"meeting_type": meeting.meeting_type.value, "day": str(meeting.day)},
        )
    return sheet


# -- facts and scores ---------------------------------------------------------------------


def facts_snapshot(facts: dict[str, FactValue]) -> dict[str, Any]:
    return {name: {"value": f.value, "source": f.source} for name, f in facts.items()}


def facts_from_snapshot(stored: dict[str, Any]) -> dict[str, FactValue]:
    return {name: FactValue(f.get("value"), f.get("source") or "") for name, f in stored.items()}


def fact_reads(values: dict[str, Any]) -> list[FactRead]:
    """Every known fact, in the registry's order; unknown ones with a null value."""
    reads = []
    for name, spec in FACTS.items():
        fact = values.get(name)
        value = fact.value if isinstance(fact, FactValue) else (fact or {}).get("value")
        source = fact.source if isinstance(fact, FactValue) else (fact or {}).get("source")
        reads.append(
            FactRead(
                name=name, label=spec.label_vi, kind=spec.kind.value, value=value, source=source
            )
        )
    return reads


def _problem(code: str, item: str, en: str, vi: str) -> dict[str, str]:
    return {"item": item, "code": code, "message": en, "message_vi": vi}


def score_entries(
    definition: SheetDefinition, facts: dict[str, FactValue], entries: dict[str, JudgedEntry]
) -> SheetResult:
    """Score on the sheet, or 422 with every problem in the details and the first problem's
    code (item_not_scored, score_above_max, points_off_step, deduction_needs_note,
    unknown_choice, unknown_item, item_computed) as the error's code."""
    result = score(definition, facts, entries)
    problems = [_problem(p.code, p.item, p.message_en, p.message_vi) for p in result.problems]
    for item in definition.items():
        entry = entries.get(item.code)
        fact = facts.get(item.fact) if item.fact else None
        known = item.source == "computed" and fact is not None and fact.value is not None
        if known and entry and (entry.points, entry.choice, entry.yes) != (None, None, None):
            problems.append(
                _problem(
                    "item_computed",
                    item.code,
                    f"Item {item.code} is computed from the record; only a note may be added.",
                    f"Mục {item.code} được tính từ dữ liệu cuộc họp; chỉ có thể ghi chú.",
                )
            )
    if problems:
        first = problems[0]
        more = len(problems) - 1
        raise rule(
            first["code"],
            first["message"] + (f" (and {more} more problems)" if more else ""),
            first["message_vi"] + (f" (và {more} vấn đề khác)" if more else ""),
            details=problems,
        )
    return result


def _above(level: str, other: str) -> bool:
    return LEVEL_ORDER.index(level) > LEVEL_ORDER.index(other)


def _level_by_points(definition: SheetDefinition, total: Decimal | None) -> Level | None:
    return None if total is None else Level(definition.level_for(total))


def _entries(stored: dict[str, Any] | None) -> dict[str, JudgedEntry]:
    return {code: JudgedEntry.model_validate(e) for code, e in (stored or {}).items()}


def _stored_entries(entries: dict[str, JudgedEntry]) -> dict[str, Any]:
    return {code: e.model_dump(exclude_none=True) for code, e in entries.items()}


async def add_event(
    session: AsyncSession,
    rating: MeetingRating,
    principal: Principal | None,
    action: str,
    *,
    reason: str | None = None,
    total: Decimal | None = None,
    level: Level | None = None,
) -> RatingEvent:
    event = RatingEvent(
        rating_id=rating.id,
        action=action,
        actor_user_id=principal.user_id if principal else None,
        at=utcnow(),
        reason=reason,
        total=total,
        level=level,
    )
    session.add(event)
    await session.flush()
    return event


# -- errors of the workflow ---------------------------------------------------------------


def _not_self() -> ChiboError:
    return conflict(
        "not_a_self_rating",
        "This is an inspector's rating: it changes through its inspection.",
        "Đây là phiếu đánh giá của người kiểm tra: chỉ thay đổi qua cuộc kiểm tra.",
    )


def _wrong_status(rating: MeetingRating, *allowed: RatingStatus) -> ChiboError:
    details = {"status": rating.status.value, "allowed": [s.value for s in allowed]}
    if rating.status is RatingStatus.final:
        return conflict(
            "rating_final",
            "The rating is final and locked; the committee may reopen it.",
            "Kết quả đánh giá đã chính thức và bị khóa; cấp ủy có thể mở lại.",
            details=details,
        )
    if rating.status is RatingStatus.submitted:
        return conflict(
            "rating_submitted",
            "The rating was submitted; it waits for the committee.",
            "Kết quả tự đánh giá đã trình; đang chờ cấp ủy xem xét.",
            details=details,
        )
    return conflict(
        "rating_not_submitted",
        "The cell has not submitted its rating yet.",
        "Chi bộ chưa trình kết quả tự đánh giá.",
        details=details,
    )


def _require(rating: MeetingRating, *allowed: RatingStatus) -> None:
    if rating.kind is not RatingKind.self_rating:
        raise _not_self()
    if rating.status not in allowed:
        raise _wrong_status(rating, *allowed)


# -- the service --------------------------------------------------------------------------


class RatingService:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.repo = RatingRepository(session)

    # -- sheets --------------------------------------------------------------------------

    async def get_sheet(self, sheet_id: int) -> RatingSheet:
        sheet = await self.repo.sheet(sheet_id)
        if sheet is None:
            raise NotFound()
        return sheet

    async def add_sheet(
        self, principal: Principal, definition: SheetDefinition, effective_from: date
    ) -> RatingSheet:
        """A new version of the sheet with the definition's code (admins only: the router
        checks the role)."""
        for _ in range(SHEET_VERSION_ATTEMPTS):
            sheet = RatingSheet(
                code=definition.code,
                version_number=await self.repo.next_sheet_version(definition.code),
                subject=SheetSubject.meeting,
                name=definition.name,
                meeting_types=list(definition.meeting_types),
                definition=definition.model_dump(mode="json"),
                source_note=definition.source_note,
                effective_from=effective_from,
                created_at=utcnow(),
                created_by_user_id=principal.user_id,
            )
            try:
                async with self.session.begin_nested():
                    self.session.add(sheet)
                    await self.session.flush()
            except IntegrityError:
                continue  # another version of the same code was loaded at the same moment
            record(
                self.session, principal, action="rating_sheet.create", entity=sheet, unit_path=None
            )
            return sheet
        raise conflict(
            "sheet_version_busy",
            "Another version of this sheet is being loaded; try again.",
            "Đang có phiên bản khác của phiếu này được nạp; vui lòng thử lại.",
        )

    # -- facts ---------------------------------------------------------------------------

    async def facts(self, principal: Principal, meeting_id: int) -> dict[str, FactValue]:
        meeting = await readable_meeting(self.session, principal, meeting_id)
        return await meeting_facts(self.session, meeting)

    # -- reads ---------------------------------------------------------------------------

    async def get(self, principal: Principal, rating_id: int) -> MeetingRating:
        rating = await self.repo.get_readable(principal, rating_id)
        if rating is None:
            raise NotFound()
        return rating

    async def of_meeting(self, principal: Principal, meeting_id: int) -> list[MeetingRating]:
        await readable_meeting(self.session, principal, meeting_id)
        return await self.repo.of_meeting(principal, meeting_id)

    async def visible_unit(self, principal: Principal, unit_id: int) -> Unit:
        unit = await UnitRepository(self.session).get_readable(principal, unit_id)
        if unit is None:
            raise NotFound(
                "The unit does not exist or is outside your scope.",
                "Đơn vị không tồn tại hoặc ngoài phạm vi của bạn.",
                details={"unit_id": unit_id},
            )
        return unit

    # -- the cell's self-rating ----------------------------------------------------------

    async def create(
        self, principal: Principal, meeting_id: int, assigned_member_id: int | None = None
    ) -> MeetingRating:
        meeting, unit = await manageable_meeting(self.session, principal, meeting_id)
        if assigned_member_id is not None:
            member = await MemberRepository(self.session).get_readable(
                principal, assigned_member_id
            )
            if member is None or member.unit_id != meeting.unit_id:
                raise rule(
                    "member_not_in_cell",
                    "The assigned member is not on the cell's rolls.",
                    "Đảng viên được phân công không thuộc chi bộ.",
                )
        if meeting.status not in RATABLE:
            raise conflict(
                "meeting_not_held",
                "A meeting is rated once it has been held.",
                "Chỉ đánh giá cuộc họp sau khi đã tổ chức.",
                details={"status": meeting.status.value},
            )
        if await self.repo.self_rating_of(meeting.id) is not None:
            raise self._exists()
        sheet = await sheet_for_meeting(self.session, meeting)
        facts = await meeting_facts(self.session, meeting)
        rating = MeetingRating(
            meeting_id=meeting.id,
            unit_id=meeting.unit_id,
            sheet_id=sheet.id,
            kind=RatingKind.self_rating,
            status=RatingStatus.draft,
            facts=facts_snapshot(facts),
            self_entries={},
            self_points={},
            caps_applied=[],
            assigned_member_id=assigned_member_id,
        )
        try:
            async with self.session.begin_nested():
                self.session.add(rating)
                await self.session.flush()
        except IntegrityError:  # another request created it between the check and here
            raise self._exists() from None
        await add_event(self.session, rating, principal, "created")
        record(
            self.session,
            principal,
            action="meeting_rating.create",
            entity=rating,
            unit_path=unit.path,
        )
        return rating

    @staticmethod
    def _exists() -> ChiboError:
        return conflict(
            "rating_exists",
            "The cell has already rated this meeting.",
            "Chi bộ đã tự đánh giá cuộc họp này.",
        )

    async def _cell_side(
        self, principal: Principal, rating_id: int
    ) -> tuple[MeetingRating, Meeting, Unit]:
        """A rating the caller may enter for the cell: its secretary or a committee above, or
        the member the cell assigned to enter it."""
        rating = await self.get(principal, rating_id)
        if principal.role is Role.member:
            if principal.member_id is None or rating.assigned_member_id != principal.member_id:
                raise Forbidden()
            meeting = await readable_meeting(self.session, principal, rating.meeting_id)
            return rating, meeting, await meeting_unit(self.session, meeting)
        meeting, unit = await manageable_meeting(self.session, principal, rating.meeting_id)
        return rating, meeting, unit

    async def _committee_side(
        self, principal: Principal, rating_id: int
    ) -> tuple[MeetingRating, Meeting, Unit]:
        """A rating the caller approves: in its scope (404 otherwise; the router lets
        committees only in)."""
        rating = await self.get(principal, rating_id)
        meeting = await self.session.get(Meeting, rating.meeting_id)
        assert meeting is not None
        return rating, meeting, await meeting_unit(self.session, meeting)

    async def _require_approver(
        self, principal: Principal, rating: MeetingRating, meeting: Meeting, unit: Unit
    ) -> None:
        refusal = await self.approval_refusal(principal, rating, meeting, unit)
        if refusal is not None:
            raise refusal

    async def approval_refusal(
        self,
        principal: Principal,
        rating: MeetingRating,
        meeting: Meeting,
        unit: Unit,
        events: Iterable[RatingEvent] | None = None,
    ) -> ChiboError | None:
        """Why the caller may not approve, adjust or reopen the cell's rating (None: may).
        The superior level of the cell only; never an account that took part in the cell's
        rating, nor one whose member is the cell's secretary or deputy secretary."""
        if principal.role not in APPROVER_ROLES or not principal.is_strictly_above(unit.path):
            return Forbidden(
                "Approval belongs to the superior level of the cell: its base committee or "
                "the superior committee above it.",
                "Việc duyệt kết quả thuộc cấp trên của chi bộ: Đảng ủy cơ sở hoặc cấp ủy cấp trên.",
                code="approver_not_superior_level",
            )
        if events is None:
            events = await self.repo.events(rating.id)
        took_part = {e.actor_user_id for e in events if e.action in CELL_ACTS}
        took_part |= {rating.scored_by_user_id, rating.submitted_by_user_id}
        if principal.user_id in took_part:
            return Forbidden(
                "You took part in the cell's rating (created, scored, voted or submitted it): "
                "another account of the superior level approves it.",
                "Tài khoản của bạn đã tham gia tự đánh giá (tạo, chấm, ghi biểu quyết hoặc "
                "trình): việc duyệt phải do tài khoản khác của cấp trên thực hiện.",
                code="approver_took_part",
            )
        if principal.member_id is not None and await self._is_cell_officer(
            principal.member_id, rating.unit_id, meeting.day
        ):
            return Forbidden(
                "The cell's secretary or deputy secretary never approves the cell's own rating.",
                "Bí thư, phó bí thư chi bộ không duyệt kết quả đánh giá của chính chi bộ mình.",
                code="approver_is_cell_officer",
            )
        return None

    async def _is_cell_officer(self, member_id: int, cell_id: int, day: date) -> bool:
        """Whether the member is the cell's secretary or deputy, on the meeting's day or
        today."""
        now = today()
        query = select(CommitteePosition.id).where(
            CommitteePosition.member_id == member_id,
            CommitteePosition.unit_id == cell_id,
            CommitteePosition.position.in_(CELL_OFFICERS),
            or_(
                *(
                    (CommitteePosition.term_start <= moment)
                    & (
                        CommitteePosition.term_end.is_(None)
                        | (CommitteePosition.term_end >= moment)
                    )
                    for moment in {day, now}
                )
            ),
        )
        return (await self.session.scalar(query.limit(1))) is not None

    async def score(
        self, principal: Principal, rating_id: int, data: ScoreSubmit, if_match: str | None
    ) -> MeetingRating:
        rating, meeting, unit = await self._cell_side(principal, rating_id)
        _require(rating, RatingStatus.draft)
        check_version(rating.version, data.version, if_match)
        sheet = await self.session.get(RatingSheet, rating.sheet_id)
        assert sheet is not None
        facts = await meeting_facts(self.session, meeting)
        definition = definition_of(sheet)
        result = score_entries(definition, facts, data.entries)
        proposed = Level(data.proposed_level or result.level)
        if proposed.value not in {lv.code for lv in definition.levels}:
            raise rule(
                "unknown_level",
                f"The sheet has no level {proposed.value}.",
                "Phiếu đánh giá không có mức xếp loại này.",
                details={"levels": [lv.code for lv in definition.levels]},
            )
        if _above(proposed, result.level):
            raise rule(
                "proposed_level_too_high",
                f"The points and caps allow at most the level {result.level}.",
                "Mức đề xuất cao hơn mức mà số điểm và các điều kiện cho phép.",
                details={
                    "proposed_level": proposed.value,
                    "level": result.level,
                    "level_by_points": result.level_by_points,
                    "caps_applied": result.caps_applied,
                },
            )
        before = snapshot(rating)
        if rating.proposed_level is not None and rating.proposed_level != proposed:
            # The cell voted on another proposal: that vote no longer stands.
            rating.vote_for = rating.vote_against = rating.vote_abstain = None
            rating.vote_eligible = None
        rating.facts = facts_snapshot(facts)
        rating.self_entries = _stored_entries(data.entries)
        rating.self_points = points_json(result.items)
        rating.self_total = result.total
        rating.self_level = Level(result.level)
        rating.proposed_level = proposed
        rating.caps_applied = list(result.caps_applied)
        rating.scored_by_user_id = principal.user_id
        rating.scored_at = utcnow()
        await self.session.flush()
        await add_event(
            self.session, rating, principal, "scored", total=result.total, level=proposed
        )
        record(
            self.session,
            principal,
            action="meeting_rating.score",
            entity=rating,
            unit_path=unit.path,
            before=before,
        )
        return rating

    async def vote(
        self, principal: Principal, rating_id: int, data: VoteSubmit, if_match: str | None
    ) -> MeetingRating:
        rating, meeting, unit = await self._cell_side(principal, rating_id)
        _require(rating, RatingStatus.draft)
        check_version(rating.version, data.version, if_match)
        if rating.proposed_level is None:
            raise conflict(
                "rating_not_scored",
                "Score the meeting first: the cell votes on the proposed level.",
                "Hãy chấm điểm trước: chi bộ biểu quyết mức xếp loại đề xuất.",
            )
        # The cell's vote is a decision of the meeting: the same base, quorum and ballots
        # rule as any vote (chibo.attendance.voting).
        voting = await meeting_voting(self.session, meeting)
        check_ballots(voting, data.votes_for + data.votes_against + data.votes_abstain)
        require_quorum(voting)
        base = voting.base.eligible
        before = snapshot(rating)
        rating.vote_for = data.votes_for
        rating.vote_against = data.votes_against
        rating.vote_abstain = data.votes_abstain
        rating.vote_eligible = base
        await self.session.flush()
        await add_event(self.session, rating, principal, "voted", level=rating.proposed_level)
        record(
            self.session,
            principal,
            action="meeting_rating.vote",
            entity=rating,
            unit_path=unit.path,
            before=before,
        )
        return rating

    async def submit(
        self, principal: Principal, rating_id: int, data: VersionOnly, if_match: str | None
    ) -> MeetingRating:
        rating, meeting, unit = await self._cell_side(principal, rating_id)
        _require(rating, RatingStatus.draft)
        check_version(rating.version, data.version, if_match)
        if rating.scored_at is None:
            raise conflict(
                "rating_not_scored",
                "Score the meeting before submitting the rating.",
                "Hãy chấm điểm trước khi trình.",
            )
        if rating.vote_for is None:
            raise conflict(
                "rating_not_voted",
                "Record the cell's vote on the proposed level before submitting.",
                "Hãy ghi kết quả biểu quyết của chi bộ về mức đề xuất trước khi trình.",
            )
        threshold = (await meeting_voting(self.session, meeting)).threshold(VoteKind.ordinary)
        eligible = rating.vote_eligible or 0
        if rating.vote_for < threshold.needed(eligible):
            raise rule(
                "proposed_level_not_adopted",
                "The cell's vote did not adopt the proposed level.",
                "Chi bộ chưa biểu quyết thông qua mức xếp loại đề xuất.",
                details={
                    "votes_for": rating.vote_for,
                    "voting_base": eligible,
                    "rule": threshold.rule_key,
                    "votes_needed": threshold.needed(eligible),
                },
            )
        before = snapshot(rating)
        rating.status = RatingStatus.submitted
        rating.submitted_at = utcnow()
        rating.submitted_by_user_id = principal.user_id
        await self.session.flush()
        await add_event(
            self.session,
            rating,
            principal,
            "submitted",
            total=rating.self_total,
            level=rating.proposed_level,
        )
        record(
            self.session,
            principal,
            action="meeting_rating.submit",
            entity=rating,
            unit_path=unit.path,
            before=before,
        )
        return rating

    # -- the committee -------------------------------------------------------------------

    def _finalize(self, rating: MeetingRating, principal: Principal) -> None:
        now = utcnow()
        rating.approved_by_user_id = principal.user_id
        rating.approved_at = now
        rating.status = RatingStatus.final
        rating.final_at = now

    async def approve(
        self, principal: Principal, rating_id: int, data: VersionOnly, if_match: str | None
    ) -> MeetingRating:
        """The cell's score and proposed level, approved as they are."""
        rating, meeting, unit = await self._committee_side(principal, rating_id)
        _require(rating, RatingStatus.submitted)
        await self._require_approver(principal, rating, meeting, unit)
        check_version(rating.version, data.version, if_match)
        before = snapshot(rating)
        rating.approved_entries = dict(rating.self_entries)
        rating.approved_points = dict(rating.self_points)
        rating.approved_total = rating.self_total
        rating.approved_level = rating.proposed_level
        rating.approved_caps_applied = list(rating.caps_applied)
        rating.adjustment_reason = None
        self._finalize(rating, principal)
        await self.session.flush()
        await self._final_events(rating, principal, "approved")
        record(
            self.session,
            principal,
            action="meeting_rating.approve",
            entity=rating,
            unit_path=unit.path,
            before=before,
        )
        return rating

    async def adjust(
        self, principal: Principal, rating_id: int, data: Adjustment, if_match: str | None
    ) -> MeetingRating:
        """The committee scores judged items differently (with a reason); the approved score
        is computed on the rating's own sheet from the facts the cell was scored on."""
        rating, meeting, unit = await self._committee_side(principal, rating_id)
        _require(rating, RatingStatus.submitted)
        await self._require_approver(principal, rating, meeting, unit)
        check_version(rating.version, data.version, if_match)
        sheet = await self.session.get(RatingSheet, rating.sheet_id)
        assert sheet is not None
        entries = {**_entries(rating.self_entries), **data.entries}
        result = score_entries(definition_of(sheet), facts_from_snapshot(rating.facts), entries)
        before = snapshot(rating)
        rating.approved_entries = _stored_entries(entries)
        rating.approved_points = points_json(result.items)
        rating.approved_total = result.total
        rating.approved_level = Level(result.level)
        rating.approved_caps_applied = list(result.caps_applied)
        rating.adjustment_reason = data.reason
        self._finalize(rating, principal)
        await self.session.flush()
        await self._final_events(rating, principal, "adjusted", reason=data.reason)
        record(
            self.session,
            principal,
            action="meeting_rating.adjust",
            entity=rating,
            unit_path=unit.path,
            before=before,
        )
        return rating

    async def _final_events(
        self, rating: MeetingRating, principal: Principal, action: str, reason: str | None = None
    ) -> None:
        total, level = rating.approved_total, rating.approved_level
        await add_event(
            self.session, rating, principal, action, reason=reason, total=total, level=level
        )
        await add_event(self.session, rating, principal, "final", total=total, level=level)

    async def reopen(
        self, principal: Principal, rating_id: int, data: Reopen, if_match: str | None
    ) -> MeetingRating:
        """A final rating back to submitted, for the committee to decide again; what was
        approved stays in the history (events and audit)."""
        rating, meeting, unit = await self._committee_side(principal, rating_id)
        if rating.kind is not RatingKind.self_rating:
            raise _not_self()
        if rating.status is not RatingStatus.final:
            raise conflict(
                "rating_not_final",
                "Only a final rating can be reopened.",
                "Chỉ mở lại kết quả đánh giá đã chính thức.",
                details={"status": rating.status.value},
            )
        await self._require_approver(principal, rating, meeting, unit)
        check_version(rating.version, data.version, if_match)
        before = snapshot(rating)
        total, level = rating.approved_total, rating.approved_level
        rating.status = RatingStatus.submitted
        rating.final_at = None
        rating.approved_entries = rating.approved_points = None
        rating.approved_total = rating.approved_level = None
        rating.approved_caps_applied = None
        rating.adjustment_reason = None
        rating.approved_by_user_id = rating.approved_at = None
        await self.session.flush()
        await add_event(
            self.session,
            rating,
            principal,
            "reopened",
            reason=data.reason,
            total=total,
            level=level,
        )
        record(
            self.session,
            principal,
            action="meeting_rating.reopen",
            entity=rating,
            unit_path=unit.path,
            before=before,
        )
        return rating

    # -- presenting ----------------------------------------------------------------------

    async def summaries(self, ratings: list[MeetingRating]) -> list[RatingSummary]:
        meetings = await self.repo.meetings_by_id(r.meeting_id for r in ratings)
        units = await self.repo.unit_names(r.unit_id for r in ratings)
        return [self._summary(r, meetings[r.meeting_id], units[r.unit_id]) for r in ratings]

    @staticmethod
    def _summary(rating: MeetingRating, meeting: Meeting, unit_name: str) -> RatingSummary:
        return RatingSummary(
            id=rating.id,
            meeting_id=rating.meeting_id,
            meeting_title=meeting.title,
            meeting_type=meeting.meeting_type,
            meeting_day=meeting.day,
            unit_id=rating.unit_id,
            unit_name=unit_name,
            kind=rating.kind,
            inspection_id=rating.inspection_id,
            status=rating.status,
            sheet_id=rating.sheet_id,
            self_total=rating.self_total,
            self_level=rating.self_level,
            proposed_level=rating.proposed_level,
            approved_total=rating.approved_total,
            approved_level=rating.approved_level,
            submitted_at=rating.submitted_at,
            final_at=rating.final_at,
            version=rating.version,
        )

    async def next_action(
        self,
        principal: Principal | None,
        rating: MeetingRating,
        events: list[RatingEvent],
    ) -> tuple[NextAction | None, list[str]]:
        """Who takes the rating's next step (None once final, or for an inspector's rating),
        and what the caller may do on it now."""
        if rating.kind is not RatingKind.self_rating:
            return None, []
        meeting = await self.session.get(Meeting, rating.meeting_id)
        assert meeting is not None
        unit = await meeting_unit(self.session, meeting)
        refusal = (
            None
            if principal is None
            else await self.approval_refusal(principal, rating, meeting, unit, events)
        )
        approver = principal is not None and refusal is None
        # What the approval endpoints would answer the caller: cell accounts stop at the role.
        refused = (
            None
            if refusal is None
            else "forbidden"
            if principal is None or principal.role not in COMMITTEE_ROLES
            else refusal.code
        )
        if rating.status is RatingStatus.final:
            return None, ["reopen"] if approver else []
        if rating.status is RatingStatus.submitted:
            action = NextAction(
                step="approve",
                actions=["approve", "adjust"],
                by_level="superior",
                unit_id=unit.parent_id or unit.id,
                may_act=approver,
                refusal=refused,
            )
            return action, ["approve", "adjust"] if approver else []
        manager = principal is not None and principal.role in MEMBER_MANAGER_ROLES
        assigned = (
            principal is not None
            and principal.role is Role.member
            and principal.member_id is not None
            and principal.member_id == rating.assigned_member_id
        )
        allowed: list[str] = ["score"] if manager or assigned else []
        if manager and rating.proposed_level is not None:
            allowed.append("vote")
            if rating.vote_for is not None:
                allowed.append("submit")
        step: RatingStep = (
            "score"
            if rating.proposed_level is None
            else "vote"
            if rating.vote_for is None
            else "submit"
        )
        may = step in allowed
        return NextAction(
            step=step,
            actions=[step],
            by_level="cell",
            unit_id=unit.id,
            may_act=may,
            refusal=None if may else "forbidden",
        ), allowed

    def _caps(
        self, definition: SheetDefinition, codes: list[str] | None, facts: dict[str, Any]
    ) -> list[CapRead]:
        by_code = {cap.code: cap for cap in definition.caps}
        reads = []
        for code in codes or []:
            cap = by_code.get(code)
            if cap is None:
                continue
            fact = facts.get(cap.when.fact) or {}
            spec = FACTS.get(cap.when.fact)
            reads.append(
                CapRead(
                    code=cap.code,
                    max_level=Level(cap.max_level),
                    note=cap.note,
                    fact=cap.when.fact,
                    fact_label=spec.label_vi if spec else None,
                    value=fact.get("value"),
                    fact_source=fact.get("source"),
                )
            )
        return reads

    async def detail(self, rating: MeetingRating, principal: Principal | None = None) -> RatingRead:
        sheet = await self.session.get(RatingSheet, rating.sheet_id)
        assert sheet is not None
        definition = definition_of(sheet)
        summary = (await self.summaries([rating]))[0]
        events = await self.repo.events(rating.id)
        next_action, allowed = await self.next_action(principal, rating, events)
        facts = rating.facts or {}
        names = await self.repo.user_names(
            [
                rating.scored_by_user_id,
                rating.submitted_by_user_id,
                rating.approved_by_user_id,
                *(e.actor_user_id for e in events),
            ]
        )
        event_reads = []
        for event in events:
            read = RatingEventRead.model_validate(event)
            read.actor_name = names.get(event.actor_user_id or 0)
            event_reads.append(read)
        return RatingRead(
            **summary.model_dump(),
            sheet=SheetRef(
                id=sheet.id,
                code=sheet.code,
                version_number=sheet.version_number,
                name=sheet.name,
                points_step=float(definition.points_step),
                notes=list(definition.notes),
            ),
            levels=[
                LevelRead(code=lv.code, name=lv.name, min_points=lv.min_points)
                for lv in sorted(definition.levels, key=lambda lv: -lv.min_points)
            ],
            facts=fact_reads(rating.facts),
            items=self._items(rating, definition),
            caps_applied=list(rating.caps_applied),
            self_level_by_points=_level_by_points(definition, rating.self_total),
            caps=self._caps(definition, rating.caps_applied, facts),
            assigned_member_id=rating.assigned_member_id,
            scored_by_user_id=rating.scored_by_user_id,
            scored_by_name=names.get(rating.scored_by_user_id or 0),
            scored_at=rating.scored_at,
            vote_for=rating.vote_for,
            vote_against=rating.vote_against,
            vote_abstain=rating.vote_abstain,
            vote_eligible=rating.vote_eligible,
            submitted_by_user_id=rating.submitted_by_user_id,
            submitted_by_name=names.get(rating.submitted_by_user_id or 0),
            approved_caps_applied=rating.approved_caps_applied,
            approved_level_by_points=_level_by_points(definition, rating.approved_total),
            approved_caps=(
                None
                if rating.approved_caps_applied is None
                else self._caps(definition, rating.approved_caps_applied, facts)
            ),
            adjustment_reason=rating.adjustment_reason,
            approved_by_user_id=rating.approved_by_user_id,
            approved_by_name=names.get(rating.approved_by_user_id or 0),
            approved_at=rating.approved_at,
            created_at=rating.created_at,
            updated_at=rating.updated_at,
            events=event_reads,
            next_action=next_action,
            allowed_actions=allowed,
        )

    @staticmethod
    def _items(rating: MeetingRating, definition: SheetDefinition) -> list[RatingItemRead]:
        facts = rating.facts or {}
        self_points = rating.self_points or {}
        approved_points = rating.approved_points
        self_entries = rating.self_entries or {}
        approved_entries = rating.approved_entries
        items = []
        for criterion in definition.criteria:
            for item in criterion.items:
                fact = facts.get(item.fact) if item.fact else None
                value = fact.get("value") if fact else None
                points = self_points.get(item.code)
                approved = approved_points.get(item.code) if approved_points is not None else None
                items.append(
                    RatingItemRead(
                        code=item.code,
                        title=item.title,
                        criterion=criterion.code,
                        criterion_title=criterion.title,
                        max_points=item.max_points,
                        mode=item.mode,
                        source=item.source,
                        fact=item.fact,
                        computed=item.source == "computed" and value is not None,
                        value=value,
                        fact_source=fact.get("source") if fact else None,
                        hint=item.hint,
                        source_note=item.source_note,
                        self_points=points,
                        self_entry=self_entries.get(item.code),
                        approved_points=approved,
                        approved_entry=(
                            approved_entries.get(item.code)
                            if approved_entries is not None
                            else None
                        ),
                        adjusted=approved_points is not None and approved != points,
                    )
                )
        return items
