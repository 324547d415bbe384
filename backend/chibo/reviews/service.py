"""Rules of the annual review: the system proposes figures and points from the year's record
(attendance, speeches, meeting ratings, tasks); the committee (base committee or above)
decides the level, with reasons where it departs from the proposal; a cap on the share of the
top level is checked. Never commits: the request's session does."""

import math
from datetime import date
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from chibo.audit.service import record, snapshot
from chibo.auth.principal import COMMITTEE_ROLES, MEMBER_MANAGER_ROLES, Principal
from chibo.core.clock import today, utcnow
from chibo.core.errors import Forbidden, NotFound, conflict, rule
from chibo.core.versioning import check_version
from chibo.meetings.norms import NormsRules
from chibo.meetings.repository import MeetingRepository
from chibo.meetings.service import scope_keys
from chibo.ratings.models import RatingSheet, SheetSubject
from chibo.ratings.rollups import (
    CellRollup,
    Period,
    cells_under,
    due_months,
    roll_up_cells,
    rules_in_force,
)
from chibo.reviews.models import AnnualReview, ReviewLevel, ReviewStatus, ReviewSubject
from chibo.reviews.repository import CellRecord, MemberRecord, ReviewRepository
from chibo.reviews.schemas import (
    AnnualReviewRead,
    AnnualSheetCreate,
    Decide,
    FigureRead,
    ProposeResult,
    ReviewItemRead,
    SheetRef,
)
from chibo.reviews.sheet import FIGURES, AnnualSheetDefinition, propose
from chibo.units.models import Unit, UnitKind
from chibo.units.repository import UnitRepository

Figures = dict[str, dict[str, Any]]
LEVEL_NAMES_VI = {
    "excellent": "Hoàn thành xuất sắc nhiệm vụ",
    "good": "Hoàn thành tốt nhiệm vụ",
    "completed": "Hoàn thành nhiệm vụ",
    "not_completed": "Không hoàn thành nhiệm vụ",
}


def _pct(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 2) if whole else None


def _put(figures: Figures, name: str, value: Any, source: str) -> None:
    figures[name] = {"value": value, "source": source}


def member_figures(record_: MemberRecord, year: int) -> Figures:
    """A member's figures of the year, each with where it came from."""
    r, f = record_, Figures()
    base = (
        f"Điểm danh các buổi sinh hoạt chi bộ (thường kỳ, chuyên đề, bất thường) đã họp năm "
        f"{year}, không tính thời gian được miễn hoặc sinh hoạt tạm thời nơi khác"
    )
    _put(f, "meetings_expected", r.expected, f"{base}: {r.expected} buổi có tên")
    _put(
        f,
        "meetings_attended",
        r.attended,
        f"Có mặt (kể cả đến muộn) {r.attended}/{r.expected} buổi",
    )
    _put(f, "meetings_excused", r.excused, f"Vắng có lý do {r.excused} buổi")
    _put(f, "meetings_unexcused", r.unexcused, f"Vắng không lý do {r.unexcused} buổi")
    _put(
        f,
        "attendance_rate",
        _pct(r.attended, r.expected),
        f"Dự {r.attended}/{r.expected} buổi"
        if r.expected
        else f"Năm {year} chưa có buổi sinh hoạt nào có tên đảng viên",
    )
    _put(
        f,
        "speeches_count",
        r.speeches,
        f"{r.speeches} ý kiến phát biểu đã ghi nhận tại {r.meetings_spoken} buổi",
    )
    _put(f, "meetings_spoken", r.meetings_spoken, f"Phát biểu tại {r.meetings_spoken} buổi")
    share = _pct(min(r.meetings_spoken, r.attended), r.attended)
    _put(
        f,
        "speaking_share",
        share,
        f"Phát biểu ở {min(r.meetings_spoken, r.attended)}/{r.attended} buổi đã dự"
        if r.attended
        else "Chưa dự buổi nào",
    )
    _put(
        f,
        "tasks_assigned",
        r.tasks_assigned,
        f"{r.tasks_assigned} nhiệm vụ do các buổi sinh hoạt năm {year} giao "
        "(không tính nhiệm vụ đã hủy)",
    )
    _put(f, "tasks_done", r.tasks_done, f"Hoàn thành {r.tasks_done}/{r.tasks_assigned} nhiệm vụ")
    _put(
        f,
        "tasks_done_share",
        _pct(r.tasks_done, r.tasks_assigned),
        f"Hoàn thành {r.tasks_done}/{r.tasks_assigned} nhiệm vụ"
        if r.tasks_assigned
        else f"Năm {year} không được giao nhiệm vụ nào",
    )
    return f


