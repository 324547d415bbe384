"""Votes, minutes, resolutions and tasks through the API.

The roll is arranged row by row (Attendance) so that the voting base is known by hand.
Meetings sit in years no demo data reaches (2034–2036)."""

import asyncio
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from chibo.attendance.models import Attendance, AttendanceStatus, BaseExclusion, Guest, GuestKind
from chibo.audit.models import AuditEntry
from chibo.auth.models import Role, User
from chibo.auth.principal import Principal
from chibo.core.clock import today, travel, utcnow
from chibo.demo import seed
from chibo.meetings.models import (
    AgendaItem,
    AgendaItemKind,
    Meeting,
    MeetingAmendment,
    MeetingStatus,
    MeetingType,
)
from chibo.members.models import Member
from chibo.minutes.models import Resolution, ResolutionKind, Task, TaskStatus
from chibo.minutes.repository import MinutesRepository
from chibo.minutes.schemas import ResolutionCreate
from chibo.minutes.service import ResolutionService
from chibo.minutes.voting import passes
from chibo.speeches.models import Speech, SpeechKind, SpeechState
from chibo.units.models import Unit, UnitKind
from tests.factories import make_meeting
from tests.helpers import error_code, fetch_all, fresh_login, member_named, unit_id

API = "/api/v1"
MARCH_2034 = datetime(2034, 3, 6, 1, 0, tzinfo=UTC)  # 08:00 in Hà Tĩnh, Monday 6/3/2034
SECRETARY = seed.SECRETARIES[seed.CELL_NOI_VU]  # Lê Văn Thắng
DEPUTY = "Nguyễn Thị Thu Hà"
PROBATIONARY = "Phan Thị Diệu Linh"


def url(meeting: Meeting | int, suffix: str = "") -> str:
    meeting_id = meeting if isinstance(meeting, int) else meeting.id
    return f"{API}/meetings/{meeting_id}{suffix}"


async def _mark(
    session: AsyncSession,
    meeting: Meeting,
    name: str,
    status: AttendanceStatus | None,
    *,
    reason: str | None = None,
    excluded: BaseExclusion | None = None,
    guest: bool = False,
) -> Member:
    member = await member_named(session, name)
    session.add(
        Attendance(
            meeting_id=meeting.id,
            member_id=member.id,
            status=status,
            reason=reason,
            excluded_from_base=excluded,
            temporary_guest=guest,
        )
    )
    return member


async def _voting_meeting(
    session: AsyncSession,
    *,
    status: MeetingStatus = MeetingStatus.in_progress,
    start: datetime = MARCH_2034,
    meeting_type: MeetingType = MeetingType.regular,
) -> Meeting:
    """A meeting of Chi bộ Nội vụ whose roll gives a voting base of 5, by hand:

    counted: Lê Văn Thắng (present), Nguyễn Thị Thu Hà (present), Phan Đình Hải (absent
    without reason: absent officials stay in the base), Võ Trọng Tuấn (late), Trần Thị Minh
    Nguyệt (exempt but present);
    left out: Phan Thị Diệu Linh (probationary), Đặng Quốc Bảo (official only after the
    meeting), Nguyễn Hữu Nghĩa (exempt, absent), Hoàng Văn Quý (temporarily transferred out),
    Võ Văn Dũng (temporary guest from Chi bộ Ban Tôn giáo: votes at home).
    """
    meeting = await make_meeting(
        session, seed.CELL_NOI_VU, status=status, start=start, meeting_type=meeting_type
    )
    mark = AttendanceStatus
    await _mark(session, meeting, SECRETARY, mark.present)
    await _mark(session, meeting, DEPUTY, mark.present)
    await _mark(session, meeting, "Phan Đình Hải", mark.unexcused)
    await _mark(session, meeting, "Võ Trọng Tuấn", mark.late)
    await _mark(
        session, meeting, "Trần Thị Minh Nguyệt", mark.present, excluded=BaseExclusion.exempt
    )
    await _mark(session, meeting, PROBATIONARY, mark.present)
    late_official = await _mark(session, meeting, "Đặng Quốc Bảo", mark.present)
    late_official.official_date = start.date() + timedelta(days=30)
    await _mark(
        session,
        meeting,
        seed.EXEMPT_MEMBER,
        mark.excused,
        reason="Miễn sinh hoạt",
        excluded=BaseExclusion.exempt,
    )
    await _mark(session, meeting, "Hoàng Văn Quý", None, excluded=BaseExclusion.transferred_out)
    await _mark(session, meeting, seed.TEMPORARILY_TRANSFERRED_MEMBER, mark.present, guest=True)
    await session.flush()
    await session.commit()
    return meeting


def _vote(votes_for: int, against: int = 0, abstain: int = 0, **extra: Any) -> dict[str, Any]:
    return {
        "subject": "resolution",
        "title": "Thông qua Nghị quyết tháng 3",
        "votes_for": votes_for,
        "votes_against": against,
        "votes_abstain": abstain,
        **extra,
    }


# -- the rule ---------------------------------------------------------------------------


def test_more_than_half_of_the_eligible() -> None:
    for rule in ("more_than_half_of_eligible", "more_than:1/2"):  # version 1's name, and now
        assert passes(rule, 3, 5) and not passes(rule, 2, 5)
        assert passes(rule, 3, 4) and not passes(rule, 2, 4)  # exactly half is not enough
        assert not passes(rule, 0, 0)


# -- votes ------------------------------------------------------------------------------


