"""The annual review: figures proposed from the year's record (2041, far from the demo year),
points and levels by the sheet, the committee's decision with reasons, the cap on the share
of the top level, and the sheets as versioned data."""

import copy
import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from chibo.attendance.models import Attendance, AttendanceStatus
from chibo.demo import seed
from chibo.meetings.models import Meeting, MeetingStatus, MeetingType
from chibo.minutes.models import Task, TaskStatus
from chibo.reviews.models import AnnualReview
from chibo.reviews.sheet import AnnualSheetDefinition, propose
from chibo.speeches.models import Speech, SpeechKind, SpeechState
from tests.helpers import error_code, member_named, unit_id
from tests.test_rollups import clock_at, fresh_login, meeting_with_rating

API = "/api/v1"
YEAR = 2041
REVIEW_TIME = datetime(2042, 1, 15, 3, 0, tzinfo=UTC)
SHEETS = Path(__file__).resolve().parents[1] / "backend" / "chibo" / "reviews" / "sheets"
MEMBER_A = "Đinh Thị Hoài Thu"  # dangvien.noivu
MEMBER_B = "Nguyễn Văn An"


def _sheet(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((SHEETS / f"{name}.v1.json").read_text(encoding="utf-8"))
    return data


def _speech(meeting: Meeting, member_id: int, minute: int) -> Speech:
    begin = meeting.planned_start + timedelta(minutes=minute)
    return Speech(
        meeting_id=meeting.id,
        member_id=member_id,
        kind=SpeechKind.contribution,
        state=SpeechState.done,
        weight=minute,
        requested_at=begin - timedelta(minutes=1),
        begin_time=begin,
        end_time=begin + timedelta(minutes=2),
        spoken_seconds=120,
    )


async def arrange_year(session: AsyncSession) -> dict[str, int]:
    """Chi bộ Nội vụ in 2041: regular meetings in January to April rated 95, 85, 92 and 88
    (average 90), a thematic meeting in February. Member A: present at 4 of 5, excused once,
    spoke 3 times at 2 meetings, 4 tasks (3 done, 1 not done; a cancelled one does not
    count). Member B: present 2, excused 1, unexcused 2, never spoke, no task. Võ Văn Dũng
    (on Chi bộ Ban Tôn giáo's rolls) attended one meeting here."""
    nv = seed.CELL_NOI_VU
    regular = [
        await meeting_with_rating(session, nv, month, total)
        for month, total in ((1, 95), (2, 85), (3, 92), (4, 88))
    ]
    thematic = await meeting_with_rating(
        session, nv, 2, None, meeting_type=MeetingType.thematic, day=16
    )
    # Not counted: a meeting still planned, and last year's.
    await meeting_with_rating(session, nv, 5, None, status=MeetingStatus.announced)
    await meeting_with_rating(session, nv, 12, 100, year=YEAR - 1)
    a = (await member_named(session, MEMBER_A)).id
    b = (await member_named(session, MEMBER_B)).id
    guest = (await member_named(session, seed.TEMPORARILY_TRANSFERRED_MEMBER)).id
    meetings = [*regular, thematic]
    a_marks = [AttendanceStatus.present] * 4 + [AttendanceStatus.excused]
    b_marks = [
        AttendanceStatus.present,
        AttendanceStatus.unexcused,
        AttendanceStatus.excused,
        AttendanceStatus.late,
        AttendanceStatus.unexcused,
    ]
    for meeting, mark_a, mark_b in zip(meetings, a_marks, b_marks, strict=True):
        session.add(Attendance(meeting_id=meeting.id, member_id=a, status=mark_a))
        session.add(Attendance(meeting_id=meeting.id, member_id=b, status=mark_b))
    session.add(
        Attendance(
            meeting_id=regular[0].id,
            member_id=guest,
            status=AttendanceStatus.present,
            temporary_guest=True,
        )
    )
    session.add_all(
        [
            _speech(regular[0], a, 10),
            _speech(regular[0], a, 30),
            _speech(regular[2], a, 10),
        ]
    )
    for status in (
        TaskStatus.done,
        TaskStatus.done,
        TaskStatus.done,
        TaskStatus.not_done,
        TaskStatus.cancelled,
    ):
        session.add(
            Task(
                meeting_id=regular[0].id,
                unit_id=regular[0].unit_id,
                title="Nhiệm vụ được giao",
                owner_member_id=a,
                status=status,
            )
        )
    await session.commit()
    return {"a": a, "b": b, "guest": guest}


def _figures(review: dict[str, Any]) -> dict[str, Any]:
    return {f["name"]: f["value"] for f in review["figures"]}


def _points(review: dict[str, Any]) -> dict[str, float]:
    return {i["code"]: i["proposed_points"] for i in review["items"]}


async def _all(
    client: httpx.AsyncClient, headers: dict[str, str], unit: int, **params: Any
) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    cursor = None
    while True:
        query = {**params, "limit": 20, **({"cursor": cursor} if cursor else {})}
        response = await client.get(
            f"{API}/units/{unit}/annual-reviews/{YEAR}", headers=headers, params=query
        )
        assert response.status_code == 200, response.text
        items += response.json()["items"]
        cursor = response.json()["next_cursor"]
        if cursor is None:
            return items


async def test_proposals_from_the_year_record(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    ids = await arrange_year(session)
    base = await unit_id(session, seed.BASE_CODE)
    nv = await unit_id(session, seed.CELL_NOI_VU)
    with clock_at(REVIEW_TIME):
        committee, secretary, member = await fresh_login(
            client, "dangbo.noivu", "bithu.noivu", "dangvien.noivu"
        )
        refused = await client.post(
            f"{API}/units/{nv}/annual-reviews/{YEAR}/propose", headers=member
        )
        assert refused.status_code == 403
        response = await client.post(
            f"{API}/units/{base}/annual-reviews/{YEAR}/propose", headers=committee
        )
        assert response.status_code == 200, response.text
        result = response.json()
        reviews = await _all(client, committee, base)
        own_cell = await _all(client, secretary, nv)
        nothing_yet = await _all(client, member, nv)

    assert result["cells"] == 4 and result["created"] == result["cells"] + result["members"]
    assert (result["refreshed"], result["kept_decided"]) == (0, 0)
    assert len(reviews) == result["cells"] + result["members"]
    assert nothing_yet == []  # members see only their own review, once decided
    assert {r["unit_id"] for r in own_cell} == {nv}
    by_member = {r["member_id"]: r for r in reviews if r["subject"] == "member"}
    by_cell = {r["unit_name"]: r for r in reviews if r["subject"] == "cell"}
    # The exempt member (exempt all year) is not reviewed.
    exempt = (await member_named(session, seed.EXEMPT_MEMBER)).id
    assert exempt not in by_member

    a = by_member[ids["a"]]
    assert (a["member_name"], a["unit_id"], a["status"]) == (MEMBER_A, nv, "proposed")
    assert _figures(a) == {
        "meetings_expected": 5,
        "meetings_attended": 4,
        "meetings_excused": 1,
        "meetings_unexcused": 0,
        "attendance_rate": 80.0,
        "speeches_count": 3,
        "meetings_spoken": 2,
        "speaking_share": 50.0,
        "tasks_assigned": 4,
        "tasks_done": 3,
        "tasks_done_share": 75.0,
    }
    assert _points(a) == {
        "politics": 8,
        "ethics": 8,
        "discipline": 8,
        "working_style": 6,
        "professional_work": 30,
        "party_tasks": 10,  # 75% in [70, 80)
        "meeting_attendance": 10,  # 80% in [80, 90)
        "contribution": 10,  # 50% in [50, 100]
    }
    assert (a["proposed_points"], a["proposed_level"]) == (90, "excellent")
    source = next(f["source"] for f in a["figures"] if f["name"] == "attendance_rate")
    assert source == "Dự 4/5 buổi"

    b = by_member[ids["b"]]
    figures_b = _figures(b)
    assert (figures_b["meetings_attended"], figures_b["meetings_unexcused"]) == (2, 2)
    assert (figures_b["attendance_rate"], figures_b["speaking_share"]) == (40.0, 0.0)
    assert figures_b["tasks_done_share"] is None
    items_b = {i["code"]: i for i in b["items"]}
    assert (
        items_b["meeting_attendance"]["proposed_points"],
        items_b["contribution"]["proposed_points"],
    ) == (3, 2)
    # No task: the item keeps its default (the committee judges it).
    assert items_b["party_tasks"]["proposed_points"] == 15
    assert items_b["party_tasks"]["from_figure"] is False
    assert (b["proposed_points"], b["proposed_level"]) == (80, "good")

    # Attending another cell temporarily: reviewed by the home cell, with what they attended.
    guest = by_member[ids["guest"]]
    assert guest["unit_name"] == "Chi bộ Ban Tôn giáo"
    assert (_figures(guest)["meetings_expected"], _figures(guest)["attendance_rate"]) == (1, 100.0)

    cell = by_cell["Chi bộ Nội vụ"]
    assert _figures(cell) == {
        "regular_due": 12,
        "regular_held": 4,
        "regular_held_share": 33.33,
        "ratings_final": 4,
        "rating_average": 90.0,
        "ratings_good": 2,
        "ratings_fair": 2,
        "ratings_average": 0,
        "ratings_poor": 0,
        "rating_level": "poor",  # 360 points over 12 months due: 8 missed count 0
        "thematic_held": 1,
        "thematic_required": 4,
        "thematic_share": 25.0,
        "tasks_assigned": 4,
        "tasks_done": 3,
        "tasks_done_share": 75.0,
        "members_attendance_rate": 63.64,  # 7 of 11 (A 4/5, B 2/5, the guest 1/1)
    }
    assert _points(cell) == {
        "political_leadership": 10,
        "ideology": 10,
        "organisation": 10,
        "regular_meetings": 4,
        "meeting_quality": 20,
        "thematic_meetings": 2,
        "resolutions": 10,
        "attendance": 3,
    }
    assert (cell["proposed_points"], cell["proposed_level"]) == (69, "completed")
    # A cell with no record at all: defaults where a figure is missing.
    other = by_cell["Chi bộ Trung tâm Lưu trữ lịch sử"]
    assert _points(other)["meeting_quality"] == 10
    assert _points(other)["regular_meetings"] == 4
    assert (other["proposed_points"], other["proposed_level"]) == (71, "good")


async def test_the_committee_decides_with_reasons(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    ids = await arrange_year(session)
    nv = await unit_id(session, seed.CELL_NOI_VU)
    with clock_at(REVIEW_TIME):
        committee, secretary, member, outsider = await fresh_login(
            client, "dangbo.noivu", "bithu.noivu", "dangvien.noivu", "bithu.taichinh"
        )
        proposed = await client.post(
            f"{API}/units/{nv}/annual-reviews/{YEAR}/propose", headers=secretary
        )
        assert proposed.status_code == 200, proposed.text
        reviews = await _all(client, committee, nv, subject="member")
        a = next(r for r in reviews if r["member_id"] == ids["a"])
        b = next(r for r in reviews if r["member_id"] == ids["b"])
        url_b = f"{API}/annual-reviews/{b['id']}/decide"

        for headers in (secretary, member, outsider):
            response = await client.put(
                url_b, headers=headers, json={"level": "good", "version": b["version"]}
            )
            assert response.status_code == 403
        # A level other than the proposal needs reasons.
        lower = {"level": "completed", "version": b["version"]}
        response = await client.put(url_b, headers=committee, json=lower)
        assert response.status_code == 422 and error_code(response) == "reasons_required"
        assert response.json()["error"]["details"] == {
            "proposed_level": "good",
            "points_level": "good",
        }
        bad = [
            ({"entries": {"nonsense": {"points": 1}}}, 422, "unknown_item"),
            ({"entries": {"politics": {"points": 9}}}, 422, "score_above_max"),
            ({"entries": {"politics": {"points": -1}}}, 422, "validation_error"),
            ({"level": "best"}, 422, "validation_error"),
            ({"version": b["version"] + 1}, 409, "stale_version"),
        ]
        for change, status, code in bad:
            response = await client.put(
                url_b, headers=committee, json={"level": "good", "version": b["version"], **change}
            )
            assert (response.status_code, error_code(response)) == (status, code), change
        decided = await client.put(
            url_b,
            headers=committee,
            json={
                "level": "completed",
                "reasons": "Vắng không lý do 2 buổi sinh hoạt.",
                "entries": {"discipline": {"points": 4, "note": "Vắng không lý do 2 buổi"}},
                "version": b["version"],
            },
        )
        assert decided.status_code == 200, decided.text
        body = decided.json()
        assert (body["status"], body["level"], body["points"]) == ("decided", "completed", 76)
        assert body["reasons"] == "Vắng không lý do 2 buổi sinh hoạt."
        items = {i["code"]: i for i in body["items"]}
        assert (items["discipline"]["decided_points"], items["discipline"]["note"]) == (
            4,
            "Vắng không lý do 2 buổi",
        )
        assert items["meeting_attendance"]["decided_points"] == 3
        assert decided.headers["etag"] == f'W/"{body["version"]}"'
        # Points whose level differs from the level decided also need reasons.
        response = await client.put(
            f"{API}/annual-reviews/{a['id']}/decide",
            headers=committee,
            json={
                "level": "excellent",
                "entries": {"professional_work": {"points": 20}},
                "version": a["version"],
            },
        )
        assert response.status_code == 422 and error_code(response) == "reasons_required"
        same = await client.put(
            f"{API}/annual-reviews/{a['id']}/decide",
            headers=committee,
            json={"level": "excellent", "version": a["version"]},
        )
        assert same.status_code == 200, same.text
        assert (same.json()["points"], same.json()["reasons"]) == (90, None)

        # The member sees her own decided review, and nobody else's.
        mine = await _all(client, member, nv)
        assert [r["id"] for r in mine] == [a["id"]]
        own = await client.get(f"{API}/annual-reviews/{a['id']}", headers=member)
        assert own.status_code == 200 and own.json()["level"] == "excellent"
        other = await client.get(f"{API}/annual-reviews/{b['id']}", headers=member)
        assert other.status_code == 404
        hidden = await client.get(f"{API}/annual-reviews/{b['id']}", headers=outsider)
        assert hidden.status_code == 404

        # Proposing again refreshes the proposals and leaves the decisions.
        again = await client.post(
            f"{API}/units/{nv}/annual-reviews/{YEAR}/propose", headers=committee
        )
        assert again.status_code == 200
        assert again.json()["kept_decided"] == 2
        assert again.json()["refreshed"] == again.json()["members"] + again.json()["cells"] - 2
        future = await client.post(
            f"{API}/units/{nv}/annual-reviews/2043/propose", headers=committee
        )
        assert future.status_code == 422 and error_code(future) == "year_not_begun"
    stored = await session.get(AnnualReview, b["id"])
    assert stored is not None
    await session.refresh(stored)
    assert stored.level is not None and stored.level.value == "completed"


async def test_the_share_of_the_top_level_is_capped(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    base = await unit_id(session, seed.BASE_CODE)
    with clock_at(REVIEW_TIME):
        (committee,) = await fresh_login(client, "dangbo.noivu")
        proposed = await client.post(
            f"{API}/units/{base}/annual-reviews/{YEAR}/propose", headers=committee
        )
        assert proposed.status_code == 200
        reviewed = proposed.json()["members"]
        allowed = reviewed * 20 // 100
        members = await _all(client, committee, base, subject="member")
        assert len(members) == reviewed
        # With no record, every member is proposed at 100 points (excellent).
        assert {m["proposed_level"] for m in members} == {"excellent"}
        for review in members[:allowed]:
            response = await client.put(
                f"{API}/annual-reviews/{review['id']}/decide",
                headers=committee,
                json={"level": "excellent", "version": review["version"]},
            )
            assert response.status_code == 200, response.text
        one_more = members[allowed]
        response = await client.put(
            f"{API}/annual-reviews/{one_more['id']}/decide",
            headers=committee,
            json={"level": "excellent", "version": one_more["version"]},
        )
        assert response.status_code == 422
        assert error_code(response) == "top_level_share_exceeded"
        assert response.json()["error"]["details"] == {
            "subject": "member",
            "year": YEAR,
            "committee_unit_id": base,
            "reviewed": reviewed,
            "current": allowed,
            "allowed": allowed,
            "max_share": 20.0,
        }
        # A lower level, with the reasons, is fine.
        response = await client.put(
            f"{API}/annual-reviews/{one_more['id']}/decide",
            headers=committee,
            json={
                "level": "good",
                "reasons": "Giới hạn tỷ lệ hoàn thành xuất sắc",
                "version": one_more["version"],
            },
        )
        assert response.status_code == 200
        # Re-deciding one already at the top level stays within the cap.
        first = members[0]
        response = await client.put(
            f"{API}/annual-reviews/{first['id']}/decide",
            headers=committee,
            json={"level": "excellent", "reasons": "Giữ nguyên", "version": first["version"] + 1},
        )
        assert response.status_code == 200, response.text
        # Four cells: 20% of 4 is less than one, so no cell may be excellent.
        cells = await _all(client, committee, base, subject="cell")
        assert len(cells) == 4
        response = await client.put(
            f"{API}/annual-reviews/{cells[0]['id']}/decide",
            headers=committee,
            json={"level": "excellent", "reasons": "Tiêu biểu", "version": cells[0]["version"]},
        )
        assert response.status_code == 422
        details = response.json()["error"]["details"]
        assert (
            details["subject"],
            details["reviewed"],
            details["current"],
            details["allowed"],
        ) == (
            "cell",
            4,
            0,
            0,
        )


async def test_annual_sheets_as_versioned_data(
    client: httpx.AsyncClient, session: AsyncSession, login: Any
) -> None:
    admin, committee, member = (
        await login("admin"),
        await login("dangbo.noivu"),
        await login("dangvien.noivu"),
    )
    current = await client.get(
        f"{API}/annual-review-sheets", headers=member, params={"subject": "annual_member"}
    )
    assert current.status_code == 200
    assert (current.json()["code"], current.json()["version_number"]) == ("annual-member", 1)
    cell_sheet = await client.get(
        f"{API}/annual-review-sheets", headers=member, params={"subject": "annual_cell"}
    )
    assert cell_sheet.json()["definition"]["top_level_max_share"] == 20
    wrong = await client.get(
        f"{API}/annual-review-sheets", headers=member, params={"subject": "meeting"}
    )
    assert wrong.status_code == 422

    definition = _sheet("annual-member")
    definition["top_level_max_share"] = 10
    body = {"definition": definition, "effective_from": "2041-01-01"}
    refused = await client.post(f"{API}/annual-review-sheets", headers=committee, json=body)
    assert refused.status_code == 403
    created = await client.post(f"{API}/annual-review-sheets", headers=admin, json=body)
    assert created.status_code == 201, created.text
    assert (created.json()["version_number"], created.json()["subject"]) == (2, "annual_member")
    in_2041 = await client.get(
        f"{API}/annual-review-sheets",
        headers=member,
        params={"subject": "annual_member", "on": "2041-06-01"},
    )
    assert in_2041.json()["id"] == created.json()["id"]

    # Proposals of 2041 now use version 2; proposals of an earlier year keep version 1.
    nv = await unit_id(session, seed.CELL_NOI_VU)
    with clock_at(REVIEW_TIME):
        (headers,) = await fresh_login(client, "dangbo.noivu")
        for year in (2040, YEAR):
            response = await client.post(
                f"{API}/units/{nv}/annual-reviews/{year}/propose", headers=headers
            )
            assert response.status_code == 200
    versions = {
        year: {r.sheet_id for r in (await session.scalars(select(AnnualReview).where(
            AnnualReview.year == year, AnnualReview.subject == "member"))).all()}
        for year in (2040, YEAR)
    }  # fmt: skip
    assert versions[YEAR] == {created.json()["id"]}
    assert versions[2040] == {current.json()["id"]}

    taken = copy.deepcopy(definition)
    taken["code"] = "qd17-regular"
    response = await client.post(
        f"{API}/annual-review-sheets", headers=admin, json={"definition": taken}
    )
    assert response.status_code == 409 and error_code(response) == "sheet_code_taken"

    def broken(change: Any) -> dict[str, Any]:
        data = copy.deepcopy(definition)
        change(data)
        return data

    def results(data: dict[str, Any]) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = data["criteria"][1]["items"]
        return items

    cases = [
        (lambda d: results(d)[0].update(max_points=25), "items add up to 65, not 70"),
        (lambda d: d.update(parts={"general": 40, "results": 60}), "part general"),
        (lambda d: d["levels"][0].update(min_points=60), "level thresholds must rise"),
        (lambda d: d["levels"].pop(), "List should have at least 4 items"),
        (lambda d: results(d)[1]["suggestion"].update(figure="salary"), "unknown figure salary"),
        (lambda d: results(d)[1]["suggestion"]["bands"].pop(), "gap at the bottom"),
        (lambda d: results(d)[1]["suggestion"]["bands"][1].update(max=85), "gap between 85"),
        (lambda d: results(d)[1]["suggestion"]["bands"][0].update(points=20), "more than max"),
        (lambda d: d.update(top_level_max_share=0), "greater than 0"),
        (lambda d: d.update(subject="meeting"), "Input should be"),
    ]
    for change, message in cases:
        response = await client.post(
            f"{API}/annual-review-sheets", headers=admin, json={"definition": broken(change)}
        )
        assert response.status_code == 422, (message, response.text)
        assert message in json.dumps(response.json()["error"]["details"], ensure_ascii=False)


def test_default_sheets_and_band_edges() -> None:
    sheet = AnnualSheetDefinition.model_validate(_sheet("annual-member"))
    assert sheet.parts == {"general": 30, "results": 70}
    assert [lv.min_points for lv in sheet.levels] == [90, 70, 50, 0]
    cases = [
        ({"attendance_rate": 95, "tasks_done_share": 90, "speaking_share": 50}, 100, "excellent"),
        (
            {"attendance_rate": 94.99, "tasks_done_share": 89.99, "speaking_share": 49.99},
            93,
            "excellent",
        ),
        (
            {"attendance_rate": 69.99, "tasks_done_share": 49.99, "speaking_share": 9.99},
            69,
            "completed",
        ),
        (
            {"attendance_rate": 100, "tasks_done_share": 100, "speaking_share": 100},
            100,
            "excellent",
        ),
    ]
    for figures, total, level in cases:
        proposal = propose(sheet, figures)
        assert (proposal.total, proposal.level) == (total, level), figures
    cell = AnnualSheetDefinition.model_validate(_sheet("annual-cell"))
    edges = {"regular_held_share": 100, "rating_average": 90, "thematic_share": 100,
             "tasks_done_share": 90, "members_attendance_rate": 95}  # fmt: skip
    assert propose(cell, edges).total == 100
    below = {key: value - 0.01 for key, value in edges.items()}
    # 30 + 12 + 16 + 8 + 12 + 8
    assert (propose(cell, below).total, propose(cell, below).level) == (86, "good")
    assert sheet.level_for(89.99) == "good" and sheet.level_for(50) == "completed"
    assert date(YEAR, 1, 1) < REVIEW_TIME.date()
