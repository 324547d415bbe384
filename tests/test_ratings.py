"""Meeting ratings through the API: the facts of recorded meetings, worked examples on the band
edges of both default QĐ 17 sheets, and the whole workflow of the cell's self-rating (score,
vote, submission, adjustment with a reason, final, reopening, approval) with its refusals.

Meetings are arranged row by row (roll, speeches, documents, vote, minutes, tasks) in 2040, a
year no demo data reaches, so that every fact is known by hand."""

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from chibo.attendance.models import Attendance, AttendanceStatus, BaseExclusion
from chibo.audit.models import AuditEntry
from chibo.auth.models import Role, User
from chibo.auth.principal import Principal
from chibo.core.errors import ChiboError
from chibo.demo import seed
from chibo.documents.models import Document, DocumentKind
from chibo.meetings.models import Meeting, MeetingStatus, MeetingType, ThematicTopic
from chibo.members.models import Member, MemberStatus
from chibo.minutes.models import Minutes, Task, Vote, VoteSubject
from chibo.ratings.facts import FACTS
from chibo.ratings.facts_service import meeting_facts
from chibo.ratings.models import MeetingRating, RatingEvent
from chibo.ratings.service import RatingService
from chibo.speeches.models import Speech, SpeechKind, SpeechState
from chibo.units.models import Unit
from tests.factories import make_meeting
from tests.helpers import error_code, fetch_all, member_named, unit_id

API = "/api/v1"
YEAR = 2040
SECRETARY = "bithu.noivu"
COMMITTEE = "dangbo.noivu"
MEMBER = "dangvien.noivu"
# Members the arranged rolls leave out: exempt, or away at another cell in the demo data.
LEFT_OUT = {seed.EXEMPT_MEMBER, "Hoàng Văn Quý"}
# Judged items at full points (no note needed), per default sheet.
REGULAR_JUDGED = {
    "c3.content": 3, "c4.steps": 5, "c4.content": 10, "c4.thematic": 5, "c4.praise": 2,
    "c5.chairing": 10, "c6.principles": 5,
}  # fmt: skip
THEMATIC_JUDGED = {"t1.presenter": 10, "t3.presentation": 25, "t4.quality": 10, "t5.conclusion": 10}


def full(judged: dict[str, float]) -> dict[str, dict[str, float]]:
    return {code: {"points": points} for code, points in judged.items()}


@dataclass(frozen=True)
class Record:
    """What a meeting's record says, in counts."""

    base: int = 20  # rows of the roll counted in the base (official members)
    present: int = 18
    unexcused: int = 0  # the rest of the base is excused
    minutes: int = 90
    speakers: int = 9  # distinct present members who spoke


async def cell_officials(session: AsyncSession) -> list[Member]:
    cell = await unit_id(session, seed.CELL_NOI_VU)
    members = (
        await session.scalars(
            select(Member)
            .where(Member.unit_id == cell, Member.status == MemberStatus.official)
            .order_by(Member.id)
        )
    ).all()
    return [m for m in members if m.full_name not in LEFT_OUT]


def _file(title: str) -> dict[str, Any]:
    digest = hashlib.sha256(title.encode()).hexdigest()
    return {
        "title": title,
        "filename": f"{digest[:8]}.pdf",
        "content_type": "application/pdf",
        "size_bytes": 1024,
        "sha256": digest,
        "storage_key": digest,
    }


async def recorded_meeting(
    session: AsyncSession,
    month: int,
    record: Record = Record(),
    *,
    meeting_type: MeetingType = MeetingType.regular,
    commit: bool = True,
) -> Meeting:
    """A meeting of Chi bộ Nội vụ in `month` of YEAR, minutes final the next day, with
    everything a sheet reads: the committee met 3 days before, members were notified,
    material and a draft resolution went out 2 days ahead and were posted, the roll (present
    first, then unexcused, then excused), speeches (one self-criticism), a resolution
    adopted by vote, a task, 20 minutes on ideology, all 10 of last month's tasks done, and
    (thematic) a registered topic."""
    start = datetime(YEAR, month, 4, 1, 0, tzinfo=UTC)  # 08:00 in Hà Tĩnh
    await make_meeting(
        session,
        seed.CELL_NOI_VU,
        status=MeetingStatus.held,
        meeting_type=MeetingType.committee,
        start=start - timedelta(days=3),
        minutes=60,
        title="Họp chi ủy",
    )
    meeting = await make_meeting(
        session,
        seed.CELL_NOI_VU,
        status=MeetingStatus.minutes_final,
        meeting_type=meeting_type,
        start=start,
        minutes=record.minutes,
        title=f"Sinh hoạt tháng {month}/{YEAR}",
    )
    assert meeting.actual_end is not None
    meeting.minutes_final_at = meeting.actual_end + timedelta(days=1)
    meeting.ideology_minutes = 20
    meeting.tasks_reviewed_total = 10
    meeting.tasks_reviewed_done = 10
    if meeting_type is MeetingType.thematic:
        topic = ThematicTopic(
            unit_id=meeting.unit_id, year=YEAR, quarter=(month - 1) // 3 + 1, title="Chuyên đề"
        )
        session.add(topic)
        await session.flush()
        meeting.thematic_topic_id = topic.id
    officials = await cell_officials(session)
    assert len(officials) >= record.base
    roll = officials[: record.base]
    for index, member in enumerate(roll):
        if index < record.present:
            status = AttendanceStatus.present
        elif index < record.present + record.unexcused:
            status = AttendanceStatus.unexcused
        else:
            status = AttendanceStatus.excused
        session.add(Attendance(meeting_id=meeting.id, member_id=member.id, status=status))
    for index, member in enumerate(roll[: record.speakers]):
        begin = start + timedelta(minutes=10 + 3 * index)
        session.add(
            Speech(
                meeting_id=meeting.id,
                member_id=member.id,
                kind=SpeechKind.self_criticism if index == 0 else SpeechKind.contribution,
                state=SpeechState.done,
                weight=index,
                requested_at=begin - timedelta(minutes=1),
                begin_time=begin,
                end_time=begin + timedelta(minutes=2),
                spoken_seconds=120,
            )
        )
    ahead = start - timedelta(days=2)
    session.add_all(
        [
            Document(meeting_id=meeting.id, kind=DocumentKind.material, sent_at=ahead,
                     posted_to_handbook_at=ahead, **_file(f"Tài liệu {meeting.id}")),
            Document(meeting_id=meeting.id, kind=DocumentKind.draft_resolution, sent_at=ahead,
                     **_file(f"Dự thảo nghị quyết {meeting.id}")),
            Vote(meeting_id=meeting.id, subject=VoteSubject.resolution, title="Nghị quyết",
                 eligible=record.base, votes_for=record.present, votes_against=0,
                 votes_abstain=0, passed=True, pass_rule="more_than_half_of_eligible"),
            Minutes(meeting_id=meeting.id, content="BIÊN BẢN", generated_at=meeting.actual_end,
                    final_at=meeting.minutes_final_at),
            Task(meeting_id=meeting.id, unit_id=meeting.unit_id, title="Báo cáo quý",
                 deadline=start.date() + timedelta(days=20)),
        ]
    )  # fmt: skip
    await session.flush()
    if commit:
        await session.commit()
    return meeting


