from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, computed_field

from chibo.meetings.models import MeetingStatus, MeetingType, ThematicTopicStatus
from chibo.minutes.models import ResolutionKind, TaskStatus, VoteKind, VoteSubject
from chibo.minutes.voting import threshold_of

Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=300)]
TaskTitle = Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=500)]
LongText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=20000)]
MinutesText = Annotated[str, StringConstraints(min_length=1, max_length=200_000)]
Reason = Annotated[str, StringConstraints(strip_whitespace=True, min_length=5, max_length=1000)]
Note = Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000)]
Count = Annotated[int, Field(ge=0, le=100_000)]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class VersionOnly(_In):
    version: int | None = Field(None, description="The version you read (or send If-Match)")


# -- votes ------------------------------------------------------------------------------


class VoteCreate(_In):
    subject: VoteSubject
    kind: VoteKind = Field(
        VoteKind.ordinary,
        description="What is decided; its threshold comes from the meeting norms",
    )
    title: Title
    votes_for: Count = Field(description="Tán thành")
    votes_against: Count = Field(description="Không tán thành")
    votes_abstain: Count = Field(0, description="Không biểu quyết")


class VoteUpdate(_In):
    version: int | None = None
    subject: VoteSubject | None = None
    kind: VoteKind | None = None
    title: Title | None = None
    votes_for: Count | None = None
    votes_against: Count | None = None
    votes_abstain: Count | None = None


class VoteRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    meeting_id: int
    subject: VoteSubject
    kind: VoteKind
    title: str
    eligible: int = Field(description="Official members entitled to vote (the base)")
    present: int | None = Field(
        description="Of whom present when recorded (null on votes recorded before it was kept)"
    )
    votes_for: int
    votes_against: int
    votes_abstain: int
    passed: bool
    pass_rule: str = Field(description='The threshold applied, e.g. "more_than:1/2"')
    created_at: datetime
    version: int

    @computed_field(description="Votes for that carry the motion under pass_rule")  # type: ignore[prop-decorator]
    @property
    def votes_needed(self) -> int:
        return threshold_of(self.pass_rule).needed(self.eligible)


class ThresholdRead(BaseModel):
    """What a kind of vote needs at this meeting."""

    kind: VoteKind
    comparison: Literal["more_than", "at_least"]
    share: str = Field(description='e.g. "1/2", "2/3"')
    rule: str = Field(description='The key a vote records, e.g. "at_least:2/3"')
    votes_needed: int
    source: str | None


class QuorumInfo(BaseModel):
    voting_base: int
    present: int
    required: int
    met: bool
    share: str


class VotingBaseRead(BaseModel):
    """Who may vote at this meeting, from its roll."""

    meeting_id: int
    eligible: int = Field(description="Official members entitled to vote")
    eligible_present: int
    on_roll: int
    probationary: int = Field(description="Probationary members: take part, do not vote")
    transferred_out: int = Field(description="Attending another cell temporarily: left out")
    exempt_absent: int = Field(description="Exempt and absent: left out")
    exempt_present: int = Field(description="Exempt but present: counted")
    temporary_guests: int = Field(description="Attending from another cell: vote there")
    votes_needed: int = Field(description="Votes for that pass an ordinary motion")
    pass_rule: str = Field(description="The threshold of an ordinary motion")
    quorum: QuorumInfo
    thresholds: list[ThresholdRead] = Field(description="One per kind of vote")


# -- minutes ----------------------------------------------------------------------------


class MinutesGenerate(_In):
    force: bool = Field(
        False, description="Regenerate even though someone edited the text (the edits are lost)"
    )


class MinutesUpdate(_In):
    version: int | None = None
    content: MinutesText


class MinutesFinalize(VersionOnly):
    pass


class MinutesRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    meeting_id: int
    content: str
    generated_at: datetime
    edited_by_user_id: int | None
    updated_at: datetime
    final_at: datetime | None
    final_by_user_id: int | None
    version: int


class MinutesAmendmentCreate(_In):
    content: MinutesText
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


# -- tasks ------------------------------------------------------------------------------


class TaskSpec(_In):
    title: TaskTitle
    owner_member_id: int | None = Field(None, description="A member of the cell")
    deadline: date | None = None


