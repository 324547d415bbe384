"""Meeting documents for the demo's held cell meetings, in the real file store.

Every regular meeting with final minutes gets what its secretary sends ahead: the report on
last month's tasks and this month's direction (`material`), the draft resolution
(`draft_resolution`), sometimes a third paper (current affairs, a plan of the base committee),
and, for the meeting combined with a thematic part, the thematic material. Every thematic
meeting gets its material and, often, questions for the discussion. Committee meetings get none;
nor do this month's announced meeting and next month's draft (the web app's end-to-end tests
upload documents there themselves).

Each document is a small valid PDF made here (its title and a few lines drawn from the record:
the tasks reviewed, the resolution's tasks, the topic and its presenter), distinct per
document, staged, checked by `chibo.documents.filetypes.sniff` and moved into the file store
as an upload is; the row carries its digest and storage key, so `GET /documents/{id}/content`
returns it. PDF text is drawn without diacritics (the built-in Helvetica font has no Vietnamese
letters); the document's title property keeps them.

Timing: uploaded by the cell's secretary some hours before sending; sent 2–5 days before the
meeting, never before the notice went out (the committee meeting agreed the content). Weak
points made visible: in LATE_DOCUMENTS months the papers go out only on the morning of the
meeting (or one supplement does), in MISSING_DOCUMENTS months nothing is sent at all, and one
thematic meeting (LATE_THEMATIC) gets its material on the day. So the norm "documents sent at
least 1 day before" (compliance, rating items c3.documents and t1.documents) is met in most
months, not all.

Rows are written directly (no audit entries, as the rest of the demo). Deterministic for a given
`today` (its own `random.Random(SEED)`); never commits.
"""

import io
import random
import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from anyio import to_thread
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from chibo.auth.models import User
from chibo.config import get_settings
from chibo.core.clock import VIETNAM_OFFSET
from chibo.demo.seed import (
    BASE_CODE,
    CELL_LUU_TRU,
    CELL_NOI_VU,
    CELL_THI_DUA,
    CELL_TON_GIAO,
    NOI_VU_CELL_CODES,
    SECRETARIES,
)
from chibo.documents import filetypes
from chibo.documents.models import Document, DocumentKind
from chibo.documents.storage import FileStore, StagedFile, file_store_from_settings, stage_upload
from chibo.meetings.models import Meeting, MeetingStatus, MeetingType, ThematicTopic
from chibo.members.models import Member
from chibo.minutes.models import Resolution, Task, TaskStatus
from chibo.units.models import Unit

SEED = 2025
# Held-month indexes (0 = oldest) whose regular meeting's papers went out on the day itself.
LATE_DOCUMENTS: dict[str, tuple[int, ...]] = {
    CELL_NOI_VU: (6,),
    CELL_THI_DUA: (3, 10),
    CELL_TON_GIAO: (8,),
    CELL_LUU_TRU: (4, 9),
}
# Held-month indexes whose regular meeting had no document sent at all (read out on paper).
MISSING_DOCUMENTS: dict[str, tuple[int, ...]] = {
    CELL_THI_DUA: (6,),
    CELL_LUU_TRU: (1, 11),
}
# The cell whose thematic meeting (index into its thematic meetings, oldest first) got its
# material only on the day.
LATE_THEMATIC: tuple[str, int] = (CELL_LUU_TRU, 1)

_EXTRA_PAPERS = (
    "Thông tin thời sự, định hướng tư tưởng tháng {month}",
    "Kế hoạch của Đảng ủy Sở triển khai nhiệm vụ tháng {month}",
    "Hướng dẫn của Đảng ủy Sở về công tác đảng viên tháng {month}",
)
_SUPPLEMENT = "Báo cáo bổ sung tình hình thực hiện nhiệm vụ tháng {month}"
_THEMATIC_OUTLINE = (
    "1. Nội dung cơ bản của chuyên đề.",
    "2. Liên hệ thực tiễn tại cơ quan, đơn vị; những kết quả và hạn chế.",
    "3. Nhiệm vụ, giải pháp; trách nhiệm của mỗi đảng viên.",
    "4. Gợi ý thảo luận: liên hệ bản thân, đề xuất việc làm cụ thể.",
)
_DISCUSSION_QUESTIONS = (
    "1. Những nội dung nào của chuyên đề cần vận dụng ngay vào nhiệm vụ của phòng, đơn vị?",
    "2. Mỗi đảng viên đăng ký việc làm cụ thể gì để thực hiện chuyên đề?",
    "3. Đề xuất với chi ủy cách theo dõi, đánh giá việc thực hiện.",
)


