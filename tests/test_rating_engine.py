"""The rating engine and sheet validation, on the default QĐ 17 sheets, without a database:
band edges, overrides, caps, judged items, and refusal of inconsistent sheets."""

import copy
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from chibo.ratings.engine import FactValue, JudgedEntry, score
from chibo.ratings.sheet import SheetDefinition

SHEETS = Path(__file__).resolve().parents[1] / "backend/chibo/ratings/sheets"


def load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((SHEETS / name).read_text(encoding="utf-8"))
    return data


REGULAR = SheetDefinition.model_validate(load("qd17-regular.v1.json"))
THEMATIC = SheetDefinition.model_validate(load("qd17-thematic.v1.json"))


def facts(**values: float | bool) -> dict[str, FactValue]:
    base: dict[str, float | bool] = {
        "duration_shortfall_minutes": 0, "attendance_rate": 100, "unexcused_count": 0,
        "no_long_excused_streak": True, "committee_meeting_before": True, "notice_sent": True,
        "documents_on_time": True, "draft_resolution_sent": True, "speaker_share": 60,
        "minutes_complete": True, "ideology_minutes": 20, "documents_posted": True,
        "previous_tasks_done_share": 100, "conclusion_adopted": True, "tasks_assigned": True,
        "minutes_final_on_time": True, "topic_registered": True,
    }  # fmt: skip
    base.update(values)
    return {k: FactValue(v, "test") for k, v in base.items()}


def full_marks(sheet: SheetDefinition) -> dict[str, JudgedEntry]:
    return {i.code: JudgedEntry(points=i.max_points) for i in sheet.items() if i.source == "judged"}


def points(sheet: SheetDefinition, item: str, **values: float | bool) -> float:
    result = score(sheet, facts(**values), full_marks(sheet))
    return next(r.points for r in result.items if r.code == item)


def test_a_perfect_meeting_scores_100_and_good() -> None:
    for sheet in (REGULAR, THEMATIC):
        result = score(sheet, facts(), full_marks(sheet))
        assert (result.total, result.level, result.problems) == (100, "good", [])


@pytest.mark.parametrize(
    ("rate", "expected"),
    [(100, 4), (90, 4), (89.99, 3), (75, 3), (74.99, 2), (65, 2), (64.99, 1), (0, 1)],
)
def test_attendance_band_edges(rate: float, expected: float) -> None:
    assert points(REGULAR, "c2.rate", attendance_rate=rate) == expected


def test_any_unexcused_absence_scores_attendance_1_and_caps_the_level() -> None:
    assert points(REGULAR, "c2.rate", attendance_rate=95, unexcused_count=1) == 1
    result = score(REGULAR, facts(attendance_rate=95, unexcused_count=1), full_marks(REGULAR))
    assert result.total == 97  # 100 - 3 points on attendance
    assert (result.level_by_points, result.level) == ("good", "fair")
    assert result.caps_applied == ["unexcused_not_good"]


@pytest.mark.parametrize(
    ("shortfall", "expected"), [(0, 5), (1, 4), (9.5, 4), (10, 3), (20, 2), (29, 2), (30, 1)]
)
def test_duration_edges(shortfall: float, expected: float) -> None:
    # 90 minutes held: shortfall 0 -> 5; 89 minutes: shortfall 1 -> 4.
    assert points(REGULAR, "c1.duration", duration_shortfall_minutes=shortfall) == expected


@pytest.mark.parametrize(
    ("share", "expected"), [(100, 5), (50.01, 5), (50, 4), (40, 4), (39.99, 3), (30, 3), (29.99, 2)]
)
def test_speaker_share_edges(share: float, expected: float) -> None:
    assert points(REGULAR, "c4.speakers", speaker_share=share) == expected


@pytest.mark.parametrize(
    ("share", "expected"),
    [(100, 30), (90, 30), (89.9, 27), (80, 27), (70, 24), (60, 20), (50, 15), (49.9, 10)],
)
def test_last_month_tasks_edges(share: float, expected: float) -> None:
    assert points(REGULAR, "c7.tasks", previous_tasks_done_share=share) == expected