def url(path: str) -> str:
    return f"{API}{path}"


async def create_rating(
    client: httpx.AsyncClient, headers: dict[str, str], meeting: Meeting | int
) -> dict[str, Any]:
    meeting_id = meeting if isinstance(meeting, int) else meeting.id
    response = await client.post(url(f"/meetings/{meeting_id}/ratings"), headers=headers)
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


async def put(
    client: httpx.AsyncClient, path: str, headers: dict[str, str], body: dict[str, Any]
) -> httpx.Response:
    return await client.put(url(path), headers=headers, json=body)


def points_of(rating: dict[str, Any], key: str = "self_points") -> dict[str, float]:
    return {item["code"]: item[key] for item in rating["items"]}


def fact_values(rating: dict[str, Any]) -> dict[str, Any]:
    return {fact["name"]: fact["value"] for fact in rating["facts"]}


# -- facts of recorded meetings -----------------------------------------------------------


async def test_facts_of_a_recorded_meeting(session: AsyncSession) -> None:
    meeting = await recorded_meeting(session, 1, commit=False)
    facts = await meeting_facts(session, meeting)
    values = {name: fact.value for name, fact in facts.items()}
    assert values == {
        "duration_minutes": 90,
        "duration_shortfall_minutes": 0,
        "attendance_rate": 90.0,
        "unexcused_count": 0,
        "longest_excused_streak": 1,
        "no_long_excused_streak": True,
        "committee_meeting_before": True,
        "notice_sent": True,
        "documents_on_time": True,
        "draft_resolution_sent": True,
        "documents_posted": True,
        "speaker_share": 50.0,
        "self_criticism_count": 1,
        "ideology_minutes": 20,
        "minutes_complete": True,
        "minutes_final_on_time": True,
        "previous_tasks_done_share": 100.0,
        "conclusion_adopted": True,
        "tasks_assigned": True,
        "thematic_part": False,
        "topic_registered": False,
    }
    assert set(values) <= set(FACTS)
    assert facts["attendance_rate"].source.startswith("18/20 đảng viên có mặt")
    assert facts["speaker_share"].source == "9/18 người dự đã phát biểu"
    assert all(fact.source for fact in facts.values())


