"""Rating sheets as data: criteria, items, scoring modes, levels and level caps.

A sheet is JSON (or YAML) an administrator loads as a new version; it is validated here so
that a malformed or inconsistent sheet is refused with errors a person can act on: points
that do not add up, bands with gaps or overlaps, unknown facts, caps naming unknown levels.

Points are Decimal (at most 3 decimal places), never float: totals are added exactly and the
level is chosen on the exact total. They travel as JSON numbers (a short decimal's float repr
reads back as the same decimal). Judged points keep to the sheet's step (`points_step`,
default 0.5).
"""

from decimal import Decimal
from itertools import pairwise
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    StringConstraints,
    model_validator,
)

from chibo.ratings.facts import FACTS, FactKind

Code = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_.-]{0,63}$")]
Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]


def points_number(value: Decimal) -> float:
    """A point value as a JSON number: its float prints as the same short decimal."""
    return float(value)


# Points as data: exact decimals with at most 3 places, written to JSON as numbers.
Points = Annotated[
    Decimal,
    Field(ge=0, le=1000, decimal_places=3),
    PlainSerializer(points_number, return_type=float),
]
Step = Annotated[
    Decimal,
    Field(gt=0, le=100, decimal_places=3),
    PlainSerializer(points_number, return_type=float),
]
DEFAULT_STEP = Decimal("0.5")