# -- the PDF -------------------------------------------------------------------------------------


def _ascii(text: str) -> str:
    """Vietnamese text without diacritics, case kept (what Helvetica can draw)."""
    text = text.replace("đ", "d").replace("Đ", "D")
    text = text.replace("“", '"').replace("”", '"').replace("–", "-").replace("…", "...")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.encode("ascii", "replace").decode("ascii")


def _pdf_string(text: str) -> bytes:
    escaped = _ascii(text).replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return b"(" + escaped.encode("ascii") + b")"


def _wrap(text: str, width: int) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split():
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    return [*lines, current] if current else lines


def minimal_pdf(title: str, header: Sequence[str], body: Sequence[str], created: datetime) -> bytes:
    """A one-page A4 PDF 1.4: the header lines, the title in bold, the body wrapped; the
    Vietnamese title kept in the document information (UTF-16)."""
    commands = [b"BT", b"/F2 10 Tf", b"14 TL", b"72 780 Td"]
    for line in (wrapped for text in header for wrapped in _wrap(text, 95)):
        commands += [_pdf_string(line) + b" Tj", b"T*"]
    commands += [b"T*", b"/F1 13 Tf", b"18 TL"]
    for line in _wrap(title.upper(), 62):
        commands += [_pdf_string(line) + b" Tj", b"T*"]
    commands += [b"/F2 11 Tf", b"15 TL", b"T*"]
    lines = [wrapped for paragraph in body for wrapped in (_wrap(paragraph, 88) or [""])]
    for line in lines[:40]:
        commands += [_pdf_string(line) + b" Tj", b"T*"]
    commands.append(b"ET")
    content = b"\n".join(commands)
    local = created + VIETNAM_OFFSET
    stamp = f"D:{local:%Y%m%d%H%M%S}+07'00'".encode("ascii")
    utf16 = ("\ufeff" + title).encode("utf-16-be").hex().upper().encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R /F2 5 0 R >> >> /Contents 6 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length " + str(len(content)).encode("ascii") + b" >>\nstream\n"
        b"" + content + b"\nendstream",
        b"<< /Title <" + utf16 + b"> /Producer (ChiBo demo) /CreationDate (" + stamp + b") >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body_bytes in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode("ascii") + body_bytes + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode("ascii")
    out += b"".join(f"{offset:010d} 00000 n \n".encode("ascii") for offset in offsets)
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info {len(objects)} 0 R >>\n"
        f"startxref\n{xref}\n%%EOF\n"
    ).encode("ascii")
    return bytes(out)


# -- what the record says --------------------------------------------------------------------


@dataclass
class _Paper:
    """One document as planned: its row (no id yet) and its bytes."""

    row: Document
    content: bytes


@dataclass
class _Context:
    units: dict[int, Unit]
    codes: dict[int, str]
    base_name: str
    secretary_users: dict[int, int | None]  # unit id -> user id of its secretary
    topics: dict[int, ThematicTopic]
    names: dict[int, str]  # member id -> full name
    resolutions: dict[int, Resolution]
    reviewed: dict[int, list[Task]] = field(default_factory=dict)


def _filename(title: str) -> str:
    """The title as a file name: no slashes (a folder to the upload's cleaner), colons or
    quotes."""
    name = title.replace("/", "-").replace(": ", " - ").replace("“", "").replace("”", "")
    return filetypes.clean_filename(f"{name}.pdf", filetypes.PDF)


def _vn(day: date, at: time) -> datetime:
    return datetime.combine(day, at, tzinfo=UTC) - VIETNAM_OFFSET


def _month(year: int, month: int) -> str:
    return f"{month}/{year}"


