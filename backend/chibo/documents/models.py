"""Meeting documents: files in the file store, known by SHA-256, with when members were
notified and when they were posted to Sổ tay đảng viên điện tử."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import BigInteger, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from chibo.core.db import Base, BigId, IdMixin, TimestampMixin, VersionedMixin, enum_type


class DocumentKind(StrEnum):
    material = "material"  # tài liệu sinh hoạt, sent ahead
    draft_resolution = "draft_resolution"
    minutes = "minutes"
    resolution = "resolution"
    conclusion = "conclusion"
    other = "other"


# Papers sent ahead to prepare a meeting: what "documents on time" is about (the minutes and
# resolutions come after the meeting and never make it late).
PREPARATION_KINDS = (DocumentKind.material, DocumentKind.draft_resolution, DocumentKind.other)


class Document(IdMixin, TimestampMixin, VersionedMixin, Base):
    __tablename__ = "documents"

    meeting_id: Mapped[int] = mapped_column(BigId, ForeignKey("meetings.id"), index=True)
    kind: Mapped[DocumentKind] = mapped_column(
        enum_type(DocumentKind, "document_kind"), default=DocumentKind.material
    )
    title: Mapped[str] = mapped_column(String(300))
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(127))
    size_bytes: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    storage_key: Mapped[str] = mapped_column(String(255))
    uploaded_by_user_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id"))
    sent_at: Mapped[datetime | None] = mapped_column()
    posted_to_handbook_at: Mapped[datetime | None] = mapped_column()
    withdrawn_at: Mapped[datetime | None] = mapped_column()