async def test_facts_follow_the_record(session: AsyncSession) -> None:
    """What each part of the record does to the facts: exempt members and members away are
    out of the attendance base, a speaker who was not present or a withdrawn request does
    not count, documents sent late or only after the meeting, a follower not notified, no
    committee meeting, minutes final late, no review of last month's tasks."""
    start = datetime(YEAR, 2, 4, 1, 0, tzinfo=UTC)
    meeting = await make_meeting(
        session, seed.CELL_NOI_VU, status=MeetingStatus.held, start=start, minutes=75
    )
    officials = await cell_officials(session)
    rows = [
        (officials[0], AttendanceStatus.present, None),
        (officials[1], AttendanceStatus.late, None),
        (officials[2], AttendanceStatus.excused, None),
        (officials[3], AttendanceStatus.unexcused, None),
        (officials[4], AttendanceStatus.present, BaseExclusion.exempt),  # came anyway
        (officials[5], None, BaseExclusion.transferred_out),
    ]
    for member, status, excluded in rows:
        session.add(
            Attendance(
                meeting_id=meeting.id, member_id=member.id, status=status,
                excluded_from_base=excluded,
            )
        )  # fmt: skip
    begin = start + timedelta(minutes=5)
    spoken = {"begin_time": begin, "end_time": begin + timedelta(minutes=1), "spoken_seconds": 60}
    session.add_all(
        [
            Speech(meeting_id=meeting.id, member_id=officials[0].id, state=SpeechState.done,
                   requested_at=begin, kind=SpeechKind.criticism, **spoken),
            # Twice the same member: one speaker.
            Speech(meeting_id=meeting.id, member_id=officials[0].id, state=SpeechState.done,
                   requested_at=begin, weight=1, **spoken),
            # Absent: does not count as an attendee who spoke.
            Speech(meeting_id=meeting.id, member_id=officials[2].id, state=SpeechState.done,
                   requested_at=begin, weight=2, **spoken),
            Speech(meeting_id=meeting.id, member_id=officials[1].id,
                   state=SpeechState.withdrawn, requested_at=begin, weight=3),
            # Material sent on the day itself; minutes sent afterwards (do not matter).
            Document(meeting_id=meeting.id, kind=DocumentKind.material,
                     sent_at=start - timedelta(hours=2), **_file("Tài liệu muộn")),
            Document(meeting_id=meeting.id, kind=DocumentKind.minutes,
                     sent_at=start + timedelta(days=1), **_file("Biên bản")),
            # Draft resolution handed out only after the meeting began.
            Document(meeting_id=meeting.id, kind=DocumentKind.draft_resolution,
                     sent_at=start + timedelta(minutes=30), **_file("Dự thảo muộn")),
        ]
    )  # fmt: skip
    meeting.follower_name = "Đ/c Nguyễn Văn Theo Dõi"
    await session.flush()
    facts = await meeting_facts(session, meeting)
    values = {name: fact.value for name, fact in facts.items()}
    # Base: the four rows not excluded; present or late: 2 of them.
    assert values["attendance_rate"] == 50.0
    assert values["unexcused_count"] == 1
    assert values["duration_shortfall_minutes"] == 15
    # Attendees: present or late, the exempt member who came included (3); one of them spoke.
    assert values["speaker_share"] == 33.33
    assert values["self_criticism_count"] == 0
    assert values["documents_on_time"] is False
    assert values["draft_resolution_sent"] is False
    assert values["documents_posted"] is False
    assert values["notice_sent"] is False  # the follower was not notified
    assert values["committee_meeting_before"] is False
    assert values["minutes_complete"] is False
    assert values["minutes_final_on_time"] is False
    assert values["conclusion_adopted"] is False
    assert values["tasks_assigned"] is False
    for missing in ("ideology_minutes", "previous_tasks_done_share"):
        assert missing not in facts  # the scorer judges these items

    # The material sent in time: documents are on time though the minutes went out later.
    material = (
        await session.scalars(
            select(Document).where(
                Document.meeting_id == meeting.id, Document.kind == DocumentKind.material
            )
        )
    ).one()
    material.sent_at = start - timedelta(days=1)
    draft = (
        await session.scalars(
            select(Document).where(
                Document.meeting_id == meeting.id, Document.kind == DocumentKind.draft_resolution
            )
        )
    ).one()
    draft.sent_at = start - timedelta(days=2)
    meeting.notice_sent_to_follower_at = start - timedelta(days=3)
    meeting.minutes_final_at = meeting.actual_end + timedelta(days=3)  # type: ignore[operator]
    await session.flush()
    again = await meeting_facts(session, meeting)
    assert again["documents_on_time"].value is True
    assert again["draft_resolution_sent"].value is True
    assert again["notice_sent"].value is True
    assert again["minutes_final_on_time"].value is False  # 3 days after: late


async def test_consecutive_excused_absences_over_the_year(session: AsyncSession) -> None:
    officials = await cell_officials(session)
    absent, other = officials[0], officials[1]
    meetings = []
    for month in (1, 2, 3, 4):
        meeting = await make_meeting(
            session,
            seed.CELL_NOI_VU,
            status=MeetingStatus.minutes_final,
            start=datetime(YEAR, month, 4, 1, 0, tzinfo=UTC),
        )
        session.add_all(
            [
                Attendance(meeting_id=meeting.id, member_id=absent.id,
                           status=AttendanceStatus.excused),
                Attendance(meeting_id=meeting.id, member_id=other.id,
                           status=AttendanceStatus.present),
            ]
        )  # fmt: skip
        meetings.append(meeting)
    await session.flush()
    third = await meeting_facts(session, meetings[2])
    assert third["longest_excused_streak"].value == 3
    assert third["no_long_excused_streak"].value is True  # 3 in a row: not more than 3
    fourth = await meeting_facts(session, meetings[3])
    assert fourth["longest_excused_streak"].value == 4
    assert fourth["no_long_excused_streak"].value is False


async def test_rating_facts_endpoint(
    client: httpx.AsyncClient, session: AsyncSession, login: Any
) -> None:
    meeting = await recorded_meeting(session, 1)
    response = await client.get(
        url(f"/meetings/{meeting.id}/rating-facts"), headers=await login(MEMBER)
    )
    assert response.status_code == 200, response.text
    facts = {fact["name"]: fact for fact in response.json()["facts"]}
    assert list(facts) == list(FACTS)
    assert facts["attendance_rate"]["label"] == FACTS["attendance_rate"].label_vi
    assert facts["attendance_rate"]["value"] == 90.0
    assert facts["attendance_rate"]["source"].startswith("18/20")
    assert facts["speaker_share"]["value"] == 50.0
    assert facts["thematic_part"]["value"] is False
    outside = await client.get(
        url(f"/meetings/{meeting.id}/rating-facts"), headers=await login("bithu.taichinh")
    )
    assert outside.status_code == 404


# -- worked examples: the band edges on both default sheets -------------------------------


