"""Minutes (biên bản) drafted from the record of a meeting, in Vietnamese, in the order of a
party cell's minutes: heading, time and place, chair and minute-taker, who attended, the
agenda, every speech in order, task review, votes, conclusions and resolutions, the close.

`collect` reads the record; `render` is a pure function of what it read."""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from chibo.attendance.models import AttendanceStatus, BaseExclusion, GuestKind
from chibo.attendance.service import meeting_voting
from chibo.core.clock import VIETNAM_OFFSET
from chibo.meetings.models import Meeting, MeetingFormat, MeetingType, ThematicTopic
from chibo.meetings.repository import MeetingRepository
from chibo.members.models import CommitteePositionKind, MemberStatus
from chibo.minutes.models import ResolutionKind, Task, VoteKind, VoteSubject
from chibo.minutes.repository import MinutesRepository
from chibo.minutes.voting import DEFAULT_PASS_RULE, threshold_of
from chibo.speeches.models import SpeechKind
from chibo.units.models import Unit, UnitKind

SPEECH_KINDS_VI = {
    SpeechKind.contribution: "tham gia ý kiến",
    SpeechKind.proposal: "đề xuất",
    SpeechKind.report: "báo cáo",
    SpeechKind.question: "đặt câu hỏi",
    SpeechKind.answer: "trả lời, giải trình",
    SpeechKind.self_criticism: "tự phê bình",
    SpeechKind.criticism: "phê bình",
}
POSITIONS_VI = {
    CommitteePositionKind.secretary: "Bí thư",
    CommitteePositionKind.deputy_secretary: "Phó Bí thư",
    CommitteePositionKind.committee_member: "Chi ủy viên",
}
FORMATS_VI = {
    MeetingFormat.in_person: "trực tiếp",
    MeetingFormat.online: "trực tuyến",
    MeetingFormat.hybrid: "trực tiếp kết hợp trực tuyến",
}
SUBJECTS_VI = {
    VoteSubject.resolution: "nghị quyết",
    VoteSubject.conclusion: "kết luận",
    VoteSubject.other: "nội dung",
}
VOTE_KINDS_VI = {
    VoteKind.ordinary: "",
    VoteKind.admission: " kết nạp đảng viên",
    VoteKind.official_recognition: " công nhận đảng viên chính thức",
}
VOTE_KINDS_VI = {
    VoteKind.ordinary: "",
    VoteKind.admission: " kết nạp đảng viên",
    VoteKind.official_recognition: " công nhận đảng viên chính thức",
}
KINDS_VI = {ResolutionKind.resolution: "Nghị quyết", ResolutionKind.conclusion: "Kết luận"}
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
HEADER_WIDTH = 46


def vn_time(moment: datetime) -> datetime:
    return moment.astimezone(UTC) + VIETNAM_OFFSET


def hhmm(moment: datetime) -> str:
    local = vn_time(moment)
    return f"{local:%H} giờ {local:%M} phút"


def ddmmyyyy(day: date) -> str:
    return f"{day:%d/%m/%Y}"


def percent(part: int, whole: int) -> str:
    if whole <= 0:
        return "0%"
    value = round(100 * part / whole, 1)
    text = f"{value:.0f}" if value == int(value) else f"{value:.1f}".replace(".", ",")
    return f"{text}%"


@dataclass
class RollLine:
    name: str
    status: AttendanceStatus | None
    reason: str | None
    excluded: BaseExclusion | None
    temporary_guest: bool
    official: bool


@dataclass
class SpeechLine:
    name: str
    kind: SpeechKind
    summary: str | None
    agenda_title: str | None
    begin: datetime | None


@dataclass
class VoteLine:
    title: str
    subject: VoteSubject
    eligible: int
    votes_for: int
    votes_against: int
    votes_abstain: int
    passed: bool
    kind: VoteKind = VoteKind.ordinary
    present: int | None = None
    pass_rule: str = DEFAULT_PASS_RULE


@dataclass
class VotingLine:
    """The voting base (QĐ 294, 9.3.2) and the quorum, as the roll gives them."""

    base: int
    present: int
    required: int
    met: bool
    share: str


@dataclass
class TaskLine:
    title: str
    owner: str | None
    deadline: date | None


@dataclass
class ResolutionLine:
    kind: ResolutionKind
    code: str
    title: str
    content: str | None
    adopted_on: date
    tasks: list[TaskLine]


