"""Meetings: the record of each cell meeting (and of committee meetings), its agenda,
the norms it is held to (versioned data), agenda templates, amendments of locked minutes,
thematic plans and the private calendar feeds."""

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from chibo.core.clock import vietnam_date
from chibo.core.db import Base, BigId, IdMixin, JSONType, TimestampMixin, VersionedMixin, enum_type


class MeetingType(StrEnum):
    regular = "regular"  # sinh hoạt chi bộ thường kỳ
    thematic = "thematic"  # sinh hoạt chuyên đề
    committee = "committee"  # họp chi ủy
    extraordinary = "extraordinary"  # sinh hoạt bất thường
    party_committee = "party_committee"  # họp giao ban Đảng ủy (a base committee's own)


class MeetingFormat(StrEnum):
    in_person = "in_person"
    online = "online"
    hybrid = "hybrid"


class MeetingStatus(StrEnum):
    draft = "draft"
    announced = "announced"
    in_progress = "in_progress"
    held = "held"
    minutes_final = "minutes_final"  # locked: changes only through amendments
    cancelled = "cancelled"


class AgendaItemKind(StrEnum):
    opening = "opening"
    roll_call = "roll_call"
    agenda_adoption = "agenda_adoption"
    report = "report"  # secretary's report on last month and next month
    task_review = "task_review"
    member_evaluation = "member_evaluation"
    information = "information"  # new information and guidance
    discussion = "discussion"
    ideology = "ideology"  # self-criticism and criticism
    thematic = "thematic"  # the thematic presentation
    conclusion = "conclusion"
    vote = "vote"
    rating = "rating"
    minutes = "minutes"
    other = "other"


class ThematicTopicStatus(StrEnum):
    registered = "registered"
    held = "held"
    postponed = "postponed"
    cancelled = "cancelled"


class MeetingNorms(IdMixin, TimestampMixin, Base):
    """Meeting norms a base committee holds its cells to (versioned; null unit = province
    default). A new version is a new row; meetings keep the id of the norms they used."""

    __tablename__ = "meeting_norms"
    __table_args__ = (UniqueConstraint("scope_key", "version_number"),)

    unit_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("units.id"), index=True)
    # "default" or the unit id as text: one sequence of versions per scope.
    scope_key: Mapped[str] = mapped_column(String(32))
    version_number: Mapped[int] = mapped_column(Integer)
    effective_from: Mapped[date] = mapped_column()
    rules: Mapped[dict[str, Any]] = mapped_column(JSONType)
    source: Mapped[str | None] = mapped_column(Text)
    created_by_user_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id"))


class AgendaTemplate(IdMixin, TimestampMixin, Base):
    """Agenda items a meeting type starts with (null unit = province default)."""

    __tablename__ = "agenda_templates"
    __table_args__ = (UniqueConstraint("scope_key", "meeting_type", "version_number"),)

    unit_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("units.id"), index=True)
    scope_key: Mapped[str] = mapped_column(String(32))
    meeting_type: Mapped[MeetingType] = mapped_column(enum_type(MeetingType, "meeting_type"))
    version_number: Mapped[int] = mapped_column(Integer)
    # [{"title": str, "kind": AgendaItemKind, "planned_minutes": int}, …]
    items: Mapped[list[dict[str, Any]]] = mapped_column(JSONType)


class ThematicTopic(IdMixin, TimestampMixin, VersionedMixin, Base):
    """A topic a cell registers for the year (3–4 a year, at least one a quarter)."""

    __tablename__ = "thematic_topics"
    __table_args__ = (
        CheckConstraint("quarter BETWEEN 1 AND 4", name="quarter_range"),
        Index("ix_thematic_topics_unit_id_year", "unit_id", "year"),
    )

    unit_id: Mapped[int] = mapped_column(BigId, ForeignKey("units.id"))
    year: Mapped[int] = mapped_column(Integer)
    quarter: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(300))
    presenter_member_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("members.id"))
    status: Mapped[ThematicTopicStatus] = mapped_column(
        enum_type(ThematicTopicStatus, "thematic_topic_status"),
        default=ThematicTopicStatus.registered,
    )
    note: Mapped[str | None] = mapped_column(Text)