def _previous(year: int, month: int) -> tuple[int, int]:
    return (year - 1, 12) if month == 1 else (year, month - 1)


async def _context(session: AsyncSession, meetings: Sequence[Meeting]) -> _Context:
    units = {
        u.id: u
        for u in (
            await session.scalars(
                select(Unit).where(Unit.code.in_([BASE_CODE, *NOI_VU_CELL_CODES]))
            )
        ).all()
    }
    codes = {uid: u.code for uid, u in units.items() if u.code is not None}
    base_name = next((u.name for u in units.values() if u.code == BASE_CODE), "")
    secretary_users: dict[int, int | None] = {}
    for uid, code in codes.items():
        if code not in SECRETARIES:
            continue
        member_id = await session.scalar(
            select(Member.id).where(Member.unit_id == uid, Member.full_name == SECRETARIES[code])
        )
        secretary_users[uid] = (
            await session.scalar(select(User.id).where(User.member_id == member_id))
            if member_id is not None
            else None
        )
    topic_ids = [m.thematic_topic_id for m in meetings if m.thematic_topic_id is not None]
    topics = {
        t.id: t
        for t in (
            await session.scalars(select(ThematicTopic).where(ThematicTopic.id.in_(topic_ids)))
        ).all()
    }
    presenter_ids = [t.presenter_member_id for t in topics.values() if t.presenter_member_id]
    names: dict[int, str] = {
        member_id: name
        for member_id, name in await session.execute(
            select(Member.id, Member.full_name).where(Member.id.in_(presenter_ids))
        )
    }
    ids = [m.id for m in meetings]
    resolutions = {
        r.meeting_id: r
        for r in (
            await session.scalars(select(Resolution).where(Resolution.meeting_id.in_(ids)))
        ).all()
    }
    reviewed: dict[int, list[Task]] = defaultdict(list)
    for task in (
        await session.scalars(
            select(Task).where(Task.reviewed_in_meeting_id.in_(ids)).order_by(Task.id)
        )
    ).all():
        if task.reviewed_in_meeting_id is not None:
            reviewed[task.reviewed_in_meeting_id].append(task)
    return _Context(
        units, codes, base_name, secretary_users, topics, names, resolutions, dict(reviewed)
    )


# -- the plan ------------------------------------------------------------------------------------


