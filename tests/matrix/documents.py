"""Meeting documents: upload, list, send, metadata, download, change, withdraw."""

import io
from datetime import timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from chibo.config import Settings
from chibo.core.clock import utcnow
from chibo.documents.models import Document, DocumentKind
from chibo.documents.storage import LocalFileStore, stage_upload
from chibo.meetings.models import MeetingStatus, MeetingType
from tests.factories import make_meeting
from tests.matrix import ALL, MANAGERS, Endpoint

# Our placeholder {meeting_id}, filled from this module's own meeting.
# Placeholders filled from this module's own ids.
FILL = {"meeting_id": "documents_meeting_id"}

STORED_PDF = b"%PDF-1.4\n% matrix: stored document\n%%EOF\n"
UPLOADED_PDF = b"%PDF-1.4\n% matrix: uploaded document\n%%EOF\n"


MEETING_DOCUMENTS = "/api/v1/meetings/{meeting_id}/documents"
DOCUMENT = "/api/v1/documents/{document_id}"

ENDPOINTS: list[Endpoint] = [
    Endpoint(
        "POST",
        MEETING_DOCUMENTS,
        MANAGERS,
        body=lambda t: {"title": "Tài liệu sinh hoạt", "kind": "material"},
        files=lambda t: {"file": ("Tài liệu sinh hoạt.pdf", UPLOADED_PDF, "application/pdf")},
        status=201,
    ),
    Endpoint("GET", MEETING_DOCUMENTS, ALL),
    Endpoint("POST", MEETING_DOCUMENTS + "/send", MANAGERS),
    Endpoint("GET", DOCUMENT, ALL),
    Endpoint("GET", DOCUMENT + "/content", ALL),
    Endpoint("PATCH", DOCUMENT, MANAGERS, body=lambda t: {"version": 1, "title": "Tài liệu (sửa)"}),
    Endpoint(
        "DELETE",
        DOCUMENT,
        MANAGERS,
        status=200,
    ),
]


def matrix_file_store() -> LocalFileStore:
    """The store the test app uses while no test has swapped it: the one of the settings
    (tests/conftest.py builds the app's Settings from the same environment)."""
    return LocalFileStore(Settings(environment="test").file_store_path)


async def targets(session: AsyncSession, scope: str, ids: dict[str, Any]) -> None:
    code = "CB-NV" if scope == "in" else "CB-STC-VP"
    # Extraordinary: clear of the one-regular-meeting-a-month rule other modules may meet.
    meeting = await make_meeting(
        session,
        code,
        status=MeetingStatus.announced,
        meeting_type=MeetingType.extraordinary,
        start=utcnow() + timedelta(days=3),
        title="Sinh hoạt bất thường",
    )
    store = matrix_file_store()
    staged = stage_upload(io.BytesIO(STORED_PDF), store.staging_dir, len(STORED_PDF))
    key = await store.put(staged)
    document = Document(
        meeting_id=meeting.id,
        kind=DocumentKind.material,
        title="Tài liệu đã gửi",
        filename="Tài liệu đã gửi.pdf",
        content_type="application/pdf",
        size_bytes=staged.size,
        sha256=staged.sha256,
        storage_key=key,
        sent_at=utcnow(),  # sent: members of the cell may read it
    )
    session.add(document)
    await session.flush()
    ids.update({"documents_meeting_id": meeting.id, "document_id": document.id})
