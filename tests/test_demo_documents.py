"""The demo's meeting documents (chibo.demo.documents): loaded with the year of meetings by the
test session's seed, their files in the real file store; sent ahead of the held meetings, late
or missing in the months the module names, never on the meetings the web tests prepare."""

import hashlib
import re
from collections import defaultdict
from datetime import timedelta
from typing import Any

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from chibo.auth.models import User
from chibo.core.clock import VIETNAM_OFFSET
from chibo.demo import documents as demo_documents
from chibo.demo import meetings as demo
from chibo.demo import seed
from chibo.documents import filetypes
from chibo.documents.models import Document, DocumentKind
from chibo.meetings.models import Meeting, MeetingStatus, MeetingType
from chibo.members.models import Member
from tests.helpers import unit_id


async def _held_months(session: AsyncSession) -> list[tuple[int, int]]:
    """The months the seed held, from the month of Chi bộ Nội vụ's announced meeting."""
    cell = await unit_id(session, seed.CELL_NOI_VU)
    announced = (
        await session.scalars(
            select(Meeting).where(
                Meeting.unit_id == cell,
                Meeting.meeting_type == MeetingType.regular,
                Meeting.status == MeetingStatus.announced,
            )
        )
    ).one()
    return demo.held_months(announced.day)


async def _by_meeting(session: AsyncSession, cells: list[int]) -> dict[int, list[Document]]:
    rows = await session.scalars(
        select(Document)
        .join(Meeting, Meeting.id == Document.meeting_id)
        .where(Meeting.unit_id.in_(cells))
        .order_by(Document.id)
    )
    found: dict[int, list[Document]] = defaultdict(list)
    for document in rows.all():
        found[document.meeting_id].append(document)
    return found


def _vn_day(moment: Any) -> Any:
    return (moment + VIETNAM_OFFSET).date()


async def test_held_meetings_have_their_documents_sent_ahead(demo_session: AsyncSession) -> None:
    months = await _held_months(demo_session)
    cells = {code: await unit_id(demo_session, code) for code in seed.NOI_VU_CELL_CODES}
    documents = await _by_meeting(demo_session, list(cells.values()))
    on_time_months = 0
    for code, cell in cells.items():
        secretary = await demo_session.scalar(
            select(User.id)
            .join(Member, Member.id == User.member_id)
            .where(Member.full_name == seed.SECRETARIES[code])
        )
        assert secretary is not None
        meetings = (
            await demo_session.scalars(
                select(Meeting).where(Meeting.unit_id == cell).order_by(Meeting.planned_start)
            )
        ).all()
        thematic_index = 0
        for meeting in meetings:
            docs = documents.get(meeting.id, [])
            held = meeting.status is MeetingStatus.minutes_final
            if meeting.meeting_type is MeetingType.committee or not held:
                # committee meetings, this month's announced meeting, next month's draft
                assert docs == [], (code, meeting.title)
                continue
            deadline = meeting.planned_start - timedelta(days=1)
            if meeting.meeting_type is MeetingType.regular:
                index = months.index((meeting.period_year, meeting.period_month))
                if index in demo_documents.MISSING_DOCUMENTS.get(code, ()):
                    assert docs == [], (code, meeting.title)
                    continue
                kinds = [d.kind for d in docs]
                assert DocumentKind.material in kinds and DocumentKind.draft_resolution in kinds
                assert any(d.title.startswith("Dự thảo Nghị quyết chi bộ tháng") for d in docs)
                late = index in demo_documents.LATE_DOCUMENTS.get(code, ())
                if meeting.has_thematic_part:
                    assert any("chuyên đề" in d.title for d in docs), meeting.title
            else:
                assert meeting.meeting_type is MeetingType.thematic
                assert docs and docs[0].kind is DocumentKind.material
                assert "chuyên đề" in docs[0].title
                late = (code, thematic_index) == demo_documents.LATE_THEMATIC
                thematic_index += 1
            for document in docs:
                assert document.sent_at is not None and document.withdrawn_at is None
                assert document.created_at <= document.sent_at < meeting.planned_start
                assert document.uploaded_by_user_id == secretary
                assert document.content_type == filetypes.PDF.content_type
                assert document.filename.endswith(".pdf") and "/" not in document.filename
                assert document.storage_key == f"{document.sha256[:2]}/{document.sha256}"
            sent = [d.sent_at for d in docs if d.sent_at is not None]
            assert (max(sent) <= deadline) is not late, (code, meeting.title)
            if late:  # on the morning of the meeting
                assert _vn_day(max(sent)) == meeting.day
            else:  # 2–5 days ahead, once the notice went out
                on_time_months += meeting.meeting_type is MeetingType.regular
                assert meeting.announced_at is not None
                for moment in sent:
                    assert moment >= meeting.announced_at
                    assert 2 <= (meeting.day - _vn_day(moment)).days <= 5
    expected = sum(
        len(months)
        - len(demo_documents.LATE_DOCUMENTS.get(code, ()))
        - len(demo_documents.MISSING_DOCUMENTS.get(code, ()))
        for code in cells
    )
    assert on_time_months == expected > 0