async def test_voting_base_by_hand(
    client: httpx.AsyncClient, session: AsyncSession, login: Any
) -> None:
    meeting = await _voting_meeting(session)
    headers = await login("bithu.noivu")

    base = (await client.get(url(meeting, "/voting-base"), headers=headers)).json()
    assert base == {
        "meeting_id": meeting.id,
        "eligible": 5,
        "eligible_present": 4,
        "on_roll": 10,
        "probationary": 2,
        "transferred_out": 1,
        "exempt_absent": 1,
        "exempt_present": 1,
        "temporary_guests": 1,
        "votes_needed": 3,
        "pass_rule": "more_than:1/2",
        # 2/3 of 5 is 3.33: 4 must be present; 4 are.
        "quorum": {"voting_base": 5, "present": 4, "required": 4, "met": True, "share": "2/3"},
        "thresholds": [
            {
                "kind": "ordinary",
                "comparison": "more_than",
                "share": "1/2",
                "rule": "more_than:1/2",
                "votes_needed": 3,
                "source": base["thresholds"][0]["source"],
            },
            {
                "kind": "admission",
                "comparison": "at_least",
                "share": "2/3",
                "rule": "at_least:2/3",
                "votes_needed": 4,
                "source": base["thresholds"][1]["source"],
            },
            {
                "kind": "official_recognition",
                "comparison": "at_least",
                "share": "2/3",
                "rule": "at_least:2/3",
                "votes_needed": 4,
                "source": base["thresholds"][2]["source"],
            },
        ],
    }
    assert "9.3.2" in base["thresholds"][0]["source"]
    assert "Điều 4" in base["thresholds"][1]["source"]
    assert "Điều 5" in base["thresholds"][2]["source"]

    passed = await client.post(url(meeting, "/votes"), headers=headers, json=_vote(3, 1, 0))
    assert passed.status_code == 201, passed.text
    body = passed.json()
    assert (body["eligible"], body["present"], body["passed"], body["pass_rule"]) == (
        5,
        4,
        True,
        "more_than:1/2",
    )
    assert (body["kind"], body["votes_needed"]) == ("ordinary", 3)

    # 2 of 5 is a majority of those who voted, but not of those entitled.
    failed = await client.post(url(meeting, "/votes"), headers=headers, json=_vote(2, 1, 0))
    assert failed.status_code == 201 and failed.json()["passed"] is False

    listed = (await client.get(url(meeting, "/votes"), headers=headers)).json()
    assert [v["passed"] for v in listed] == [True, False]


async def test_more_votes_than_voters_is_refused(
    client: httpx.AsyncClient, session: AsyncSession, login: Any
) -> None:
    meeting = await _voting_meeting(session)
    headers = await login("bithu.noivu")
    # 5 ballots: as many as the base, but only 4 official members entitled to vote are there.
    response = await client.post(url(meeting, "/votes"), headers=headers, json=_vote(3, 1, 1))
    assert response.status_code == 422
    assert error_code(response) == "votes_exceed_present"
    assert response.json()["error"]["details"] == {"cast": 5, "present": 4, "eligible": 5}
    vi = await client.post(
        url(meeting, "/votes"),
        headers={**headers, "Accept-Language": "vi"},
        json=_vote(4, 1, 1),
    )
    assert vi.json()["error"]["message"] == (
        "Tổng số phiếu (6) vượt quá số đảng viên chính thức có quyền biểu quyết có mặt (4)."
    )
    assert (await client.get(url(meeting, "/votes"), headers=headers)).json() == []

    negative = await client.post(url(meeting, "/votes"), headers=headers, json=_vote(-1))
    assert negative.status_code == 422

    # A correction that pushes the tally over the base is refused the same way.
    vote = (await client.post(url(meeting, "/votes"), headers=headers, json=_vote(3))).json()
    over = await client.patch(
        f"{API}/votes/{vote['id']}", headers=headers, json={"version": 1, "votes_against": 2}
    )
    assert error_code(over) == "votes_exceed_present"


async def test_vote_corrections_and_who_may_record(
    client: httpx.AsyncClient, session: AsyncSession, login: Any
) -> None:
    meeting = await _voting_meeting(session)
    headers = await login("bithu.noivu")
    vote = (await client.post(url(meeting, "/votes"), headers=headers, json=_vote(2))).json()
    assert vote["passed"] is False

    stale = await client.patch(
        f"{API}/votes/{vote['id']}", headers=headers, json={"version": 7, "votes_for": 4}
    )
    assert stale.status_code == 409 and error_code(stale) == "stale_version"
    fixed = await client.patch(
        f"{API}/votes/{vote['id']}", headers=headers, json={"version": 1, "votes_for": 4}
    )
    assert fixed.status_code == 200, fixed.text
    assert (fixed.json()["votes_for"], fixed.json()["passed"]) == (4, True)

    member = await login("dangvien.noivu")
    assert (await client.get(url(meeting, "/votes"), headers=member)).status_code == 200
    assert (
        await client.post(url(meeting, "/votes"), headers=member, json=_vote(1))
    ).status_code == 403
    outsider = await login("bithu.taichinh")
    assert (await client.get(url(meeting, "/votes"), headers=outsider)).status_code == 404
    assert (await client.delete(f"{API}/votes/{vote['id']}", headers=outsider)).status_code == 404

    deleted = await client.delete(f"{API}/votes/{vote['id']}", headers=headers)
    assert deleted.status_code == 204
    assert (await client.get(url(meeting, "/votes"), headers=headers)).json() == []


