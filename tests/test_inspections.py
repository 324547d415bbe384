"""Inspections through the API: the plan, an inspector assigned to a cell meeting, the
inspector's rating (hand-computed on the default regular sheet), the comparison with the
cell's self-score, the conclusion notice with follow-up items, the secretary marking them
done, and the inspection closed. Meetings sit in 2042, a year no demo data reaches.

The arranged meeting of Chi bộ Nội vụ (3/3/2042, held for 120 minutes) gives these facts:
- duration 120 minutes, norm 90: shortfall 0 -> c1.duration 5
- roll of 10: 9 present, 1 excused -> attendance 90% -> c2.rate 4; no long streak -> c2.streak 1
- no committee meeting before -> c3.committee 0; notice sent -> c3.notice 1;
  no documents -> c3.documents 0, c3.draft 0, c4.posted 0
- 4 of the 9 present spoke -> 44.44% -> c4.speakers 4; no minutes -> c4.minutes 0;
  20 minutes on ideology -> c4.ideology 1
- 8 of last month's 10 tasks done -> 80% -> c7.tasks 27
- no vote, no tasks, minutes not final -> c8.* 0
Computed: 5 + 5 + 1 + 5 + 27 + 0 = 43. The inspector judges 33 (JUDGED) -> 76, Khá.
"""

from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from chibo.attendance.models import Attendance, AttendanceStatus
from chibo.audit.models import AuditEntry
from chibo.auth.models import Role, User
from chibo.auth.principal import Principal
from chibo.core.clock import today
from chibo.core.security import hash_password
from chibo.demo import seed
from chibo.inspections.models import Inspection, InspectionPlan, InspectionStatus
from chibo.inspections.repository import InspectionRepository, rating_visible
from chibo.meetings.models import Meeting, MeetingStatus, MeetingType
from chibo.members.models import Member, MemberState, MemberStatus
from chibo.ratings.models import (
    Level,
    MeetingRating,
    RatingKind,
    RatingSheet,
    RatingStatus,
    SheetSubject,
)
from chibo.speeches.models import Speech, SpeechKind, SpeechState
from chibo.units.models import Unit
from tests.factories import make_meeting
from tests.helpers import error_code, fetch_all, member_named, unit_id

API = "/api/v1"
YEAR = 2042
MARCH = datetime(YEAR, 3, 3, 1, 0, tzinfo=UTC)  # 08:00 in Hà Tĩnh
SECRETARY = seed.SECRETARIES[seed.CELL_NOI_VU]  # Lê Văn Thắng

COMPUTED = {
    "c1.duration": 5,
    "c2.rate": 4,
    "c2.streak": 1,
    "c3.committee": 0,
    "c3.notice": 1,
    "c3.documents": 0,
    "c3.draft": 0,
    "c4.speakers": 4,
    "c4.minutes": 0,
    "c4.ideology": 1,
    "c4.posted": 0,
    "c7.tasks": 27,
    "c8.conclusion": 0,
    "c8.tasks": 0,
    "c8.posted": 0,
}
JUDGED: dict[str, dict[str, Any]] = {
    "c3.content": {"points": 2, "note": "Nội dung chuẩn bị còn chung chung"},
    "c4.steps": {"points": 5},
    "c4.content": {"points": 8, "note": "Thảo luận chưa sâu"},
    "c4.thematic": {"points": 3, "note": "Chưa gắn chuyên đề"},
    "c4.praise": {"points": 2},
    "c5.chairing": {"points": 9, "note": "Kết luận còn dài"},
    "c6.principles": {"points": 4, "note": "Tự phê bình chưa nhiều"},
}
INSPECTOR_TOTAL = 76.0
# The cell's own score: it counted its committee meeting and documents and all of last
# month's tasks, and judged itself at full points: 90, Tốt.
SELF_POINTS = {
    **COMPUTED,
    "c3.committee": 2,
    "c3.documents": 2,
    "c7.tasks": 30,
    "c3.content": 3,
    "c4.steps": 5,
    "c4.content": 10,
    "c4.thematic": 5,
    "c4.praise": 2,
    "c5.chairing": 10,
    "c6.principles": 5,
}
# The committee approved it without the committee meeting and documents: 86, Khá.
APPROVED_POINTS = {**SELF_POINTS, "c3.committee": 0, "c3.documents": 0}


