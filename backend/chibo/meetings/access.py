"""Access to one meeting, shared by every package that works on meetings (attendance,
speeches, documents, minutes): read it within scope, or manage it, or refuse."""

from sqlalchemy.ext.asyncio import AsyncSession

from chibo.auth.principal import MEMBER_MANAGER_ROLES, Principal
from chibo.core.errors import Forbidden, NotFound, conflict
from chibo.meetings.models import Meeting, MeetingStatus
from chibo.meetings.repository import MeetingRepository
from chibo.units.models import Unit

LOCKED_STATUSES = frozenset({MeetingStatus.minutes_final, MeetingStatus.cancelled})


async def readable_meeting(session: AsyncSession, principal: Principal, meeting_id: int) -> Meeting:
    """The meeting if it lies in the caller's subtree; 404 otherwise."""
    meeting = await MeetingRepository(session).get_readable(principal, meeting_id)
    if meeting is None:
        raise NotFound()
    return meeting


async def meeting_unit(session: AsyncSession, meeting: Meeting) -> Unit:
    unit = await session.get(Unit, meeting.unit_id)
    assert unit is not None
    return unit


async def manageable_meeting(
    session: AsyncSession, principal: Principal, meeting_id: int
) -> tuple[Meeting, Unit]:
    """A meeting the caller runs: its cell's secretary, or a committee above it.
    Members read only (403); outside the caller's scope, 404."""
    meeting = await readable_meeting(session, principal, meeting_id)
    if principal.role not in MEMBER_MANAGER_ROLES:
        raise Forbidden()
    return meeting, await meeting_unit(session, meeting)


def require_unlocked(meeting: Meeting) -> None:
    """Locked (minutes final) or cancelled meetings change only through an amendment."""
    if meeting.status is MeetingStatus.minutes_final:
        raise conflict(
            "meeting_locked",
            "The minutes are final: the meeting changes only through an amendment.",
            "Biên bản đã hoàn thành: chỉ có thể sửa đổi bằng đính chính có lý do.",
        )
    if meeting.status is MeetingStatus.cancelled:
        raise conflict("meeting_cancelled", "The meeting was cancelled.", "Cuộc họp đã bị hủy.")


def require_status(meeting: Meeting, *allowed: MeetingStatus) -> None:
    if meeting.status not in allowed:
        require_unlocked(meeting)
        raise conflict(
            "meeting_wrong_status",
            f"Not possible while the meeting is {meeting.status.value}.",
            "Thao tác không thực hiện được ở trạng thái hiện tại của cuộc họp.",
            details={"status": meeting.status.value, "allowed": [s.value for s in allowed]},
        )
