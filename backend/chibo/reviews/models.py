"""Annual review (kiểm điểm, đánh giá, xếp loại hằng năm) of cells and members: the system
proposes figures from the year's record; the committee decides, with its reasons."""

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Float, ForeignKey, Index, Integer, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from chibo.core.db import Base, BigId, IdMixin, JSONType, TimestampMixin, VersionedMixin, enum_type


class ReviewSubject(StrEnum):
    cell = "cell"
    member = "member"


class ReviewLevel(StrEnum):
    excellent = "excellent"  # hoàn thành xuất sắc nhiệm vụ
    good = "good"  # hoàn thành tốt nhiệm vụ
    completed = "completed"  # hoàn thành nhiệm vụ
    not_completed = "not_completed"  # không hoàn thành nhiệm vụ


class ReviewStatus(StrEnum):
    proposed = "proposed"
    decided = "decided"


class AnnualReview(IdMixin, TimestampMixin, VersionedMixin, Base):
    __tablename__ = "annual_reviews"
    __table_args__ = (
        Index(
            "uq_annual_reviews_cell",
            "unit_id",
            "year",
            unique=True,
            sqlite_where=text("subject = 'cell'"),
            postgresql_where=text("subject = 'cell'"),
        ),
        Index(
            "uq_annual_reviews_member",
            "member_id",
            "year",
            unique=True,
            sqlite_where=text("subject = 'member'"),
            postgresql_where=text("subject = 'member'"),
        ),
    )

    subject: Mapped[ReviewSubject] = mapped_column(enum_type(ReviewSubject, "review_subject"))
    unit_id: Mapped[int] = mapped_column(BigId, ForeignKey("units.id"), index=True)
    member_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("members.id"))
    year: Mapped[int] = mapped_column(Integer)
    sheet_id: Mapped[int] = mapped_column(BigId, ForeignKey("rating_sheets.id"))
    status: Mapped[ReviewStatus] = mapped_column(
        enum_type(ReviewStatus, "review_status"), default=ReviewStatus.proposed
    )
    # Figures from the year's record, with their sources, as proposed by the system.
    figures: Mapped[dict[str, Any]] = mapped_column(JSONType)
    proposed_points: Mapped[float | None] = mapped_column(Float)
    proposed_level: Mapped[ReviewLevel | None] = mapped_column(
        enum_type(ReviewLevel, "proposed_level")
    )
    entries: Mapped[dict[str, Any] | None] = mapped_column(JSONType)
    points: Mapped[float | None] = mapped_column(Float)
    level: Mapped[ReviewLevel | None] = mapped_column(enum_type(ReviewLevel, "level"))
    reasons: Mapped[str | None] = mapped_column(Text)
    decided_by_user_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column()
