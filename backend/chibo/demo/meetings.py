"""A year of meetings for the four demo cells of Sở Nội vụ (issue 3, item 12), as the founding
report describes their practice, weak points included.

For the 12 full months before `today`, each cell has: a committee meeting (họp chi ủy) a few
days before its regular meeting; the regular meeting on the first working day of the month at
08:00 (the norms' default slot), announced 3–5 days ahead, held for 95–130 minutes (three
months of Chi bộ Trung tâm Lưu trữ lịch sử only 80), with its roll call, speeches, a vote, final
minutes, a resolution numbered per cell and year (`NN-NQ/CB`, NN the month's number) and 2–4
tasks reviewed at the next regular meeting. Each cell registers four thematic topics a year and
holds one thematic meeting in each quarter that has ended: Chi bộ Thi đua – Khen thưởng misses one
quarter, Chi bộ Ban Tôn giáo combines one with its regular meeting. The base committee holds its
monthly briefing (party_committee). The current month's regular meeting is announced (not held
yet; if the first working day has passed it is set for the next working day) and next month's
is a draft. The held regular and thematic meetings get the documents sent ahead of them
(chibo.demo.documents: small PDFs in the file store, most sent 2–5 days before, a few months
late or without any); the announced and draft meetings and committee meetings get none.

Weak points made visible: members who never speak (SILENT_MEMBERS), rare self-criticism, few
thematic meetings, three short meetings, a few minutes made final late. Alerts: one member with
3 unexcused absences in a calendar year (UNEXCUSED_MEMBER), one with 4 consecutive excused ones
(EXCUSED_STREAK_MEMBER), both in the calendar year `alert_year(today)`. The exempt member
comes to the December meeting (then counted, and voting).

Rows are written directly (the services check permissions and write audit entries), but each
keeps the rules the services enforce: the roll is who `AttendanceRepository.expected_members`
expects (exempt and transferred-out members listed but out of the base, the member attending
from another cell counted), speakers were present, votes are tallied over `voting_base`, one
regular meeting per cell and month, norms and agenda from the province defaults (migration
0007). Deterministic for a given `today`; never commits.

For the ratings of issue 4: every past regular meeting is `minutes_final` with the facts a
rating sheet reads; `held_demo_meetings` lists them.
"""

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from chibo.attendance.models import (
    Attendance,
    AttendanceStatus,
    BaseExclusion,
    CheckinMethod,
    Guest,
    GuestKind,
)
from chibo.auth.models import User
from chibo.core.clock import VIETNAM_OFFSET
from chibo.core.clock import today as clock_today
from chibo.demo.documents import seed_demo_documents
from chibo.demo.seed import (
    BASE_CODE,
    CELL_LUU_TRU,
    CELL_NOI_VU,
    CELL_THI_DUA,
    CELL_TON_GIAO,
    EXEMPT_MEMBER,
    NOI_VU_CELL_CODES,
    SECRETARIES,
    demo_now,
)
from chibo.documents.storage import FileStore
from chibo.meetings.models import (
    AgendaItem,
    AgendaItemKind,
    AgendaTemplate,
    Meeting,
    MeetingFormat,
    MeetingNorms,
    MeetingStatus,
    MeetingType,
    ThematicTopic,
    ThematicTopicStatus,
)
from chibo.meetings.norms import DefaultSlot, NormsRules, first_working_day
from chibo.members.models import (
    CommitteePosition,
    CommitteePositionKind,
    Exemption,
    Member,
    MemberState,
    TemporaryTransfer,
)
from chibo.minutes.models import (
    Minutes,
    Resolution,
    ResolutionKind,
    Task,
    TaskStatus,
    Vote,
    VoteSubject,
)
from chibo.minutes.voting import DEFAULT_PASS_RULE, RollEntry, passes, resolution_code
from chibo.minutes.voting import voting_base as compute_voting_base
from chibo.speeches.models import Speech, SpeechKind, SpeechState
from chibo.units.models import Unit

MONTHS_HELD = 12
SEED = 2023

# Members who never take the floor in the whole year (the founding report's weak point).
# The exempt member of Chi bộ Nội vụ never speaks either.
SILENT_MEMBERS: dict[str, tuple[str, ...]] = {
    CELL_NOI_VU: ("Lê Đình Khoa", "Nguyễn Thị Lý", "Võ Thị Ngọc Ánh"),
    CELL_THI_DUA: ("Nguyễn Cảnh Toàn",),
    CELL_TON_GIAO: ("Hoàng Thị Lệ",),
    CELL_LUU_TRU: ("Phan Văn Nam", "Trần Thị Hà"),
}
# Alerts (in alert_year(today)): 3 unexcused absences; 4 consecutive excused absences.
UNEXCUSED_MEMBER = "Hồ Văn Tài"  # Chi bộ Thi đua – Khen thưởng
EXCUSED_STREAK_MEMBER = "Trương Quang Vinh"  # Chi bộ Nội vụ, away at a training course
EXCUSED_STREAK_LENGTH = 4
STREAK_REASON = "Đi học lớp Cao cấp lý luận chính trị (tập trung)"
# One unexcused absence each, at the regular meeting of the given held month (0 = oldest).
STRAY_UNEXCUSED: dict[str, int] = {"Lê Đình Khoa": 7, "Võ Đình Quang": 2}
# Regular meetings shorter than the norm (80 minutes): cell and held-month indexes.
# Meetings held online (the archive cell's, as during Covid-19 in the founding report) and in
# both forms at once: cell -> month indexes (0 = the oldest held month), and the cells' links.
ONLINE_MEETINGS: dict[str, tuple[int, ...]] = {CELL_LUU_TRU: (7, 8)}
HYBRID_MEETINGS: dict[str, tuple[int, ...]] = {CELL_LUU_TRU: (4,), CELL_THI_DUA: (10,)}
ONLINE_LINKS: dict[str, str] = {
    CELL_LUU_TRU: "https://hop.ltls.hatinh.example/chibo",
    CELL_THI_DUA: "https://hop.tdkt.hatinh.example/chibo",
}
SHORT_MEETING_CELL = CELL_LUU_TRU
SHORT_MEETING_MONTHS = (2, 6, 9)
SHORT_MEETING_MINUTES = 80
# Minutes made final 3–4 days after the meeting (the norm is 2): cell -> held-month indexes.
LATE_MINUTES: dict[str, tuple[int, ...]] = {
    CELL_NOI_VU: (10,),
    CELL_THI_DUA: (1, 8),
    CELL_LUU_TRU: (5,),
}
# Thematic meetings: one cell misses a quarter, another combines one with a regular meeting
# (indexes into the ended quarters that have held months, oldest first).
MISSED_THEMATIC_CELL = CELL_THI_DUA
MISSED_THEMATIC_QUARTER = 1
COMBINED_THEMATIC_CELL = CELL_TON_GIAO
COMBINED_THEMATIC_QUARTER = 2
# The exempt member comes to the year-end (December) regular meeting.
EXEMPT_ATTENDS_MONTH = 12

THEMATIC_TITLES = (
    "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
    "Nâng cao chất lượng sinh hoạt chi bộ",
    "Chuyển đổi số trong cơ quan",
    "Phòng, chống tham nhũng, tiêu cực",
    "Bảo vệ nền tảng tư tưởng của Đảng, đấu tranh phản bác các quan điểm sai trái, thù địch",
    "Trách nhiệm nêu gương của cán bộ, đảng viên, trước hết là người đứng đầu",
)
EXCUSED_REASONS = (
    "Đi công tác",
    "Đi công tác ngoài tỉnh",
    "Ốm",
    "Ốm, điều trị tại bệnh viện",
    "Việc gia đình",
    "Con ốm",
    "Nghỉ phép",
)


@dataclass(frozen=True)
class _CellStyle:
    location: str
    follower: str
    follower_title: str
    topics: tuple[str, ...]  # what the cell's work is about, for summaries and tasks
    tasks: tuple[str, ...]
    done_rate: float


