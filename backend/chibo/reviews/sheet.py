"""Annual review sheets as data (kiểm điểm, đánh giá, xếp loại hằng năm), for cells and for
members: criteria and items with maximum points (30 general + 70 for results by default), the
four levels with their thresholds (90 / 70 / 50 / 0), the cap on the share of the top level,
and for some items the figure of the year's record that suggests their points (bands over
the figure's value).

Stored as versioned rows of `rating_sheets` (subject annual_cell / annual_member); validated
here so that an inconsistent sheet is refused with problems a person can act on. The
proposal is a pure function of the sheet and the figures.
"""

from dataclasses import dataclass
from enum import StrEnum
from itertools import pairwise
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from chibo.ratings.sheet import Band

Code = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_.-]{0,63}$")]
Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
Points = Annotated[float, Field(ge=0, le=1000)]
ReviewLevelCode = Literal["excellent", "good", "completed", "not_completed"]
Part = Literal["general", "results"]
Subject = Literal["annual_cell", "annual_member"]

# Lowest first.
REVIEW_LEVEL_ORDER: list[ReviewLevelCode] = ["not_completed", "completed", "good", "excellent"]
EPSILON = 1e-9


class FigureKind(StrEnum):
    number = "number"
    percent = "percent"
    score = "score"  # a meeting rating score, 0–100
    level = "level"  # a level code (text): shown, never scored


@dataclass(frozen=True)
class FigureSpec:
    kind: FigureKind
    label_vi: str

    @property
    def minimum(self) -> float | None:
        return None if self.kind is FigureKind.level else 0

    @property
    def maximum(self) -> float | None:
        return 100 if self.kind in (FigureKind.percent, FigureKind.score) else None


# The figures the system proposes from the year's record, per subject.
FIGURES: dict[str, dict[str, FigureSpec]] = {
    "annual_member": {
        "meetings_expected": FigureSpec(FigureKind.number, "Số buổi sinh hoạt phải dự"),
        "meetings_attended": FigureSpec(FigureKind.number, "Số buổi đã dự"),
        "meetings_excused": FigureSpec(FigureKind.number, "Số buổi vắng có lý do"),
        "meetings_unexcused": FigureSpec(FigureKind.number, "Số buổi vắng không lý do"),
        "attendance_rate": FigureSpec(FigureKind.percent, "Tỷ lệ dự sinh hoạt (%)"),
        "speeches_count": FigureSpec(FigureKind.number, "Số lần phát biểu"),
        "meetings_spoken": FigureSpec(FigureKind.number, "Số buổi có phát biểu"),
        "speaking_share": FigureSpec(
            FigureKind.percent, "Tỷ lệ buổi có phát biểu trên số buổi đã dự (%)"
        ),
        "tasks_assigned": FigureSpec(FigureKind.number, "Số nhiệm vụ chi bộ giao"),
        "tasks_done": FigureSpec(FigureKind.number, "Số nhiệm vụ đã hoàn thành"),
        "tasks_done_share": FigureSpec(FigureKind.percent, "Tỷ lệ nhiệm vụ hoàn thành (%)"),
    },
    "annual_cell": {
        "regular_due": FigureSpec(FigureKind.number, "Số buổi sinh hoạt thường kỳ phải tổ chức"),
        "regular_held": FigureSpec(FigureKind.number, "Số buổi sinh hoạt thường kỳ đã tổ chức"),
        "regular_held_share": FigureSpec(
            FigureKind.percent, "Tỷ lệ buổi sinh hoạt thường kỳ đã tổ chức (%)"
        ),
        "ratings_final": FigureSpec(FigureKind.number, "Số buổi đã xếp loại chất lượng chính thức"),
        "rating_average": FigureSpec(
            FigureKind.score, "Điểm bình quân xếp loại chất lượng sinh hoạt"
        ),
        "ratings_good": FigureSpec(FigureKind.number, "Số buổi xếp loại Tốt"),
        "ratings_fair": FigureSpec(FigureKind.number, "Số buổi xếp loại Khá"),
        "ratings_average": FigureSpec(FigureKind.number, "Số buổi xếp loại Trung bình"),
        "ratings_poor": FigureSpec(FigureKind.number, "Số buổi xếp loại Kém"),
        "rating_level": FigureSpec(FigureKind.level, "Xếp loại chất lượng sinh hoạt cả năm"),
        "thematic_held": FigureSpec(FigureKind.number, "Số buổi sinh hoạt chuyên đề đã tổ chức"),
        "thematic_required": FigureSpec(FigureKind.number, "Số buổi sinh hoạt chuyên đề phải có"),
        "thematic_share": FigureSpec(
            FigureKind.percent, "Tỷ lệ sinh hoạt chuyên đề đạt yêu cầu (%)"
        ),
        "tasks_assigned": FigureSpec(FigureKind.number, "Số nhiệm vụ nghị quyết đề ra"),
        "tasks_done": FigureSpec(FigureKind.number, "Số nhiệm vụ đã hoàn thành"),
        "tasks_done_share": FigureSpec(FigureKind.percent, "Tỷ lệ nhiệm vụ hoàn thành (%)"),
        "members_attendance_rate": FigureSpec(
            FigureKind.percent, "Tỷ lệ đảng viên dự sinh hoạt (%)"
        ),
    },
}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Suggestion(_Strict):
    """Points suggested by a figure of the year's record: the band its value falls in."""

    figure: str
    bands: list[Band] = Field(min_length=1)