async def test_votes_only_while_the_meeting_runs_or_after(
    client: httpx.AsyncClient, session: AsyncSession, login: Any
) -> None:
    meeting = await make_meeting(session, seed.CELL_NOI_VU, status=MeetingStatus.announced,
                                 start=MARCH_2034)  # fmt: skip
    await session.commit()
    headers = await login("bithu.noivu")
    response = await client.post(url(meeting, "/votes"), headers=headers, json=_vote(0))
    assert response.status_code == 409 and error_code(response) == "meeting_wrong_status"


# -- minutes ----------------------------------------------------------------------------


async def _full_meeting(session: AsyncSession) -> Meeting:
    """A held meeting with chair, minute-taker, agenda, roll, guest and three speeches."""
    meeting = await _voting_meeting(session, status=MeetingStatus.held)
    chair = await member_named(session, SECRETARY)
    taker = await member_named(session, DEPUTY)
    meeting.chair_member_id = chair.id
    meeting.minute_taker_member_id = taker.id
    meeting.actual_end = MARCH_2034 + timedelta(minutes=125)
    await _mark(session, meeting, "Nguyễn Văn An", AttendanceStatus.excused, reason="Đi công tác")
    items = [
        AgendaItem(
            meeting_id=meeting.id, position=i, title=title, kind=kind, planned_minutes=minutes
        )
        for i, (title, kind, minutes) in enumerate(
            [
                ("Khai mạc, điểm danh", AgendaItemKind.opening, 5),
                ("Báo cáo kết quả tháng 2", AgendaItemKind.report, 20),
                ("Thảo luận", AgendaItemKind.discussion, 40),
            ],
            start=1,
        )
    ]
    session.add_all(items)
    session.add(
        Guest(
            meeting_id=meeting.id,
            kind=GuestKind.follower,
            name="Trần Văn Theo Dõi",
            title="Ủy viên Ban Chấp hành Đảng bộ",
            present=True,
        )
    )
    await session.flush()
    speeches = [
        # (speaker, kind, minutes after the start, summary) — inserted out of order
        ("Võ Trọng Tuấn", SpeechKind.proposal, 50, "Đề nghị đẩy nhanh tiến độ số hóa hồ sơ."),
        (DEPUTY, SpeechKind.contribution, 30, "Nhất trí với báo cáo, bổ sung số liệu quý I."),
        (PROBATIONARY, SpeechKind.self_criticism, 70, "Tự phê bình việc chậm nộp báo cáo."),
    ]
    for name, kind, offset, summary in speeches:
        member = await member_named(session, name)
        begin = MARCH_2034 + timedelta(minutes=offset)
        session.add(
            Speech(
                meeting_id=meeting.id,
                member_id=member.id,
                agenda_item_id=items[2].id,
                kind=kind,
                state=SpeechState.done,
                requested_at=begin - timedelta(minutes=5),
                begin_time=begin,
                end_time=begin + timedelta(minutes=4),
                spoken_seconds=240,
                summary=summary,
            )
        )
    # A speech still waiting is not in the minutes.
    waiting = await member_named(session, "Phan Đình Hải")
    session.add(
        Speech(
            meeting_id=meeting.id,
            member_id=waiting.id,
            state=SpeechState.waiting,
            requested_at=MARCH_2034,
            summary="Không được ghi",
        )
    )
    await session.flush()
    await session.commit()
    return meeting


