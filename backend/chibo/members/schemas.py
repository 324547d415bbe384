from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, EmailStr, Field, StringConstraints

from chibo.members.models import (
    CommitteeBody,
    CommitteePositionKind,
    Gender,
    MemberEventKind,
    MemberState,
    MemberStatus,
    OfficialProposalStatus,
)

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=120)]
PartyCard = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=3, max_length=32, pattern=r"^[\w./-]+$"),
]
ExternalId = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64)]
CitizenId = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^\d{9}(\d{3})?$")]
Phone = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^\+?[\d .-]{8,20}$")]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)]
Reference = Annotated[str, StringConstraints(strip_whitespace=True, max_length=120)]
Reason = Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=500)]
RequiredReference = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=2, max_length=120)
]
Note = Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000)]


class _MemberFields(BaseModel):
    model_config = ConfigDict(extra="forbid")

    gender: Gender | None = None
    date_of_birth: date | None = None
    party_card_number: PartyCard | None = Field(None, description="Số thẻ đảng viên; unique")
    external_id: ExternalId | None = Field(
        None, description="Member id in the national party member database"
    )
    citizen_id: CitizenId | None = Field(None, description="Sensitive: CCCD (12 digits)")
    phone: Phone | None = Field(None, description="Sensitive")
    email: EmailStr | None = None
    job_title: ShortText | None = None
    group_id: int | None = Field(None, description="Tổ đảng within the cell")
    admission_date: date | None = Field(None, description="Ngày vào Đảng")
    official_date: date | None = Field(None, description="Ngày chính thức")


class MemberCreate(_MemberFields):
    unit_id: int = Field(description="The cell whose rolls carry the member")
    full_name: Name
    status: MemberStatus


class MemberUpdate(_MemberFields):
    version: int | None = Field(None, description="The version you read (or send If-Match)")
    full_name: Name | None = None


class MemberRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    unit_id: int
    group_id: int | None
    full_name: str
    gender: Gender | None
    date_of_birth: date | None
    party_card_number: str | None
    external_id: str | None
    citizen_id: str | None = Field(description="Null unless the caller may see sensitive data")
    phone: str | None = Field(description="Null unless the caller may see sensitive data")
    email: str | None
    job_title: str | None
    admission_date: date | None
    official_date: date | None
    status: MemberStatus
    state: MemberState
    left_on: date | None
    version: int
    sensitive_visible: bool = Field(
        description="Whether citizen_id and phone were shown to this caller"
    )


class TransferCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: int | None = None
    to_unit_id: int
    transfer_date: date
    reference: Reference | None = None
    note: ShortText | None = None


class MemberLeave(BaseModel):
    """The member leaves the rolls: transferred out of the system, removed, or deceased."""

    model_config = ConfigDict(extra="forbid")

    version: int | None = None
    state: MemberState = Field(description="transferred_out, removed or deceased")
    left_on: date
    reference: Reference | None = None
    note: ShortText | None = None


class MemberEventRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    member_id: int
    kind: MemberEventKind
    occurred_on: date
    unit_id: int | None
    other_unit_id: int | None
    reference: str | None
    note: str | None
    recorded_by_user_id: int | None
    recorded_at: datetime


class ExemptionCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    start_date: date
    end_date: date | None = None
    reason: Reason
    resolution_ref: Reference | None = Field(None, description="Cell resolution, e.g. 05-NQ/CB")


class ExemptionUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: int | None = None
    end_date: date | None = None
    reason: Reason | None = None
    resolution_ref: Reference | None = None


class ExemptionRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    member_id: int
    start_date: date
    end_date: date | None
    reason: str
    resolution_ref: str | None
    version: int


class TemporaryTransferCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    host_unit_id: int
    start_date: date
    end_date: date | None = None
    note: ShortText | None = None