class AnnualItem(_Strict):
    code: Code
    title: Title
    max_points: Points
    suggestion: Suggestion | None = None
    # What the proposal gives an item without a figure (or whose figure is unknown for the
    # year): default its maximum, i.e. no shortcoming on record; the committee decides.
    proposed_points: Points | None = None
    hint: str | None = Field(None, max_length=1000)

    @property
    def default_points(self) -> float:
        return self.max_points if self.proposed_points is None else self.proposed_points


class AnnualCriterion(_Strict):
    code: Code
    title: Title
    part: Part
    max_points: Points
    items: list[AnnualItem] = Field(min_length=1)


class AnnualLevel(_Strict):
    code: ReviewLevelCode
    name: Title
    min_points: Points


def _default_parts() -> dict[Part, float]:
    return {"general": 30, "results": 70}


class AnnualSheetDefinition(_Strict):
    code: Code
    name: Title
    subject: Subject
    total_points: Points = 100
    parts: dict[Part, Points] = Field(default_factory=_default_parts)
    levels: list[AnnualLevel] = Field(min_length=4, max_length=4)
    criteria: list[AnnualCriterion] = Field(min_length=1)
    top_level_max_share: float = Field(
        gt=0, le=100, description="Percent of those reviewed who may reach the top level"
    )
    source_note: str | None = Field(None, max_length=4000)

    @model_validator(mode="after")
    def _consistent(self) -> "AnnualSheetDefinition":
        problems = annual_sheet_problems(self)
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def items(self) -> list[tuple[AnnualCriterion, AnnualItem]]:
        return [(c, i) for c in self.criteria for i in c.items]

    def level_for(self, points: float) -> ReviewLevelCode:
        for level in sorted(self.levels, key=lambda lv: -lv.min_points):
            if points >= level.min_points:
                return level.code
        return "not_completed"


def annual_sheet_problems(sheet: AnnualSheetDefinition) -> list[str]:
    """Everything wrong with an annual sheet, in words (empty when it is consistent)."""
    problems: list[str] = []
    total = sum(c.max_points for c in sheet.criteria)
    if abs(total - sheet.total_points) > EPSILON:
        problems.append(f"criteria add up to {total:g}, not {sheet.total_points:g}")
    if set(sheet.parts) != {"general", "results"}:
        problems.append("the sheet has two parts: general and results")
    parts_total = sum(sheet.parts.values())
    if abs(parts_total - sheet.total_points) > EPSILON:
        problems.append(f"parts add up to {parts_total:g}, not {sheet.total_points:g}")
    for part, points in sheet.parts.items():
        in_part = sum(c.max_points for c in sheet.criteria if c.part == part)
        if abs(in_part - points) > EPSILON:
            problems.append(f"part {part}: criteria add up to {in_part:g}, not {points:g}")
    codes: set[str] = set()
    figures = FIGURES[sheet.subject]
    for criterion in sheet.criteria:
        item_sum = sum(i.max_points for i in criterion.items)
        if abs(item_sum - criterion.max_points) > EPSILON:
            problems.append(
                f"criterion {criterion.code}: items add up to {item_sum:g}, "
                f"not {criterion.max_points:g}"
            )
        for item in criterion.items:
            if item.code in codes:
                problems.append(f"item code {item.code} is used twice")
            codes.add(item.code)
            if item.proposed_points is not None and item.proposed_points > item.max_points:
                problems.append(f"item {item.code}: proposed_points above max_points")
            if item.suggestion is not None:
                problems += [f"item {item.code}: {p}" for p in _suggestion_problems(item, figures)]
    level_codes = [lv.code for lv in sheet.levels]
    if sorted(level_codes) != sorted(REVIEW_LEVEL_ORDER):
        problems.append("the sheet lists each of the four levels once")
    else:
        ordered = sorted(sheet.levels, key=lambda lv: lv.min_points)
        if [lv.code for lv in ordered] != REVIEW_LEVEL_ORDER or len(
            {lv.min_points for lv in sheet.levels}
        ) != len(sheet.levels):
            problems.append(
                "level thresholds must rise from not_completed to completed, good, excellent"
            )
        if min(lv.min_points for lv in sheet.levels) != 0:
            problems.append("the lowest level must start at 0 points")
    if any(lv.min_points > sheet.total_points for lv in sheet.levels):
        problems.append("a level threshold is above the total points")
    return problems