class _Planner:
    def __init__(self, context: _Context, months: list[tuple[int, int]]) -> None:
        self.context = context
        self.months = months
        self.rng = random.Random(SEED)
        self.papers: list[_Paper] = []

    def _paper(
        self,
        meeting: Meeting,
        kind: DocumentKind,
        title: str,
        body: Sequence[str],
        sent: datetime,
    ) -> None:
        uploaded = max(
            sent - timedelta(minutes=self.rng.randint(20, 26 * 60)),
            meeting.created_at + timedelta(hours=1),
        )
        uploaded = min(uploaded, sent)
        unit = self.context.units[meeting.unit_id]
        local = meeting.planned_start + VIETNAM_OFFSET
        header = [
            self.context.base_name.upper(),
            unit.name.upper(),
            f"{meeting.title} - {local:%H:%M} ngày {local:%d/%m/%Y}",
        ]
        footer = ["", "Tài liệu mẫu của dữ liệu trình diễn ChiBo."]
        content = minimal_pdf(title, header, [*body, *footer], uploaded)
        self.papers.append(
            _Paper(
                Document(
                    meeting_id=meeting.id,
                    kind=kind,
                    title=title,
                    filename=_filename(title),
                    content_type=filetypes.PDF.content_type,
                    size_bytes=len(content),
                    sha256="",  # set when staged
                    storage_key="",
                    uploaded_by_user_id=self.context.secretary_users.get(meeting.unit_id),
                    sent_at=sent,
                    created_at=uploaded,
                    updated_at=sent,
                ),
                content,
            )
        )

    def _on_time(self, meeting: Meeting) -> datetime:
        """2–5 days before, on a weekday in office hours, but not before the notice went out
        (the committee meeting agreed the content)."""
        days = [meeting.day - timedelta(days=n) for n in range(2, 6)]
        day = self.rng.choice([d for d in days if d.weekday() < 5] or days)
        sent = _vn(day, time(self.rng.randint(8, 16), self.rng.choice((0, 10, 15, 30, 45))))
        notice = meeting.announced_at
        if notice is not None and sent < notice:
            sent = notice + timedelta(minutes=self.rng.randint(10, 120))
        return sent

    def _on_the_day(self, meeting: Meeting) -> datetime:
        """The morning of the meeting, before it starts."""
        latest = meeting.planned_start - timedelta(minutes=15)
        sent = _vn(meeting.day, time(6, self.rng.randint(30, 59)))
        return min(sent, latest)

    def regular(self, meeting: Meeting, index: int) -> None:
        code = self.context.codes[meeting.unit_id]
        if index in MISSING_DOCUMENTS.get(code, ()):
            return
        year, month = meeting.period_year, meeting.period_month
        this = _month(year, month)
        last = _month(*_previous(year, month))
        late = index in LATE_DOCUMENTS.get(code, ())
        supplement_only = late and self.rng.random() < 0.5
        sent = self._on_the_day(meeting) if late and not supplement_only else self._on_time(meeting)

        done = self.context.reviewed.get(meeting.id, [])
        resolution = self.context.resolutions.get(meeting.id)
        planned = ((resolution.content or "").splitlines()[1:] if resolution else []) or [
            "Các nhiệm vụ trọng tâm theo nghị quyết của Đảng ủy Sở."
        ]
        report = [f"I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ THÁNG {last}"]
        if done:
            report += [
                f"{n}. {t.title}: "
                + ("đã hoàn thành." if t.status is TaskStatus.done else "chưa hoàn thành.")
                for n, t in enumerate(done, start=1)
            ]
            finished = sum(1 for t in done if t.status is TaskStatus.done)
            report.append(f"Hoàn thành {finished}/{len(done)} nhiệm vụ nghị quyết tháng trước.")
        else:
            report.append("Chi bộ thực hiện các nhiệm vụ theo nghị quyết tháng trước.")
        report += ["", f"II. PHƯƠNG HƯỚNG, NHIỆM VỤ THÁNG {this}", *planned]
        self._paper(
            meeting,
            DocumentKind.material,
            f"Báo cáo kết quả thực hiện nhiệm vụ tháng {last} và phương hướng, nhiệm vụ "
            f"tháng {this}",
            report,
            sent,
        )
        self._paper(
            meeting,
            DocumentKind.draft_resolution,
            f"Dự thảo Nghị quyết chi bộ tháng {this}",
            [
                f"Chi bộ thống nhất các nhiệm vụ trọng tâm tháng {this}:",
                *planned,
                "",
                "Dự thảo trình chi bộ thảo luận, biểu quyết tại buổi sinh hoạt.",
            ],
            sent,
        )
        if self.rng.random() < 0.4:
            extra = self.rng.choice(_EXTRA_PAPERS).format(month=this)
            self._paper(
                meeting,
                DocumentKind.material,
                extra,
                [
                    "Tài liệu tham khảo gửi đảng viên nghiên cứu trước buổi sinh hoạt.",
                    "Đề nghị các đồng chí đọc trước, chuẩn bị ý kiến phát biểu.",
                ],
                sent,
            )
        topic = self.context.topics.get(meeting.thematic_topic_id or 0)
        if meeting.has_thematic_part and topic is not None:
            self._thematic_papers(meeting, topic, sent, questions=False)
        if supplement_only:
            self._paper(
                meeting,
                DocumentKind.material,
                _SUPPLEMENT.format(month=this),
                [
                    "Cập nhật số liệu sau khi gửi báo cáo; gửi bổ sung sáng ngày sinh hoạt.",
                    *planned[:2],
                ],
                self._on_the_day(meeting),
            )

    def thematic(self, meeting: Meeting, index: int) -> None:
        topic = self.context.topics.get(meeting.thematic_topic_id or 0)
        if topic is None:
            return
        code = self.context.codes[meeting.unit_id]
        late = (code, index) == LATE_THEMATIC
        sent = self._on_the_day(meeting) if late else self._on_time(meeting)
        self._thematic_papers(meeting, topic, sent, questions=self.rng.random() < 0.6)

    def _thematic_papers(
        self, meeting: Meeting, topic: ThematicTopic, sent: datetime, *, questions: bool
    ) -> None:
        presenter = self.context.names.get(topic.presenter_member_id or 0)
        self._paper(
            meeting,
            DocumentKind.material,
            f"Tài liệu sinh hoạt chuyên đề quý {topic.quarter}/{topic.year}: “{topic.title}”",
            [
                f"Chuyên đề: {topic.title}.",
                f"Báo cáo viên: đồng chí {presenter}." if presenter else "",
                "",
                *_THEMATIC_OUTLINE,
            ],
            sent,
        )
        if questions:
            self._paper(
                meeting,
                DocumentKind.other,
                f"Gợi ý thảo luận chuyên đề “{topic.title}”",
                list(_DISCUSSION_QUESTIONS),
                sent,
            )

    def plan(self, meetings: Sequence[Meeting]) -> list[_Paper]:
        thematic_seen: dict[int, int] = defaultdict(int)
        for meeting in meetings:
            if meeting.meeting_type is MeetingType.regular:
                period = (meeting.period_year, meeting.period_month)
                if period in self.months:
                    self.regular(meeting, self.months.index(period))
            elif meeting.meeting_type is MeetingType.thematic:
                self.thematic(meeting, thematic_seen[meeting.unit_id])
                thematic_seen[meeting.unit_id] += 1
        return self.papers


