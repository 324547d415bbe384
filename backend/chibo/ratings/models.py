"""Quality ratings of meetings per Quy định 17-QĐ/TU: the sheets (versioned data), each
meeting's self-rating by the cell and its approval by the base committee, the history of
those acts, and the roll-up rules (versioned data)."""

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, Numeric, String, Text, UniqueConstraint, text
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

from chibo.core.db import Base, BigId, IdMixin, JSONType, TimestampMixin, VersionedMixin, enum_type


class PointsTotal(TypeDecorator[Decimal]):
    """A total of points: an exact decimal with 3 places in the database (a sheet's points
    have at most 3), never float; read back without the padding zeros (92, 89.5, 89.996)."""

    impl = Numeric(8, 3, asdecimal=True)
    cache_ok = True

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        number = Decimal(str(value)).quantize(Decimal("0.001"))
        if number == number.to_integral_value():
            return number.quantize(Decimal(1))
        return number.normalize()


class SheetSubject(StrEnum):
    meeting = "meeting"  # a meeting's quality (QĐ 17)
    annual_cell = "annual_cell"  # annual review of a cell
    annual_member = "annual_member"  # annual review of a member


class RatingKind(StrEnum):
    self_rating = "self"  # the cell rates its own meeting
    inspection = "inspection"  # an inspector of the committee rates it independently


class RatingStatus(StrEnum):
    draft = "draft"
    submitted = "submitted"
    final = "final"


class Level(StrEnum):
    good = "good"  # Tốt
    fair = "fair"  # Khá
    average = "average"  # Trung bình
    poor = "poor"  # Kém


class RatingSheet(IdMixin, Base):
    __tablename__ = "rating_sheets"
    __table_args__ = (UniqueConstraint("code", "version_number"),)

    code: Mapped[str] = mapped_column(String(64))
    version_number: Mapped[int] = mapped_column(Integer)
    subject: Mapped[SheetSubject] = mapped_column(
        enum_type(SheetSubject, "sheet_subject"), default=SheetSubject.meeting
    )
    name: Mapped[str] = mapped_column(String(300))
    meeting_types: Mapped[list[str]] = mapped_column(JSONType)
    definition: Mapped[dict[str, Any]] = mapped_column(JSONType)
    source_note: Mapped[str | None] = mapped_column(Text)
    effective_from: Mapped[date] = mapped_column()
    created_at: Mapped[datetime] = mapped_column()
    created_by_user_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id"))


class MeetingRating(IdMixin, TimestampMixin, VersionedMixin, Base):
    __tablename__ = "meeting_ratings"
    __table_args__ = (
        # One self-rating per meeting ("a second self-rating" is refused).
        Index(
            "uq_meeting_ratings_one_self",
            "meeting_id",
            unique=True,
            sqlite_where=text("kind = 'self'"),
            postgresql_where=text("kind = 'self'"),
        ),
        Index("ix_meeting_ratings_unit_id_status", "unit_id", "status"),
    )

    meeting_id: Mapped[int] = mapped_column(BigId, ForeignKey("meetings.id"), index=True)
    unit_id: Mapped[int] = mapped_column(BigId, ForeignKey("units.id"))
    sheet_id: Mapped[int] = mapped_column(BigId, ForeignKey("rating_sheets.id"))
    kind: Mapped[RatingKind] = mapped_column(enum_type(RatingKind, "rating_kind"))
    inspection_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("inspections.id"))
    status: Mapped[RatingStatus] = mapped_column(
        enum_type(RatingStatus, "rating_status"), default=RatingStatus.draft
    )
    # The facts as they were when scored (value and source per fact).
    facts: Mapped[dict[str, Any]] = mapped_column(JSONType)
    # The cell's (or inspector's) score.
    self_entries: Mapped[dict[str, Any]] = mapped_column(JSONType)
    self_points: Mapped[dict[str, Any]] = mapped_column(JSONType)
    self_total: Mapped[Decimal | None] = mapped_column(PointsTotal())
    self_level: Mapped[Level | None] = mapped_column(enum_type(Level, "self_level"))
    proposed_level: Mapped[Level | None] = mapped_column(enum_type(Level, "proposed_level"))
    caps_applied: Mapped[list[str]] = mapped_column(JSONType)
    # A member the cell assigned to enter its self-rating (besides the secretary).
    assigned_member_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("members.id"))
    scored_by_user_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id"))
    scored_at: Mapped[datetime | None] = mapped_column()
    # The cell's vote on the proposed level.
    vote_for: Mapped[int | None] = mapped_column(Integer)
    vote_against: Mapped[int | None] = mapped_column(Integer)
    vote_abstain: Mapped[int | None] = mapped_column(Integer)
    # The voting base (official members entitled to vote) when the vote was recorded.
    vote_eligible: Mapped[int | None] = mapped_column(Integer)
    submitted_at: Mapped[datetime | None] = mapped_column()
    submitted_by_user_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id"))
    # The committee's approved score (equal to the self score unless adjusted).
    approved_entries: Mapped[dict[str, Any] | None] = mapped_column(JSONType)
    approved_points: Mapped[dict[str, Any] | None] = mapped_column(JSONType)
    approved_total: Mapped[Decimal | None] = mapped_column(PointsTotal())
    approved_level: Mapped[Level | None] = mapped_column(enum_type(Level, "approved_level"))
    # Caps that held the approved level down (the self score's are in `caps_applied`).
    approved_caps_applied: Mapped[list[str] | None] = mapped_column(JSONType)
    adjustment_reason: Mapped[str | None] = mapped_column(Text)
    approved_by_user_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id"))
    approved_at: Mapped[datetime | None] = mapped_column()
    final_at: Mapped[datetime | None] = mapped_column()


class RatingEvent(IdMixin, Base):
    """The history of a rating, shown to people: scored, voted, submitted, approved or
    adjusted (with the reason), made final, reopened (with the reason)."""

    __tablename__ = "rating_events"

    rating_id: Mapped[int] = mapped_column(BigId, ForeignKey("meeting_ratings.id"), index=True)
    action: Mapped[str] = mapped_column(String(32))
    actor_user_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column()
    reason: Mapped[str | None] = mapped_column(Text)
    total: Mapped[Decimal | None] = mapped_column(PointsTotal())
    level: Mapped[Level | None] = mapped_column(enum_type(Level, "level"))


class RollupRule(IdMixin, TimestampMixin, Base):
    """How meeting ratings roll up to a month, quarter and year (versioned data; null unit =
    province default)."""

    __tablename__ = "rating_rollup_rules"
    __table_args__ = (UniqueConstraint("scope_key", "version_number"),)

    unit_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("units.id"))
    scope_key: Mapped[str] = mapped_column(String(32))
    version_number: Mapped[int] = mapped_column(Integer)
    effective_from: Mapped[date] = mapped_column()
    rule: Mapped[dict[str, Any]] = mapped_column(JSONType)
    source_note: Mapped[str | None] = mapped_column(Text)
    created_by_user_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id"))
