"""A year of final quality ratings (Quy định 17-QĐ/TU) for the demo cells' meetings, and one
inspection by the base committee (issue 4).

Every regular meeting with final minutes (12 per cell) and every thematic meeting of the four
cells of Sở Nội vụ gets the cell's self-rating on the default sheet of its type (version 1):
the facts as `chibo.ratings.facts_service.meeting_facts` computes them from the record (stored
as chibo.ratings.service stores them; the meetings' documents, chibo.demo.documents, are
written before, so "documents sent at least 1 day before" and "draft resolution" score from
them), the secretary's judged entries (full marks mostly; each
deduction with its reason), the total and level from `chibo.ratings.engine.score`, the cell's
vote on the proposed level (within the voting base, adopted), submission with the final
minutes, and the approval of Đảng ủy Sở Nội vụ (account `dangbo.noivu`) a few days later.
About one rating in six (ADJUSTED_SHARE) is adjusted by the committee: lower judged points,
the total, level and caps recomputed, and the reason kept. Each act is a RatingEvent with its
actor and time, as the workflow records them (created, scored, voted, submitted, approved or
adjusted, final).

What the year shows: mostly Tốt and Khá. Chi bộ Trung tâm Lưu trữ lịch sử is rated lowest: its
secretary deducts more often, and its three short meetings cost points the cell owns up to;
the committee approves a meeting SHORT_MEETING_SHORTFALL minutes or more short of the norm at
most Trung bình (adjusting it if the cell scored it higher). A quarter without a thematic
meeting costs the quarter's last regular meeting points. Where the data allow it (an
unexcused absence at a meeting that full marks make Tốt), the first such meeting keeps full
marks so that the sheet's cap shows: Tốt by points, held to Khá.

The inspection: Đảng ủy Sở Nội vụ's plan for the year; `dangbo.noivu` attends one regular
meeting of Chi bộ Thi đua – Khen thưởng (INSPECTED_MONTH_INDEX), rates it on the same sheet and
facts a little more strictly than the cell (kind `inspection`, final), records findings,
issues the conclusion notice (CONCLUSION_NUMBER) and tracks three follow-up items, one done.

Rows are written directly, in a few flushes; deterministic for a given `today`; never commits.
"""

import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from chibo.attendance.models import Attendance, AttendanceStatus, BaseExclusion
from chibo.attendance.service import voting_base
from chibo.auth.models import Role, User
from chibo.core.clock import VIETNAM_OFFSET, vietnam_date
from chibo.core.clock import today as clock_today
from chibo.demo.meetings import held_demo_meetings, held_months
from chibo.demo.seed import (
    BASE_CODE,
    CELL_LUU_TRU,
    CELL_NOI_VU,
    CELL_THI_DUA,
    CELL_TON_GIAO,
    DEMO_ACCOUNT_UNITS,
    DEMO_ACCOUNTS,
    NOI_VU_CELL_CODES,
    demo_now,
)
from chibo.inspections.models import (
    FollowUpItem,
    FollowUpStatus,
    Inspection,
    InspectionPlan,
    InspectionStatus,
)
from chibo.meetings.models import Meeting, MeetingType
from chibo.members.models import Member, MemberStatus
from chibo.ratings.engine import FactValue, JudgedEntry, SheetResult, points_json, score
from chibo.ratings.facts_service import meeting_facts
from chibo.ratings.models import (
    Level,
    MeetingRating,
    RatingEvent,
    RatingKind,
    RatingSheet,
    RatingStatus,
)
from chibo.ratings.sheet import Item, SheetDefinition
from chibo.units.models import Unit

SEED = 2024
REGULAR_SHEET = "qd17-regular"
THEMATIC_SHEET = "qd17-thematic"
SHEET_VERSION = 1
APPROVER = "dangbo.noivu"
INSPECTOR = "dangbo.noivu"
ADJUSTED_SHARE = 1 / 6
# The inspected meeting: Chi bộ Thi đua – Khen thưởng's regular meeting of this held month
# (0 = oldest), one whose minutes were made final late.
INSPECTED_CELL = CELL_THI_DUA
INSPECTED_MONTH_INDEX = 8
CONCLUSION_NUMBER = "05-TB/ĐU"
LEVEL_NAMES = {"good": "Tốt", "fair": "Khá", "average": "Trung bình", "poor": "Kém"}

