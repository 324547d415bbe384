from datetime import date
from typing import Annotated

from fastapi import APIRouter, Header, Query, Response, status

from chibo.attendance.schemas import (
    AttendanceAlert,
    AttendanceMark,
    AttendanceRow,
    BulkMark,
    CheckIn,
    CheckinCodeRead,
    GuestCreate,
    GuestRead,
    GuestUpdate,
    MemberAttendanceRead,
    RollRead,
)
from chibo.attendance.service import AttendanceService, meeting_summary
from chibo.auth.deps import CurrentPrincipal, MemberManagerPrincipal
from chibo.core.clock import today
from chibo.core.deps import SessionDep
from chibo.core.versioning import etag
from chibo.meetings.access import readable_meeting
from chibo.meetings.models import Meeting, MeetingStatus

router = APIRouter(tags=["attendance"])
IfMatch = Annotated[str | None, Header(alias="If-Match")]


async def _roll(service: AttendanceService, meeting: Meeting) -> RollRead:
    return RollRead(
        meeting_id=meeting.id,
        meeting_status=meeting.status,
        rows=await service.roll_rows(meeting),
        guests=[GuestRead.model_validate(g) for g in await service.repo.guests(meeting.id)],
        summary=await meeting_summary(service.session, meeting),
    )


def _code(meeting: Meeting) -> CheckinCodeRead:
    shown = meeting.status is MeetingStatus.in_progress
    return CheckinCodeRead(
        meeting_id=meeting.id,
        meeting_status=meeting.status,
        code=meeting.checkin_code if shown else None,
    )


@router.get(
    "/meetings/{meeting_id}/attendance",
    response_model=RollRead,
    summary="The roll call: one row per expected member, the guests and the figures",
)
async def get_roll(meeting_id: int, session: SessionDep, principal: CurrentPrincipal) -> RollRead:
    meeting = await readable_meeting(session, principal, meeting_id)
    return await _roll(AttendanceService(session), meeting)


@router.post(
    "/meetings/{meeting_id}/attendance/build",
    response_model=RollRead,
    summary="Build or rebuild the roll (while announced or in progress); marks are kept",
)
async def build_roll(meeting_id: int, session: SessionDep, principal: CurrentPrincipal) -> RollRead:
    service = AttendanceService(session)
    meeting = await service.rebuild(principal, meeting_id)
    return await _roll(service, meeting)


@router.post(
    "/meetings/{meeting_id}/attendance/bulk",
    response_model=RollRead,
    summary="Mark several members at once: all or nothing",
)
async def mark_bulk(
    meeting_id: int, data: BulkMark, session: SessionDep, principal: CurrentPrincipal
) -> RollRead:
    service = AttendanceService(session)
    meeting = await service.mark_bulk(principal, meeting_id, data)
    return await _roll(service, meeting)


@router.put(
    "/meetings/{meeting_id}/attendance/{member_id}",
    response_model=AttendanceRow,
    summary="Mark one member: present, late, excused (with a reason) or unexcused",
)
async def mark(
    meeting_id: int,
    member_id: int,
    data: AttendanceMark,
    session: SessionDep,
    principal: CurrentPrincipal,
    response: Response,
    if_match: IfMatch = None,
) -> AttendanceRow:
    row = await AttendanceService(session).mark(principal, meeting_id, member_id, data, if_match)
    response.headers["ETag"] = etag(row.version)
    return row


@router.post(
    "/meetings/{meeting_id}/check-in",
    response_model=AttendanceRow,
    summary="Check in from a phone with the code on the secretary's screen",
)
async def check_in(
    meeting_id: int, data: CheckIn, session: SessionDep, principal: CurrentPrincipal
) -> AttendanceRow:
    return await AttendanceService(session).check_in(principal, meeting_id, data.code)


@router.get(
    "/meetings/{meeting_id}/check-in-code",
    response_model=CheckinCodeRead,
    summary="The check-in code to show members (secretary and committees only)",
)
async def get_checkin_code(
    meeting_id: int, session: SessionDep, principal: CurrentPrincipal
) -> CheckinCodeRead:
    return _code(await AttendanceService(session).checkin_code(principal, meeting_id))


@router.post(
    "/meetings/{meeting_id}/check-in-code/rotate",
    response_model=CheckinCodeRead,
    summary="Replace the check-in code (while the meeting is in progress)",
)
async def rotate_checkin_code(
    meeting_id: int, session: SessionDep, principal: CurrentPrincipal
) -> CheckinCodeRead:
    return _code(await AttendanceService(session).rotate_checkin_code(principal, meeting_id))


@router.get(
    "/meetings/{meeting_id}/guests",
    response_model=list[GuestRead],
    summary="Guests: the follower from the superior committee, invited officials",
)
async def list_guests(
    meeting_id: int, session: SessionDep, principal: CurrentPrincipal
) -> list[GuestRead]:
    guests = await AttendanceService(session).guests(principal, meeting_id)
    return [GuestRead.model_validate(g) for g in guests]


@router.post(
    "/meetings/{meeting_id}/guests",
    response_model=GuestRead,
    status_code=status.HTTP_201_CREATED,
)
async def add_guest(
    meeting_id: int, data: GuestCreate, session: SessionDep, principal: CurrentPrincipal
) -> GuestRead:
    guest = await AttendanceService(session).add_guest(principal, meeting_id, data)
    return GuestRead.model_validate(guest)


@router.patch("/meetings/{meeting_id}/guests/{guest_id}", response_model=GuestRead)
async def update_guest(
    meeting_id: int,
    guest_id: int,
    data: GuestUpdate,
    session: SessionDep,
    principal: CurrentPrincipal,
    response: Response,
    if_match: IfMatch = None,
) -> GuestRead:
    guest = await AttendanceService(session).update_guest(
        principal, meeting_id, guest_id, data, if_match
    )
    response.headers["ETag"] = etag(guest.version)
    return GuestRead.model_validate(guest)


@router.delete("/meetings/{meeting_id}/guests/{guest_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_guest(
    meeting_id: int, guest_id: int, session: SessionDep, principal: CurrentPrincipal
) -> Response:
    await AttendanceService(session).delete_guest(principal, meeting_id, guest_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get(
    "/members/{member_id}/attendance",
    response_model=MemberAttendanceRead,
    summary="A member's attendance over a period (default: this year so far)",
)
async def member_attendance(
    member_id: int,
    session: SessionDep,
    principal: CurrentPrincipal,
    date_from: Annotated[date | None, Query(alias="from")] = None,
    date_to: Annotated[date | None, Query(alias="to")] = None,
) -> MemberAttendanceRead:
    return await AttendanceService(session).member_history(principal, member_id, date_from, date_to)


@router.get(
    "/attendance/alerts",
    response_model=list[AttendanceAlert],
    summary="Members with too many unexcused absences, or a long run of excused ones",
)
async def attendance_alerts(
    session: SessionDep,
    principal: MemberManagerPrincipal,
    year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
) -> list[AttendanceAlert]:
    return await AttendanceService(session).alerts(principal, year or today().year)
