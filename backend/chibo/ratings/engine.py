"""Scoring a meeting on a sheet: computed items from facts, judged items from the scorer,
the total, the level from the thresholds, and the caps that hold the level down.

Pure functions: no database, so worked examples test them exactly.

Points are Decimal throughout: the total is the exact sum, never rounded, and the level is
chosen on it (89.996 is Khá, not Tốt). Judged points keep to the sheet's step."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer

from chibo.ratings.sheet import LEVEL_ORDER, Cap, Item, SheetDefinition, points_number

ZERO = Decimal(0)


def as_points(value: Any) -> Decimal:
    """Points read back from JSON (a number or a string) as the exact decimal they print as."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise TypeError(f"not a point value: {value!r}")
    return Decimal(str(value))


def points_json(items: Iterable["ItemResult"]) -> dict[str, float]:
    """Points per item as stored in JSON (numbers that read back exactly with as_points)."""
    return {r.code: points_number(r.points) for r in items}


@dataclass(frozen=True)
class FactValue:
    value: float | bool | None
    source: str  # where it came from, for the scorer to see


def _optional_number(value: Decimal | None) -> float | None:
    return None if value is None else points_number(value)


class JudgedEntry(BaseModel):
    """What the scorer enters for a judged item (or a computed one whose fact is missing)."""

    model_config = ConfigDict(extra="forbid")

    points: Annotated[
        Decimal | None,
        Field(ge=0, max_digits=12),
        PlainSerializer(_optional_number, return_type=float | None),
    ] = None
    choice: str | None = None
    yes: bool | None = None
    note: str | None = Field(None, max_length=2000)


@dataclass(frozen=True)
class ItemResult:
    code: str
    title: str
    criterion: str
    max_points: Decimal
    points: Decimal
    computed: bool
    value: float | bool | None
    source: str | None
    note: str | None


@dataclass(frozen=True)
class ScoreProblem:
    item: str
    code: str
    message_en: str
    message_vi: str


@dataclass(frozen=True)
class CapApplied:
    """A cap that held the level down: which, to what level, why (the sheet's note), and the
    fact that set it off, with its value and where it came from."""

    code: str
    max_level: str
    note: str | None
    fact: str
    value: float | bool | None
    source: str | None


@dataclass
class SheetResult:
    items: list[ItemResult]
    total: Decimal
    level_by_points: str
    level: str
    caps_applied: list[str]
    problems: list[ScoreProblem] = field(default_factory=list)
    caps: list[CapApplied] = field(default_factory=list)


def caps_holding(
    sheet: SheetDefinition, facts: dict[str, FactValue], level_by_points: str
) -> tuple[str, list[CapApplied]]:
    """The level after the sheet's caps, and every cap that holds it below the level the
    points give, in the sheet's order (a short meeting with an unexcused absence lists both)."""
    level, applied = level_by_points, []
    for cap in sheet.caps:
        fact = facts.get(cap.when.fact)
        if (
            fact is not None
            and cap.when.holds(fact.value)
            and _above(level_by_points, cap.max_level)
        ):
            applied.append(_applied(cap, fact))
            if _above(level, cap.max_level):
                level = cap.max_level
    return level, applied


def _applied(cap: Cap, fact: FactValue) -> CapApplied:
    return CapApplied(cap.code, cap.max_level, cap.note, cap.when.fact, fact.value, fact.source)


