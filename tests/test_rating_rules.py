"""Issue 9, points 4 to 6, through the API: exact totals at the band edges, the judged points'
step, the HD 12 quality bar as caps of sheet version 2 (each with its reason), and the
separation of duties on approval with "who acts next".

Every total here is worked out by hand from the record the test arranges (see
tests/test_ratings.py `recorded_meeting`): with full judged marks the standard record scores
99 (all computed items at their maximum but "share of attendees who spoke", 9/18 = 50%: 4 of
5)."""

from decimal import Decimal
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from chibo.audit.models import AuditEntry
from chibo.auth.models import Role
from chibo.demo import seed
from chibo.meetings.models import Meeting, MeetingStatus, MeetingType
from chibo.ratings.models import MeetingRating, RatingEvent
from tests.helpers import error_code, member_named, unit_id
from tests.test_rating_sheets import load
from tests.test_ratings import (
    COMMITTEE,
    MEMBER,
    REGULAR_JUDGED,
    SECRETARY,
    YEAR,
    Record,
    create_rating,
    full,
    put,
    recorded_meeting,
    url,
)

SUPERIOR = "khoi"


def deducted(amount: Decimal | str) -> dict[str, dict[str, Any]]:
    """Full judged marks less `amount`, taken from the judged items in the sheet's order,
    each deduction with its note."""
    left = Decimal(amount)
    entries: dict[str, dict[str, Any]] = {}
    for code, most in REGULAR_JUDGED.items():
        take = min(left, Decimal(most))
        left -= take
        points = Decimal(most) - take
        entries[code] = (
            {"points": str(points), "note": "Chưa đạt yêu cầu"} if take else {"points": most}
        )
    assert left == 0
    return entries


async def score(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    rating: dict[str, Any],
    entries: dict[str, Any],
    **extra: Any,
) -> httpx.Response:
    body = {"entries": entries, "version": rating["version"], **extra}
    return await put(client, f"/ratings/{rating['id']}/score", headers, body)


# -- point 6: exact arithmetic at the band edges ------------------------------------------


@pytest.mark.parametrize(
    ("record", "tasks_done", "deduction", "total", "by_points"),
    [
        # The standard record: 99 with full judged marks.
        (Record(), 10, "9", 90, "good"),
        (Record(), 10, "9.5", 89.5, "fair"),
        (Record(), 10, "29", 70, "fair"),
        (Record(), 10, "29.5", 69.5, "average"),
        # 30 minutes short (duration 1 of 5), 5 of 18 spoke (27.78%: 2 of 5), 7 of last
        # month's 10 tasks done (70%: 24 of 30): 87 at full marks.
        (Record(minutes=60, speakers=5), 7, "37", 50, "average"),
        (Record(minutes=60, speakers=5), 7, "37.5", 49.5, "poor"),
    ],
    ids=["90 good", "89.5 fair", "70 fair", "69.5 average", "50 average", "49.5 poor"],
)
async def test_levels_at_the_band_edges(
    client: httpx.AsyncClient,
    session: AsyncSession,
    login: Any,
    record: Record,
    tasks_done: int,
    deduction: str,
    total: float,
    by_points: str,
) -> None:
    meeting = await recorded_meeting(session, 3, record)
    meeting.tasks_reviewed_done = tasks_done
    await session.commit()
    headers = await login(SECRETARY)
    rating = await create_rating(client, headers, meeting)
    scored = await score(client, headers, rating, deducted(deduction))
    assert scored.status_code == 200, scored.text
    body = scored.json()
    assert (body["self_total"], body["self_level_by_points"], body["self_level"]) == (
        total,
        by_points,
        by_points,  # the 60-minute meeting's cap (at most Khá) does not bind below Khá
    )
    assert body["caps"] == []
    session.expire_all()
    stored = await session.get(MeetingRating, rating["id"])
    assert stored is not None and stored.self_total == Decimal(str(total))


