from datetime import date, datetime
from typing import Annotated, Any

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints

from chibo.meetings.models import (
    AgendaItemKind,
    MeetingFormat,
    MeetingStatus,
    MeetingType,
)
from chibo.meetings.norms import NormsRules

Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=300)]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=300)]
LongText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=20000)]
Reason = Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=1000)]
Minutes = Annotated[int, Field(ge=0, le=600)]


class _MeetingFields(BaseModel):
    model_config = ConfigDict(extra="forbid")

    format: MeetingFormat | None = None
    title: Title | None = None
    planned_end: AwareDatetime | None = None
    location: ShortText | None = None
    online_link: Annotated[str, StringConstraints(max_length=500)] | None = None
    has_thematic_part: bool | None = None
    thematic_topic_id: int | None = None
    chair_member_id: int | None = None
    minute_taker_member_id: int | None = None
    follower_member_id: int | None = None
    follower_name: Annotated[str, StringConstraints(max_length=120)] | None = None
    preparation_meeting_id: int | None = Field(
        None, description="The committee meeting (họp chi ủy) that prepared this one"
    )
    notice_content: LongText | None = None


class MeetingCreate(_MeetingFields):
    unit_id: int
    meeting_type: MeetingType
    planned_start: AwareDatetime
    with_agenda: bool = Field(True, description="Start with the agenda template of the type")


class MeetingUpdate(_MeetingFields):
    version: int | None = None
    planned_start: AwareDatetime | None = None
    ideology_minutes: Minutes | None = Field(
        None, description="Minutes spent on ideology, self-criticism and criticism"
    )


class MeetingRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    unit_id: int
    meeting_type: MeetingType
    format: MeetingFormat
    status: MeetingStatus
    title: str
    period_year: int
    period_month: int
    planned_start: datetime
    planned_end: datetime
    location: str | None
    online_link: str | None
    has_thematic_part: bool
    thematic_topic_id: int | None
    chair_member_id: int | None
    minute_taker_member_id: int | None
    follower_member_id: int | None
    follower_name: str | None
    preparation_meeting_id: int | None
    norms_id: int | None
    notice_content: str | None
    announced_at: datetime | None
    notice_sent_to_members_at: datetime | None
    notice_sent_to_follower_at: datetime | None
    actual_start: datetime | None
    actual_end: datetime | None
    held_at: datetime | None
    minutes_final_at: datetime | None
    cancelled_at: datetime | None
    cancel_reason: str | None
    tasks_reviewed_total: int | None
    tasks_reviewed_done: int | None
    ideology_minutes: int | None
    version: int


class AgendaItemCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: Title
    kind: AgendaItemKind = AgendaItemKind.other
    planned_minutes: Minutes | None = None
    presenter_member_id: int | None = None
    notes: LongText | None = None
    position: int | None = Field(None, ge=1, description="1-based; default: at the end")


class AgendaItemUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: int | None = None
    title: Title | None = None
    kind: AgendaItemKind | None = None
    planned_minutes: Minutes | None = None
    presenter_member_id: int | None = None
    notes: LongText | None = None


class AgendaItemRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    meeting_id: int
    position: int
    title: str
    kind: AgendaItemKind
    planned_minutes: int | None
    presenter_member_id: int | None
    notes: str | None
    version: int


class AgendaOrder(BaseModel):
    model_config = ConfigDict(extra="forbid")

    item_ids: list[int] = Field(min_length=1, max_length=100)


class MeetingDetail(MeetingRead):
    agenda: list[AgendaItemRead]
    planned_agenda_minutes: int
    min_duration_minutes: int = Field(description="The norm for this meeting (90, or 120 combined)")


class Announce(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: int | None = None
    notice_content: LongText | None = None
    notify_follower: bool = True


class Start(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: int | None = None
    actual_start: AwareDatetime | None = Field(None, description="Default: now")


class End(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: int | None = None
    actual_end: AwareDatetime | None = Field(None, description="Default: now")


class Cancel(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: int | None = None
    reason: Reason


class GenerateYear(BaseModel):
    model_config = ConfigDict(extra="forbid")

    unit_id: int = Field(description="A cell, or a committee: every active cell below it")
    year: int = Field(ge=2000, le=2100)


class SkippedMonth(BaseModel):
    unit_id: int
    month: int
    existing_meeting_id: int


class GenerateYearResult(BaseModel):
    created: list[MeetingRead]
    skipped: list[SkippedMonth]


class AmendmentCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    changes: dict[str, Any] = Field(
        description="Fields of the meeting to correct (title, location, actual_start, …)"
    )
    reason: Reason


class AmendmentRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    meeting_id: int
    target: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    reason: str
    amended_by_user_id: int
    amended_at: datetime


class NormsCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    unit_id: int | None = Field(None, description="A committee; none = province default (admin)")
    effective_from: date
    rules: NormsRules
    source: LongText | None = None


class NormsRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    unit_id: int | None
    scope_key: str
    version_number: int
    effective_from: date
    rules: NormsRules
    source: str | None
    created_at: datetime


class TemplateItem(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: Title
    kind: AgendaItemKind
    planned_minutes: Minutes | None = None


class TemplateCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    unit_id: int | None = None
    meeting_type: MeetingType
    items: list[TemplateItem] = Field(min_length=1, max_length=50)


class TemplateRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    unit_id: int | None
    scope_key: str
    meeting_type: MeetingType
    version_number: int
    items: list[TemplateItem]


class MonthCompliance(BaseModel):
    month: int
    regular_meeting_id: int | None
    regular_held: bool
    committee_meeting_before: bool
    documents_on_time: bool
    duration_met: bool
    minutes_final_on_time: bool
    due: bool = Field(description="The month has begun: a missing meeting counts as missed")


class QuarterCompliance(BaseModel):
    quarter: int
    thematic_held: int
    thematic_required: int
    met: bool


class CellCompliance(BaseModel):
    unit_id: int
    unit_name: str
    year: int
    months: list[MonthCompliance]
    quarters: list[QuarterCompliance]
