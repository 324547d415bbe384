"""Roll-ups of meeting ratings per cell and committee, the ranking, and the roll-up rule as
data. Ratings are arranged directly (final MeetingRating rows) in 2041 and 2042, far from the
demo year; the clock is moved so that those months have begun."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import httpx
import pytest
from sqlalchemy import event, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from chibo.core.clock import travel, utcnow
from chibo.demo import seed
from chibo.meetings.models import Meeting, MeetingStatus, MeetingType
from chibo.ratings.models import Level, MeetingRating, RatingKind, RatingSheet, RatingStatus
from chibo.ratings.rollups import LevelCounts, RollupRuleDefinition, apply_rule
from tests.factories import make_meeting
from tests.helpers import error_code, unit_id

API = "/api/v1"
YEAR = 2041
NOW = datetime(YEAR, 5, 15, 3, 0, tzinfo=UTC)  # 15/5/2041 in Hà Tĩnh


async def fresh_login(client: httpx.AsyncClient, *usernames: str) -> list[dict[str, str]]:
    """Tokens are dated by the clock: sign in after moving it."""
    headers = []
    for username in usernames:
        response = await client.post(
            f"{API}/auth/login", json={"username": username, "password": seed.DEMO_PASSWORD}
        )
        assert response.status_code == 200, response.text
        headers.append({"Authorization": f"Bearer {response.json()['access_token']}"})
    return headers


@contextmanager
def clock_at(moment: datetime) -> Iterator[None]:
    with travel(moment - utcnow()):
        yield


def _level(total: float) -> Level:
    return (
        Level.good
        if total >= 90
        else Level.fair
        if total >= 70
        else Level.average
        if total >= 50
        else Level.poor
    )


async def meeting_with_rating(
    session: AsyncSession,
    code: str,
    month: int,
    total: float | None,
    *,
    year: int = YEAR,
    status: MeetingStatus = MeetingStatus.minutes_final,
    meeting_type: MeetingType = MeetingType.regular,
    rating_status: RatingStatus = RatingStatus.final,
    day: int = 4,
) -> Meeting:
    """A meeting of the cell in the month; with a total, its self-rating (final by default:
    the approved score equals the total)."""
    meeting = await make_meeting(
        session,
        code,
        status=status,
        meeting_type=meeting_type,
        start=datetime(year, month, day, 1, 0, tzinfo=UTC),
    )
    if total is not None:
        sheet_id = await session.scalar(
            select(RatingSheet.id).where(
                RatingSheet.code == "qd17-regular", RatingSheet.version_number == 1
            )
        )
        final = rating_status is RatingStatus.final
        session.add(
            MeetingRating(
                meeting_id=meeting.id,
                unit_id=meeting.unit_id,
                sheet_id=sheet_id,
                kind=RatingKind.self_rating,
                status=rating_status,
                facts={},
                self_entries={},
                self_points={},
                self_total=total,
                self_level=_level(total),
                caps_applied=[],
                approved_total=total if final else None,
                approved_level=_level(total) if final else None,
            )
        )
        await session.flush()
    return meeting


async def arrange_quarter(session: AsyncSession) -> dict[str, Any]:
    """Quarter I of 2041 in the four cells of Sở Nội vụ.
    Nội vụ: 95, 88, 92 (and an extraordinary meeting rated 50, not a regular one).
    Thi đua – Khen thưởng: January 95; February held, rating only submitted; March nothing.
    Ban Tôn giáo: January cancelled; February 95; March held, never rated.
    Lưu trữ: nothing at all."""
    nv, tdkt, btg = seed.CELL_NOI_VU, seed.CELL_THI_DUA, seed.CELL_TON_GIAO
    for month, total in ((1, 95), (2, 88), (3, 92)):
        await meeting_with_rating(session, nv, month, total)
    await meeting_with_rating(session, nv, 2, 50, meeting_type=MeetingType.extraordinary, day=20)
    await meeting_with_rating(session, tdkt, 1, 95)
    submitted = await meeting_with_rating(
        session, tdkt, 2, 70, rating_status=RatingStatus.submitted
    )
    cancelled = await meeting_with_rating(session, btg, 1, None, status=MeetingStatus.cancelled)
    await meeting_with_rating(session, btg, 2, 95)
    unrated = await meeting_with_rating(session, btg, 3, None, status=MeetingStatus.held)
    await session.commit()
    return {"submitted": submitted.id, "cancelled": cancelled.id, "unrated": unrated.id}


async def _get(
    client: httpx.AsyncClient, headers: dict[str, str], path: str, **params: Any
) -> dict[str, Any]:
    response = await client.get(f"{API}{path}", headers=headers, params=params)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def _cells(body: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {c["unit_name"]: c for c in body["cells"]}


NV, TDKT = "Chi bộ Nội vụ", "Chi bộ Thi đua – Khen thưởng"
BTG, LTLS = "Chi bộ Ban Tôn giáo", "Chi bộ Trung tâm Lưu trữ lịch sử"


async def test_quarter_rollup_by_the_default_rule(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    ids = await arrange_quarter(session)
    base = await unit_id(session, seed.BASE_CODE)
    with clock_at(NOW):
        (headers,) = await fresh_login(client, "dangbo.noivu")
        body = await _get(
            client, headers, f"/units/{base}/rating-rollup", period="quarter", year=YEAR, number=1
        )
    assert body["period"] == {
        "kind": "quarter",
        "year": YEAR,
        "number": 1,
        "start": "2041-01-01",
        "end": "2041-03-31",
        "label": "Quý I/2041",
    }
    assert body["rule"]["scope_key"] == "default"
    # Cells in name order.
    assert [c["unit_name"] for c in body["cells"]] == [BTG, NV, TDKT, LTLS]
    cells = _cells(body)

    nv = cells[NV]
    assert (nv["due"], nv["held"], nv["regular_held"], nv["rated"], nv["missed"]) == (3, 3, 3, 3, 0)
    assert nv["missing"] == [] and nv["missing_count"] == 0
    assert nv["rated_average"] == nv["average"] == 91.67  # (95 + 88 + 92) / 3
    assert (nv["level_by_average"], nv["level"], nv["caps_applied"]) == ("good", "good", [])
    assert nv["level_counts"] == {"good": 2, "fair": 1, "average": 0, "poor": 0}
    assert [m["total"] for m in nv["rated_meetings"]] == [95, 88, 92]

    # A missed meeting counts as 0 points: (95 + 0) / 2 = 47.5; the submitted rating is
    # listed and left out until final.
    tdkt = cells[TDKT]
    assert (tdkt["due"], tdkt["held"], tdkt["rated"], tdkt["missed"]) == (3, 2, 1, 1)
    assert tdkt["rated_average"] == 95 and tdkt["average"] == 47.5
    assert tdkt["level"] == "poor"
    assert [(m["month"], m["reason"], m["counts_as_missed"]) for m in tdkt["missing"]] == [
        (2, "rating_not_final", False),
        (3, "no_meeting", True),
    ]
    assert tdkt["missing"][0]["meeting_id"] == ids["submitted"]
    assert tdkt["missing"][0]["rating_status"] == "submitted"
    assert tdkt["missing"][1]["meeting_id"] is None

    btg = cells[BTG]
    assert (btg["due"], btg["held"], btg["rated"], btg["missed"], btg["average"]) == (
        3,
        2,
        1,
        1,
        47.5,
    )
    assert [(m["month"], m["reason"], m["meeting_id"]) for m in btg["missing"]] == [
        (1, "cancelled", ids["cancelled"]),
        (3, "not_rated", ids["unrated"]),
    ]

    ltls = cells[LTLS]
    assert (ltls["due"], ltls["held"], ltls["rated"], ltls["missed"]) == (3, 0, 0, 3)
    assert ltls["rated_average"] is None and ltls["average"] == 0 and ltls["level"] == "poor"
    assert [m["reason"] for m in ltls["missing"]] == ["no_meeting"] * 3

    # The committee: every meeting of its cells, (95+88+92+95+95) / (5 rated + 5 missed).
    aggregate = body["aggregate"]
    assert (aggregate["due"], aggregate["held"], aggregate["rated"], aggregate["missed"]) == (
        12,
        7,
        5,
        5,
    )
    assert aggregate["missing_count"] == 7
    assert aggregate["average"] == 46.5 and aggregate["rated_average"] == 93
    assert aggregate["level"] == "poor"
    assert aggregate["level_counts"] == {"good": 4, "fair": 1, "average": 0, "poor": 0}
    assert body["cells_by_level"] == {"good": 1, "fair": 0, "average": 0, "poor": 3, "none": 0}

    # The ranking: by average, equal averages share a rank, then by name.
    with clock_at(NOW):
        (headers,) = await fresh_login(client, "khoi")
        ranking = await _get(
            client, headers, f"/units/{base}/ranking", period="quarter", year=YEAR, number=1
        )
    rows = [(r["rank"], r["unit_name"], r["average"], r["level"]) for r in ranking["rows"]]
    assert rows == [
        (1, NV, 91.67, "good"),
        (2, BTG, 47.5, "poor"),
        (2, TDKT, 47.5, "poor"),
        (4, LTLS, 0, "poor"),
    ]
    assert ranking["rows"][2]["missing_count"] == 2 and ranking["rows"][3]["missed"] == 3


async def test_missed_meetings_left_out_of_the_average_with_a_cap(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    """The other option: missed meetings stay out of the average and cap the level at Khá."""
    await arrange_quarter(session)
    base = await unit_id(session, seed.BASE_CODE)
    rule = {
        "method": "average",
        "level_thresholds": {"good": 90, "fair": 70, "average": 50, "poor": 0},
        "caps": [
            {"if_any_level": "poor", "max_level": "fair"},
            {"if_missed_at_least": 1, "max_level": "fair"},
        ],
        "not_held": "count_as_missed",
        "missed_points": None,
        "meeting_types": ["regular"],
    }
    with clock_at(NOW):
        committee, superior = await fresh_login(client, "dangbo.noivu", "khoi")
        created = await client.post(
            f"{API}/rollup-rules",
            headers=committee,
            json={"unit_id": base, "effective_from": "2041-01-01", "rule": rule},
        )
        assert created.status_code == 201, created.text
        assert created.json()["scope_key"] == str(base)
        assert created.json()["version_number"] == 1
        body = await _get(
            client, committee, f"/units/{base}/rating-rollup", period="quarter", year=YEAR, number=1
        )
        ranking = await _get(
            client, superior, f"/units/{base}/ranking", period="quarter", year=YEAR, number=1
        )
    assert body["rule"]["id"] == created.json()["id"]
    cells = _cells(body)
    assert cells[NV]["rule_id"] == created.json()["id"]
    assert (cells[NV]["average"], cells[NV]["level"]) == (91.67, "good")
    tdkt = cells[TDKT]
    assert (tdkt["average"], tdkt["level_by_average"], tdkt["level"]) == (95, "good", "fair")
    assert [c["code"] for c in tdkt["caps_applied"]] == ["missed_meetings"]
    assert tdkt["caps_applied"][0]["reason_vi"] == (
        "Có 1 buổi sinh hoạt không tổ chức: không cao hơn Khá."
    )
    assert (cells[BTG]["average"], cells[BTG]["level"]) == (95, "fair")
    # Nothing held and nothing rated: no average, and the level is Kém.
    ltls = cells[LTLS]
    assert (ltls["average"], ltls["level_by_average"], ltls["level"]) == (None, None, "poor")
    assert [c["code"] for c in ltls["caps_applied"]] == ["nothing_held"]
    aggregate = body["aggregate"]
    assert (aggregate["average"], aggregate["level_by_average"], aggregate["level"]) == (
        93,
        "good",
        "fair",
    )
    # Two cells at 95 now lead; a cell without an average is not ranked.
    rows = [(r["rank"], r["unit_name"], r["average"]) for r in ranking["rows"]]
    assert rows == [(1, BTG, 95), (1, TDKT, 95), (3, NV, 91.67), (None, LTLS, None)]


async def test_a_poor_meeting_caps_the_year_at_fair(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    """2042 for Chi bộ Nội vụ: eleven meetings at 100 and one at 49 average 95.75 (Tốt by
    the points), held down to Khá by the Kém meeting."""
    for month in range(1, 13):
        await meeting_with_rating(
            session, seed.CELL_NOI_VU, month, 49 if month == 6 else 100, year=2042
        )
    await session.commit()
    cell = await unit_id(session, seed.CELL_NOI_VU)
    with clock_at(datetime(2043, 1, 10, 3, 0, tzinfo=UTC)):
        (member,) = await fresh_login(client, "dangvien.noivu")
        body = await _get(client, member, f"/units/{cell}/rating-rollup", period="year", year=2042)
        june = await _get(
            client, member, f"/units/{cell}/rating-rollup", period="month", year=2042, number=6
        )
    (nv,) = body["cells"]
    assert (nv["due"], nv["held"], nv["rated"], nv["missed"], nv["missing"]) == (12, 12, 12, 0, [])
    assert nv["average"] == 95.75
    assert (nv["level_by_average"], nv["level"]) == ("good", "fair")
    assert nv["caps_applied"] == [
        {
            "code": "any_poor_meeting",
            "max_level": "fair",
            "reason": "1 meeting(s) rated poor or below: at most fair.",
            "reason_vi": "Có 1 buổi xếp loại Kém trở xuống: không cao hơn Khá.",
        }
    ]
    assert nv["level_counts"] == {"good": 11, "fair": 0, "average": 0, "poor": 1}
    assert body["aggregate"]["level"] == "fair"
    assert body["period"]["label"] == "Năm 2042"
    assert june["period"]["label"] == "Tháng 6/2042"
    assert (june["cells"][0]["average"], june["cells"][0]["level"]) == (49, "poor")


async def test_months_not_over_and_meetings_never_held(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    """On 15/5/2041: April's meeting was announced and never held (missed); May's is still
    to come (listed, not counted); months that have not begun are not due."""
    nv = seed.CELL_NOI_VU
    april = await meeting_with_rating(session, nv, 4, None, status=MeetingStatus.announced)
    may = await meeting_with_rating(session, nv, 5, None, status=MeetingStatus.announced, day=20)
    await session.commit()
    cell = await unit_id(session, nv)
    with clock_at(NOW):
        (headers,) = await fresh_login(client, "bithu.noivu")
        body = await _get(
            client, headers, f"/units/{cell}/rating-rollup", period="quarter", year=YEAR, number=2
        )
        later = await _get(
            client, headers, f"/units/{cell}/rating-rollup", period="quarter", year=YEAR, number=3
        )
    (q2,) = body["cells"]
    assert (q2["due"], q2["held"], q2["missed"]) == (2, 0, 1)
    assert [
        (m["month"], m["reason"], m["counts_as_missed"], m["meeting_id"]) for m in q2["missing"]
    ] == [
        (4, "not_held", True, april.id),
        (5, "not_held_yet", False, may.id),
    ]
    assert (q2["average"], q2["level"]) == (0, "poor")
    (q3,) = later["cells"]
    assert (q3["due"], q3["missed"], q3["average"], q3["level"], q3["missing"]) == (
        0,
        0,
        None,
        None,
        [],
    )


async def test_period_parameters_and_scope(
    client: httpx.AsyncClient, session: AsyncSession, login: Any
) -> None:
    cell = await unit_id(session, seed.CELL_NOI_VU)
    headers = await login("bithu.noivu")
    url = f"{API}/units/{cell}/rating-rollup"
    cases = [
        ({"period": "month", "year": YEAR}, "period_number_invalid"),
        ({"period": "quarter", "year": YEAR, "number": 5}, "period_number_invalid"),
        ({"period": "year", "year": YEAR, "number": 1}, "period_number_not_allowed"),
        ({"period": "week", "year": YEAR}, "validation_error"),
        ({"period": "month", "year": YEAR, "number": 13}, "validation_error"),
    ]
    for params, code in cases:
        response = await client.get(url, headers=headers, params=params)
        assert response.status_code == 422, (params, response.text)
        assert error_code(response) == code
    for path in ("rating-rollup", "ranking"):
        outside = await client.get(
            f"{API}/units/{cell}/{path}",
            headers=await login("bithu.taichinh"),
            params={"period": "year", "year": YEAR},
        )
        assert outside.status_code == 404
    # The secretary sees the committee above only through its own cell.
    base = await unit_id(session, seed.BASE_CODE)
    hidden = await client.get(
        f"{API}/units/{base}/ranking", headers=headers, params={"period": "year", "year": YEAR}
    )
    assert hidden.status_code == 404


async def test_one_query_for_all_cells(
    client: httpx.AsyncClient, session: AsyncSession, engine: AsyncEngine
) -> None:
    """The roll-up of four cells costs as many statements as the roll-up of one."""
    await arrange_quarter(session)
    cell = await unit_id(session, seed.CELL_NOI_VU)
    base = await unit_id(session, seed.BASE_CODE)
    statements: list[str] = []

    def count(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if not statement.lstrip().upper().startswith(("SAVEPOINT", "RELEASE", "ROLLBACK")):
            statements.append(statement)

    with clock_at(NOW):
        (headers,) = await fresh_login(client, "dangbo.noivu")
        counts = []
        for unit in (cell, base):
            statements.clear()
            event.listen(engine.sync_engine, "before_cursor_execute", count)
            try:
                await _get(
                    client, headers, f"/units/{unit}/rating-rollup", period="year", year=YEAR
                )
            finally:
                event.remove(engine.sync_engine, "before_cursor_execute", count)
            counts.append(len(statements))
    assert counts[0] == counts[1] > 3


async def test_rollup_rules_as_versioned_data(
    client: httpx.AsyncClient, session: AsyncSession, login: Any
) -> None:
    cell = await unit_id(session, seed.CELL_NOI_VU)
    base = await unit_id(session, seed.BASE_CODE)
    member = await login("dangvien.noivu")
    current = await client.get(f"{API}/rollup-rules", headers=member)
    assert current.status_code == 200
    default = current.json()
    assert (default["scope_key"], default["version_number"], default["unit_id"]) == (
        "default",
        1,
        None,
    )
    # The stored default, with the options it leaves out filled in.
    assert default["rule"] == {
        "method": "average",
        "level_thresholds": {"good": 90, "fair": 70, "average": 50, "poor": 0},
        "caps": [{"if_any_level": "poor", "if_missed_at_least": None, "max_level": "fair"}],
        "not_held": "count_as_missed",
        "missed_points": 0,
        "meeting_types": ["regular"],
    }

    committee = await login("dangbo.noivu")
    stricter = {"level_thresholds": {"good": 92, "fair": 75, "average": 55, "poor": 0}}
    for version in (1, 2):
        created = await client.post(
            f"{API}/rollup-rules",
            headers=committee,
            json={
                "unit_id": base,
                "effective_from": "2040-01-01",
                "rule": stricter,
                "source_note": f"Phiên bản {version}",
            },
        )
        assert created.status_code == 201, created.text
        assert created.json()["version_number"] == version
    assert created.json()["rule"]["caps"] == [] and created.json()["rule"]["missed_points"] == 0
    # In force for the cells below from its date; before it, the province default.
    later = await client.get(
        f"{API}/rollup-rules", headers=member, params={"unit_id": cell, "on": "2040-06-01"}
    )
    assert later.json()["id"] == created.json()["id"]
    earlier = await client.get(
        f"{API}/rollup-rules", headers=member, params={"unit_id": cell, "on": "2039-12-31"}
    )
    assert earlier.json()["id"] == default["id"]

    # Who may: committees for their subtree, administrators for the province.
    secretary = await login("bithu.noivu")
    own_cell = await client.post(
        f"{API}/rollup-rules",
        headers=secretary,
        json={"unit_id": cell, "effective_from": "2040-01-01", "rule": {}},
    )
    assert own_cell.status_code == 403
    province = {"unit_id": None, "effective_from": "2040-01-01", "rule": {}}
    refused = await client.post(f"{API}/rollup-rules", headers=committee, json=province)
    assert refused.status_code == 403
    admin = await client.post(f"{API}/rollup-rules", headers=await login("admin"), json=province)
    assert admin.status_code == 201
    assert (admin.json()["scope_key"], admin.json()["version_number"]) == ("default", 2)

    # A rule that does not hold together is refused with the reason.
    bad_rules = [
        {"level_thresholds": {"good": 70, "fair": 90, "average": 50, "poor": 0}},
        {"level_thresholds": {"good": 90, "fair": 70, "average": 50, "poor": 10}},
        {"caps": [{"if_any_level": "poor", "if_missed_at_least": 1, "max_level": "fair"}]},
        {"caps": [{"max_level": "fair"}]},
        {"meeting_types": ["regular", "regular"]},
        {"meeting_types": []},
        {"method": "median"},
        {"missed_points": 120},
        {"not_held": "ignore"},
        {"unknown": 1},
    ]
    for bad in bad_rules:
        response = await client.post(
            f"{API}/rollup-rules",
            headers=committee,
            json={"unit_id": base, "effective_from": "2040-01-01", "rule": bad},
        )
        assert response.status_code == 422, (bad, response.text)
        assert error_code(response) == "validation_error"


@pytest.mark.parametrize(
    ("missed_points", "missed", "expected"),
    [
        (0, 0, (90.0, 90.0, "good", "good")),
        (0, 1, (90.0, 60.0, "average", "average")),
        (None, 1, (90.0, 90.0, "good", "good")),
        (50, 2, (90.0, 70.0, "fair", "fair")),
    ],
)
def test_apply_rule_worked_examples(
    missed_points: float | None, missed: int, expected: tuple[Any, ...]
) -> None:
    """Two meetings at 85 and 95, and `missed` meetings due but not held."""
    definition = RollupRuleDefinition(missed_points=missed_points)
    counts = LevelCounts(good=1, fair=1)
    rated_average, average, by_average, level, _ = apply_rule(
        definition, scores_sum=Decimal(180), rated=2, missed=missed, counts=counts
    )
    assert (rated_average, average, by_average, level) == expected


def test_levels_on_the_thresholds() -> None:
    thresholds = RollupRuleDefinition().level_thresholds
    assert [thresholds.level_for(p) for p in (90, 89.99, 70, 69.99, 50, 49.99, 0)] == [
        "good",
        "fair",
        "fair",
        "average",
        "average",
        "poor",
        "poor",
    ]
    assert date(YEAR, 1, 1) < NOW.date()