def _total(points: Mapping[str, float]) -> float:
    return float(sum(points.values()))


async def _user_id(session: AsyncSession, username: str) -> int:
    return (await session.scalars(select(User.id).where(User.username == username))).one()


async def _regular_sheet(session: AsyncSession) -> RatingSheet:
    return (
        await session.scalars(
            select(RatingSheet).where(
                RatingSheet.code == "qd17-regular", RatingSheet.version_number == 2
            )
        )
    ).one()  # the version in force (migration 0014)


async def _arranged_meeting(session: AsyncSession, start: datetime = MARCH) -> Meeting:
    meeting = await make_meeting(session, seed.CELL_NOI_VU, status=MeetingStatus.held, start=start)
    meeting.ideology_minutes = 20
    meeting.tasks_reviewed_total = 10
    meeting.tasks_reviewed_done = 8
    members = (
        await session.scalars(
            select(Member)
            .where(
                Member.unit_id == await unit_id(session, seed.CELL_NOI_VU),
                Member.state == MemberState.active,
                Member.status == MemberStatus.official,
                Member.full_name != seed.EXEMPT_MEMBER,
            )
            .order_by(Member.id)
            .limit(10)
        )
    ).all()
    assert len(members) == 10
    for index, member in enumerate(members):
        excused = index == 9
        session.add(
            Attendance(
                meeting_id=meeting.id,
                member_id=member.id,
                status=AttendanceStatus.excused if excused else AttendanceStatus.present,
                reason="Đi công tác" if excused else None,
            )
        )
    for index, member in enumerate(members[:4]):
        begin = start + timedelta(minutes=30 + 5 * index)
        session.add(
            Speech(
                meeting_id=meeting.id,
                member_id=member.id,
                kind=SpeechKind.contribution,
                state=SpeechState.done,
                requested_at=begin - timedelta(minutes=1),
                begin_time=begin,
                end_time=begin + timedelta(minutes=4),
                spoken_seconds=240,
                summary="Ý kiến đóng góp",
            )
        )
    await session.flush()
    return meeting


def _self_rating(meeting: Meeting, sheet: RatingSheet, status: RatingStatus) -> MeetingRating:
    final = status is RatingStatus.final
    return MeetingRating(
        meeting_id=meeting.id,
        unit_id=meeting.unit_id,
        sheet_id=sheet.id,
        kind=RatingKind.self_rating,
        status=status,
        facts={},
        self_entries={},
        self_points=SELF_POINTS,
        self_total=_total(SELF_POINTS),
        self_level=Level.good,
        proposed_level=Level.good,
        caps_applied=[],
        approved_points=APPROVED_POINTS if final else None,
        approved_total=_total(APPROVED_POINTS) if final else None,
        approved_level=Level.fair if final else None,
    )


async def _plan(client: httpx.AsyncClient, headers: dict[str, str], base: int) -> dict[str, Any]:
    response = await client.post(
        f"{API}/units/{base}/inspection-plans",
        headers=headers,
        json={"year": YEAR, "title": "Kế hoạch kiểm tra, giám sát năm 2042"},
    )
    assert response.status_code == 201, response.text
    plan: dict[str, Any] = response.json()
    return plan


