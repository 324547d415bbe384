import re
import unicodedata
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, File, Form, Header, Query, Response, UploadFile, status
from fastapi.responses import StreamingResponse

from chibo.auth.deps import CurrentPrincipal
from chibo.config import Settings
from chibo.core.deps import SessionDep, SettingsDep
from chibo.core.versioning import etag
from chibo.documents.models import Document, DocumentKind
from chibo.documents.schemas import DocumentRead, DocumentUpdate
from chibo.documents.service import DocumentService
from chibo.documents.storage import FileStoreDep

router = APIRouter(tags=["documents"])
IfMatch = Annotated[str | None, Header(alias="If-Match")]

# Room for the multipart envelope and the form fields around the file itself.
MULTIPART_OVERHEAD_BYTES = 1024 * 1024


def body_size_overrides(settings: Settings) -> dict[str | re.Pattern[str], int]:
    """For BodySizeLimitMiddleware: the upload path takes bodies up to the document cap
    (the service enforces the exact cap on the file: 413 document_too_large)."""
    upload_path = re.compile(r"/api/v1/meetings/[^/]+/documents")
    return {upload_path: settings.document_max_bytes + MULTIPART_OVERHEAD_BYTES}


def _read(document: Document) -> DocumentRead:
    return DocumentRead.model_validate(document)


@router.post(
    "/meetings/{meeting_id}/documents",
    response_model=DocumentRead,
    status_code=status.HTTP_201_CREATED,
    summary="Upload a meeting document (PDF, DOCX, XLSX, ODT or an image)",
)
async def upload_document(
    meeting_id: int,
    session: SessionDep,
    settings: SettingsDep,
    store: FileStoreDep,
    principal: CurrentPrincipal,
    response: Response,
    file: Annotated[UploadFile, File(description="The type is read from the content")],
    title: Annotated[
        str | None, Form(max_length=300, description="Default: the file name without extension")
    ] = None,
    kind: Annotated[DocumentKind, Form()] = DocumentKind.material,
) -> DocumentRead:
    service = DocumentService(session, settings, store)
    document = await service.upload(
        principal, meeting_id, file, title=(title or "").strip() or None, kind=kind
    )
    response.headers["ETag"] = etag(document.version)
    return _read(document)


@router.get(
    "/meetings/{meeting_id}/documents",
    response_model=list[DocumentRead],
    summary="A meeting's documents (members: those sent to them)",
)
async def list_documents(
    meeting_id: int,
    session: SessionDep,
    settings: SettingsDep,
    store: FileStoreDep,
    principal: CurrentPrincipal,
) -> list[DocumentRead]:
    documents = await DocumentService(session, settings, store).for_meeting(principal, meeting_id)
    return [_read(d) for d in documents]


@router.post(
    "/meetings/{meeting_id}/documents/send",
    response_model=list[DocumentRead],
    summary="Record that members were sent the documents: every unsent one gets sent_at",
)
async def send_documents(
    meeting_id: int,
    session: SessionDep,
    settings: SettingsDep,
    store: FileStoreDep,
    principal: CurrentPrincipal,
) -> list[DocumentRead]:
    documents = await DocumentService(session, settings, store).send(principal, meeting_id)
    return [_read(d) for d in documents]


@router.get("/documents/{document_id}", response_model=DocumentRead)
async def get_document(
    document_id: int,
    session: SessionDep,
    settings: SettingsDep,
    store: FileStoreDep,
    principal: CurrentPrincipal,
    response: Response,
) -> DocumentRead:
    document = await DocumentService(session, settings, store).get(principal, document_id)
    response.headers["ETag"] = etag(document.version)
    return _read(document)


@router.get(
    "/documents/{document_id}/content",
    response_class=StreamingResponse,
    responses={200: {"content": {"application/octet-stream": {}}}, 304: {}},
    summary="Download the file (ETag: its SHA-256)",
)
async def download_document(
    document_id: int,
    session: SessionDep,
    settings: SettingsDep,
    store: FileStoreDep,
    principal: CurrentPrincipal,
    inline: Annotated[bool, Query(description="Show in the browser instead of saving")] = False,
    if_none_match: Annotated[str | None, Header(alias="If-None-Match")] = None,
) -> Response:
    service = DocumentService(session, settings, store)
    document, chunks = await service.content(principal, document_id)  # opened on first read
    tag = f'"{document.sha256}"'
    headers = {
        "ETag": tag,
        "Cache-Control": "private, no-cache",
        "X-Content-Type-Options": "nosniff",
    }
    if if_none_match is not None and tag in {t.strip() for t in if_none_match.split(",")}:
        return Response(status_code=status.HTTP_304_NOT_MODIFIED, headers=headers)
    headers["Content-Disposition"] = content_disposition(
        document.filename, "inline" if inline else "attachment"
    )
    headers["Content-Length"] = str(document.size_bytes)
    return StreamingResponse(chunks, media_type=document.content_type, headers=headers)


@router.patch(
    "/documents/{document_id}",
    response_model=DocumentRead,
    summary="Change title or kind, or record the posting to Sổ tay đảng viên điện tử",
)
async def update_document(
    document_id: int,
    data: DocumentUpdate,
    session: SessionDep,
    settings: SettingsDep,
    store: FileStoreDep,
    principal: CurrentPrincipal,
    response: Response,
    if_match: IfMatch = None,
) -> DocumentRead:
    service = DocumentService(session, settings, store)
    document = await service.update(principal, document_id, data, if_match)
    response.headers["ETag"] = etag(document.version)
    return _read(document)


@router.delete(
    "/documents/{document_id}",
    response_model=DocumentRead,
    summary="Withdraw a document (the record stays, marked withdrawn)",
)
async def withdraw_document(
    document_id: int,
    session: SessionDep,
    settings: SettingsDep,
    store: FileStoreDep,
    principal: CurrentPrincipal,
    if_match: IfMatch = None,
) -> DocumentRead:
    document = await DocumentService(session, settings, store).withdraw(
        principal, document_id, if_match
    )
    return _read(document)


def content_disposition(filename: str, disposition: str = "attachment") -> str:
    """RFC 6266 with an RFC 5987 `filename*` for the Vietnamese name, and a plain ASCII
    `filename` for old clients ('Báo cáo.pdf' -> filename="Bao cao.pdf")."""
    plain = unicodedata.normalize("NFD", filename.replace("đ", "d").replace("Đ", "D"))
    ascii_name = "".join(
        ch
        for ch in plain
        if not unicodedata.combining(ch) and ch.isascii() and ch.isprintable() and ch not in '"\\'
    )
    ascii_name = ascii_name.strip() or "document"
    return f"{disposition}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename, safe='')}"
