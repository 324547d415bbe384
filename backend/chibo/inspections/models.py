"""Committee supervision of cell meetings: the year's plan, inspectors assigned to given
meetings (who rate them independently on the same sheet and record findings), the
conclusion notice (Thông báo kết luận) and its follow-up items."""

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from chibo.core.db import Base, BigId, IdMixin, TimestampMixin, VersionedMixin, enum_type


class InspectionStatus(StrEnum):
    planned = "planned"  # inspector assigned to a meeting
    rated = "rated"  # the inspector's rating is recorded
    concluded = "concluded"  # the conclusion notice is issued
    closed = "closed"  # every follow-up item done


class FollowUpStatus(StrEnum):
    open = "open"
    done = "done"
    dropped = "dropped"


class InspectionPlan(IdMixin, TimestampMixin, VersionedMixin, Base):
    """Kế hoạch kiểm tra, giám sát of a base committee for a year."""

    __tablename__ = "inspection_plans"
    __table_args__ = (UniqueConstraint("unit_id", "year"),)

    unit_id: Mapped[int] = mapped_column(BigId, ForeignKey("units.id"))
    year: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(300))
    content: Mapped[str | None] = mapped_column(Text)


class Inspection(IdMixin, TimestampMixin, VersionedMixin, Base):
    __tablename__ = "inspections"
    __table_args__ = (UniqueConstraint("meeting_id", "inspector_user_id"),)

    plan_id: Mapped[int] = mapped_column(BigId, ForeignKey("inspection_plans.id"), index=True)
    meeting_id: Mapped[int] = mapped_column(BigId, ForeignKey("meetings.id"), index=True)
    # The committee member assigned (an account of the committee).
    inspector_user_id: Mapped[int] = mapped_column(BigId, ForeignKey("users.id"), index=True)
    status: Mapped[InspectionStatus] = mapped_column(
        enum_type(InspectionStatus, "inspection_status"), default=InspectionStatus.planned
    )
    findings: Mapped[str | None] = mapped_column(Text)
    # Thông báo kết luận.
    conclusion_number: Mapped[str | None] = mapped_column(String(40))
    conclusion_text: Mapped[str | None] = mapped_column(Text)
    concluded_at: Mapped[datetime | None] = mapped_column()
    concluded_by_user_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id"))


class FollowUpItem(IdMixin, TimestampMixin, VersionedMixin, Base):
    __tablename__ = "inspection_follow_ups"

    inspection_id: Mapped[int] = mapped_column(BigId, ForeignKey("inspections.id"), index=True)
    title: Mapped[str] = mapped_column(String(500))
    owner_member_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("members.id"))
    due_date: Mapped[date | None] = mapped_column()
    status: Mapped[FollowUpStatus] = mapped_column(
        enum_type(FollowUpStatus, "follow_up_status"), default=FollowUpStatus.open
    )
    done_on: Mapped[date | None] = mapped_column()
    note: Mapped[str | None] = mapped_column(Text)
