"""Inspection endpoints: plans, assignments, the inspector's rating, conclusion notices,
follow-up items and the comparison with the cell's self-score.

Targets per scope: the committee's plan for YEAR and three held meetings of the cell, each
with an inspection in another state: planned with a draft rating (rating, submit), rated
(conclusion), concluded with an open follow-up item (reads, follow-ups)."""

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from chibo.auth.models import Role, User
from chibo.core.clock import utcnow
from chibo.inspections.models import (
    FollowUpItem,
    Inspection,
    InspectionPlan,
    InspectionStatus,
)
from chibo.meetings.models import Meeting, MeetingStatus
from chibo.ratings.models import Level, MeetingRating, RatingKind, RatingSheet, RatingStatus
from tests.factories import make_meeting
from tests.matrix import ALL, COMMITTEES, MANAGERS, Endpoint, Foreign

YEAR = 2042
CONCLUDED = {"inspection_id": "inspection_concluded_id"}
RATED = {"inspection_id": "inspection_rated_id"}
BASE = {"unit_id": "base"}
# The assigned inspector (or an administrator) rates; in scope that is dangbo.noivu.
INSPECTOR = frozenset({"admin", "dangbo.noivu"})
# Every judged item of the default regular sheet, and every computed item whose fact a
# meeting without a roll lacks, at full points (no note needed).
FULL_ENTRIES: dict[str, dict[str, Any]] = {
    "c2.rate": {"points": 4},
    "c3.content": {"points": 3},
    "c4.steps": {"points": 5},
    "c4.content": {"points": 10},
    "c4.thematic": {"points": 5},
    "c4.praise": {"points": 2},
    "c4.speakers": {"points": 5},
    "c4.ideology": {"points": 1},
    "c5.chairing": {"points": 10},
    "c6.principles": {"points": 5},
    "c7.tasks": {"points": 30},
}

FILL = {"plan_id": "inspection_plan_id"}

ENDPOINTS: list[Endpoint] = [
    Endpoint("GET", "/api/v1/units/{unit_id}/inspection-plans", COMMITTEES, gated=True, fill=BASE),
    Endpoint(
        "POST",
        "/api/v1/units/{unit_id}/inspection-plans",
        COMMITTEES,
        gated=True,
        fill=BASE,
        body=lambda t: {"year": YEAR + 1, "title": "Kế hoạch kiểm tra, giám sát năm 2043"},
        status=201,
    ),
    Endpoint("GET", "/api/v1/inspection-plans/{plan_id}", COMMITTEES, gated=True),
    Endpoint(
        "PATCH",
        "/api/v1/inspection-plans/{plan_id}",
        COMMITTEES,
        gated=True,
        body=lambda t: {"version": 1, "content": "Kiểm tra sinh hoạt chi bộ quý II"},
    ),
    Endpoint("GET", "/api/v1/inspection-plans/{plan_id}/inspections", COMMITTEES, gated=True),
    Endpoint(
        "POST",
        "/api/v1/inspection-plans/{plan_id}/inspections",
        COMMITTEES,
        gated=True,
        body=lambda t: {
            "meeting_id": t["inspection_meeting_id"],
            "inspector_user_id": t["committee_user_id"],
        },
        foreign=(
            Foreign("meeting_id", "inspection_meeting_id"),
            Foreign("inspector_user_id", "committee_user_id"),
            # The superior committee's account covers the cell but lies outside the base
            # committee's scope: not found for it either.
            Foreign(
                "inspector_user_id",
                "superior_user_id",
                body=lambda t: {
                    "meeting_id": t["inspection_meeting_id"],
                    "inspector_user_id": t["superior_user_id"],
                },
            ),
        ),
        status=201,
    ),
    Endpoint("GET", "/api/v1/units/{unit_id}/inspections", ALL, params=lambda t: {"year": YEAR}),
    Endpoint("GET", "/api/v1/inspections/{inspection_id}", ALL, fill=CONCLUDED),
    Endpoint(
        "PUT",
        "/api/v1/inspections/{inspection_id}/rating",
        INSPECTOR,
        body=lambda t: {"entries": FULL_ENTRIES, "findings": "Chuẩn bị chu đáo", "version": 1},
    ),
    Endpoint(
        "POST",
        "/api/v1/inspections/{inspection_id}/rating/submit",
        INSPECTOR,
        body=lambda t: {"version": 1},
    ),
    Endpoint(
        "POST",
        "/api/v1/inspections/{inspection_id}/conclusion",
        COMMITTEES,
        fill=RATED,
        body=lambda t: {
            "number": "02-TB/ĐU",
            "text": "Chi bộ tổ chức sinh hoạt nền nếp; cần nâng cao chất lượng thảo luận.",
            "follow_ups": [{"title": "Tăng tỷ lệ phát biểu", "owner_member_id": t["member_id"]}],
        },
        foreign=(Foreign("follow_ups[].owner_member_id", "member_id"),),
    ),
    Endpoint("GET", "/api/v1/inspections/{inspection_id}/comparison", ALL, fill=CONCLUDED),
    Endpoint("GET", "/api/v1/inspections/{inspection_id}/follow-ups", ALL, fill=CONCLUDED),
    Endpoint(
        "PATCH",
        "/api/v1/follow-ups/{follow_up_id}",
        MANAGERS,
        body=lambda t: {"version": 1, "status": "done", "note": "Đã thực hiện"},
    ),
]


