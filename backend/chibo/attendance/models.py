"""Roll call (điểm danh): one row per expected member of a meeting, and the guests."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from chibo.core.db import Base, BigId, IdMixin, TimestampMixin, VersionedMixin, enum_type


class AttendanceStatus(StrEnum):
    present = "present"
    late = "late"  # present, arrived late
    excused = "excused"  # vắng có lý do
    unexcused = "unexcused"  # vắng không lý do


class BaseExclusion(StrEnum):
    """Why a listed member is left out of the attendance base."""

    exempt = "exempt"  # miễn công tác và sinh hoạt đảng
    transferred_out = "transferred_out"  # sinh hoạt tạm thời ở chi bộ khác


class CheckinMethod(StrEnum):
    secretary = "secretary"
    self_checkin = "self"


class GuestKind(StrEnum):
    follower = "follower"  # the superior committee member who follows the cell
    invited = "invited"


class Attendance(IdMixin, TimestampMixin, VersionedMixin, Base):
    __tablename__ = "attendance"
    __table_args__ = (UniqueConstraint("meeting_id", "member_id"),)

    meeting_id: Mapped[int] = mapped_column(BigId, ForeignKey("meetings.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(BigId, ForeignKey("members.id"), index=True)
    # Null until the roll is taken.
    status: Mapped[AttendanceStatus | None] = mapped_column(
        enum_type(AttendanceStatus, "attendance_status")
    )
    reason: Mapped[str | None] = mapped_column(String(500))
    # Null when the member counts in the attendance base.
    excluded_from_base: Mapped[BaseExclusion | None] = mapped_column(
        enum_type(BaseExclusion, "base_exclusion")
    )
    # Attending from another cell (sinh hoạt tạm thời here): counted, listed as such.
    temporary_guest: Mapped[bool] = mapped_column(default=False)
    checked_in_at: Mapped[datetime | None] = mapped_column()
    checkin_method: Mapped[CheckinMethod | None] = mapped_column(
        enum_type(CheckinMethod, "checkin_method")
    )


class Guest(IdMixin, TimestampMixin, VersionedMixin, Base):
    __tablename__ = "meeting_guests"

    meeting_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[GuestKind] = mapped_column(enum_type(GuestKind, "guest_kind"))
    name: Mapped[str] = mapped_column(String(120))
    title: Mapped[str | None] = mapped_column(String(200))
    member_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("members.id"))
    present: Mapped[bool | None] = mapped_column()