class TaskCreate(TaskSpec):
    resolution_id: int | None = Field(None, description="A resolution of the same meeting")


class TaskUpdate(_In):
    version: int | None = None
    status: TaskStatus | None = None
    completed_on: date | None = None
    review_note: Note | None = None
    # The assignment itself: only while the meeting that assigned it is not locked.
    title: TaskTitle | None = None
    owner_member_id: int | None = None
    deadline: date | None = None


class TaskRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    meeting_id: int
    resolution_id: int | None
    unit_id: int
    title: str
    owner_member_id: int | None
    owner_name: str | None = None
    deadline: date | None
    status: TaskStatus
    completed_on: date | None
    reviewed_in_meeting_id: int | None
    review_note: str | None
    version: int


class TaskReviewItem(_In):
    task_id: int
    status: TaskStatus
    review_note: Note | None = None
    completed_on: date | None = None


class TaskReviewSubmit(_In):
    items: list[TaskReviewItem] = Field(min_length=1, max_length=500)


class TaskReviewRead(BaseModel):
    meeting_id: int
    previous_meeting_id: int | None = Field(
        description="The cell's previous regular meeting, whose tasks are reviewed"
    )
    previous_meeting_title: str | None
    previous_meeting_date: date | None
    items: list[TaskRead]
    total: int = Field(description="Tasks under review, cancelled ones left out")
    done: int
    share_done: float | None = Field(description="done / total (null without tasks)")
    recorded: bool = Field(description="Whether this meeting has recorded its review")


# -- resolutions ------------------------------------------------------------------------


class ResolutionCreate(_In):
    kind: ResolutionKind = ResolutionKind.resolution
    title: Title
    content: LongText | None = None
    adopted_on: date | None = Field(None, description="Default: the day of the meeting")
    vote_id: int | None = Field(None, description="The vote that adopted it (must have passed)")
    tasks: list[TaskSpec] = Field(default_factory=list, max_length=100)


class ResolutionRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    meeting_id: int
    unit_id: int
    kind: ResolutionKind
    year: int
    number: int
    code: str = Field(description="01-NQ/CB (resolution) or 01-KL/CB (conclusion)")
    title: str
    content: str | None
    adopted_on: date
    vote_id: int | None
    version: int
    tasks: list[TaskRead] = Field(default_factory=list)


# -- thematic topics and plans ----------------------------------------------------------


class TopicCreate(_In):
    year: int = Field(ge=2000, le=2100)
    quarter: int = Field(ge=1, le=4)
    title: Title
    presenter_member_id: int | None = Field(None, description="Báo cáo viên: a cell member")
    note: Note | None = None


class TopicUpdate(_In):
    version: int | None = None
    quarter: int | None = Field(None, ge=1, le=4)
    title: Title | None = None
    presenter_member_id: int | None = None
    status: ThematicTopicStatus | None = None
    note: Note | None = None


class TopicRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    unit_id: int
    year: int
    quarter: int
    title: str
    presenter_member_id: int | None
    presenter_name: str | None = None
    status: ThematicTopicStatus = Field(
        description="Shown as held once a linked meeting is held, even before it is stored"
    )
    note: str | None
    version: int


class PlanMeeting(BaseModel):
    id: int
    title: str
    meeting_type: MeetingType
    status: MeetingStatus
    has_thematic_part: bool
    day: date
    thematic_topic_id: int | None


class PlanWarning(BaseModel):
    code: str
    quarter: int | None = None
    message: str
    message_vi: str


class QuarterPlan(BaseModel):
    quarter: int
    topics: list[TopicRead]
    meetings_held: list[PlanMeeting]
    required: int = Field(description="Thematic meetings required in the quarter")
    status: Literal["met", "missed", "pending"] = Field(
        description="pending: the quarter is not over and nothing is held yet"
    )


class ThematicPlanRead(BaseModel):
    unit_id: int
    year: int
    topics_registered: int
    topics_min: int
    topics_max: int
    topics_ok: bool
    quarters: list[QuarterPlan]
    compliant: bool = Field(
        description="3–4 topics registered and every quarter that is over has its meeting"
    )
    warnings: list[PlanWarning]