@dataclass
class AgendaLine:
    title: str
    planned_minutes: int | None


@dataclass
class GuestLine:
    name: str
    title: str | None
    kind: GuestKind
    present: bool | None


@dataclass
class MinutesData:
    meeting_type: MeetingType
    meeting_format: MeetingFormat
    title: str
    unit_name: str
    unit_kind: UnitKind
    parent_name: str | None
    period_year: int
    period_month: int
    day: date
    planned_start: datetime
    actual_start: datetime | None
    actual_end: datetime | None
    location: str | None
    online_link: str | None
    chair: str | None
    chair_position: str | None
    minute_taker: str | None
    roll: list[RollLine] = field(default_factory=list)
    guests: list[GuestLine] = field(default_factory=list)
    follower_name: str | None = None
    agenda: list[AgendaLine] = field(default_factory=list)
    thematic_title: str | None = None
    thematic_presenter: str | None = None
    speeches: list[SpeechLine] = field(default_factory=list)
    tasks_reviewed_total: int | None = None
    tasks_reviewed_done: int | None = None
    votes: list[VoteLine] = field(default_factory=list)
    voting: VotingLine | None = None
    resolutions: list[ResolutionLine] = field(default_factory=list)
    other_tasks: list[TaskLine] = field(default_factory=list)


async def collect(session: AsyncSession, meeting: Meeting) -> MinutesData:
    repo = MinutesRepository(session)
    unit = await session.get(Unit, meeting.unit_id)
    assert unit is not None
    parent = await session.get(Unit, unit.parent_id) if unit.parent_id else None
    day = meeting.day
    people = await repo.member_names({meeting.chair_member_id, meeting.minute_taker_member_id})
    position = (
        await repo.position_of(meeting.chair_member_id, unit.id, day)
        if meeting.chair_member_id is not None
        else None
    )
    roll = [
        RollLine(
            name=member.full_name,
            status=row.status,
            reason=row.reason,
            excluded=row.excluded_from_base,
            temporary_guest=row.temporary_guest,
            official=member.status is MemberStatus.official,
        )
        for row, member in await repo.roll(meeting.id)
    ]
    guests = [
        GuestLine(name=g.name, title=g.title, kind=g.kind, present=g.present)
        for g in await repo.guests(meeting.id)
    ]
    agenda = [
        AgendaLine(title=i.title, planned_minutes=i.planned_minutes)
        for i in await MeetingRepository(session).agenda(meeting.id)
    ]
    speeches = [
        SpeechLine(
            name=name,
            kind=speech.kind,
            summary=speech.summary,
            agenda_title=agenda_title,
            begin=speech.begin_time,
        )
        for speech, name, agenda_title, _ in await repo.done_speeches(meeting.id)
    ]
    votes = [
        VoteLine(
            title=v.title,
            subject=v.subject,
            eligible=v.eligible,
            votes_for=v.votes_for,
            votes_against=v.votes_against,
            votes_abstain=v.votes_abstain,
            passed=v.passed,
            kind=v.kind,
            present=v.present,
            pass_rule=v.pass_rule,
        )
        for v in await repo.votes(meeting.id)
    ]
    quorum = (await meeting_voting(session, meeting)).quorum
    voting = VotingLine(
        base=quorum.base,
        present=quorum.present,
        required=quorum.required,
        met=quorum.met,
        share=f"{quorum.numerator}/{quorum.denominator}",
    )
    resolutions = await repo.resolutions(meeting.id)
    tasks = await repo.tasks_of_meeting(meeting.id)
    names = await repo.member_names({t.owner_member_id for t in tasks})

    def task_line(task: Task) -> TaskLine:
        owner = names.get(task.owner_member_id) if task.owner_member_id else None
        return TaskLine(title=task.title, owner=owner, deadline=task.deadline)

    topic = (
        await session.get(ThematicTopic, meeting.thematic_topic_id)
        if meeting.thematic_topic_id
        else None
    )
    presenter = None
    if topic is not None and topic.presenter_member_id is not None:
        presenter = (await repo.member_names({topic.presenter_member_id})).get(
            topic.presenter_member_id
        )
    return MinutesData(
        meeting_type=meeting.meeting_type,
        meeting_format=meeting.format,
        title=meeting.title,
        unit_name=unit.name,
        unit_kind=unit.kind,
        parent_name=parent.name if parent else None,
        period_year=meeting.period_year,
        period_month=meeting.period_month,
        day=day,
        planned_start=meeting.planned_start,
        actual_start=meeting.actual_start,
        actual_end=meeting.actual_end,
        location=meeting.location,
        online_link=meeting.online_link,
        chair=people.get(meeting.chair_member_id) if meeting.chair_member_id else None,
        chair_position=POSITIONS_VI.get(position) if position else None,
        minute_taker=(
            people.get(meeting.minute_taker_member_id) if meeting.minute_taker_member_id else None
        ),
        roll=roll,
        voting=voting,
        guests=guests,
        follower_name=meeting.follower_name,
        agenda=agenda,
        thematic_title=topic.title if topic else None,
        thematic_presenter=presenter,
        speeches=speeches,
        tasks_reviewed_total=meeting.tasks_reviewed_total,
        tasks_reviewed_done=meeting.tasks_reviewed_done,
        votes=votes,
        resolutions=[
            ResolutionLine(
                kind=r.kind,
                code=r.code,
                title=r.title,
                content=r.content,
                adopted_on=r.adopted_on,
                tasks=[task_line(t) for t in tasks if t.resolution_id == r.id],
            )
            for r in resolutions
        ],
        other_tasks=[task_line(t) for t in tasks if t.resolution_id is None],
    )


