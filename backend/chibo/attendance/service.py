"""Roll call (điểm danh): the rules. Never commits: the request's session does.

The roll has one row per member expected at a meeting:
- members on the cell's rolls on the meeting's day (Vietnam date of the actual start, else
  the planned start): active (or left only after that day) and admitted by then;
  - exempt on that day (miễn sinh hoạt)       -> listed, ``excluded_from_base="exempt"``;
  - attending another cell temporarily        -> listed, ``excluded_from_base="transferred_out"``;
- members of other cells attending this one temporarily (sinh hoạt tạm thời): listed with
  ``temporary_guest=True`` and counted in the base.
A cell committee meeting (type ``committee``) expects the committee's seats on that day; units
other than cells (a base committee's ``party_committee`` meeting) get an empty roll.
Guests (the follower from the superior committee, invited officials) are listed apart.

Figures are computed from the rows by SQL aggregates, never stored.

For other packages (call inside the request's session; none of them commits):
- ``AttendanceService(session).build_roll(meeting, principal) -> list[Attendance]``: build or
  rebuild the roll (the meeting's ``start`` calls it). Marked rows are kept; unmarked rows of
  people no longer expected are removed; new ones are added. Audited.
- ``sync_roll(session, meeting) -> RollChange``: the same without the audit entry.
- ``present_member_ids(session, meeting_id) -> set[int]``: members marked present or late
  (anyone on the roll, including exempt members who came and temporary guests).
- ``meeting_voting(session, meeting) -> MeetingVoting``: the voting base (computed in one
  place, chibo.attendance.voting), the norms and the quorum; ``voting_base(session, meeting)
  -> int``: its size.
- ``meeting_summary(session, meeting) -> AttendanceSummary``: the figures of one meeting,
  including the rating hint ``attendance_points`` (DOMAIN.md criterion 2) and the quorum.
"""

import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from chibo.attendance.models import (
    Attendance,
    AttendanceStatus,
    CheckinMethod,
    Guest,
)
from chibo.attendance.repository import (
    ABSENT_STATUSES,
    PRESENT_STATUSES,
    AttendanceRepository,
    StatusMark,
    day_start_utc,
    end_of_day_utc,
    year_bounds_utc,
)
from chibo.attendance.schemas import (
    AlertKind,
    AttendanceAlert,
    AttendanceMark,
    AttendanceRow,
    AttendanceSummary,
    BulkEntry,
    BulkMark,
    GuestCreate,
    GuestUpdate,
    MemberAttendanceItem,
    MemberAttendanceRead,
    QuorumRead,
)
from chibo.attendance.voting import MeetingVoting
from chibo.attendance.voting import meeting_voting as compute_meeting_voting
from chibo.audit.service import record, snapshot
from chibo.auth.models import Role
from chibo.auth.principal import Principal
from chibo.core.clock import today, utcnow
from chibo.core.errors import ChiboError, Forbidden, NotFound, rule
from chibo.core.versioning import check_version
from chibo.meetings.access import (
    manageable_meeting,
    meeting_unit,
    readable_meeting,
    require_status,
    require_unlocked,
)
from chibo.meetings.models import Meeting, MeetingStatus, MeetingType
from chibo.meetings.norms import NormsRules
from chibo.meetings.service import MeetingService, new_checkin_code
from chibo.members.models import Member
from chibo.members.repository import MemberRepository
from chibo.speeches.live import Topic, notify_change
from chibo.units.models import UnitKind

# -- thresholds ------------------------------------------------------------------------------
# Defaults. A meeting's own figures use the norms it is held to (NormsRules.late_after_minutes,
# .consecutive_excused_absences_alert); the alerts, which span cells, use these.

# A member marked late when checking in this many minutes after the actual start.
LATE_AFTER_MINUTES = 15
# Alert: this many unexcused absences in a calendar year (grounds for removal; verify).
UNEXCUSED_ABSENCES_ALERT_PER_YEAR = 3
# Alert: MORE than this many excused absences in a row (within a calendar year).
CONSECUTIVE_EXCUSED_ABSENCES_ALERT = 3

# The roll is built and marked in these states.
BUILD_STATUSES = (MeetingStatus.announced, MeetingStatus.in_progress)
MARK_STATUSES = (MeetingStatus.in_progress, MeetingStatus.held)


@dataclass(frozen=True)
class PointsBand:
    """At least `min_percent` attendance earns `points` (DOMAIN.md criterion 2)."""

    min_percent: int
    points: int