async def test_the_level_is_chosen_on_the_exact_total(
    client: httpx.AsyncClient, session: AsyncSession, login: Any
) -> None:
    """A sheet whose judged points go in thousandths: 99 less 9.004 is 89.996, Khá (a total
    rounded to 2 places would have been 90.00, Tốt); less 9.000, 90, Tốt. Stored exactly."""
    definition = load("qd17-regular.v2.json")
    definition["points_step"] = 0.001
    loaded = await client.post(
        url("/rating-sheets"),
        headers=await login("admin"),
        json={"definition": definition, "effective_from": f"{YEAR}-01-01"},
    )
    assert loaded.status_code == 201, loaded.text
    assert loaded.json()["definition"]["points_step"] == 0.001
    meeting = await recorded_meeting(session, 4)
    headers = await login(SECRETARY)
    rating = await create_rating(client, headers, meeting)
    assert (rating["sheet"]["version_number"], rating["sheet"]["points_step"]) == (3, 0.001)

    scored = await score(client, headers, rating, deducted("9.004"))
    assert scored.status_code == 200, scored.text
    body = scored.json()
    assert (body["self_total"], body["self_level_by_points"], body["self_level"]) == (
        89.996,
        "fair",
        "fair",
    )
    items = {i["code"]: i["self_points"] for i in body["items"]}
    assert (items["c3.content"], items["c4.steps"], items["c4.content"]) == (0, 0, 8.996)
    session.expire_all()
    stored = await session.get(MeetingRating, rating["id"])
    assert stored is not None and stored.self_total == Decimal("89.996")
    event = await session.scalar(
        select(RatingEvent.total).where(
            RatingEvent.rating_id == rating["id"], RatingEvent.action == "scored"
        )
    )
    assert event == Decimal("89.996")

    again = await score(client, headers, body, deducted("9"))
    assert again.status_code == 200, again.text
    assert (again.json()["self_total"], again.json()["self_level"]) == (90, "good")
    # Thousandths are the finest a sheet may carry: 0.0005 is off that sheet's step.
    finer = await score(client, headers, again.json(), deducted("9.0005"))
    assert (finer.status_code, error_code(finer)) == (422, "points_off_step")


async def _state(session: AsyncSession, rating_id: int) -> tuple[Any, ...]:
    session.expire_all()
    rating = await session.get(MeetingRating, rating_id)
    assert rating is not None
    events = await session.scalar(
        select(func.count(RatingEvent.id)).where(RatingEvent.rating_id == rating_id)
    )
    audits = await session.scalar(
        select(func.count(AuditEntry.id)).where(
            AuditEntry.entity_type == "meeting_ratings", AuditEntry.entity_id == str(rating_id)
        )
    )
    return (
        rating.version,
        rating.status,
        rating.self_total,
        rating.self_entries,
        rating.approved_total,
        rating.approved_entries,
        events,
        audits,
    )


async def test_judged_points_off_the_step_are_refused_and_nothing_is_stored(
    client: httpx.AsyncClient, session: AsyncSession, login: Any
) -> None:
    meeting = await recorded_meeting(session, 5)
    secretary, committee = await login(SECRETARY), await login(COMMITTEE)
    rating = await create_rating(client, secretary, meeting)
    before = await _state(session, rating["id"])
    for points in (7.3, 7.25, "7.49", 0.1):
        entries = {**full(REGULAR_JUDGED), "c4.content": {"points": points, "note": "Dàn trải"}}
        response = await score(client, secretary, rating, entries)
        assert (response.status_code, error_code(response)) == (422, "points_off_step"), points
        error = response.json()["error"]
        assert [(p["item"], p["code"]) for p in error["details"]] == [
            ("c4.content", "points_off_step")
        ]
    assert await _state(session, rating["id"]) == before

    # On the step: 7.5 (and a number sent as a string) is accepted.
    entries = {**full(REGULAR_JUDGED), "c4.content": {"points": "7.5", "note": "Dàn trải"}}
    scored = await score(client, secretary, rating, entries)
    assert scored.status_code == 200, scored.text
    assert scored.json()["self_total"] == 96.5  # 99 - 2.5
    await _vote_and_submit(client, secretary, scored.json())

    # The committee's adjustment keeps to the step too.
    submitted = (await client.get(url(f"/ratings/{rating['id']}"), headers=committee)).json()
    before = await _state(session, rating["id"])
    refused = await client.post(
        url(f"/ratings/{rating['id']}/adjust"),
        headers=committee,
        json={
            "entries": {"c5.chairing": {"points": 8.2, "note": "Chưa rõ"}},
            "reason": "Chủ trì chưa tốt",
            "version": submitted["version"],
        },
    )
    assert (refused.status_code, error_code(refused)) == (422, "points_off_step")
    assert await _state(session, rating["id"]) == before


# -- point 5: the HD 12 quality bar as caps ------------------------------------------------