async def test_minutes_are_generated_from_the_record(
    client: httpx.AsyncClient, session: AsyncSession, login: Any
) -> None:
    meeting = await _full_meeting(session)
    headers = await login("bithu.noivu")
    assert (await client.get(url(meeting, "/minutes"), headers=headers)).json() is None

    vote = (await client.post(url(meeting, "/votes"), headers=headers, json=_vote(4, 0))).json()
    owner = await member_named(session, "Nguyễn Đức Mạnh")
    resolution = await client.post(
        url(meeting, "/resolutions"),
        headers=headers,
        json={
            "title": "Nghị quyết lãnh đạo thực hiện nhiệm vụ tháng 3 năm 2034",
            "content": "Tập trung hoàn thành số hóa hồ sơ công chức.",
            "vote_id": vote["id"],
            "tasks": [{"title": "Số hóa hồ sơ", "owner_member_id": owner.id,
                       "deadline": "2034-03-31"}],
        },
    )  # fmt: skip
    assert resolution.status_code == 201, resolution.text

    generated = await client.post(url(meeting, "/minutes/generate"), headers=headers)
    assert generated.status_code == 200, generated.text
    text = generated.json()["content"]
    expected = [
        "ĐẢNG BỘ SỞ NỘI VỤ",
        "CHI BỘ NỘI VỤ",
        "BIÊN BẢN SINH HOẠT CHI BỘ THƯỜNG KỲ THÁNG 3 NĂM 2034",
        "bắt đầu lúc 08 giờ 00 phút, ngày 06/03/2034",
        "Địa điểm: Hội trường Sở.",
        f"Chủ trì: đồng chí {SECRETARY}, Bí thư Chi bộ Nội vụ.",
        f"Thư ký: đồng chí {DEPUTY}.",
        # 10 rows of the cell's own (the guest from Ban Tôn giáo apart).
        "Tổng số đảng viên của chi bộ: 10 đồng chí (chính thức: 9, dự bị: 1).",
        "Miễn công tác và sinh hoạt đảng: 2 đồng chí",
        f"đồng chí {seed.EXEMPT_MEMBER}",
        "Sinh hoạt đảng tạm thời ở nơi khác: 1 đồng chí: đồng chí Hoàng Văn Quý.",
        "Đảng viên nơi khác sinh hoạt tạm thời tại chi bộ: 1 đồng chí: "
        f"đồng chí {seed.TEMPORARILY_TRANSFERRED_MEMBER}.",
        "Số đảng viên phải dự sinh hoạt: 8 đồng chí.",
        "Có mặt: 7 đồng chí (trong đó đến muộn: đồng chí Võ Trọng Tuấn).",
        "Vắng có lý do: 1 đồng chí: đồng chí Nguyễn Văn An (Đi công tác).",
        "Vắng không lý do: 1 đồng chí: đồng chí Phan Đình Hải.",
        "Tỷ lệ đảng viên dự sinh hoạt: 75%.",
        "Khách mời: đồng chí Trần Văn Theo Dõi, Ủy viên Ban Chấp hành Đảng bộ.",
        "1) Khai mạc, điểm danh (5 phút).",
        "3) Thảo luận (40 phút).",
        "Tổng cộng: 3 lượt phát biểu của 3 đồng chí.",
        # The base of 5, and Nguyễn Văn An: absent with a reason, still entitled. Of the 6,
        # 4 came: 2/3 of 6 is 4, the quorum is met.
        "Số đảng viên có quyền biểu quyết (Quy định 294-QĐ/TW, điểm 9.3.2): 6 đồng chí; "
        "có mặt: 4 đồng chí; cần ít nhất 4 đồng chí (2/3) để biểu quyết: đủ.",
        # More than half of 6 is 4 (3 is exactly half).
        "số đảng viên có quyền biểu quyết 6 đồng chí, có mặt 4 đồng chí. "
        "Tán thành 4/6, cần trên 1/2 (ít nhất 4); "
        "không tán thành 0 (0%), không biểu quyết 0 (0%). Kết quả: được thông qua.",
        "Nghị quyết số 01-NQ/CB ngày 06/03/2034: "
        "Nghị quyết lãnh đạo thực hiện nhiệm vụ tháng 3 năm 2034.",
        "+ Số hóa hồ sơ; người thực hiện: đồng chí Nguyễn Đức Mạnh; thời hạn: 31/03/2034.",
        "Thời lượng sinh hoạt: 125 phút.",
        "Buổi sinh hoạt kết thúc lúc 10 giờ 05 phút cùng ngày.",
    ]
    for fragment in expected:
        assert fragment in text, fragment
    # Every finished speech, in the order spoken, with speaker, kind and summary.
    order = [
        f"Đồng chí {DEPUTY} (tham gia ý kiến; nội dung: Thảo luận, lúc 08:30): "
        "Nhất trí với báo cáo, bổ sung số liệu quý I.",
        "Đồng chí Võ Trọng Tuấn (đề xuất; nội dung: Thảo luận, lúc 08:50): "
        "Đề nghị đẩy nhanh tiến độ số hóa hồ sơ.",
        f"Đồng chí {PROBATIONARY} (tự phê bình; nội dung: Thảo luận, lúc 09:10): "
        "Tự phê bình việc chậm nộp báo cáo.",
    ]
    positions = [text.index(line) for line in order]
    assert positions == sorted(positions)
    assert "Không được ghi" not in text
    assert (await client.get(url(meeting, "/minutes"), headers=headers)).json()["content"] == text
    member = await login("dangvien.noivu")
    assert (await client.get(url(meeting, "/minutes"), headers=member)).status_code == 200
    refused = await client.post(url(meeting, "/minutes/generate"), headers=member)
    assert refused.status_code == 403


async def test_edit_finalize_and_lock(
    client: httpx.AsyncClient, session: AsyncSession, login: Any
) -> None:
    meeting = await _full_meeting(session)
    headers = await login("bithu.noivu")
    minutes = (await client.post(url(meeting, "/minutes/generate"), headers=headers)).json()
    edited_text = minutes["content"] + "\nGhi chú: bổ sung ý kiến của chi ủy.\n"
    edited = await client.patch(
        url(meeting, "/minutes"),
        headers=headers,
        json={"version": minutes["version"], "content": edited_text},
    )
    assert edited.status_code == 200, edited.text
    assert edited.json()["edited_by_user_id"] is not None

    # Regenerating would lose the edit: refused unless forced.
    again = await client.post(url(meeting, "/minutes/generate"), headers=headers)
    assert again.status_code == 409 and error_code(again) == "minutes_edited"
    stale = await client.post(
        url(meeting, "/minutes/finalize"), headers=headers, json={"version": 1}
    )
    assert error_code(stale) == "stale_version"

    version = edited.json()["version"]
    # Not before the meeting ended (issue 9, point 8): its end in 2034 is still ahead.
    early = await client.post(
        url(meeting, "/minutes/finalize"), headers=headers, json={"version": version}
    )
    assert early.status_code == 409 and error_code(early) == "minutes_before_meeting_end"
    assert meeting.actual_end is not None
    with travel(meeting.actual_end - utcnow()):  # the very minute it ended
        final = await client.post(
            url(meeting, "/minutes/finalize"),
            headers=await fresh_login(client, "bithu.noivu"),
            json={"version": version},
        )
    assert final.status_code == 200, final.text
    assert final.json()["final_at"] is not None and final.json()["content"] == edited_text
    await session.refresh(meeting)
    assert meeting.status is MeetingStatus.minutes_final
    assert meeting.minutes_final_at is not None
    audited = (
        await session.execute(
            select(AuditEntry.action, AuditEntry.entity_type, AuditEntry.entity_id).where(
                AuditEntry.action.in_(["minutes.finalize", "meeting.minutes_final"])
            )
        )
    ).all()
    assert ("minutes.finalize", "minutes", str(minutes["id"])) in audited
    assert ("meeting.minutes_final", "meetings", str(meeting.id)) in audited

    # Locked: nothing about the meeting changes any more.
    for method, path, body in [
        ("POST", "/votes", _vote(1)),
        ("POST", "/minutes/generate", {"force": True}),
        ("PATCH", "/minutes", {"version": version + 1, "content": "x"}),
        ("POST", "/minutes/finalize", {"version": version + 1}),
        ("POST", "/resolutions", {"title": "Nghị quyết muộn"}),
        ("POST", "/tasks", {"title": "Nhiệm vụ muộn"}),
    ]:
        response = await client.request(method, url(meeting, path), headers=headers, json=body)
        assert response.status_code == 409, (path, response.text)
        assert error_code(response) == "meeting_locked", path


