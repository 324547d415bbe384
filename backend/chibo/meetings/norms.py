"""Meeting norms as data: what the province (or a base committee) holds meetings to.

Stored as versioned rows of `meeting_norms` (JSON validated by `NormsRules`); the defaults
come from DOMAIN.md and are loaded by migration 0007. A meeting records the norms it used."""

from datetime import date, time, timedelta
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator


class Range(BaseModel):
    model_config = ConfigDict(extra="forbid")

    min: int = Field(ge=0)
    max: int = Field(ge=0)

    @model_validator(mode="after")
    def _ordered(self) -> "Range":
        if self.max < self.min:
            raise ValueError("max must not be below min")
        return self


class DefaultSlot(BaseModel):
    """When a year of regular meetings is laid out: the first working day of each month
    (after the flag ceremony), skipping weekends and the listed holidays."""

    model_config = ConfigDict(extra="forbid")

    day: Literal["first_working_day"] = "first_working_day"
    start_time: time = time(8, 0)
    duration_minutes: int = Field(120, ge=30, le=600)
    # Fixed public holidays as "MM-DD"; lunar ones (Tết, Giỗ Tổ) go in extra_holidays by date.
    fixed_holidays: list[str] = Field(default_factory=lambda: ["01-01", "04-30", "05-01", "09-02"])
    extra_holidays: list[date] = Field(default_factory=list)
    location: str | None = None


class NormsRules(BaseModel):
    model_config = ConfigDict(extra="forbid")

    min_duration_minutes: int = Field(90, ge=0)
    combined_min_duration_minutes: int = Field(120, ge=0)
    documents_days_before: int = Field(1, ge=0)
    minutes_final_within_days: int = Field(2, ge=0)
    regular_meetings_per_month: int = Field(1, ge=1)
    committee_meeting_before: bool = True
    thematic_meetings_per_quarter: int = Field(1, ge=0)
    thematic_topics_per_year: Range = Range(min=3, max=4)
    ideology_minutes: Range = Range(min=15, max=30)
    late_after_minutes: int = Field(15, ge=0)
    # A meeting may start at most this long before its planned start (issue 9, point 8).
    start_early_margin_minutes: int = Field(120, ge=0, le=24 * 60)
    unexcused_absences_alert_per_year: int = Field(3, ge=1)
    consecutive_excused_absences_alert: int = Field(3, ge=1)
    vote_pass_rule: Literal["more_than_half_of_eligible"] = "more_than_half_of_eligible"
    default_slot: DefaultSlot = DefaultSlot()

    def min_duration(self, combined: bool) -> int:
        return self.combined_min_duration_minutes if combined else self.min_duration_minutes


def first_working_day(year: int, month: int, slot: DefaultSlot) -> date:
    holidays = set(slot.extra_holidays)
    day = date(year, month, 1)
    while day.weekday() >= 5 or day.strftime("%m-%d") in slot.fixed_holidays or day in holidays:
        day += timedelta(days=1)
    return day
