"""Scoring a meeting on a sheet: computed items from facts, judged items from the scorer,
the total, the level from the thresholds, and the caps that hold the level down.

Pure functions: no database, so worked examples test them exactly."""

from dataclasses import dataclass, field

from pydantic import BaseModel, ConfigDict, Field

from chibo.ratings.sheet import LEVEL_ORDER, Item, SheetDefinition


@dataclass(frozen=True)
class FactValue:
    value: float | bool | None
    source: str  # where it came from, for the scorer to see


class JudgedEntry(BaseModel):
    """What the scorer enters for a judged item (or a computed one whose fact is missing)."""

    model_config = ConfigDict(extra="forbid")

    points: float | None = Field(None, ge=0)
    choice: str | None = None
    yes: bool | None = None
    note: str | None = Field(None, max_length=2000)


@dataclass(frozen=True)
class ItemResult:
    code: str
    title: str
    criterion: str
    max_points: float
    points: float
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


@dataclass
class SheetResult:
    items: list[ItemResult]
    total: float
    level_by_points: str
    level: str
    caps_applied: list[str]
    problems: list[ScoreProblem] = field(default_factory=list)


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
            points, problem = _judged_points(item, entry)
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
    total = round(sum(r.points for r in results), 2)
    by_points = sheet.level_for(total)
    level, caps = by_points, []
    for cap in sheet.caps:
        cap_fact = facts.get(cap.when.fact)
        if cap_fact is not None and cap.when.holds(cap_fact.value) and _above(level, cap.max_level):
            level = cap.max_level
            caps.append(cap.code)
    return SheetResult(results, total, by_points, level, caps, problems)


def _above(level: str, other: str) -> bool:
    return LEVEL_ORDER.index(level) > LEVEL_ORDER.index(other)


def _computed_points(item: Item, value: float | bool) -> float:
    if item.mode == "yes_no":
        yes = item.yes_points if item.yes_points is not None else item.max_points
        return yes if bool(value) else item.no_points
    number = float(value)
    for band in item.bands:
        if band.contains(number):
            return band.points
    return 0.0  # the sheet validator guarantees coverage of the fact's range


def _overridden(item: Item, facts: dict[str, FactValue], points: float) -> float:
    for override in item.overrides:
        fact = facts.get(override.when.fact)
        if fact is not None and override.when.holds(fact.value):
            return override.points
    return points


def _judged_points(item: Item, entry: JudgedEntry | None) -> tuple[float, ScoreProblem | None]:
    if entry is None:
        return 0.0, ScoreProblem(
            item.code, "item_not_scored", f"Score item {item.code}.", f"Chưa chấm mục {item.code}."
        )
    if item.mode == "choice":
        choice = next((c for c in item.choices if c.code == entry.choice), None)
        if choice is None:
            return 0.0, ScoreProblem(
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
            return 0.0, ScoreProblem(
                item.code,
                "item_not_scored",
                f"Score item {item.code}.",
                f"Chưa chấm mục {item.code}.",
            )
        points = entry.points
    if points > item.max_points:
        return 0.0, ScoreProblem(
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