async def test_finalize_needs_a_held_meeting_and_minutes(
    client: httpx.AsyncClient, session: AsyncSession, login: Any
) -> None:
    running = await _voting_meeting(session)
    held = await make_meeting(
        session, seed.CELL_NOI_VU, status=MeetingStatus.held, start=MARCH_2034 + timedelta(days=40)
    )
    await session.commit()
    headers = await login("bithu.noivu")
    generated = await client.post(url(running, "/minutes/generate"), headers=headers)
    assert generated.status_code == 200  # drafted while the meeting runs
    assert "Buổi sinh hoạt kết thúc lúc … giờ … phút." in generated.json()["content"]
    early = await client.post(url(running, "/minutes/finalize"), headers=headers, json=_v1())
    assert early.status_code == 409 and error_code(early) == "meeting_wrong_status"
    missing = await client.post(url(held, "/minutes/finalize"), headers=headers, json=_v1())
    assert missing.status_code == 409 and error_code(missing) == "minutes_not_generated"


def _v1() -> dict[str, int]:
    return {"version": 1}


async def test_amendment_keeps_the_original(
    client: httpx.AsyncClient, session: AsyncSession, login: Any
) -> None:
    meeting = await _full_meeting(session)
    headers = await login("bithu.noivu")
    original = (await client.post(url(meeting, "/minutes/generate"), headers=headers)).json()
    amendment = {"content": original["content"] + "Đính chính.\n", "reason": "Ghi sót tên"}
    early = await client.post(url(meeting, "/minutes/amendments"), headers=headers, json=amendment)
    assert early.status_code == 409 and error_code(early) == "minutes_not_final"
    assert meeting.actual_end is not None
    with travel(meeting.actual_end - utcnow() + timedelta(days=1)):
        final = await client.post(
            url(meeting, "/minutes/finalize"),
            headers=await fresh_login(client, "bithu.noivu"),
            json=_v1(),
        )
    assert final.status_code == 200

    no_reason = await client.post(
        url(meeting, "/minutes/amendments"), headers=headers, json={"content": "x"}
    )
    assert no_reason.status_code == 422
    member = await login("dangvien.noivu")
    assert (
        await client.post(url(meeting, "/minutes/amendments"), headers=member, json=amendment)
    ).status_code == 403

    created = await client.post(
        url(meeting, "/minutes/amendments"), headers=headers, json=amendment
    )
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["target"] == "minutes" and body["reason"] == "Ghi sót tên"
    assert body["before"]["content"] == original["content"]
    assert body["after"]["content"] == amendment["content"]

    current = (await client.get(url(meeting, "/minutes"), headers=headers)).json()
    assert current["content"] == amendment["content"]
    assert current["final_at"] is not None
    listed = (await client.get(url(meeting, "/minutes/amendments"), headers=member)).json()
    assert [a["id"] for a in listed] == [body["id"]]
    stored = await session.get(MeetingAmendment, body["id"])
    assert stored is not None and stored.before == {
        "content": original["content"],
        "version": final.json()["version"],
    }
    unchanged = await client.post(
        url(meeting, "/minutes/amendments"),
        headers=headers,
        json={"content": amendment["content"], "reason": "Không đổi gì"},
    )
    assert unchanged.status_code == 422 and error_code(unchanged) == "amendment_unchanged"


# -- resolutions ------------------------------------------------------------------------