# How often a cell's secretary deducts a point on a judged item without a fact behind it.
_STRICTNESS: dict[str, float] = {
    CELL_NOI_VU: 0.08,
    CELL_THI_DUA: 0.1,
    CELL_TON_GIAO: 0.07,
    CELL_LUU_TRU: 0.3,
}
# Judged items: reasons a secretary (or the committee) gives for a deduction.
_NOTES: dict[str, tuple[str, ...]] = {
    "c3.content": (
        "Nội dung chuẩn bị còn chung chung, chưa bám sát nhiệm vụ chính trị của cơ quan.",
        "Báo cáo chuẩn bị chưa nêu rõ hạn chế và nguyên nhân.",
    ),
    "c4.steps": (
        "Phần đánh giá tình hình tư tưởng đảng viên còn sơ sài.",
        "Chưa dành thời gian cho phần phổ biến thông tin thời sự theo quy trình.",
    ),
    "c4.content": (
        "Nội dung sinh hoạt còn dàn trải, chưa tập trung vào vấn đề trọng tâm của tháng.",
        "Thảo luận chủ yếu về chuyên môn, ít liên hệ đến công tác xây dựng Đảng.",
    ),
    "c4.thematic": ("Chưa lồng ghép nội dung chuyên đề vào buổi sinh hoạt.",),
    "c4.praise": (
        "Chưa kịp thời biểu dương đảng viên có thành tích trong tháng.",
        "Chưa nhắc nhở đảng viên đi sinh hoạt muộn.",
    ),
    "c5.chairing": (
        "Kết luận của đồng chí chủ trì chưa rõ người, rõ việc, rõ thời hạn.",
        "Điều hành có lúc chưa đúng chương trình đã thông báo.",
    ),
    "c6.principles": (
        "Tự phê bình và phê bình còn hạn chế, ngại va chạm.",
        "Một số ý kiến thảo luận chưa thẳng thắn.",
    ),
    "t1.presenter": (
        "Đề cương chuyên đề chưa kèm tài liệu tham khảo.",
        "Báo cáo viên chuẩn bị nội dung còn sơ sài.",
    ),
    "t3.presentation": (
        "Phần trình bày còn nặng lý thuyết, chưa gắn nhiều với thực tiễn của cơ quan.",
        "Trình bày quá thời gian dự kiến, chưa làm nổi bật trọng tâm.",
    ),
    "t4.quality": (
        "Ý kiến thảo luận chưa sâu, chủ yếu thống nhất với báo cáo.",
        "Ít ý kiến liên hệ bản thân, đơn vị.",
    ),
    "t5.conclusion": (
        "Kết luận chưa nêu cụ thể việc vận dụng vào nhiệm vụ của cơ quan.",
        "Chưa phân công theo dõi việc vận dụng chuyên đề.",
    ),
}
# What the committee writes when it lowers a judged item.
_COMMITTEE_NOTES: dict[str, str] = {
    "c3.content": "Đảng ủy: nội dung chuẩn bị chưa cụ thể, dự thảo nghị quyết còn chung chung.",
    "c4.steps": "Đảng ủy: biên bản cho thấy chưa thực hiện đủ các bước theo quy trình.",
    "c4.content": "Đảng ủy: nội dung chưa đi vào trọng tâm, chưa bám nghị quyết của Đảng ủy Sở.",
    "c4.praise": "Đảng ủy: chưa biểu dương, phê bình kịp thời theo biên bản.",
    "c5.chairing": "Đảng ủy: kết luận của chủ trì chưa rõ người, rõ việc; còn chung chung.",
    "c6.principles": "Đảng ủy: tự phê bình và phê bình chưa được chú trọng, ít ý kiến.",
    "t1.presenter": "Đảng ủy: chuyên đề chuẩn bị chưa kỹ, chưa liên hệ thực tiễn cơ quan.",
    "t3.presentation": "Đảng ủy: trình bày chưa liên hệ thực tiễn công tác của cơ quan.",
    "t4.quality": "Đảng ủy: thảo luận chưa sâu, ít ý kiến liên hệ bản thân.",
    "t5.conclusion": "Đảng ủy: kết luận chưa đề ra việc vận dụng cụ thể.",
}
# The committee's note on the preparation when no draft resolution was sent ahead.
_NO_DRAFT_NOTE = "Đảng ủy: nội dung chuẩn bị chưa cụ thể, không gửi trước dự thảo nghị quyết."
# What the inspector writes when rating more strictly than the cell.
_INSPECTOR_NOTES: dict[str, str] = {
    "c3.content": "Đoàn kiểm tra: dự thảo nghị quyết chưa nêu chỉ tiêu, thời hạn cụ thể.",
    "c4.content": "Đoàn kiểm tra: thảo luận nặng về chuyên môn, ít nội dung xây dựng Đảng.",
    "c5.chairing": "Đoàn kiểm tra: chủ trì chưa gợi mở để nhiều đảng viên phát biểu.",
    "c6.principles": "Đoàn kiểm tra: tự phê bình và phê bình mờ nhạt, không có ý kiến phê bình.",
}
_ADJUSTABLE = (
    "c5.chairing",
    "c4.content",
    "c6.principles",
    "c4.steps",
    "c3.content",
    "t3.presentation",
    "t4.quality",
    "t5.conclusion",
    "t1.presenter",
)
# What a cell owns up to after a meeting shorter than the norm: (least deduction, reason).
_SHORT_MEETING_CUTS: dict[str, tuple[int, str]] = {
    "c4.steps": (
        3,
        "Sinh hoạt ngắn hơn quy định {minutes} phút: rút gọn phần thảo luận và tự phê bình, "
        "chưa thực hiện đủ các bước.",
    ),
    "c4.content": (3, "Thời gian ngắn nên nội dung chưa được thảo luận kỹ, kết luận còn chung."),
    "c5.chairing": (2, "Điều hành chưa bảo đảm thời lượng sinh hoạt theo quy định."),
    "c6.principles": (1, "Không đủ thời gian cho tự phê bình và phê bình."),
}
# The committee approves a meeting this many minutes short of the norm at most Trung bình.
SHORT_MEETING_SHORTFALL = 10
SHORT_MEETING_BELOW = Decimal(70)  # Trung bình: below Khá's threshold
# What the committee lowers on such a meeting, in order, and by how much at most.
_SHORT_MEETING_ADJUSTMENTS = (
    ("c4.content", 5),
    ("c5.chairing", 5),
    ("c4.steps", 2),
    ("c6.principles", 2),
    ("c3.content", 1),
    ("c4.praise", 1),
)
_FIRST_MONTH_TASKS_NOTE = (
    "Nghị quyết tháng trước ban hành trước khi chi bộ dùng ChiBo; theo báo cáo của chi ủy, "
    "còn 1 nhiệm vụ chưa hoàn thành, chuyển sang tháng này."
)


