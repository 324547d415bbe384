"""Meeting documents through the API: upload with the type read from the content, the size
cap, the content-addressed file store, sending to members, download rights and headers,
changes, withdrawal, and locked meetings."""

import hashlib
import io
import zipfile
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from chibo.audit.models import AuditEntry
from chibo.config import Settings
from chibo.core.clock import utcnow
from chibo.demo import seed
from chibo.documents import filetypes
from chibo.documents.models import Document
from chibo.documents.repository import DocumentRepository
from chibo.documents.router import content_disposition
from chibo.documents.storage import LocalFileStore
from chibo.meetings.models import Meeting, MeetingStatus, MeetingType
from tests.factories import make_meeting
from tests.helpers import error_code

DOCUMENT = "/api/v1/documents/{}"


def _zip(entries: dict[str, bytes], *, stored_first: str | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        if stored_first is not None:
            package.writestr(stored_first, entries[stored_first], zipfile.ZIP_STORED)
        for name, data in entries.items():
            if name != stored_first:
                package.writestr(name, data)
    return buffer.getvalue()


CONTENT_TYPES = b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org"/>'
PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x01" * 64
GIF = b"GIF89a\x01\x00\x01\x00" + b"\x00" * 32
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 32
DOCX = _zip({"[Content_Types].xml": CONTENT_TYPES, "word/document.xml": b"<w:document/>"})
XLSX = _zip({"[Content_Types].xml": CONTENT_TYPES, "xl/workbook.xml": b"<workbook/>"})
ODT = _zip(
    {"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<office/>"},
    stored_first="mimetype",
)

ACCEPTED = [
    ("Báo cáo.pdf", PDF, "application/pdf", "Báo cáo.pdf"),
    ("Ảnh hội nghị.pdf", PNG, "image/png", "Ảnh hội nghị.png"),  # the content decides
    ("anh.JPG", JPEG, "image/jpeg", "anh.jpg"),
    ("hinh", GIF, "image/gif", "hinh.gif"),
    ("hinh.webp", WEBP, "image/webp", "hinh.webp"),
    ("Dự thảo nghị quyết.docx", DOCX, filetypes.DOCX.content_type, "Dự thảo nghị quyết.docx"),
    ("Bảng điểm.xls", XLSX, filetypes.XLSX.content_type, "Bảng điểm.xlsx"),
    ("Biên bản.odt", ODT, filetypes.ODT.content_type, "Biên bản.odt"),
]

REFUSED = [
    ("report.pdf", b"<!DOCTYPE html><html><body>Bao cao</body></html>"),
    ("bien-ban.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 64),  # a program
    ("tai-lieu.docx", _zip({"a.txt": b"plain zip"})),
    (
        "macro.docx",
        _zip(
            {
                "[Content_Types].xml": CONTENT_TYPES,
                "word/document.xml": b"<w/>",
                "word/vbaProject.bin": b"\x00",
            }
        ),
    ),
    (
        "bang-tinh.odt",
        _zip(
            {"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "c.xml": b"<x/>"},
            stored_first="mimetype",
        ),
    ),
    ("hong.docx", b"PK\x03\x04 not really a zip"),
    ("rong.pdf", b""),
    ("ghi-chu.txt", "Nội dung cuộc họp".encode()),
]


def _files_in(store: LocalFileStore) -> list[Path]:
    return [p for p in store.root.rglob("*") if p.is_file()]


@pytest.fixture
def store(app_server: tuple[Any, str], tmp_path: Path) -> Iterator[LocalFileStore]:
    """The running app's file store, swapped for an empty temporary folder."""
    app, _ = app_server
    previous = getattr(app.state, "file_store", None)
    local = LocalFileStore(tmp_path / "files")
    app.state.file_store = local
    yield local
    app.state.file_store = previous


async def _meeting(
    session: AsyncSession,
    unit_code: str = seed.CELL_NOI_VU,
    status: MeetingStatus = MeetingStatus.announced,
) -> Meeting:
    # Extraordinary: no clash with the regular meetings of the demo data.
    meeting = await make_meeting(
        session,
        unit_code,
        status=status,
        meeting_type=MeetingType.extraordinary,
        start=utcnow() + timedelta(days=5),
    )
    await session.commit()
    return meeting


async def _upload(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    meeting_id: int,
    filename: str,
    content: bytes,
    *,
    declared: str = "application/pdf",
    **form: str,
) -> httpx.Response:
    return await client.post(
        f"/api/v1/meetings/{meeting_id}/documents",
        headers=headers,
        files={"file": (filename, content, declared)},
        data=form,
    )


async def _count_documents(session: AsyncSession, meeting_id: int) -> int:
    query = select(func.count()).select_from(Document).where(Document.meeting_id == meeting_id)
    return int(await session.scalar(query) or 0)


async def test_upload_send_and_download_by_a_member(
    client: httpx.AsyncClient, login, session: AsyncSession, store: LocalFileStore
) -> None:
    secretary, member = await login("bithu.noivu"), await login("dangvien.noivu")
    meeting = await _meeting(session)
    response = await _upload(
        client, secretary, meeting.id, "Báo cáo tháng 3.pdf", PDF, title="Báo cáo tháng 3"
    )
    assert response.status_code == 201, response.text
    document = response.json()
    digest = hashlib.sha256(PDF).hexdigest()
    assert document["sha256"] == digest
    assert document["size_bytes"] == len(PDF)
    assert document["content_type"] == "application/pdf"
    assert document["filename"] == "Báo cáo tháng 3.pdf"
    assert document["kind"] == "material"
    assert document["sent_at"] is None
    assert document["download_url"] == f"/api/v1/documents/{document['id']}/content"
    # Content-addressed, nothing else left behind (no staging file).
    assert _files_in(store) == [store.root / digest[:2] / digest]
    assert (store.root / digest[:2] / digest).read_bytes() == PDF
    audit = await session.scalar(
        select(func.count())
        .select_from(AuditEntry)
        .where(AuditEntry.action == "document.upload", AuditEntry.entity_id == str(document["id"]))
    )
    assert audit == 1

    listing = f"/api/v1/meetings/{meeting.id}/documents"
    # Not sent yet: members do not see it.
    assert (await client.get(listing, headers=member)).json() == []
    response = await client.get(DOCUMENT.format(document["id"]), headers=member)
    assert response.status_code == 404
    response = await client.get(DOCUMENT.format(document["id"]) + "/content", headers=member)
    assert response.status_code == 404

    response = await client.post(f"{listing}/send", headers=secretary)
    assert response.status_code == 200, response.text
    assert [d["id"] for d in response.json()] == [document["id"]]
    assert response.json()[0]["sent_at"] is not None
    # Sending again sends nothing more.
    assert (await client.post(f"{listing}/send", headers=secretary)).json() == []

    assert [d["id"] for d in (await client.get(listing, headers=member)).json()] == [document["id"]]
    response = await client.get(DOCUMENT.format(document["id"]) + "/content", headers=member)
    assert response.status_code == 200
    assert response.content == PDF
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-length"] == str(len(PDF))
    assert response.headers["etag"] == f'"{digest}"'
    disposition = response.headers["content-disposition"]
    assert disposition.startswith("attachment;")
    assert f"filename*=UTF-8''{quote('Báo cáo tháng 3.pdf')}" in disposition
    assert 'filename="Bao cao thang 3.pdf"' in disposition
    cached = await client.get(
        DOCUMENT.format(document["id"]) + "/content",
        headers={**member, "If-None-Match": f'"{digest}"'},
    )
    assert cached.status_code == 304
    assert cached.content == b""


@pytest.mark.parametrize(("filename", "content", "content_type", "stored_name"), ACCEPTED)
async def test_the_type_comes_from_the_content(
    client: httpx.AsyncClient,
    login,
    session: AsyncSession,
    store: LocalFileStore,
    filename: str,
    content: bytes,
    content_type: str,
    stored_name: str,
) -> None:
    headers = await login("bithu.noivu")
    meeting = await _meeting(session)
    # Whatever the client declares, the content decides.
    response = await _upload(
        client, headers, meeting.id, filename, content, declared="application/octet-stream"
    )
    assert response.status_code == 201, response.text
    assert response.json()["content_type"] == content_type
    assert response.json()["filename"] == stored_name
    download = await client.get(response.json()["download_url"], headers=headers)
    assert download.headers["content-type"] == content_type
    assert download.content == content


@pytest.mark.parametrize(("filename", "content"), REFUSED)
async def test_other_content_is_refused_whatever_its_name(
    client: httpx.AsyncClient,
    login,
    session: AsyncSession,
    store: LocalFileStore,
    filename: str,
    content: bytes,
) -> None:
    headers = await login("bithu.noivu")
    meeting = await _meeting(session)
    response = await _upload(client, headers, meeting.id, filename, content)
    assert response.status_code == 415, response.text
    assert error_code(response) == "unsupported_document_type"
    assert "application/pdf" in response.json()["error"]["details"]["accepted"]
    assert _files_in(store) == []
    assert await _count_documents(session, meeting.id) == 0


async def test_too_large_leaves_nothing_behind(
    client: httpx.AsyncClient,
    login,
    session: AsyncSession,
    store: LocalFileStore,
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(settings, "document_max_bytes", 1000)
    headers = await login("bithu.noivu")
    meeting = await _meeting(session)
    big = PDF + b"%" + b"x" * 1000
    response = await _upload(client, headers, meeting.id, "lon.pdf", big)
    assert response.status_code == 413, response.text
    assert error_code(response) == "document_too_large"
    assert response.json()["error"]["details"] == {"max_bytes": 1000}
    assert _files_in(store) == []
    assert await _count_documents(session, meeting.id) == 0
    # At the cap exactly: accepted.
    exact = PDF + b"%" + b"x" * (1000 - len(PDF) - 1)
    response = await _upload(client, headers, meeting.id, "vua.pdf", exact)
    assert response.status_code == 201, response.text
    assert response.json()["size_bytes"] == 1000


async def test_uploads_may_exceed_the_general_body_cap(
    client: httpx.AsyncClient, login, session: AsyncSession, store: LocalFileStore
) -> None:
    headers = await login("bithu.noivu")
    meeting = await _meeting(session)
    content = PDF + b"%" + b"0" * (3 * 1024 * 1024)  # over the 2 MiB cap of other requests
    response = await _upload(client, headers, meeting.id, "Tài liệu dài.pdf", content)
    assert response.status_code == 201, response.text
    digest = hashlib.sha256(content).hexdigest()
    assert response.json()["sha256"] == digest
    assert (store.root / digest[:2] / digest).stat().st_size == len(content)
    # Streamed back in chunks, whole; shown in the browser when asked.
    download = await client.get(
        response.json()["download_url"], headers=headers, params={"inline": "true"}
    )
    assert download.status_code == 200
    assert hashlib.sha256(download.content).hexdigest() == digest
    assert download.headers["content-disposition"].startswith("inline;")
    # Other paths keep the general cap.
    response = await client.post(
        "/api/v1/auth/login",
        content=b"{" + b" " * (3 * 1024 * 1024) + b"}",
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 413
    assert error_code(response) == "payload_too_large"


async def test_who_may_upload_and_read(
    client: httpx.AsyncClient, login, session: AsyncSession, store: LocalFileStore
) -> None:
    meeting = await _meeting(session)
    other_cell = await _meeting(session, seed.CELL_TON_GIAO)
    member = await login("dangvien.noivu")
    response = await _upload(client, member, meeting.id, "a.pdf", PDF)
    assert response.status_code == 403
    assert error_code(response) == "forbidden"
    # A member of another cell, or another cell's secretary: as if the meeting did not exist.
    response = await _upload(client, member, other_cell.id, "a.pdf", PDF)
    assert response.status_code == 404
    assert _files_in(store) == []

    # The base committee above the cell manages its documents too.
    committee = await login("dangbo.noivu")
    response = await _upload(client, committee, meeting.id, "Hướng dẫn.pdf", PDF)
    assert response.status_code == 201, response.text
    document_id = response.json()["id"]
    sent = await client.post(f"/api/v1/meetings/{meeting.id}/documents/send", headers=committee)
    assert sent.status_code == 200
    assert (await client.get(DOCUMENT.format(document_id), headers=member)).status_code == 200

    for outsider in ("bithu.tongiao", "bithu.taichinh"):
        headers = await login(outsider)
        for url in (
            DOCUMENT.format(document_id),
            DOCUMENT.format(document_id) + "/content",
            f"/api/v1/meetings/{meeting.id}/documents",
        ):
            response = await client.get(url, headers=headers)
            assert response.status_code == 404, (outsider, url)
        response = await client.patch(
            DOCUMENT.format(document_id), headers=headers, json={"version": 1, "title": "x"}
        )
        assert response.status_code == 404
        assert (
            await client.delete(DOCUMENT.format(document_id), headers=headers)
        ).status_code == 404
    # A member may not change or withdraw.
    response = await client.patch(
        DOCUMENT.format(document_id), headers=member, json={"version": 1, "title": "x"}
    )
    assert response.status_code == 403
    assert (await client.delete(DOCUMENT.format(document_id), headers=member)).status_code == 403
    response = await client.post(f"/api/v1/meetings/{meeting.id}/documents/send", headers=member)
    assert response.status_code == 403


async def test_change_withdraw_and_duplicates(
    client: httpx.AsyncClient, login, session: AsyncSession, store: LocalFileStore
) -> None:
    headers, member = await login("bithu.noivu"), await login("dangvien.noivu")
    meeting = await _meeting(session)
    created = (await _upload(client, headers, meeting.id, "Dự thảo.docx", DOCX)).json()
    url = DOCUMENT.format(created["id"])

    response = await _upload(client, headers, meeting.id, "ban-sao.docx", DOCX)
    assert response.status_code == 409
    assert error_code(response) == "document_duplicate"
    assert response.json()["error"]["details"] == {"document_id": created["id"]}

    response = await client.patch(url, headers=headers, json={"title": "Dự thảo nghị quyết"})
    assert response.status_code == 422  # no version
    response = await client.patch(url, headers=headers, json={"version": 7, "title": "x"})
    assert response.status_code == 409
    assert error_code(response) == "stale_version"
    response = await client.patch(url, headers=headers, json={"version": 1, "unknown": 1})
    assert response.status_code == 422
    future = (utcnow() + timedelta(days=1)).isoformat()
    response = await client.patch(
        url, headers=headers, json={"version": 1, "posted_to_handbook_at": future}
    )
    assert response.status_code == 422
    assert error_code(response) == "posted_in_future"
    posted = utcnow().replace(microsecond=0)
    response = await client.patch(
        url,
        headers=headers,
        json={
            "version": 1,
            "title": "Dự thảo nghị quyết tháng 3",
            "kind": "draft_resolution",
            "posted_to_handbook_at": posted.isoformat(),
        },
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["version"] == 2
    assert body["title"] == "Dự thảo nghị quyết tháng 3"
    assert body["kind"] == "draft_resolution"
    assert body["posted_to_handbook_at"].startswith(posted.strftime("%Y-%m-%dT%H:%M:%S"))
    assert response.headers["etag"] == 'W/"2"'
    response = await client.patch(
        url, headers={**headers, "If-Match": 'W/"2"'}, json={"posted_to_handbook_at": None}
    )
    assert response.status_code == 200
    assert response.json()["posted_to_handbook_at"] is None

    await client.post(f"/api/v1/meetings/{meeting.id}/documents/send", headers=headers)
    response = await client.delete(url, headers=headers)
    assert response.status_code == 200
    assert response.json()["withdrawn_at"] is not None
    assert (await client.delete(url, headers=headers)).status_code == 200  # already withdrawn
    # The record stays; managers still see it, members no longer.
    listing = f"/api/v1/meetings/{meeting.id}/documents"
    assert [d["id"] for d in (await client.get(listing, headers=headers)).json()] == [created["id"]]
    assert (await client.get(listing, headers=member)).json() == []
    assert (await client.get(url, headers=member)).status_code == 404
    assert (await client.get(url + "/content", headers=headers)).status_code == 200
    response = await client.patch(url, headers=headers, json={"version": 4, "title": "y"})
    assert response.status_code == 409
    assert error_code(response) == "document_withdrawn"
    # Withdrawn: the same file may be uploaded again, and is stored once.
    response = await _upload(client, headers, meeting.id, "Dự thảo (sửa).docx", DOCX)
    assert response.status_code == 201
    assert len(_files_in(store)) == 1


async def test_locked_and_cancelled_meetings(
    client: httpx.AsyncClient, login, session: AsyncSession, store: LocalFileStore
) -> None:
    headers = await login("bithu.noivu")
    meeting = await _meeting(session)
    created = (await _upload(client, headers, meeting.id, "Nghị quyết.pdf", PDF)).json()
    url = DOCUMENT.format(created["id"])
    locked = await session.get(Meeting, meeting.id)
    assert locked is not None
    locked.status = MeetingStatus.minutes_final
    await session.commit()

    response = await _upload(client, headers, meeting.id, "Khác.pdf", PNG)
    assert response.status_code == 409
    assert error_code(response) == "meeting_locked"
    response = await client.patch(url, headers=headers, json={"version": 1, "title": "x"})
    assert response.status_code == 409
    assert error_code(response) == "meeting_locked"
    assert error_code(await client.delete(url, headers=headers)) == "meeting_locked"
    # Posting the final documents to Sổ tay đảng viên điện tử, and sending them, go on.
    response = await client.patch(
        url, headers=headers, json={"version": 1, "posted_to_handbook_at": utcnow().isoformat()}
    )
    assert response.status_code == 200, response.text
    response = await client.post(f"/api/v1/meetings/{meeting.id}/documents/send", headers=headers)
    assert response.status_code == 200
    assert len(response.json()) == 1

    cancelled = await _meeting(session, status=MeetingStatus.cancelled)
    response = await _upload(client, headers, cancelled.id, "a.pdf", PDF)
    assert response.status_code == 409
    assert error_code(response) == "meeting_cancelled"
    response = await client.post(f"/api/v1/meetings/{cancelled.id}/documents/send", headers=headers)
    assert error_code(response) == "meeting_cancelled"
    assert len(_files_in(store)) == 1


async def test_bad_form_input(
    client: httpx.AsyncClient, login, session: AsyncSession, store: LocalFileStore
) -> None:
    headers = await login("bithu.noivu")
    meeting = await _meeting(session)
    url = f"/api/v1/meetings/{meeting.id}/documents"
    response = await client.post(url, headers=headers, data={"title": "Không có tệp"})
    assert response.status_code == 422
    response = await _upload(client, headers, meeting.id, "a.pdf", PDF, kind="poem")
    assert response.status_code == 422
    response = await _upload(client, headers, meeting.id, "a.pdf", PDF, title="x" * 301)
    assert response.status_code == 422
    response = await client.post(
        "/api/v1/meetings/999999999/documents", headers=headers, files={"file": ("a.pdf", PDF)}
    )
    assert response.status_code == 404
    assert _files_in(store) == []
    # No title: the file name stands in.
    response = await _upload(client, headers, meeting.id, "../../etc/Kế hoạch.pdf", PDF)
    assert response.status_code == 201
    assert response.json()["filename"] == "Kế hoạch.pdf"
    assert response.json()["title"] == "Kế hoạch"


async def test_document_facts_for_ratings(
    client: httpx.AsyncClient, login, session: AsyncSession, store: LocalFileStore
) -> None:
    headers = await login("bithu.noivu")
    meeting = await _meeting(session)
    empty = await _meeting(session, seed.CELL_TON_GIAO)
    await _upload(client, headers, meeting.id, "a.pdf", PDF)
    await _upload(client, headers, meeting.id, "b.png", PNG)
    await client.post(f"/api/v1/meetings/{meeting.id}/documents/send", headers=headers)
    await _upload(client, headers, meeting.id, "c.gif", GIF)
    facts = await DocumentRepository(session).facts([meeting.id, empty.id])
    assert set(facts) == {meeting.id}
    fact = facts[meeting.id]
    assert (fact.count, fact.sent) == (3, 2)
    assert fact.first_sent_at is not None and fact.first_sent_at.tzinfo is not None
    assert fact.first_sent_at == fact.last_sent_at
    assert abs(fact.first_sent_at - utcnow()) < timedelta(minutes=1)
    assert fact.last_posted_at is None


def test_clean_filenames() -> None:
    pdf = filetypes.PDF
    assert filetypes.clean_filename("Báo cáo.PDF", pdf) == "Báo cáo.pdf"
    assert filetypes.clean_filename("C:\\Users\\a\\Biên bản.exe", pdf) == "Biên bản.pdf"
    assert filetypes.clean_filename("Nghị quyết 01.2024", pdf) == "Nghị quyết 01.2024.pdf"
    assert filetypes.clean_filename("  \x00\n ", pdf) == "tai-lieu.pdf"
    assert filetypes.clean_filename(None, filetypes.PNG) == "tai-lieu.png"
    long = filetypes.clean_filename("ả" * 400 + ".pdf", pdf)
    assert len(long) == 200 and long.endswith(".pdf")
    # NFD input (macOS) is stored NFC.
    assert filetypes.clean_filename("Ba\u0301o ca\u0301o.pdf", pdf) == "Báo cáo.pdf"


def test_content_disposition_is_rfc_5987() -> None:
    value = content_disposition('Đề cương "chuyên đề".pdf')
    assert value == (
        'attachment; filename="De cuong chuyen de.pdf"; '
        "filename*=UTF-8''%C4%90%E1%BB%81%20c%C6%B0%C6%A1ng%20%22chuy%C3%AAn%20%C4%91%E1%BB%81%22.pdf"
    )