async def test_resolution_numbers_per_cell_year_and_kind(
    client: httpx.AsyncClient, session: AsyncSession, login: Any
) -> None:
    march = await _voting_meeting(session, status=MeetingStatus.held)
    april = await make_meeting(session, seed.CELL_NOI_VU, status=MeetingStatus.held,
                               start=MARCH_2034 + timedelta(days=28))  # fmt: skip
    next_year = await make_meeting(session, seed.CELL_NOI_VU, status=MeetingStatus.held,
                                   start=datetime(2035, 1, 8, 1, 0, tzinfo=UTC))  # fmt: skip
    other_cell = await make_meeting(session, seed.CELL_THI_DUA, status=MeetingStatus.held,
                                    start=MARCH_2034)  # fmt: skip
    await session.commit()
    headers = await login("dangbo.noivu")

    async def adopt(meeting: Meeting, title: str, kind: str = "resolution") -> dict[str, Any]:
        response = await client.post(
            url(meeting, "/resolutions"), headers=headers, json={"title": title, "kind": kind}
        )
        assert response.status_code == 201, response.text
        return response.json()  # type: ignore[no-any-return]

    first = await adopt(march, "Nghị quyết tháng 3")
    second = await adopt(april, "Nghị quyết tháng 4")
    conclusion = await adopt(april, "Kết luận về công tác cán bộ", "conclusion")
    third = await adopt(april, "Nghị quyết chuyên đề")
    elsewhere = await adopt(other_cell, "Nghị quyết Chi bộ Thi đua")
    january = await adopt(next_year, "Nghị quyết tháng 1 năm 2035")
    assert [r["code"] for r in (first, second, conclusion, third, elsewhere, january)] == [
        "01-NQ/CB",
        "02-NQ/CB",
        "01-KL/CB",
        "03-NQ/CB",
        "01-NQ/CB",
        "01-NQ/CB",
    ]
    assert (first["year"], january["year"]) == (2034, 2035)
    assert first["adopted_on"] == "2034-03-06"

    listed = (await client.get(url(april, "/resolutions"), headers=headers)).json()
    assert [r["code"] for r in listed] == ["02-NQ/CB", "01-KL/CB", "03-NQ/CB"]
    one = await client.get(
        f"{API}/resolutions/{first['id']}", headers=await login("dangvien.noivu")
    )
    assert one.status_code == 200 and one.json()["code"] == "01-NQ/CB"
    hidden = await client.get(
        f"{API}/resolutions/{first['id']}", headers=await login("bithu.taichinh")
    )
    assert hidden.status_code == 404