def cell_figures(
    year: int,
    rollup: CellRollup,
    record_: CellRecord,
    regular_due: int,
    per_quarter: int,
    quarters_due: list[int],
) -> Figures:
    """A cell's figures of the year, each with where it came from."""
    r, f = record_, Figures()
    _put(
        f,
        "regular_due",
        regular_due,
        f"{regular_due} tháng của năm {year} đã bắt đầu, mỗi tháng một buổi sinh hoạt thường kỳ",
    )
    _put(f, "regular_held", r.regular_held, f"Đã tổ chức {r.regular_held} buổi thường kỳ")
    _put(
        f,
        "regular_held_share",
        _pct(min(r.regular_held, regular_due), regular_due),
        f"{min(r.regular_held, regular_due)}/{regular_due} buổi thường kỳ đã tổ chức",
    )
    _put(
        f,
        "ratings_final",
        rollup.rated,
        f"{rollup.rated} buổi đã xếp loại chính thức (điểm do cấp ủy cấp trên duyệt)",
    )
    _put(
        f,
        "rating_average",
        rollup.rated_average,
        f"Bình quân điểm {rollup.rated} buổi đã xếp loại chính thức"
        if rollup.rated
        else "Chưa có buổi nào được xếp loại chính thức",
    )
    counts = rollup.level_counts
    for code, name in (
        ("good", "Tốt"),
        ("fair", "Khá"),
        ("average", "Trung bình"),
        ("poor", "Kém"),
    ):
        _put(f, f"ratings_{code}", getattr(counts, code), f"Số buổi xếp loại {name}")
    _put(
        f,
        "rating_level",
        rollup.level.value if rollup.level else None,
        f"Tổng hợp xếp loại cả năm theo quy tắc tổng hợp (bình quân {rollup.average}, "
        f"{rollup.missed} buổi không tổ chức)",
    )
    required = per_quarter * len(quarters_due)
    met = sum(min(r.thematic_by_quarter.get(q, 0), per_quarter) for q in quarters_due)
    _put(
        f,
        "thematic_held",
        r.thematic_held,
        f"Đã tổ chức {r.thematic_held} buổi sinh hoạt chuyên đề",
    )
    _put(
        f,
        "thematic_required",
        required,
        f"{per_quarter} buổi mỗi quý × {len(quarters_due)} quý đã bắt đầu",
    )
    _put(
        f,
        "thematic_share",
        _pct(met, required),
        f"Đạt {met}/{required} buổi chuyên đề theo từng quý",
    )
    _put(
        f,
        "tasks_assigned",
        r.tasks_assigned,
        f"{r.tasks_assigned} nhiệm vụ do nghị quyết, kết luận năm {year} đề ra (không tính đã hủy)",
    )
    _put(f, "tasks_done", r.tasks_done, f"Hoàn thành {r.tasks_done}/{r.tasks_assigned} nhiệm vụ")
    _put(
        f,
        "tasks_done_share",
        _pct(r.tasks_done, r.tasks_assigned),
        f"Hoàn thành {r.tasks_done}/{r.tasks_assigned} nhiệm vụ"
        if r.tasks_assigned
        else f"Năm {year} chưa đề ra nhiệm vụ nào",
    )
    _put(
        f,
        "members_attendance_rate",
        _pct(r.members_attended, r.members_expected),
        f"Tổng số lượt dự {r.members_attended}/{r.members_expected} lượt phải dự "
        "(không tính đảng viên được miễn)",
    )
    return f


