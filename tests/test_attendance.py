"""Roll call through the API: who is expected (exempt, temporarily transferred in and out),
marks, check-in from a phone, guests, figures by hand, a member's history and the alerts.

Meetings sit in years no demo data reaches (2032, 2033), so that the figures are exactly the
ones computed here by hand.
"""

from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from chibo.attendance.models import Attendance, AttendanceStatus
from chibo.attendance.repository import StatusMark
from chibo.attendance.service import (
    attendance_points,
    longest_excused_streaks,
    present_member_ids,
    sync_roll,
    voting_base,
)
from chibo.core.clock import utcnow
from chibo.demo import seed
from chibo.meetings.models import Meeting, MeetingStatus, MeetingType
from chibo.members.models import Exemption, Member, MemberStatus, TemporaryTransfer
from tests.factories import make_meeting
from tests.helpers import audit_count, error_code, member_named, unit_id

API = "/api/v1"
# 08:00 in Hà Tĩnh on Monday 1 March 2032.
MARCH_2032 = datetime(2032, 3, 1, 1, 0, tzinfo=UTC)
NOI_VU_ON_ROLLS = 26  # Chi bộ Nội vụ's members in the demo data
TRANSFERRED_OUT = "Trần Quốc Việt"
PROBATIONARY = "Phan Thị Diệu Linh"
ME = seed.DEMO_ACCOUNT_MEMBERS["dangvien.noivu"]  # Đinh Thị Hoài Thu


def url(meeting: Meeting | int, suffix: str = "") -> str:
    meeting_id = meeting if isinstance(meeting, int) else meeting.id
    return f"{API}/meetings/{meeting_id}{suffix}"


async def _send_away(session: AsyncSession, name: str, start: date) -> Member:
    """Sinh hoạt tạm thời: the member attends Chi bộ Thi đua – Khen thưởng from `start`."""
    member = await member_named(session, name)
    session.add(
        TemporaryTransfer(
            member_id=member.id,
            home_unit_id=member.unit_id,
            host_unit_id=await unit_id(session, seed.CELL_THI_DUA),
            start_date=start,
        )
    )
    await session.flush()
    return member


async def _noi_vu_meeting(
    session: AsyncSession,
    *,
    status: MeetingStatus = MeetingStatus.in_progress,
    start: datetime = MARCH_2032,
    meeting_type: MeetingType = MeetingType.regular,
    build: bool = True,
) -> Meeting:
    meeting = await make_meeting(
        session, seed.CELL_NOI_VU, status=status, start=start, meeting_type=meeting_type
    )
    if build:
        await sync_roll(session, meeting)
    await session.commit()
    return meeting


