"""Minutes endpoints: votes, minutes and their amendments, resolutions, tasks and their review,
thematic topics and plans."""

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from chibo.attendance.models import Attendance, AttendanceStatus
from chibo.meetings.models import MeetingStatus, MeetingType, ThematicTopic
from chibo.members.models import Member, MemberStatus
from chibo.minutes.models import Minutes, Resolution, ResolutionKind, Task, Vote
from tests.factories import make_meeting
from tests.matrix import ALL, MANAGERS, Endpoint, Foreign

# Our placeholders, filled from this module's own targets (ids["meeting_id"] belongs to the
# meetings package): a held regular meeting with a roll, a vote, minutes, a resolution, a task.
# Placeholders filled from this module's own ids.
FILL = {"meeting_id": "minutes_meeting_id"}


MEETING = "/api/v1/meetings/{meeting_id}"
YEAR = 2019


def _v(t: dict[str, Any]) -> dict[str, Any]:
    return {"version": 1}


ENDPOINTS: list[Endpoint] = [
    Endpoint("GET", MEETING + "/votes", ALL),
    Endpoint("GET", MEETING + "/voting-base", ALL),
    Endpoint(
        "POST",
        MEETING + "/votes",
        MANAGERS,
        body=lambda t: {
            "subject": "resolution",
            "kind": "ordinary",
            "title": "Thông qua nghị quyết tháng",
            "votes_for": 1,
            "votes_against": 0,
            "votes_abstain": 0,
        },
        status=201,
    ),
    Endpoint(
        "PATCH",
        "/api/v1/votes/{vote_id}",
        MANAGERS,
        body=lambda t: {"version": 1, "votes_against": 0, "kind": "admission"},
    ),
    Endpoint("DELETE", "/api/v1/votes/{vote_id}", MANAGERS),
    Endpoint("GET", MEETING + "/minutes", ALL),
    Endpoint("POST", MEETING + "/minutes/generate", MANAGERS),
    Endpoint(
        "PATCH",
        MEETING + "/minutes",
        MANAGERS,
        body=lambda t: {"version": 1, "content": "BIÊN BẢN SINH HOẠT CHI BỘ (đã sửa)"},
    ),
    Endpoint("POST", MEETING + "/minutes/finalize", MANAGERS, body=_v),
    Endpoint("GET", MEETING + "/minutes/amendments", ALL),
    # Our meeting's minutes are not final yet: allowed roles meet 409 minutes_not_final.
    Endpoint(
        "POST",
        MEETING + "/minutes/amendments",
        MANAGERS,
        body=lambda t: {"content": "Nội dung đính chính", "reason": "Ghi nhầm tên"},
        status=201,
        outcomes=(("*", "*", 409, "minutes_not_final"),),
    ),
    Endpoint("GET", MEETING + "/resolutions", ALL),
    Endpoint(
        "POST",
        MEETING + "/resolutions",
        MANAGERS,
        body=lambda t: {
            "title": "Nghị quyết lãnh đạo thực hiện nhiệm vụ tháng",
            "tasks": [{"title": "Chuẩn bị báo cáo", "owner_member_id": t["member_id"]}],
        },
        foreign=(
            Foreign("tasks[].owner_member_id", "member_id"),
            Foreign(
                "vote_id",
                "vote_id",
                body=lambda t: {"title": "Nghị quyết tháng", "vote_id": t["vote_id"]},
            ),
        ),
        status=201,
    ),
    Endpoint("GET", "/api/v1/resolutions/{resolution_id}", ALL),
    Endpoint("GET", MEETING + "/tasks", ALL),
    Endpoint(
        "POST",
        MEETING + "/tasks",
        MANAGERS,
        body=lambda t: {"title": "Rà soát hồ sơ đảng viên", "deadline": "2019-09-30"},
        foreign=(
            Foreign(
                "owner_member_id",
                "member_id",
                body=lambda t: {"title": "Rà soát hồ sơ", "owner_member_id": t["member_id"]},
            ),
            Foreign(
                "resolution_id",
                "resolution_id",
                body=lambda t: {"title": "Rà soát hồ sơ", "resolution_id": t["resolution_id"]},
            ),
        ),
        status=201,
    ),
    Endpoint("GET", "/api/v1/units/{unit_id}/tasks", ALL, params=lambda t: {"status": "open"}),
    Endpoint(
        "PATCH",
        "/api/v1/tasks/{task_id}",
        MANAGERS,
        body=lambda t: {"version": 1, "status": "done", "completed_on": "2019-08-20"},
        foreign=(
            Foreign(
                "owner_member_id",
                "member_id",
                body=lambda t: {"version": 1, "owner_member_id": t["member_id"]},
            ),
        ),
    ),
    Endpoint("GET", MEETING + "/task-review", ALL),
    Endpoint(
        "POST",
        MEETING + "/task-review",
        MANAGERS,
        body=lambda t: {"items": [{"task_id": t["task_id"], "status": "done"}]},
        foreign=(Foreign("items[].task_id", "task_id"),),
        # The task is the meeting's own, not one of July's meeting under review.
        outcomes=(("*", "*", 422, "task_not_under_review"),),
    ),
    Endpoint(
        "GET", "/api/v1/units/{unit_id}/thematic-topics", ALL, params=lambda t: {"year": YEAR}
    ),
    Endpoint(
        "POST",
        "/api/v1/units/{unit_id}/thematic-topics",
        MANAGERS,
        body=lambda t: {"year": YEAR, "quarter": 2, "title": "Học tập và làm theo Bác"},
        foreign=(
            Foreign(
                "presenter_member_id",
                "member_id",
                body=lambda t: {
                    "year": YEAR,
                    "quarter": 2,
                    "title": "Học tập và làm theo Bác",
                    "presenter_member_id": t["member_id"],
                },
            ),
        ),
        status=201,
    ),
    Endpoint(
        "PATCH",
        "/api/v1/thematic-topics/{thematic_topic_id}",
        MANAGERS,
        body=lambda t: {"version": 1, "note": "Chuẩn bị tài liệu"},
        foreign=(
            Foreign(
                "presenter_member_id",
                "member_id",
                body=lambda t: {"version": 1, "presenter_member_id": t["member_id"]},
            ),
        ),
    ),
    Endpoint("GET", "/api/v1/units/{unit_id}/thematic-plan/{year}", ALL),
]