# Highest band first; the first band the rate reaches applies.
ATTENDANCE_POINT_BANDS: tuple[PointsBand, ...] = (
    PointsBand(90, 4),
    PointsBand(75, 3),
    PointsBand(65, 2),
    PointsBand(0, 1),
)
# Any unexcused absence caps the attendance points at this, whatever the rate.
POINTS_WITH_UNEXCUSED = 1
# Added when no member had more than the allowed consecutive excused absences this year.
POINTS_NO_LONG_EXCUSED_STREAK = 1


def attendance_points(
    present: int, base: int, unexcused: int, no_long_excused_streak: bool
) -> int | None:
    """The attendance criterion's points (out of 5); None without a base."""
    if base <= 0:
        return None
    if unexcused > 0:
        points = POINTS_WITH_UNEXCUSED
    else:
        points = next(
            b.points for b in ATTENDANCE_POINT_BANDS if present * 100 >= b.min_percent * base
        )
    return points + (POINTS_NO_LONG_EXCUSED_STREAK if no_long_excused_streak else 0)


def _normalize_code(code: str) -> bytes:
    return code.strip().replace(" ", "").replace("-", "").upper().encode()


@dataclass
class Streak:
    length: int = 0
    meeting_ids: list[int] = field(default_factory=list)


def longest_excused_streaks(marks: Iterable[StatusMark]) -> dict[int, Streak]:
    """Each member's longest run of consecutive excused absences, from rows ordered by member
    then meeting time (any other mark ends a run)."""
    longest: dict[int, Streak] = {}
    current: dict[int, Streak] = {}
    for mark in marks:
        run = current.setdefault(mark.member_id, Streak())
        if mark.status is AttendanceStatus.excused:
            run.length += 1
            run.meeting_ids.append(mark.meeting_id)
            best = longest.get(mark.member_id)
            if best is None or run.length > best.length:
                longest[mark.member_id] = Streak(run.length, list(run.meeting_ids))
        else:
            current[mark.member_id] = Streak()
    return longest


@dataclass(frozen=True)
class RollChange:
    rows: list[Attendance]
    added: list[int]
    removed: list[int]
    updated: list[int]


async def _norm(session: AsyncSession, meeting: Meeting, key: str, default: int) -> int:
    """A threshold from the norms the meeting is held to, else the default."""
    try:
        rules = await MeetingService(session).rules_of(meeting)
    except ChiboError:  # no norms in force at all: keep to the defaults
        return default
    value = getattr(rules, key, default)
    return value if isinstance(value, int) else default


async def sync_roll(session: AsyncSession, meeting: Meeting) -> RollChange:
    """Make the roll match who is expected on the meeting's day (see the module docstring).
    Rows already marked stay; their exclusion flags follow the registry."""
    repo = AttendanceRepository(session)
    unit = await meeting_unit(session, meeting)
    day = meeting.day
    if unit.kind is UnitKind.cell:
        expected = await repo.expected_members(
            unit.id, day, committee_only=meeting.meeting_type is MeetingType.committee
        )
    else:
        expected = []
    wanted = {e.member_id: e for e in expected}
    rows = {row.member_id: row for row in await repo.rows(meeting.id)}
    added: list[int] = []
    removed: list[int] = []
    updated: list[int] = []
    for member_id, row in list(rows.items()):
        spec = wanted.get(member_id)
        if spec is None:
            if row.status is None:
                await session.delete(row)
                del rows[member_id]
                removed.append(member_id)
            continue
        if (row.excluded_from_base, row.temporary_guest) != (spec.excluded, spec.temporary_guest):
            row.excluded_from_base = spec.excluded
            row.temporary_guest = spec.temporary_guest
            updated.append(member_id)
    for member_id, spec in wanted.items():
        if member_id not in rows:
            row = Attendance(
                meeting_id=meeting.id,
                member_id=member_id,
                excluded_from_base=spec.excluded,
                temporary_guest=spec.temporary_guest,
            )
            session.add(row)
            rows[member_id] = row
            added.append(member_id)
    await session.flush()
    return RollChange(list(rows.values()), sorted(added), sorted(removed), sorted(updated))


async def present_member_ids(session: AsyncSession, meeting_id: int) -> set[int]:
    """Members marked present or late at the meeting."""
    return await AttendanceRepository(session).present_member_ids(meeting_id)


