from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from chibo.meetings.models import MeetingStatus
from chibo.members.models import MemberStatus
from chibo.speeches.models import SpeechKind, SpeechState

Summary = Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000)]
Note = Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)]


class SpeechRequest(BaseModel):
    """Asking for the floor. A member asks for themselves (leave `member_id` out); the
    secretary may put any member present on the roll in the queue."""

    model_config = ConfigDict(extra="forbid")

    member_id: int | None = Field(None, description="Default: the caller's own member record")
    agenda_item_id: int | None = Field(None, description="An agenda item of this meeting")
    kind: SpeechKind = SpeechKind.contribution


class QueueOrder(BaseModel):
    model_config = ConfigDict(extra="forbid")

    speech_ids: list[int] = Field(
        max_length=500, description="Every waiting request of the meeting, in the new order"
    )


class StartSpeech(BaseModel):
    model_config = ConfigDict(extra="forbid")

    end_current: bool = Field(
        False, description="End the current speaker's speech first instead of refusing (409)"
    )


class SpeechUpdate(BaseModel):
    """What the secretary records about a speech; allowed until the minutes are final."""

    model_config = ConfigDict(extra="forbid")

    version: int | None = Field(None, description="The version you read (or send If-Match)")
    agenda_item_id: int | None = None
    kind: SpeechKind | None = None
    summary: Summary | None = None
    quality: int | None = Field(None, ge=1, le=5, description="1 (weak) … 5 (excellent)")
    note: Note | None = None

    @model_validator(mode="after")
    def _kind_not_null(self) -> "SpeechUpdate":
        if "kind" in self.model_fields_set and self.kind is None:
            raise ValueError("kind cannot be null")
        return self


class SpeechRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    meeting_id: int
    member_id: int
    member_name: str
    agenda_item_id: int | None
    kind: SpeechKind
    state: SpeechState
    weight: int
    requested_at: datetime
    requested_by_self: bool
    begin_time: datetime | None
    end_time: datetime | None
    segment_started_at: datetime | None = Field(
        description="Start of the running segment (null unless speaking)"
    )
    spoken_seconds: int = Field(description="Seconds of the finished segments")
    elapsed_seconds: int = Field(
        description="Speaking time at server_time: finished segments plus the running one"
    )
    summary: str | None
    quality: int | None = Field(description="Shown to the cell's managers and to the speaker")
    note: str | None = Field(description="Shown to the cell's managers and to the speaker")
    version: int


class SpeakersState(BaseModel):
    """The list of speakers of a meeting: what a live client shows."""

    meeting_id: int
    meeting_status: MeetingStatus
    server_time: datetime
    current: SpeechRead | None = Field(description="Speaking or paused")
    queue: list[SpeechRead] = Field(description="Waiting requests, in order")
    finished: list[SpeechRead] = Field(description="Finished speeches, in the order given")


class SpeakerFigures(BaseModel):
    member_id: int
    member_name: str
    speeches: int
    seconds: int
    attended: bool = Field(description="Present or late on the roll")


class MeetingSpeechFigures(BaseModel):
    """Computed from the roll and the finished speeches; nothing here is stored."""

    meeting_id: int
    attendees: int = Field(description="Members present or late on the roll (guests apart)")
    speakers: int = Field(description="Distinct members with a finished speech")
    attendees_who_spoke: int
    share_of_attendees_who_spoke: float | None = Field(
        description="attendees_who_spoke / attendees (0–1); null without attendees"
    )
    speeches: int
    total_seconds: int
    self_criticism_count: int
    criticism_count: int
    by_kind: dict[SpeechKind, int]
    per_speaker: list[SpeakerFigures] = Field(description="Longest speaking time first")


class MemberSpeechRead(BaseModel):
    id: int
    meeting_id: int
    meeting_title: str
    meeting_start: datetime
    agenda_item_id: int | None
    kind: SpeechKind
    begin_time: datetime | None
    end_time: datetime | None
    seconds: int
    summary: str | None
    quality: int | None


class MemberSpeechFigures(BaseModel):
    """A member's speeches over a period (Vietnam calendar dates, both ends included), in the
    meetings the caller can see."""

    member_id: int
    member_name: str
    date_from: date | None
    date_to: date | None
    meetings_attended: int
    speeches: int
    total_seconds: int
    self_criticism_count: int
    items: list[MemberSpeechRead] = Field(description="Finished speeches, oldest first (a page)")
    next_cursor: str | None = None


class SilentMember(BaseModel):
    member_id: int
    full_name: str
    status: MemberStatus
    unit_id: int
    meetings_considered: int
    last_attended_start: datetime = Field(description="Start of the last meeting attended")
    last_spoke_at: datetime | None = Field(description="Last finished speech in these units")


class SilentMembers(BaseModel):
    unit_id: int
    last: int = Field(description="How many of each member's last attended meetings count")
    members: list[SilentMember]