REGULAR_CASES = [
    # record, {item: points}, total, level, caps
    pytest.param(
        Record(base=20, present=18, minutes=90, speakers=9),
        {"c1.duration": 5, "c2.rate": 4, "c4.speakers": 4},
        99, "good", [],
        id="attendance 90%, 90 minutes, half of attendees spoke",
    ),
    pytest.param(
        Record(base=18, present=16, minutes=89, speakers=9),
        {"c1.duration": 4, "c2.rate": 3, "c4.speakers": 5},
        98, "fair", ["duration_short_not_good"],
        id="attendance 88.89%, 89 minutes (1 short: not good), 56.25% spoke",
    ),
    pytest.param(
        Record(base=20, present=20, minutes=120, speakers=8),
        {"c1.duration": 5, "c2.rate": 4, "c4.speakers": 4},
        99, "good", [],
        id="40% spoke",
    ),
    pytest.param(
        Record(base=20, present=18, minutes=91, speakers=7),
        {"c1.duration": 5, "c2.rate": 4, "c4.speakers": 3},
        98, "good", [],
        id="38.89% spoke",
    ),
    pytest.param(
        Record(base=20, present=17, minutes=90, speakers=9),
        {"c1.duration": 5, "c2.rate": 3, "c4.speakers": 5},
        99, "fair", ["attendance_not_good"],
        id="attendance 85%: not good whatever the points",
    ),
    pytest.param(
        Record(base=20, present=19, unexcused=1, minutes=90, speakers=10),
        {"c1.duration": 5, "c2.rate": 1, "c4.speakers": 5},
        97, "fair", ["unexcused_not_good"],
        id="an unexcused absence: attendance scores 1, not good",
    ),
    pytest.param(
        Record(base=20, present=18, minutes=60, speakers=5),
        {"c1.duration": 1, "c2.rate": 4, "c4.speakers": 2},
        93, "fair", ["duration_short_not_good"],
        id="30 minutes short (not good), 27.78% spoke",
    ),
]  # fmt: skip

THEMATIC_CASES = [
    pytest.param(
        Record(base=20, present=18, minutes=90, speakers=9),
        {"t2.duration": 5, "t2.rate": 10, "t4.speakers": 12},
        97, "good", [],
        id="thematic: attendance 90%, 90 minutes, half spoke",
    ),
    pytest.param(
        Record(base=18, present=16, minutes=89, speakers=9),
        {"t2.duration": 4, "t2.rate": 8, "t4.speakers": 15},
        97, "fair", ["duration_short_not_good"],
        id="thematic: attendance 88.89%, 89 minutes (not good), 56.25% spoke",
    ),
    pytest.param(
        Record(base=20, present=19, unexcused=1, minutes=80, speakers=10),
        {"t2.duration": 3, "t2.rate": 3, "t4.speakers": 15},
        91, "fair", ["duration_short_not_good", "unexcused_not_good"],
        id="thematic: an unexcused absence, 10 minutes short (two caps)",
    ),
]  # fmt: skip