def _suggestion_problems(item: AnnualItem, figures: dict[str, FigureSpec]) -> list[str]:
    assert item.suggestion is not None
    name = item.suggestion.figure
    spec = figures.get(name)
    if spec is None:
        return [f"unknown figure {name}"]
    if spec.kind is FigureKind.level:
        return [f"figure {name} is not a number"]
    bands = item.suggestion.bands
    problems: list[str] = []
    if any(b.points > item.max_points for b in bands):
        problems.append("a band gives more than max_points")
    ordered = sorted(bands, key=lambda b: float("-inf") if b.min is None else b.min)
    first, last = ordered[0], ordered[-1]
    low, high = spec.minimum, spec.maximum
    if first.min is not None and not (
        low is not None and (first.min < low or (first.min == low and first.min_inclusive))
    ):
        problems.append(f"bands leave values from {low:g} uncovered (a gap at the bottom)")
    if last.max is not None and not (
        high is not None and (last.max > high or (last.max == high and last.max_inclusive))
    ):
        top = "any value" if high is None else f"{high:g}"
        problems.append(f"bands do not reach {top} (a gap at the top)")
    for lower, upper in pairwise(ordered):
        if lower.max is None or upper.min is None:
            problems.append("an unbounded band overlaps another")
        elif lower.max < upper.min:
            problems.append(f"gap between {lower.max:g} and {upper.min:g}")
        elif lower.max > upper.min:
            problems.append(f"bands overlap between {upper.min:g} and {lower.max:g}")
        elif lower.max_inclusive and upper.min_inclusive:
            problems.append(f"both bands claim {lower.max:g} (overlap)")
        elif not lower.max_inclusive and not upper.min_inclusive:
            problems.append(f"no band claims {lower.max:g} (gap)")
    return problems


# -- the proposal -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProposedItem:
    code: str
    title: str
    criterion: str
    part: str
    max_points: float
    points: float
    figure: str | None
    value: Any
    from_figure: bool  # False: the item's default (judged by the committee)


@dataclass(frozen=True)
class Proposal:
    items: list[ProposedItem]
    total: float
    level: ReviewLevelCode


def propose(sheet: AnnualSheetDefinition, figures: dict[str, Any]) -> Proposal:
    """Points per item from the figures (`{name: value}`), the total and its level."""
    items: list[ProposedItem] = []
    for criterion, item in sheet.items():
        figure = item.suggestion.figure if item.suggestion else None
        value = figures.get(figure) if figure else None
        points, from_figure = item.default_points, False
        if item.suggestion is not None and isinstance(value, int | float):
            band = next((b for b in item.suggestion.bands if b.contains(float(value))), None)
            if band is not None:
                points, from_figure = float(band.points), True
        items.append(
            ProposedItem(
                code=item.code,
                title=item.title,
                criterion=criterion.code,
                part=criterion.part,
                max_points=item.max_points,
                points=points,
                figure=figure,
                value=value,
                from_figure=from_figure,
            )
        )
    total = round(sum(i.points for i in items), 2)
    return Proposal(items, total, sheet.level_for(total))
