"""Requests and replies of the ratings API: sheets, facts, and the rating of a meeting."""

from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, StringConstraints

from chibo.meetings.models import MeetingType
from chibo.ratings.engine import JudgedEntry
from chibo.ratings.models import Level, RatingKind, RatingStatus, SheetSubject

ItemCode = Annotated[str, StringConstraints(min_length=1, max_length=64)]
Reason = Annotated[str, StringConstraints(strip_whitespace=True, min_length=5, max_length=2000)]
Count = Annotated[int, Field(ge=0, le=10_000)]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


# -- sheets -------------------------------------------------------------------------------


class SheetUpload(_In):
    """A new version of a sheet: the definition (validated as a SheetDefinition) and the day
    from which meetings use it (default: today)."""

    definition: dict[str, Any]
    effective_from: date | None = None


class SheetSummary(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    code: str
    version_number: int
    subject: SheetSubject
    name: str
    meeting_types: list[str]
    effective_from: date
    source_note: str | None
    created_at: datetime
    created_by_user_id: int | None


class SheetRead(SheetSummary):
    definition: dict[str, Any]


# -- facts --------------------------------------------------------------------------------


class FactRead(BaseModel):
    name: str
    label: str = Field(description="What the fact measures, in Vietnamese")
    kind: str = Field(description="number, percent or flag")
    value: float | bool | None = Field(description="Null when the record does not tell")
    source: str | None = Field(description="Where the value came from (shown to the scorer)")


class MeetingFactsRead(BaseModel):
    meeting_id: int
    facts: list[FactRead]


# -- the rating ---------------------------------------------------------------------------


class RatingCreate(_In):
    """The sheet follows from the meeting's type and day. The cell may assign one of its
    members to enter the score (the secretary always may)."""

    assigned_member_id: int | None = Field(
        None, description="A member of the cell who enters the self-rating"
    )


class ScoreSubmit(_In):
    entries: dict[ItemCode, JudgedEntry] = Field(
        default_factory=dict,
        description="Judged items (and computed ones the record does not tell): points, a "
        "choice or yes/no, and a note (needed where points are deducted)",
    )
    proposed_level: Level | None = Field(
        None, description="The level the cell proposes; default the level the points give"
    )
    version: int | None = Field(None, description="The version you read (or send If-Match)")


class VoteSubmit(_In):
    """The cell's vote on the proposed level (official members entitled to vote)."""

    votes_for: Count = Field(validation_alias=AliasChoices("for", "votes_for"))
    votes_against: Count = Field(0, validation_alias=AliasChoices("against", "votes_against"))
    votes_abstain: Count = Field(0, validation_alias=AliasChoices("abstain", "votes_abstain"))
    version: int | None = None


class VersionOnly(_In):
    version: int | None = Field(None, description="The version you read (or send If-Match)")


class Adjustment(_In):
    entries: dict[ItemCode, JudgedEntry] = Field(
        default_factory=dict,
        description="Judged items the committee scores differently (the others stay as the "
        "cell scored them)",
    )
    reason: Reason
    version: int | None = None


class Reopen(_In):
    reason: Reason
    version: int | None = None


class SheetRef(BaseModel):
    id: int
    code: str
    version_number: int
    name: str
    points_step: float = Field(description="Judged points are multiples of this step")
    notes: list[str] = Field(description="What the sheet rests on; parts without a source")


class CapRead(BaseModel):
    """A cap of the sheet that held the level down, and why."""

    code: str
    max_level: Level = Field(description="The level is at most this")
    note: str | None = Field(description="Why: the rule and its source (Vietnamese)")
    fact: str = Field(description="The fact that set the cap off")
    fact_label: str | None = Field(description="What the fact measures (Vietnamese)")
    value: float | bool | None
    fact_source: str | None = Field(description="Where the value came from")


RatingStep = Literal["score", "vote", "submit", "approve"]
RatingAction = Literal["score", "vote", "submit", "approve", "adjust", "reopen"]


class NextAction(BaseModel):
    """Who takes the rating's next step, and whether the caller may."""

    step: RatingStep = Field(
        description="score, vote, submit (the cell); approve (approve as it is, or adjust)"
    )
    actions: list[RatingAction] = Field(description="The endpoints that take the step")
    by_level: Literal["cell", "superior"] = Field(
        description="cell: the cell's secretary (or a committee above, or the assigned member "
        "for the score); superior: an account of the cell's base committee or of the superior "
        "committee above it that took no part in the cell's rating"
    )
    unit_id: int = Field(
        description="The cell (cell steps) or the cell's base committee (approval; the "
        "superior committee above it may approve too)"
    )
    may_act: bool = Field(description="Whether the caller may take the step")
    refusal: str | None = Field(
        description="When the caller may not: the error code the step would answer "
        "(forbidden, approver_not_superior_level, approver_took_part, approver_is_cell_officer)",
    )


class LevelRead(BaseModel):
    code: str
    name: str
    min_points: float


class RatingItemRead(BaseModel):
    code: str
    title: str
    criterion: str
    criterion_title: str
    max_points: float
    mode: str
    source: str = Field(description="computed (from the record) or judged (by the scorer)")
    fact: str | None
    computed: bool = Field(description="Scored from a known fact (else judged by the scorer)")
    value: float | bool | None
    fact_source: str | None
    hint: str | None
    source_note: str | None = Field(description="Where the item's points come from")
    self_points: float | None
    self_entry: dict[str, Any] | None
    approved_points: float | None
    approved_entry: dict[str, Any] | None
    adjusted: bool = Field(description="The committee scored this item differently")


class RatingEventRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    action: str
    actor_user_id: int | None
    actor_name: str | None = None
    at: datetime
    reason: str | None
    total: float | None
    level: Level | None


class RatingSummary(BaseModel):
    id: int
    meeting_id: int
    meeting_title: str
    meeting_type: MeetingType
    meeting_day: date
    unit_id: int
    unit_name: str
    kind: RatingKind
    inspection_id: int | None
    status: RatingStatus
    sheet_id: int
    self_total: float | None
    self_level: Level | None
    proposed_level: Level | None
    approved_total: float | None
    approved_level: Level | None
    submitted_at: datetime | None
    final_at: datetime | None
    version: int


class RatingRead(RatingSummary):
    sheet: SheetRef
    levels: list[LevelRead]
    facts: list[FactRead] = Field(description="The facts as they were when last scored")
    items: list[RatingItemRead]
    caps_applied: list[str]
    self_level_by_points: Level | None = Field(
        description="The level the self-score's points give, before the caps"
    )
    caps: list[CapRead] = Field(description="The caps that held the self-score's level down")
    assigned_member_id: int | None = Field(None, description="The member assigned to enter it")
    scored_by_user_id: int | None
    scored_by_name: str | None
    scored_at: datetime | None
    vote_for: int | None
    vote_against: int | None
    vote_abstain: int | None
    vote_eligible: int | None
    submitted_by_user_id: int | None
    submitted_by_name: str | None
    approved_caps_applied: list[str] | None
    approved_level_by_points: Level | None
    approved_caps: list[CapRead] | None
    adjustment_reason: str | None
    approved_by_user_id: int | None
    approved_by_name: str | None
    approved_at: datetime | None
    created_at: datetime
    updated_at: datetime
    events: list[RatingEventRead]
    next_action: NextAction | None = Field(
        description="Who acts next (null: final, or an inspector's rating)"
    )
    allowed_actions: list[RatingAction] = Field(
        description="What the caller may do on the rating now"
    )
