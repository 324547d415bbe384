"""Rules of meeting documents: who uploads, sends, changes and withdraws them, and who reads
them. Never commits: the request's session does.

- Managers of the meeting (its cell's secretary, committees above) write; members read their
  own cell's documents once sent to them (not withdrawn); outside the caller's scope, 404.
- The type comes from the content (415 unsupported_document_type), the size cap from the
  settings (413 document_too_large); a refused upload leaves no file and no row.
- Once the minutes are final (409 meeting_locked), or the meeting is cancelled, nothing is
  uploaded, renamed or withdrawn; recording the posting to Sổ tay đảng viên điện tử and
  sending stay possible after the minutes are final, since final documents go out then.
- A document is never deleted: DELETE withdraws it (withdrawn_at), and the record stays.
"""

from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

from anyio import to_thread
from fastapi import UploadFile
from sqlalchemy.ext.asyncio import AsyncSession

from chibo.audit.service import record, snapshot
from chibo.auth.principal import MEMBER_MANAGER_ROLES, Principal
from chibo.config import Settings
from chibo.core.clock import utcnow
from chibo.core.errors import NotFound, conflict, rule
from chibo.core.versioning import check_version
from chibo.documents import filetypes
from chibo.documents.models import Document, DocumentKind
from chibo.documents.repository import DocumentRepository
from chibo.documents.schemas import DocumentUpdate
from chibo.documents.storage import FileStore, StagedFile, TooLarge, stage_upload
from chibo.meetings.access import manageable_meeting, readable_meeting, require_unlocked
from chibo.meetings.models import Meeting, MeetingStatus
from chibo.units.models import Unit

# A posting time may run this far ahead of the server clock (clients' clocks drift).
_CLOCK_SKEW = timedelta(minutes=5)


def document_too_large(max_bytes: int) -> Exception:
    return rule(
        "document_too_large",
        f"The document is larger than the limit of {max_bytes} bytes.",
        f"Tài liệu vượt quá dung lượng cho phép ({max_bytes} byte).",
        status=413,
        details={"max_bytes": max_bytes},
    )


def unsupported_document_type() -> Exception:
    return rule(
        "unsupported_document_type",
        "Only PDF, Word (DOCX), Excel (XLSX), OpenDocument text (ODT) and images "
        "(PNG, JPEG, GIF, WEBP) are accepted; the type is read from the content.",
        "Chỉ nhận tệp PDF, Word (DOCX), Excel (XLSX), ODT và ảnh (PNG, JPEG, GIF, WEBP); "
        "định dạng được xác định theo nội dung tệp.",
        status=415,
        details={"accepted": [t.content_type for t in filetypes.ACCEPTED]},
    )


def _document_withdrawn() -> Exception:
    return conflict("document_withdrawn", "The document was withdrawn.", "Tài liệu đã bị thu hồi.")


def members_see(principal: Principal, document: Document) -> bool:
    """Managers see every document of a meeting they can read; members only those sent to
    them and not withdrawn."""
    if principal.role in MEMBER_MANAGER_ROLES:
        return True
    return document.sent_at is not None and document.withdrawn_at is None