_STYLES: dict[str, _CellStyle] = {
    CELL_NOI_VU: _CellStyle(
        "Hội trường tầng 3, Sở Nội vụ",
        "Nguyễn Đình Phúc",
        "Phó Bí thư Đảng ủy Sở, theo dõi chi bộ",
        (
            "cải cách hành chính",
            "tuyển dụng, quản lý công chức, viên chức",
            "sắp xếp tổ chức bộ máy",
            "thanh tra công vụ",
            "chuyển đổi số",
            "chế độ, chính sách cho cán bộ",
        ),
        (
            "Hoàn thiện dự thảo đề án sắp xếp tổ chức bộ máy các cơ quan chuyên môn",
            "Tổng hợp kết quả đánh giá, xếp loại công chức, viên chức",
            "Kiểm tra công tác cải cách hành chính tại các huyện",
            "Thẩm định hồ sơ nâng ngạch, chuyển chức danh nghề nghiệp",
            "Cập nhật cơ sở dữ liệu cán bộ, công chức, viên chức",
            "Chuẩn bị nội dung thanh tra công vụ quý tới",
            "Rà soát vị trí việc làm, biên chế năm tới",
            "Tham mưu kế hoạch đào tạo, bồi dưỡng cán bộ",
        ),
        0.9,
    ),
    CELL_THI_DUA: _CellStyle(
        "Phòng họp Ban Thi đua – Khen thưởng",
        "Lê Thị Thanh Huyền",
        "Ủy viên Ban Chấp hành Đảng bộ Sở, theo dõi chi bộ",
        (
            "phong trào thi đua yêu nước",
            "hồ sơ khen thưởng",
            "nhân rộng điển hình tiên tiến",
            "tổng kết công tác thi đua",
        ),
        (
            "Thẩm định hồ sơ đề nghị khen thưởng của các đơn vị",
            "Hướng dẫn tổng kết phong trào thi đua",
            "Xây dựng kế hoạch tuyên truyền điển hình tiên tiến",
            "Kiểm tra công tác thi đua, khen thưởng tại cơ sở",
            "Tổng hợp danh sách đề nghị khen thưởng cấp Nhà nước",
            "Cập nhật phần mềm quản lý hồ sơ khen thưởng",
        ),
        0.8,
    ),
    CELL_TON_GIAO: _CellStyle(
        "Phòng họp Ban Tôn giáo",
        "Nguyễn Đình Phúc",
        "Phó Bí thư Đảng ủy Sở, theo dõi chi bộ",
        (
            "tình hình tôn giáo trên địa bàn",
            "quản lý hoạt động tín ngưỡng, lễ hội",
            "giải quyết đơn thư liên quan đến tôn giáo",
            "vận động chức sắc, tín đồ",
        ),
        (
            "Nắm tình hình hoạt động tôn giáo dịp lễ lớn",
            "Hướng dẫn thủ tục đăng ký sinh hoạt tôn giáo tập trung",
            "Phối hợp kiểm tra hoạt động lễ hội tại các huyện",
            "Tổng hợp báo cáo tình hình tôn giáo hằng tháng",
            "Chuẩn bị hội nghị gặp mặt chức sắc tôn giáo",
            "Giải quyết đơn thư liên quan đến đất đai cơ sở tôn giáo",
        ),
        0.85,
    ),
    CELL_LUU_TRU: _CellStyle(
        "Phòng họp Trung tâm Lưu trữ lịch sử",
        "Lê Thị Thanh Huyền",
        "Ủy viên Ban Chấp hành Đảng bộ Sở, theo dõi chi bộ",
        (
            "chỉnh lý tài liệu lưu trữ",
            "số hóa tài liệu",
            "phục vụ độc giả khai thác tài liệu",
            "bảo quản tài liệu",
        ),
        (
            "Chỉnh lý khối tài liệu của các cơ quan đã giải thể",
            "Số hóa tài liệu phông lưu trữ Ủy ban nhân dân tỉnh",
            "Vệ sinh, khử trùng kho lưu trữ",
            "Xây dựng kế hoạch thu nộp tài liệu vào lưu trữ lịch sử",
            "Biên soạn sách chỉ dẫn phông lưu trữ",
            "Tổ chức trưng bày tài liệu lưu trữ",
        ),
        0.75,
    ),
}
_PARTY_LOCATION = "Phòng họp Đảng ủy Sở Nội vụ"


# -- small helpers ------------------------------------------------------------------------------


def _vn(day: date, at: time) -> datetime:
    """A Vietnam wall-clock time as an aware UTC datetime."""
    return datetime.combine(day, at, tzinfo=UTC) - VIETNAM_OFFSET


def _vn_day(moment: datetime) -> date:
    return (moment.astimezone(UTC) + VIETNAM_OFFSET).date()