def _by_name(roll: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {row["member_name"]: row for row in roll["rows"]}


async def test_roll_lists_expected_members_and_figures_match_hand_counts(
    client: httpx.AsyncClient, login, session: AsyncSession
) -> None:
    away = await _send_away(session, TRANSFERRED_OUT, date(2032, 1, 1))
    meeting = await _noi_vu_meeting(session)
    secretary = await login("bithu.noivu")

    response = await client.get(url(meeting, "/attendance"), headers=secretary)
    assert response.status_code == 200, response.text
    roll = response.json()
    rows = _by_name(roll)
    # 26 on the rolls (the probationary member was admitted in 2026) + 1 attending from
    # Ban Tôn giáo.
    assert len(rows) == NOI_VU_ON_ROLLS + 1
    assert rows[seed.EXEMPT_MEMBER]["excluded_from_base"] == "exempt"
    assert rows[TRANSFERRED_OUT]["excluded_from_base"] == "transferred_out"
    guest = rows[seed.TEMPORARILY_TRANSFERRED_MEMBER]
    assert guest["temporary_guest"] is True and guest["excluded_from_base"] is None
    assert rows[PROBATIONARY]["member_status"] == "probationary"
    # The cell's own members first, the temporary guest last.
    assert roll["rows"][-1]["member_name"] == seed.TEMPORARILY_TRANSFERRED_MEMBER
    assert all(r["status"] is None for r in roll["rows"])
    summary = roll["summary"]
    assert summary["expected"] == 27
    assert summary["base"] == 25  # 24 of the cell's own + Võ Văn Dũng
    assert summary["excluded_exempt"] == 1
    assert summary["excluded_transferred_out"] == 1
    assert summary["temporary_guests"] == 1
    assert summary["not_marked"] == 25
    assert summary["present"] == 0 and summary["rate"] == 0.0

    # The member checks in from a phone with the code on the secretary's screen.
    member = await login("dangvien.noivu")
    code = (await client.get(url(meeting, "/check-in-code"), headers=secretary)).json()["code"]
    assert code == meeting.checkin_code
    response = await client.post(url(meeting, "/check-in"), headers=member, json={"code": code})
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "present"
    assert response.json()["checkin_method"] == "self"

    # The secretary marks the rest: 18 present (including Võ Văn Dũng), one late, two excused,
    # one unexcused; two left unmarked.
    base_names = [
        name for name, row in rows.items() if row["excluded_from_base"] is None and name != ME
    ]
    assert len(base_names) == 24
    late, excused_1, excused_2, unexcused, *rest = sorted(
        n for n in base_names if n != seed.TEMPORARILY_TRANSFERRED_MEMBER
    )
    present_names = [seed.TEMPORARILY_TRANSFERRED_MEMBER, *rest[:17]]
    unmarked = rest[17:]
    assert len(unmarked) == 2
    entries = [{"member_id": rows[n]["member_id"], "status": "present"} for n in present_names] + [
        {"member_id": rows[late]["member_id"], "status": "late"},
        {"member_id": rows[excused_1]["member_id"], "status": "excused", "reason": "Ốm"},
        {"member_id": rows[excused_2]["member_id"], "status": "excused", "reason": "Công tác"},
        {"member_id": rows[unexcused]["member_id"], "status": "unexcused"},
    ]
    response = await client.post(
        url(meeting, "/attendance/bulk"), headers=secretary, json={"entries": entries}
    )
    assert response.status_code == 200, response.text
    summary = response.json()["summary"]
    assert summary["present"] == 20  # 1 checked in + 18 present + 1 late
    assert summary["late"] == 1
    assert (summary["excused"], summary["unexcused"], summary["not_marked"]) == (2, 1, 2)
    assert summary["rate"] == 0.8  # 20 / 25
    # 75–<90% would be 3, but any unexcused absence gives 1; +1: no long run of excused.
    assert summary["attendance_points"] == 2
    assert summary["no_long_excused_streak"] is True

    # The unexcused absence turns out excused: now 3 + 1.
    response = await client.put(
        url(meeting, f"/attendance/{rows[unexcused]['member_id']}"),
        headers=secretary,
        json={"status": "excused", "reason": "Con ốm, đã báo"},
    )
    assert response.status_code == 200, response.text
    assert response.json()["reason"] == "Con ốm, đã báo"
    # The exempt member comes anyway: listed present, still outside the base.
    response = await client.put(
        url(meeting, f"/attendance/{rows[seed.EXEMPT_MEMBER]['member_id']}"),
        headers=secretary,
        json={"status": "present"},
    )
    assert response.status_code == 200
    assert response.json()["checkin_method"] == "secretary"
    summary = (await client.get(url(meeting, "/attendance"), headers=member)).json()["summary"]
    assert (summary["present"], summary["base"], summary["unexcused"]) == (20, 25, 0)
    assert summary["excused"] == 3 and summary["exempt_present"] == 1
    assert summary["attendance_points"] == 4

    # What other packages read.
    present = await present_member_ids(session, meeting.id)
    assert len(present) == 21  # 20 in the base + the exempt member
    assert rows[seed.EXEMPT_MEMBER]["member_id"] in present
    assert rows[seed.TEMPORARILY_TRANSFERRED_MEMBER]["member_id"] in present
    # 26 on the rolls - Trần Quốc Việt (away) - Phan Thị Diệu Linh (probationary)
    # = 24, exempt Nguyễn Hữu Nghĩa counted because he came; Võ Văn Dũng votes at home.
    assert await voting_base(session, meeting) == 24
    assert away.id not in present


async def test_voting_base_leaves_out_absent_exempt_and_guests(session: AsyncSession) -> None:
    await _send_away(session, TRANSFERRED_OUT, date(2032, 1, 1))
    meeting = await _noi_vu_meeting(session)
    assert await voting_base(session, meeting) == 23
    guest = await member_named(session, seed.TEMPORARILY_TRANSFERRED_MEMBER)
    row = (
        await session.scalars(
            select(Attendance).where(
                Attendance.meeting_id == meeting.id, Attendance.member_id == guest.id
            )
        )
    ).one()
    row.status = AttendanceStatus.present
    await session.flush()
    assert await voting_base(session, meeting) == 23
    assert await present_member_ids(session, meeting.id) == {guest.id}


async def test_members_outside_the_base_come_anyway_but_are_never_absent(
    client: httpx.AsyncClient, login, session: AsyncSession
) -> None:
    """An exempt member, or one attending another cell, who comes anyway is marked present in
    one tap and stays out of the base; they are never marked absent; a mark can be cleared."""
    away = await _send_away(session, TRANSFERRED_OUT, date(2032, 1, 1))
    meeting = await _noi_vu_meeting(session)
    secretary = await login("bithu.noivu")
    rows = _by_name((await client.get(url(meeting, "/attendance"), headers=secretary)).json())
    exempt_id = rows[seed.EXEMPT_MEMBER]["member_id"]
    counted_id = rows["Nguyễn Văn An"]["member_id"]
    vote_base = await voting_base(session, meeting)

    async def put(member_id: int, body: dict[str, Any]) -> httpx.Response:
        return await client.put(
            url(meeting, f"/attendance/{member_id}"),
            headers={**secretary, "Accept-Language": "vi"},
            json=body,
        )

    async def summary() -> dict[str, Any]:
        roll = (await client.get(url(meeting, "/attendance"), headers=secretary)).json()
        figures: dict[str, Any] = roll["summary"]
        return figures

    # Both come: present, outside the base; the figures of the base do not move.
    for member_id in (exempt_id, away.id):
        response = await put(member_id, {"status": "present"})
        assert response.status_code == 200, response.text
        assert response.json()["status"] == "present"
    figures = await summary()
    assert (figures["base"], figures["present"], figures["not_marked"]) == (25, 0, 25)
    assert figures["exempt_present"] == 1 and figures["rate"] == 0.0
    assert {exempt_id, away.id} <= await present_member_ids(session, meeting.id)
    # The exempt member who came votes; the one attending elsewhere votes there.
    assert await voting_base(session, meeting) == vote_base + 1

    # Never absent, alone or in a batch; nothing is written.
    before = await audit_count(session)
    for member_id in (exempt_id, away.id):
        for body in ({"status": "unexcused"}, {"status": "excused", "reason": "Ốm"}):
            response = await put(member_id, body)
            assert response.status_code == 422, response.text
            assert error_code(response) == "excluded_not_absent"
            assert "không bị tính vắng" in response.json()["error"]["message"]
    response = await client.post(
        url(meeting, "/attendance/bulk"),
        headers=secretary,
        json={
            "entries": [
                {"member_id": counted_id, "status": "present"},
                {"member_id": exempt_id, "status": "unexcused"},
            ]
        },
    )
    assert response.status_code == 422
    assert error_code(response) == "excluded_not_absent"
    assert response.json()["error"]["details"]["member_ids"] == [exempt_id]
    assert await audit_count(session) == before
    rows = _by_name((await client.get(url(meeting, "/attendance"), headers=secretary)).json())
    assert rows["Nguyễn Văn An"]["status"] is None
    assert rows[seed.EXEMPT_MEMBER]["status"] == "present"

    # A mistaken tap is undone: the mark is cleared (any row), and audited.
    response = await put(exempt_id, {"status": None})
    assert response.status_code == 200, response.text
    cleared = response.json()
    assert (cleared["status"], cleared["checked_in_at"], cleared["checkin_method"]) == (
        None,
        None,
        None,
    )
    assert await audit_count(session) == before + 1
    assert (await summary())["exempt_present"] == 0
    assert await voting_base(session, meeting) == vote_base
    assert (await put(counted_id, {"status": "excused", "reason": "Ốm"})).status_code == 200
    response = await put(counted_id, {"status": None, "reason": "ignored"})
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["reason"]) == (None, None)
    figures = await summary()
    assert (figures["excused"], figures["not_marked"]) == (0, 25)
    # The status must be sent (null to clear), not left out.
    assert (await put(counted_id, {})).status_code == 422


