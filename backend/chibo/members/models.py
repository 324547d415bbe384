"""The member registry: members, their dated status history, cell committee positions,
exemptions from party work and meetings, and temporary transfers."""

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from chibo.core.db import (
    Base,
    BigId,
    BinaryString,
    IdMixin,
    TimestampMixin,
    VersionedMixin,
    enum_type,
)
from chibo.core.text import fold, name_sort_key, normalize_name


class Gender(StrEnum):
    male = "male"
    female = "female"
    other = "other"


class MemberStatus(StrEnum):
    probationary = "probationary"
    official = "official"


class MemberState(StrEnum):
    """Whether the member is still on a cell's rolls."""

    active = "active"
    transferred_out = "transferred_out"  # moved to an organisation outside this system
    removed = "removed"  # xóa tên, khai trừ, ra khỏi Đảng
    deceased = "deceased"


class MemberEventKind(StrEnum):
    admitted = "admitted"
    made_official = "made_official"
    transferred_in = "transferred_in"
    transferred_out = "transferred_out"
    temporarily_transferred = "temporarily_transferred"
    temporary_transfer_ended = "temporary_transfer_ended"
    exempted = "exempted"
    removed = "removed"
    deceased = "deceased"


class CommitteeBody(StrEnum):
    """The elected body a seat belongs to: the committee (chi ủy of a cell, Ban Chấp hành of a
    base committee) or the base committee's inspection committee (Ủy ban kiểm tra)."""

    committee = "committee"
    inspection_committee = "inspection_committee"


class CommitteePositionKind(StrEnum):
    # On a committee: Bí thư, Phó Bí thư, ủy viên.
    secretary = "secretary"
    deputy_secretary = "deputy_secretary"
    committee_member = "committee_member"
    # On an inspection committee: Chủ nhiệm, Phó Chủ nhiệm, ủy viên.
    chair = "chair"
    deputy_chair = "deputy_chair"
    member = "member"


# The positions each body has; one holder at a time for all but the plain members.
BODY_POSITIONS: dict[CommitteeBody, tuple[CommitteePositionKind, ...]] = {
    CommitteeBody.committee: (
        CommitteePositionKind.secretary,
        CommitteePositionKind.deputy_secretary,
        CommitteePositionKind.committee_member,
    ),
    CommitteeBody.inspection_committee: (
        CommitteePositionKind.chair,
        CommitteePositionKind.deputy_chair,
        CommitteePositionKind.member,
    ),
}
SHARED_POSITIONS = (CommitteePositionKind.committee_member, CommitteePositionKind.member)


BODY_POSITION_CHECK = " OR ".join(
    f"(body = '{body.value}' AND position IN ({', '.join(repr(p.value) for p in positions)}))"
    for body, positions in BODY_POSITIONS.items()
)


class Member(IdMixin, TimestampMixin, VersionedMixin, Base):
    __tablename__ = "members"
    __table_args__ = (
        Index("ix_members_sort_key_id", "sort_key", "id"),
        Index("ix_members_unit_id_sort_key", "unit_id", "sort_key"),
        CheckConstraint(
            "official_date IS NULL OR admission_date IS NULL OR official_date >= admission_date",
            name="official_after_admission",
        ),
    )

    # The cell whose rolls carry the member; optionally a group (tổ đảng) within it.
    unit_id: Mapped[int] = mapped_column(BigId, ForeignKey("units.id", ondelete="RESTRICT"))
    group_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("units.id"))
    full_name: Mapped[str] = mapped_column(String(120))
    name_folded: Mapped[str] = mapped_column(String(120), index=True)
    sort_key: Mapped[str] = mapped_column(BinaryString)
    gender: Mapped[Gender | None] = mapped_column(enum_type(Gender, "gender"))
    date_of_birth: Mapped[date | None] = mapped_column()
    party_card_number: Mapped[str | None] = mapped_column(String(32), unique=True)
    external_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    citizen_id: Mapped[str | None] = mapped_column(String(20))
    phone: Mapped[str | None] = mapped_column(String(20))
    email: Mapped[str | None] = mapped_column(String(254))
    job_title: Mapped[str | None] = mapped_column(String(200))
    admission_date: Mapped[date | None] = mapped_column()
    official_date: Mapped[date | None] = mapped_column()
    status: Mapped[MemberStatus] = mapped_column(enum_type(MemberStatus, "member_status"))
    state: Mapped[MemberState] = mapped_column(
        enum_type(MemberState, "member_state"), default=MemberState.active, index=True
    )
    left_on: Mapped[date | None] = mapped_column()

    def set_name(self, full_name: str) -> None:
        """Set the name with its search form and Vietnamese sort key, which must never drift."""
        self.full_name = normalize_name(full_name)
        self.name_folded = fold(self.full_name)
        self.sort_key = name_sort_key(self.full_name)