def _vn(day: date, at: time) -> datetime:
    """A Vietnam wall-clock time as an aware UTC datetime."""
    return datetime.combine(day, at, tzinfo=UTC) - VIETNAM_OFFSET


def _quarter(month: int) -> int:
    return (month - 1) // 3 + 1


def value_of(facts: dict[str, FactValue], name: str) -> Any:
    fact = facts.get(name)
    return fact.value if fact else None


def _snapshot(facts: dict[str, FactValue]) -> dict[str, Any]:
    """As chibo.ratings.service stores them (its `facts_from_snapshot` reads them back)."""
    return {name: {"value": f.value, "source": f.source} for name, f in facts.items()}


def _dump(entries: dict[str, JudgedEntry]) -> dict[str, Any]:
    return {code: e.model_dump(exclude_none=True) for code, e in entries.items()}


def _points(result: SheetResult) -> dict[str, float]:
    return points_json(result.items)


def _checked(result: SheetResult, meeting: Meeting) -> SheetResult:
    if result.problems:  # a bug in this module, not in the data
        raise AssertionError(
            f"demo rating of meeting {meeting.id} does not score: "
            + ", ".join(f"{p.item} {p.code}" for p in result.problems)
        )
    return result


async def demo_ratings_exist(session: AsyncSession) -> bool:
    """Whether any meeting of the demo cells has a rating."""
    found = await session.scalar(
        select(func.count(MeetingRating.id))
        .join(Unit, Unit.id == MeetingRating.unit_id)
        .where(Unit.code.in_(NOI_VU_CELL_CODES))
    )
    return bool(found)


@dataclass
class _Rated:
    """One meeting's self-rating as planned, before it has an id."""

    meeting: Meeting
    cell: str
    sheet: SheetDefinition
    facts: dict[str, FactValue]
    entries: dict[str, JudgedEntry]
    result: SheetResult
    row: MeetingRating | None = None
    keep: bool = False  # not to be adjusted (the cap's showcase)