class DocumentService:
    def __init__(self, session: AsyncSession, settings: Settings, store: FileStore) -> None:
        self.session = session
        self.settings = settings
        self.store = store
        self.repo = DocumentRepository(session)

    # --- reads -----------------------------------------------------------------------------

    async def for_meeting(self, principal: Principal, meeting_id: int) -> list[Document]:
        meeting = await readable_meeting(self.session, principal, meeting_id)
        documents = await self.repo.for_meeting(meeting.id)
        return [d for d in documents if members_see(principal, d)]

    async def get(self, principal: Principal, document_id: int) -> Document:
        document = await self.repo.get(document_id)
        if document is None:
            raise NotFound()
        await readable_meeting(self.session, principal, document.meeting_id)
        if not members_see(principal, document):
            raise NotFound()
        return document

    async def content(
        self, principal: Principal, document_id: int
    ) -> tuple[Document, AsyncIterator[bytes]]:
        document = await self.get(principal, document_id)
        if not await self.store.exists(document.storage_key):
            raise NotFound(
                "The document's file is missing from the file store.",
                "Không tìm thấy tệp của tài liệu trong kho lưu trữ.",
                code="document_content_missing",
            )
        return document, self.store.open(document.storage_key)

    # --- writes ----------------------------------------------------------------------------

    async def upload(
        self,
        principal: Principal,
        meeting_id: int,
        upload: UploadFile,
        *,
        title: str | None,
        kind: DocumentKind,
    ) -> Document:
        meeting, unit = await manageable_meeting(self.session, principal, meeting_id)
        require_unlocked(meeting)
        cap = self.settings.document_max_bytes
        if upload.size is not None and upload.size > cap:
            raise document_too_large(cap)
        try:
            staged = await to_thread.run_sync(
                stage_upload, upload.file, self.store.staging_dir, cap
            )
        except TooLarge:
            raise document_too_large(cap) from None
        try:
            return await self._store_upload(principal, meeting, unit, upload, staged, title, kind)
        finally:
            # Gone already when the store moved it into place; removed here otherwise.
            await to_thread.run_sync(lambda: staged.path.unlink(missing_ok=True))

    async def _store_upload(
        self,
        principal: Principal,
        meeting: Meeting,
        unit: Unit,
        upload: UploadFile,
        staged: StagedFile,
        title: str | None,
        kind: DocumentKind,
    ) -> Document:
        file_type = await to_thread.run_sync(filetypes.sniff, staged.path)
        if file_type is None:
            raise unsupported_document_type()
        same = await self.repo.same_content(meeting.id, staged.sha256)
        if same is not None:
            raise conflict(
                "document_duplicate",
                "This file is already among the meeting's documents.",
                "Tệp này đã có trong tài liệu của cuộc họp.",
                details={"document_id": same.id},
            )
        filename = filetypes.clean_filename(upload.filename, file_type)
        document = Document(
            meeting_id=meeting.id,
            kind=kind,
            title=title or filename.rsplit(".", 1)[0],
            filename=filename,
            content_type=file_type.content_type,
            size_bytes=staged.size,
            sha256=staged.sha256,
            storage_key=self.store.key_for(staged.sha256),
            uploaded_by_user_id=principal.user_id,
        )
        self.session.add(document)
        await self.session.flush()
        record(
            self.session, principal, action="document.upload", entity=document, unit_path=unit.path
        )
        # The row is written first: the file goes into place only when nothing else failed.
        await self.store.put(staged)
        return document

    async def send(self, principal: Principal, meeting_id: int) -> list[Document]:
        """Members notified: every current document not sent yet gets sent_at = now."""
        meeting, unit = await manageable_meeting(self.session, principal, meeting_id)
        if meeting.status is MeetingStatus.cancelled:
            require_unlocked(meeting)
        now = utcnow()
        documents = await self.repo.unsent(meeting.id)
        befores = [snapshot(document) for document in documents]
        for document in documents:
            document.sent_at = now
        await self.session.flush()
        for document, before in zip(documents, befores, strict=True):
            record(
                self.session,
                principal,
                action="document.send",
                entity=document,
                unit_path=unit.path,
                before=before,
            )
        return documents

    async def _manageable(
        self, principal: Principal, document_id: int
    ) -> tuple[Document, Meeting, Unit]:
        document = await self.repo.get(document_id)
        if document is None:
            raise NotFound()
        meeting, unit = await manageable_meeting(self.session, principal, document.meeting_id)
        return document, meeting, unit

    async def update(
        self, principal: Principal, document_id: int, data: DocumentUpdate, if_match: str | None
    ) -> Document:
        document, meeting, unit = await self._manageable(principal, document_id)
        changes: dict[str, Any] = {
            k: getattr(data, k)
            for k in data.model_fields_set - {"version"}
            if getattr(data, k) is not None or k == "posted_to_handbook_at"
        }
        only_posting = set(changes) <= {"posted_to_handbook_at"}
        if not (only_posting and meeting.status is MeetingStatus.minutes_final):
            require_unlocked(meeting)
        if document.withdrawn_at is not None:
            raise _document_withdrawn()
        check_version(document.version, data.version, if_match)
        posted = changes.get("posted_to_handbook_at")
        if posted is not None and posted > utcnow() + _CLOCK_SKEW:
            raise rule(
                "posted_in_future",
                "The posting time lies in the future.",
                "Thời điểm đăng tải không được ở tương lai.",
            )
        before = snapshot(document)
        for key, value in changes.items():
            setattr(document, key, value)
        await self.session.flush()
        record(
            self.session,
            principal,
            action="document.update",
            entity=document,
            unit_path=unit.path,
            before=before,
        )
        return document

    async def withdraw(
        self, principal: Principal, document_id: int, if_match: str | None
    ) -> Document:
        """DELETE: the document is withdrawn, never removed (members may have it already)."""
        document, meeting, unit = await self._manageable(principal, document_id)
        require_unlocked(meeting)
        if document.withdrawn_at is not None:
            return document
        if if_match is not None:
            check_version(document.version, None, if_match)
        before = snapshot(document)
        document.withdrawn_at = utcnow()
        await self.session.flush()
        record(
            self.session,
            principal,
            action="document.withdraw",
            entity=document,
            unit_path=unit.path,
            before=before,
        )
        return document
