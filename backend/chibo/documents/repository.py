"""Document reads. Scope comes from the meeting (chibo.meetings.access): these queries take
a meeting the caller was already allowed to see."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from chibo.documents.models import Document


@dataclass(frozen=True, slots=True)
class DocumentFacts:
    """What ratings and compliance need to know of a meeting's documents (withdrawn ones
    left out): how many, how many sent, the first and last time members were notified, and the
    last posting to Sổ tay đảng viên điện tử."""

    count: int
    sent: int
    first_sent_at: datetime | None
    last_sent_at: datetime | None
    last_posted_at: datetime | None


class DocumentRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, document_id: int) -> Document | None:
        return await self.session.get(Document, document_id)

    async def for_meeting(self, meeting_id: int, *, include_unsent: bool = True) -> list[Document]:
        query = select(Document).where(Document.meeting_id == meeting_id)
        if not include_unsent:
            query = query.where(Document.sent_at.is_not(None), Document.withdrawn_at.is_(None))
        query = query.order_by(Document.created_at, Document.id)
        return list((await self.session.scalars(query)).all())

    async def unsent(self, meeting_id: int) -> list[Document]:
        query = (
            select(Document)
            .where(
                Document.meeting_id == meeting_id,
                Document.sent_at.is_(None),
                Document.withdrawn_at.is_(None),
            )
            .order_by(Document.created_at, Document.id)
        )
        return list((await self.session.scalars(query)).all())

    async def same_content(self, meeting_id: int, sha256: str) -> Document | None:
        """A current (not withdrawn) document of the meeting with these exact bytes."""
        query = select(Document).where(
            Document.meeting_id == meeting_id,
            Document.sha256 == sha256,
            Document.withdrawn_at.is_(None),
        )
        return (await self.session.scalars(query.limit(1))).one_or_none()

    async def facts(self, meeting_ids: Iterable[int]) -> dict[int, DocumentFacts]:
        """DocumentFacts per meeting, in one query (meetings without documents are absent).
        min/max keep the column's type, so the times come back aware UTC on both databases."""
        ids = list(meeting_ids)
        if not ids:
            return {}
        query = (
            select(
                Document.meeting_id,
                func.count(Document.id),
                func.count(Document.sent_at),
                func.min(Document.sent_at),
                func.max(Document.sent_at),
                func.max(Document.posted_to_handbook_at),
            )
            .where(Document.meeting_id.in_(ids), Document.withdrawn_at.is_(None))
            .group_by(Document.meeting_id)
        )
        result: dict[int, DocumentFacts] = {}
        for meeting_id, count, sent, first, last, posted in await self.session.execute(query):
            result[meeting_id] = DocumentFacts(
                count=count,
                sent=sent,
                first_sent_at=first,
                last_sent_at=last,
                last_posted_at=posted,
            )
        return result