async def test_rebuild_keeps_marks_and_follows_the_registry(
    client: httpx.AsyncClient, login, session: AsyncSession
) -> None:
    meeting = await _noi_vu_meeting(session, status=MeetingStatus.announced)
    secretary = await login("bithu.noivu")
    guest = await member_named(session, seed.TEMPORARILY_TRANSFERRED_MEMBER)
    an = await member_named(session, "Nguyễn Văn An")
    # The guest is marked before the meeting's end of his temporary transfer is recorded;
    # Nguyễn Văn An becomes exempt; a new member joins the cell.
    (
        await session.scalars(
            select(Attendance).where(
                Attendance.meeting_id == meeting.id, Attendance.member_id == guest.id
            )
        )
    ).one().status = AttendanceStatus.excused
    transfer = (
        await session.scalars(
            select(TemporaryTransfer).where(TemporaryTransfer.member_id == guest.id)
        )
    ).one()
    transfer.end_date = date(2032, 1, 31)
    session.add(Exemption(member_id=an.id, start_date=date(2032, 2, 1), reason="Ốm dài ngày"))
    newcomer = Member(
        unit_id=await unit_id(session, seed.CELL_NOI_VU),
        status=MemberStatus.official,
        admission_date=date(2030, 1, 1),
        official_date=date(2031, 1, 1),
    )
    newcomer.set_name("Nguyễn Văn Mới")
    session.add(newcomer)
    await session.commit()

    before = await audit_count(session)
    response = await client.post(url(meeting, "/attendance/build"), headers=secretary)
    assert response.status_code == 200, response.text
    rows = _by_name(response.json())
    assert len(rows) == NOI_VU_ON_ROLLS + 2  # the newcomer, and the guest kept for his mark
    assert rows["Nguyễn Văn Mới"]["status"] is None
    assert rows[seed.TEMPORARILY_TRANSFERRED_MEMBER]["status"] == "excused"
    assert rows["Nguyễn Văn An"]["excluded_from_base"] == "exempt"
    assert await audit_count(session) == before + 1

    # Unmarked rows of people no longer expected go.
    newcomer_row = rows["Nguyễn Văn Mới"]
    newcomer.admission_date = date(2033, 1, 1)
    newcomer.official_date = None
    await session.commit()
    response = await client.post(url(meeting, "/attendance/build"), headers=secretary)
    assert newcomer_row["member_name"] not in _by_name(response.json())

    # Building is for announced or running meetings only.
    held = await _noi_vu_meeting(
        session, status=MeetingStatus.held, start=MARCH_2032 + timedelta(days=40)
    )
    response = await client.post(url(held, "/attendance/build"), headers=secretary)
    assert response.status_code == 409
    assert error_code(response) == "meeting_wrong_status"
    member = await login("dangvien.noivu")
    response = await client.post(url(meeting, "/attendance/build"), headers=member)
    assert response.status_code == 403