def _heading(data: MinutesData) -> str:
    quarter = (data.period_month - 1) // 3 + 1
    month = f"THÁNG {data.period_month} NĂM {data.period_year}"
    return {
        MeetingType.regular: f"SINH HOẠT CHI BỘ THƯỜNG KỲ {month}",
        MeetingType.thematic: (
            f"SINH HOẠT CHI BỘ CHUYÊN ĐỀ QUÝ {ROMAN[quarter]} NĂM {data.period_year}"
        ),
        MeetingType.extraordinary: f"SINH HOẠT CHI BỘ BẤT THƯỜNG {month}",
        MeetingType.committee: f"HỌP CHI ỦY {month}",
        MeetingType.party_committee: f"HỌP GIAO BAN ĐẢNG ỦY {month}",
    }[data.meeting_type]


def _names(lines: list[RollLine], *, with_reason: bool = False) -> str:
    parts = []
    for line in lines:
        text = f"đồng chí {line.name}"
        if with_reason:
            text += f" ({line.reason.strip().rstrip('.')})" if line.reason else " (chưa rõ lý do)"
        parts.append(text)
    return "; ".join(parts)


def _count_line(label: str, lines: list[RollLine], *, with_reason: bool = False) -> str:
    text = f"- {label}: {len(lines)} đồng chí"
    if lines:
        text += f": {_names(lines, with_reason=with_reason)}"
    return text + "."


def _attendance(data: MinutesData) -> list[str]:
    came = (AttendanceStatus.present, AttendanceStatus.late)
    own = [r for r in data.roll if not r.temporary_guest]
    hosted = [r for r in data.roll if r.temporary_guest]
    exempt = [r for r in own if r.excluded is BaseExclusion.exempt]
    away = [r for r in own if r.excluded is BaseExclusion.transferred_out]
    counted = [r for r in data.roll if r.excluded is None]
    present = [
        r for r in data.roll if r.status in came and r.excluded is not BaseExclusion.transferred_out
    ]
    late = [r for r in present if r.status is AttendanceStatus.late]
    excused = [r for r in counted if r.status is AttendanceStatus.excused]
    unexcused = [r for r in counted if r.status is AttendanceStatus.unexcused]
    unmarked = [r for r in counted if r.status is None]
    official = sum(1 for r in own if r.official)
    lines = [
        f"- Tổng số đảng viên của chi bộ: {len(own)} đồng chí "
        f"(chính thức: {official}, dự bị: {len(own) - official}).",
        _count_line("Miễn công tác và sinh hoạt đảng", exempt),
        _count_line("Sinh hoạt đảng tạm thời ở nơi khác", away),
        _count_line("Đảng viên nơi khác sinh hoạt tạm thời tại chi bộ", hosted),
        f"- Số đảng viên phải dự sinh hoạt: {len(counted)} đồng chí.",
        f"- Có mặt: {len(present)} đồng chí"
        + (f" (trong đó đến muộn: {_names(late)})" if late else "")
        + ".",
        _count_line("Vắng có lý do", excused, with_reason=True),
        _count_line("Vắng không lý do", unexcused),
    ]
    if unmarked:
        lines.append(_count_line("Chưa điểm danh", unmarked))
    if data.voting is not None:
        v = data.voting
        enough = "đủ" if v.met else "chưa đủ"
        lines.append(
            f"- Số đảng viên có quyền biểu quyết (Quy định 294-QĐ/TW, điểm 9.3.2): {v.base} "
            f"đồng chí; có mặt: {v.present} đồng chí; cần ít nhất {v.required} đồng chí "
            f"({v.share}) để biểu quyết: {enough}."
        )
    if len(counted):
        lines.append(
            "- Tỷ lệ đảng viên dự sinh hoạt: "
            f"{percent(len([r for r in counted if r.status in came]), len(counted))}."
        )
    invited = [g for g in data.guests if g.present is not False]
    if invited or data.follower_name:
        names = [f"đồng chí {g.name}" + (f", {g.title}" if g.title else "") for g in invited]
        if data.follower_name and not any(g.kind is GuestKind.follower for g in invited):
            names.append(f"đồng chí {data.follower_name}, cấp ủy viên theo dõi chi bộ")
        lines.append(f"- Khách mời: {'; '.join(names)}.")
    return lines