class MemberEvent(IdMixin, Base):
    """One dated entry of a member's status history; never edited."""

    __tablename__ = "member_events"
    __table_args__ = (Index("ix_member_events_member_id_occurred_on", "member_id", "occurred_on"),)

    member_id: Mapped[int] = mapped_column(BigId, ForeignKey("members.id", ondelete="RESTRICT"))
    kind: Mapped[MemberEventKind] = mapped_column(enum_type(MemberEventKind, "member_event_kind"))
    occurred_on: Mapped[date] = mapped_column()
    unit_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("units.id"))
    other_unit_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("units.id"))
    reference: Mapped[str | None] = mapped_column(String(120))
    note: Mapped[str | None] = mapped_column(Text)
    recorded_by_user_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column()


class CommitteePosition(IdMixin, TimestampMixin, VersionedMixin, Base):
    """A seat for a term on a cell committee (chi ủy), or on a base committee's committee
    (Ban Chấp hành Đảng ủy) or inspection committee (Ủy ban kiểm tra)."""

    __tablename__ = "committee_positions"
    __table_args__ = (
        CheckConstraint("term_end IS NULL OR term_end >= term_start", name="term_order"),
        CheckConstraint(BODY_POSITION_CHECK, name="body_position"),
    )

    unit_id: Mapped[int] = mapped_column(BigId, ForeignKey("units.id"), index=True)
    member_id: Mapped[int] = mapped_column(BigId, ForeignKey("members.id"), index=True)
    body: Mapped[CommitteeBody] = mapped_column(
        enum_type(CommitteeBody, "committee_body"),
        default=CommitteeBody.committee,
        server_default=CommitteeBody.committee.value,
    )
    position: Mapped[CommitteePositionKind] = mapped_column(
        enum_type(CommitteePositionKind, "committee_position_kind")
    )
    term_label: Mapped[str | None] = mapped_column(String(40))  # e.g. "2020-2025"
    term_start: Mapped[date] = mapped_column()
    term_end: Mapped[date | None] = mapped_column()


class Exemption(IdMixin, TimestampMixin, VersionedMixin, Base):
    """Miễn công tác và sinh hoạt đảng: exempt members leave the attendance base."""

    __tablename__ = "exemptions"
    __table_args__ = (
        CheckConstraint("end_date IS NULL OR end_date >= start_date", name="period_order"),
    )

    member_id: Mapped[int] = mapped_column(BigId, ForeignKey("members.id"), index=True)
    start_date: Mapped[date] = mapped_column()
    end_date: Mapped[date | None] = mapped_column()
    reason: Mapped[str] = mapped_column(String(500))
    resolution_ref: Mapped[str | None] = mapped_column(String(120))


class TemporaryTransfer(IdMixin, TimestampMixin, VersionedMixin, Base):
    """Sinh hoạt đảng tạm thời: the member attends the host cell, stays on the home cell's rolls."""

    __tablename__ = "temporary_transfers"
    __table_args__ = (
        CheckConstraint("end_date IS NULL OR end_date >= start_date", name="period_order"),
    )

    member_id: Mapped[int] = mapped_column(BigId, ForeignKey("members.id"), index=True)
    home_unit_id: Mapped[int] = mapped_column(BigId, ForeignKey("units.id"))
    host_unit_id: Mapped[int] = mapped_column(BigId, ForeignKey("units.id"), index=True)
    start_date: Mapped[date] = mapped_column()
    end_date: Mapped[date | None] = mapped_column()
    note: Mapped[str | None] = mapped_column(Text)


class OfficialProposalStatus(StrEnum):
    proposed = "proposed"  # the cell has voted and proposes; the base committee decides
    approved = "approved"
    rejected = "rejected"


class OfficialProposal(IdMixin, TimestampMixin, VersionedMixin, Base):
    """Becoming official (QĐ 294, point 4.2): the cell votes and its secretary proposes; the
    base committee (or a committee above it) decides. At most one proposal waits per member."""

    __tablename__ = "official_proposals"
    __table_args__ = (
        Index(
            "uq_official_proposals_one_open_per_member",
            "member_id",
            unique=True,
            sqlite_where=text("status = 'proposed'"),
            postgresql_where=text("status = 'proposed'"),
        ),
        CheckConstraint("decided_on IS NULL OR decided_on >= cell_vote_on", name="decided_after"),
    )

    member_id: Mapped[int] = mapped_column(BigId, ForeignKey("members.id"), index=True)
    unit_id: Mapped[int] = mapped_column(BigId, ForeignKey("units.id"))  # the proposing cell
    status: Mapped[OfficialProposalStatus] = mapped_column(
        enum_type(OfficialProposalStatus, "official_proposal_status")
    )
    # The cell's vote on the proposal: the day of the meeting and its resolution's number.
    cell_vote_on: Mapped[date] = mapped_column()
    cell_resolution_ref: Mapped[str] = mapped_column(String(120))
    note: Mapped[str | None] = mapped_column(Text)
    proposed_by_user_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id"))
    proposed_at: Mapped[datetime] = mapped_column()
    decided_on: Mapped[date | None] = mapped_column()
    decision_ref: Mapped[str | None] = mapped_column(String(120))
    decision_note: Mapped[str | None] = mapped_column(Text)
    official_date: Mapped[date | None] = mapped_column()
    decided_by_user_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column()
