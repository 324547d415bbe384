from datetime import date, datetime
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from chibo.attendance.models import AttendanceStatus, BaseExclusion, CheckinMethod, GuestKind
from chibo.meetings.models import MeetingStatus, MeetingType
from chibo.members.models import MemberStatus

Reason = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]
GuestName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=120)]
GuestTitle = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)]
CheckinCode = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=12)]

# At most this many marks in one bulk request (a cell has tens of members).
MAX_BULK_ENTRIES = 500


class AttendanceMark(BaseModel):
    """Mark one member on the roll. `reason` is required for `excused`; `null` clears the mark.
    A member left out of the base (exempt, or attending another cell) is only ever marked
    present or late, when they come anyway: never absent. `version` (or an If-Match header) is
    optional: when sent, a mark made on a stale row is refused."""

    model_config = ConfigDict(extra="forbid")

    status: AttendanceStatus | None
    reason: Reason | None = None
    version: int | None = None


class BulkEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    member_id: int
    status: AttendanceStatus
    reason: Reason | None = None


class BulkMark(BaseModel):
    """Several marks at once: all are applied, or none."""

    model_config = ConfigDict(extra="forbid")

    entries: list[BulkEntry] = Field(min_length=1, max_length=MAX_BULK_ENTRIES)


class CheckIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: CheckinCode


class AttendanceRow(BaseModel):
    id: int
    meeting_id: int
    member_id: int
    member_name: str
    member_status: MemberStatus
    status: AttendanceStatus | None
    reason: str | None
    excluded_from_base: BaseExclusion | None
    temporary_guest: bool = Field(description="Attends from another cell (sinh hoạt tạm thời)")
    checked_in_at: datetime | None
    checkin_method: CheckinMethod | None
    version: int


class QuorumRead(BaseModel):
    """Whether enough members entitled to vote are present for the meeting to decide."""

    voting_base: int = Field(description="Official members entitled to vote (QĐ 294, 9.3.2)")
    present: int = Field(description="Of whom present (or late)")
    required: int = Field(description="Present needed: the norms' share of the base, rounded up")
    met: bool = Field(description="Votes may be recorded (false with an empty base)")
    share: str = Field(description='The share of the base required, e.g. "2/3"')


class AttendanceSummary(BaseModel):
    """Figures of one meeting's roll, computed from the rows (never stored)."""

    expected: int = Field(description="Rows on the roll")
    base: int = Field(description="Rows counted in the attendance base (not excluded)")
    present: int = Field(description="Present or late, within the base")
    late: int = Field(description="Late, within the base")
    excused: int
    unexcused: int
    not_marked: int = Field(description="Rows of the base not marked yet")
    excluded_exempt: int
    excluded_transferred_out: int
    exempt_present: int = Field(description="Exempt members who came anyway")
    temporary_guests: int = Field(description="Members attending from another cell (counted)")
    rate: float | None = Field(description="present / base; null when the base is empty")
    attendance_points: int | None = Field(
        description="Rating hint per DOMAIN.md criterion 2 (attendance rate), out of 5"
    )
    no_long_excused_streak: bool = Field(
        description="No member had more than the allowed consecutive excused absences this year"
    )
    quorum: QuorumRead


class GuestRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    meeting_id: int
    kind: GuestKind
    name: str
    title: str | None
    member_id: int | None
    present: bool | None
    version: int


class GuestCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: GuestKind
    name: GuestName
    title: GuestTitle | None = None
    member_id: int | None = None
    present: bool | None = None


class GuestUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: GuestKind | None = None
    name: GuestName | None = None
    title: GuestTitle | None = None
    member_id: int | None = None
    present: bool | None = None
    version: int | None = None


class RollRead(BaseModel):
    meeting_id: int
    meeting_status: MeetingStatus
    rows: list[AttendanceRow]
    guests: list[GuestRead]
    summary: AttendanceSummary


class CheckinCodeRead(BaseModel):
    meeting_id: int
    meeting_status: MeetingStatus
    code: str | None = Field(description="Null unless the meeting is in progress")


class MemberAttendanceItem(BaseModel):
    meeting_id: int
    unit_id: int
    meeting_type: MeetingType
    title: str
    starts_at: datetime
    meeting_status: MeetingStatus
    status: AttendanceStatus | None
    reason: str | None
    excluded_from_base: BaseExclusion | None
    temporary_guest: bool


class MemberAttendanceRead(BaseModel):
    member_id: int
    member_name: str
    date_from: date
    date_to: date
    expected: int = Field(description="Meetings where the member counted in the base")
    attended: int = Field(description="Present or late, within the base")
    late: int
    excused: int
    unexcused: int
    not_marked: int
    excluded: int = Field(description="Meetings listed but left out of the base")
    rate: float | None
    meetings: list[MemberAttendanceItem]


class AlertKind(StrEnum):
    unexcused_absences = "unexcused_absences"
    consecutive_excused_absences = "consecutive_excused_absences"


class AttendanceAlert(BaseModel):
    kind: AlertKind
    member_id: int
    member_name: str
    unit_id: int = Field(description="The cell carrying the member on its rolls")
    year: int
    count: int = Field(description="Unexcused absences, or the longest excused streak")
    threshold: int
    meeting_ids: list[int]
