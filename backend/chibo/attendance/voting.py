"""Who may vote at a meeting, whether enough of them came, and how many ballots a vote may
record. The ONE place these are computed: the votes, the ratings' vote on a level, the roll
call's quorum, the minutes and the demo all call `compute_voting_base`. Pure: no database.

The voting base (số đảng viên có quyền biểu quyết), Quy định 294-QĐ/TW point 9.3.2: the
official members convened (on the roll, official on the meeting's day), less
- members temporarily attending another party organisation (sinh hoạt tạm thời nơi khác), and
- members exempted from party work and meetings (miễn công tác và sinh hoạt đảng) who are NOT
  present: an exempt member who comes counts, and votes.
Probationary members take part but never vote. Members attending temporarily from another cell
(temporary guests) vote in their home cell, not here. Absent official members stay in the base:
a motion needs its share of those entitled, not of those in the room.

A vote never records more ballots (for + against + abstain) than official members present
(`VotingBase.eligible_present`), and is refused while fewer than the quorum (a share of the
base, from the meeting norms) are present.
"""

from dataclasses import dataclass
from datetime import date

from chibo.attendance.models import AttendanceStatus, BaseExclusion
from chibo.core.errors import ChiboError, rule
from chibo.meetings.norms import NormsRules, QuorumRule, VoteThreshold
from chibo.members.models import MemberStatus

PRESENT_STATUSES = frozenset({AttendanceStatus.present, AttendanceStatus.late})


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
    eligible_present: int  # of whom present (or late): the most ballots a vote may record
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


def compute_voting_base(entries: list[RollEntry], day: date) -> VotingBase:
    """The voting base of a meeting held on `day`, from its roll (see the module docstring)."""
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


@dataclass(frozen=True, slots=True)
class Quorum:
    """Whether enough of the voting base is present for the meeting to decide."""

    base: int
    present: int
    required: int
    met: bool
    numerator: int
    denominator: int


def quorum_of(base: VotingBase, quorum: QuorumRule) -> Quorum:
    """At least `quorum` of the base present; with an empty base nothing can be decided."""
    required = quorum.required(base.eligible)
    return Quorum(
        base=base.eligible,
        present=base.eligible_present,
        required=required,
        met=base.eligible > 0 and base.eligible_present >= required,
        numerator=quorum.numerator,
        denominator=quorum.denominator,
    )


@dataclass(frozen=True, slots=True)
class MeetingVoting:
    """A meeting's voting base, the norms it is held to and its quorum, read together."""

    base: VotingBase
    rules: NormsRules
    quorum: Quorum

    def threshold(self, kind: str) -> VoteThreshold:
        return self.rules.vote_thresholds.of(kind)


def meeting_voting(entries: list[RollEntry], day: date, rules: NormsRules) -> MeetingVoting:
    base = compute_voting_base(entries, day)
    return MeetingVoting(base=base, rules=rules, quorum=quorum_of(base, rules.quorum))


def require_quorum(voting: MeetingVoting) -> None:
    """Refuse a decision while fewer than the quorum of the base are present."""
    q = voting.quorum
    if not q.met:
        raise rule(
            "quorum_not_met",
            f"Only {q.present} of the {q.base} members entitled to vote are present; "
            f"{q.required} ({q.numerator}/{q.denominator}) are needed for the meeting to decide.",
            f"Chưa đủ số lượng để biểu quyết: có mặt {q.present}/{q.base} đảng viên có quyền "
            f"biểu quyết, cần ít nhất {q.required} ({q.numerator}/{q.denominator}).",
            status=409,
            details={
                "present": q.present,
                "voting_base": q.base,
                "required": q.required,
                "share": f"{q.numerator}/{q.denominator}",
            },
        )


def check_ballots(voting: MeetingVoting, cast: int) -> None:
    """A vote records at most one ballot per official member present."""
    base = voting.base
    if cast > base.eligible_present:
        raise too_many_ballots(cast, base)


def too_many_ballots(cast: int, base: VotingBase) -> ChiboError:
    return rule(
        "votes_exceed_present",
        f"{cast} ballots recorded, but only {base.eligible_present} official members entitled "
        f"to vote are present (voting base {base.eligible}).",
        f"Tổng số phiếu ({cast}) vượt quá số đảng viên chính thức có quyền biểu quyết có mặt "
        f"({base.eligible_present}).",
        details={"cast": cast, "present": base.eligible_present, "eligible": base.eligible},
    )
