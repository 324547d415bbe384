"""Who votes, and when a vote passes. Pure rules, kept in one place.

The voting base (số đảng viên có quyền biểu quyết) of a meeting, from its roll:
- official members only (probationary members take part but do not vote), official on the
  day of the meeting;
- members temporarily transferred out (sinh hoạt tạm thời ở nơi khác) are left out;
- exempt members (miễn công tác và sinh hoạt đảng) are left out unless they came;
- members attending temporarily from another cell (temporary guests) are left out: they vote
  in their home cell.
Absent official members stay in the base: a resolution needs more than half of those entitled,
not of those in the room.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from chibo.attendance.models import AttendanceStatus, BaseExclusion
from chibo.members.models import MemberStatus

PRESENT_STATUSES = frozenset({AttendanceStatus.present, AttendanceStatus.late})

# Rule name (meeting norms "vote_pass_rule") -> whether a vote passes: f(for, eligible).
PASS_RULES: dict[str, Callable[[int, int], bool]] = {
    # Được quá nửa số đảng viên chính thức có quyền biểu quyết tán thành.
    "more_than_half_of_eligible": lambda votes_for, eligible: 2 * votes_for > eligible,
}
DEFAULT_PASS_RULE = "more_than_half_of_eligible"


def passes(rule_name: str, votes_for: int, eligible: int) -> bool:
    return PASS_RULES[rule_name](votes_for, eligible)


@dataclass(frozen=True, slots=True)
class RollEntry:
    """What the voting base needs to know about one row of the roll."""

    member_id: int
    member_status: MemberStatus
    official_date: date | None
    attendance: AttendanceStatus | None
    excluded_from_base: BaseExclusion | None
    temporary_guest: bool


@dataclass(frozen=True, slots=True)
class VotingBase:
    eligible: int  # the base: official members entitled to vote
    eligible_present: int  # of whom present (or late)
    on_roll: int  # rows of the roll, temporary guests included
    probationary: int  # on the cell's roll, not voting
    transferred_out: int
    exempt_absent: int
    exempt_present: int  # counted in the base
    temporary_guests: int
    eligible_member_ids: tuple[int, ...]


def is_official_on(entry: RollEntry, day: date) -> bool:
    if entry.member_status is not MemberStatus.official:
        return False
    return entry.official_date is None or entry.official_date <= day


def voting_base(entries: list[RollEntry], day: date) -> VotingBase:
    eligible: list[int] = []
    present = probationary = transferred = exempt_absent = exempt_present = guests = 0
    for entry in entries:
        came = entry.attendance in PRESENT_STATUSES
        if entry.temporary_guest:
            guests += 1
            continue
        if entry.excluded_from_base is BaseExclusion.transferred_out:
            transferred += 1
            continue
        if not is_official_on(entry, day):
            probationary += 1
            continue
        if entry.excluded_from_base is BaseExclusion.exempt:
            if not came:
                exempt_absent += 1
                continue
            exempt_present += 1
        eligible.append(entry.member_id)
        present += came
    return VotingBase(
        eligible=len(eligible),
        eligible_present=present,
        on_roll=len(entries),
        probationary=probationary,
        transferred_out=transferred,
        exempt_absent=exempt_absent,
        exempt_present=exempt_present,
        temporary_guests=guests,
        eligible_member_ids=tuple(eligible),
    )


def resolution_code(number: int, kind_suffix: str, unit_suffix: str = "CB") -> str:
    """01-NQ/CB (nghị quyết of a cell), 02-KL/CB (kết luận)."""
    return f"{number:02d}-{kind_suffix}/{unit_suffix}"