class Meeting(IdMixin, TimestampMixin, VersionedMixin, Base):
    __tablename__ = "meetings"
    __table_args__ = (
        CheckConstraint("planned_end > planned_start", name="planned_order"),
        CheckConstraint(
            "actual_end IS NULL OR actual_start IS NULL OR actual_end > actual_start",
            name="actual_order",
        ),
        Index("ix_meetings_unit_id_planned_start", "unit_id", "planned_start"),
        # One regular meeting per cell and month (cancelled ones do not count).
        Index(
            "uq_meetings_one_regular_per_month",
            "unit_id",
            "period_year",
            "period_month",
            unique=True,
            sqlite_where=text("meeting_type = 'regular' AND status != 'cancelled'"),
            postgresql_where=text("meeting_type = 'regular' AND status != 'cancelled'"),
        ),
    )

    unit_id: Mapped[int] = mapped_column(BigId, ForeignKey("units.id"))
    meeting_type: Mapped[MeetingType] = mapped_column(enum_type(MeetingType, "meeting_type"))
    format: Mapped[MeetingFormat] = mapped_column(
        enum_type(MeetingFormat, "meeting_format"), default=MeetingFormat.in_person
    )
    status: Mapped[MeetingStatus] = mapped_column(
        enum_type(MeetingStatus, "meeting_status"), default=MeetingStatus.draft, index=True
    )
    title: Mapped[str] = mapped_column(String(300))
    # Calendar month the meeting belongs to (Vietnam time), for the one-a-month rule.
    period_year: Mapped[int] = mapped_column(Integer)
    period_month: Mapped[int] = mapped_column(Integer)
    planned_start: Mapped[datetime] = mapped_column()
    planned_end: Mapped[datetime] = mapped_column()
    location: Mapped[str | None] = mapped_column(String(300))
    online_link: Mapped[str | None] = mapped_column(String(500))
    has_thematic_part: Mapped[bool] = mapped_column(default=False)
    thematic_topic_id: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("thematic_topics.id"), index=True
    )
    chair_member_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("members.id"))
    minute_taker_member_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("members.id"))
    # The superior committee member who follows the cell (may sit outside the cell's scope).
    follower_member_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("members.id"))
    follower_name: Mapped[str | None] = mapped_column(String(120))
    # The committee meeting (họp chi ủy) held to prepare this meeting, if any.
    preparation_meeting_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("meetings.id"))
    norms_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("meeting_norms.id"))
    notice_content: Mapped[str | None] = mapped_column(Text)
    announced_at: Mapped[datetime | None] = mapped_column()
    notice_sent_to_members_at: Mapped[datetime | None] = mapped_column()
    notice_sent_to_follower_at: Mapped[datetime | None] = mapped_column()
    actual_start: Mapped[datetime | None] = mapped_column()
    actual_end: Mapped[datetime | None] = mapped_column()
    held_at: Mapped[datetime | None] = mapped_column()
    minutes_final_at: Mapped[datetime | None] = mapped_column()
    cancelled_at: Mapped[datetime | None] = mapped_column()
    cancel_reason: Mapped[str | None] = mapped_column(String(500))
    # Short code members type on their phones to check in while the meeting is in progress.
    checkin_code: Mapped[str | None] = mapped_column(String(12))
    # Review of the previous regular meeting's tasks (the rating uses the share done).
    tasks_reviewed_total: Mapped[int | None] = mapped_column(Integer)
    tasks_reviewed_done: Mapped[int | None] = mapped_column(Integer)
    # Minutes of discussion on ideology, self-criticism and criticism (15–30 expected).
    ideology_minutes: Mapped[int | None] = mapped_column(Integer)

    @property
    def day(self) -> date:
        """The meeting's day on Vietnam's calendar (actual start once started, else planned)."""
        return vietnam_date(self.actual_start or self.planned_start)


class AgendaItem(IdMixin, TimestampMixin, VersionedMixin, Base):
    __tablename__ = "agenda_items"
    __table_args__ = (Index("ix_agenda_items_meeting_id_position", "meeting_id", "position"),)

    meeting_id: Mapped[int] = mapped_column(BigId, ForeignKey("meetings.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(300))
    kind: Mapped[AgendaItemKind] = mapped_column(enum_type(AgendaItemKind, "agenda_item_kind"))
    planned_minutes: Mapped[int | None] = mapped_column(Integer)
    presenter_member_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("members.id"))
    notes: Mapped[str | None] = mapped_column(Text)


class MeetingAmendment(IdMixin, Base):
    """A change to a meeting whose minutes are final: the original stays, with who and why."""

    __tablename__ = "meeting_amendments"

    meeting_id: Mapped[int] = mapped_column(BigId, ForeignKey("meetings.id"), index=True)
    target: Mapped[str] = mapped_column(String(40))  # "meeting", "minutes", "attendance", …
    before: Mapped[dict[str, Any] | None] = mapped_column(JSONType)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSONType)
    reason: Mapped[str] = mapped_column(String(1000))
    amended_by_user_id: Mapped[int] = mapped_column(BigId, ForeignKey("users.id"))
    amended_at: Mapped[datetime] = mapped_column()


class CalendarFeed(IdMixin, Base):
    """A private, revocable iCalendar URL of a user's meetings (stored only as a digest)."""

    __tablename__ = "calendar_feeds"

    user_id: Mapped[int] = mapped_column(BigId, ForeignKey("users.id"), index=True)
    token_digest: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column()
    revoked_at: Mapped[datetime | None] = mapped_column()