async def test_numbering_takes_the_next_number_when_another_request_took_it(
    session: AsyncSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two requests may read the same last number; the unique constraint refuses the second
    insert, which retries with the next number (here the race is staged: the first read is
    stale, as if a concurrent request had not committed yet)."""
    meeting = await make_meeting(
        session, seed.CELL_NOI_VU, status=MeetingStatus.held, start=MARCH_2034
    )
    unit = await session.get(Unit, meeting.unit_id)
    assert unit is not None
    session.add(
        Resolution(meeting_id=meeting.id, unit_id=unit.id, kind=ResolutionKind.resolution,
                   year=2034, number=1, code="01-NQ/CB", title="Nghị quyết đã có",
                   adopted_on=date(2034, 3, 6))
    )  # fmt: skip
    await session.flush()
    real = MinutesRepository.last_number
    calls: list[int] = []

    async def stale_once(self: MinutesRepository, *args: Any) -> int:
        calls.append(1)
        return 0 if len(calls) == 1 else await real(self, *args)

    monkeypatch.setattr(MinutesRepository, "last_number", stale_once)
    admin = (await session.scalars(select(User).where(User.username == "admin"))).one()
    principal = Principal(
        user_id=admin.id, username="admin", role=Role.admin, unit_id=unit.id, unit_path="/"
    )
    resolution, _ = await ResolutionService(session).create_resolution(
        principal, meeting.id, ResolutionCreate(title="Nghị quyết thứ hai")
    )
    assert (resolution.number, resolution.code, len(calls)) == (2, "02-NQ/CB", 2)
    numbers = (
        await session.scalars(select(Resolution.number).where(Resolution.meeting_id == meeting.id))
    ).all()
    assert sorted(numbers) == [1, 2]


@pytest.mark.postgres_only
async def test_concurrent_resolutions_get_consecutive_numbers(engine: AsyncEngine) -> None:
    """Two transactions number a resolution of the same cell and year at once: the second
    waits on the unique index, fails when the first commits, and takes the next number."""
    maker = async_sessionmaker(engine, expire_on_commit=False)
    async with maker() as setup:
        meeting = await make_meeting(
            setup,
            seed.CELL_NOI_VU,
            status=MeetingStatus.held,
            meeting_type=MeetingType.extraordinary,
            start=datetime(2036, 5, 5, 1, 0, tzinfo=UTC),
        )
        unit = await setup.get(Unit, meeting.unit_id)
        await setup.commit()
    assert unit is not None

    def draft(title: str) -> Resolution:
        return Resolution(meeting_id=meeting.id, unit_id=unit.id, year=2036, title=title,
                          kind=ResolutionKind.resolution, adopted_on=date(2036, 5, 5))  # fmt: skip

    try:
        async with maker() as first, maker() as second:
            one, two = draft("Nghị quyết thứ nhất"), draft("Nghị quyết thứ hai")
            await ResolutionService(first)._insert_numbered(one, unit)
            racing = asyncio.create_task(ResolutionService(second)._insert_numbered(two, unit))
            await asyncio.sleep(0.5)
            assert not racing.done()  # waiting on the unique index for the first to finish
            await first.commit()
            await asyncio.wait_for(racing, timeout=10)
            await second.commit()
        assert [(r.number, r.code) for r in (one, two)] == [(1, "01-NQ/CB"), (2, "02-NQ/CB")]
    finally:
        async with maker() as cleanup:
            await cleanup.execute(delete(Resolution).where(Resolution.meeting_id == meeting.id))
            await cleanup.execute(delete(Meeting).where(Meeting.id == meeting.id))
            await cleanup.commit()


async def test_resolution_rules_leave_nothing_half_written(
    client: httpx.AsyncClient, session: AsyncSession, login: Any
) -> None:
    meeting = await _voting_meeting(session, status=MeetingStatus.held)
    headers = await login("bithu.noivu")
    rejected = (await client.post(url(meeting, "/votes"), headers=headers, json=_vote(1))).json()
    outsider = await member_named(session, "Trần Xuân Lộc")  # Chi bộ Thi đua – Khen thưởng
    owner = await member_named(session, "Nguyễn Đức Mạnh")

    def body(**extra: Any) -> dict[str, Any]:
        return {"title": "Nghị quyết tháng 3", **extra}

    not_passed = await client.post(
        url(meeting, "/resolutions"), headers=headers, json=body(vote_id=rejected["id"])
    )
    assert error_code(not_passed) == "vote_not_passed"
    foreign_owner = await client.post(
        url(meeting, "/resolutions"),
        headers=headers,
        json=body(tasks=[{"title": "Việc 1", "owner_member_id": owner.id},
                         {"title": "Việc 2", "owner_member_id": outsider.id}]),
    )  # fmt: skip
    assert foreign_owner.status_code == 422 and error_code(foreign_owner) == "owner_not_in_cell"
    count = await session.scalar(
        select(func.count()).select_from(Resolution).where(Resolution.meeting_id == meeting.id)
    )
    tasks = await session.scalar(
        select(func.count()).select_from(Task).where(Task.meeting_id == meeting.id)
    )
    assert (count, tasks) == (0, 0)
    # The temporary guest attends the cell: a task may go to him.
    guest = await member_named(session, seed.TEMPORARILY_TRANSFERRED_MEMBER)
    ok = await client.post(
        url(meeting, "/resolutions"),
        headers=headers,
        json=body(tasks=[{"title": "Việc 1", "owner_member_id": guest.id}]),
    )
    assert ok.status_code == 201, ok.text
    assert ok.json()["code"] == "01-NQ/CB"
    assert ok.json()["tasks"][0]["owner_name"] == seed.TEMPORARILY_TRANSFERRED_MEMBER
    in_use = await client.post(url(meeting, "/votes"), headers=headers, json=_vote(4))
    adopted = await client.post(
        url(meeting, "/resolutions"), headers=headers, json=body(vote_id=in_use.json()["id"])
    )
    assert adopted.json()["code"] == "02-NQ/CB"
    busy = await client.delete(f"{API}/votes/{in_use.json()['id']}", headers=headers)
    assert busy.status_code == 409 and error_code(busy) == "vote_in_use"


# -- tasks ------------------------------------------------------------------------------


async def test_tasks_assigned_updated_and_listed(
    client: httpx.AsyncClient, session: AsyncSession, login: Any
) -> None:
    meeting = await _voting_meeting(session, status=MeetingStatus.held)
    headers = await login("bithu.noivu")
    owner = await member_named(session, "Nguyễn Đức Mạnh")
    outsider = await member_named(session, "Trần Xuân Lộc")
    created = await client.post(
        url(meeting, "/tasks"),
        headers=headers,
        json={"title": "Rà soát hồ sơ đảng viên", "owner_member_id": owner.id,
              "deadline": "2034-03-20"},
    )  # fmt: skip
    assert created.status_code == 201, created.text
    task = created.json()
    assert (task["status"], task["owner_name"], task["resolution_id"]) == (
        "open",
        "Nguyễn Đức Mạnh",
        None,
    )
    late = await client.post(
        url(meeting, "/tasks"),
        headers=headers,
        json={"title": "Việc khác", "deadline": "2034-05-01"},
    )
    assert late.status_code == 201
    refused = await client.post(
        url(meeting, "/tasks"),
        headers=headers,
        json={"title": "Việc", "owner_member_id": outsider.id},
    )
    assert error_code(refused) == "owner_not_in_cell"

    cell = await unit_id(session, seed.CELL_NOI_VU)
    listing = f"{API}/units/{cell}/tasks"
    due = {t["id"] for t in await fetch_all(client, listing, headers, {"due_before": "2034-04-01"})}
    assert task["id"] in due and late.json()["id"] not in due

    done = await client.patch(
        f"{API}/tasks/{task['id']}", headers=headers, json={"version": 1, "status": "done"}
    )
    assert done.status_code == 200, done.text
    assert done.json()["completed_on"] == today().isoformat()
    bad = await client.patch(
        f"{API}/tasks/{task['id']}",
        headers=headers,
        json={"version": 2, "status": "open", "completed_on": "2034-03-10"},
    )
    assert error_code(bad) == "completed_on_requires_done"
    future = await client.patch(
        f"{API}/tasks/{task['id']}",
        headers=headers,
        json={"version": 2, "completed_on": (today() + timedelta(days=3)).isoformat()},
    )
    assert error_code(future) == "completed_in_future"

    member = await login("dangvien.noivu")
    done_list = {t["id"] for t in await fetch_all(client, listing, member, {"status": "done"})}
    assert task["id"] in done_list and late.json()["id"] not in done_list
    assert (
        await client.patch(f"{API}/tasks/{task['id']}", headers=member, json={"version": 2})
    ).status_code == 403
    base = await unit_id(session, seed.BASE_CODE)
    whole = await fetch_all(client, f"{API}/units/{base}/tasks", await login("dangbo.noivu"))
    assert {task["id"], late.json()["id"]} <= {t["id"] for t in whole}
    assert (await client.get(listing, headers=await login("bithu.taichinh"))).status_code == 404

    # Once the minutes are final the assignment is part of the record; its status is not.
    meeting.status = MeetingStatus.minutes_final
    await session.commit()
    reassign = await client.patch(
        f"{API}/tasks/{late.json()['id']}",
        headers=headers,
        json={"version": 1, "deadline": "2034-06-01"},
    )
    assert error_code(reassign) == "meeting_locked"
    status = await client.patch(
        f"{API}/tasks/{late.json()['id']}",
        headers=headers,
        json={"version": 1, "status": "not_done", "review_note": "Chưa bố trí được"},
    )
    assert status.status_code == 200 and status.json()["status"] == "not_done"


async def test_task_review_at_the_next_regular_meeting(
    client: httpx.AsyncClient, session: AsyncSession, login: Any
) -> None:
    # The clock stands on the day of the March meeting: the review happens that day.
    with travel(datetime(2034, 3, 6, 5, 0, tzinfo=UTC) - utcnow()):
        await _review(client, session, login)


async def _review(client: httpx.AsyncClient, session: AsyncSession, login: Any) -> None:
    february = await make_meeting(session, seed.CELL_NOI_VU, status=MeetingStatus.minutes_final,
                                  start=MARCH_2034 - timedelta(days=28))  # fmt: skip
    extraordinary = await make_meeting(
        session,
        seed.CELL_NOI_VU,
        status=MeetingStatus.held,
        meeting_type=MeetingType.extraordinary,
        start=MARCH_2034 - timedelta(days=10),
    )
    march = await make_meeting(
        session, seed.CELL_NOI_VU, status=MeetingStatus.in_progress, start=MARCH_2034
    )
    cell = february.unit_id
    tasks = [
        Task(meeting_id=february.id, unit_id=cell, title=f"Nhiệm vụ {i}",
             deadline=date(2034, 2, 28), status=status)
        for i, status in enumerate(
            [TaskStatus.open, TaskStatus.open, TaskStatus.open, TaskStatus.cancelled], start=1
        )
    ]  # fmt: skip
    other = Task(meeting_id=extraordinary.id, unit_id=cell, title="Việc của cuộc họp bất thường")
    session.add_all([*tasks, other])
    await session.flush()
    await session.commit()
    headers = await login("bithu.noivu")

    shown = (await client.get(url(march, "/task-review"), headers=headers)).json()
    assert shown["previous_meeting_id"] == february.id
    assert shown["previous_meeting_date"] == "2034-02-06"
    assert [t["id"] for t in shown["items"]] == [t.id for t in tasks]
    assert (shown["total"], shown["done"], shown["share_done"], shown["recorded"]) == (
        3,
        0,
        0.0,
        False,
    )

    items = [
        {"task_id": tasks[0].id, "status": "done", "review_note": "Hoàn thành đúng hạn"},
        {"task_id": tasks[1].id, "status": "done", "completed_on": "2034-02-20"},
        {"task_id": tasks[2].id, "status": "not_done", "review_note": "Chuyển sang tháng 4"},
    ]
    foreign = await client.post(
        url(march, "/task-review"),
        headers=headers,
        json={"items": [*items, {"task_id": other.id, "status": "done"}]},
    )
    assert error_code(foreign) == "task_not_under_review"
    member = await login("dangvien.noivu")
    assert (
        await client.post(url(march, "/task-review"), headers=member, json={"items": items})
    ).status_code == 403

    recorded = await client.post(url(march, "/task-review"), headers=headers, json={"items": items})
    assert recorded.status_code == 200, recorded.text
    body = recorded.json()
    assert (body["total"], body["done"], body["recorded"]) == (3, 2, True)
    assert body["share_done"] == pytest.approx(2 / 3)
    await session.refresh(march)
    assert (march.tasks_reviewed_total, march.tasks_reviewed_done) == (3, 2)
    for task in tasks:
        await session.refresh(task)
    assert [t.reviewed_in_meeting_id for t in tasks] == [march.id, march.id, march.id, None]
    assert [t.completed_on for t in tasks[:3]] == [date(2034, 3, 6), date(2034, 2, 20), None]
    assert tasks[0].review_note == "Hoàn thành đúng hạn"

    # The review appears in the minutes.
    minutes = await client.post(url(march, "/minutes/generate"), headers=headers)
    assert "Hoàn thành 2/3 nhiệm vụ (66,7%)." in minutes.json()["content"]

    # Only regular meetings review, and only with an earlier regular meeting.
    not_regular = await client.post(
        url(extraordinary, "/task-review"), headers=headers, json={"items": items}
    )
    assert error_code(not_regular) == "task_review_regular_only"
    assert (await client.get(url(extraordinary, "/task-review"), headers=headers)).json()[
        "previous_meeting_id"
    ] is None
    # A new cell's first regular meeting has nothing to review.
    first = await _meeting_of_new_cell(session)
    committee = await login("dangbo.noivu")
    shown = (await client.get(url(first, "/task-review"), headers=committee)).json()
    assert (shown["previous_meeting_id"], shown["items"], shown["share_done"]) == (None, [], None)
    nothing = await client.post(
        url(first, "/task-review"), headers=committee, json={"items": items}
    )
    assert error_code(nothing) == "no_previous_meeting"


async def _meeting_of_new_cell(session: AsyncSession) -> Meeting:
    base = (await session.scalars(select(Unit).where(Unit.code == seed.BASE_CODE))).one()
    cell = Unit(
        parent_id=base.id,
        kind=UnitKind.cell,
        name="Chi bộ Mới",
        code="CB-MOI",
        path="?",
        depth=base.depth + 1,
    )
    session.add(cell)
    await session.flush()
    cell.path = f"{base.path}{cell.id}/"
    await session.flush()
    meeting = await make_meeting(
        session, "CB-MOI", status=MeetingStatus.in_progress, start=MARCH_2034
    )
    await session.commit()
    return meeting
