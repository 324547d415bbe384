"""What a meeting decides and records: votes, minutes, resolutions and the tasks they assign."""

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from chibo.core.db import Base, BigId, IdMixin, TimestampMixin, VersionedMixin, enum_type


class VoteSubject(StrEnum):
    resolution = "resolution"
    conclusion = "conclusion"
    other = "other"


class VoteKind(StrEnum):
    """What is decided: each kind has its threshold in the meeting norms (vote_thresholds)."""

    ordinary = "ordinary"  # a resolution, a conclusion, the rating of a meeting
    admission = "admission"  # kết nạp đảng viên (Điều lệ Đảng, Điều 4)
    official_recognition = "official_recognition"  # công nhận đảng viên chính thức (Điều 5)


class ResolutionKind(StrEnum):
    resolution = "resolution"  # Nghị quyết: NN-NQ/CB
    conclusion = "conclusion"  # Kết luận: NN-KL/CB


class TaskStatus(StrEnum):
    open = "open"
    done = "done"
    not_done = "not_done"
    cancelled = "cancelled"


class Vote(IdMixin, TimestampMixin, VersionedMixin, Base):
    """Biểu quyết. Only official members vote; the base is fixed when the vote is recorded."""

    __tablename__ = "votes"
    __table_args__ = (
        CheckConstraint(
            "votes_for >= 0 AND votes_against >= 0 AND votes_abstain >= 0", name="non_negative"
        ),
        CheckConstraint(
            "votes_for + votes_against + votes_abstain <= eligible", name="within_base"
        ),
        # No more ballots than official members present, who are part of the base. Null only
        # on votes recorded before the count was kept (revision 0013).
        CheckConstraint(
            "present IS NULL OR (votes_for + votes_against + votes_abstain <= present "
            "AND present <= eligible)",
            name="within_present",
        ),
    )

    meeting_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    subject: Mapped[VoteSubject] = mapped_column(enum_type(VoteSubject, "vote_subject"))
    title: Mapped[str] = mapped_column(String(300))
    kind: Mapped[VoteKind] = mapped_column(
        enum_type(VoteKind, "vote_kind"),
        default=VoteKind.ordinary,
        server_default=VoteKind.ordinary.value,
    )
    eligible: Mapped[int] = mapped_column(Integer)
    # Official members entitled to vote who were present when the vote was recorded.
    present: Mapped[int | None] = mapped_column(Integer)
    votes_for: Mapped[int] = mapped_column(Integer)
    votes_against: Mapped[int] = mapped_column(Integer)
    votes_abstain: Mapped[int] = mapped_column(Integer)
    passed: Mapped[bool] = mapped_column()
    # The threshold `passed` was decided by, e.g. "more_than:1/2" (chibo.minutes.voting).
    pass_rule: Mapped[str] = mapped_column(String(40))


class Minutes(IdMixin, TimestampMixin, VersionedMixin, Base):
    """Biên bản: generated from the record, edited, then made final with the meeting."""

    __tablename__ = "minutes"

    meeting_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("meetings.id", ondelete="CASCADE"), unique=True
    )
    content: Mapped[str] = mapped_column(Text)
    generated_at: Mapped[datetime] = mapped_column()
    edited_by_user_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id"))
    final_at: Mapped[datetime | None] = mapped_column()
    final_by_user_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id"))


class Resolution(IdMixin, TimestampMixin, VersionedMixin, Base):
    """Nghị quyết (or Kết luận), numbered per cell, year and kind: 01-NQ/CB, 01-KL/CB."""

    __tablename__ = "resolutions"
    __table_args__ = (UniqueConstraint("unit_id", "year", "kind", "number"),)

    meeting_id: Mapped[int] = mapped_column(BigId, ForeignKey("meetings.id"), index=True)
    unit_id: Mapped[int] = mapped_column(BigId, ForeignKey("units.id"))
    kind: Mapped[ResolutionKind] = mapped_column(
        enum_type(ResolutionKind, "resolution_kind"), default=ResolutionKind.resolution
    )
    year: Mapped[int] = mapped_column(Integer)
    number: Mapped[int] = mapped_column(Integer)
    code: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(300))
    content: Mapped[str | None] = mapped_column(Text)
    adopted_on: Mapped[date] = mapped_column()
    vote_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("votes.id"))


class Task(IdMixin, TimestampMixin, VersionedMixin, Base):
    """A task a resolution assigns, with an owner and a deadline; reviewed at the next
    regular meeting."""

    __tablename__ = "tasks"
    __table_args__ = (Index("ix_tasks_unit_id_deadline", "unit_id", "deadline"),)

    meeting_id: Mapped[int] = mapped_column(BigId, ForeignKey("meetings.id"), index=True)
    resolution_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("resolutions.id"))
    unit_id: Mapped[int] = mapped_column(BigId, ForeignKey("units.id"))
    title: Mapped[str] = mapped_column(String(500))
    owner_member_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("members.id"))
    deadline: Mapped[date | None] = mapped_column()
    status: Mapped[TaskStatus] = mapped_column(
        enum_type(TaskStatus, "task_status"), default=TaskStatus.open
    )
    completed_on: Mapped[date | None] = mapped_column()
    reviewed_in_meeting_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("meetings.id"))
    review_note: Mapped[str | None] = mapped_column(Text)