@pytest.mark.parametrize(("minutes", "expected"), [(14, 0), (15, 1), (30, 1), (31, 0)])
def test_ideology_time(minutes: float, expected: float) -> None:
    assert points(REGULAR, "c4.ideology", ideology_minutes=minutes) == expected


def test_levels_at_thresholds() -> None:
    for total, level in [(90, "good"), (89.5, "fair"), (70, "fair"), (69, "average"),
                         (50, "average"), (49.5, "poor")]:  # fmt: skip
        assert REGULAR.level_for(total) == level


def test_attendance_at_85_caps_at_fair_on_the_regular_sheet() -> None:
    result = score(REGULAR, facts(attendance_rate=85), full_marks(REGULAR))
    assert result.total == 99 and result.level == "fair"
    assert result.caps_applied == ["attendance_not_good"]


def test_judged_items_need_a_note_to_deduct_and_stay_within_the_maximum() -> None:
    entries = full_marks(REGULAR)
    entries["c5.chairing"] = JudgedEntry(points=8)
    entries["c6.principles"] = JudgedEntry(points=6)
    result = score(REGULAR, facts(), entries)
    assert {(p.item, p.code) for p in result.problems} == {
        ("c5.chairing", "deduction_needs_note"),
        ("c6.principles", "score_above_max"),
    }
    entries["c5.chairing"] = JudgedEntry(points=8, note="Chưa phát huy dân chủ")
    entries["c6.principles"] = JudgedEntry(points=5)
    ok = score(REGULAR, facts(), entries)
    assert ok.problems == [] and ok.total == 98


def test_missing_fact_falls_back_to_the_scorer() -> None:
    values = facts()
    del values["previous_tasks_done_share"]  # no tasks last month
    missing = score(REGULAR, values, full_marks(REGULAR))
    assert [p.code for p in missing.problems] == ["item_not_scored"]
    entries = {**full_marks(REGULAR), "c7.tasks": JudgedEntry(points=30)}
    assert score(REGULAR, values, entries).total == 100


def _broken(change: Any) -> list[str]:
    data = copy.deepcopy(load("qd17-regular.v1.json"))
    change(data)
    with pytest.raises(ValidationError) as caught:
        SheetDefinition.model_validate(data)
    return [str(e["msg"]) for e in caught.value.errors()]


def test_inconsistent_sheets_are_refused_with_reasons() -> None:
    def more_points(d: dict[str, Any]) -> None:
        d["criteria"][0]["max_points"] = 6

    def gap(d: dict[str, Any]) -> None:
        d["criteria"][1]["items"][0]["bands"][1]["min"] = 66

    def overlap(d: dict[str, Any]) -> None:
        d["criteria"][1]["items"][0]["bands"][2]["min_inclusive"] = True
        d["criteria"][1]["items"][0]["bands"][1]["max_inclusive"] = True

    def unknown_fact(d: dict[str, Any]) -> None:
        d["criteria"][0]["items"][0]["fact"] = "moon_phase"

    def bad_levels(d: dict[str, Any]) -> None:
        d["levels"][0]["min_points"] = 60

    assert "criteria add up to 101, not 100" in _broken(more_points)[0]
    assert "gap between 65 and 66" in _broken(gap)[0]
    assert "both bands claim 75" in _broken(overlap)[0]
    assert "unknown fact moon_phase" in _broken(unknown_fact)[0]
    assert "level thresholds must rise" in _broken(bad_levels)[0]


# -- version 2: the HD 12 caps, the step, exact totals ------------------------------------

REGULAR_V2 = SheetDefinition.model_validate(load("qd17-regular.v2.json"))
THEMATIC_V2 = SheetDefinition.model_validate(load("qd17-thematic.v2.json"))