async def test_committee_and_party_committee_rolls(session: AsyncSession) -> None:
    committee = await _noi_vu_meeting(session, meeting_type=MeetingType.committee)
    rows = (
        await session.scalars(select(Attendance).where(Attendance.meeting_id == committee.id))
    ).all()
    assert len(rows) == 5  # Chi bộ Nội vụ's committee
    base = await make_meeting(
        session,
        seed.BASE_CODE,
        status=MeetingStatus.in_progress,
        meeting_type=MeetingType.party_committee,
        start=MARCH_2032,
    )
    change = await sync_roll(session, base)
    assert change.rows == []


async def test_bad_marks_are_refused_and_write_nothing(
    client: httpx.AsyncClient, login, session: AsyncSession
) -> None:
    meeting = await _noi_vu_meeting(session)
    secretary = await login("bithu.noivu")
    outsider = await member_named(session, seed.SECRETARIES[seed.CELL_THI_DUA])
    an = await member_named(session, "Nguyễn Văn An")

    response = await client.put(
        url(meeting, f"/attendance/{outsider.id}"), headers=secretary, json={"status": "present"}
    )
    assert response.status_code == 422
    assert error_code(response) == "not_on_roll"
    response = await client.put(
        url(meeting, f"/attendance/{an.id}"), headers=secretary, json={"status": "excused"}
    )
    assert response.status_code == 422
    assert error_code(response) == "reason_required"
    response = await client.put(
        url(meeting, f"/attendance/{an.id}"),
        headers=secretary,
        json={"status": "absent"},
    )
    assert response.status_code == 422
    # A stale version, when sent, is refused.
    response = await client.put(
        url(meeting, f"/attendance/{an.id}"),
        headers=secretary,
        json={"status": "present", "version": 7},
    )
    assert response.status_code == 409
    assert error_code(response) == "stale_version"

    before = await audit_count(session)
    for entries, code in (
        (
            [
                {"member_id": an.id, "status": "present"},
                {"member_id": outsider.id, "status": "present"},
            ],
            "not_on_roll",
        ),
        (
            [
                {"member_id": an.id, "status": "present"},
                {"member_id": an.id, "status": "late"},
            ],
            "duplicate_entry",
        ),
        (
            [
                {"member_id": an.id, "status": "present"},
                {"member_id": outsider.id, "status": "excused"},
            ],
            "not_on_roll",
        ),
    ):
        response = await client.post(
            url(meeting, "/attendance/bulk"), headers=secretary, json={"entries": entries}
        )
        assert response.status_code == 422, response.text
        assert error_code(response) == code
    response = await client.post(
        url(meeting, "/attendance/bulk"),
        headers=secretary,
        json={"entries": [{"member_id": an.id, "status": "excused", "reason": " "}]},
    )
    assert response.status_code == 422
    assert await audit_count(session) == before
    rows = _by_name((await client.get(url(meeting, "/attendance"), headers=secretary)).json())
    assert rows["Nguyễn Văn An"]["status"] is None  # nothing half-written

    # Locked, not yet started, another cell, a member.
    locked = await _noi_vu_meeting(
        session, status=MeetingStatus.minutes_final, start=MARCH_2032 + timedelta(days=40)
    )
    response = await client.put(
        url(locked, f"/attendance/{an.id}"), headers=secretary, json={"status": "present"}
    )
    assert response.status_code == 409
    assert error_code(response) == "meeting_locked"
    draft = await _noi_vu_meeting(
        session, status=MeetingStatus.draft, start=MARCH_2032 + timedelta(days=80)
    )
    response = await client.put(
        url(draft, f"/attendance/{an.id}"), headers=secretary, json={"status": "present"}
    )
    assert response.status_code == 409
    assert error_code(response) == "meeting_wrong_status"
    member = await login("dangvien.noivu")
    response = await client.put(
        url(meeting, f"/attendance/{an.id}"), headers=member, json={"status": "present"}
    )
    assert response.status_code == 403
    for other in ("bithu.tongiao", "bithu.taichinh"):
        headers = await login(other)
        for method, suffix, body in (
            ("GET", "/attendance", None),
            ("PUT", f"/attendance/{an.id}", {"status": "present"}),
            ("GET", "/guests", None),
            ("GET", "/check-in-code", None),
            ("POST", "/check-in", {"code": meeting.checkin_code}),
        ):
            response = await client.request(
                method, url(meeting, suffix), headers=headers, json=body
            )
            assert response.status_code == 404, (other, suffix)