async def _rate(
    client: httpx.AsyncClient,
    session: AsyncSession,
    login: Any,
    record: Record,
    meeting_type: MeetingType,
    judged: dict[str, float],
) -> dict[str, Any]:
    meeting = await recorded_meeting(session, 5, record, meeting_type=meeting_type)
    headers = await login(SECRETARY)
    rating = await create_rating(client, headers, meeting)
    response = await put(
        client,
        f"/ratings/{rating['id']}/score",
        headers,
        {"entries": full(judged), "version": rating["version"]},
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


@pytest.mark.parametrize(("record", "items", "total", "level", "caps"), REGULAR_CASES)
async def test_worked_examples_regular_sheet(
    client: httpx.AsyncClient,
    session: AsyncSession,
    login: Any,
    record: Record,
    items: dict[str, float],
    total: float,
    level: str,
    caps: list[str],
) -> None:
    rating = await _rate(client, session, login, record, MeetingType.regular, REGULAR_JUDGED)
    assert rating["sheet"]["code"] == "qd17-regular"
    points = points_of(rating)
    assert {code: points[code] for code in items} == items
    # Every other computed item at full points: the record has what they read.
    others = {i["code"]: i for i in rating["items"] if i["code"] not in items}
    assert all(i["self_points"] == i["max_points"] for i in others.values())
    assert sum(points.values()) == total
    assert (rating["self_total"], rating["self_level"], rating["caps_applied"]) == (
        total,
        level,
        caps,
    )
    assert rating["proposed_level"] == level


@pytest.mark.parametrize(("record", "items", "total", "level", "caps"), THEMATIC_CASES)
async def test_worked_examples_thematic_sheet(
    client: httpx.AsyncClient,
    session: AsyncSession,
    login: Any,
    record: Record,
    items: dict[str, float],
    total: float,
    level: str,
    caps: list[str],
) -> None:
    rating = await _rate(client, session, login, record, MeetingType.thematic, THEMATIC_JUDGED)
    assert rating["sheet"]["code"] == "qd17-thematic"
    points = points_of(rating)
    assert {code: points[code] for code in items} == items
    assert sum(points.values()) == total
    assert (rating["self_total"], rating["self_level"], rating["caps_applied"]) == (
        total,
        level,
        caps,
    )


@pytest.mark.parametrize(
    ("deducted", "total", "level"), [(9, 90, "good"), (9.5, 89.5, "fair"), (29, 70, "fair"),
                                     (29.5, 69.5, "average")]
)  # fmt: skip
async def test_level_thresholds_through_judged_deductions(
    client: httpx.AsyncClient,
    session: AsyncSession,
    login: Any,
    deducted: float,
    total: float,
    level: str,
) -> None:
    """From 99 points (the first worked example), judged deductions with their notes land
    exactly on the level thresholds and just below."""
    meeting = await recorded_meeting(session, 6)
    headers = await login(SECRETARY)
    rating = await create_rating(client, headers, meeting)
    entries: dict[str, dict[str, Any]] = {}
    left = deducted
    for code, most in REGULAR_JUDGED.items():
        take = min(left, most)
        left -= take
        entries[code] = (
            {"points": most - take, "note": "Chưa đạt yêu cầu"} if take else {"points": most}
        )
    assert left == 0
    response = await put(
        client, f"/ratings/{rating['id']}/score", headers, {"entries": entries, "version": 1}
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["self_total"], body["self_level"]) == (total, level)


# -- the workflow -------------------------------------------------------------------------


async def outside_committee(client: httpx.AsyncClient, session: AsyncSession, login: Any) -> Any:
    """Headers of a base committee account of Đảng bộ Sở Tài chính (outside Sở Nội vụ)."""
    response = await client.post(
        url("/users"),
        headers=await login("admin"),
        json={
            "username": "dangbo.taichinh",
            "full_name": "Đảng ủy Sở Tài chính",
            "password": "Mat-khau-moi-2040",
            "role": Role.base_committee.value,
            "unit_id": await unit_id(session, "DB-STC"),
        },
    )
    assert response.status_code == 201, response.text
    return await login("dangbo.taichinh", "Mat-khau-moi-2040")


async def _audit_actions(session: AsyncSession, rating_id: int) -> list[str]:
    rows = await session.scalars(
        select(AuditEntry.action)
        .where(AuditEntry.entity_type == "meeting_ratings", AuditEntry.entity_id == str(rating_id))
        .order_by(AuditEntry.id)
    )
    return list(rows.all())


async def test_the_whole_workflow(
    client: httpx.AsyncClient, session: AsyncSession, login: Any
) -> None:
    meeting = await recorded_meeting(session, 7)
    secretary, committee, member = (
        await login(SECRETARY),
        await login(COMMITTEE),
        await login(MEMBER),
    )
    rating = await create_rating(client, secretary, meeting)
    rid = rating["id"]
    path = f"/ratings/{rid}"
    assert (rating["status"], rating["kind"], rating["sheet"]["version_number"]) == (
        "draft",
        "self",
        2,
    )
    assert fact_values(rating)["attendance_rate"] == 90.0  # the facts are shown from the start
    assert [e["action"] for e in rating["events"]] == ["created"]

    # Members do not see a rating before it is final.
    assert (await client.get(url(path), headers=member)).status_code == 404
    listed = await client.get(url(f"/meetings/{meeting.id}/ratings"), headers=member)
    assert listed.json() == []

    # The cell's score: a deduction with its note; the proposal defaults to the level.
    entries = full(REGULAR_JUDGED)
    entries["c4.content"] = {"points": 7, "note": "Nội dung còn dàn trải"}
    entries["c1.duration"] = {"note": "Đúng giờ"}  # a note on a computed item is kept
    scored = await put(client, path + "/score", secretary, {"entries": entries, "version": 1})
    assert scored.status_code == 200, scored.text
    body = scored.json()
    assert (body["self_total"], body["self_level"], body["proposed_level"]) == (96, "good", "good")
    assert body["scored_by_name"] is not None and body["scored_at"] is not None
    items = {i["code"]: i for i in body["items"]}
    assert items["c4.content"]["self_entry"] == {"points": 7, "note": "Nội dung còn dàn trải"}
    assert items["c2.rate"]["computed"] and items["c2.rate"]["value"] == 90.0
    assert items["c2.rate"]["fact_source"].startswith("18/20")
    assert items["c1.duration"]["self_entry"] == {"note": "Đúng giờ"}

    # Submitting needs the cell's vote.
    early = await client.post(url(path + "/submit"), headers=secretary, json={"version": 2})
    assert (early.status_code, error_code(early)) == (409, "rating_not_voted")

    # The vote is within the official members present (18 of the base of 20 on the roll).
    too_many = await put(
        client, path + "/vote", secretary, {"for": 18, "against": 2, "abstain": 1, "version": 2}
    )
    assert (too_many.status_code, error_code(too_many)) == (422, "votes_exceed_present")
    # 21 ballots: more than the 18 official members present (and the base of 20).
    assert too_many.json()["error"]["details"] == {"cast": 21, "present": 18, "eligible": 20}
    voted = await put(
        client, path + "/vote", secretary, {"for": 17, "against": 1, "abstain": 0, "version": 2}
    )
    assert voted.status_code == 200, voted.text
    assert (voted.json()["vote_for"], voted.json()["vote_eligible"]) == (17, 20)

    # A more modest proposal voids the vote; a bolder one than the points allow is refused.
    bold = await put(
        client,
        path + "/score",
        secretary,
        {"entries": {**entries, "c4.content": {"points": 3, "note": "Dàn trải"}},
         "proposed_level": "good", "version": 3},
    )  # fmt: skip
    assert bold.status_code == 200  # 92 points: still good
    entries["c5.chairing"] = {"points": 5, "note": "Chưa phát huy dân chủ"}  # 91 points
    too_high = await put(
        client,
        path + "/score",
        secretary,
        {"entries": {**entries, "c6.principles": {"points": 2, "note": "x"}},
         "proposed_level": "good", "version": 4},
    )  # fmt: skip
    assert (too_high.status_code, error_code(too_high)) == (422, "proposed_level_too_high")
    modest = await put(
        client,
        path + "/score",
        secretary,
        {"entries": entries, "proposed_level": "fair", "version": 4},
    )
    assert modest.status_code == 200, modest.text
    body = modest.json()
    assert (body["self_total"], body["self_level"], body["proposed_level"]) == (91, "good", "fair")
    assert body["vote_for"] is None  # the vote was on another proposal
    voted = await put(
        client, path + "/vote", secretary, {"for": 9, "against": 5, "abstain": 2, "version": 5}
    )
    assert voted.status_code == 200
    not_adopted = await client.post(url(path + "/submit"), headers=secretary, json={"version": 6})
    assert (not_adopted.status_code, error_code(not_adopted)) == (422, "proposed_level_not_adopted")
    voted = await put(
        client, path + "/vote", secretary, {"for": 15, "against": 2, "abstain": 1, "version": 6}
    )
    submitted = await client.post(url(path + "/submit"), headers=secretary, json={"version": 7})
    assert submitted.status_code == 200, submitted.text
    assert submitted.json()["status"] == "submitted"

    # Submitted: the cell can no longer change it.
    locked = await put(client, path + "/score", secretary, {"entries": entries, "version": 8})
    assert (locked.status_code, error_code(locked)) == (409, "rating_submitted")

    # The committee's queue.
    queue = await fetch_all(
        client,
        url("/ratings"),
        committee,
        {"status": "submitted", "from": f"{YEAR}-07-01", "to": f"{YEAR}-07-31"},
        limit=1,
    )
    assert [r["id"] for r in queue] == [rid]
    assert queue[0]["meeting_title"] == f"Sinh hoạt tháng 7/{YEAR}"
    assert queue[0]["unit_name"] == "Chi bộ Nội vụ"
    other_month = await fetch_all(
        client, url("/ratings"), committee, {"status": "submitted", "from": f"{YEAR}-08-01"}
    )
    assert rid not in [r["id"] for r in other_month]

    # Only a committee whose scope holds the cell approves.
    refused = await client.post(url(path + "/approve"), headers=secretary, json={"version": 8})
    assert (refused.status_code, error_code(refused)) == (403, "forbidden")
    refused = await client.post(url(path + "/approve"), headers=member, json={"version": 8})
    assert refused.status_code == 403
    outside = await outside_committee(client, session, login)
    refused = await client.post(url(path + "/approve"), headers=outside, json={"version": 8})
    assert (refused.status_code, error_code(refused)) == (404, "not_found")

    # An adjustment needs a reason, and keeps to the sheet's rules.
    no_reason = await client.post(
        url(path + "/adjust"),
        headers=committee,
        json={"entries": {"c6.principles": {"points": 3, "note": "Chưa"}}, "version": 8},
    )
    assert (no_reason.status_code, error_code(no_reason)) == (422, "validation_error")
    no_note = await client.post(
        url(path + "/adjust"),
        headers=committee,
        json={"entries": {"c6.principles": {"points": 3}}, "reason": "Chưa đúng", "version": 8},
    )
    assert (no_note.status_code, error_code(no_note)) == (422, "deduction_needs_note")
    computed = await client.post(
        url(path + "/adjust"),
        headers=committee,
        json={"entries": {"c2.rate": {"points": 2}}, "reason": "Chưa đúng", "version": 8},
    )
    assert (computed.status_code, error_code(computed)) == (422, "item_computed")
    adjusted = await client.post(
        url(path + "/adjust"),
        headers=committee,
        json={
            "entries": {"c6.principles": {"points": 3, "note": "Tự phê bình chưa sâu"}},
            "reason": "Tự phê bình và phê bình chưa được coi trọng",
            "version": 8,
        },
    )
    assert adjusted.status_code == 200, adjusted.text
    body = adjusted.json()
    assert body["status"] == "final" and body["final_at"] is not None
    # Both scores kept, with who gave each.
    assert (body["self_total"], body["self_level"], body["proposed_level"]) == (91, "good", "fair")
    assert (body["approved_total"], body["approved_level"]) == (89, "fair")
    assert body["adjustment_reason"] == "Tự phê bình và phê bình chưa được coi trọng"
    assert body["approved_by_name"] != body["scored_by_name"]
    items = {i["code"]: i for i in body["items"]}
    assert (items["c6.principles"]["self_points"], items["c6.principles"]["approved_points"]) == (
        5,
        3,
    )
    assert items["c6.principles"]["adjusted"] and not items["c5.chairing"]["adjusted"]
    assert items["c5.chairing"]["approved_entry"] == {"points": 5, "note": "Chưa phát huy dân chủ"}

    # Final: locked for everyone until reopened; members now see it.
    for action, body_ in (("/score", {"entries": entries, "version": 9}),):
        refused = await put(client, path + action, secretary, body_)
        assert (refused.status_code, error_code(refused)) == (409, "rating_final")
    for action in ("/submit", "/approve"):
        who = secretary if action == "/submit" else committee
        refused = await client.post(url(path + action), headers=who, json={"version": 9})
        assert (refused.status_code, error_code(refused)) == (409, "rating_final")
    seen = await client.get(url(path), headers=member)
    assert seen.status_code == 200 and seen.json()["approved_level"] == "fair"
    assert seen.headers["etag"] == 'W/"9"'
    listed = await client.get(url(f"/meetings/{meeting.id}/ratings"), headers=member)
    assert [r["id"] for r in listed.json()] == [rid]

    # Reopening: the committee only, with a reason; back to submitted, recorded.
    refused = await client.post(
        url(path + "/reopen"), headers=secretary, json={"reason": "Xem lại", "version": 9}
    )
    assert refused.status_code == 403
    short = await client.post(
        url(path + "/reopen"), headers=committee, json={"reason": "x", "version": 9}
    )
    assert (short.status_code, error_code(short)) == (422, "validation_error")
    stale = await client.post(
        url(path + "/reopen"),
        headers=committee,
        json={"reason": "Xem lại tiêu chí 6", "version": 8},
    )
    assert (stale.status_code, error_code(stale)) == (409, "stale_version")
    reopened = await client.post(
        url(path + "/reopen"),
        headers=committee,
        json={"reason": "Chi bộ đề nghị xem lại tiêu chí 6", "version": 9},
    )
    assert reopened.status_code == 200, reopened.text
    body = reopened.json()
    assert (body["status"], body["final_at"], body["approved_total"]) == ("submitted", None, None)
    assert (await client.get(url(path), headers=member)).status_code == 404

    # Approved as the cell proposed it: its points, its (voted) level.
    approved = await client.post(url(path + "/approve"), headers=committee, json={"version": 10})
    assert approved.status_code == 200, approved.text
    body = approved.json()
    assert (body["status"], body["approved_total"], body["approved_level"]) == ("final", 91, "fair")
    assert body["adjustment_reason"] is None
    assert not any(i["adjusted"] for i in body["items"])
    events = [(e["action"], e["reason"], e["total"], e["level"]) for e in body["events"]]
    assert events == [
        ("created", None, None, None),
        ("scored", None, 96, "good"),
        ("voted", None, None, "good"),
        ("scored", None, 92, "good"),
        ("scored", None, 91, "fair"),
        ("voted", None, None, "fair"),
        ("voted", None, None, "fair"),
        ("submitted", None, 91, "fair"),
        ("adjusted", "Tự phê bình và phê bình chưa được coi trọng", 89, "fair"),
        ("final", None, 89, "fair"),
        ("reopened", "Chi bộ đề nghị xem lại tiêu chí 6", 89, "fair"),
        ("approved", None, 91, "fair"),
        ("final", None, 91, "fair"),
    ]
    assert all(e["actor_name"] for e in body["events"])
    assert await _audit_actions(session, rid) == [
        "meeting_rating.create",
        "meeting_rating.score",
        "meeting_rating.vote",
        "meeting_rating.score",
        "meeting_rating.score",
        "meeting_rating.vote",
        "meeting_rating.vote",
        "meeting_rating.submit",
        "meeting_rating.adjust",
        "meeting_rating.reopen",
        "meeting_rating.approve",
    ]


# -- refusals -----------------------------------------------------------------------------


async def _snapshot(session: AsyncSession, rating_id: int) -> tuple[Any, ...]:
    session.expire_all()
    rating = await session.get(MeetingRating, rating_id)
    assert rating is not None
    events = await session.scalar(
        select(func.count(RatingEvent.id)).where(RatingEvent.rating_id == rating_id)
    )
    return (rating.version, rating.self_total, rating.self_entries, rating.status, events)


async def test_bad_scores_are_refused_with_every_problem_and_nothing_written(
    client: httpx.AsyncClient, session: AsyncSession, login: Any
) -> None:
    meeting = await recorded_meeting(session, 8)
    headers = await login(SECRETARY)
    rating = await create_rating(client, headers, meeting)
    path = f"/ratings/{rating['id']}/score"
    before = await _snapshot(session, rating["id"])
    audits = len(await _audit_actions(session, rating["id"]))

    cases: list[tuple[dict[str, Any], str, set[tuple[str, str]]]] = [
        (
            {**full(REGULAR_JUDGED), "c5.chairing": {"points": 11}},
            "score_above_max",
            {("c5.chairing", "score_above_max")},
        ),
        (
            {**full(REGULAR_JUDGED), "c6.principles": {"points": 4}},
            "deduction_needs_note",
            {("c6.principles", "deduction_needs_note")},
        ),
        (
            {k: v for k, v in full(REGULAR_JUDGED).items() if k != "c3.content"},
            "item_not_scored",
            {("c3.content", "item_not_scored")},
        ),
        (
            {**full(REGULAR_JUDGED), "c9.extra": {"points": 1}},
            "unknown_item",
            {("c9.extra", "unknown_item")},
        ),
        (
            {
                k: v
                for k, v in {
                    **full(REGULAR_JUDGED),
                    "c4.steps": {"points": 6},
                    "c4.praise": {"points": 1, "note": "  "},
                    "c7.tasks": {"points": 30},
                }.items()
                if k != "c5.chairing"
            },
            "item_not_scored",
            {
                ("c4.steps", "score_above_max"),
                ("c4.praise", "deduction_needs_note"),
                ("c5.chairing", "item_not_scored"),
                ("c7.tasks", "item_computed"),
            },
        ),
    ]
    for entries, code, problems in cases:
        response = await put(client, path, headers, {"entries": entries, "version": 1})
        assert response.status_code == 422, response.text
        error = response.json()["error"]
        assert error["code"] in {p[1] for p in problems}
        assert {(p["item"], p["code"]) for p in error["details"]} == problems, error
        if len(problems) == 1:
            assert error["code"] == code
    negative = await put(
        client, path, headers, {"entries": {"c3.content": {"points": -1}}, "version": 1}
    )
    assert (negative.status_code, error_code(negative)) == (422, "validation_error")
    assert await _snapshot(session, rating["id"]) == before
    assert len(await _audit_actions(session, rating["id"])) == audits


async def test_rating_needs_a_held_meeting_and_only_one_self_rating(
    client: httpx.AsyncClient, session: AsyncSession, login: Any
) -> None:
    headers = await login(SECRETARY)
    for status in (MeetingStatus.announced, MeetingStatus.in_progress, MeetingStatus.cancelled):
        early = await make_meeting(
            session,
            seed.CELL_NOI_VU,
            status=status,
            meeting_type=MeetingType.extraordinary,
            start=datetime(YEAR, 9, 10, 1, 0, tzinfo=UTC),
        )
        await session.commit()
        response = await client.post(url(f"/meetings/{early.id}/ratings"), headers=headers)
        assert (response.status_code, error_code(response)) == (409, "meeting_not_held")
    committee_meeting = await make_meeting(
        session,
        seed.CELL_NOI_VU,
        status=MeetingStatus.held,
        meeting_type=MeetingType.committee,
        start=datetime(YEAR, 9, 1, 1, 0, tzinfo=UTC),
    )
    await session.commit()
    response = await client.post(url(f"/meetings/{committee_meeting.id}/ratings"), headers=headers)
    assert (response.status_code, error_code(response)) == (422, "no_rating_sheet")

    meeting = await recorded_meeting(session, 9)
    member = await client.post(url(f"/meetings/{meeting.id}/ratings"), headers=await login(MEMBER))
    assert member.status_code == 403
    stranger = await client.post(
        url(f"/meetings/{meeting.id}/ratings"), headers=await login("bithu.taichinh")
    )
    assert stranger.status_code == 404
    first = await create_rating(client, headers, meeting)
    again = await client.post(url(f"/meetings/{meeting.id}/ratings"), headers=headers)
    assert (again.status_code, error_code(again)) == (409, "rating_exists")
    by_committee = await client.post(
        url(f"/meetings/{meeting.id}/ratings"), headers=await login(COMMITTEE)
    )
    assert (by_committee.status_code, error_code(by_committee)) == (409, "rating_exists")
    ratings = (
        await session.scalars(select(MeetingRating).where(MeetingRating.meeting_id == meeting.id))
    ).all()
    assert [r.id for r in ratings] == [first["id"]]


async def test_a_second_self_rating_racing_the_check_meets_the_unique_index(
    client: httpx.AsyncClient, session: AsyncSession, login: Any, monkeypatch: Any
) -> None:
    meeting = await recorded_meeting(session, 10)
    first = await create_rating(client, await login(SECRETARY), meeting)
    user = (await session.scalars(select(User).where(User.username == SECRETARY))).one()
    cell = await session.get(Unit, user.unit_id)
    assert cell is not None
    principal = Principal(
        user_id=user.id, username=user.username, role=user.role, unit_id=cell.id,
        unit_path=cell.path,
    )  # fmt: skip
    service = RatingService(session)

    async def nothing_yet(meeting_id: int) -> None:
        return None

    monkeypatch.setattr(service.repo, "self_rating_of", nothing_yet)
    with pytest.raises(ChiboError) as caught:
        await service.create(principal, meeting.id)
    assert (caught.value.status_code, caught.value.code) == (409, "rating_exists")
    ids = (
        await session.scalars(
            select(MeetingRating.id).where(MeetingRating.meeting_id == meeting.id)
        )
    ).all()
    assert list(ids) == [first["id"]]


async def test_cell_acts_need_a_draft_and_committee_acts_a_submission(
    client: httpx.AsyncClient, session: AsyncSession, login: Any
) -> None:
    meeting = await recorded_meeting(session, 11)
    secretary, committee = await login(SECRETARY), await login(COMMITTEE)
    rating = await create_rating(client, secretary, meeting)
    path = f"/ratings/{rating['id']}"
    vote = await put(client, path + "/vote", secretary, {"for": 1, "version": 1})
    assert (vote.status_code, error_code(vote)) == (409, "rating_not_scored")
    submit = await client.post(url(path + "/submit"), headers=secretary, json={"version": 1})
    assert (submit.status_code, error_code(submit)) == (409, "rating_not_scored")
    bodies = {"/approve": {"version": 1}, "/adjust": {"version": 1, "reason": "Điều chỉnh"}}
    for action, body in bodies.items():
        response = await client.post(url(path + action), headers=committee, json=body)
        assert (response.status_code, error_code(response)) == (409, "rating_not_submitted")
    reopen = await client.post(
        url(path + "/reopen"), headers=committee, json={"reason": "Xem lại", "version": 1}
    )
    assert (reopen.status_code, error_code(reopen)) == (409, "rating_not_final")
    missing_version = await put(client, path + "/score", secretary, {"entries": {}})
    assert (missing_version.status_code, error_code(missing_version)) == (422, "validation_error")
    # If-Match works as well as a version in the body.
    scored = await client.put(
        url(path + "/score"),
        headers={**secretary, "If-Match": 'W/"1"'},
        json={"entries": full(REGULAR_JUDGED)},
    )
    assert scored.status_code == 200, scored.text
    assert scored.headers["etag"] == 'W/"2"'


async def test_an_assigned_member_enters_the_self_rating(
    client: httpx.AsyncClient, session: AsyncSession, login: Any
) -> None:
    """The cell may assign one of its members to enter the score; only that member may."""
    meeting = await recorded_meeting(session, 8)
    secretary, member = await login(SECRETARY), await login(MEMBER)
    me = await member_named(session, seed.DEMO_ACCOUNT_MEMBERS[MEMBER])
    outsider = await member_named(session, seed.SECRETARIES[seed.CELL_TON_GIAO])
    refused = await client.post(
        url(f"/meetings/{meeting.id}/ratings"),
        headers=secretary,
        json={"assigned_member_id": outsider.id},
    )
    assert refused.status_code == 422 and refused.json()["error"]["code"] == "member_not_in_cell"
    created = await client.post(
        url(f"/meetings/{meeting.id}/ratings"),
        headers=secretary,
        json={"assigned_member_id": me.id},
    )
    assert created.status_code == 201, created.text
    rid = created.json()["id"]
    assert created.json()["assigned_member_id"] == me.id
    # The assigned member sees the draft and scores it; the cell's vote stays with managers.
    assert (await client.get(url(f"/ratings/{rid}"), headers=member)).status_code == 200
    scored = await put(
        client, f"/ratings/{rid}/score", member, {"entries": full(REGULAR_JUDGED), "version": 1}
    )
    assert scored.status_code == 200, scored.text
    assert scored.json()["scored_by_name"] == me.full_name
    vote = await put(client, f"/ratings/{rid}/vote", member, {"for": 1, "against": 0, "abstain": 0})
    assert vote.status_code == 403

    # Without the assignment a member sees no draft at all.
    other = await recorded_meeting(session, 9)
    unassigned = await create_rating(client, secretary, other)
    hidden = await put(
        client,
        f"/ratings/{unassigned['id']}/score",
        member,
        {"entries": full(REGULAR_JUDGED), "version": 1},
    )
    assert hidden.status_code == 404
