"""Roll-ups of meeting ratings per cell and per committee for a month, a quarter or a year,
by a configurable rule (versioned data in `rating_rollup_rules`), and the ranking of the
cells of a committee.

What counts:
- Due: one regular meeting for every month of the period that has begun (Vietnam calendar),
  per cell, as long as the cell was not archived before the month began.
- Held: meetings of the rule's types (default: regular) with status held or minutes_final.
- Rated: held meetings whose self-rating (kind "self") is final; its score is the approved
  score (approved_total / approved_level), the self score only if none was approved.
- Missing: every due month without a rated regular meeting, and every held meeting of the
  rule's types without a final rating, listed with the reason (never silently dropped):
  `no_meeting`, `cancelled`, `not_held` (the month is over: counted as missed),
  `not_held_yet` (the month is still running: listed, not counted), `not_rated`,
  `rating_not_final` (held, listed, left out of the average until the rating is final).
- The rule (`RollupRuleDefinition`): the average of the final scores (and of missed meetings,
  see below) mapped to a level by the rule's thresholds; then the caps hold the level down.
  `not_held: "count_as_missed"`: meetings due but not held are counted and listed as missed,
  and `missed_points` says what that does to the average:
    * a number (default 0): each missed meeting enters the average with these points, so a
      cell that held one of three meetings (scored 95) averages 31.67 (Kém);
    * null: missed meetings stay out of the average; pair it with a cap
      `{"if_missed_at_least": 1, "max_level": "fair"}` so that the period level cannot exceed
      a given level when a meeting was missed.
  A period with missed meetings and no score at all is Kém (`nothing_held`).
  Caps: `{"if_any_level": L, "max_level": M}` holds when any rated meeting of the period is at
  level L or below (default: any Kém meeting -> at most Khá); `{"if_missed_at_least": n,
  "max_level": M}` when n or more meetings were missed.
- A committee's aggregate: the same rule (the committee's) over all meetings of its cells.

The ratings of all cells come from one SQL aggregate (grouped by cell and meeting type) and
the meetings of all cells from one more query: never a query per cell.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, status
from pydantic import BaseModel, ConfigDict, Field, model_validator
from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from chibo.audit.service import record
from chibo.auth.deps import CurrentPrincipal
from chibo.auth.principal import COMMITTEE_ROLES, Principal
from chibo.core.clock import VIETNAM_OFFSET, today, vietnam_date
from chibo.core.deps import SessionDep
from chibo.core.errors import Forbidden, NotFound, conflict, rule
from chibo.core.text import fold
from chibo.meetings.models import Meeting, MeetingStatus, MeetingType
from chibo.meetings.service import scope_keys
from chibo.ratings.models import Level, MeetingRating, RatingKind, RatingStatus, RollupRule
from chibo.ratings.sheet import LEVEL_ORDER
from chibo.units.models import Unit, UnitKind
from chibo.units.repository import UnitRepository

router = APIRouter(tags=["ratings"])

LevelCode = Literal["good", "fair", "average", "poor"]
RatedType = Literal["regular", "thematic", "extraordinary"]
HELD = (MeetingStatus.held, MeetingStatus.minutes_final)
CENT, MILLI = Decimal("0.01"), Decimal("0.001")
LEVEL_NAMES_VI = {"good": "Tốt", "fair": "Khá", "average": "Trung bình", "poor": "Kém"}


# -- the rule as data --------------------------------------------------------------------------


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LevelThresholds(_Strict):
    """Lowest average of each level (the poor level starts at 0)."""

    good: float = Field(90, ge=0, le=100)
    fair: float = Field(70, ge=0, le=100)
    average: float = Field(50, ge=0, le=100)
    poor: float = Field(0, ge=0, le=100)

    @model_validator(mode="after")
    def _rising(self) -> "LevelThresholds":
        if self.poor != 0:
            raise ValueError("the poor level must start at 0 points")
        if not (self.poor < self.average < self.fair < self.good):
            raise ValueError("thresholds must rise from poor to average, fair and good")
        return self

    def level_for(self, points: float) -> LevelCode:
        for code in ("good", "fair", "average"):
            if points >= getattr(self, code):
                return code
        return "poor"

    def level_for_average(self, total: Decimal, count: int) -> LevelCode:
        """The level of the exact average total / count (compared as total >= threshold x
        count: no division, no rounding, so 89.996 on average is not Tốt)."""
        for code in ("good", "fair", "average"):
            if total >= Decimal(str(getattr(self, code))) * count:
                return code
        return "poor"


class RollupCap(_Strict):
    """Whatever the average, the level is at most `max_level` when the condition holds."""

    if_any_level: LevelCode | None = Field(
        None, description="Any rated meeting of the period at this level or below"
    )
    if_missed_at_least: int | None = Field(
        None, ge=1, description="At least this many meetings due were not held"
    )
    max_level: LevelCode

    @model_validator(mode="after")
    def _one_condition(self) -> "RollupCap":
        if (self.if_any_level is None) == (self.if_missed_at_least is None):
            raise ValueError("a cap has exactly one condition: if_any_level or if_missed_at_least")
        return self

    @property
    def code(self) -> str:
        if self.if_any_level is not None:
            return f"any_{self.if_any_level}_meeting"
        return "missed_meetings"


def _regular_only() -> list[RatedType]:
    return ["regular"]


class RollupRuleDefinition(_Strict):
    method: Literal["average"] = "average"
    level_thresholds: LevelThresholds = LevelThresholds()
    caps: list[RollupCap] = Field(default_factory=list, max_length=20)
    not_held: Literal["count_as_missed"] = Field(
        "count_as_missed",
        description="Meetings due but not held are counted and listed as missed",
    )
    missed_points: float | None = Field(
        0,
        ge=0,
        le=100,
        description="Points a missed meeting counts for in the average; null: left out of it",
    )
    meeting_types: list[RatedType] = Field(default_factory=_regular_only, min_length=1)

    @model_validator(mode="after")
    def _distinct_types(self) -> "RollupRuleDefinition":
        if len(set(self.meeting_types)) != len(self.meeting_types):
            raise ValueError("a meeting type is listed twice")
        return self


# -- periods ------------------------------------------------------------------------------------

PeriodKind = Literal["month", "quarter", "year"]
_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


@dataclass(frozen=True)
class Period:
    kind: PeriodKind
    year: int
    number: int | None

    @classmethod
    def parse(cls, kind: PeriodKind, year: int, number: int | None) -> "Period":
        limits = {"month": 12, "quarter": 4}
        if kind == "year":
            if number is not None:
                raise rule(
                    "period_number_not_allowed",
                    "A year takes no number.",
                    "Kỳ năm không có số thứ tự.",
                )
            return cls(kind, year, None)
        if number is None or not 1 <= number <= limits[kind]:
            raise rule(
                "period_number_invalid",
                f"Give the {kind} as a number from 1 to {limits[kind]}.",
                f"Hãy chọn {'tháng' if kind == 'month' else 'quý'} từ 1 đến {limits[kind]}.",
                details={"period": kind, "number": number},
            )
        return cls(kind, year, number)

    @property
    def months(self) -> range:
        if self.kind == "month":
            assert self.number is not None
            return range(self.number, self.number + 1)
        if self.kind == "quarter":
            assert self.number is not None
            return range(3 * self.number - 2, 3 * self.number + 1)
        return range(1, 13)

    @property
    def start(self) -> date:
        return date(self.year, self.months[0], 1)

    @property
    def end(self) -> date:
        """The last day of the period."""
        return _month_after(self.year, self.months[-1]) - timedelta(days=1)

    @property
    def label(self) -> str:
        if self.kind == "month":
            return f"Tháng {self.number}/{self.year}"
        if self.kind == "quarter":
            return f"Quý {_ROMAN[self.number or 1]}/{self.year}"
        return f"Năm {self.year}"


def _month_after(year: int, month: int) -> date:
    return date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)


def _day_start_utc(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=UTC) - VIETNAM_OFFSET


# -- results ------------------------------------------------------------------------------------


class LevelCounts(BaseModel):
    good: int = 0
    fair: int = 0
    average: int = 0
    poor: int = 0

    def add(self, other: "LevelCounts") -> None:
        for code in LEVEL_ORDER:
            setattr(self, code, getattr(self, code) + getattr(other, code))


class CapApplied(BaseModel):
    code: str
    max_level: LevelCode
    reason: str
    reason_vi: str


MissingReason = Literal[
    "no_meeting", "cancelled", "not_held", "not_held_yet", "not_rated", "rating_not_final"
]


class MissingMeeting(BaseModel):
    month: int
    meeting_type: MeetingType
    meeting_id: int | None
    title: str | None
    reason: MissingReason
    counts_as_missed: bool
    rating_status: RatingStatus | None = None


class RatedMeeting(BaseModel):
    meeting_id: int
    month: int
    meeting_type: MeetingType
    day: date
    title: str
    total: float
    level: Level


class RollupFigures(BaseModel):
    due: int = Field(0, description="Regular meetings due: months of the period that have begun")
    held: int = Field(0, description="Meetings of the rule's types held")
    regular_held: int = Field(0, description="Due months with their regular meeting held")
    rated: int = Field(0, description="Held meetings whose rating is final")
    missed: int = Field(0, description="Meetings due and not held (months that are over)")
    missing_count: int = Field(0, description="Every entry of the missing lists")
    rated_average: float | None = Field(None, description="Average of the final scores alone")
    average: float | None = Field(None, description="Average by the rule (missed meetings too)")
    level_by_average: Level | None = None
    level: Level | None = None
    caps_applied: list[CapApplied] = Field(default_factory=list)
    level_counts: LevelCounts = Field(default_factory=LevelCounts)


class CellRollup(RollupFigures):
    unit_id: int
    unit_name: str
    rule_id: int
    missing: list[MissingMeeting] = Field(default_factory=list)
    rated_meetings: list[RatedMeeting] = Field(default_factory=list)


class PeriodRead(BaseModel):
    kind: PeriodKind
    year: int
    number: int | None
    start: date
    end: date
    label: str


class RuleRef(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    unit_id: int | None
    scope_key: str
    version_number: int
    effective_from: date


class RollupRead(BaseModel):
    unit_id: int
    unit_name: str
    unit_kind: UnitKind
    period: PeriodRead
    rule: RuleRef
    cells: list[CellRollup]
    aggregate: RollupFigures = Field(description="Over every meeting of the cells listed")
    cells_by_level: dict[str, int] = Field(description="Cells per level ('none': no level)")


class RankingRow(BaseModel):
    rank: int | None = Field(description="Shared by equal averages; null without an average")
    unit_id: int
    unit_name: str
    average: float | None
    rated_average: float | None
    level: Level | None
    level_counts: LevelCounts
    due: int
    held: int
    rated: int
    missed: int
    missing_count: int


class RankingRead(BaseModel):
    unit_id: int
    unit_name: str
    period: PeriodRead
    rule: RuleRef
    rows: list[RankingRow]


class RollupRuleRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    unit_id: int | None
    scope_key: str
    version_number: int
    effective_from: date
    rule: RollupRuleDefinition
    source_note: str | None
    created_at: datetime


class RollupRuleCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    unit_id: int | None = Field(None, description="A committee; none = province default (admin)")
    effective_from: date
    rule: RollupRuleDefinition
    source_note: str | None = Field(None, max_length=4000)


# -- the rule applied ------------------------------------------------------------------------


def _above(level: str, other: str) -> bool:
    return LEVEL_ORDER.index(level) > LEVEL_ORDER.index(other)


def apply_rule(
    definition: RollupRuleDefinition,
    *,
    scores_sum: Decimal,
    rated: int,
    missed: int,
    counts: LevelCounts,
) -> tuple[float | None, float | None, LevelCode | None, LevelCode | None, list[CapApplied]]:
    """(rated average, average by the rule, level by the average, level, caps applied). The
    sums are exact decimals; the averages are shown to 2 places, but the level is chosen on
    the exact average."""
    rated_average = _shown(scores_sum, rated) if rated else None
    total, counted = scores_sum, rated
    if definition.missed_points is not None:
        total += missed * Decimal(str(definition.missed_points))
        counted += missed
    average = _shown(total, counted) if counted else None
    caps: list[CapApplied] = []
    if average is None:
        if not missed:
            return rated_average, None, None, None, []
        caps.append(
            CapApplied(
                code="nothing_held",
                max_level="poor",
                reason=f"{missed} meeting(s) due were not held and none was rated.",
                reason_vi=f"{missed} buổi sinh hoạt không tổ chức, không buổi nào được xếp loại.",
            )
        )
        return rated_average, None, None, "poor", caps
    by_average = definition.level_thresholds.level_for_average(total, counted)
    level: LevelCode = by_average
    for cap in definition.caps:
        if cap.if_any_level is not None:
            at_or_below = LEVEL_ORDER[: LEVEL_ORDER.index(cap.if_any_level) + 1]
            found = sum(getattr(counts, code) for code in at_or_below)
            holds = found > 0
            name = LEVEL_NAMES_VI[cap.if_any_level]
            reason = f"{found} meeting(s) rated {cap.if_any_level} or below"
            reason_vi = f"Có {found} buổi xếp loại {name} trở xuống"
        else:
            assert cap.if_missed_at_least is not None
            holds = missed >= cap.if_missed_at_least
            reason = f"{missed} meeting(s) due were not held"
            reason_vi = f"Có {missed} buổi sinh hoạt không tổ chức"
        if holds and _above(level, cap.max_level):
            level = cap.max_level
            caps.append(
                CapApplied(
                    code=cap.code,
                    max_level=cap.max_level,
                    reason=f"{reason}: at most {cap.max_level}.",
                    reason_vi=f"{reason_vi}: không cao hơn {LEVEL_NAMES_VI[cap.max_level]}.",
                )
            )
    return rated_average, average, by_average, level, caps


def _shown(total: Decimal, count: int) -> float:
    """An average as shown: 2 places, half up."""
    return float((total / count).quantize(CENT, rounding=ROUND_HALF_UP))


def exact_sum(value: object) -> Decimal:
    """A sum of totals from the database as an exact decimal: totals have at most 3 places,
    so the sum does too (SQLite adds them as floating point; the quantize undoes that)."""
    if value is None:
        return Decimal(0)
    return Decimal(str(value)).quantize(MILLI)


def _finish(figures: RollupFigures, definition: RollupRuleDefinition, scores_sum: Decimal) -> None:
    rated_average, average, by_average, level, caps = apply_rule(
        definition,
        scores_sum=scores_sum,
        rated=figures.rated,
        missed=figures.missed,
        counts=figures.level_counts,
    )
    figures.rated_average = rated_average
    figures.average = average
    figures.level_by_average = Level(by_average) if by_average else None
    figures.level = Level(level) if level else None
    figures.caps_applied = caps


# -- reads --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RuleInForce:
    row: RollupRule
    definition: RollupRuleDefinition


async def rules_in_force(
    session: AsyncSession, units: Iterable[Unit], on: date
) -> dict[int, RuleInForce]:
    """The roll-up rule in force on `on` for each unit: its own, else the nearest ancestor's,
    else the province default (one query for every unit)."""
    units = list(units)
    chains = {u.id: scope_keys(u) for u in units}
    keys = {key for chain in chains.values() for key in chain}
    query = (
        select(RollupRule)
        .where(RollupRule.scope_key.in_(keys), RollupRule.effective_from <= on)
        .order_by(RollupRule.effective_from.desc(), RollupRule.version_number.desc())
    )
    latest: dict[str, RollupRule] = {}
    for row in (await session.scalars(query)).all():
        latest.setdefault(row.scope_key, row)
    parsed: dict[int, RollupRuleDefinition] = {}
    result: dict[int, RuleInForce] = {}
    for unit_id, chain in chains.items():
        found = next((latest[key] for key in chain if key in latest), None)
        if found is None:
            raise conflict(
                "rollup_rule_missing",
                "No roll-up rule is in force; an administrator must load one.",
                "Chưa có quy tắc tổng hợp xếp loại; quản trị viên cần nạp quy tắc.",
            )
        if found.id not in parsed:
            parsed[found.id] = RollupRuleDefinition.model_validate(found.rule)
        result[unit_id] = RuleInForce(found, parsed[found.id])
    return result


def _count_if(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


@dataclass
class _Group:
    rated: int
    scores_sum: Decimal
    counts: LevelCounts


async def _rating_aggregates(
    session: AsyncSession, cell_ids: list[int], period: Period, types: set[str]
) -> dict[tuple[int, str], _Group]:
    """Final self-ratings of held meetings of the cells in the period: count, sum of scores
    and count per level, grouped by cell and meeting type. One query for all cells."""
    score = func.coalesce(MeetingRating.approved_total, MeetingRating.self_total)
    level = func.coalesce(MeetingRating.approved_level, MeetingRating.self_level)
    query = (
        select(
            Meeting.unit_id,
            Meeting.meeting_type,
            func.count(MeetingRating.id),
            func.coalesce(func.sum(score), 0),
            *[_count_if(level == code) for code in LEVEL_ORDER],
        )
        .join(Meeting, Meeting.id == MeetingRating.meeting_id)
        .where(
            MeetingRating.kind == RatingKind.self_rating,
            MeetingRating.status == RatingStatus.final,
            Meeting.unit_id.in_(cell_ids),
            Meeting.period_year == period.year,
            Meeting.period_month.between(period.months[0], period.months[-1]),
            Meeting.meeting_type.in_(sorted(types)),
            Meeting.status.in_(HELD),
        )
        .group_by(Meeting.unit_id, Meeting.meeting_type)
    )
    result: dict[tuple[int, str], _Group] = {}
    for unit_id, meeting_type, rated, total, *per_level in (await session.execute(query)).all():
        counts = LevelCounts(
            **{code: int(n) for code, n in zip(LEVEL_ORDER, per_level, strict=True)}
        )
        result[(unit_id, MeetingType(meeting_type).value)] = _Group(
            int(rated), exact_sum(total), counts
        )
    return result


@dataclass(frozen=True)
class _MeetingRow:
    id: int
    unit_id: int
    type: MeetingType
    status: MeetingStatus
    month: int
    title: str
    day: date
    rating_status: RatingStatus | None
    total: float | None
    level: Level | None


async def _meetings(
    session: AsyncSession, cell_ids: list[int], period: Period, types: set[str]
) -> dict[int, list[_MeetingRow]]:
    """The cells' meetings of the period (regular ones and the rule's types), each with the
    status and score of its self-rating. One query for all cells."""
    query = (
        select(
            Meeting.id,
            Meeting.unit_id,
            Meeting.meeting_type,
            Meeting.status,
            Meeting.period_month,
            Meeting.title,
            Meeting.planned_start,
            Meeting.actual_start,
            MeetingRating.status,
            func.coalesce(MeetingRating.approved_total, MeetingRating.self_total),
            func.coalesce(MeetingRating.approved_level, MeetingRating.self_level),
        )
        .outerjoin(
            MeetingRating,
            and_(
                MeetingRating.meeting_id == Meeting.id,
                MeetingRating.kind == RatingKind.self_rating,
            ),
        )
        .where(
            Meeting.unit_id.in_(cell_ids),
            Meeting.period_year == period.year,
            Meeting.period_month.between(period.months[0], period.months[-1]),
            Meeting.meeting_type.in_(sorted(types | {MeetingType.regular.value})),
        )
        .order_by(Meeting.unit_id, Meeting.period_month, Meeting.planned_start, Meeting.id)
    )
    result: dict[int, list[_MeetingRow]] = defaultdict(list)
    for row in (await session.execute(query)).all():
        (mid, unit_id, mtype, mstatus, month, title, planned, actual, rstatus, total, level) = row
        result[unit_id].append(
            _MeetingRow(
                id=mid,
                unit_id=unit_id,
                type=MeetingType(mtype),
                status=MeetingStatus(mstatus),
                month=month,
                title=title,
                day=vietnam_date(_aware(actual or planned)),
                rating_status=RatingStatus(rstatus) if rstatus is not None else None,
                total=float(total) if total is not None else None,
                level=Level(level) if level is not None else None,
            )
        )
    return result


def _aware(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def _unrated(row: _MeetingRow) -> MissingMeeting:
    return MissingMeeting(
        month=row.month,
        meeting_type=row.type,
        meeting_id=row.id,
        title=row.title,
        reason="not_rated" if row.rating_status is None else "rating_not_final",
        counts_as_missed=False,
        rating_status=row.rating_status,
    )


def _rated(row: _MeetingRow) -> RatedMeeting:
    assert row.total is not None and row.level is not None
    return RatedMeeting(
        meeting_id=row.id,
        month=row.month,
        meeting_type=row.type,
        day=row.day,
        title=row.title,
        total=row.total,
        level=row.level,
    )


def due_months(cell: Unit, period: Period, now: date) -> list[int]:
    archived = vietnam_date(cell.archived_at) if cell.archived_at and not cell.active else None
    return [
        m
        for m in period.months
        if date(period.year, m, 1) <= now
        and (archived is None or date(period.year, m, 1) <= archived)
    ]


def _cell_rollup(
    cell: Unit,
    period: Period,
    rule_in_force: RuleInForce,
    meetings: list[_MeetingRow],
    groups: dict[tuple[int, str], _Group],
    now: date,
) -> tuple[CellRollup, Decimal]:
    definition = rule_in_force.definition
    types = set(definition.meeting_types)
    result = CellRollup(unit_id=cell.id, unit_name=cell.name, rule_id=rule_in_force.row.id)
    scores_sum = Decimal(0)
    for meeting_type in types:
        group = groups.get((cell.id, meeting_type))
        if group is not None:
            result.rated += group.rated
            scores_sum += group.scores_sum
            result.level_counts.add(group.counts)
    if "regular" in types:
        for month in due_months(cell, period, now):
            regular = [r for r in meetings if r.type is MeetingType.regular and r.month == month]
            held = next((r for r in regular if r.status in HELD), None)
            result.due += 1
            if held is not None:
                result.regular_held += 1
                if held.rating_status is RatingStatus.final and held.total is not None:
                    result.rated_meetings.append(_rated(held))
                else:
                    result.missing.append(_unrated(held))
                continue
            month_over = now >= _month_after(period.year, month)
            planned = next((r for r in regular if r.status is not MeetingStatus.cancelled), None)
            cancelled = next((r for r in regular if r.status is MeetingStatus.cancelled), None)
            other = planned or cancelled
            reason: MissingReason
            if not month_over:
                reason = "not_held_yet"
            elif planned is not None:
                reason = "not_held"
            elif cancelled is not None:
                reason = "cancelled"
            else:
                reason = "no_meeting"
            result.missing.append(
                MissingMeeting(
                    month=month,
                    meeting_type=MeetingType.regular,
                    meeting_id=other.id if other else None,
                    title=other.title if other else None,
                    reason=reason,
                    counts_as_missed=month_over,
                )
            )
            result.missed += int(month_over)
    result.held = result.regular_held
    for row in meetings:
        if row.type is MeetingType.regular or row.type.value not in types:
            continue
        if row.status not in HELD:
            continue
        result.held += 1
        if row.rating_status is RatingStatus.final and row.total is not None:
            result.rated_meetings.append(_rated(row))
        else:
            result.missing.append(_unrated(row))
    result.missing.sort(key=lambda m: (m.month, m.meeting_type.value, m.meeting_id or 0))
    result.rated_meetings.sort(key=lambda m: (m.day, m.meeting_id))
    result.missing_count = len(result.missing)
    _finish(result, definition, scores_sum)
    return result, scores_sum


async def cells_under(session: AsyncSession, root: Unit, period: Period) -> list[Unit]:
    """The cells of the unit's subtree (the unit itself if a cell): active ones, and those
    archived only after the period began. Ordered by name."""
    since = _day_start_utc(period.start)
    query = select(Unit).where(
        Unit.path.like(f"{root.path}%"),
        Unit.kind == UnitKind.cell,
        or_(Unit.active.is_(True), Unit.archived_at >= since),
    )
    cells = list((await session.scalars(query)).all())
    cells.sort(key=lambda u: (fold(u.name), u.name, u.id))
    return cells


async def roll_up_cells(
    session: AsyncSession,
    cells: list[Unit],
    period: Period,
    rules: dict[int, RuleInForce],
) -> tuple[list[CellRollup], dict[int, Decimal]]:
    """Roll-ups of the cells (rules: the rule in force for each cell) and each cell's sum of
    final scores. Two queries whatever the number of cells. Other packages call this
    (the annual review takes a cell's year from it)."""
    if not cells:
        return [], {}
    types: set[str] = {str(t) for c in cells for t in rules[c.id].definition.meeting_types}
    ids = [c.id for c in cells]
    groups = await _rating_aggregates(session, ids, period, types)
    meetings = await _meetings(session, ids, period, types)
    now = today()
    results: list[CellRollup] = []
    sums: dict[int, Decimal] = {}
    for cell in cells:
        rollup, scores_sum = _cell_rollup(
            cell, period, rules[cell.id], meetings.get(cell.id, []), groups, now
        )
        results.append(rollup)
        sums[cell.id] = scores_sum
    return results, sums


def _aggregate(
    cells: list[CellRollup], sums: dict[int, Decimal], definition: RollupRuleDefinition
) -> RollupFigures:
    total = RollupFigures()
    for cell in cells:
        for field in ("due", "held", "regular_held", "rated", "missed", "missing_count"):
            setattr(total, field, getattr(total, field) + getattr(cell, field))
        total.level_counts.add(cell.level_counts)
    _finish(total, definition, sum(sums.values(), Decimal(0)))
    return total


class RollupService:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.units = UnitRepository(session)

    async def _unit(self, principal: Principal, unit_id: int) -> Unit:
        unit = await self.units.get_readable(principal, unit_id)
        if unit is None:
            raise NotFound()
        if unit.kind is UnitKind.group:
            raise rule(
                "unit_not_rollable",
                "Roll-ups are for cells and committees, not groups.",
                "Chỉ tổng hợp xếp loại cho chi bộ và đảng bộ, không cho tổ đảng.",
            )
        return unit

    async def rollup(
        self, principal: Principal, unit_id: int, period: Period
    ) -> tuple[Unit, RuleInForce, list[CellRollup], RollupFigures]:
        unit = await self._unit(principal, unit_id)
        cells = await cells_under(self.session, unit, period)
        rules = await rules_in_force(self.session, [unit, *cells], period.end)
        rows, sums = await roll_up_cells(self.session, cells, period, rules)
        return unit, rules[unit.id], rows, _aggregate(rows, sums, rules[unit.id].definition)

    async def effective_rule(self, principal: Principal, unit_id: int, on: date) -> RollupRule:
        unit = await self.units.get_readable(principal, unit_id)
        if unit is None:
            raise NotFound()
        return (await rules_in_force(self.session, [unit], on))[unit.id].row

    async def add_rule(self, principal: Principal, data: RollupRuleCreate) -> RollupRule:
        """Committees set the rule for their subtree; administrators the province default."""
        unit: Unit | None = None
        if data.unit_id is None:
            if not principal.is_admin:
                raise Forbidden()
        else:
            unit = await self.units.get_readable(principal, data.unit_id)
            if unit is None:
                raise NotFound()
            if principal.role not in COMMITTEE_ROLES or unit.kind in (
                UnitKind.cell,
                UnitKind.group,
            ):
                raise Forbidden()
        scope_key = str(unit.id) if unit else "default"
        latest = await self.session.scalar(
            select(func.coalesce(func.max(RollupRule.version_number), 0)).where(
                RollupRule.scope_key == scope_key
            )
        )
        row = RollupRule(
            unit_id=unit.id if unit else None,
            scope_key=scope_key,
            version_number=int(latest or 0) + 1,
            effective_from=data.effective_from,
            rule=data.rule.model_dump(mode="json"),
            source_note=data.source_note,
            created_by_user_id=principal.user_id,
        )
        self.session.add(row)
        try:
            async with self.session.begin_nested():
                await self.session.flush()
        except IntegrityError as exc:
            raise conflict(
                "rollup_rule_version_taken",
                "Someone loaded a version of this rule at the same time; try again.",
                "Một phiên bản quy tắc vừa được nạp cùng lúc; vui lòng thử lại.",
            ) from exc
        record(
            self.session,
            principal,
            action="rollup_rule.create",
            entity=row,
            unit_path=unit.path if unit else None,
        )
        return row


def _period_read(period: Period) -> PeriodRead:
    return PeriodRead(
        kind=period.kind,
        year=period.year,
        number=period.number,
        start=period.start,
        end=period.end,
        label=period.label,
    )


def ranking_rows(cells: list[CellRollup]) -> list[RankingRow]:
    """Cells by average (highest first; ties by name); equal averages share a rank."""
    ordered = sorted(
        cells,
        key=lambda c: (c.average is None, -(c.average or 0), fold(c.unit_name), c.unit_name),
    )
    rows: list[RankingRow] = []
    for position, cell in enumerate(ordered, start=1):
        rank: int | None = None
        if cell.average is not None:
            same = next((r for r in rows if r.average == cell.average), None)
            rank = same.rank if same is not None else position
        rows.append(
            RankingRow(
                rank=rank,
                unit_id=cell.unit_id,
                unit_name=cell.unit_name,
                average=cell.average,
                rated_average=cell.rated_average,
                level=cell.level,
                level_counts=cell.level_counts,
                due=cell.due,
                held=cell.held,
                rated=cell.rated,
                missed=cell.missed,
                missing_count=cell.missing_count,
            )
        )
    return rows


# -- API --------------------------------------------------------------------------------------

PeriodParam = Annotated[PeriodKind, Query(description="month, quarter or year")]
YearParam = Annotated[int, Query(ge=1990, le=2100)]
NumberParam = Annotated[
    int | None, Query(ge=1, le=12, description="Month 1–12 or quarter 1–4; none for a year")
]


@router.get(
    "/units/{unit_id}/rating-rollup",
    response_model=RollupRead,
    summary="Meeting ratings rolled up per cell (and for a committee, over its cells)",
)
async def get_rollup(
    unit_id: int,
    session: SessionDep,
    principal: CurrentPrincipal,
    period: PeriodParam,
    year: YearParam,
    number: NumberParam = None,
) -> RollupRead:
    parsed = Period.parse(period, year, number)
    unit, rule_in_force, cells, aggregate = await RollupService(session).rollup(
        principal, unit_id, parsed
    )
    by_level: dict[str, int] = {code: 0 for code in reversed(LEVEL_ORDER)} | {"none": 0}
    for cell in cells:
        by_level[cell.level.value if cell.level else "none"] += 1
    return RollupRead(
        unit_id=unit.id,
        unit_name=unit.name,
        unit_kind=unit.kind,
        period=_period_read(parsed),
        rule=RuleRef.model_validate(rule_in_force.row),
        cells=cells,
        aggregate=aggregate,
        cells_by_level=by_level,
    )


@router.get(
    "/units/{unit_id}/ranking",
    response_model=RankingRead,
    summary="The cells of a committee ranked by their roll-up for a period",
)
async def get_ranking(
    unit_id: int,
    session: SessionDep,
    principal: CurrentPrincipal,
    period: PeriodParam,
    year: YearParam,
    number: NumberParam = None,
) -> RankingRead:
    parsed = Period.parse(period, year, number)
    unit, rule_in_force, cells, _ = await RollupService(session).rollup(principal, unit_id, parsed)
    return RankingRead(
        unit_id=unit.id,
        unit_name=unit.name,
        period=_period_read(parsed),
        rule=RuleRef.model_validate(rule_in_force.row),
        rows=ranking_rows(cells),
    )


@router.get(
    "/rollup-rules",
    response_model=RollupRuleRead,
    summary="The roll-up rule in force for a unit (default: your own unit)",
)
async def effective_rollup_rule(
    session: SessionDep,
    principal: CurrentPrincipal,
    unit_id: int | None = None,
    on: Annotated[date | None, Query(description="Default: today")] = None,
) -> RollupRuleRead:
    row = await RollupService(session).effective_rule(
        principal, unit_id or principal.unit_id, on or today()
    )
    return _rule_read(row)


@router.post(
    "/rollup-rules",
    response_model=RollupRuleRead,
    status_code=status.HTTP_201_CREATED,
    summary="Load a new version of the roll-up rule for a committee's subtree (or the province)",
)
async def add_rollup_rule(
    data: RollupRuleCreate, session: SessionDep, principal: CurrentPrincipal
) -> RollupRuleRead:
    return _rule_read(await RollupService(session).add_rule(principal, data))


def _rule_read(row: RollupRule) -> RollupRuleRead:
    data: dict[str, Any] = {
        "id": row.id,
        "unit_id": row.unit_id,
        "scope_key": row.scope_key,
        "version_number": row.version_number,
        "effective_from": row.effective_from,
        "rule": RollupRuleDefinition.model_validate(row.rule),
        "source_note": row.source_note,
        "created_at": row.created_at,
    }
    return RollupRuleRead.model_validate(data)