def _add_months(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + months
    return index // 12, index % 12 + 1


def _working(day: date, slot: DefaultSlot) -> bool:
    return (
        day.weekday() < 5
        and day.strftime("%m-%d") not in slot.fixed_holidays
        and day not in slot.extra_holidays
    )


def _covers(start: date, end: date | None, day: date) -> bool:
    return start <= day and (end is None or end >= day)


def _quarter(month: int) -> int:
    return (month - 1) // 3 + 1


def alert_year(today: date) -> int:
    """The calendar year holding the demo's attendance alerts: this year once it has five
    held months, else the last one."""
    return today.year if today.month > 5 else today.year - 1


def held_months(today: date) -> list[tuple[int, int]]:
    """The 12 full months before `today`'s month, oldest first."""
    return [_add_months(today.year, today.month, -n) for n in range(MONTHS_HELD, 0, -1)]


def _one_seat_each(
    seats: list[tuple[Member, CommitteePosition]],
) -> list[tuple[Member, CommitteePosition]]:
    """One entry per member, the first term's seat stretched over the member's later terms
    (a member re-elected at the 2025 congress sits on without a break)."""
    spans: dict[int, tuple[date, date | None]] = {}
    for member, position in seats:
        start, end = spans.get(member.id, (position.term_start, position.term_end))
        later = position.term_end is None or (end is not None and position.term_end > end)
        spans[member.id] = (
            min(start, position.term_start),
            position.term_end if later else end,
        )
    kept: list[tuple[Member, CommitteePosition]] = []
    seen: set[int] = set()
    for member, position in seats:
        if member.id in seen:
            continue
        seen.add(member.id)
        start, end = spans[member.id]
        kept.append((member, CommitteePosition(
            unit_id=position.unit_id, member_id=member.id, position=position.position,
            term_label=position.term_label, term_start=start, term_end=end,
        )))  # fmt: skip
    return kept


def _place(meeting: Meeting) -> str:
    """Where a meeting was held, as its minutes say it."""
    if meeting.format is MeetingFormat.online:
        return f"trực tuyến, đường dẫn {meeting.online_link}"
    if meeting.format is MeetingFormat.hybrid:
        return f"{meeting.location}, kết hợp trực tuyến (đường dẫn {meeting.online_link})"
    return f"{meeting.location}"


def _hhmm(moment: datetime) -> str:
    local = moment.astimezone(UTC) + VIETNAM_OFFSET
    return f"{local:%H} giờ {local:%M} phút"


def _pick(
    rng: random.Random, pool: Sequence[Member], weights: dict[int, float], k: int
) -> list[Member]:
    """Up to k members, drawn without replacement by weight (members weighing 0 never)."""
    candidates = [m for m in pool if weights.get(m.id, 0) > 0]
    chosen: list[Member] = []
    while candidates and len(chosen) < k:
        member = rng.choices(candidates, weights=[weights[m.id] for m in candidates])[0]
        chosen.append(member)
        candidates.remove(member)
    return chosen


# -- the organisation as loaded ---------------------------------------------------------------


@dataclass
class _Cell:
    code: str
    index: int
    unit: Unit
    style: _CellStyle
    own: list[Member]  # on the cell's rolls, in loading order
    hosted: list[tuple[Member, TemporaryTransfer]]  # attending from another cell
    seats: list[tuple[Member, CommitteePosition]]  # secretary, deputy, members
    secretary: Member
    secretary_user_id: int | None
    silent_ids: set[int]


@dataclass
class _Org:
    base: Unit
    cells: list[_Cell]
    exemptions: dict[int, list[Exemption]]
    transfers: dict[int, list[TemporaryTransfer]]
    norms: MeetingNorms | None
    rules: NormsRules
    templates: dict[MeetingType, list[dict[str, Any]]]
    by_name: dict[str, Member]


async def _load(session: AsyncSession) -> _Org | None:
    units = {
        u.code: u
        for u in (
            await session.scalars(
                select(Unit).where(Unit.code.in_([BASE_CODE, *NOI_VU_CELL_CODES]))
            )
        ).all()
    }
    if set(units) != {BASE_CODE, *NOI_VU_CELL_CODES}:
        return None
    cell_ids = [units[c].id for c in NOI_VU_CELL_CODES]
    transfers = list(
        (
            await session.scalars(
                select(TemporaryTransfer).where(
                    (TemporaryTransfer.host_unit_id.in_(cell_ids))
                    | (TemporaryTransfer.home_unit_id.in_(cell_ids))
                )
            )
        ).all()
    )
    guest_ids = {t.member_id for t in transfers}
    members = list(
        (
            await session.scalars(
                select(Member)
                .where(Member.unit_id.in_(cell_ids) | Member.id.in_(guest_ids))
                .order_by(Member.id)
            )
        ).all()
    )
    member_ids = [m.id for m in members]
    exemptions: dict[int, list[Exemption]] = {}
    for exemption in (
        await session.scalars(select(Exemption).where(Exemption.member_id.in_(member_ids)))
    ).all():
        exemptions.setdefault(exemption.member_id, []).append(exemption)
    by_member: dict[int, list[TemporaryTransfer]] = {}
    for transfer in transfers:
        by_member.setdefault(transfer.member_id, []).append(transfer)
    positions = list(
        (
            await session.scalars(
                select(CommitteePosition)
                .where(CommitteePosition.unit_id.in_(cell_ids))
                .order_by(CommitteePosition.id)
            )
        ).all()
    )
    users: dict[int | None, int] = {
        member_id: user_id
        for member_id, user_id in await session.execute(
            select(User.member_id, User.id).where(User.member_id.in_(member_ids))
        )
    }
    norms = (
        await session.scalars(
            select(MeetingNorms)
            .where(MeetingNorms.scope_key == "default")
            .order_by(MeetingNorms.version_number.desc())
            .limit(1)
        )
    ).first()
    templates: dict[MeetingType, list[dict[str, Any]]] = {}
    for template in (
        await session.scalars(
            select(AgendaTemplate)
            .where(AgendaTemplate.scope_key == "default")
            .order_by(AgendaTemplate.version_number)
        )
    ).all():
        templates[template.meeting_type] = list(template.items)  # the latest version wins
    by_id = {m.id: m for m in members}
    by_name = {m.full_name: m for m in members}
    rank = {
        CommitteePositionKind.secretary: 0,
        CommitteePositionKind.deputy_secretary: 1,
        CommitteePositionKind.committee_member: 2,
    }
    cells = []
    for index, code in enumerate(NOI_VU_CELL_CODES):
        unit = units[code]
        seats = sorted(
            ((by_id[p.member_id], p) for p in positions if p.unit_id == unit.id),
            key=lambda seat: rank[seat[1].position],
        )
        seats = _one_seat_each(seats)
        secretary = by_name[SECRETARIES[code]]
        cells.append(
            _Cell(
                code=code,
                index=index,
                unit=unit,
                style=_STYLES[code],
                own=[m for m in members if m.unit_id == unit.id],
                hosted=[
                    (by_id[t.member_id], t)
                    for t in transfers
                    if t.host_unit_id == unit.id and by_id[t.member_id].unit_id != unit.id
                ],
                seats=seats,
                secretary=secretary,
                secretary_user_id=users.get(secretary.id),
                silent_ids={by_name[n].id for n in SILENT_MEMBERS[code] if n in by_name},
            )
        )
    return _Org(
        base=units[BASE_CODE],
        cells=cells,
        exemptions=exemptions,
        transfers=by_member,
        norms=norms,
        rules=NormsRules.model_validate(norms.rules) if norms else NormsRules(),
        templates=templates,
        by_name=by_name,
    )


async def demo_meetings_exist(session: AsyncSession) -> bool:
    """Whether any meeting of the demo cells or of their base committee exists."""
    codes = [BASE_CODE, *NOI_VU_CELL_CODES]
    found = await session.scalar(
        select(func.count(Meeting.id))
        .join(Unit, Unit.id == Meeting.unit_id)
        .where(Unit.code.in_(codes))
    )
    return bool(found)


async def held_demo_meetings(
    session: AsyncSession, meeting_type: MeetingType = MeetingType.regular
) -> list[Meeting]:
    """The demo cells' meetings of a type whose minutes are final, oldest first (for seeding
    ratings on top of them)."""
    query = (
        select(Meeting)
        .join(Unit, Unit.id == Meeting.unit_id)
        .where(
            Unit.code.in_(NOI_VU_CELL_CODES),
            Meeting.meeting_type == meeting_type,
            Meeting.status == MeetingStatus.minutes_final,
        )
        .order_by(Meeting.planned_start, Meeting.id)
    )
    return list((await session.scalars(query)).all())


# -- the plan of one meeting --------------------------------------------------------------------


@dataclass
class _Mark:
    member: Member
    excluded: BaseExclusion | None
    guest: bool
    status: AttendanceStatus | None = None
    reason: str | None = None
    checked_in_at: datetime | None = None
    method: CheckinMethod | None = None

    @property
    def came(self) -> bool:
        return self.status in (AttendanceStatus.present, AttendanceStatus.late)


@dataclass
class _SpeechPlan:
    member: Member
    item: int  # index into the agenda
    kind: SpeechKind
    begin: datetime
    end: datetime
    spoken: int
    requested_at: datetime
    by_self: bool
    summary: str
    quality: int


@dataclass
class _TaskPlan:
    title: str
    owner: Member
    deadline: date
    status: TaskStatus = TaskStatus.open
    completed_on: date | None = None
    note: str | None = None
    reviewer: "_Plan | None" = None


@dataclass
class _Plan:
    """A meeting and what was recorded at it, before any of it has an id."""

    cell: _Cell | None
    meeting: Meeting
    agenda: list[dict[str, Any]]
    held: bool = False
    presenter: Member | None = None
    marks: list[_Mark] = field(default_factory=list)
    speeches: list[_SpeechPlan] = field(default_factory=list)
    guest_present: bool | None = None
    minutes_text: str | None = None
    vote: tuple[int, int, int, int, bool] | None = None  # eligible, for, against, abstain, passed
    resolution_number: int | None = None
    tasks: list[_TaskPlan] = field(default_factory=list)
    topic: ThematicTopic | None = None
    prep: "_Plan | None" = None
    agenda_rows: list[AgendaItem] = field(default_factory=list)
    vote_row: Vote | None = None
    resolution_row: Resolution | None = None


@dataclass
class _Slot:
    """When a cell meeting takes place, decided before anything else (the alert overrides
    need every date)."""

    cell: _Cell
    meeting_type: MeetingType
    start: datetime
    month_index: int  # 0 = oldest held month; MONTHS_HELD = the current month
    held: bool
    topic: ThematicTopic | None = None
    combined: bool = False


# -- the builder --------------------------------------------------------------------------------


class _Builder:
    def __init__(self, org: _Org, today: date, now: datetime) -> None:
        self.org = org
        self.today = today
        self.now = now
        self.rng = random.Random(SEED)
        self.slot = org.rules.default_slot
        self.months = held_months(today)
        self.current = (today.year, today.month)
        self.next = _add_months(today.year, today.month, 1)
        self.topics: list[ThematicTopic] = []
        self.overrides: dict[tuple[int, datetime], tuple[AttendanceStatus, str | None]] = {}
        # Each member's current run of excused absences: chance never makes one longer than 2.
        self.excused_run: dict[int, int] = {}
        # How readily each member takes the floor (0: never).
        self.weights: dict[int, float] = {}
        for cell in org.cells:
            seat_ids = {m.id for m, _ in cell.seats}
            for member in [*cell.own, *(m for m, _ in cell.hosted)]:
                if member.id in cell.silent_ids or member.full_name == EXEMPT_MEMBER:
                    weight = 0.0
                elif member.id in seat_ids:
                    weight = 3.0
                else:
                    weight = self.rng.choice((0.4, 1.0, 1.0, 1.5, 2.0))
                self.weights.setdefault(member.id, weight)

    # -- who is expected, by the rules of chibo.attendance ------------------------------------

    def _on_rolls(self, member: Member, day: date) -> bool:
        stays = member.state is MemberState.active or (
            member.left_on is not None and member.left_on > day
        )
        return stays and (member.admission_date is None or member.admission_date <= day)

    def _exempt(self, member: Member, day: date) -> bool:
        return any(
            _covers(e.start_date, e.end_date, day) for e in self.org.exemptions.get(member.id, [])
        )

    def _away(self, member: Member, cell: _Cell, day: date) -> bool:
        return any(
            t.host_unit_id != cell.unit.id and _covers(t.start_date, t.end_date, day)
            for t in self.org.transfers.get(member.id, [])
        )

    def expected(self, cell: _Cell, day: date, committee_only: bool) -> list[_Mark]:
        seats = {m.id for m, p in cell.seats if _covers(p.term_start, p.term_end, day)}
        marks = []
        for member in cell.own:
            if not self._on_rolls(member, day) or (committee_only and member.id not in seats):
                continue
            excluded = (
                BaseExclusion.exempt
                if self._exempt(member, day)
                else BaseExclusion.transferred_out
                if self._away(member, cell, day)
                else None
            )
            marks.append(_Mark(member, excluded, False))
        if not committee_only:
            for member, transfer in cell.hosted:
                if _covers(transfer.start_date, transfer.end_date, day) and self._on_rolls(
                    member, day
                ):
                    excluded = BaseExclusion.exempt if self._exempt(member, day) else None
                    marks.append(_Mark(member, excluded, True))
        return marks

    # -- the calendar ---------------------------------------------------------------------------

    def _regular_day(self, year: int, month: int) -> date:
        day = first_working_day(year, month, self.slot)
        if (year, month) != self.current or day >= self.today:
            return day
        # This month's slot has passed: the meeting is set for the next working day.
        later = self.today + timedelta(days=1)
        while later.month == month and not _working(later, self.slot):
            later += timedelta(days=1)
        return later if later.month == month else self.today

    def _working_day_before(self, day: date, lo: int, hi: int) -> date:
        options = [
            day - timedelta(days=n)
            for n in range(lo, hi + 1)
            if _working(day - timedelta(days=n), self.slot)
        ]
        return self.rng.choice(options) if options else day - timedelta(days=lo)

    def _mid_month_day(self, year: int, month: int) -> date:
        day = date(year, month, self.rng.randint(10, 20))
        while not _working(day, self.slot):
            day += timedelta(days=1)
        return day

    def _ended_quarters(self) -> list[tuple[int, int, list[int]]]:
        """(year, quarter, its held months) of the quarters that have ended and have held
        months, oldest first."""
        last = self.months[-1]
        quarters: dict[tuple[int, int], list[int]] = {}
        for year, month in self.months:
            quarter = _quarter(month)
            if (year, quarter * 3) <= last:
                quarters.setdefault((year, quarter), []).append(month)
        return [(y, q, months) for (y, q), months in quarters.items()]

    def _plan_topics(self) -> dict[tuple[str, int, int], ThematicTopic]:
        """Four topics a year per cell; those of quarters ended before the first held month
        were held before the cell used ChiBo."""
        years = sorted({y for y, _ in [*self.months, self.current, self.next]})
        first_held = self.months[0]
        topics: dict[tuple[str, int, int], ThematicTopic] = {}
        for cell in self.org.cells:
            presenters = [m for m, _ in cell.seats if m.id != cell.secretary.id]
            presenters.append(cell.secretary)
            for year_index, year in enumerate(years):
                for quarter in range(1, 5):
                    title = THEMATIC_TITLES[(cell.index + year_index + quarter - 1) % 6]
                    presenter = presenters[(quarter + year_index) % len(presenters)]
                    before = (year, quarter * 3) < first_held
                    topic = ThematicTopic(
                        unit_id=cell.unit.id,
                        year=year,
                        quarter=quarter,
                        title=title,
                        presenter_member_id=presenter.id,
                        status=ThematicTopicStatus.held
                        if before
                        else ThematicTopicStatus.registered,
                        note="Đã tổ chức trước khi chi bộ sử dụng ChiBo." if before else None,
                    )
                    topics[(cell.code, year, quarter)] = topic
                    self.topics.append(topic)
        return topics

    def _slots(self, topics: dict[tuple[str, int, int], ThematicTopic]) -> list[_Slot]:
        """Every cell meeting's time, in order per cell; sets the topics' statuses."""
        slots: list[_Slot] = []
        quarters = self._ended_quarters()
        for cell in self.org.cells:
            combined_month: tuple[int, int] | None = None
            thematic: list[tuple[int, int, ThematicTopic]] = []
            for n, (year, quarter, months) in enumerate(quarters):
                topic = topics[(cell.code, year, quarter)]
                if cell.code == MISSED_THEMATIC_CELL and n == MISSED_THEMATIC_QUARTER:
                    topic.status = ThematicTopicStatus.postponed
                    topic.note = "Chưa tổ chức được: trùng lịch công tác của cơ quan."
                    continue
                topic.status = ThematicTopicStatus.held
                if cell.code == COMBINED_THEMATIC_CELL and n == COMBINED_THEMATIC_QUARTER:
                    combined_month = (year, months[len(months) // 2])
                    continue
                thematic.append((year, self.rng.choice(months), topic))
            for index, (year, month) in enumerate([*self.months, self.current, self.next]):
                day = self._regular_day(year, month)
                combined = (year, month) == combined_month
                part = topics[(cell.code, year, _quarter(month))] if combined else None
                start = _vn(day, self.slot.start_time)
                held = index < MONTHS_HELD
                slots.append(_Slot(cell, MeetingType.regular, start, index, held, part, combined))
                if index <= MONTHS_HELD:  # the held months and the current one
                    prep = _vn(self._working_day_before(day, 3, 5), time(14, 0))
                    held = prep + timedelta(hours=2) < self.now
                    slots.append(_Slot(cell, MeetingType.committee, prep, index, held))
            for year, month, planned in thematic:
                day = self._mid_month_day(year, month)
                index = self.months.index((year, month))
                start = _vn(day, time(14, 0))
                slots.append(_Slot(cell, MeetingType.thematic, start, index, True, planned))
        slots.sort(key=lambda s: (s.cell.index, s.start))
        return slots

    def _plan_overrides(self, slots: list[_Slot]) -> None:
        """The attendance alerts: fixed marks of two members in the alert year."""
        year = alert_year(self.today)
        by_name = self.org.by_name
        # 4 consecutive excused absences: every meeting he is expected at, in order.
        away = by_name[EXCUSED_STREAK_MEMBER]
        own = [
            s
            for s in slots
            if s.held
            and s.cell.unit.id == away.unit_id
            and s.meeting_type is not MeetingType.committee
            and _vn_day(s.start).year == year
        ]
        first = 1 if len(own) > EXCUSED_STREAK_LENGTH + 1 else 0
        for n, slot in enumerate(own):
            if first <= n < first + EXCUSED_STREAK_LENGTH:
                self.overrides[(away.id, slot.start)] = (AttendanceStatus.excused, STREAK_REASON)
            elif n in (first - 1, first + EXCUSED_STREAK_LENGTH):
                self.overrides[(away.id, slot.start)] = (AttendanceStatus.present, None)
        # 3 unexcused absences in the year, at regular meetings.
        truant = by_name[UNEXCUSED_MEMBER]
        regular = [
            s
            for s in slots
            if s.held
            and s.cell.unit.id == truant.unit_id
            and s.meeting_type is MeetingType.regular
            and _vn_day(s.start).year == year
        ]
        for n in sorted({0, len(regular) // 2, len(regular) - 1}):
            self.overrides[(truant.id, regular[n].start)] = (AttendanceStatus.unexcused, None)
        for name, index in STRAY_UNEXCUSED.items():
            member = by_name[name]
            for s in slots:
                if (
                    s.meeting_type is MeetingType.regular
                    and s.month_index == index
                    and s.cell.unit.id == member.unit_id
                ):
                    self.overrides[(member.id, s.start)] = (AttendanceStatus.unexcused, None)

    # -- meetings ---------------------------------------------------------------------------

    def _new_meeting(
        self,
        cell: _Cell | None,
        meeting_type: MeetingType,
        start: datetime,
        minutes: int,
        title: str,
    ) -> Meeting:
        day = _vn_day(start)
        unit = cell.unit if cell else self.org.base
        return Meeting(
            unit_id=unit.id,
            meeting_type=meeting_type,
            format=MeetingFormat.in_person,
            status=MeetingStatus.draft,
            title=title,
            period_year=day.year,
            period_month=day.month,
            planned_start=start,
            planned_end=start + timedelta(minutes=minutes),
            location=cell.style.location if cell else _PARTY_LOCATION,
            norms_id=self.org.norms.id if self.org.norms else None,
            has_thematic_part=False,
            created_at=min(start - timedelta(days=7), self.now),
            updated_at=min(start - timedelta(days=7), self.now),
        )

    def _agenda(self, meeting_type: MeetingType, combined: bool = False) -> list[dict[str, Any]]:
        items = [dict(i) for i in self.org.templates.get(meeting_type, [])]
        if combined:  # as chibo.meetings.service lays out a combined meeting
            extra = [
                dict(i)
                for i in self.org.templates.get(MeetingType.thematic, [])
                if i["kind"] in ("thematic", "discussion")
            ]
            cut = next((n for n, i in enumerate(items) if i["kind"] == "conclusion"), len(items))
            items = items[:cut] + extra + items[cut:]
        return items

    def _announce(self, meeting: Meeting, at: datetime, agenda: list[dict[str, Any]]) -> None:
        at = min(at, self.now)
        local = meeting.planned_start + VIETNAM_OFFSET
        lines = [
            f"Thông báo: {meeting.title}",
            f"Thời gian: {local:%H:%M} ngày {local:%d/%m/%Y}",
            f"Địa điểm: {meeting.location or meeting.online_link or 'sẽ thông báo sau'}",
            "Nội dung:",
            *(f"{n}. {i['title']}" for n, i in enumerate(agenda, start=1)),
        ]
        meeting.notice_content = "\n".join(lines)
        meeting.status = MeetingStatus.announced
        meeting.announced_at = at
        meeting.notice_sent_to_members_at = at
        if meeting.follower_name:
            meeting.notice_sent_to_follower_at = at + timedelta(minutes=5)
        meeting.updated_at = at

    def _hold(
        self, plan: _Plan, actual_start: datetime, minutes: int, final_delay: timedelta | None
    ) -> None:
        meeting = plan.meeting
        meeting.actual_start = actual_start
        meeting.actual_end = actual_start + timedelta(minutes=minutes)
        meeting.held_at = meeting.actual_end
        meeting.status = MeetingStatus.held
        meeting.updated_at = meeting.actual_end
        plan.held = True
        if final_delay is not None:
            final = min(meeting.actual_end + final_delay, self.now)
            meeting.status = MeetingStatus.minutes_final
            meeting.minutes_final_at = final
            meeting.updated_at = final

    def _minute_taker(self, cell: _Cell, index: int) -> Member:
        others = [m for m, _ in cell.seats if m.id != cell.secretary.id]
        return others[index % len(others)] if others else cell.secretary

    def _roll(self, plan: _Plan, committee_only: bool, forced: set[int]) -> None:
        cell = plan.cell
        assert cell is not None
        meeting = plan.meeting
        start = meeting.actual_start
        assert start is not None
        day = _vn_day(start)
        marks = self.expected(cell, day, committee_only)
        grace = self.org.rules.late_after_minutes
        for mark in marks:
            member = mark.member
            override = self.overrides.get((member.id, meeting.planned_start))
            if mark.excluded is BaseExclusion.transferred_out:
                continue  # attends another cell: not marked here
            if mark.excluded is BaseExclusion.exempt:
                if (
                    meeting.meeting_type is MeetingType.regular
                    and day.month == EXEMPT_ATTENDS_MONTH
                ):
                    mark.status = AttendanceStatus.present  # the year-end meeting
                else:
                    continue
            elif member.id in forced:
                mark.status = AttendanceStatus.present
            elif override is not None:
                mark.status, mark.reason = override
            else:
                roll = self.rng.random()
                if roll < 0.075 and self.excused_run.get(member.id, 0) < 2:
                    mark.status = AttendanceStatus.excused
                    mark.reason = self.rng.choice(EXCUSED_REASONS)
                elif roll < 0.13:
                    mark.status = AttendanceStatus.late
                else:
                    mark.status = AttendanceStatus.present
            if mark.excluded is None:
                excused = mark.status is AttendanceStatus.excused
                run = self.excused_run.get(member.id, 0)
                self.excused_run[member.id] = run + 1 if excused else 0
            if mark.status is AttendanceStatus.present:
                offset = 0 if member.id in forced else self.rng.randint(0, 8 * 60)
                mark.checked_in_at = start + timedelta(seconds=offset)
                self_checkin = member.id not in forced and self.rng.random() < 0.45
                mark.method = (
                    CheckinMethod.self_checkin if self_checkin else CheckinMethod.secretary
                )
            elif mark.status is AttendanceStatus.late:
                mark.checked_in_at = start + timedelta(
                    minutes=self.rng.randint(grace + 1, grace + 25)
                )
                mark.method = (
                    CheckinMethod.self_checkin
                    if self.rng.random() < 0.7
                    else CheckinMethod.secretary
                )
        plan.marks = marks

    def _windows(self, plan: _Plan) -> list[tuple[datetime, datetime]]:
        """Each agenda item's share of the meeting's actual time."""
        meeting = plan.meeting
        assert meeting.actual_start is not None and meeting.actual_end is not None
        total = sum(int(i.get("planned_minutes") or 5) for i in plan.agenda) or 1
        seconds = (meeting.actual_end - meeting.actual_start).total_seconds()
        windows = []
        at = meeting.actual_start
        for item in plan.agenda:
            length = timedelta(seconds=seconds * int(item.get("planned_minutes") or 5) / total)
            windows.append((at, at + length))
            at += length
        return windows

    def _summary(self, cell: _Cell, kind: SpeechKind, plan: _Plan, item: int) -> str:
        topic = self.rng.choice(cell.style.topics)
        local = plan.meeting.planned_start + VIETNAM_OFFSET
        month = f"{local:%m/%Y}"
        item_kind = plan.agenda[item]["kind"]
        # On the thematic part: the presentation, its discussion and the secretary's conclusion.
        themed = (
            plan.topic is not None
            and any(i["kind"] == "thematic" for i in plan.agenda[: item + 1])
            and item_kind in ("thematic", "discussion", "conclusion")
        )
        options: dict[SpeechKind, tuple[str, ...]] = {
            SpeechKind.report: (
                f"Báo cáo kết quả thực hiện nhiệm vụ tháng trước và phương hướng tháng {month}.",
                f"Báo cáo tình hình {topic}; những việc cần tập trung trong tháng.",
            ),
            SpeechKind.contribution: (
                f"Thống nhất với báo cáo; đề nghị làm rõ thêm kết quả {topic}.",
                f"Nêu khó khăn trong {topic}, đề nghị chi ủy chỉ đạo tháo gỡ.",
                f"Đánh giá kết quả {topic} tháng qua đạt yêu cầu, cần duy trì.",
                f"Đề nghị tăng cường phối hợp giữa các phòng trong {topic}.",
            ),
            SpeechKind.proposal: (
                f"Đề xuất bổ sung nhiệm vụ về {topic} vào nghị quyết tháng.",
                f"Đề xuất phân công cụ thể người phụ trách {topic}, có thời hạn hoàn thành.",
            ),
            SpeechKind.question: (f"Hỏi về tiến độ {topic} và hướng xử lý các vướng mắc.",),
            SpeechKind.answer: (
                f"Giải trình về tiến độ {topic}; chi ủy sẽ chỉ đạo hoàn thành trong tháng.",
            ),
            SpeechKind.self_criticism: (
                f"Tự phê bình: chậm hoàn thành nhiệm vụ được giao về {topic}; "
                "nhận khuyết điểm và cam kết khắc phục trong tháng tới.",
                "Tự phê bình: có lúc chưa chủ động báo cáo, xin ý kiến kịp thời.",
            ),
            SpeechKind.criticism: (
                f"Góp ý đồng chí phụ trách {topic} cần chủ động hơn, báo cáo đúng hạn.",
                "Phê bình việc một số đồng chí đi sinh hoạt muộn, đề nghị chấn chỉnh.",
            ),
        }
        if themed and plan.topic is not None:
            theme = plan.topic.title
            options[SpeechKind.contribution] = (
                f"Liên hệ chuyên đề “{theme}” với nhiệm vụ {topic} của cơ quan.",
                f"Đề nghị cụ thể hóa chuyên đề “{theme}” thành việc làm hằng tháng.",
                f"Chia sẻ kinh nghiệm thực hiện “{theme}” tại phòng, đơn vị.",
            )
            options[SpeechKind.report] = (
                (
                    f"Đánh giá, kết luận chuyên đề “{theme}”; đề nghị đảng viên liên hệ, "
                    "vận dụng vào công việc."
                )
                if item_kind == "conclusion"
                else f"Trình bày chuyên đề “{theme}”.",
            )
        return self.rng.choice(options[kind])

    def _speak(
        self,
        plan: _Plan,
        item: int,
        speakers: list[tuple[Member, SpeechKind]],
        windows: list[tuple[datetime, datetime]],
    ) -> None:
        if not speakers:
            return
        assert plan.cell is not None
        lo, hi = windows[item]
        slot = (hi - lo) / len(speakers)
        lengths = {
            SpeechKind.report: (420, 900),
            SpeechKind.contribution: (120, 330),
            SpeechKind.proposal: (100, 260),
            SpeechKind.question: (45, 120),
            SpeechKind.answer: (90, 200),
            SpeechKind.self_criticism: (150, 300),
            SpeechKind.criticism: (100, 220),
        }
        for n, (member, kind) in enumerate(speakers):
            begin = lo + slot * n + timedelta(seconds=self.rng.randint(5, 20))
            room = int(slot.total_seconds()) - 30
            wanted = self.rng.randint(*lengths[kind])
            length = max(20, min(wanted, room))
            end = begin + timedelta(seconds=length)
            pause = self.rng.randint(20, 60) if length > 200 and self.rng.random() < 0.1 else 0
            asked = max(lo, begin - timedelta(seconds=self.rng.randint(20, 240)))
            plan.speeches.append(
                _SpeechPlan(
                    member=member,
                    item=item,
                    kind=kind,
                    begin=begin,
                    end=end,
                    spoken=length - pause,
                    requested_at=min(asked, begin),
                    by_self=kind not in (SpeechKind.report, SpeechKind.answer)
                    and self.rng.random() < 0.4,
                    summary=self._summary(plan.cell, kind, plan, item),
                    quality=self.rng.choice((3, 4, 4, 4, 5)),
                )
            )

    def _in_room(self, plan: _Plan, at: datetime) -> list[Member]:
        return [
            m.member
            for m in plan.marks
            if m.came and m.checked_in_at is not None and m.checked_in_at <= at
        ]

    def _items(self, plan: _Plan, kind: str) -> list[int]:
        return [n for n, i in enumerate(plan.agenda) if i["kind"] == kind]

    def _regular_speeches(self, plan: _Plan) -> None:
        cell = plan.cell
        assert cell is not None
        windows = self._windows(plan)
        secretary = cell.secretary
        committee = [m for m, _ in cell.seats if m.id != secretary.id]
        committee_here = [m for m in committee if m in self._in_room(plan, windows[0][1])]
        for item in self._items(plan, "report"):
            self._speak(plan, item, [(secretary, SpeechKind.report)], windows)
        for item in self._items(plan, "task_review"):
            if committee_here:
                who = committee_here[plan.meeting.period_month % len(committee_here)]
                self._speak(plan, item, [(who, SpeechKind.report)], windows)
        thematic_items = self._items(plan, "thematic")
        discussions = self._items(plan, "discussion")
        for item in thematic_items:
            assert plan.presenter is not None
            self._speak(plan, item, [(plan.presenter, SpeechKind.report)], windows)
        for n, item in enumerate(discussions):
            pool = [m for m in self._in_room(plan, windows[item][0]) if m.id != secretary.id]
            count = self.rng.randint(4, 7) if len(plan.marks) > 20 else self.rng.randint(3, 5)
            if thematic_items and n > 0:
                count = self.rng.randint(2, 4)
            speakers: list[tuple[Member, SpeechKind]] = []
            for member in _pick(self.rng, pool, self.weights, count):
                roll = self.rng.random()
                if thematic_items and n > 0:
                    speakers.append((member, SpeechKind.contribution))
                elif roll < 0.1:
                    speakers += [(member, SpeechKind.question), (secretary, SpeechKind.answer)]
                elif roll < 0.38:
                    speakers.append((member, SpeechKind.proposal))
                else:
                    speakers.append((member, SpeechKind.contribution))
            self._speak(plan, item, speakers, windows)
        for item in self._items(plan, "ideology"):
            pool = [m for m in self._in_room(plan, windows[item][0]) if m.id != secretary.id]
            chosen = _pick(self.rng, pool, self.weights, self.rng.randint(1, 3))
            speakers = []
            for n, member in enumerate(chosen):
                roll = self.rng.random()
                if n == 0 and roll < 0.2:
                    speakers.append((member, SpeechKind.self_criticism))
                elif n == 1 and roll < 0.25:
                    speakers.append((member, SpeechKind.criticism))
                else:
                    speakers.append((member, SpeechKind.contribution))
            self._speak(plan, item, speakers, windows)

    def _vote(self, plan: _Plan) -> None:
        meeting = plan.meeting
        day = _vn_day(meeting.actual_start or meeting.planned_start)
        entries = [
            RollEntry(
                member_id=m.member.id,
                member_status=m.member.status,
                official_date=m.member.official_date,
                attendance=m.status,
                excluded_from_base=m.excluded,
                temporary_guest=m.guest,
            )
            for m in plan.marks
        ]
        base = compute_voting_base(entries, day)
        abstain = 1 if base.eligible_present > 2 and self.rng.random() < 0.15 else 0
        votes_for = base.eligible_present - abstain
        rule_name = self.org.rules.vote_pass_rule or DEFAULT_PASS_RULE
        plan.vote = (
            base.eligible,
            votes_for,
            0,
            abstain,
            passes(rule_name, votes_for, base.eligible),
        )

    def _tasks(self, plan: _Plan) -> None:
        cell = plan.cell
        assert cell is not None
        meeting = plan.meeting
        day = _vn_day(meeting.actual_start or meeting.planned_start)
        owners = [m.member for m in plan.marks if not m.guest and m.excluded is None]
        titles = self.rng.sample(cell.style.tasks, self.rng.randint(2, 4))
        for title in titles:
            deadline = date(day.year, day.month, self.rng.randint(15, 26))
            while not _working(deadline, self.slot):
                deadline -= timedelta(days=1)
            plan.tasks.append(_TaskPlan(title, self.rng.choice(owners), deadline))

    def _review(self, previous: _Plan, plan: _Plan) -> None:
        """The tasks of the previous regular meeting, as this one found them."""
        assert plan.cell is not None
        day = _vn_day(plan.meeting.actual_start or plan.meeting.planned_start)
        start = _vn_day(previous.meeting.actual_start or previous.meeting.planned_start)
        for task in previous.tasks:
            task.reviewer = plan
            if self.rng.random() < plan.cell.style.done_rate:
                task.status = TaskStatus.done
                last = min(task.deadline, day - timedelta(days=1))
                span = max(0, (last - start).days - 2)
                task.completed_on = start + timedelta(days=2 + self.rng.randint(0, span))
            else:
                task.status = TaskStatus.not_done
                task.note = self.rng.choice(
                    (
                        "Chưa hoàn thành, chuyển sang tháng sau.",
                        "Đang triển khai, chậm so với kế hoạch do vướng thủ tục.",
                        "Chưa hoàn thành do phải tập trung nhiệm vụ đột xuất.",
                    )
                )
        plan.meeting.tasks_reviewed_total = len(previous.tasks)
        plan.meeting.tasks_reviewed_done = sum(
            1 for t in previous.tasks if t.status is TaskStatus.done
        )

    def _minutes(self, plan: _Plan, chair: Member, taker: Member) -> None:
        meeting = plan.meeting
        assert meeting.actual_start is not None and meeting.actual_end is not None
        local = meeting.actual_start + VIETNAM_OFFSET
        counted = [m for m in plan.marks if m.excluded is None]
        came = [m for m in counted if m.came]
        late = [m for m in counted if m.status is AttendanceStatus.late]
        excused = [m for m in counted if m.status is AttendanceStatus.excused]
        unexcused = [m for m in counted if m.status is AttendanceStatus.unexcused]
        exempt = [m for m in plan.marks if m.excluded is BaseExclusion.exempt]
        away = [m for m in plan.marks if m.excluded is BaseExclusion.transferred_out]
        unit_name = plan.cell.unit.name if plan.cell else self.org.base.name
        lines = [
            self.org.base.name.upper(),
            unit_name.upper(),
            "",
            "BIÊN BẢN",
            meeting.title,
            "",
            f"Thời gian: bắt đầu lúc {_hhmm(meeting.actual_start)} ngày {local:%d/%m/%Y}, "
            f"kết thúc lúc {_hhmm(meeting.actual_end)}.",
            f"Địa điểm: {_place(meeting)}.",
            f"Chủ trì: đồng chí {chair.full_name}. Thư ký: đồng chí {taker.full_name}.",
            f"Đảng viên phải dự: {len(counted)}; có mặt: {len(came)}"
            + (f" (đến muộn: {len(late)})" if late else "")
            + f"; vắng có lý do: {len(excused)}; vắng không lý do: {len(unexcused)}.",
        ]
        if excused:
            lines.append(
                "Vắng có lý do: "
                + "; ".join(f"đồng chí {m.member.full_name} ({m.reason})" for m in excused)
                + "."
            )
        if unexcused:
            lines.append(
                "Vắng không lý do: "
                + ", ".join(f"đồng chí {m.member.full_name}" for m in unexcused)
                + "."
            )
        if exempt:
            lines.append(
                "Miễn công tác và sinh hoạt đảng: "
                + ", ".join(f"đồng chí {m.member.full_name}" for m in exempt)
                + "."
            )
        if away:
            lines.append(
                "Sinh hoạt đảng tạm thời ở nơi khác: "
                + ", ".join(f"đồng chí {m.member.full_name}" for m in away)
                + "."
            )
        lines += ["", "NỘI DUNG"]
        lines += [f"{n}. {i['title']}" for n, i in enumerate(plan.agenda, start=1)]
        speakers = {s.member.id for s in plan.speeches}
        lines += ["", f"Ý KIẾN PHÁT BIỂU ({len(plan.speeches)} lượt, {len(speakers)} đồng chí)"]
        lines += [f"- Đồng chí {s.member.full_name}: {s.summary}" for s in plan.speeches]
        if meeting.tasks_reviewed_total:
            lines.append(
                f"Kiểm điểm nhiệm vụ tháng trước: hoàn thành {meeting.tasks_reviewed_done}/"
                f"{meeting.tasks_reviewed_total} nhiệm vụ."
            )
        if plan.vote is not None:
            eligible, votes_for, against, abstain, passed = plan.vote
            lines.append(
                f"Biểu quyết: {votes_for}/{eligible} đồng chí tán thành, {against} không tán "
                f"thành, {abstain} không biểu quyết; nghị quyết "
                + ("được thông qua." if passed else "không được thông qua.")
            )
        if plan.tasks:
            lines.append("Phân công nhiệm vụ:")
            lines += [
                f"- {t.title}: đồng chí {t.owner.full_name}, hạn {t.deadline:%d/%m/%Y}."
                for t in plan.tasks
            ]
        lines += [
            "",
            f"Cuộc họp kết thúc lúc {_hhmm(meeting.actual_end)} cùng ngày. Biên bản đã được "
            "đọc lại và thông qua trước cuộc họp.",
        ]
        plan.minutes_text = "\n".join(lines)

    # -- one plan per meeting ------------------------------------------------------------------

    def _plan_committee(self, slot: _Slot) -> _Plan:
        cell = slot.cell
        local = slot.start + VIETNAM_OFFSET
        meeting = self._new_meeting(
            cell, MeetingType.committee, slot.start, 60, f"Họp chi ủy tháng {local:%m/%Y}"
        )
        taker = self._minute_taker(cell, slot.month_index)
        meeting.chair_member_id = cell.secretary.id
        meeting.minute_taker_member_id = taker.id
        plan = _Plan(cell, meeting, self._agenda(MeetingType.committee))
        self._announce(meeting, slot.start - timedelta(days=1), plan.agenda)
        if not slot.held:
            return plan
        self._hold(
            plan,
            slot.start + timedelta(minutes=self.rng.randint(0, 5)),
            self.rng.randint(50, 75),
            timedelta(hours=self.rng.randint(1, 20)),
        )
        self._roll(plan, committee_only=True, forced={cell.secretary.id, taker.id})
        windows = self._windows(plan)
        for item in self._items(plan, "discussion")[:1]:
            others = [m for m in self._in_room(plan, windows[item][0]) if m.id != cell.secretary.id]
            speakers = [(cell.secretary, SpeechKind.report)]
            speakers += [(m, SpeechKind.contribution) for m in others[: self.rng.randint(1, 2)]]
            self._speak(plan, item, speakers, windows)
        self._minutes(plan, cell.secretary, taker)
        return plan

    def _plan_regular(self, slot: _Slot, prep: _Plan | None, previous: _Plan | None) -> _Plan:
        cell = slot.cell
        day = _vn_day(slot.start)
        topic = slot.topic if slot.combined else None
        planned = self.slot.duration_minutes
        title = f"Sinh hoạt chi bộ thường kỳ tháng {day:%m/%Y}"
        if topic is not None:
            planned = max(planned, self.org.rules.combined_min_duration_minutes) + 30
            title += f", kết hợp sinh hoạt chuyên đề “{topic.title}”"
        meeting = self._new_meeting(cell, MeetingType.regular, slot.start, planned, title)
        taker = self._minute_taker(cell, slot.month_index)
        meeting.chair_member_id = cell.secretary.id
        meeting.minute_taker_member_id = taker.id
        meeting.follower_name = cell.style.follower
        meeting.has_thematic_part = topic is not None
        if slot.month_index in HYBRID_MEETINGS.get(cell.code, ()):
            meeting.format = MeetingFormat.hybrid
            meeting.online_link = ONLINE_LINKS[cell.code]
        elif slot.month_index in ONLINE_MEETINGS.get(cell.code, ()):
            meeting.format = MeetingFormat.online
            meeting.online_link = ONLINE_LINKS[cell.code]
            meeting.location = None
        plan = _Plan(cell, meeting, self._agenda(MeetingType.regular, topic is not None))
        plan.topic, plan.prep = topic, prep
        if topic is not None:
            plan.presenter = self._member(topic.presenter_member_id) or cell.secretary
        if slot.month_index > MONTHS_HELD:  # next month: a draft
            meeting.created_at = meeting.updated_at = self.now
            return plan
        announce = (
            prep.meeting.planned_start + timedelta(hours=2)
            if prep is not None
            else slot.start - timedelta(days=4)
        )
        self._announce(meeting, announce, plan.agenda)
        if not slot.held:  # this month: announced
            return plan
        if topic is not None:
            minutes = self.rng.randint(125, 140)
        elif cell.code == SHORT_MEETING_CELL and slot.month_index in SHORT_MEETING_MONTHS:
            minutes = SHORT_MEETING_MINUTES
        else:
            minutes = self.rng.randint(95, 130)
        late = slot.month_index in LATE_MINUTES.get(cell.code, ())
        delay = timedelta(hours=self.rng.randint(74, 96) if late else self.rng.randint(5, 46))
        self._hold(plan, slot.start + timedelta(minutes=self.rng.randint(2, 10)), minutes, delay)
        short = minutes < self.org.rules.min_duration_minutes
        meeting.ideology_minutes = self.rng.randint(8, 12) if short else self.rng.randint(15, 30)
        forced = {cell.secretary.id, taker.id}
        if plan.presenter is not None:
            forced.add(plan.presenter.id)
        self._roll(plan, committee_only=False, forced=forced)
        plan.guest_present = self.rng.random() < 0.35
        if previous is not None and previous.held:
            self._review(previous, plan)
        self._regular_speeches(plan)
        self._vote(plan)
        if plan.vote is not None and plan.vote[4]:
            plan.resolution_number = meeting.period_month
            self._tasks(plan)
        self._minutes(plan, cell.secretary, taker)
        return plan

    def _plan_thematic(self, slot: _Slot) -> _Plan:
        cell = slot.cell
        topic = slot.topic
        assert topic is not None
        meeting = self._new_meeting(
            cell,
            MeetingType.thematic,
            slot.start,
            self.slot.duration_minutes,
            f"Sinh hoạt chuyên đề quý {topic.quarter}/{topic.year}: {topic.title}",
        )
        taker = self._minute_taker(cell, slot.month_index + 1)
        presenter = self._member(topic.presenter_member_id) or cell.secretary
        meeting.chair_member_id = cell.secretary.id
        meeting.minute_taker_member_id = taker.id
        meeting.follower_name = cell.style.follower
        plan = _Plan(cell, meeting, self._agenda(MeetingType.thematic), topic=topic)
        plan.presenter = presenter
        notice = _vn(_vn_day(slot.start) - timedelta(days=self.rng.randint(5, 7)), time(9, 0))
        self._announce(meeting, notice, plan.agenda)
        delay = timedelta(hours=self.rng.randint(5, 46))
        self._hold(
            plan,
            slot.start + timedelta(minutes=self.rng.randint(0, 5)),
            self.rng.randint(95, 120),
            delay,
        )
        self._roll(plan, committee_only=False, forced={cell.secretary.id, taker.id, presenter.id})
        plan.guest_present = self.rng.random() < 0.5
        windows = self._windows(plan)
        for item in self._items(plan, "thematic"):
            self._speak(plan, item, [(presenter, SpeechKind.report)], windows)
        for item in self._items(plan, "discussion"):
            pool = [
                m
                for m in self._in_room(plan, windows[item][0])
                if m.id not in (cell.secretary.id, presenter.id)
            ]
            chosen = _pick(self.rng, pool, self.weights, self.rng.randint(3, 6))
            self._speak(plan, item, [(m, SpeechKind.contribution) for m in chosen], windows)
        for item in self._items(plan, "conclusion"):
            self._speak(plan, item, [(cell.secretary, SpeechKind.report)], windows)
        self._minutes(plan, cell.secretary, taker)
        return plan

    def _plan_party(self, year: int, month: int) -> _Plan:
        day = date(year, month, 20)
        while not _working(day, self.slot):
            day += timedelta(days=1)
        start = _vn(day, time(14, 0))
        meeting = self._new_meeting(
            None,
            MeetingType.party_committee,
            start,
            90,
            f"Họp giao ban Đảng ủy tháng {month:02d}/{year}",
        )
        plan = _Plan(None, meeting, self._agenda(MeetingType.party_committee))
        self._announce(meeting, start - timedelta(days=3), plan.agenda)
        self._hold(plan, start, self.rng.randint(80, 110), None)
        return plan

    def _member(self, member_id: int | None) -> Member | None:
        for cell in self.org.cells:
            for member in cell.own:
                if member.id == member_id:
                    return member
        return None

    def plan(self) -> list[_Plan]:
        """Everything, in order: topics, then per cell its meetings in time order."""
        topics = self._plan_topics()
        slots = self._slots(topics)
        self._plan_overrides(slots)
        plans: list[_Plan] = [self._plan_party(y, m) for y, m in self.months]
        for cell in self.org.cells:
            preps: dict[int, _Plan] = {}
            previous: _Plan | None = None
            for slot in (s for s in slots if s.cell is cell):
                if slot.meeting_type is MeetingType.committee:
                    preps[slot.month_index] = self._plan_committee(slot)
                    plans.append(preps[slot.month_index])
                elif slot.meeting_type is MeetingType.thematic:
                    plans.append(self._plan_thematic(slot))
                else:
                    plan = self._plan_regular(slot, preps.get(slot.month_index), previous)
                    plans.append(plan)
                    previous = plan
        return plans


# -- writing the rows ---------------------------------------------------------------------------


async def _write(session: AsyncSession, builder: _Builder, plans: list[_Plan]) -> None:
    """Insert the planned rows in a few flushes (ids are needed for the links)."""
    session.add_all(builder.topics)
    first = [
        p
        for p in plans
        if p.meeting.meeting_type in (MeetingType.committee, MeetingType.party_committee)
    ]
    session.add_all(p.meeting for p in first)
    await session.flush()
    later = [p for p in plans if p not in first]
    for plan in later:
        topic = plan.topic
        plan.meeting.thematic_topic_id = topic.id if topic is not None else None
        prep = plan.prep
        plan.meeting.preparation_meeting_id = prep.meeting.id if prep is not None else None
    session.add_all(p.meeting for p in later)
    await session.flush()

    for plan in plans:
        plan.agenda_rows = [
            AgendaItem(
                meeting_id=plan.meeting.id,
                position=n,
                title=item["title"],
                kind=AgendaItemKind(item["kind"]),
                planned_minutes=item.get("planned_minutes"),
                presenter_member_id=_presenter(plan, item),
            )
            for n, item in enumerate(plan.agenda, start=1)
        ]
        session.add_all(plan.agenda_rows)
    await session.flush()

    for plan in plans:
        if not plan.held:
            continue
        meeting = plan.meeting
        user_id = plan.cell.secretary_user_id if plan.cell else None
        session.add_all(
            Attendance(
                meeting_id=meeting.id,
                member_id=m.member.id,
                status=m.status,
                reason=m.reason,
                excluded_from_base=m.excluded,
                temporary_guest=m.guest,
                checked_in_at=m.checked_in_at,
                checkin_method=m.method,
            )
            for m in plan.marks
        )
        session.add_all(
            Speech(
                meeting_id=meeting.id,
                member_id=s.member.id,
                agenda_item_id=plan.agenda_rows[s.item].id,
                kind=s.kind,
                state=SpeechState.done,
                weight=n,
                requested_at=s.requested_at,
                requested_by_self=s.by_self,
                begin_time=s.begin,
                end_time=s.end,
                segment_started_at=None,
                spoken_seconds=s.spoken,
                summary=s.summary,
                quality=s.quality,
            )
            for n, s in enumerate(sorted(plan.speeches, key=lambda s: s.begin), start=1)
        )
        if plan.guest_present is not None and plan.cell is not None:
            session.add(
                Guest(
                    meeting_id=meeting.id,
                    kind=GuestKind.follower,
                    name=plan.cell.style.follower,
                    title=plan.cell.style.follower_title,
                    present=plan.guest_present,
                )
            )
        if plan.vote is not None:
            eligible, votes_for, against, abstain, passed = plan.vote
            plan.vote_row = Vote(
                meeting_id=meeting.id,
                subject=VoteSubject.resolution,
                title=f"Thông qua Nghị quyết chi bộ tháng {meeting.period_month:02d}/"
                f"{meeting.period_year}",
                eligible=eligible,
                votes_for=votes_for,
                votes_against=against,
                votes_abstain=abstain,
                passed=passed,
                pass_rule=builder.org.rules.vote_pass_rule,
            )
            session.add(plan.vote_row)
        if plan.minutes_text is not None and meeting.actual_end is not None:
            session.add(
                Minutes(
                    meeting_id=meeting.id,
                    content=plan.minutes_text,
                    generated_at=meeting.actual_end + timedelta(minutes=20),
                    edited_by_user_id=user_id,
                    final_at=meeting.minutes_final_at,
                    final_by_user_id=user_id if meeting.minutes_final_at else None,
                )
            )
    await session.flush()

    for plan in plans:
        if plan.resolution_number is None or plan.vote_row is None:
            continue
        meeting = plan.meeting
        assert meeting.actual_start is not None
        month = f"{meeting.period_month:02d}/{meeting.period_year}"
        plan.resolution_row = Resolution(
            meeting_id=meeting.id,
            unit_id=meeting.unit_id,
            kind=ResolutionKind.resolution,
            year=meeting.period_year,
            number=plan.resolution_number,
            code=resolution_code(plan.resolution_number, "NQ", "CB"),
            title=f"Nghị quyết chi bộ tháng {month}",
            content="\n".join(
                [f"Chi bộ thống nhất các nhiệm vụ trọng tâm tháng {month}:"]
                + [
                    f"{n}. {t.title} (đồng chí {t.owner.full_name}, hạn {t.deadline:%d/%m/%Y})."
                    for n, t in enumerate(plan.tasks, start=1)
                ]
            ),
            adopted_on=_vn_day(meeting.actual_start),
            vote_id=plan.vote_row.id,
        )
        session.add(plan.resolution_row)
    await session.flush()

    for plan in plans:
        if plan.resolution_row is None:
            continue
        session.add_all(
            Task(
                meeting_id=plan.meeting.id,
                resolution_id=plan.resolution_row.id,
                unit_id=plan.meeting.unit_id,
                title=t.title,
                owner_member_id=t.owner.id,
                deadline=t.deadline,
                status=t.status,
                completed_on=t.completed_on,
                reviewed_in_meeting_id=t.reviewer.meeting.id if t.reviewer else None,
                review_note=t.note,
            )
            for t in plan.tasks
        )
    await session.flush()


def _presenter(plan: _Plan, item: dict[str, Any]) -> int | None:
    kind = item["kind"]
    if kind == "thematic" and plan.presenter is not None:
        return plan.presenter.id
    if kind == "report" and plan.cell is not None:
        return plan.cell.secretary.id
    return None


async def seed_demo_meetings(
    session: AsyncSession, *, today: date | None = None, store: FileStore | None = None
) -> bool:
    """Load a year of meetings of the demo cells, with the documents of the held ones
    (chibo.demo.documents, their files in `store`, default the settings' file store); False,
    changing nothing, when the demo organisation is missing or its cells or base committee
    already have meetings.

    `today` (default: today in Vietnam) anchors the year: the 12 full months before it are
    held, its month's meeting is announced and next month's is a draft. Does not commit."""
    org = await _load(session)
    if org is None or await demo_meetings_exist(session):
        return False
    today = today or clock_today()
    now = demo_now(today)
    builder = _Builder(org, today, now)
    await _write(session, builder, builder.plan())
    await seed_demo_documents(session, builder.months, store)
    return True