async def test_check_in_from_a_phone(
    client: httpx.AsyncClient, login, session: AsyncSession
) -> None:
    # Started 30 minutes ago: past the 15 minutes of grace.
    meeting = await _noi_vu_meeting(
        session,
        start=utcnow() - timedelta(minutes=30),
        meeting_type=MeetingType.extraordinary,
    )
    member = await login("dangvien.noivu")
    secretary = await login("bithu.noivu")

    response = await client.get(url(meeting, "/check-in-code"), headers=member)
    assert response.status_code == 403
    response = await client.post(url(meeting, "/check-in"), headers=member, json={"code": "XXXX"})
    assert response.status_code == 422
    assert error_code(response) == "wrong_checkin_code"

    code = (await client.get(url(meeting, "/check-in-code"), headers=secretary)).json()["code"]
    response = await client.post(
        url(meeting, "/check-in"), headers=member, json={"code": f" {code.lower()} "}
    )
    assert response.status_code == 200, response.text
    row = response.json()
    assert row["member_name"] == ME
    assert row["status"] == "late" and row["checkin_method"] == "self"
    # Twice: nothing changes.
    again = await client.post(url(meeting, "/check-in"), headers=member, json={"code": code})
    assert again.status_code == 200
    assert again.json()["checked_in_at"] == row["checked_in_at"]
    assert again.json()["version"] == row["version"]

    # Someone not on the roll (the admin has no member record).
    admin = await login("admin")
    response = await client.post(url(meeting, "/check-in"), headers=admin, json={"code": code})
    assert response.status_code == 422
    assert error_code(response) == "not_on_roll"

    # A new code replaces the old one.
    response = await client.post(url(meeting, "/check-in-code/rotate"), headers=secretary)
    assert response.status_code == 200
    new_code = response.json()["code"]
    assert new_code and new_code != code
    response = await client.post(url(meeting, "/check-in"), headers=member, json={"code": code})
    assert error_code(response) == "wrong_checkin_code"

    # On time (within the grace period): present.
    other = await _noi_vu_meeting(
        session,
        start=utcnow() - timedelta(minutes=5),
        meeting_type=MeetingType.extraordinary,
    )
    response = await client.post(
        url(other, "/check-in"), headers=member, json={"code": other.checkin_code}
    )
    assert response.json()["status"] == "present"

    # Not in progress: refused.
    held = await _noi_vu_meeting(session, status=MeetingStatus.held)
    response = await client.post(url(held, "/check-in"), headers=member, json={"code": "ABC"})
    assert response.status_code == 409
    assert error_code(response) == "meeting_wrong_status"
    response = await client.get(url(held, "/check-in-code"), headers=secretary)
    assert response.json()["code"] is None
    response = await client.post(url(held, "/check-in-code/rotate"), headers=secretary)
    assert response.status_code == 409