def _values(figures: Figures) -> dict[str, Any]:
    return {name: entry.get("value") for name, entry in figures.items()}


def _parse_sheet(row: RatingSheet) -> AnnualSheetDefinition:
    return AnnualSheetDefinition.model_validate(row.definition)


class ReviewService:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.repo = ReviewRepository(session)
        self.units = UnitRepository(session)

    async def _unit(self, principal: Principal, unit_id: int) -> Unit:
        unit = await self.units.get_readable(principal, unit_id)
        if unit is None:
            raise NotFound()
        if unit.kind is UnitKind.group:
            raise rule(
                "unit_not_reviewable",
                "Annual reviews are of cells and their members: choose a cell or a committee.",
                "Đánh giá hằng năm dành cho chi bộ và đảng viên: hãy chọn chi bộ hoặc đảng bộ.",
            )
        return unit

    async def _sheet(
        self, subject: SheetSubject, year: int
    ) -> tuple[RatingSheet, AnnualSheetDefinition]:
        row = await self.repo.sheet_in_force(subject, date(year, 12, 31))
        if row is None:
            raise conflict(
                "annual_sheet_missing",
                "No annual review sheet is in force for that year; an administrator must load one.",
                "Chưa có phiếu đánh giá hằng năm áp dụng cho năm này; quản trị viên cần nạp phiếu.",
                details={"subject": subject.value, "year": year},
            )
        return row, _parse_sheet(row)

    # -- proposing --------------------------------------------------------------------------------

    async def propose(self, principal: Principal, unit_id: int, year: int) -> ProposeResult:
        unit = await self._unit(principal, unit_id)
        if principal.role not in MEMBER_MANAGER_ROLES:
            raise Forbidden()
        if date(year, 1, 1) > today():
            raise rule(
                "year_not_begun",
                f"The year {year} has not begun.",
                f"Năm {year} chưa bắt đầu.",
            )
        period = Period("year", year, None)
        cells = await cells_under(self.session, unit, period)
        cell_row, cell_sheet = await self._sheet(SheetSubject.annual_cell, year)
        member_row, member_sheet = await self._sheet(SheetSubject.annual_member, year)
        cell_ids = [c.id for c in cells]
        members = await self.repo.members_to_review(cell_ids, year)
        member_records = await self.repo.member_records([m.id for m in members], year)
        figures_by_cell = await self._cell_figures(cells, year)
        existing = await self.repo.existing(cell_ids, [m.id for m in members], year)
        by_cell = {r.unit_id: r for r in existing if r.subject is ReviewSubject.cell}
        by_member = {r.member_id: r for r in existing if r.subject is ReviewSubject.member}
        counts = {"created": 0, "refreshed": 0, "kept_decided": 0}
        written: list[tuple[AnnualReview, Unit, dict[str, Any] | None]] = []
        units = {c.id: c for c in cells}
        for cell in cells:
            review = by_cell.get(cell.id) or AnnualReview(
                subject=ReviewSubject.cell, unit_id=cell.id, member_id=None, year=year
            )
            self._refresh(
                review, cell_row, cell_sheet, figures_by_cell[cell.id], counts, written, cell
            )
        for member in members:
            review = by_member.get(member.id) or AnnualReview(
                subject=ReviewSubject.member, unit_id=member.unit_id, member_id=member.id, year=year
            )
            if review.status is not ReviewStatus.decided:
                review.unit_id = member.unit_id
            figures = member_figures(member_records[member.id], year)
            self._refresh(
                review, member_row, member_sheet, figures, counts, written, units[member.unit_id]
            )
        try:
            async with self.session.begin_nested():
                await self.session.flush()
        except IntegrityError as exc:
            raise conflict(
                "annual_review_busy",
                "Proposals for this year are being made at the same time; try again.",
                "Đề xuất đánh giá năm này đang được thực hiện đồng thời; vui lòng thử lại.",
            ) from exc
        for review, cell, before in written:
            record(
                self.session,
                principal,
                action="annual_review.propose",
                entity=review,
                unit_path=cell.path,
                before=before,
            )
        cells_count, members_count = await self.repo.counts_under(unit, year)
        return ProposeResult(
            unit_id=unit.id, year=year, cells=cells_count, members=members_count, **counts
        )

    def _refresh(
        self,
        review: AnnualReview,
        sheet_row: RatingSheet,
        sheet: AnnualSheetDefinition,
        figures: Figures,
        counts: dict[str, int],
        written: list[tuple[AnnualReview, Unit, dict[str, Any] | None]],
        cell: Unit,
    ) -> None:
        if review.status is ReviewStatus.decided:
            counts["kept_decided"] += 1
            return
        new = review.id is None
        before = None if new else snapshot(review)
        proposal = propose(sheet, _values(figures))
        review.sheet_id = sheet_row.id
        review.status = ReviewStatus.proposed
        review.figures = figures
        review.proposed_points = proposal.total
        review.proposed_level = ReviewLevel(proposal.level)
        if new:
            self.session.add(review)
        counts["created" if new else "refreshed"] += 1
        written.append((review, cell, before))

    async def _cell_figures(self, cells: list[Unit], year: int) -> dict[int, Figures]:
        if not cells:
            return {}
        period = Period("year", year, None)
        rules = await rules_in_force(self.session, cells, period.end)
        rollups, _ = await roll_up_cells(self.session, cells, period, rules)
        records = await self.repo.cell_records([c.id for c in cells], year)
        now = today()
        quarters_due = [q for q in range(1, 5) if date(year, 3 * q - 2, 1) <= now]
        per_quarter_by_parent: dict[int | None, int] = {}
        result: dict[int, Figures] = {}
        for cell, rollup in zip(cells, rollups, strict=True):
            if cell.parent_id not in per_quarter_by_parent:
                norms = await MeetingRepository(self.session).latest_norms(
                    scope_keys(cell), date(year, 12, 31)
                )
                rules_ = NormsRules.model_validate(norms.rules if norms else {})
                per_quarter_by_parent[cell.parent_id] = rules_.thematic_meetings_per_quarter
            result[cell.id] = cell_figures(
                year,
                rollup,
                records[cell.id],
                len(due_months(cell, period, now)),
                per_quarter_by_parent[cell.parent_id],
                quarters_due,
            )
        return result

    # -- reading ----------------------------------------------------------------------------------

    async def page(
        self,
        principal: Principal,
        unit_id: int,
        year: int,
        *,
        subject: ReviewSubject | None,
        status: ReviewStatus | None,
        cursor: str | None,
        limit: int,
    ) -> tuple[list[AnnualReviewRead], str | None]:
        unit = await self._unit(principal, unit_id)
        reviews, next_cursor = await self.repo.page(
            principal, unit, year, subject=subject, status=status, cursor=cursor, limit=limit
        )
        return await self.present(reviews), next_cursor

    async def get(self, principal: Principal, review_id: int) -> AnnualReview:
        review = await self.repo.get_readable(principal, review_id)
        if review is None:
            raise NotFound()
        return review

    async def present(self, reviews: list[AnnualReview]) -> list[AnnualReviewRead]:
        sheets = await self.repo.sheets(r.sheet_id for r in reviews)
        parsed = {sheet_id: _parse_sheet(row) for sheet_id, row in sheets.items()}
        unit_names, member_names = await self.repo.names(
            (r.unit_id for r in reviews), (r.member_id for r in reviews if r.member_id)
        )
        return [
            _read(r, sheets[r.sheet_id], parsed[r.sheet_id], unit_names, member_names)
            for r in reviews
        ]

    # -- deciding ---------------------------------------------------------------------------------

    async def decide(
        self, principal: Principal, review_id: int, data: Decide, if_match: str | None
    ) -> AnnualReview:
        if principal.role not in COMMITTEE_ROLES:
            raise Forbidden()
        review = await self.get(principal, review_id)
        check_version(review.version, data.version, if_match)
        sheet_row = (await self.repo.sheets([review.sheet_id]))[review.sheet_id]
        sheet = _parse_sheet(sheet_row)
        proposal = propose(sheet, _values(review.figures))
        given = data.entries or {}
        known = {item.code for item in proposal.items}
        unknown = sorted(set(given) - known)
        if unknown:
            raise rule(
                "unknown_item",
                f"The sheet has no item {', '.join(unknown)}.",
                f"Phiếu không có mục {', '.join(unknown)}.",
                details={"items": unknown},
            )
        too_high = [
            {"item": i.code, "max_points": i.max_points, "points": given[i.code].points}
            for i in proposal.items
            if i.code in given and given[i.code].points > i.max_points
        ]
        if too_high:
            raise rule(
                "score_above_max",
                "Points above an item's maximum.",
                "Điểm vượt quá mức tối đa của mục.",
                details=too_high,
            )
        decided = {
            i.code: given[i.code].points if i.code in given else i.points for i in proposal.items
        }
        entries = {
            code: {"points": value, "note": given[code].note if code in given else None}
            for code, value in decided.items()
        }
        points = round(sum(decided.values()), 2)
        points_level = sheet.level_for(points)
        reasons = (data.reasons or "").strip() or None
        proposed = review.proposed_level.value if review.proposed_level else None
        if reasons is None and (data.level.value != proposed or data.level.value != points_level):
            raise rule(
                "reasons_required",
                "Give the reasons for a level other than the proposal (or the points).",
                "Cần nêu lý do khi quyết định mức khác với đề xuất (hoặc với số điểm).",
                details={"proposed_level": proposed, "points_level": points_level},
            )
        unit = await self.session.get(Unit, review.unit_id)
        assert unit is not None
        if data.level is ReviewLevel.excellent and unit.parent_id is not None:
            await self._check_top_share(review, sheet, unit.parent_id)
        before = snapshot(review)
        review.entries = entries
        review.points = points
        review.level = data.level
        review.reasons = reasons
        review.status = ReviewStatus.decided
        review.decided_by_user_id = principal.user_id
        review.decided_at = utcnow()
        await self.session.flush()
        record(
            self.session,
            principal,
            action="annual_review.decide",
            entity=review,
            unit_path=unit.path,
            before=before,
        )
        return review

    async def _check_top_share(
        self, review: AnnualReview, sheet: AnnualSheetDefinition, committee_id: int
    ) -> None:
        """At most `top_level_max_share` percent of those reviewed (members, or cells) under
        the committee for the year reach the top level."""
        await self.repo.lock_unit(committee_id)
        reviewed, current = await self.repo.top_level_counts(
            committee_id, review.subject, review.year, review.id
        )
        allowed = math.floor(sheet.top_level_max_share * reviewed / 100 + 1e-9)
        if current + 1 > allowed:
            who, who_vi = (
                ("members", "đảng viên")
                if review.subject is ReviewSubject.member
                else ("cells", "chi bộ")
            )
            raise rule(
                "top_level_share_exceeded",
                f"At most {sheet.top_level_max_share:g}% of the {reviewed} {who} reviewed may be "
                f"rated excellent ({allowed}); {current} already are.",
                f"Số {who_vi} được xếp loại {LEVEL_NAMES_VI['excellent']} không quá "
                f"{sheet.top_level_max_share:g}% số được đánh giá ({allowed}/{reviewed}); "
                f"đã có {current}.",
                details={
                    "subject": review.subject.value,
                    "year": review.year,
                    "committee_unit_id": committee_id,
                    "reviewed": reviewed,
                    "current": current,
                    "allowed": allowed,
                    "max_share": sheet.top_level_max_share,
                },
            )

    # -- sheets -----------------------------------------------------------------------------------

    async def sheet_in_force(self, subject: SheetSubject, on: date) -> RatingSheet:
        row = await self.repo.sheet_in_force(subject, on)
        if row is None:
            raise NotFound()
        return row

    async def add_sheet(self, principal: Principal, data: AnnualSheetCreate) -> RatingSheet:
        if not principal.is_admin:
            raise Forbidden()
        definition = data.definition
        subject = SheetSubject(definition.subject)
        existing = await self.repo.subject_of_code(definition.code)
        if existing is not None and existing is not subject:
            raise conflict(
                "sheet_code_taken",
                f"The code {definition.code} belongs to a sheet of another kind.",
                f"Mã {definition.code} đã dùng cho một loại phiếu khác.",
                details={"code": definition.code, "subject": existing.value},
            )
        row = RatingSheet(
            code=definition.code,
            version_number=await self.repo.next_sheet_version(definition.code),
            subject=subject,
            name=definition.name,
            meeting_types=[],
            definition=definition.model_dump(mode="json", exclude_none=True),
            source_note=definition.source_note,
            effective_from=data.effective_from or today(),
            created_at=utcnow(),
            created_by_user_id=principal.user_id,
        )
        self.session.add(row)
        try:
            async with self.session.begin_nested():
                await self.session.flush()
        except IntegrityError as exc:
            raise conflict(
                "sheet_version_taken",
                "Someone loaded a version of this sheet at the same time; try again.",
                "Một phiên bản phiếu vừa được nạp cùng lúc; vui lòng thử lại.",
            ) from exc
        record(
            self.session, principal, action="annual_review_sheet.create", entity=row, unit_path=None
        )
        return row


