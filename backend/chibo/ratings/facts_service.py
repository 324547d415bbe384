"""Facts of one meeting for its rating, each with where it came from (shown to the scorer).

Computed from the record, not typed in: the roll (attendance), speeches, documents, minutes,
votes, resolutions and tasks, and the norms the meeting was held to."""

from datetime import timedelta

from sqlalchemy import distinct, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from chibo.attendance.models import Attendance, AttendanceStatus
from chibo.attendance.repository import AttendanceRepository, year_bounds_utc
from chibo.attendance.service import longest_excused_streaks, meeting_summary
from chibo.documents.models import PREPARATION_KINDS, Document, DocumentKind
from chibo.meetings.compliance import committee_meeting_before
from chibo.meetings.models import Meeting, MeetingType
from chibo.meetings.service import MeetingService
from chibo.minutes.models import Minutes, Resolution, Task, Vote, VoteSubject
from chibo.ratings.engine import FactValue
from chibo.speeches.models import Speech, SpeechKind, SpeechState

PRESENT = (AttendanceStatus.present, AttendanceStatus.late)
# Documents read ahead of the meeting (minutes, resolutions and conclusions come after it).


def _pct(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 2) if whole else None


async def meeting_facts(session: AsyncSession, meeting: Meeting) -> dict[str, FactValue]:
    rules = await MeetingService(session).rules_of(meeting)
    combined = meeting.has_thematic_part
    facts: dict[str, FactValue] = {}

    if meeting.actual_start and meeting.actual_end:
        minutes = int((meeting.actual_end - meeting.actual_start).total_seconds() // 60)
        norm = rules.min_duration(combined)
        facts["duration_minutes"] = FactValue(
            minutes, f"Bắt đầu – kết thúc thực tế: {minutes} phút"
        )
        facts["duration_shortfall_minutes"] = FactValue(
            max(0, norm - minutes), f"{minutes} phút so với quy định {norm} phút"
        )

    summary = await meeting_summary(session, meeting)
    if summary.base:
        rate = round(100 * summary.present / summary.base, 2)
        facts["attendance_rate"] = FactValue(
            rate,
            f"{summary.present}/{summary.base} đảng viên có mặt (không tính "
            f"{summary.excluded_exempt} người được miễn, {summary.excluded_transferred_out} "
            "người sinh hoạt tạm thời nơi khác)",
        )
    facts["unexcused_count"] = FactValue(summary.unexcused, f"{summary.unexcused} vắng không lý do")
    start, end = year_bounds_utc(meeting.day.year)
    marks = await AttendanceRepository(session).marks_in_order(
        start, end, unit_id=meeting.unit_id, also_meeting=meeting
    )
    longest = max((s.length for s in longest_excused_streaks(marks).values()), default=0)
    facts["longest_excused_streak"] = FactValue(
        longest,
        f"Trong năm {meeting.day.year}, tính đến buổi này: dài nhất {longest} lần vắng có lý do "
        "liên tiếp",
    )
    facts["no_long_excused_streak"] = FactValue(
        summary.no_long_excused_streak,
        f"Trong năm, không ai vắng có lý do quá {rules.consecutive_excused_absences_alert} lần "
        "liên tiếp"
        if summary.no_long_excused_streak
        else "Có đảng viên vắng có lý do quá "
        f"{rules.consecutive_excused_absences_alert} lần liên tiếp",
    )

    before = await committee_meeting_before(session, meeting)
    facts["committee_meeting_before"] = FactValue(
        before,
        "Có cuộc họp chi ủy trước buổi sinh hoạt" if before else "Không thấy họp chi ủy trước",
    )
    follower = meeting.follower_member_id is not None or bool(meeting.follower_name)
    notice = meeting.notice_sent_to_members_at is not None and (
        not follower or meeting.notice_sent_to_follower_at is not None
    )
    facts["notice_sent"] = FactValue(
        notice,
        "Đã gửi thông báo" if notice else "Chưa gửi thông báo cho đảng viên hoặc người theo dõi",
    )

    docs = list(
        (
            await session.scalars(
                select(Document).where(
                    Document.meeting_id == meeting.id, Document.withdrawn_at.is_(None)
                )
            )
        ).all()
    )
    deadline = meeting.planned_start - timedelta(days=rules.documents_days_before)
    ahead = [d for d in docs if d.kind in PREPARATION_KINDS]
    late = [d for d in ahead if d.sent_at is None or d.sent_at > deadline]
    on_time = bool(ahead) and not late
    facts["documents_on_time"] = FactValue(
        on_time,
        f"{len(ahead)} tài liệu sinh hoạt, {len(ahead) - len(late)} gửi đúng hạn (trước "
        f"{rules.documents_days_before} ngày)",
    )
    began = meeting.actual_start or meeting.planned_start
    draft = any(
        d.kind is DocumentKind.draft_resolution and d.sent_at is not None and d.sent_at <= began
        for d in docs
    )
    facts["draft_resolution_sent"] = FactValue(
        draft,
        "Có dự thảo nghị quyết gửi trước buổi sinh hoạt"
        if draft
        else "Không có dự thảo nghị quyết gửi trước buổi sinh hoạt",
    )
    posted = any(d.posted_to_handbook_at for d in docs)
    facts["documents_posted"] = FactValue(
        posted, "Đã đăng Sổ tay đảng viên" if posted else "Chưa đăng"
    )

    present_ids = select(Attendance.member_id).where(
        Attendance.meeting_id == meeting.id, Attendance.status.in_(PRESENT)
    )
    attendees = await session.scalar(select(func.count()).select_from(present_ids.subquery())) or 0
    speakers = (
        await session.scalar(
            select(func.count(distinct(Speech.member_id))).where(
                Speech.meeting_id == meeting.id,
                Speech.state == SpeechState.done,
                Speech.member_id.in_(present_ids),
            )
        )
        or 0
    )
    share = _pct(speakers, attendees)
    if share is not None:
        facts["speaker_share"] = FactValue(share, f"{speakers}/{attendees} người dự đã phát biểu")
    self_criticism = (
        await session.scalar(
            select(func.count(Speech.id)).where(
                Speech.meeting_id == meeting.id,
                Speech.state == SpeechState.done,
                Speech.kind == SpeechKind.self_criticism,
            )
        )
        or 0
    )
    facts["self_criticism_count"] = FactValue(
        self_criticism, f"{self_criticism} ý kiến tự phê bình"
    )
    if meeting.ideology_minutes is not None:
        facts["ideology_minutes"] = FactValue(
            meeting.ideology_minutes, f"Ghi nhận {meeting.ideology_minutes} phút"
        )

    minutes_row = (
        await session.scalars(select(Minutes).where(Minutes.meeting_id == meeting.id))
    ).one_or_none()
    complete = minutes_row is not None and minutes_row.final_at is not None
    facts["minutes_complete"] = FactValue(
        complete, "Biên bản đã hoàn thành" if complete else "Chưa có biên bản hoàn thành"
    )
    if meeting.minutes_final_at and meeting.actual_end:
        days = rules.minutes_final_within_days
        ok = meeting.minutes_final_at <= meeting.actual_end + timedelta(days=days)
        facts["minutes_final_on_time"] = FactValue(
            ok, f"Hoàn thành biên bản {'trong' if ok else 'quá'} {days} ngày"
        )
    elif meeting.actual_end:
        facts["minutes_final_on_time"] = FactValue(False, "Biên bản chưa hoàn thành")

    if meeting.tasks_reviewed_total:
        done = meeting.tasks_reviewed_done or 0
        facts["previous_tasks_done_share"] = FactValue(
            _pct(done, meeting.tasks_reviewed_total),
            f"{done}/{meeting.tasks_reviewed_total} nhiệm vụ tháng trước hoàn thành",
        )
    passed = (
        await session.scalar(
            select(func.count(Vote.id)).where(
                Vote.meeting_id == meeting.id,
                Vote.passed.is_(True),
                Vote.subject.in_([VoteSubject.resolution, VoteSubject.conclusion]),
            )
        )
        or 0
    )
    resolutions = (
        await session.scalar(
            select(func.count(Resolution.id)).where(Resolution.meeting_id == meeting.id)
        )
        or 0
    )
    adopted = passed > 0 or resolutions > 0
    facts["conclusion_adopted"] = FactValue(
        adopted, f"{passed} biểu quyết thông qua, {resolutions} nghị quyết/kết luận"
    )
    tasks = (
        await session.scalar(select(func.count(Task.id)).where(Task.meeting_id == meeting.id)) or 0
    )
    facts["tasks_assigned"] = FactValue(tasks > 0, f"{tasks} nhiệm vụ được phân công")
    thematic = meeting.has_thematic_part or meeting.meeting_type is MeetingType.thematic
    facts["thematic_part"] = FactValue(
        thematic, "Có nội dung chuyên đề" if thematic else "Không có chuyên đề"
    )
    registered = meeting.thematic_topic_id is not None
    facts["topic_registered"] = FactValue(
        registered,
        "Chuyên đề trong kế hoạch" if registered else "Không gắn với chuyên đề đã đăng ký",
    )
    return facts