async def test_guests(client: httpx.AsyncClient, login, session: AsyncSession) -> None:
    meeting = await _noi_vu_meeting(session, status=MeetingStatus.announced)
    secretary = await login("bithu.noivu")
    member = await login("dangvien.noivu")
    response = await client.post(
        url(meeting, "/guests"),
        headers=secretary,
        json={
            "kind": "follower",
            "name": "Nguyễn Văn Theo",
            "title": "Ủy viên Ban Thường vụ Đảng ủy Khối",
        },
    )
    assert response.status_code == 201, response.text
    guest = response.json()
    response = await client.post(
        url(meeting, "/guests"),
        headers=secretary,
        json={"kind": "invited", "name": "Lê Thị Khách", "member_id": 10**9},
    )
    assert response.status_code == 422
    assert error_code(response) == "member_not_found"
    response = await client.post(
        url(meeting, "/guests"), headers=member, json={"kind": "invited", "name": "Ai đó"}
    )
    assert response.status_code == 403

    response = await client.patch(
        url(meeting, f"/guests/{guest['id']}"), headers=secretary, json={"present": True}
    )
    assert response.status_code == 422  # the version is required
    response = await client.patch(
        url(meeting, f"/guests/{guest['id']}"),
        headers=secretary,
        json={"present": True, "version": guest["version"]},
    )
    assert response.status_code == 200, response.text
    assert response.json()["present"] is True

    listed = (await client.get(url(meeting, "/guests"), headers=member)).json()
    assert [g["name"] for g in listed] == ["Nguyễn Văn Theo"]
    roll = (await client.get(url(meeting, "/attendance"), headers=member)).json()
    assert [g["kind"] for g in roll["guests"]] == ["follower"]
    # Guests are not on the roll.
    assert "Nguyễn Văn Theo" not in _by_name(roll)

    response = await client.delete(url(meeting, f"/guests/{guest['id']}"), headers=secretary)
    assert response.status_code == 204
    response = await client.delete(url(meeting, f"/guests/{guest['id']}"), headers=secretary)
    assert response.status_code == 404


def test_attendance_point_bands() -> None:
    assert attendance_points(9, 10, 0, True) == 5
    assert attendance_points(9, 10, 0, False) == 4
    assert attendance_points(89, 100, 0, False) == 3
    assert attendance_points(75, 100, 0, False) == 3
    assert attendance_points(74, 100, 0, False) == 2
    assert attendance_points(65, 100, 0, False) == 2
    assert attendance_points(64, 100, 0, True) == 2
    assert attendance_points(100, 100, 1, False) == 1
    assert attendance_points(0, 0, 0, True) is None