def _by_code(items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {item["code"]: item for item in items}


async def test_an_inspection_from_plan_to_closed_conclusion(
    client: httpx.AsyncClient, session: AsyncSession, login: Any
) -> None:
    committee = await login("dangbo.noivu")
    secretary = await login("bithu.noivu")
    member = await login("dangvien.noivu")
    khoi = await login("khoi")
    base = await unit_id(session, seed.BASE_CODE)
    cell = await unit_id(session, seed.CELL_NOI_VU)
    meeting = await _arranged_meeting(session)
    sheet = await _regular_sheet(session)
    own = _self_rating(meeting, sheet, RatingStatus.submitted)
    session.add(own)
    await session.flush()
    await session.commit()
    inspector_id = await _user_id(session, "dangbo.noivu")

    # The plan: one per committee and year; not for a cell; not by a cell.
    plan = await _plan(client, committee, base)
    again = await client.post(
        f"{API}/units/{base}/inspection-plans",
        headers=committee,
        json={"year": YEAR, "title": "Kế hoạch thứ hai"},
    )
    assert again.status_code == 409 and error_code(again) == "plan_exists"
    on_cell = await client.post(
        f"{API}/units/{cell}/inspection-plans",
        headers=committee,
        json={"year": YEAR, "title": "Kế hoạch của chi bộ"},
    )
    assert on_cell.status_code == 422 and error_code(on_cell) == "not_a_committee_unit"
    by_cell = await client.post(
        f"{API}/units/{base}/inspection-plans",
        headers=secretary,
        json={"year": YEAR + 1, "title": "Kế hoạch"},
    )
    assert by_cell.status_code == 403
    patched = await client.patch(
        f"{API}/inspection-plans/{plan['id']}",
        headers=committee,
        json={"version": plan["version"], "content": "Kiểm tra 2 chi bộ mỗi quý"},
    )
    assert patched.status_code == 200, patched.text
    assert patched.json()["version"] == plan["version"] + 1
    stale = await client.patch(
        f"{API}/inspection-plans/{plan['id']}",
        headers=committee,
        json={"version": plan["version"], "title": "Tên khác"},
    )
    assert stale.status_code == 409 and error_code(stale) == "stale_version"
    plans = await client.get(f"{API}/units/{base}/inspection-plans", headers=committee)
    # Newest year first (the demo data carry the current year's plan).
    assert plans.json()[0]["id"] == plan["id"] and plans.json()[0]["year"] == YEAR

    # Assign the committee's member to attend the meeting.
    assigned = await client.post(
        f"{API}/inspection-plans/{plan['id']}/inspections",
        headers=committee,
        json={"meeting_id": meeting.id, "inspector_user_id": inspector_id},
    )
    assert assigned.status_code == 201, assigned.text
    inspection = assigned.json()
    assert inspection["status"] == "planned"
    assert inspection["cell_id"] == cell and inspection["year"] == YEAR
    assert inspection["inspector_name"] == "Văn phòng Đảng ủy Sở Nội vụ"
    assert inspection["rating"] is None and inspection["follow_ups"] == []
    url = f"{API}/inspections/{inspection['id']}"
    twice = await client.post(
        f"{API}/inspection-plans/{plan['id']}/inspections",
        headers=committee,
        json={"meeting_id": meeting.id, "inspector_user_id": inspector_id},
    )
    assert twice.status_code == 409 and error_code(twice) == "inspection_exists"
    listed = await client.get(f"{API}/inspection-plans/{plan['id']}/inspections", headers=khoi)
    assert [i["id"] for i in listed.json()] == [inspection["id"]]

    # Until the conclusion, the cell does not see the inspection.
    hidden = await client.get(url, headers=secretary)
    assert hidden.status_code == 403
    assert await fetch_all(client, f"{API}/units/{cell}/inspections", member) == []

    # Only the assigned inspector rates (khoi is a committee, but not the inspector).
    entries = dict(JUDGED)
    for headers in (khoi, secretary):
        other = await client.put(
            url + "/rating", headers=headers, json={"entries": entries, "version": 1}
        )
        assert other.status_code == 403, other.text

    # Bad ratings: nothing is written.
    no_note = {**entries, "c5.chairing": {"points": 8}}
    response = await client.put(
        url + "/rating", headers=committee, json={"entries": no_note, "version": 1}
    )
    assert response.status_code == 422 and error_code(response) == "deduction_needs_note"
    assert {"item": "c5.chairing", "code": "deduction_needs_note"}.items() <= (
        response.json()["error"]["details"][0].items()
    )
    too_much = {**entries, "c4.content": {"points": 11}}
    response = await client.put(
        url + "/rating", headers=committee, json={"entries": too_much, "version": 1}
    )
    assert response.status_code == 422 and error_code(response) == "score_above_max"
    missing = {k: v for k, v in entries.items() if k != "c6.principles"}
    response = await client.put(
        url + "/rating", headers=committee, json={"entries": missing, "version": 1}
    )
    assert response.status_code == 422 and error_code(response) == "item_not_scored"
    stored = await session.scalars(
        select(MeetingRating.id).where(MeetingRating.inspection_id == inspection["id"])
    )
    assert stored.all() == []

    # The conclusion waits for the inspector's rating.
    early = await client.post(
        url + "/conclusion",
        headers=committee,
        json={"number": "05-TB/ĐU", "text": "Thông báo kết luận kiểm tra"},
    )
    assert early.status_code == 409 and error_code(early) == "inspection_not_rated"

    # The inspector's draft: the hand-computed total.
    rated = await client.put(
        url + "/rating",
        headers=committee,
        json={"entries": entries, "findings": "Sinh hoạt đúng quy trình", "version": 1},
    )
    assert rated.status_code == 200, rated.text
    body = rated.json()
    rating = body["rating"]
    assert rating["status"] == "draft"
    assert rating["sheet_id"] == sheet.id and rating["sheet_version"] == 2
    assert rating["total"] == INSPECTOR_TOTAL == _total(COMPUTED) + 33
    assert rating["level"] == "fair" and rating["caps_applied"] == []
    items = _by_code(rating["items"])
    for code, points in COMPUTED.items():
        assert items[code]["points"] == points, code
        assert items[code]["computed"] is True, code
    for code, entry in JUDGED.items():
        assert items[code]["points"] == entry["points"], code
        assert items[code]["computed"] is False
    assert items["c2.rate"]["value"] == 90.0
    assert items["c4.speakers"]["value"] == 44.44
    assert items["c7.tasks"]["value"] == 80.0
    assert items["c4.speakers"]["source"] == "4/9 người dự đã phát biểu"
    assert items["c5.chairing"]["note"] == "Kết luận còn dài"
    assert body["findings"] == "Sinh hoạt đúng quy trình"
    assert body["status"] == "planned" and body["version"] == 2
    assert rated.headers["ETag"] == 'W/"2"'

    # Submitted: final, the inspection rated, the rating no longer changes.
    stale = await client.post(url + "/rating/submit", headers=committee, json={"version": 1})
    assert stale.status_code == 409 and error_code(stale) == "stale_version"
    submitted = await client.post(url + "/rating/submit", headers=committee, json={"version": 2})
    assert submitted.status_code == 200, submitted.text
    body = submitted.json()
    assert body["status"] == "rated" and body["rating"]["status"] == "final"
    assert body["rating"]["total"] == INSPECTOR_TOTAL
    locked = await client.put(
        url + "/rating", headers=committee, json={"entries": entries, "version": body["version"]}
    )
    assert locked.status_code == 409 and error_code(locked) == "inspection_rating_final"

    # The comparison with the cell's submitted self-score (90, Tốt).
    comparison = (await client.get(url + "/comparison", headers=committee)).json()
    assert comparison["self_rating_id"] == own.id and comparison["self_status"] == "submitted"
    assert comparison["self_total"] == 90.0 and comparison["self_level"] == "good"
    assert comparison["inspector_total"] == 76.0 and comparison["inspector_level"] == "fair"
    assert comparison["difference"] == -14.0
    assert comparison["level_steps"] == -1
    assert comparison["approved_total"] is None and comparison["difference_from_approved"] is None
    assert comparison["same_sheet"] is True
    differences = {i["code"]: i["difference"] for i in comparison["items"] if i["difference"] != 0}
    assert differences == {
        "c3.committee": -2,
        "c3.documents": -2,
        "c3.content": -1,
        "c4.content": -2,
        "c4.thematic": -2,
        "c5.chairing": -1,
        "c6.principles": -1,
        "c7.tasks": -3,
    }
    assert sum(differences.values()) == comparison["difference"]

    # Once the committee approves the self-rating (86, Khá), that is compared too.
    await session.execute(
        update(MeetingRating)
        .where(MeetingRating.id == own.id)
        .values(
            status=RatingStatus.final,
            approved_points=APPROVED_POINTS,
            approved_total=_total(APPROVED_POINTS),
            approved_level=Level.fair,
            version=MeetingRating.version + 1,
        )
    )
    await session.commit()
    comparison = (await client.get(url, headers=committee)).json()["comparison"]
    assert comparison["approved_total"] == 86.0 and comparison["approved_level"] == "fair"
    assert comparison["difference"] == -14.0
    assert comparison["difference_from_approved"] == -10.0
    approved = {
        i["code"]: i["difference_from_approved"]
        for i in comparison["items"]
        if i["difference_from_approved"]
    }
    assert approved == {
        "c3.content": -1,
        "c4.content": -2,
        "c4.thematic": -2,
        "c5.chairing": -1,
        "c6.principles": -1,
        "c7.tasks": -3,
    }

    # The conclusion notice: by the committee, owners from the cell.
    notice: dict[str, Any] = {
        "number": "05-TB/ĐU",
        "text": "Chi bộ tổ chức sinh hoạt đúng quy trình; cần chuẩn bị tài liệu trước.",
        "follow_ups": [
            {
                "title": "Gửi tài liệu sinh hoạt trước ít nhất 1 ngày",
                "owner_member_id": (await member_named(session, SECRETARY)).id,
                "due_date": f"{YEAR}-04-30",
            },
            {"title": "Chi ủy họp trước mỗi kỳ sinh hoạt"},
        ],
    }
    by_secretary = await client.post(url + "/conclusion", headers=secretary, json=notice)
    assert by_secretary.status_code == 403
    outsider = await member_named(session, seed.SECRETARIES["CB-STC-VP"])
    wrong_owner = {
        **notice,
        "follow_ups": [{"title": "Khắc phục", "owner_member_id": outsider.id}],
    }
    response = await client.post(url + "/conclusion", headers=committee, json=wrong_owner)
    assert response.status_code == 422 and error_code(response) == "owner_not_in_cell"
    concluded = await client.post(url + "/conclusion", headers=committee, json=notice)
    assert concluded.status_code == 200, concluded.text
    body = concluded.json()
    assert body["status"] == "concluded"
    assert body["conclusion_number"] == "05-TB/ĐU"
    assert body["concluded_by_user_id"] == inspector_id and body["concluded_at"]
    assert [f["status"] for f in body["follow_ups"]] == ["open", "open"]
    assert body["follow_ups"][0]["owner_name"] == SECRETARY
    repeat = await client.post(url + "/conclusion", headers=khoi, json=notice)
    assert repeat.status_code == 409 and error_code(repeat) == "inspection_concluded"

    # Now the cell reads it: the notice, the follow-ups, the final rating, the comparison.
    seen = await client.get(url, headers=member)
    assert seen.status_code == 200, seen.text
    seen_body = seen.json()
    assert seen_body["conclusion_text"] == notice["text"]
    assert seen_body["rating"]["status"] == "final"
    assert seen_body["comparison"]["difference"] == -14.0
    follow_ups = (await client.get(url + "/follow-ups", headers=member)).json()
    assert [f["title"] for f in follow_ups] == [f["title"] for f in notice["follow_ups"]]
    published = await fetch_all(client, f"{API}/units/{cell}/inspections", member, {"year": YEAR})
    assert [i["id"] for i in published] == [inspection["id"]]
    assert (
        await fetch_all(client, f"{API}/units/{cell}/inspections", member, {"year": YEAR + 1}) == []
    )

    # Follow-ups: the secretary marks them done (not dropped); members only read.
    first, second = follow_ups
    by_member = await client.patch(
        f"{API}/follow-ups/{first['id']}", headers=member, json={"version": 1, "status": "done"}
    )
    assert by_member.status_code == 403
    future = await client.patch(
        f"{API}/follow-ups/{first['id']}",
        headers=secretary,
        json={"version": 1, "status": "done", "done_on": str(today() + timedelta(days=1))},
    )
    assert future.status_code == 422 and error_code(future) == "done_on_in_future"
    done = await client.patch(
        f"{API}/follow-ups/{first['id']}",
        headers=secretary,
        json={"version": 1, "status": "done", "note": "Đã gửi tài liệu qua Sổ tay đảng viên"},
    )
    assert done.status_code == 200, done.text
    assert done.json()["status"] == "done" and done.json()["done_on"] == str(today())
    assert (await client.get(url, headers=member)).json()["status"] == "concluded"
    drop = await client.patch(
        f"{API}/follow-ups/{second['id']}",
        headers=secretary,
        json={"version": 1, "status": "dropped"},
    )
    assert drop.status_code == 403
    finished = await client.patch(
        f"{API}/follow-ups/{second['id']}",
        headers=secretary,
        json={"version": 1, "status": "done", "done_on": str(today() - timedelta(days=2))},
    )
    assert finished.status_code == 200, finished.text
    closed = (await client.get(url, headers=member)).json()
    assert closed["status"] == "closed"

    # Reopened by the committee: concluded again; dropped: closed again.
    reopened = await client.patch(
        f"{API}/follow-ups/{second['id']}",
        headers=committee,
        json={"version": 2, "status": "open"},
    )
    assert reopened.status_code == 200 and reopened.json()["done_on"] is None
    assert (await client.get(url, headers=committee)).json()["status"] == "concluded"
    dropped = await client.patch(
        f"{API}/follow-ups/{second['id']}",
        headers=committee,
        json={"version": 3, "status": "dropped", "note": "Không còn phù hợp"},
    )
    assert dropped.status_code == 200, dropped.text
    assert (await client.get(url, headers=committee)).json()["status"] == "closed"

    # Every write is audited.
    actions = (
        await session.scalars(
            select(AuditEntry.action).where(
                AuditEntry.action.like("inspection%") | AuditEntry.action.like("follow_up%")
            )
        )
    ).all()
    for action in (
        "inspection_plan.create",
        "inspection_plan.update",
        "inspection.create",
        "inspection.rate",
        "inspection.rating_submit",
        "inspection.conclude",
        "follow_up.create",
        "follow_up.update",
        "inspection.close",
        "inspection.reopen",
    ):
        assert action in actions, action


async def test_assignments_refused(
    client: httpx.AsyncClient, session: AsyncSession, login: Any
) -> None:
    committee = await login("dangbo.noivu")
    khoi = await login("khoi")
    base = await unit_id(session, seed.BASE_CODE)
    meeting = await _arranged_meeting(session)
    outside = await make_meeting(
        session, "CB-STC-VP", status=MeetingStatus.held, start=MARCH + timedelta(days=1)
    )
    last_year = await make_meeting(
        session,
        seed.CELL_NOI_VU,
        status=MeetingStatus.held,
        start=datetime(YEAR - 1, 11, 3, 1, 0, tzinfo=UTC),
    )
    committee_meeting = await make_meeting(
        session,
        seed.CELL_NOI_VU,
        status=MeetingStatus.held,
        meeting_type=MeetingType.committee,
        start=MARCH - timedelta(days=3),
        title="Họp chi ủy",
    )
    other_committee = User(
        username="dangbo.taichinh",
        full_name="Văn phòng Đảng ủy Sở Tài chính",
        password_hash=hash_password(seed.DEMO_PASSWORD),
        role=Role.base_committee,
        unit_id=await unit_id(session, "DB-STC"),
    )
    retired = User(
        username="dangbo.noivu.cu",
        full_name="Tài khoản cũ",
        password_hash=hash_password(seed.DEMO_PASSWORD),
        role=Role.base_committee,
        unit_id=base,
        active=False,
    )
    session.add_all([other_committee, retired])
    await session.flush()
    await session.commit()
    plan = await _plan(client, committee, base)
    assign = f"{API}/inspection-plans/{plan['id']}/inspections"
    inspector = await _user_id(session, "dangbo.noivu")

    async def attempt(headers: dict[str, str], meeting_id: int, user_id: int) -> httpx.Response:
        return await client.post(
            assign, headers=headers, json={"meeting_id": meeting_id, "inspector_user_id": user_id}
        )

    # A meeting outside the caller's scope does not exist for it; one the caller sees but
    # outside the plan's committee is refused.
    response = await attempt(committee, outside.id, inspector)
    assert response.status_code == 404
    response = await attempt(khoi, outside.id, inspector)
    assert response.status_code == 422 and error_code(response) == "meeting_outside_plan"
    response = await attempt(committee, last_year.id, inspector)
    assert response.status_code == 422 and error_code(response) == "meeting_outside_plan_year"
    response = await attempt(committee, committee_meeting.id, inspector)
    assert response.status_code == 422 and error_code(response) == "no_rating_sheet"
    # Inspectors are active committee accounts the caller sees, whose scope covers the
    # cell. The superior committee's accounts lie outside the base committee's scope: to it
    # they answer as an account that does not exist (no existence oracle).
    missing = await attempt(committee, meeting.id, 999_999)
    assert missing.status_code == 422 and error_code(missing) == "inspector_not_committee"
    for user_id in (
        await _user_id(session, "bithu.noivu"),
        await _user_id(session, "dangvien.noivu"),
        other_committee.id,
        retired.id,
        await _user_id(session, "khoi"),
        await _user_id(session, "admin"),
    ):
        response = await attempt(committee, meeting.id, user_id)
        assert response.status_code == 422, (user_id, response.text)
        assert response.json()["error"]["message"] == missing.json()["error"]["message"]
        assert error_code(response) == "inspector_not_committee"
    # The superior committee assigns its own accounts.
    for username in ("khoi", "admin"):
        response = await attempt(khoi, meeting.id, await _user_id(session, username))
        assert response.status_code == 201, response.text
    stored = await session.scalars(select(Inspection.id).where(Inspection.meeting_id == meeting.id))
    assert len(stored.all()) == 2


async def test_a_meeting_not_held_is_not_rated(
    client: httpx.AsyncClient, session: AsyncSession, login: Any
) -> None:
    committee = await login("dangbo.noivu")
    base = await unit_id(session, seed.BASE_CODE)
    announced = await make_meeting(
        session, seed.CELL_NOI_VU, status=MeetingStatus.announced, start=MARCH
    )
    await session.commit()
    plan = await _plan(client, committee, base)
    assigned = await client.post(
        f"{API}/inspection-plans/{plan['id']}/inspections",
        headers=committee,
        json={
            "meeting_id": announced.id,
            "inspector_user_id": await _user_id(session, "dangbo.noivu"),
        },
    )
    assert assigned.status_code == 201, assigned.text
    response = await client.put(
        f"{API}/inspections/{assigned.json()['id']}/rating",
        headers=committee,
        json={"entries": JUDGED, "version": 1},
    )
    assert response.status_code == 409 and error_code(response) == "meeting_not_held"
    submit = await client.post(
        f"{API}/inspections/{assigned.json()['id']}/rating/submit",
        headers=committee,
        json={"version": 1},
    )
    assert submit.status_code == 409 and error_code(submit) == "inspection_not_rated"


async def test_the_planning_committee_concludes_not_the_inspector_alone(
    client: httpx.AsyncClient, session: AsyncSession, login: Any
) -> None:
    """The superior committee plans and assigns the base committee's account: that account
    rates, but the conclusion belongs to the superior committee."""
    khoi = await login("khoi")
    committee = await login("dangbo.noivu")
    superior = await unit_id(session, seed.SUPERIOR_CODE)
    meeting = await _arranged_meeting(session)
    await session.commit()
    plan = await _plan(client, khoi, superior)
    assigned = await client.post(
        f"{API}/inspection-plans/{plan['id']}/inspections",
        headers=khoi,
        json={
            "meeting_id": meeting.id,
            "inspector_user_id": await _user_id(session, "dangbo.noivu"),
        },
    )
    assert assigned.status_code == 201, assigned.text
    url = f"{API}/inspections/{assigned.json()['id']}"
    # The base committee does not see the superior committee's plan, but rates its meeting.
    assert (
        await client.get(f"{API}/inspection-plans/{plan['id']}", headers=committee)
    ).status_code == 404
    rated = await client.put(
        url + "/rating", headers=committee, json={"entries": JUDGED, "version": 1}
    )
    assert rated.status_code == 200, rated.text
    submitted = await client.post(url + "/rating/submit", headers=committee, json={"version": 2})
    assert submitted.status_code == 200, submitted.text
    notice = {"number": "01-TB/ĐUK", "text": "Thông báo kết luận của Đảng ủy Khối"}
    response = await client.post(url + "/conclusion", headers=committee, json=notice)
    assert response.status_code == 403
    response = await client.post(url + "/conclusion", headers=khoi, json=notice)
    assert response.status_code == 200, response.text
    # No follow-up item: nothing to track, the inspection is closed at once.
    assert response.json()["status"] == "closed" and response.json()["follow_ups"] == []
    # The conclusion number is used once a year by the committee.
    again = await _arranged_meeting(session, MARCH + timedelta(days=31))
    await session.commit()
    second = await client.post(
        f"{API}/inspection-plans/{plan['id']}/inspections",
        headers=khoi,
        json={"meeting_id": again.id, "inspector_user_id": await _user_id(session, "khoi")},
    )
    assert second.status_code == 201, second.text
    second_url = f"{API}/inspections/{second.json()['id']}"
    entries = {"entries": JUDGED, "version": 1}
    assert (await client.put(second_url + "/rating", headers=khoi, json=entries)).status_code == 200
    assert (
        await client.post(second_url + "/rating/submit", headers=khoi, json={"version": 2})
    ).status_code == 200
    taken = await client.post(second_url + "/conclusion", headers=khoi, json=notice)
    assert taken.status_code == 409 and error_code(taken) == "conclusion_number_taken"


async def test_the_sheet_in_force_on_the_meeting_day(session: AsyncSession) -> None:
    """The latest version of a meeting sheet in force on the day whose types include the
    meeting's; the thematic sheet for thematic meetings."""
    repo = InspectionRepository(session)
    current = await _regular_sheet(session)
    later = RatingSheet(
        code=current.code,
        version_number=3,
        subject=SheetSubject.meeting,
        name=current.name,
        meeting_types=current.meeting_types,
        definition=current.definition,
        effective_from=date(YEAR, 6, 1),
        created_at=datetime(2026, 1, 1, tzinfo=UTC),
    )
    session.add(later)
    await session.flush()
    march = await make_meeting(session, seed.CELL_NOI_VU, start=MARCH)
    july = await make_meeting(
        session, seed.CELL_NOI_VU, start=datetime(YEAR, 7, 1, 1, 0, tzinfo=UTC)
    )
    thematic = await make_meeting(
        session, seed.CELL_NOI_VU, start=MARCH, meeting_type=MeetingType.thematic
    )
    committee = await make_meeting(
        session, seed.CELL_NOI_VU, start=MARCH, meeting_type=MeetingType.committee
    )
    assert (await repo.sheet_for_meeting(march)) is current
    assert (await repo.sheet_for_meeting(july)) is later
    found = await repo.sheet_for_meeting(thematic)
    assert found is not None and found.code == "qd17-thematic"
    assert await repo.sheet_for_meeting(committee) is None


async def test_the_cell_sees_the_inspectors_rating_once_concluded(session: AsyncSession) -> None:
    """`rating_visible`, for the packages that list ratings: not the inspector's draft."""
    meeting = await make_meeting(session, seed.CELL_NOI_VU, status=MeetingStatus.held, start=MARCH)
    sheet = await _regular_sheet(session)
    plan = InspectionPlan(unit_id=await unit_id(session, seed.BASE_CODE), year=YEAR, title="KH")
    session.add(plan)
    await session.flush()
    inspection = Inspection(
        plan_id=plan.id,
        meeting_id=meeting.id,
        inspector_user_id=await _user_id(session, "dangbo.noivu"),
    )
    session.add(inspection)
    await session.flush()
    own = _self_rating(meeting, sheet, RatingStatus.submitted)
    theirs = MeetingRating(
        meeting_id=meeting.id,
        unit_id=meeting.unit_id,
        sheet_id=sheet.id,
        kind=RatingKind.inspection,
        inspection_id=inspection.id,
        status=RatingStatus.final,
        facts={},
        self_entries={},
        self_points={},
        caps_applied=[],
    )
    session.add_all([own, theirs])
    await session.flush()
    cell_path = (await session.get(Unit, meeting.unit_id)).path  # type: ignore[union-attr]

    def principal(role: Role) -> Principal:
        return Principal(1, "x", role, meeting.unit_id, cell_path)

    async def visible(role: Role) -> set[int]:
        query = select(MeetingRating.id).where(
            MeetingRating.meeting_id == meeting.id, rating_visible(principal(role))
        )
        return set((await session.scalars(query)).all())

    assert await visible(Role.base_committee) == {own.id, theirs.id}
    assert await visible(Role.cell_secretary) == {own.id}
    assert await visible(Role.member) == {own.id}
    inspection.status = InspectionStatus.concluded
    await session.flush()
    assert await visible(Role.member) == {own.id, theirs.id}