def score(
    sheet: SheetDefinition, facts: dict[str, FactValue], entries: dict[str, JudgedEntry]
) -> SheetResult:
    results: list[ItemResult] = []
    problems: list[ScoreProblem] = []
    known = {item.code for item in sheet.items()}
    for code in sorted(set(entries) - known):
        problems.append(
            ScoreProblem(
                code,
                "unknown_item",
                f"The sheet has no item {code}.",
                f"Phiếu không có mục {code}.",
            )
        )
    for criterion in sheet.criteria:
        for item in criterion.items:
            fact = facts.get(item.fact) if item.fact else None
            value = fact.value if fact else None
            entry = entries.get(item.code)
            if item.source == "computed" and value is not None:
                points = _overridden(item, facts, _computed_points(item, value))
                results.append(
                    ItemResult(
                        item.code,
                        item.title,
                        criterion.code,
                        item.max_points,
                        points,
                        True,
                        value,
                        fact.source if fact else None,
                        entry.note if entry else None,
                    )
                )
                continue
            points, problem = _judged_points(sheet, item, entry)
            if problem:
                problems.append(problem)
            results.append(
                ItemResult(
                    item.code,
                    item.title,
                    criterion.code,
                    item.max_points,
                    points,
                    False,
                    value,
                    fact.source if fact else None,
                    entry.note if entry else None,
                )
            )
    total = sum((r.points for r in results), ZERO)  # exact: never rounded before banding
    by_points = sheet.level_for(total)
    level, caps = caps_holding(sheet, facts, by_points)
    return SheetResult(results, total, by_points, level, [c.code for c in caps], problems, caps)


def _above(level: str, other: str) -> bool:
    return LEVEL_ORDER.index(level) > LEVEL_ORDER.index(other)


def _computed_points(item: Item, value: float | bool) -> Decimal:
    if item.mode == "yes_no":
        yes = item.yes_points if item.yes_points is not None else item.max_points
        return yes if bool(value) else item.no_points
    number = float(value)
    for band in item.bands:
        if band.contains(number):
            return band.points
    return ZERO  # the sheet validator guarantees coverage of the fact's range


def _overridden(item: Item, facts: dict[str, FactValue], points: Decimal) -> Decimal:
    for override in item.overrides:
        fact = facts.get(override.when.fact)
        if fact is not None and override.when.holds(fact.value):
            return override.points
    return points


def _judged_points(
    sheet: SheetDefinition, item: Item, entry: JudgedEntry | None
) -> tuple[Decimal, ScoreProblem | None]:
    if entry is None:
        return ZERO, ScoreProblem(
            item.code, "item_not_scored", f"Score item {item.code}.", f"Chưa chấm mục {item.code}."
        )
    if item.mode == "choice":
        choice = next((c for c in item.choices if c.code == entry.choice), None)
        if choice is None:
            return ZERO, ScoreProblem(
                item.code,
                "unknown_choice",
                "Pick one of the choices.",
                "Hãy chọn một trong các phương án.",
            )
        points = choice.points
    elif item.mode == "yes_no" and entry.yes is not None:
        yes = item.yes_points if item.yes_points is not None else item.max_points
        points = yes if entry.yes else item.no_points
    else:
        if entry.points is None:
            return ZERO, ScoreProblem(
                item.code,
                "item_not_scored",
                f"Score item {item.code}.",
                f"Chưa chấm mục {item.code}.",
            )
        points = entry.points
        if not sheet.on_step(points):
            step = sheet.points_step
            return ZERO, ScoreProblem(
                item.code,
                "points_off_step",
                f"Points on item {item.code} go in steps of {step:g} (not {points:g}).",
                f"Điểm mục {item.code} chấm theo bước {_vi(step)} điểm (không nhận {_vi(points)}).",
            )
    if points > item.max_points:
        return ZERO, ScoreProblem(
            item.code,
            "score_above_max",
            f"Item {item.code} allows at most {item.max_points:g} points.",
            f"Mục {item.code} tối đa {item.max_points:g} điểm.",
        )
    if points < item.max_points and not (entry.note and entry.note.strip()):
        return points, ScoreProblem(
            item.code,
            "deduction_needs_note",
            f"Say why points are deducted on item {item.code}.",
            f"Cần ghi lý do trừ điểm ở mục {item.code}.",
        )
    return points, None


def _vi(value: Decimal) -> str:
    """A number as Vietnamese writes it (decimal comma)."""
    return f"{value:g}".replace(".", ",")