def test_excused_streaks() -> None:
    excused, present = AttendanceStatus.excused, AttendanceStatus.present
    marks = [
        StatusMark(1, 10, excused),
        StatusMark(1, 11, excused),
        StatusMark(1, 12, present),
        StatusMark(1, 13, excused),
        StatusMark(2, 10, excused),
    ]
    streaks = longest_excused_streaks(marks)
    assert (streaks[1].length, streaks[1].meeting_ids) == (2, [10, 11])
    assert streaks[2].length == 1


# -- a year of meetings: history and alerts ------------------------------------------------

YEAR = 2033
AN = "Nguyễn Văn An"  # unexcused in January, February and March -> alert
HUONG = "Lê Thị Hương"  # excused February to May: 4 in a row -> alert
VINH = "Trương Quang Vinh"  # excused January to March, present April, excused May: no alert
TRUONG = "Bùi Xuân Trường"  # unexcused in January and April: no alert
# month -> name -> status; everyone else present.
MARKS: dict[int, dict[str, AttendanceStatus]] = {
    1: {AN: AttendanceStatus.unexcused, VINH: AttendanceStatus.excused,
        TRUONG: AttendanceStatus.unexcused},
    2: {AN: AttendanceStatus.unexcused, HUONG: AttendanceStatus.excused,
        VINH: AttendanceStatus.excused},
    3: {AN: AttendanceStatus.unexcused, HUONG: AttendanceStatus.excused,
        VINH: AttendanceStatus.excused},
    4: {HUONG: AttendanceStatus.excused, TRUONG: AttendanceStatus.unexcused},
    5: {HUONG: AttendanceStatus.excused, VINH: AttendanceStatus.excused},
}  # fmt: skip


async def _year_of_meetings(session: AsyncSession) -> dict[int, Meeting]:
    names = {name: (await member_named(session, name)).id for name in (AN, HUONG, VINH, TRUONG)}
    status_of = {month: {names[n]: s for n, s in marks.items()} for month, marks in MARKS.items()}
    meetings: dict[int, Meeting] = {}
    for month in MARKS:
        meeting = await make_meeting(
            session,
            seed.CELL_NOI_VU,
            status=MeetingStatus.held,
            start=datetime(YEAR, month, 3, 1, 0, tzinfo=UTC),
        )
        change = await sync_roll(session, meeting)
        for row in change.rows:
            if row.excluded_from_base is None:
                row.status = status_of[month].get(row.member_id, AttendanceStatus.present)
                if row.status is AttendanceStatus.excused:
                    row.reason = "Công tác"
        meetings[month] = meeting
    # Neither a cancelled meeting nor one not held yet counts.
    for status, month in ((MeetingStatus.cancelled, 6), (MeetingStatus.announced, 7)):
        other = await make_meeting(
            session,
            seed.CELL_NOI_VU,
            status=status,
            meeting_type=MeetingType.extraordinary,
            start=datetime(YEAR, month, 3, 1, 0, tzinfo=UTC),
        )
        for row in (await sync_roll(session, other)).rows:
            row.status = AttendanceStatus.unexcused
    await session.commit()
    return meetings