async def _user(session: AsyncSession, username: str) -> int:
    return (await session.scalars(select(User.id).where(User.username == username))).one()


def _rating(
    meeting: Meeting, inspection: Inspection, sheet_id: int, status: RatingStatus
) -> MeetingRating:
    final = status is RatingStatus.final
    return MeetingRating(
        meeting_id=meeting.id,
        unit_id=meeting.unit_id,
        sheet_id=sheet_id,
        kind=RatingKind.inspection,
        inspection_id=inspection.id,
        status=status,
        facts={},
        self_entries=FULL_ENTRIES,
        self_points={},
        self_total=80.0 if final else None,
        self_level=Level.fair if final else None,
        caps_applied=[],
        final_at=utcnow() if final else None,
    )


async def targets(session: AsyncSession, scope: str, ids: dict[str, Any]) -> None:
    code = "CB-NV" if scope == "in" else "CB-STC-VP"
    inspector = await _user(session, "dangbo.noivu" if scope == "in" else "admin")
    sheet_id = (
        await session.scalars(
            select(RatingSheet.id).where(
                RatingSheet.code == "qd17-regular", RatingSheet.version_number == 1
            )
        )
    ).one()
    plan = InspectionPlan(unit_id=ids["base"], year=YEAR, title="Kế hoạch kiểm tra năm 2042")
    session.add(plan)
    await session.flush()
    made: dict[InspectionStatus, Inspection] = {}
    first_meeting: Meeting | None = None
    for month, status in (
        (3, InspectionStatus.planned),
        (4, InspectionStatus.rated),
        (5, InspectionStatus.concluded),
    ):
        meeting = await make_meeting(
            session,
            code,
            status=MeetingStatus.held,
            start=datetime(YEAR, month, 3, 1, 0, tzinfo=UTC),
        )
        first_meeting = first_meeting or meeting
        inspection = Inspection(
            plan_id=plan.id, meeting_id=meeting.id, inspector_user_id=inspector, status=status
        )
        if status is InspectionStatus.concluded:
            inspection.conclusion_number = "01-TB/ĐU"
            inspection.conclusion_text = "Thông báo kết luận kiểm tra sinh hoạt chi bộ."
            inspection.concluded_at = utcnow()
            inspection.concluded_by_user_id = inspector
        session.add(inspection)
        await session.flush()
        rating_status = RatingStatus.draft if month == 3 else RatingStatus.final
        session.add(_rating(meeting, inspection, sheet_id, rating_status))
        made[status] = inspection
    # A second account of the committee, free to be assigned (the first inspects all three).
    committee_user = User(
        username=f"matrix.uykt.{scope}",
        full_name="Ủy viên Ủy ban kiểm tra",
        password_hash="-",
        role=Role.base_committee,
        unit_id=ids["base"],
    )
    session.add(committee_user)
    follow_up = FollowUpItem(
        inspection_id=made[InspectionStatus.concluded].id,
        title="Gửi tài liệu trước cho đảng viên",
        owner_member_id=ids["member_id"],
    )
    session.add(follow_up)
    await session.flush()
    assert first_meeting is not None
    ids.update(
        {
            "inspection_plan_id": plan.id,
            "inspection_meeting_id": first_meeting.id,
            "inspection_id": made[InspectionStatus.planned].id,
            "inspection_rated_id": made[InspectionStatus.rated].id,
            "inspection_concluded_id": made[InspectionStatus.concluded].id,
            "follow_up_id": follow_up.id,
            "committee_user_id": committee_user.id,
            "superior_user_id": await _user(session, "khoi"),
        }
    )
