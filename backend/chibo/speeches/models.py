"""Speeches and the live list of speakers (after OpenSlides' list of speakers).

A request for the floor is a speech row in state `waiting`; the secretary orders the queue,
starts, pauses and ends each speech. Speaking time adds up the running segments, so pauses
do not count."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from chibo.core.db import Base, BigId, IdMixin, TimestampMixin, VersionedMixin, enum_type


class SpeechKind(StrEnum):
    contribution = "contribution"
    proposal = "proposal"
    report = "report"
    question = "question"
    answer = "answer"
    self_criticism = "self_criticism"
    criticism = "criticism"


class SpeechState(StrEnum):
    waiting = "waiting"  # asked for the floor, in the queue
    speaking = "speaking"
    paused = "paused"
    done = "done"
    withdrawn = "withdrawn"


class Speech(IdMixin, TimestampMixin, VersionedMixin, Base):
    __tablename__ = "speeches"
    __table_args__ = (
        Index("ix_speeches_meeting_id_state_weight", "meeting_id", "state", "weight"),
        CheckConstraint("quality IS NULL OR quality BETWEEN 1 AND 5", name="quality_range"),
        CheckConstraint("spoken_seconds >= 0", name="spoken_non_negative"),
        CheckConstraint(
            "state IN ('waiting', 'withdrawn') OR begin_time IS NOT NULL", name="begun_has_begin"
        ),
        CheckConstraint("state != 'done' OR end_time IS NOT NULL", name="done_has_end"),
        CheckConstraint(
            "(state = 'speaking') = (segment_started_at IS NOT NULL)",
            name="segment_only_while_speaking",
        ),
        # One current speaker (speaking or paused) per meeting, whatever the app workers do.
        Index(
            "uq_speeches_one_current_per_meeting",
            "meeting_id",
            unique=True,
            sqlite_where=text("state IN ('speaking', 'paused')"),
            postgresql_where=text("state IN ('speaking', 'paused')"),
        ),
        # One waiting request per member and meeting.
        Index(
            "uq_speeches_one_waiting_per_member",
            "meeting_id",
            "member_id",
            unique=True,
            sqlite_where=text("state = 'waiting'"),
            postgresql_where=text("state = 'waiting'"),
        ),
    )

    meeting_id: Mapped[int] = mapped_column(BigId, ForeignKey("meetings.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(BigId, ForeignKey("members.id"), index=True)
    agenda_item_id: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("agenda_items.id", ondelete="SET NULL")
    )
    kind: Mapped[SpeechKind] = mapped_column(
        enum_type(SpeechKind, "speech_kind"), default=SpeechKind.contribution
    )
    state: Mapped[SpeechState] = mapped_column(
        enum_type(SpeechState, "speech_state"), default=SpeechState.waiting
    )
    weight: Mapped[int] = mapped_column(Integer, default=0)  # order in the queue
    requested_at: Mapped[datetime] = mapped_column()
    requested_by_self: Mapped[bool] = mapped_column(default=False)
    begin_time: Mapped[datetime | None] = mapped_column()
    end_time: Mapped[datetime | None] = mapped_column()
    # Start of the running segment (null while waiting, paused or done).
    segment_started_at: Mapped[datetime | None] = mapped_column()
    spoken_seconds: Mapped[int] = mapped_column(Integer, default=0)
    summary: Mapped[str | None] = mapped_column(Text)
    quality: Mapped[int | None] = mapped_column(Integer)  # 1 (weak) … 5 (excellent)
    note: Mapped[str | None] = mapped_column(String(500))