async def test_alerts_in_scope(client: httpx.AsyncClient, login, session: AsyncSession) -> None:
    meetings = await _year_of_meetings(session)
    ids = {month: m.id for month, m in meetings.items()}
    expected = [
        {
            "kind": "consecutive_excused_absences",
            "member_name": HUONG,
            "count": 4,
            "threshold": 3,
            "meeting_ids": [ids[2], ids[3], ids[4], ids[5]],
        },
        {
            "kind": "unexcused_absences",
            "member_name": AN,
            "count": 3,
            "threshold": 3,
            "meeting_ids": [ids[1], ids[2], ids[3]],
        },
    ]
    for account in ("bithu.noivu", "dangbo.noivu", "khoi"):
        response = await client.get(
            f"{API}/attendance/alerts", headers=await login(account), params={"year": YEAR}
        )
        assert response.status_code == 200, response.text
        alerts = [
            {k: a[k] for k in ("kind", "member_name", "count", "threshold", "meeting_ids")}
            for a in response.json()
        ]
        assert alerts == expected, account
    assert response.json()[0]["unit_id"] == await unit_id(session, seed.CELL_NOI_VU)

    for account in ("bithu.tongiao", "bithu.taichinh"):
        response = await client.get(
            f"{API}/attendance/alerts", headers=await login(account), params={"year": YEAR}
        )
        assert response.json() == [], account
    response = await client.get(
        f"{API}/attendance/alerts", headers=await login("bithu.noivu"), params={"year": YEAR + 1}
    )
    assert response.json() == []
    response = await client.get(
        f"{API}/attendance/alerts",
        headers=await login("dangvien.noivu"),
        params={"year": YEAR},
    )
    assert response.status_code == 403

    # The rating hint looks at the year up to the meeting: in April no member had more than
    # 3 excused absences in a row yet (+1), in May Lê Thị Hương had 4 (no +1).
    secretary = await login("bithu.noivu")
    april = (await client.get(url(meetings[4], "/attendance"), headers=secretary)).json()
    # 26 on the rolls + Võ Văn Dũng, Nguyễn Hữu Nghĩa exempt: base 26; 2 absent.
    assert (april["summary"]["base"], april["summary"]["present"]) == (26, 24)
    assert april["summary"]["no_long_excused_streak"] is True
    assert april["summary"]["attendance_points"] == 1 + 1  # an unexcused absence
    may = (await client.get(url(meetings[5], "/attendance"), headers=secretary)).json()
    assert may["summary"]["rate"] == round(24 / 26, 4)
    assert may["summary"]["no_long_excused_streak"] is False
    assert may["summary"]["attendance_points"] == 4  # ≥ 90%, no +1


async def test_member_history(client: httpx.AsyncClient, login, session: AsyncSession) -> None:
    meetings = await _year_of_meetings(session)
    an = await member_named(session, AN)
    secretary = await login("bithu.noivu")
    params = {"from": f"{YEAR}-01-01", "to": f"{YEAR}-12-31"}
    response = await client.get(
        f"{API}/members/{an.id}/attendance", headers=secretary, params=params
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["expected"], body["attended"], body["unexcused"], body["excused"]) == (5, 2, 3, 0)
    assert body["rate"] == 0.4
    assert [m["meeting_id"] for m in body["meetings"]] == [meetings[m].id for m in range(1, 6)]
    assert [m["status"] for m in body["meetings"]] == ["unexcused"] * 3 + ["present"] * 2

    # A period: February and March only.
    response = await client.get(
        f"{API}/members/{an.id}/attendance",
        headers=secretary,
        params={"from": f"{YEAR}-02-01", "to": f"{YEAR}-03-31"},
    )
    assert (response.json()["expected"], response.json()["unexcused"]) == (2, 2)

    # The exempt member: listed, never expected.
    nghia = await member_named(session, seed.EXEMPT_MEMBER)
    body = (
        await client.get(f"{API}/members/{nghia.id}/attendance", headers=secretary, params=params)
    ).json()
    assert (body["expected"], body["excluded"], body["rate"]) == (0, 5, None)

    # A member reads their own history only; other cells see nothing.
    member = await login("dangvien.noivu")
    me = await member_named(session, ME)
    body = (
        await client.get(f"{API}/members/{me.id}/attendance", headers=member, params=params)
    ).json()
    assert (body["expected"], body["attended"], body["rate"]) == (5, 5, 1.0)
    response = await client.get(f"{API}/members/{an.id}/attendance", headers=member)
    assert response.status_code == 403
    response = await client.get(
        f"{API}/members/{an.id}/attendance", headers=await login("bithu.tongiao")
    )
    assert response.status_code == 404
    response = await client.get(
        f"{API}/members/{an.id}/attendance",
        headers=secretary,
        params={"from": f"{YEAR}-03-01", "to": f"{YEAR}-02-01"},
    )
    assert response.status_code == 422
    assert error_code(response) == "period_end_before_start"


@pytest.mark.parametrize("status", [MeetingStatus.minutes_final, MeetingStatus.cancelled])
async def test_guests_of_a_closed_meeting_are_frozen(
    client: httpx.AsyncClient, login, session: AsyncSession, status: MeetingStatus
) -> None:
    meeting = await _noi_vu_meeting(session, status=status, build=False)
    response = await client.post(
        url(meeting, "/guests"),
        headers=await login("bithu.noivu"),
        json={"kind": "invited", "name": "Lê Thị Khách"},
    )
    assert response.status_code == 409
    assert error_code(response) in ("meeting_locked", "meeting_cancelled")