async def _without_committee_meeting(session: AsyncSession, meeting: Meeting) -> None:
    """The cell committee's preparation meeting was called off: not held."""
    prep = (
        await session.scalars(
            select(Meeting).where(
                Meeting.unit_id == meeting.unit_id,
                Meeting.meeting_type == MeetingType.committee,
                Meeting.planned_start < meeting.planned_start,
                Meeting.status == MeetingStatus.held,
            )
        )
    ).all()
    for row in prep:
        row.status = MeetingStatus.cancelled
    await session.commit()


CAP_CASES = [
    # record, committee met, {item: points}, total, caps applied: (code, fact value)
    pytest.param(
        Record(base=20, present=18, minutes=89, speakers=9), True,
        {"c1.duration": 4, "c4.speakers": 4}, 98,
        [("duration_short_not_good", 1)],
        id="1 minute short of 90: Tốt by points, Khá",
    ),
    pytest.param(
        Record(), False,
        {"c3.committee": 0, "c4.speakers": 4}, 97,
        [("no_committee_meeting_not_good", False)],
        id="no committee meeting before: Khá",
    ),
    pytest.param(
        Record(base=20, present=19, unexcused=1, speakers=10), True,
        {"c2.rate": 1, "c4.speakers": 5}, 97,
        [("unexcused_not_good", 1)],
        id="an unexcused absence: Khá",
    ),
    pytest.param(
        Record(base=20, present=17, speakers=9), True,
        {"c2.rate": 3, "c4.speakers": 5}, 99,
        [("attendance_not_good", 85.0)],
        id="attendance 85%: Khá",
    ),
    pytest.param(
        Record(base=20, present=18, unexcused=1, minutes=80, speakers=10), False,
        {"c1.duration": 3, "c2.rate": 1, "c3.committee": 0, "c4.speakers": 5}, 93,
        [("duration_short_not_good", 10), ("no_committee_meeting_not_good", False),
         ("unexcused_not_good", 1)],
        id="10 minutes short, no committee meeting, an unexcused absence: 93, Khá, three caps",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("record", "committee_met", "items", "total", "caps"), CAP_CASES)
async def test_the_quality_bar_caps_the_level_and_says_why(
    client: httpx.AsyncClient,
    session: AsyncSession,
    login: Any,
    record: Record,
    committee_met: bool,
    items: dict[str, float],
    total: float,
    caps: list[tuple[str, Any]],
) -> None:
    meeting = await recorded_meeting(session, 6, record)
    if not committee_met:
        await _without_committee_meeting(session, meeting)
    headers = await login(SECRETARY)
    rating = await create_rating(client, headers, meeting)
    scored = await score(client, headers, rating, full(REGULAR_JUDGED))
    assert scored.status_code == 200, scored.text
    body = scored.json()
    points = {i["code"]: i["self_points"] for i in body["items"]}
    assert {code: points[code] for code in items} == items
    assert all(i["self_points"] == i["max_points"] for i in body["items"] if i["code"] not in items)
    assert (body["self_total"], body["self_level_by_points"], body["self_level"]) == (
        total,
        "good",
        "fair",
    )
    assert [(c["code"], c["value"]) for c in body["caps"]] == caps
    assert body["caps_applied"] == [code for code, _ in caps]
    for cap in body["caps"]:
        assert cap["max_level"] == "fair"
        assert "không xếp loại Tốt" in cap["note"] and "HD 12-HD/BTCTW" in cap["note"]
        assert cap["fact_label"] and cap["fact_source"]
    # A proposal above the cap is refused, with the caps named.
    bold = await score(client, headers, body, full(REGULAR_JUDGED), proposed_level="good")
    assert (bold.status_code, error_code(bold)) == (422, "proposed_level_too_high")
    assert bold.json()["error"]["details"]["caps_applied"] == [code for code, _ in caps]


async def test_a_short_meeting_says_its_shortfall_and_the_sheet_names_its_sources(
    client: httpx.AsyncClient, session: AsyncSession, login: Any
) -> None:
    meeting = await recorded_meeting(session, 7, Record(minutes=75))
    headers = await login(SECRETARY)
    rating = await create_rating(client, headers, meeting)
    body = (await score(client, headers, rating, full(REGULAR_JUDGED))).json()
    (cap,) = body["caps"]
    assert (cap["code"], cap["fact"], cap["value"]) == (
        "duration_short_not_good",
        "duration_shortfall_minutes",
        15,
    )
    assert cap["fact_source"] == "75 phút so với quy định 90 phút"
    duration = next(i for i in body["items"] if i["code"] == "c1.duration")
    assert duration["self_points"] == 3  # 10 to < 20 minutes short
    assert "KHÔNG có nguồn công bố" in duration["source_note"]
    assert "HD 12-HD/BTCTW" in duration["source_note"]
    assert body["sheet"]["points_step"] == 0.5
    assert any("không có nguồn công bố" in note for note in body["sheet"]["notes"])


# -- point 4: separation of duties ---------------------------------------------------------


async def _vote_and_submit(
    client: httpx.AsyncClient, headers: dict[str, str], rating: dict[str, Any]
) -> dict[str, Any]:
    path = f"/ratings/{rating['id']}"
    voted = await put(client, path + "/vote", headers, {"for": 15, "version": rating["version"]})
    assert voted.status_code == 200, voted.text
    submitted = await client.post(
        url(path + "/submit"), headers=headers, json={"version": voted.json()["version"]}
    )
    assert submitted.status_code == 200, submitted.text
    body: dict[str, Any] = submitted.json()
    return body


async def _read(
    client: httpx.AsyncClient, headers: dict[str, str], rating_id: int
) -> dict[str, Any]:
    response = await client.get(url(f"/ratings/{rating_id}"), headers=headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def test_who_acts_next_through_the_workflow(
    client: httpx.AsyncClient, session: AsyncSession, login: Any
) -> None:
    meeting = await recorded_meeting(session, 8)
    secretary, committee, superior = (
        await login(SECRETARY),
        await login(COMMITTEE),
        await login(SUPERIOR),
    )
    cell = await unit_id(session, seed.CELL_NOI_VU)
    base = await unit_id(session, seed.BASE_CODE)
    rating = await create_rating(client, secretary, meeting)
    assert rating["next_action"] == {
        "step": "score", "actions": ["score"], "by_level": "cell", "unit_id": cell,
        "may_act": True, "refusal": None,
    }  # fmt: skip
    assert rating["allowed_actions"] == ["score"]
    scored = await score(client, secretary, rating, full(REGULAR_JUDGED))
    assert scored.json()["next_action"]["step"] == "vote"
    assert scored.json()["allowed_actions"] == ["score", "vote"]
    voted = await put(
        client,
        f"/ratings/{rating['id']}/vote",
        secretary,
        {"for": 15, "version": scored.json()["version"]},
    )
    assert (voted.json()["next_action"]["step"], voted.json()["allowed_actions"]) == (
        "submit",
        ["score", "vote", "submit"],
    )
    submitted = await client.post(
        url(f"/ratings/{rating['id']}/submit"),
        headers=secretary,
        json={"version": voted.json()["version"]},
    )
    body = submitted.json()
    # Submitted: the superior level acts; not the secretary who submitted.
    assert body["next_action"] == {
        "step": "approve", "actions": ["approve", "adjust"], "by_level": "superior",
        "unit_id": base, "may_act": False, "refusal": "forbidden",
    }  # fmt: skip
    assert body["allowed_actions"] == []
    for headers in (committee, superior):
        seen = await _read(client, headers, rating["id"])
        assert (seen["next_action"]["may_act"], seen["allowed_actions"]) == (
            True,
            ["approve", "adjust"],
        )
    admin = await _read(client, await login("admin"), rating["id"])
    assert (admin["next_action"]["may_act"], admin["next_action"]["refusal"]) == (
        False,
        "approver_not_superior_level",
    )
    approved = await client.post(
        url(f"/ratings/{rating['id']}/approve"),
        headers=committee,
        json={"version": body["version"]},
    )
    assert approved.status_code == 200, approved.text
    assert (approved.json()["next_action"], approved.json()["allowed_actions"]) == (
        None,
        ["reopen"],
    )
    final = await _read(client, secretary, rating["id"])
    assert (final["next_action"], final["allowed_actions"]) == (None, [])
    member = await _read(client, await login(MEMBER), rating["id"])
    assert (member["next_action"], member["allowed_actions"]) == (None, [])


async def test_the_account_that_scored_and_submitted_never_approves(
    client: httpx.AsyncClient, session: AsyncSession, login: Any
) -> None:
    """Đảng ủy Sở Nội vụ's account enters the cell's rating itself: it may not approve,
    adjust or reopen it; the superior committee (Đảng ủy Khối) may."""
    meeting = await recorded_meeting(session, 9)
    committee, superior = await login(COMMITTEE), await login(SUPERIOR)
    rating = await create_rating(client, committee, meeting)
    scored = await score(client, committee, rating, full(REGULAR_JUDGED))
    assert scored.status_code == 200, scored.text
    submitted = await _vote_and_submit(client, committee, scored.json())
    rid, version = rating["id"], submitted["version"]
    assert submitted["next_action"]["refusal"] == "approver_took_part"
    before = await _state(session, rid)
    bodies = {
        "/approve": {"version": version},
        "/adjust": {
            "entries": {"c5.chairing": {"points": 8, "note": "Chưa rõ"}},
            "reason": "Tự chấm cao",
            "version": version,
        },
    }
    for action, body in bodies.items():
        refused = await client.post(url(f"/ratings/{rid}{action}"), headers=committee, json=body)
        assert (refused.status_code, error_code(refused)) == (403, "approver_took_part"), action
        assert refused.json()["error"]["message"]
    assert await _state(session, rid) == before

    # The superior committee above the cell approves.
    approved = await client.post(
        url(f"/ratings/{rid}/approve"), headers=superior, json={"version": version}
    )
    assert approved.status_code == 200, approved.text
    assert (approved.json()["status"], approved.json()["approved_total"]) == ("final", 99)
    # Reopening: not by the account that scored it either.
    before = await _state(session, rid)
    refused = await client.post(
        url(f"/ratings/{rid}/reopen"),
        headers=committee,
        json={"reason": "Xem lại tiêu chí 5", "version": version + 1},
    )
    assert (refused.status_code, error_code(refused)) == (403, "approver_took_part")
    assert await _state(session, rid) == before
    reopened = await client.post(
        url(f"/ratings/{rid}/reopen"),
        headers=superior,
        json={"reason": "Xem lại tiêu chí 5", "version": version + 1},
    )
    assert reopened.status_code == 200, reopened.text


async def test_a_secretary_or_deputy_never_approves_the_cells_rating(
    client: httpx.AsyncClient, session: AsyncSession, login: Any
) -> None:
    """The secretary's account is refused by its role; a base committee account held by the
    cell's deputy secretary (a member of the party committee too) is refused as well; an
    administrator is not the superior level."""
    meeting = await recorded_meeting(session, 10)
    secretary = await login(SECRETARY)
    rating = await create_rating(client, secretary, meeting)
    scored = await score(client, secretary, rating, full(REGULAR_JUDGED))
    submitted = await _vote_and_submit(client, secretary, scored.json())
    rid, version = rating["id"], submitted["version"]

    deputy = await member_named(session, "Nguyễn Thị Thu Hà")
    assert deputy.unit_id == await unit_id(session, seed.CELL_NOI_VU)
    created = await client.post(
        url("/users"),
        headers=await login("admin"),
        json={
            "username": "dangbo.thuha",
            "full_name": deputy.full_name,
            "password": "Mat-khau-moi-2040",
            "role": Role.base_committee.value,
            "unit_id": await unit_id(session, seed.BASE_CODE),
            "member_id": deputy.id,
        },
    )
    assert created.status_code == 201, created.text
    deputy_headers = await login("dangbo.thuha", "Mat-khau-moi-2040")

    before = await _state(session, rid)
    cases = [
        (secretary, 403, "forbidden"),
        (deputy_headers, 403, "approver_is_cell_officer"),
        (await login("admin"), 403, "approver_not_superior_level"),
    ]
    for headers, status, code in cases:
        for action in ("/approve", "/adjust"):
            body: dict[str, Any] = {"version": version}
            if action == "/adjust":
                body["reason"] = "Điều chỉnh điểm"
            refused = await client.post(url(f"/ratings/{rid}{action}"), headers=headers, json=body)
            assert (refused.status_code, error_code(refused)) == (status, code), (action, code)
    seen = await _read(client, deputy_headers, rid)
    assert (seen["next_action"]["may_act"], seen["next_action"]["refusal"]) == (
        False,
        "approver_is_cell_officer",
    )
    assert await _state(session, rid) == before

    # The base committee's own account, which took no part, approves.
    approved = await client.post(
        url(f"/ratings/{rid}/approve"), headers=await login(COMMITTEE), json={"version": version}
    )
    assert approved.status_code == 200, approved.text
    assert approved.json()["approved_by_name"] != approved.json()["submitted_by_name"]