class SheetProblems(ValueError):
    """A well-formed sheet that does not hold together; `problems` lists what is wrong, in
    words (pydantic keeps the exception in the error's `ctx["error"]`)."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Band(_Strict):
    """Points for a measured value in [min, max) by default; `min_inclusive` and
    `max_inclusive` say which edge belongs to the band. Null min/max: unbounded."""

    min: float | None = None
    max: float | None = None
    min_inclusive: bool = True
    max_inclusive: bool = False
    points: Points

    def contains(self, value: float) -> bool:
        if self.min is not None and (
            value < self.min or (value == self.min and not self.min_inclusive)
        ):
            return False
        return not (
            self.max is not None
            and (value > self.max or (value == self.max and not self.max_inclusive))
        )


class Choice(_Strict):
    code: Code
    label: Title
    points: Points


class Condition(_Strict):
    fact: str
    op: Literal[">", ">=", "<", "<=", "==", "!=", "is_true", "is_false"]
    value: float | None = None

    def holds(self, value: float | bool | None) -> bool:
        if value is None:
            return False
        if self.op == "is_true":
            return bool(value)
        if self.op == "is_false":
            return not bool(value)
        assert self.value is not None
        number = float(value)
        return {
            ">": number > self.value,
            ">=": number >= self.value,
            "<": number < self.value,
            "<=": number <= self.value,
            "==": number == self.value,
            "!=": number != self.value,
        }[self.op]


class Override(_Strict):
    """Points that replace the item's result when the condition holds (e.g. any unexcused
    absence: attendance scores 1 whatever the rate)."""

    when: Condition
    points: Points


class Item(_Strict):
    code: Code
    title: Title
    max_points: Points
    mode: Literal["bands", "yes_no", "choice", "number"]
    source: Literal["computed", "judged"]
    fact: str | None = None  # computed items: which fact; judged items may show one as a hint
    bands: list[Band] = Field(default_factory=list)
    choices: list[Choice] = Field(default_factory=list)
    yes_points: Points | None = None  # yes_no: default max_points
    no_points: Points = Decimal(0)
    overrides: list[Override] = Field(default_factory=list)
    # Computed item whose fact is unknown for a meeting: the scorer judges it instead.
    judge_when_missing: bool = True
    hint: str | None = None
    # Where the item's points (its bands) come from; "no source" is said in words.
    source_note: str | None = Field(None, max_length=2000)


class Criterion(_Strict):
    code: Code
    title: Title
    max_points: Points
    items: list[Item] = Field(min_length=1)


class Level(_Strict):
    code: Literal["good", "fair", "average", "poor"]
    name: Title
    min_points: Points


class Cap(_Strict):
    """Whatever the points, the level is at most `max_level` when the condition holds; `note`
    says why (the rule and its source), shown wherever the cap applied."""

    code: Code
    when: Condition
    max_level: Literal["good", "fair", "average", "poor"]
    note: str | None = None


class SheetDefinition(_Strict):
    code: Code
    name: Title
    meeting_types: list[Literal["regular", "thematic", "extraordinary", "committee"]] = Field(
        min_length=1
    )
    total_points: Points = Decimal(100)
    levels: list[Level] = Field(min_length=2)
    criteria: list[Criterion] = Field(min_length=1)
    caps: list[Cap] = Field(default_factory=list)
    # Judged points are multiples of this step (the scorer's 4.5 of 5; never 4.3).
    points_step: Step = DEFAULT_STEP
    source_note: str | None = None
    # What the sheet's parts rest on, and which have no published source.
    notes: list[Annotated[str, StringConstraints(max_length=2000)]] = Field(
        default_factory=list, max_length=50
    )

    @model_validator(mode="after")
    def _consistent(self) -> "SheetDefinition":
        problems = sheet_problems(self)
        if problems:
            raise SheetProblems(problems)
        return self

    def items(self) -> list[Item]:
        return [item for criterion in self.criteria for item in criterion.items]

    def level_for(self, points: Decimal) -> str:
        """The level of an exact total (89.996 is below 90: never rounded first)."""
        for level in sorted(self.levels, key=lambda lv: -lv.min_points):
            if points >= level.min_points:
                return level.code
        return self.levels[-1].code

    def on_step(self, points: Decimal) -> bool:
        return points % self.points_step == 0


LEVEL_ORDER = ["poor", "average", "fair", "good"]


def sheet_problems(sheet: SheetDefinition) -> list[str]:
    """Everything wrong with a sheet, in words (empty when it is consistent)."""
    problems: list[str] = []
    total = sum((c.max_points for c in sheet.criteria), Decimal(0))
    if total != sheet.total_points:
        problems.append(f"criteria add up to {total:g}, not {sheet.total_points:g}")
    codes: set[str] = set()
    for criterion in sheet.criteria:
        item_sum = sum((i.max_points for i in criterion.items), Decimal(0))
        if item_sum != criterion.max_points:
            problems.append(
                f"criterion {criterion.code}: items add up to {item_sum:g}, "
                f"not {criterion.max_points:g}"
            )
        for item in criterion.items:
            if item.code in codes:
                problems.append(f"item code {item.code} is used twice")
            codes.add(item.code)
            problems += [f"item {item.code}: {p}" for p in _item_problems(item)]
            if item.mode == "number" and item.max_points % sheet.points_step != 0:
                problems.append(
                    f"item {item.code}: max_points {item.max_points:g} is not a multiple of "
                    f"the step {sheet.points_step:g}"
                )
    level_codes = [lv.code for lv in sheet.levels]
    if len(set(level_codes)) != len(level_codes):
        problems.append("a level is listed twice")
    thresholds = sorted((lv.min_points for lv in sheet.levels), reverse=True)
    if thresholds and thresholds[-1] != 0:
        problems.append("the lowest level must start at 0 points")
    if len(set(thresholds)) != len(thresholds):
        problems.append("two levels have the same threshold")
    ordered = sorted(sheet.levels, key=lambda lv: lv.min_points)
    if [lv.code for lv in ordered] != [c for c in LEVEL_ORDER if c in level_codes]:
        problems.append("level thresholds must rise from poor to average, fair, good")
    if any(lv.min_points > sheet.total_points for lv in sheet.levels):
        problems.append("a level threshold is above the total points")
    for cap in sheet.caps:
        if cap.max_level not in level_codes:
            problems.append(f"cap {cap.code}: unknown level {cap.max_level}")
        problems += [f"cap {cap.code}: {p}" for p in _condition_problems(cap.when)]
    return problems


def _item_problems(item: Item) -> list[str]:
    problems: list[str] = []
    if item.source == "computed" and item.fact is None:
        problems.append("a computed item names the fact it is computed from")
    if item.fact is not None and item.fact not in FACTS:
        problems.append(f"unknown fact {item.fact}")
    if item.source == "computed" and item.mode in ("number", "choice"):
        problems.append(f"mode {item.mode} is for judged items")
    if item.mode == "bands":
        problems += _band_problems(item)
    if item.mode == "yes_no":
        if (item.yes_points if item.yes_points is not None else item.max_points) > item.max_points:
            problems.append("yes_points above max_points")
        if item.fact and item.source == "computed" and FACTS[item.fact].kind is not FactKind.flag:
            problems.append(f"yes_no needs a yes/no fact; {item.fact} is a number")
    if item.mode == "choice":
        if not item.choices:
            problems.append("a choice item lists its choices")
        if any(c.points > item.max_points for c in item.choices):
            problems.append("a choice gives more than max_points")
    for override in item.overrides:
        if override.points > item.max_points:
            problems.append("an override gives more than max_points")
        problems += _condition_problems(override.when)
    return problems


def _band_problems(item: Item) -> list[str]:
    if not item.bands:
        return ["a bands item lists its bands"]
    if item.fact is None or item.fact not in FACTS:
        return []
    fact = FACTS[item.fact]
    if fact.kind is FactKind.flag:
        return [f"bands need a number; {item.fact} is yes/no"]
    problems = []
    if any(b.points > item.max_points for b in item.bands):
        problems.append("a band gives more than max_points")
    if max(b.points for b in item.bands) != item.max_points:
        problems.append("no band reaches max_points")
    bands = sorted(item.bands, key=lambda b: float("-inf") if b.min is None else b.min)
    first, last = bands[0], bands[-1]
    if not _covers_low(first, fact.minimum):
        problems.append(f"bands leave values from {fact.minimum:g} uncovered (a gap at the bottom)")
    if not _covers_high(last, fact.maximum):
        top = "any value" if fact.maximum is None else f"{fact.maximum:g}"
        problems.append(f"bands do not reach {top} (a gap at the top)")
    for low, high in pairwise(bands):
        if low.max is None or high.min is None:
            problems.append("an unbounded band overlaps another")
        elif low.max < high.min:
            problems.append(f"gap between {low.max:g} and {high.min:g}")
        elif low.max > high.min:
            problems.append(f"bands overlap between {high.min:g} and {low.max:g}")
        elif low.max_inclusive and high.min_inclusive:
            problems.append(f"both bands claim {low.max:g} (overlap)")
        elif not low.max_inclusive and not high.min_inclusive:
            problems.append(f"no band claims {low.max:g} (gap)")
    return problems


def _covers_low(band: Band, minimum: float | None) -> bool:
    if band.min is None:
        return True
    return minimum is not None and (
        band.min < minimum or (band.min == minimum and band.min_inclusive)
    )


def _covers_high(band: Band, maximum: float | None) -> bool:
    if band.max is None:
        return True
    return maximum is not None and (
        band.max > maximum or (band.max == maximum and band.max_inclusive)
    )


def _condition_problems(condition: Condition) -> list[str]:
    if condition.fact not in FACTS:
        return [f"unknown fact {condition.fact}"]
    if condition.op in ("is_true", "is_false"):
        return [] if condition.value is None else ["is_true/is_false take no value"]
    return [] if condition.value is not None else [f"{condition.op} needs a value"]