# -- writing -------------------------------------------------------------------------------------


def _stage_all(papers: list[_Paper], staging_dir: Path, max_bytes: int) -> list[StagedFile]:
    """Each file staged and checked as an upload is (blocking: run in a thread)."""
    staged: list[StagedFile] = []
    try:
        for paper in papers:
            one = stage_upload(io.BytesIO(paper.content), staging_dir, max_bytes)
            staged.append(one)
            if filetypes.sniff(one.path) is not filetypes.PDF:
                raise AssertionError(f"demo document not a PDF: {paper.row.title}")
    except BaseException:
        for one in staged:
            one.path.unlink(missing_ok=True)
        raise
    return staged


def _remove(staged: list[StagedFile]) -> None:
    for one in staged:
        one.path.unlink(missing_ok=True)


async def seed_demo_documents(
    session: AsyncSession, months: list[tuple[int, int]], store: FileStore | None = None
) -> int:
    """Documents for the demo cells' held regular and thematic meetings (`months`: the held
    months, oldest first); returns how many. Writes the files to `store` (default: the file
    store of the settings) and the rows to the session (flushed); never commits."""
    settings = get_settings()
    store = store or file_store_from_settings(settings)
    query = (
        select(Meeting)
        .join(Unit, Unit.id == Meeting.unit_id)
        .where(
            Unit.code.in_(NOI_VU_CELL_CODES),
            Meeting.meeting_type.in_([MeetingType.regular, MeetingType.thematic]),
            Meeting.status == MeetingStatus.minutes_final,
        )
    )
    meetings = list((await session.scalars(query)).all())
    if not meetings:
        return 0
    context = await _context(session, meetings)
    order = {code: n for n, code in enumerate(NOI_VU_CELL_CODES)}
    meetings.sort(key=lambda m: (order[context.codes[m.unit_id]], m.planned_start, m.id))
    papers = _Planner(context, months).plan(meetings)
    staged = await to_thread.run_sync(
        _stage_all, papers, store.staging_dir, settings.document_max_bytes
    )
    try:
        for paper, one in zip(papers, staged, strict=True):
            paper.row.sha256 = one.sha256
            paper.row.size_bytes = one.size
            paper.row.storage_key = store.key_for(one.sha256)
        session.add_all(p.row for p in papers)
        await session.flush()
        for one in staged:  # the rows first, then the files into place (as an upload)
            await store.put(one)
    finally:
        # Gone already when the store moved them into place; removed here otherwise.
        await to_thread.run_sync(_remove, staged)
    return len(papers)