async def rules_of(session: AsyncSession, meeting: Meeting) -> NormsRules:
    """The norms the meeting is held to; the defaults when none are loaded at all."""
    try:
        return await MeetingService(session).rules_of(meeting)
    except ChiboError:  # no norms in force at all: keep to the defaults
        return NormsRules()


async def meeting_voting(session: AsyncSession, meeting: Meeting) -> MeetingVoting:
    """The meeting's voting base (chibo.attendance.voting, the one place it is computed), the
    norms it is held to and its quorum."""
    entries = await AttendanceRepository(session).roll_entries(meeting.id)
    return compute_meeting_voting(entries, meeting.day, await rules_of(session, meeting))


async def voting_base(session: AsyncSession, meeting: Meeting) -> int:
    """How many members may vote at the meeting (see chibo.attendance.voting)."""
    return (await meeting_voting(session, meeting)).base.eligible


async def meeting_summary(session: AsyncSession, meeting: Meeting) -> AttendanceSummary:
    repo = AttendanceRepository(session)
    counts = await repo.counts(meeting.id)
    threshold = await _norm(
        session, meeting, "consecutive_excused_absences_alert", CONSECUTIVE_EXCUSED_ABSENCES_ALERT
    )
    start, end = year_bounds_utc(meeting.day.year)
    marks = await repo.marks_in_order(start, end, unit_id=meeting.unit_id, also_meeting=meeting)
    no_streak = all(s.length <= threshold for s in longest_excused_streaks(marks).values())
    quorum = (await meeting_voting(session, meeting)).quorum
    return AttendanceSummary(
        **vars(counts),
        rate=round(counts.present / counts.base, 4) if counts.base else None,
        attendance_points=attendance_points(
            counts.present, counts.base, counts.unexcused, no_streak
        ),
        no_long_excused_streak=no_streak,
        quorum=QuorumRead(
            voting_base=quorum.base,
            present=quorum.present,
            required=quorum.required,
            met=quorum.met,
            share=f"{quorum.numerator}/{quorum.denominator}",
        ),
    )


def _reason_required() -> Exception:
    return rule(
        "reason_required",
        "An excused absence needs a reason.",
        "Vắng có lý do phải ghi rõ lý do.",
    )


def _not_on_roll(member_ids: Sequence[int]) -> Exception:
    return rule(
        "not_on_roll",
        "Not on this meeting's roll: attendance is only for members of the cell.",
        "Không có trong danh sách điểm danh: chỉ điểm danh đảng viên của chi bộ.",
        details={"member_ids": list(member_ids)},
    )


def _not_absent(member_ids: Sequence[int]) -> Exception:
    return rule(
        "excluded_not_absent",
        "A member left out of the base (exempt, or attending another cell) is never marked"
        " absent: mark them present when they come, or leave them unmarked.",
        "Đảng viên được miễn sinh hoạt hoặc đang sinh hoạt tạm thời ở chi bộ khác không bị"
        " tính vắng: chỉ đánh dấu có mặt khi đồng chí đến họp, hoặc để trống.",
        details={"member_ids": list(member_ids)},
    )


def _marked_absent(row: Attendance, status: AttendanceStatus | None) -> bool:
    """An absence on a row outside the base: refused (DOMAIN.md: they are not expected)."""
    return row.excluded_from_base is not None and status in ABSENT_STATUSES


def _apply_mark(row: Attendance, status: AttendanceStatus | None, reason: str | None) -> None:
    row.status = status
    row.reason = reason if status is not None else None
    if status in PRESENT_STATUSES:
        if row.checked_in_at is None:
            row.checked_in_at = utcnow()
            row.checkin_method = CheckinMethod.secretary
    else:
        row.checked_in_at = None
        row.checkin_method = None


