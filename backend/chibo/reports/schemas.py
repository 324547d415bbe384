from datetime import date

from pydantic import BaseModel, Field

from chibo.meetings.models import MeetingType
from chibo.ratings.models import Level


class MeetingStats(BaseModel):
    """One held meeting's figures, for trends: attendance, who spoke, the final rating."""

    meeting_id: int
    unit_id: int
    unit_name: str
    meeting_type: MeetingType
    title: str
    day: date = Field(description="The Vietnam calendar day it was held")
    expected: int = Field(description="Members in the attendance base (exempt and away excluded)")
    present: int = Field(description="Of the base: present or late")
    excused: int
    unexcused: int
    attendance_rate: float | None = Field(description="present / expected, in percent")
    speakers: int = Field(description="Distinct members who took the floor")
    spoke_share: float | None = Field(
        description="speakers / members present (exempt members who came included), in percent"
    )
    rating_level: Level | None = Field(description="The cell's final self-rating, if any")
    rating_total: float | None