async def targets(session: AsyncSession, scope: str, ids: dict[str, Any]) -> None:
    code = "CB-NV" if scope == "in" else "CB-STC-VP"
    # July's meeting: the one whose tasks August's would review.
    await make_meeting(
        session,
        code,
        status=MeetingStatus.minutes_final,
        meeting_type=MeetingType.regular,
        start=datetime(YEAR, 7, 2, 1, 0, tzinfo=UTC),
    )
    meeting = await make_meeting(
        session,
        code,
        status=MeetingStatus.held,
        meeting_type=MeetingType.regular,
        start=datetime(YEAR, 8, 6, 1, 0, tzinfo=UTC),
    )
    officials = (
        await session.scalars(
            select(Member)
            .where(Member.unit_id == meeting.unit_id, Member.status == MemberStatus.official)
            .order_by(Member.id)
        )
    ).all()
    session.add_all(
        Attendance(meeting_id=meeting.id, member_id=m.id, status=AttendanceStatus.present)
        for m in officials
    )
    vote = Vote(
        meeting_id=meeting.id,
        subject="resolution",
        title="Biểu quyết nghị quyết",
        eligible=len(officials),
        present=len(officials),
        votes_for=len(officials) - 1,
        votes_against=0,
        votes_abstain=0,
        passed=True,
        pass_rule="more_than:1/2",
    )
    session.add(vote)
    session.add(
        Minutes(
            meeting_id=meeting.id,
            content="BIÊN BẢN SINH HOẠT CHI BỘ",
            generated_at=datetime(YEAR, 8, 6, 3, 0, tzinfo=UTC),
        )
    )
    await session.flush()
    resolution = Resolution(
        meeting_id=meeting.id,
        unit_id=meeting.unit_id,
        kind=ResolutionKind.resolution,
        year=YEAR,
        number=1,
        code="01-NQ/CB",
        title="Nghị quyết tháng 8",
        adopted_on=date(YEAR, 8, 6),
    )
    session.add(resolution)
    await session.flush()
    task = Task(
        meeting_id=meeting.id,
        resolution_id=resolution.id,
        unit_id=meeting.unit_id,
        title="Hoàn thành báo cáo quý",
        owner_member_id=officials[0].id,
        deadline=date(YEAR, 8, 31),
    )
    topic = ThematicTopic(
        unit_id=meeting.unit_id,
        year=YEAR,
        quarter=3,
        title="Chuyên đề về xây dựng Đảng",
        presenter_member_id=officials[0].id,
    )
    session.add_all([task, topic])
    await session.flush()
    ids.update(
        {
            "minutes_meeting_id": meeting.id,
            "vote_id": vote.id,
            "resolution_id": resolution.id,
            "task_id": task.id,
            "thematic_topic_id": topic.id,
            "year": YEAR,
        }
    )
