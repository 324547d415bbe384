"""Speeches and the live list of speakers."""

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from chibo.attendance.models import Attendance, AttendanceStatus
from chibo.core.clock import utcnow
from chibo.demo import seed
from chibo.meetings.models import AgendaItem, AgendaItemKind, MeetingStatus, MeetingType
from chibo.speeches.models import Speech, SpeechState
from tests.factories import make_meeting
from tests.helpers import member_named
from tests.matrix import ALL, MANAGERS, Endpoint, Foreign

# This package tests its own meeting in progress.
FILL = {"meeting_id": "speech_meeting_id"}

SPEAKERS = "/api/v1/meetings/{meeting_id}/speakers"
SPEECH = SPEAKERS + "/{speech_id}"

ENDPOINTS: list[Endpoint] = [
    Endpoint("GET", SPEAKERS, ALL),
    # The member asks for themselves (already waiting: 409); a secretary for himself; the
    # committees' accounts have no member record (422).
    Endpoint(
        "POST",
        SPEAKERS,
        ALL,
        body=lambda t: {},
        foreign=(
            Foreign("member_id", "member_id", body=lambda t: {"member_id": t["member_id"]}),
            Foreign(
                "agenda_item_id",
                "speech_item_id",
                body=lambda t: {"agenda_item_id": t["speech_item_id"]},
            ),
        ),
        status=201,
        outcomes=(
            ("bithu.noivu", "*", 201, None),
            ("dangvien.noivu", "*", 409, "already_waiting"),
            ("*", "*", 422, "member_required"),
        ),
    ),
    Endpoint(
        "POST",
        SPEAKERS + "/order",
        MANAGERS,
        body=lambda t: {"speech_ids": [t["speech_id"]]},
        foreign=(Foreign("speech_ids", "speech_id"),),
    ),
    Endpoint("POST", SPEECH + "/start", MANAGERS, body=lambda t: {"end_current": True}),
    Endpoint(
        "POST",
        SPEECH + "/pause",
        MANAGERS,
        outcomes=(("*", "*", 409, "speech_wrong_state"),),
    ),
    Endpoint(
        "POST",
        SPEECH + "/resume",
        MANAGERS,
        outcomes=(("*", "*", 409, "speech_wrong_state"),),
    ),
    Endpoint(
        "POST",
        SPEECH + "/end",
        MANAGERS,
        outcomes=(("*", "*", 409, "speech_wrong_state"),),
    ),
    # The waiting request is the member's own.
    Endpoint("POST", SPEECH + "/withdraw", ALL),
    Endpoint(
        "PATCH",
        SPEECH,
        MANAGERS,
        body=lambda t: {"version": 1, "summary": "Góp ý dự thảo nghị quyết.", "quality": 4},
        foreign=(
            Foreign(
                "agenda_item_id",
                "speech_item_id",
                body=lambda t: {"version": 1, "agenda_item_id": t["speech_item_id"]},
            ),
        ),
    ),
    # The event stream, asked for once (the matrix reads whole responses).
    Endpoint("GET", "/api/v1/meetings/{meeting_id}/live", ALL, params=lambda t: {"once": "true"}),
    Endpoint("GET", "/api/v1/meetings/{meeting_id}/speeches/figures", ALL),
    # A member sees their own figures only.
    Endpoint(
        "GET",
        "/api/v1/members/{member_id}/speeches",
        ALL,
        overrides=(("dangvien.noivu", "in", "forbidden"),),
    ),
    Endpoint("GET", "/api/v1/units/{unit_id}/silent-members", MANAGERS),
]


async def targets(session: AsyncSession, scope: str, ids: dict[str, Any]) -> None:
    """A meeting in progress with a roll, and the member's own request waiting (in scope:
    Đinh Thị Hoài Thu, the account dangvien.noivu; out: the secretary of CB-STC-VP)."""
    if scope == "in":
        cell = seed.CELL_NOI_VU
        speaker = seed.DEMO_ACCOUNT_MEMBERS["dangvien.noivu"]
        roll = [speaker, seed.SECRETARIES[cell], "Nguyễn Văn An"]
    else:
        cell = "CB-STC-VP"
        speaker = seed.SECRETARIES[cell]
        roll = [speaker]
    meeting = await make_meeting(
        session, cell, status=MeetingStatus.in_progress, meeting_type=MeetingType.extraordinary
    )
    members = {name: (await member_named(session, name)).id for name in roll}
    for member_id in members.values():
        session.add(
            Attendance(meeting_id=meeting.id, member_id=member_id, status=AttendanceStatus.present)
        )
    speech = Speech(
        meeting_id=meeting.id,
        member_id=members[speaker],
        state=SpeechState.waiting,
        weight=1,
        requested_at=utcnow(),
        requested_by_self=True,
    )
    item = AgendaItem(
        meeting_id=meeting.id,
        position=1,
        title="Thảo luận",
        kind=AgendaItemKind.discussion,
        planned_minutes=30,
    )
    session.add_all([speech, item])
    await session.flush()
    ids.update({"speech_meeting_id": meeting.id, "speech_id": speech.id, "speech_item_id": item.id})