class _Seeder:
    def __init__(
        self,
        session: AsyncSession,
        now: datetime,
        sheets: dict[MeetingType, tuple[RatingSheet, SheetDefinition]],
        units: dict[int, str],
        users: dict[str, User],
    ) -> None:
        self.session = session
        self.now = now
        self.sheets = sheets
        self.units = units
        self.users = users
        self.rng = random.Random(SEED)
        self.cap_shown = False

    def _at(self, moment: datetime) -> datetime:
        return min(moment, self.now)

    # -- judged entries -----------------------------------------------------------------------

    def _deduction(self, item: Item, cell: str) -> int:
        """A chance deduction on a judged item, by the cell's strictness."""
        if self.rng.random() >= _STRICTNESS[cell]:
            return 0
        if item.max_points >= 20:
            return self.rng.choice((2, 3, 4))
        if item.max_points >= 10:
            return self.rng.choice((1, 1, 2))
        return 1

    def _judge(
        self,
        meeting: Meeting,
        cell: str,
        sheet: SheetDefinition,
        facts: dict[str, FactValue],
        quarters_without_thematic: set[tuple[str, int, int]],
    ) -> dict[str, JudgedEntry]:
        def value(name: str) -> float | bool | None:
            fact = facts.get(name)
            return fact.value if fact else None

        shortfall = value("duration_shortfall_minutes") or 0
        speakers = value("speaker_share")
        entries: dict[str, JudgedEntry] = {}
        for item in sheet.items():
            if item.source == "computed":
                if value(item.fact or "") is not None:
                    continue
                # A computed item whose fact the record lacks: the secretary judges it.
                if item.code == "c7.tasks":
                    entries[item.code] = JudgedEntry(points=27, note=_FIRST_MONTH_TASKS_NOTE)
                else:
                    entries[item.code] = JudgedEntry(points=item.max_points)
                continue
            cut = self._deduction(item, cell)
            note = self.rng.choice(_NOTES[item.code]) if item.code in _NOTES else None
            if float(shortfall) > 0 and item.code in _SHORT_MEETING_CUTS:
                least, text = _SHORT_MEETING_CUTS[item.code]
                cut, note = max(cut, least), text.format(minutes=f"{float(shortfall):g}")
            if (
                item.code in ("c5.chairing", "t4.quality")
                and speakers is not None
                and float(speakers) < 40
                and self.rng.random() < 0.5
            ):
                cut = max(cut, 1)
                note = (
                    f"Chỉ {float(speakers):g}% người dự phát biểu: chưa khơi gợi được nhiều ý kiến."
                )
            if item.code == "c4.thematic":
                key = (cell, meeting.period_year, _quarter(meeting.period_month))
                last_of_quarter = meeting.period_month % 3 == 0
                if key in quarters_without_thematic and last_of_quarter:
                    cut = 3
                    note = (
                        f"Quý {key[2]}/{key[1]} chi bộ chưa tổ chức sinh hoạt chuyên đề "
                        "theo kế hoạch đã đăng ký."
                    )
                elif value("thematic_part"):
                    cut = 0
            cut = min(cut, int(item.max_points)) if note else 0
            entries[item.code] = JudgedEntry(
                points=item.max_points - cut, note=note if cut else None
            )
        return entries

    @staticmethod
    def _full_marks(
        sheet: SheetDefinition, entries: dict[str, JudgedEntry]
    ) -> dict[str, JudgedEntry]:
        full = {
            i.code: JudgedEntry(points=i.max_points) for i in sheet.items() if i.source == "judged"
        }
        return {code: full.get(code, entry) for code, entry in entries.items()}

    # -- the cell's self-ratings --------------------------------------------------------------

    async def plan(
        self, meetings: list[Meeting], quarters_without_thematic: set[tuple[str, int, int]]
    ) -> list[_Rated]:
        rated = []
        for meeting in meetings:
            sheet = self.sheets[meeting.meeting_type][1]
            cell = self.units[meeting.unit_id]
            facts = await meeting_facts(self.session, meeting)
            entries = self._judge(meeting, cell, sheet, facts, quarters_without_thematic)
            result = _checked(score(sheet, facts, entries), meeting)
            keep = False
            short = float(value_of(facts, "duration_shortfall_minutes") or 0) > 0
            unexcused = value_of(facts, "unexcused_count")
            # A short meeting is no showcase: the cell owns up to it and the committee lowers it.
            if not self.cap_shown and unexcused and not short:
                # Show the cap: Tốt by points, held to Khá by an unexcused absence.
                full = self._full_marks(sheet, entries)
                best = _checked(score(sheet, facts, full), meeting)
                if best.level_by_points == "good" and "unexcused_not_good" in best.caps_applied:
                    entries, result, keep = full, best, True
                    self.cap_shown = True
            rated.append(_Rated(meeting, cell, sheet, facts, entries, result, keep=keep))
        return rated

    def _vote(self, voters: int, base: int, level: str) -> tuple[int, int, int]:
        """Those present vote on the proposed level; it is adopted (more than half of the
        voting base for it)."""
        against = 1 if level != "good" and voters > 4 and self.rng.random() < 0.15 else 0
        abstain = 1 if voters > 3 and self.rng.random() < 0.12 else 0
        if 2 * (voters - against - abstain) <= base:
            against = abstain = 0
        return voters - against - abstain, against, abstain

    def self_row(self, rated: _Rated, base: int, voters: int) -> MeetingRating:
        meeting = rated.meeting
        assert meeting.actual_end is not None
        result = rated.result
        secretary = self.users[_secretary_username(rated.cell)]
        scored_at = self._at(meeting.actual_end - timedelta(minutes=12))
        final_minutes = meeting.minutes_final_at or meeting.actual_end
        submitted_at = self._at(final_minutes + timedelta(hours=self.rng.randint(1, 20)))
        approved_at = self._at(
            _vn(
                vietnam_date(submitted_at) + timedelta(days=self.rng.randint(2, 5)),
                time(14 + self.rng.randint(0, 2), self.rng.randint(0, 59)),
            )
        )
        approved_at = max(approved_at, submitted_at)
        votes = self._vote(min(voters, base), base, result.level)
        row = MeetingRating(
            meeting_id=meeting.id,
            unit_id=meeting.unit_id,
            sheet_id=self.sheets[meeting.meeting_type][0].id,
            kind=RatingKind.self_rating,
            status=RatingStatus.final,
            facts=_snapshot(rated.facts),
            self_entries=_dump(rated.entries),
            self_points=_points(result),
            self_total=result.total,
            self_level=Level(result.level),
            proposed_level=Level(result.level),
            caps_applied=list(result.caps_applied),
            scored_by_user_id=secretary.id,
            scored_at=scored_at,
            vote_for=votes[0],
            vote_against=votes[1],
            vote_abstain=votes[2],
            vote_eligible=base,
            submitted_at=submitted_at,
            submitted_by_user_id=secretary.id,
            approved_entries=_dump(rated.entries),
            approved_points=_points(result),
            approved_total=result.total,
            approved_level=Level(result.level),
            approved_caps_applied=list(result.caps_applied),
            approved_by_user_id=self.users[APPROVER].id,
            approved_at=approved_at,
            final_at=approved_at,
            created_at=scored_at,
            updated_at=approved_at,
        )
        rated.row = row
        return row

    def adjust(self, rated: _Rated, *, below: Decimal | None = None) -> None:
        """The committee lowers one or two judged items, with its reason; with `below`, as
        many as it takes to bring the total under it (a meeting well short of the norm)."""
        row = rated.row
        assert row is not None
        sheet = rated.sheet
        judged = {i.code for i in sheet.items() if i.source == "judged"}
        entries = dict(rated.entries)
        chosen: list[str] = []
        if below is None:
            candidates = [
                code for code in _ADJUSTABLE if code in judged and (entries[code].points or 0) >= 1
            ]
            chosen = candidates[:1] + self.rng.sample(candidates[1:], min(len(candidates) - 1, 1))
            for code in chosen:
                current = entries[code].points or 0
                cut = min(current, self.rng.choice((1, 2, 2, 3)) if current >= 5 else 1)
                entries[code] = JudgedEntry(points=current - cut, note=_committee_note(code, rated))
            result = _checked(score(sheet, rated.facts, entries), rated.meeting)
        else:
            result = rated.result
            # First within each item's usual cut; then, if the total is still not under
            # `below`, further down the same items (the meeting was short, whatever else).
            for code, most in [*_SHORT_MEETING_ADJUSTMENTS, *_SHORT_MEETING_ADJUSTMENTS]:
                current = entries[code].points or 0
                if result.total < below or code not in judged or current < 1:
                    continue
                step = most if code not in chosen else current
                cut = min(current, step, result.total - below + 1)
                entries[code] = JudgedEntry(points=current - cut, note=_committee_note(code, rated))
                if code not in chosen:
                    chosen.append(code)
                result = _checked(score(sheet, rated.facts, entries), rated.meeting)
            if not chosen:
                return
        items = {i.code: i.title for i in sheet.items()}
        lowered = "; ".join(
            f"mục “{items[c]}” từ {rated.entries[c].points:g} xuống {entries[c].points:g} điểm"
            for c in chosen
        )
        level = LEVEL_NAMES[result.level]
        if below is None:
            why = (
                "Qua biên bản và báo cáo của đồng chí cấp ủy viên theo dõi, chi bộ tự chấm "
                "chưa sát thực tế."
            )
        else:
            minutes = rated.facts["duration_minutes"].value
            why = (
                f"Buổi sinh hoạt chỉ {minutes} phút, không bảo đảm thời lượng và các bước theo "
                "quy định nên không xếp loại Khá trở lên."
            )
        row.approved_entries = _dump(entries)
        row.approved_points = _points(result)
        row.approved_total = result.total
        row.approved_level = Level(result.level)
        row.approved_caps_applied = list(result.caps_applied)
        row.adjustment_reason = (
            f"Đảng ủy Sở điều chỉnh: {lowered}. {why} Tổng điểm duyệt {result.total:g}, "
            f"xếp loại {level}."
        )

    def events(self, rated: _Rated) -> list[RatingEvent]:
        """The acts as chibo.ratings.service records them: created, scored, voted,
        submitted, approved or adjusted (with the reason), final."""
        row = rated.row
        assert row is not None and row.scored_at is not None and row.submitted_at is not None
        assert row.approved_at is not None
        secretary, committee = row.scored_by_user_id, row.approved_by_user_id
        approved = (row.approved_total, row.approved_level)
        acts: list[tuple[str, int | None, datetime, str | None, Decimal | None, Level | None]] = [
            ("created", secretary, row.scored_at - timedelta(minutes=2), None, None, None),
            ("scored", secretary, row.scored_at, None, row.self_total, row.proposed_level),
            ("voted", secretary, row.scored_at + timedelta(minutes=4), None, None,
             row.proposed_level),
            ("submitted", row.submitted_by_user_id, row.submitted_at, None, row.self_total,
             row.proposed_level),
            ("adjusted" if row.adjustment_reason else "approved", committee, row.approved_at,
             row.adjustment_reason, *approved),
            ("final", committee, row.approved_at, None, *approved),
        ]  # fmt: skip
        return [
            RatingEvent(
                rating_id=row.id,
                action=action,
                actor_user_id=actor,
                at=self._at(at),
                reason=reason,
                total=total,
                level=level,
            )
            for action, actor, at, reason, total, level in acts
        ]

    # -- the inspection -----------------------------------------------------------------------

    def inspector_entries(self, rated: _Rated) -> dict[str, JudgedEntry]:
        """A little stricter than the cell: one or two points off on up to three items."""
        entries = dict(rated.entries)
        for code in ("c5.chairing", "c6.principles", "c4.content"):
            entry = entries.get(code)
            if entry is None or (entry.points or 0) < 1:
                continue
            cut = 2 if code == "c5.chairing" else 1
            entries[code] = JudgedEntry(
                points=max(0, (entry.points or 0) - cut), note=_INSPECTOR_NOTES[code]
            )
        return entries