def threshold_text(rule_key: str, eligible: int) -> str:
    """ "cần trên 1/2 (ít nhất 5)", "cần từ 2/3 trở lên (ít nhất 6)"."""
    threshold = threshold_of(rule_key)
    share = f"{threshold.numerator}/{threshold.denominator}"
    wording = f"trên {share}" if threshold.comparison == "more_than" else f"từ {share} trở lên"
    return f"cần {wording} (ít nhất {threshold.needed(eligible)})"


def _vote_line(v: VoteLine) -> str:
    result = "được thông qua" if v.passed else "không được thông qua"
    present = f", có mặt {v.present} đồng chí" if v.present is not None else ""
    return (
        f"  - Biểu quyết {SUBJECTS_VI[v.subject]}{VOTE_KINDS_VI[v.kind]} \u201c{v.title}\u201d: "
        f"số đảng viên có quyền biểu quyết {v.eligible} đồng chí{present}. "
        f"Tán thành {v.votes_for}/{v.eligible}, {threshold_text(v.pass_rule, v.eligible)}; "
        f"không tán thành {v.votes_against} ({percent(v.votes_against, v.eligible)}), "
        f"không biểu quyết {v.votes_abstain} ({percent(v.votes_abstain, v.eligible)}). "
        f"Kết quả: {result}."
    )