class TemporaryTransferEnd(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: int | None = None
    end_date: date


class TemporaryTransferRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    member_id: int
    home_unit_id: int
    host_unit_id: int
    start_date: date
    end_date: date | None
    note: str | None
    version: int


class CommitteePositionCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    member_id: int
    body: CommitteeBody = Field(
        default=CommitteeBody.committee,
        description="committee (chi ủy, Ban Chấp hành) or inspection_committee (Ủy ban kiểm "
        "tra, base committees only)",
    )
    position: CommitteePositionKind
    term_label: Annotated[str, StringConstraints(strip_whitespace=True, max_length=40)] | None = (
        None
    )
    term_start: date
    term_end: date | None = None


class CommitteePositionUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: int | None = None
    term_end: date | None = None
    term_label: Annotated[str, StringConstraints(strip_whitespace=True, max_length=40)] | None = (
        None
    )


class CommitteePositionRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    unit_id: int
    member_id: int
    member_name: str
    body: CommitteeBody
    position: CommitteePositionKind
    term_label: str | None
    term_start: date
    term_end: date | None
    version: int


class AdmissionRead(BaseModel):
    member_id: int
    member_name: str
    status: MemberStatus
    unit_id: int = Field(description="The cell whose rolls carry the member")
    unit_name: str
    admission_date: date


class AdmissionYear(BaseModel):
    year: int
    count: int


class AdmissionRegister(BaseModel):
    """Sổ kết nạp: the admissions of a unit's cells over a period."""

    unit_id: int
    from_date: date
    to_date: date
    total: int
    by_year: list[AdmissionYear] = Field(description="Every year of the period, oldest first")
    items: list[AdmissionRead]


class ProbationDue(BaseModel):
    member: MemberRead
    due_on: date = Field(description="The day the 12 months of probation are complete")
    days_overdue: int = Field(description="Days since due_on")
    deadline: date = Field(
        description="Last day for the cell to consider and propose official status "
        "(CHIBO_OFFICIAL_PROPOSAL_WORKING_DAYS working days after the probation)"
    )
    overdue: bool = Field(description="The deadline has passed and the cell has proposed nothing")
    proposal_status: OfficialProposalStatus | None = Field(
        description="The latest proposal's state; proposed = the base committee decides next"
    )


# -- becoming official (QĐ 294, point 4.2) ----------------------------------------------


class OfficialProposalCreate(BaseModel):
    """The cell's proposal, made by its secretary after the cell voted on it."""

    model_config = ConfigDict(extra="forbid")

    cell_vote_on: date = Field(description="Day of the cell meeting that voted the proposal")
    cell_resolution_ref: RequiredReference = Field(
        description="The cell's resolution (or minutes) recording the vote, e.g. 05-NQ/CB"
    )
    note: Note | None = None


class OfficialDecision(BaseModel):
    """The base committee's decision on a proposal."""

    model_config = ConfigDict(extra="forbid")

    version: int | None = Field(None, description="The proposal's version")
    approved: bool
    decided_on: date
    decision_ref: RequiredReference = Field(description="Decision number, e.g. 25-QĐ/ĐU")
    official_date: date | None = Field(
        None, description="Required when approved: the day the member becomes official"
    )
    note: Note | None = None


class OfficialProposalRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    member_id: int
    unit_id: int
    status: OfficialProposalStatus
    cell_vote_on: date
    cell_resolution_ref: str
    note: str | None
    proposed_by_user_id: int | None
    proposed_at: datetime
    decided_on: date | None
    decision_ref: str | None
    decision_note: str | None
    official_date: date | None
    decided_by_user_id: int | None
    decided_at: datetime | None
    version: int


class OfficialStatusRead(BaseModel):
    """Where a member stands on the way to official status, and who may act next."""

    member_id: int
    status: MemberStatus
    eligible_from: date | None = Field(
        description="First day after the probation (null: official, or no admission date)"
    )
    deadline: date | None = Field(
        description="Last day for the cell to consider and propose (working days after the "
        "probation; weekends and the norms' listed holidays are not counted)"
    )
    working_days: int
    overdue: bool
    proposals: list[OfficialProposalRead] = Field(description="Newest first")
    can_propose: bool = Field(description="The caller may propose now (the cell's secretary)")
    can_decide: bool = Field(description="The caller may decide the open proposal (committee)")