def _committee_note(code: str, rated: _Rated) -> str:
    """The committee's reason for lowering an item, true to the record (a meeting without a
    draft resolution sent ahead is not told its draft was vague)."""
    draft = rated.facts.get("draft_resolution_sent")
    if code == "c3.content" and draft is not None and not draft.value:
        return _NO_DRAFT_NOTE
    return _COMMITTEE_NOTES[code]


def _secretary_username(cell: str) -> str:
    return next(
        name
        for name, unit in DEMO_ACCOUNT_UNITS.items()
        if unit == cell and DEMO_ACCOUNTS[name] is Role.cell_secretary
    )


async def _sheets(
    session: AsyncSession,
) -> dict[MeetingType, tuple[RatingSheet, SheetDefinition]] | None:
    rows = {
        row.code: row
        for row in (
            await session.scalars(
                select(RatingSheet).where(
                    RatingSheet.code.in_([REGULAR_SHEET, THEMATIC_SHEET]),
                    RatingSheet.version_number == SHEET_VERSION,
                )
            )
        ).all()
    }
    if set(rows) != {REGULAR_SHEET, THEMATIC_SHEET}:
        return None
    return {
        MeetingType.regular: (
            rows[REGULAR_SHEET],
            SheetDefinition.model_validate(rows[REGULAR_SHEET].definition),
        ),
        MeetingType.thematic: (
            rows[THEMATIC_SHEET],
            SheetDefinition.model_validate(rows[THEMATIC_SHEET].definition),
        ),
    }