def _read(
    review: AnnualReview,
    sheet_row: RatingSheet,
    sheet: AnnualSheetDefinition,
    unit_names: dict[int, str],
    member_names: dict[int, str],
) -> AnnualReviewRead:
    figures = review.figures or {}
    proposal = propose(sheet, _values(figures))
    entries = review.entries or {}
    specs = FIGURES[sheet.subject]
    return AnnualReviewRead(
        id=review.id,
        subject=review.subject,
        unit_id=review.unit_id,
        unit_name=unit_names.get(review.unit_id, ""),
        member_id=review.member_id,
        member_name=member_names.get(review.member_id) if review.member_id else None,
        year=review.year,
        sheet=SheetRef(
            id=sheet_row.id,
            code=sheet_row.code,
            version_number=sheet_row.version_number,
            top_level_max_share=sheet.top_level_max_share,
        ),
        status=review.status,
        figures=[
            FigureRead(
                name=name,
                label=spec.label_vi,
                value=figures[name].get("value"),
                source=figures[name].get("source"),
            )
            for name, spec in specs.items()
            if name in figures
        ],
        items=[
            ReviewItemRead(
                code=item.code,
                title=item.title,
                criterion=item.criterion,
                part=item.part,
                max_points=item.max_points,
                proposed_points=item.points,
                from_figure=item.from_figure,
                figure=item.figure,
                figure_value=item.value,
                decided_points=entries.get(item.code, {}).get("points"),
                note=entries.get(item.code, {}).get("note"),
            )
            for item in proposal.items
        ],
        proposed_points=review.proposed_points,
        proposed_level=review.proposed_level,
        points=review.points,
        level=review.level,
        reasons=review.reasons,
        decided_by_user_id=review.decided_by_user_id,
        decided_at=review.decided_at,
        version=review.version,
        created_at=review.created_at,
        updated_at=review.updated_at,
    )