async def test_every_file_is_distinct_and_a_pdf(demo_session: AsyncSession) -> None:
    cells = [await unit_id(demo_session, code) for code in seed.NOI_VU_CELL_CODES]
    documents = [d for docs in (await _by_meeting(demo_session, cells)).values() for d in docs]
    assert len(documents) > 100
    assert len({d.sha256 for d in documents}) == len(documents)  # nothing deduplicated


def test_the_pdf_is_well_formed() -> None:
    """A one-page PDF whose cross-reference table points at its objects, with the Vietnamese
    title in its information dictionary and the title drawn without diacritics."""
    from datetime import UTC, datetime

    title = "Dự thảo Nghị quyết chi bộ tháng 3/2026 (bản 2)"
    content = demo_documents.minimal_pdf(
        title, ["ĐẢNG BỘ SỞ NỘI VỤ"], ["1. Nhiệm vụ \\ thử"], datetime(2026, 3, 1, tzinfo=UTC)
    )
    assert content.startswith(b"%PDF-1.4\n") and content.endswith(b"%%EOF\n")
    startxref = int(re.findall(rb"startxref\n(\d+)\n", content)[-1])
    assert content[startxref:].startswith(b"xref\n0 8\n")
    offsets = re.findall(rb"(\d{10}) 00000 n ", content[startxref:])
    assert len(offsets) == 7
    for number, offset in enumerate(offsets, start=1):
        assert content[int(offset) :].startswith(f"{number} 0 obj\n".encode())
    length = int(re.findall(rb"/Length (\d+) >>\nstream\n", content)[0])
    stream = content.split(b"stream\n", 1)[1]
    assert stream[length:].startswith(b"\nendstream")
    assert b"(DU THAO NGHI QUYET CHI BO THANG 3/2026 \\(BAN 2\\)) Tj" in content
    assert b"(1. Nhiem vu \\\\ thu) Tj" in content
    assert ("\ufeff" + title).encode("utf-16-be").hex().upper().encode() in content


async def test_the_content_comes_back_through_the_api(
    client: httpx.AsyncClient, login: Any, session: AsyncSession
) -> None:
    """GET /documents/{id}/content returns the stored file, to the base committee and to a
    member of the cell (the documents were sent)."""
    cells = [await unit_id(session, code) for code in seed.NOI_VU_CELL_CODES]
    by_meeting = await _by_meeting(session, cells)
    noi_vu = await unit_id(session, seed.CELL_NOI_VU)
    firsts: dict[int, Document] = {}
    for docs in by_meeting.values():
        meeting = await session.get(Meeting, docs[0].meeting_id)
        assert meeting is not None
        firsts.setdefault(meeting.unit_id, docs[-1])
    committee = await login("dangbo.noivu")
    for document in firsts.values():
        response = await client.get(f"/api/v1/documents/{document.id}/content", headers=committee)
        assert response.status_code == 200, response.text
        assert response.headers["content-type"].startswith("application/pdf")
        assert hashlib.sha256(response.content).hexdigest() == document.sha256
        assert len(response.content) == document.size_bytes
        assert response.content.startswith(b"%PDF-")
    own = firsts[noi_vu]
    member = await login("dangvien.noivu")
    response = await client.get(f"/api/v1/meetings/{own.meeting_id}/documents", headers=member)
    assert response.status_code == 200, response.text
    listed = {d["id"]: d for d in response.json()}
    assert own.id in listed and listed[own.id]["title"] == own.title
    response = await client.get(f"/api/v1/documents/{own.id}/content", headers=member)
    assert response.status_code == 200, response.text
    assert hashlib.sha256(response.content).hexdigest() == own.sha256