def render(data: MinutesData) -> str:
    out: list[str] = []
    issuers = [n.upper() for n in (data.parent_name, data.unit_name) if n]
    issuers.append("*")
    right = ["ĐẢNG CỘNG SẢN VIỆT NAM", ""]
    right.append(f"ngày {data.day:%d} tháng {data.day:%m} năm {data.day:%Y}")
    while len(right) < len(issuers):
        right.insert(1, "")
    for i in range(max(len(issuers), len(right))):
        left = issuers[i] if i < len(issuers) else ""
        out.append(f"{left:<{HEADER_WIDTH}}{right[i] if i < len(right) else ''}".rstrip())
    out.append("")
    out.append(f"BIÊN BẢN {_heading(data)}")
    out.append(data.title)
    out.append("")
    out.append("I. THỜI GIAN, ĐỊA ĐIỂM, THÀNH PHẦN")
    start = data.actual_start or data.planned_start
    out.append(f"1. Thời gian: bắt đầu lúc {hhmm(start)}, ngày {ddmmyyyy(vn_time(start).date())}.")
    place = data.location or "(chưa ghi)"
    how = FORMATS_VI[data.meeting_format]
    if data.online_link and data.meeting_format is not MeetingFormat.in_person:
        how += f", đường dẫn: {data.online_link}"
    out.append(f"2. Địa điểm: {place}. Hình thức: {how}.")
    chair = f"đồng chí {data.chair}" if data.chair else "(chưa ghi)"
    if data.chair and data.chair_position:
        chair += f", {data.chair_position} {data.unit_name}"
    out.append(f"3. Chủ trì: {chair}.")
    out.append(
        f"4. Thư ký: {'đồng chí ' + data.minute_taker if data.minute_taker else '(chưa ghi)'}."
    )
    out.append("5. Thành phần:")
    out.extend(_attendance(data))
    out.append("")
    out.append("II. NỘI DUNG")
    section = 0

    def heading(text: str) -> None:
        nonlocal section
        section += 1
        out.append(f"{section}. {text}")

    heading("Nội dung sinh hoạt theo chương trình:")
    if data.agenda:
        for i, item in enumerate(data.agenda, start=1):
            minutes = f" ({item.planned_minutes} phút)" if item.planned_minutes else ""
            out.append(f"  {i}) {item.title}{minutes}.")
    else:
        out.append("  (Chưa có chương trình.)")
    if data.thematic_title:
        heading(f"Chuyên đề: {data.thematic_title}.")
        if data.thematic_presenter:
            out.append(f"  Báo cáo viên: đồng chí {data.thematic_presenter}.")
    heading("Ý kiến phát biểu:")
    if data.speeches:
        for i, s in enumerate(data.speeches, start=1):
            about = f"; nội dung: {s.agenda_title}" if s.agenda_title else ""
            at = f", lúc {vn_time(s.begin):%H:%M}" if s.begin else ""
            summary = s.summary.strip() if s.summary else "(chưa ghi tóm tắt)"
            out.append(
                f"  {i}) Đồng chí {s.name} ({SPEECH_KINDS_VI[s.kind]}{about}{at}): {summary}"
            )
        speakers = len({s.name for s in data.speeches})
        out.append(f"  Tổng cộng: {len(data.speeches)} lượt phát biểu của {speakers} đồng chí.")
    else:
        out.append("  (Không có ý kiến phát biểu được ghi nhận.)")
    if data.tasks_reviewed_total is not None:
        heading("Kiểm điểm việc thực hiện nhiệm vụ kỳ trước:")
        done, total = data.tasks_reviewed_done or 0, data.tasks_reviewed_total
        out.append(f"  Hoàn thành {done}/{total} nhiệm vụ ({percent(done, total)}).")
    heading("Biểu quyết:")
    if data.votes:
        for v in data.votes:
            out.append(_vote_line(v))
    else:
        out.append("  (Không có biểu quyết.)")
    heading("Kết luận, nghị quyết:")
    if data.resolutions:
        for r in data.resolutions:
            out.append(
                f"  - {KINDS_VI[r.kind]} số {r.code} ngày {ddmmyyyy(r.adopted_on)}: {r.title}."
            )
            if r.content:
                out.extend(f"    {line}" for line in r.content.strip().splitlines())
            if r.tasks:
                out.append("    Nhiệm vụ:")
                out.extend(_task_lines(r.tasks))
    else:
        out.append("  (Chưa có kết luận, nghị quyết.)")
    if data.other_tasks:
        heading("Phân công nhiệm vụ:")
        out.extend(_task_lines(data.other_tasks))
    out.append("")
    out.append("III. KẾT THÚC")
    if data.actual_start and data.actual_end:
        duration = int((data.actual_end - data.actual_start).total_seconds() // 60)
        out.append(f"Thời lượng sinh hoạt: {duration} phút.")
        end_day = vn_time(data.actual_end).date()
        same = end_day == vn_time(data.actual_start).date()
        out.append(
            f"Buổi sinh hoạt kết thúc lúc {hhmm(data.actual_end)}"
            + (" cùng ngày." if same else f", ngày {ddmmyyyy(end_day)}.")
        )
    else:
        out.append("Buổi sinh hoạt kết thúc lúc … giờ … phút.")
    out.append(
        "Biên bản đã được đọc lại trước chi bộ và được các đồng chí dự sinh hoạt nhất trí "
        "thông qua."
    )
    out.append("")
    out.append(f"{'THƯ KÝ':<{HEADER_WIDTH}}CHỦ TRÌ")
    out.append(f"{data.minute_taker or '':<{HEADER_WIDTH}}{data.chair or ''}".rstrip())
    return "\n".join(out) + "\n"


def _task_lines(tasks: list[TaskLine]) -> list[str]:
    lines = []
    for t in tasks:
        owner = f"; người thực hiện: đồng chí {t.owner}" if t.owner else ""
        deadline = f"; thời hạn: {ddmmyyyy(t.deadline)}" if t.deadline else ""
        lines.append(f"    + {t.title}{owner}{deadline}.")
    return lines


async def draft_minutes(session: AsyncSession, meeting: Meeting) -> str:
    return render(await collect(session, meeting))
