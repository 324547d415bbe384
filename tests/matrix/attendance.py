"""Attendance endpoints: roll call, check-in, check-in code, guests, member history, alerts."""

from datetime import timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from chibo.attendance.models import Guest, GuestKind
from chibo.attendance.service import sync_roll
from chibo.core.clock import utcnow
from chibo.meetings.models import MeetingStatus, MeetingType
from tests.factories import make_meeting
from tests.matrix import ALL, MANAGERS, Endpoint, Foreign

# Our placeholders, filled from this module's own targets (ids["meeting_id"] is the meetings
# package's draft meeting; ours is in progress, with a roll and a guest).
# Placeholders filled from this module's own ids.
FILL = {"meeting_id": "attendance_meeting_id", "guest_id": "attendance_guest_id"}


MEETING = "/api/v1/meetings/{meeting_id}"

ENDPOINTS: list[Endpoint] = [
    Endpoint("GET", MEETING + "/attendance", ALL),
    Endpoint("POST", MEETING + "/attendance/build", MANAGERS),
    Endpoint(
        "POST",
        MEETING + "/attendance/bulk",
        MANAGERS,
        body=lambda t: {"entries": [{"member_id": t["member_id"], "status": "present"}]},
        foreign=(Foreign("entries[].member_id", "member_id"),),
    ),
    Endpoint(
        "PUT",
        MEETING + "/attendance/{member_id}",
        MANAGERS,
        body=lambda t: {"status": "excused", "reason": "Đi công tác"},
    ),
    # Anyone may try; only a member on the roll succeeds (others: 422 not_on_roll).
    Endpoint(
        "POST",
        MEETING + "/check-in",
        ALL,
        body=lambda t: {"code": t["attendance_checkin_code"]},
        # The committees' accounts have no member on the roll.
        outcomes=(
            ("admin", "*", 422, "not_on_roll"),
            ("khoi", "*", 422, "not_on_roll"),
            ("dangbo.noivu", "*", 422, "not_on_roll"),
        ),
    ),
    Endpoint("GET", MEETING + "/check-in-code", MANAGERS),
    Endpoint("POST", MEETING + "/check-in-code/rotate", MANAGERS),
    Endpoint("GET", MEETING + "/guests", ALL),
    Endpoint(
        "POST",
        MEETING + "/guests",
        MANAGERS,
        body=lambda t: {"kind": "invited", "name": "Đại biểu mời", "title": "Chuyên viên"},
        foreign=(
            Foreign(
                "member_id",
                "member_id",
                body=lambda t: {
                    "kind": "follower",
                    "name": "Theo dõi",
                    "member_id": t["member_id"],
                },
            ),
        ),
        status=201,
    ),
    Endpoint(
        "PATCH",
        MEETING + "/guests/{guest_id}",
        MANAGERS,
        body=lambda t: {"version": 1, "present": True},
        foreign=(
            Foreign(
                "member_id", "member_id", body=lambda t: {"version": 1, "member_id": t["member_id"]}
            ),
        ),
    ),
    Endpoint("DELETE", MEETING + "/guests/{guest_id}", MANAGERS),
    # A member reads only their own history: the target member is someone else.
    Endpoint("GET", "/api/v1/members/{member_id}/attendance", MANAGERS),
    Endpoint("GET", "/api/v1/attendance/alerts", MANAGERS, gated=True, scoped=False),
]


async def targets(session: AsyncSession, scope: str, ids: dict[str, Any]) -> None:
    code = "CB-NV" if scope == "in" else "CB-STC-VP"
    # Extraordinary: clear of the one-regular-meeting-a-month rule other modules may meet.
    meeting = await make_meeting(
        session,
        code,
        status=MeetingStatus.in_progress,
        meeting_type=MeetingType.extraordinary,
        start=utcnow() - timedelta(minutes=5),
        title="Sinh hoạt bất thường",
    )
    await sync_roll(session, meeting)
    guest = Guest(meeting_id=meeting.id, kind=GuestKind.follower, name="Trần Văn Theo Dõi")
    session.add(guest)
    await session.flush()
    ids.update(
        {
            "attendance_meeting_id": meeting.id,
            "attendance_guest_id": guest.id,
            "attendance_checkin_code": meeting.checkin_code,
        }
    )
