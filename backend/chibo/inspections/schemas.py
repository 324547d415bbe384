from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from chibo.inspections.models import FollowUpStatus, InspectionStatus
from chibo.meetings.models import MeetingStatus, MeetingType
from chibo.ratings.engine import JudgedEntry
from chibo.ratings.models import Level, RatingStatus

Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=300)]
ItemTitle = Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=500)]
LongText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=20000)]
NoticeText = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=5, max_length=50000)
]
Number = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)]
Note = Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000)]
Year = Annotated[int, Field(ge=2000, le=2100)]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


# -- plans ------------------------------------------------------------------------------


class PlanCreate(_In):
    year: Year
    title: Title = Field(description="e.g. Kế hoạch kiểm tra, giám sát năm 2042")
    content: LongText | None = None


class PlanUpdate(_In):
    version: int | None = Field(None, description="The version you read (or send If-Match)")
    title: Title | None = None
    content: LongText | None = None


class PlanRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    unit_id: int
    year: int
    title: str
    content: str | None
    created_at: datetime
    updated_at: datetime
    version: int


# -- inspections ------------------------------------------------------------------------


class InspectionCreate(_In):
    meeting_id: int = Field(description="A meeting of a cell below the plan's committee")
    inspector_user_id: int = Field(
        description="An active committee account (base or superior committee, or admin) "
        "whose scope covers the cell"
    )


class RatingPut(_In):
    entries: dict[str, JudgedEntry] = Field(
        default_factory=dict,
        description="Judged items (and computed items whose fact is missing), by item code",
    )
    findings: LongText | None = Field(None, description="What the inspector found (nhận xét)")
    version: int | None = Field(
        None, description="The inspection's version you read (or send If-Match)"
    )


class RatingSubmit(_In):
    version: int | None = Field(
        None, description="The inspection's version you read (or send If-Match)"
    )


class FollowUpSpec(_In):
    title: ItemTitle
    owner_member_id: int | None = Field(None, description="A member of the cell")
    due_date: date | None = None


class ConclusionCreate(_In):
    number: Number = Field(description="Số Thông báo kết luận, e.g. 12-TB/ĐU")
    text: NoticeText
    follow_ups: list[FollowUpSpec] = Field(default_factory=list, max_length=100)
    version: int | None = Field(
        None, description="Optional: the inspection's version you read (or send If-Match)"
    )


class FollowUpUpdate(_In):
    version: int | None = None
    status: Literal["open", "done", "dropped"] | None = None
    done_on: date | None = None
    note: Note | None = None


class FollowUpRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    inspection_id: int
    title: str
    owner_member_id: int | None
    owner_name: str | None = None
    due_date: date | None
    status: FollowUpStatus
    done_on: date | None
    note: str | None
    updated_at: datetime
    version: int


class RatingItemRead(BaseModel):
    code: str
    title: str
    criterion: str
    max_points: float
    points: float
    computed: bool
    value: float | bool | None
    source: str | None
    note: str | None


class InspectionRatingRead(BaseModel):
    """The inspector's independent rating of the meeting, on the same sheet as the cell's."""

    id: int
    status: RatingStatus
    sheet_id: int
    sheet_code: str
    sheet_version: int
    items: list[RatingItemRead]
    total: float | None
    level: Level | None
    level_by_points: str
    caps_applied: list[str]
    scored_by_user_id: int | None
    scored_at: datetime | None
    submitted_at: datetime | None
    version: int


class ItemDifference(BaseModel):
    code: str
    title: str
    criterion: str
    max_points: float
    self_points: float | None
    approved_points: float | None
    inspector_points: float | None
    difference: float | None = Field(
        description="Inspector minus the cell's self-score (points); null if either is missing"
    )
    difference_from_approved: float | None = Field(
        description="Inspector minus the committee's approved score, once final"
    )


class Comparison(BaseModel):
    """The cell's self-score against the inspector's score."""

    inspection_id: int
    meeting_id: int
    self_rating_id: int | None
    self_status: RatingStatus | None
    self_total: float | None
    self_level: Level | None
    approved_total: float | None = Field(description="Once the self-rating is final")
    approved_level: Level | None
    inspector_status: RatingStatus | None
    inspector_total: float | None
    inspector_level: Level | None
    difference: float | None = Field(description="Inspector total minus self total (points)")
    difference_from_approved: float | None
    level_steps: int | None = Field(
        description="Levels between the two (positive: the inspector rated higher)"
    )
    same_sheet: bool | None
    items: list[ItemDifference]


class InspectionSummary(BaseModel):
    id: int
    plan_id: int
    year: int
    meeting_id: int
    meeting_title: str
    meeting_type: MeetingType
    meeting_status: MeetingStatus
    meeting_day: date
    cell_id: int
    cell_name: str
    inspector_user_id: int
    inspector_name: str
    status: InspectionStatus
    conclusion_number: str | None
    concluded_at: datetime | None
    created_at: datetime
    version: int


class InspectionRead(InspectionSummary):
    findings: str | None
    conclusion_text: str | None
    concluded_by_user_id: int | None
    updated_at: datetime
    rating: InspectionRatingRead | None
    follow_ups: list[FollowUpRead]
    comparison: Comparison | None