async def _voters(session: AsyncSession, meetings: list[Meeting]) -> dict[int, int]:
    """Per meeting, the members of the voting base who were there (who vote on the level)."""
    days = {m.id: m.day for m in meetings}
    rows = await session.execute(
        select(
            Attendance.meeting_id,
            Attendance.excluded_from_base,
            Attendance.temporary_guest,
            Member.status,
            Member.official_date,
        )
        .join(Member, Member.id == Attendance.member_id)
        .where(
            Attendance.meeting_id.in_(list(days)),
            Attendance.status.in_([AttendanceStatus.present, AttendanceStatus.late]),
        )
    )
    voters: dict[int, int] = defaultdict(int)
    for meeting_id, excluded, guest, status, official_date in rows:
        if (
            not guest
            and status is MemberStatus.official
            and (official_date is None or official_date <= days[meeting_id])
            and excluded in (None, BaseExclusion.exempt)
        ):
            voters[meeting_id] += 1
    return voters


def _quarters_without_thematic(
    regular: list[Meeting], thematic: list[Meeting], units: dict[int, str], last: tuple[int, int]
) -> set[tuple[str, int, int]]:
    """(cell, year, quarter) of ended quarters with regular meetings but no thematic one."""
    held = {
        (units[m.unit_id], m.period_year, _quarter(m.period_month))
        for m in [*thematic, *(m for m in regular if m.has_thematic_part)]
    }
    quarters = {(units[m.unit_id], m.period_year, _quarter(m.period_month)) for m in regular}
    return {
        q
        for q in quarters
        if q not in held
        and (q[1], q[2] * 3) <= last
        and sum(
            1 for m in regular if (units[m.unit_id], m.period_year, _quarter(m.period_month)) == q
        )
        == 3
    }


async def seed_demo_ratings(session: AsyncSession, *, today: date | None = None) -> bool:
    """Rate the demo cells' held meetings for the year and add one inspection; False,
    changing nothing, when demo ratings exist already or the demo meetings (or the default
    sheets, or the demo accounts) are missing.

    `today` (default: today in Vietnam) bounds every time written (never after its noon, or
    after now for the real today). Does not commit."""
    if await demo_ratings_exist(session):
        return False
    regular = await held_demo_meetings(session, MeetingType.regular)
    thematic = await held_demo_meetings(session, MeetingType.thematic)
    sheets = await _sheets(session)
    users = {
        u.username: u
        for u in (
            await session.scalars(select(User).where(User.username.in_(list(DEMO_ACCOUNTS))))
        ).all()
    }
    if not regular or sheets is None or APPROVER not in users:
        return False
    units: dict[int, str] = {
        unit_id: code
        for unit_id, code in await session.execute(
            select(Unit.id, Unit.code).where(Unit.code.in_([BASE_CODE, *NOI_VU_CELL_CODES]))
        )
        if code is not None
    }
    if any(_secretary_username(code) not in users for code in NOI_VU_CELL_CODES):
        return False
    today = today or clock_today()
    now = demo_now(today)
    seeder = _Seeder(session, now, sheets, units, users)
    meetings = [*regular, *thematic]
    meetings.sort(key=lambda m: (m.planned_start, m.id))
    last = max((m.period_year, m.period_month) for m in regular)
    rated = await seeder.plan(meetings, _quarters_without_thematic(regular, thematic, units, last))

    voters = await _voters(session, meetings)
    for item in rated:
        base = await voting_base(session, item.meeting)
        session.add(seeder.self_row(item, base, voters.get(item.meeting.id, 0)))
    short = [
        r
        for r in rated
        if r.meeting.meeting_type is MeetingType.regular
        and float(r.facts.get("duration_shortfall_minutes", FactValue(0, "")).value or 0)
        >= SHORT_MEETING_SHORTFALL
        and not r.keep
    ]
    for item in short:
        if item.result.total >= SHORT_MEETING_BELOW:
            seeder.adjust(item, below=SHORT_MEETING_BELOW)
    candidates = [r for r in rated if not r.keep and r not in short]
    forced = sum(1 for r in short if r.row is not None and r.row.adjustment_reason)
    count = max(1, round(len(rated) * ADJUSTED_SHARE) - forced)
    adjusted = seeder.rng.sample(candidates, min(count, len(candidates)))
    for item in sorted(adjusted, key=lambda r: r.meeting.planned_start):
        seeder.adjust(item)

    inspected = _inspected(rated, today)
    base_unit = next(uid for uid, code in units.items() if code == BASE_CODE)
    plan = await _plan(session, seeder, base_unit, inspected.meeting if inspected else None)
    await session.flush()  # rating and plan ids

    for item in rated:
        session.add_all(seeder.events(item))
    if inspected is not None and plan is not None:
        await _inspection(session, seeder, plan, inspected)
    await session.flush()
    return True