@pytest.mark.parametrize(
    ("values", "total", "caps"),
    [
        ({}, 100, []),
        ({"duration_shortfall_minutes": 1}, 99, ["duration_short_not_good"]),
        ({"committee_meeting_before": False}, 98, ["no_committee_meeting_not_good"]),
        ({"unexcused_count": 1}, 97, ["unexcused_not_good"]),
        ({"attendance_rate": 85}, 99, ["attendance_not_good"]),
        (
            {"duration_shortfall_minutes": 10, "committee_meeting_before": False,
             "unexcused_count": 2},
            93,
            ["duration_short_not_good", "no_committee_meeting_not_good", "unexcused_not_good"],
        ),
    ],
)  # fmt: skip
def test_version_2_caps_the_regular_sheet(
    values: dict[str, float | bool], total: int, caps: list[str]
) -> None:
    result = score(REGULAR_V2, facts(**values), full_marks(REGULAR_V2))
    assert (result.total, result.level_by_points) == (total, "good")
    assert result.level == ("fair" if caps else "good")
    assert result.caps_applied == caps
    assert [(c.code, c.fact, c.max_level) for c in result.caps] == [
        (c.code, c.when.fact, "fair") for c in REGULAR_V2.caps if c.code in caps
    ]
    assert all(c.note and "HD 12-HD/BTCTW" in c.note for c in result.caps)


def test_version_2_caps_the_thematic_sheet_too() -> None:
    result = score(
        THEMATIC_V2,
        facts(duration_shortfall_minutes=5, committee_meeting_before=False),
        full_marks(THEMATIC_V2),
    )
    assert (result.total, result.level_by_points, result.level) == (99, "good", "fair")
    assert result.caps_applied == ["duration_short_not_good", "no_committee_meeting_not_good"]


def test_a_cap_that_does_not_bind_is_not_listed() -> None:
    """Khá or lower by points: a cap to Khá does not hold anything down."""
    entries = {**full_marks(REGULAR_V2), "c7.tasks": JudgedEntry(points=0, note="Chưa làm")}
    values = facts(duration_shortfall_minutes=30)
    del values["previous_tasks_done_share"]
    result = score(REGULAR_V2, values, entries)
    assert (result.total, result.level, result.caps_applied) == (66, "average", [])


def test_judged_points_keep_to_the_step() -> None:
    for bad in ("4.3", "0.25", "2.9999"):
        entries = {
            **full_marks(REGULAR_V2),
            "c6.principles": JudgedEntry(points=Decimal(bad), note="Chưa"),
        }
        result = score(REGULAR_V2, facts(), entries)
        assert [(p.item, p.code) for p in result.problems] == [("c6.principles", "points_off_step")]
        assert "0,5" in result.problems[0].message_vi
    entries = {**full_marks(REGULAR_V2), "c6.principles": JudgedEntry(points=4.5, note="Chưa")}
    assert score(REGULAR_V2, facts(), entries).total == Decimal("99.5")


def test_the_total_is_exact_and_the_level_is_chosen_on_it() -> None:
    """Points in thousandths (a sheet with step 0.001): float addition of these would give
    89.99600000000001 or 89.99599999999999; rounding to 2 places would give 90, Tốt."""
    data = load("qd17-regular.v2.json")
    data["points_step"] = 0.001
    fine = SheetDefinition.model_validate(data)
    entries = {
        **full_marks(fine),
        "c4.content": JudgedEntry(points=Decimal("5.996"), note="Dàn trải"),
    }
    result = score(fine, facts(), entries)
    assert result.total == Decimal("95.996")
    entries["c5.chairing"] = JudgedEntry(points=Decimal("4"), note="Chưa rõ")
    result = score(fine, facts(), entries)
    assert (result.total, result.level_by_points) == (Decimal("89.996"), "fair")
    assert isinstance(result.total, Decimal)
    assert all(isinstance(r.points, Decimal) for r in result.items)


def test_a_sheet_keeps_points_to_three_places_and_judged_maxima_on_the_step() -> None:
    def finer(d: dict[str, Any]) -> None:
        d["criteria"][0]["items"][0]["bands"][0]["points"] = 4.9995

    def off_step(d: dict[str, Any]) -> None:
        d["points_step"] = 2

    assert "no more than 3 decimal places" in _broken(finer)[0]
    assert "item c3.content: max_points 3 is not a multiple of the step 2" in _broken(off_step)[0]