class AttendanceService:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.repo = AttendanceRepository(session)

    # -- the roll ----------------------------------------------------------------------------

    async def build_roll(self, meeting: Meeting, principal: Principal) -> list[Attendance]:
        """Build or rebuild the roll (no status check: the caller decides when)."""
        unit = await meeting_unit(self.session, meeting)
        change = await sync_roll(self.session, meeting)
        if change.added or change.removed or change.updated:
            record(
                self.session,
                principal,
                action="attendance.build",
                entity_type="meetings",
                entity_id=meeting.id,
                unit_path=unit.path,
                after={
                    "rows": len(change.rows),
                    "added": change.added,
                    "removed": change.removed,
                    "updated": change.updated,
                },
            )
            changed = [*change.added, *change.removed, *change.updated]
            await notify_change(self.session, meeting.id, Topic.attendance, member_ids=changed)
        return change.rows

    async def rebuild(self, principal: Principal, meeting_id: int) -> Meeting:
        meeting, _ = await manageable_meeting(self.session, principal, meeting_id)
        require_status(meeting, *BUILD_STATUSES)
        await self.build_roll(meeting, principal)
        return meeting

    async def roll_rows(self, meeting: Meeting) -> list[AttendanceRow]:
        return [
            _row_read(row, name, member_status)
            for row, name, member_status in await self.repo.roll(meeting.id)
        ]

    async def _row_read(self, row: Attendance) -> AttendanceRow:
        name, member_status = await self.repo.member_name(row.member_id)
        return _row_read(row, name, member_status)

    async def mark(
        self,
        principal: Principal,
        meeting_id: int,
        member_id: int,
        data: AttendanceMark,
        if_match: str | None,
    ) -> AttendanceRow:
        meeting, unit = await manageable_meeting(self.session, principal, meeting_id)
        require_status(meeting, *MARK_STATUSES)
        row = await self.repo.row(meeting.id, member_id)
        if row is None:
            raise _not_on_roll([member_id])
        if data.version is not None or if_match is not None:
            check_version(row.version, data.version, if_match)
        if data.status is AttendanceStatus.excused and not data.reason:
            raise _reason_required()
        if _marked_absent(row, data.status):
            raise _not_absent([member_id])
        before = snapshot(row)
        _apply_mark(row, data.status, data.reason)
        await self.session.flush()
        record(
            self.session,
            principal,
            action="attendance.mark",
            entity=row,
            unit_path=unit.path,
            before=before,
        )
        await notify_change(self.session, meeting.id, Topic.attendance, member_ids=[member_id])
        return await self._row_read(row)

    async def mark_bulk(self, principal: Principal, meeting_id: int, data: BulkMark) -> Meeting:
        """All marks or none: every entry is checked before any is applied."""
        meeting, unit = await manageable_meeting(self.session, principal, meeting_id)
        require_status(meeting, *MARK_STATUSES)
        ids = [e.member_id for e in data.entries]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise rule(
                "duplicate_entry",
                "A member appears more than once.",
                "Một đảng viên xuất hiện nhiều lần.",
                details={"member_ids": duplicates},
            )
        rows = await self.repo.rows_of(meeting.id, ids)
        missing = [i for i in ids if i not in rows]
        if missing:
            raise _not_on_roll(missing)
        lacking = [e.member_id for e in data.entries if _lacks_reason(e)]
        if lacking:
            raise rule(
                "reason_required",
                "An excused absence needs a reason.",
                "Vắng có lý do phải ghi rõ lý do.",
                details={"member_ids": lacking},
            )
        absent = [e.member_id for e in data.entries if _marked_absent(rows[e.member_id], e.status)]
        if absent:
            raise _not_absent(absent)
        for entry in data.entries:
            row = rows[entry.member_id]
            before = snapshot(row)
            _apply_mark(row, entry.status, entry.reason)
            await self.session.flush()
            record(
                self.session,
                principal,
                action="attendance.mark",
                entity=row,
                unit_path=unit.path,
                before=before,
            )
        await notify_change(self.session, meeting.id, Topic.attendance, member_ids=ids)
        return meeting

    # -- check-in from a phone -----------------------------------------------------------------

    async def check_in(self, principal: Principal, meeting_id: int, code: str) -> AttendanceRow:
        meeting = await readable_meeting(self.session, principal, meeting_id)
        require_status(meeting, MeetingStatus.in_progress)
        if not meeting.checkin_code or not secrets.compare_digest(
            _normalize_code(code), _normalize_code(meeting.checkin_code)
        ):
            raise rule(
                "wrong_checkin_code",
                "The check-in code is not right.",
                "Mã điểm danh không đúng.",
            )
        row = (
            await self.repo.row(meeting.id, principal.member_id)
            if principal.member_id is not None
            else None
        )
        if row is None:
            raise _not_on_roll([principal.member_id] if principal.member_id else [])
        if row.status in PRESENT_STATUSES:
            return await self._row_read(row)  # checking in twice changes nothing
        grace = await _norm(self.session, meeting, "late_after_minutes", LATE_AFTER_MINUTES)
        now = utcnow()
        started = meeting.actual_start or meeting.planned_start
        before = snapshot(row)
        row.status = (
            AttendanceStatus.late
            if now > started + timedelta(minutes=grace)
            else AttendanceStatus.present
        )
        row.reason = None
        row.checked_in_at = now
        row.checkin_method = CheckinMethod.self_checkin
        await self.session.flush()
        unit = await meeting_unit(self.session, meeting)
        record(
            self.session,
            principal,
            action="attendance.check_in",
            entity=row,
            unit_path=unit.path,
            before=before,
        )
        # The secretary's roll shows the check-in within a second.
        await notify_change(self.session, meeting.id, Topic.attendance, member_ids=[row.member_id])
        return await self._row_read(row)

    async def checkin_code(self, principal: Principal, meeting_id: int) -> Meeting:
        """The code is for the secretary's screen: managers only."""
        meeting, _ = await manageable_meeting(self.session, principal, meeting_id)
        return meeting

    async def rotate_checkin_code(self, principal: Principal, meeting_id: int) -> Meeting:
        meeting, unit = await manageable_meeting(self.session, principal, meeting_id)
        require_status(meeting, MeetingStatus.in_progress)
        meeting.checkin_code = new_checkin_code()
        await self.session.flush()
        # The code itself stays out of the audit trail.
        record(
            self.session,
            principal,
            action="meeting.checkin_code_rotate",
            entity_type="meetings",
            entity_id=meeting.id,
            unit_path=unit.path,
            after={"rotated": True},
        )
        return meeting

    # -- guests -----------------------------------------------------------------------------

    async def guests(self, principal: Principal, meeting_id: int) -> list[Guest]:
        meeting = await readable_meeting(self.session, principal, meeting_id)
        return await self.repo.guests(meeting.id)

    async def _guest_member(self, principal: Principal, member_id: int | None) -> None:
        """A guest named by member record: one the caller sees (a member outside its scope
        answers as one that does not exist; name others in `name`)."""
        if (
            member_id is not None
            and await MemberRepository(self.session).get_readable(principal, member_id) is None
        ):
            raise rule(
                "member_not_found",
                "No member with that id.",
                "Không tìm thấy đảng viên.",
                details={"member_id": member_id},
            )

    async def add_guest(self, principal: Principal, meeting_id: int, data: GuestCreate) -> Guest:
        meeting, unit = await manageable_meeting(self.session, principal, meeting_id)
        require_unlocked(meeting)
        await self._guest_member(principal, data.member_id)
        guest = Guest(meeting_id=meeting.id, **data.model_dump())
        self.session.add(guest)
        await self.session.flush()
        record(self.session, principal, action="guest.create", entity=guest, unit_path=unit.path)
        await notify_change(self.session, meeting.id, Topic.attendance, member_ids=())
        return guest

    async def _manageable_guest(
        self, principal: Principal, meeting_id: int, guest_id: int
    ) -> tuple[Guest, str]:
        meeting, unit = await manageable_meeting(self.session, principal, meeting_id)
        guest = await self.repo.guest(meeting.id, guest_id)
        if guest is None:
            raise NotFound()
        require_unlocked(meeting)
        return guest, unit.path

    async def update_guest(
        self,
        principal: Principal,
        meeting_id: int,
        guest_id: int,
        data: GuestUpdate,
        if_match: str | None,
    ) -> Guest:
        guest, unit_path = await self._manageable_guest(principal, meeting_id, guest_id)
        check_version(guest.version, data.version, if_match)
        changes = data.model_dump(exclude_unset=True, exclude={"version"})
        for required in ("kind", "name"):
            if required in changes and changes[required] is None:
                del changes[required]
        await self._guest_member(principal, changes.get("member_id"))
        before = snapshot(guest)
        for key, value in changes.items():
            setattr(guest, key, value)
        await self.session.flush()
        record(
            self.session,
            principal,
            action="guest.update",
            entity=guest,
            unit_path=unit_path,
            before=before,
        )
        await notify_change(self.session, meeting_id, Topic.attendance, member_ids=())
        return guest

    async def delete_guest(self, principal: Principal, meeting_id: int, guest_id: int) -> None:
        guest, unit_path = await self._manageable_guest(principal, meeting_id, guest_id)
        before = snapshot(guest)
        await self.session.delete(guest)
        await self.session.flush()
        record(
            self.session,
            principal,
            action="guest.delete",
            entity_type="meeting_guests",
            entity_id=before["id"],
            unit_path=unit_path,
            before=before,
            after={},
        )
        await notify_change(self.session, meeting_id, Topic.attendance, member_ids=())

    # -- across meetings ---------------------------------------------------------------------

    async def member_history(
        self, principal: Principal, member_id: int, date_from: date | None, date_to: date | None
    ) -> MemberAttendanceRead:
        """A member's attendance at held meetings in the caller's scope, over a period
        (default: this calendar year so far). Members see only their own."""
        member = await MemberRepository(self.session).get_readable(principal, member_id)
        if member is None:
            raise NotFound()
        if principal.role is Role.member and principal.member_id != member.id:
            raise Forbidden()
        now = today()
        date_to = date_to or now
        date_from = date_from or date(date_to.year, 1, 1)
        if date_to < date_from:
            raise rule(
                "period_end_before_start",
                "The end date is before the start date.",
                "Ngày kết thúc không được trước ngày bắt đầu.",
            )
        start, end = day_start_utc(date_from), end_of_day_utc(date_to)
        counts = await self.repo.member_counts(principal, member.id, start, end)
        items = [
            MemberAttendanceItem(
                meeting_id=meeting.id,
                unit_id=meeting.unit_id,
                meeting_type=meeting.meeting_type,
                title=meeting.title,
                starts_at=meeting.actual_start or meeting.planned_start,
                meeting_status=meeting.status,
                status=row.status,
                reason=row.reason,
                excluded_from_base=row.excluded_from_base,
                temporary_guest=row.temporary_guest,
            )
            for row, meeting in await self.repo.member_meetings(principal, member.id, start, end)
        ]
        return MemberAttendanceRead(
            member_id=member.id,
            member_name=member.full_name,
            date_from=date_from,
            date_to=date_to,
            **vars(counts),
            rate=round(counts.attended / counts.expected, 4) if counts.expected else None,
            meetings=items,
        )

    async def alerts(self, principal: Principal, year: int) -> list[AttendanceAlert]:
        """Members with too many unexcused absences in the year, or a long run of excused
        ones, at held meetings of units in the caller's scope."""
        start, end = year_bounds_utc(year)
        unexcused = await self.repo.unexcused_counts(
            principal, start, end, UNEXCUSED_ABSENCES_ALERT_PER_YEAR
        )
        marks = await self.repo.marks_in_order(start, end, principal=principal)
        streaks = {
            member_id: streak
            for member_id, streak in longest_excused_streaks(marks).items()
            if streak.length > CONSECUTIVE_EXCUSED_ABSENCES_ALERT
        }
        unexcused_meetings: dict[int, list[int]] = {}
        flagged = {member_id for member_id, _ in unexcused}
        for mark in marks:
            if mark.member_id in flagged and mark.status is AttendanceStatus.unexcused:
                unexcused_meetings.setdefault(mark.member_id, []).append(mark.meeting_id)
        members = await self.repo.members_by_id(flagged | set(streaks))
        alerts = [
            _alert(
                AlertKind.unexcused_absences,
                members[member_id],
                year,
                count,
                UNEXCUSED_ABSENCES_ALERT_PER_YEAR,
                unexcused_meetings.get(member_id, []),
            )
            for member_id, count in unexcused
        ] + [
            _alert(
                AlertKind.consecutive_excused_absences,
                members[member_id],
                year,
                streak.length,
                CONSECUTIVE_EXCUSED_ABSENCES_ALERT,
                streak.meeting_ids,
            )
            for member_id, streak in streaks.items()
        ]
        alerts.sort(key=lambda a: (a.kind.value, -a.count, members[a.member_id].sort_key))
        return alerts


def _lacks_reason(entry: BulkEntry) -> bool:
    return entry.status is AttendanceStatus.excused and not entry.reason


def _row_read(row: Attendance, name: str, member_status: Any) -> AttendanceRow:
    return AttendanceRow(
        id=row.id,
        meeting_id=row.meeting_id,
        member_id=row.member_id,
        member_name=name,
        member_status=member_status,
        status=row.status,
        reason=row.reason,
        excluded_from_base=row.excluded_from_base,
        temporary_guest=row.temporary_guest,
        checked_in_at=row.checked_in_at,
        checkin_method=row.checkin_method,
        version=row.version,
    )


def _alert(
    kind: AlertKind, member: Member, year: int, count: int, threshold: int, meeting_ids: list[int]
) -> AttendanceAlert:
    return AttendanceAlert(
        kind=kind,
        member_id=member.id,
        member_name=member.full_name,
        unit_id=member.unit_id,
        year=year,
        count=count,
        threshold=threshold,
        meeting_ids=meeting_ids,
    )