def _inspected(rated: list[_Rated], today: date) -> _Rated | None:
    months = held_months(today)
    own = [
        r
        for r in rated
        if r.cell == INSPECTED_CELL and r.meeting.meeting_type is MeetingType.regular
    ]
    for r in own:
        if (r.meeting.period_year, r.meeting.period_month) == months[INSPECTED_MONTH_INDEX]:
            return r
    return own[len(own) * 2 // 3] if own else None


async def _plan(
    session: AsyncSession, seeder: _Seeder, base_unit: int, meeting: Meeting | None
) -> InspectionPlan | None:
    if meeting is None:
        return None
    year = meeting.period_year
    existing = (
        await session.scalars(
            select(InspectionPlan).where(
                InspectionPlan.unit_id == base_unit, InspectionPlan.year == year
            )
        )
    ).first()
    if existing is not None:
        return existing
    created = seeder._at(min(_vn(date(year, 1, 5), time(9, 0)), meeting.planned_start))
    plan = InspectionPlan(
        unit_id=base_unit,
        year=year,
        title=f"Chương trình kiểm tra, giám sát năm {year} của Đảng ủy Sở Nội vụ",
        content="\n".join(
            [
                "1. Giám sát việc thực hiện Quy định 17-QĐ/TU ngày 02/6/2023 của Tỉnh ủy về "
                "nâng cao chất lượng sinh hoạt chi bộ: mỗi quý đồng chí cấp ủy viên dự, giám "
                "sát sinh hoạt ít nhất một chi bộ trực thuộc, chấm điểm độc lập theo phiếu.",
                "2. Kiểm tra việc thực hiện nghị quyết hằng tháng và việc phân công nhiệm vụ "
                "cho đảng viên tại Chi bộ Thi đua – Khen thưởng (quý III) và Chi bộ Trung tâm "
                "Lưu trữ lịch sử (quý IV).",
                "3. Giám sát việc chấp hành chế độ sinh hoạt đảng, tỷ lệ đảng viên dự và phát "
                "biểu, việc lập và hoàn thành biên bản đúng hạn.",
                "4. Sau mỗi cuộc kiểm tra, giám sát: ban hành thông báo kết luận và theo dõi "
                "việc khắc phục.",
            ]
        ),
        created_at=created,
        updated_at=created,
    )
    session.add(plan)
    return plan


async def _inspection(
    session: AsyncSession, seeder: _Seeder, plan: InspectionPlan, cell_rating: _Rated
) -> None:
    meeting = cell_rating.meeting
    assert meeting.actual_end is not None and cell_rating.row is not None
    inspector = seeder.users[INSPECTOR]
    entries = seeder.inspector_entries(cell_rating)
    result = _checked(score(cell_rating.sheet, cell_rating.facts, entries), meeting)
    assigned = seeder._at(meeting.planned_start - timedelta(days=6))
    scored_at = seeder._at(meeting.actual_end + timedelta(hours=3))
    submitted_at = seeder._at(scored_at + timedelta(days=1))
    concluded_at = seeder._at(
        _vn(vietnam_date(meeting.actual_end) + timedelta(days=12), time(15, 30))
    )
    facts = cell_rating.facts

    def value(name: str) -> Any:
        fact = facts.get(name)
        return fact.value if fact else None

    self_total = cell_rating.row.self_total or 0
    strengths = [
        "Chi bộ sinh hoạt đúng kỳ, đúng thành phần; chi ủy họp trước để chuẩn bị nội dung; "
        "thông báo gửi đảng viên và đồng chí cấp ủy viên theo dõi đúng thời gian."
    ]
    if value("documents_on_time") and value("draft_resolution_sent"):
        strengths.append("Tài liệu và dự thảo nghị quyết gửi đảng viên trước buổi sinh hoạt.")
    if value("attendance_rate") is not None:
        strengths.append(f"Tỷ lệ đảng viên dự sinh hoạt {value('attendance_rate'):g}%.")
    weaknesses = []
    if value("speaker_share") is not None:
        weaknesses.append(
            f"Tỷ lệ đảng viên dự họp phát biểu mới đạt {value('speaker_share'):g}%; "
            "một số đảng viên chưa phát biểu trong cả năm."
        )
    if not value("documents_on_time"):
        weaknesses.append("Tài liệu, dự thảo nghị quyết chưa gửi trước cho đảng viên.")
    if value("unexcused_count"):
        weaknesses.append(f"Có {value('unexcused_count'):g} đảng viên vắng không lý do.")
    if value("minutes_final_on_time") is False:
        weaknesses.append("Biên bản, nghị quyết hoàn thành chậm so với quy định 2 ngày.")
    if not value("self_criticism_count"):
        weaknesses.append("Không có ý kiến tự phê bình; phê bình còn hạn chế.")
    month = f"{meeting.period_month:02d}/{meeting.period_year}"
    comparison = (
        f"Chi bộ tự chấm {self_total:g} điểm (xếp loại "
        f"{LEVEL_NAMES[cell_rating.result.level]}); đoàn kiểm tra chấm {result.total:g} điểm "
        f"(xếp loại {LEVEL_NAMES[result.level]})."
    )
    findings = "\n".join(
        [
            f"Dự, giám sát buổi sinh hoạt chi bộ thường kỳ tháng {month} của Chi bộ Thi đua – "
            "Khen thưởng.",
            "Ưu điểm: " + " ".join(strengths),
            "Hạn chế: " + " ".join(weaknesses or ["Chưa phát hiện hạn chế đáng kể."]),
            comparison,
        ]
    )
    inspection = Inspection(
        plan_id=plan.id,
        meeting_id=meeting.id,
        inspector_user_id=inspector.id,
        status=InspectionStatus.concluded,
        findings=findings,
        conclusion_number=CONCLUSION_NUMBER,
        conclusion_text="\n".join(
            [
                "THÔNG BÁO KẾT LUẬN",
                f"về kết quả giám sát sinh hoạt chi bộ thường kỳ tháng {month} "
                "của Chi bộ Thi đua – Khen thưởng",
                "",
                "Thực hiện Chương trình kiểm tra, giám sát năm "
                f"{plan.year}, Ban Thường vụ Đảng ủy Sở Nội vụ kết luận:",
                "1. Chi bộ duy trì nền nếp sinh hoạt, thực hiện đúng quy trình; nghị quyết "
                "tháng được biểu quyết thông qua, nhiệm vụ phân công cụ thể.",
                "2. Hạn chế: " + " ".join(weaknesses or ["không đáng kể."]),
                f"3. {comparison} Đảng ủy công nhận kết quả xếp loại của đoàn kiểm tra.",
                "4. Yêu cầu chi ủy chỉ đạo khắc phục các hạn chế nêu trên, báo cáo kết quả "
                "về Đảng ủy Sở trước khi tổng kết năm.",
            ]
        ),
        concluded_at=concluded_at,
        concluded_by_user_id=inspector.id,
        created_at=assigned,
        updated_at=concluded_at,
    )
    session.add(inspection)
    await session.flush()  # its id, for the rating and the follow-ups
    rating = MeetingRating(
        meeting_id=meeting.id,
        unit_id=meeting.unit_id,
        sheet_id=cell_rating.row.sheet_id,
        kind=RatingKind.inspection,
        inspection_id=inspection.id,
        status=RatingStatus.final,
        facts=_snapshot(facts),
        self_entries=_dump(entries),
        self_points=_points(result),
        self_total=result.total,
        self_level=Level(result.level),
        caps_applied=list(result.caps_applied),
        scored_by_user_id=inspector.id,
        scored_at=scored_at,
        submitted_at=submitted_at,
        submitted_by_user_id=inspector.id,
        final_at=submitted_at,
        created_at=scored_at,
        updated_at=submitted_at,
    )
    session.add(rating)
    concluded_day = vietnam_date(concluded_at)
    done_on = min(concluded_day + timedelta(days=20), vietnam_date(seeder.now))
    owner = meeting.chair_member_id
    session.add_all(
        [
            FollowUpItem(
                inspection_id=inspection.id,
                title="Ghi rõ người chịu trách nhiệm và thời hạn của từng nhiệm vụ trong nghị "
                "quyết tháng",
                owner_member_id=owner,
                due_date=concluded_day + timedelta(days=30),
                status=FollowUpStatus.done,
                done_on=done_on,
                note="Nghị quyết các tháng sau đã phân công cụ thể người, việc, thời hạn.",
                created_at=concluded_at,
                updated_at=seeder._at(_vn(done_on, time(16, 0))),
            ),
            FollowUpItem(
                inspection_id=inspection.id,
                title="Gửi tài liệu và dự thảo nghị quyết cho đảng viên trước buổi sinh hoạt "
                "ít nhất 1 ngày",
                owner_member_id=owner,
                due_date=concluded_day + timedelta(days=60),
                status=FollowUpStatus.open,
                created_at=concluded_at,
                updated_at=concluded_at,
            ),
            FollowUpItem(
                inspection_id=inspection.id,
                title="Phân công đảng viên chuẩn bị ý kiến thảo luận, nâng tỷ lệ đảng viên "
                "phát biểu lên trên 50%; nhắc nhở đảng viên vắng sinh hoạt không lý do",
                owner_member_id=meeting.minute_taker_member_id or owner,
                due_date=date(concluded_day.year, 12, 31),
                status=FollowUpStatus.open,
                created_at=concluded_at,
                updated_at=concluded_at,
            ),
        ]
    )
    await session.flush()  # the rating's id, for its events
    session.add_all(
        RatingEvent(
            rating_id=rating.id,
            action=action,
            actor_user_id=inspector.id,
            at=at,
            total=result.total,
            level=Level(result.level),
        )
        for action, at in (("scored", scored_at), ("submitted", submitted_at))
    )
