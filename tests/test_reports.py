"""Meeting statistics of a unit's subtree, checked against the per-meeting figures the
attendance, speeches and ratings endpoints give for the same demo meetings."""

from collections import Counter
from collections.abc import Awaitable, Callable

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from chibo.core.clock import today
from chibo.demo.meetings import held_months

API = "/api/v1"
Headers = dict[str, str]


def demo_year() -> tuple[int, int]:
    """The calendar year holding most of the demo's held months, and how many it holds."""
    year, count = Counter(y for y, _ in held_months(today())).most_common(1)[0]
    return year, count


async def test_cell_stats_agree_with_each_meeting_figures(
    client: httpx.AsyncClient, demo_headers: dict[str, Headers], session: AsyncSession
) -> None:
    secretary = demo_headers["bithu.noivu"]
    me = (await client.get(f"{API}/auth/me", headers=secretary)).json()
    year, held = demo_year()
    response = await client.get(
        f"{API}/units/{me['unit_id']}/meeting-stats", headers=secretary, params={"year": year}
    )
    assert response.status_code == 200, response.text
    rows = response.json()
    # The demo holds a regular meeting in each of its held months of that year (6 at least).
    regular = [r for r in rows if r["meeting_type"] == "regular"]
    assert held >= 6 and len(regular) >= held
    assert [r["day"] for r in rows] == sorted(r["day"] for r in rows)
    assert {r["unit_id"] for r in rows} == {me["unit_id"]}
    rated = 0
    for row in regular:
        meeting = f"{API}/meetings/{row['meeting_id']}"
        roll = (await client.get(f"{meeting}/attendance", headers=secretary)).json()["summary"]
        assert (row["expected"], row["present"]) == (roll["base"], roll["present"])
        assert (row["excused"], row["unexcused"]) == (roll["excused"], roll["unexcused"])
        assert row["attendance_rate"] == round(100 * roll["rate"], 1)
        figures = (await client.get(f"{meeting}/speeches/figures", headers=secretary)).json()
        assert row["speakers"] == figures["speakers"]
        share = figures["share_of_attendees_who_spoke"]
        assert row["spoke_share"] == (None if share is None else round(100 * share, 1))
        ratings = (await client.get(f"{meeting}/ratings", headers=secretary)).json()
        final = [r for r in ratings if r["kind"] == "self" and r["status"] == "final"]
        if final:
            rated += 1
            assert row["rating_level"] == final[0]["approved_level"]
            assert row["rating_total"] == final[0]["approved_total"]
        else:
            assert row["rating_level"] is None
    assert rated >= held - 1


async def test_committee_sees_its_cells_and_a_cell_not_its_neighbours(
    client: httpx.AsyncClient,
    demo_headers: dict[str, Headers],
    session: AsyncSession,
    login: Callable[..., Awaitable[Headers]],
) -> None:
    committee = demo_headers["dangbo.noivu"]
    base = (await client.get(f"{API}/auth/me", headers=committee)).json()["unit_id"]
    year, _ = demo_year()
    rows = (
        await client.get(
            f"{API}/units/{base}/meeting-stats",
            headers=committee,
            params={"year": year, "meeting_type": "regular"},
        )
    ).json()
    cells = {r["unit_id"] for r in rows}
    assert len(cells) >= 2
    assert {r["meeting_type"] for r in rows} == {"regular"}
    # A secretary may not report on the base committee nor on another base committee's cell.
    secretary = demo_headers["bithu.noivu"]
    up = await client.get(
        f"{API}/units/{base}/meeting-stats", headers=secretary, params={"year": year}
    )
    assert up.status_code == 404
    outsider = await login("bithu.taichinh")
    other_cell = (await client.get(f"{API}/auth/me", headers=outsider)).json()["unit_id"]
    away = await client.get(
        f"{API}/units/{other_cell}/meeting-stats", headers=secretary, params={"year": year}
    )
    assert away.status_code == 404
    # A year without meetings is an empty list, not an error; a bad year is a 422.
    empty = await client.get(
        f"{API}/units/{base}/meeting-stats", headers=committee, params={"year": 2001}
    )
    assert empty.status_code == 200 and empty.json() == []
    bad = await client.get(
        f"{API}/units/{base}/meeting-stats", headers=committee, params={"year": "x"}
    )
    assert bad.status_code == 422
