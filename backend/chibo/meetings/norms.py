"""Meeting norms as data: what the province (or a base committee) holds meetings to.

Stored as versioned rows of `meeting_norms` (JSON validated by `NormsRules`); the defaults
come from DOMAIN.md and are loaded by migration 0007 (version 1) and 0013 (version 2: quorum and
vote thresholds, with their sources). A meeting records the norms it used. Every field has a
default, so that an older version (without the newer fields) still reads: it is held to the
defaults for what it does not say."""

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


class Share(BaseModel):
    """A share numerator/denominator of a count (above 0, at most 1), applied in exact integer
    arithmetic: never a rounded float."""

    model_config = ConfigDict(extra="forbid")

    numerator: int = Field(ge=1, le=1000)
    denominator: int = Field(ge=1, le=1000)

    @model_validator(mode="after")
    def _at_most_one(self) -> "Share":
        if self.numerator > self.denominator:
            raise ValueError("the share must not exceed 1 (numerator <= denominator)")
        return self

    def at_least(self, count: int) -> int:
        """The fewest n with n >= share * count (n * denominator >= numerator * count)."""
        return -(-self.numerator * count // self.denominator)

    def more_than(self, count: int) -> int:
        """The fewest n with n > share * count (n * denominator > numerator * count)."""
        return self.numerator * count // self.denominator + 1


class VoteThreshold(Share):
    """When a motion carries: `more_than` or `at_least` a share of the voting base votes for."""

    comparison: Literal["more_than", "at_least"]
    source: str | None = Field(None, max_length=500)

    def needed(self, base: int) -> int:
        """The fewest votes for that carry the motion when `base` members may vote; never
        fewer than one (with nobody to vote, nothing carries)."""
        n = self.more_than(base) if self.comparison == "more_than" else self.at_least(base)
        return max(n, 1)

    @property
    def rule_key(self) -> str:
        """What a vote records as its rule, e.g. "more_than:1/2", "at_least:2/3"."""
        return f"{self.comparison}:{self.numerator}/{self.denominator}"


ORDINARY_SOURCE = (
    "Quy định 294-QĐ/TW (26/5/2025), điểm 9.3.2: quá nửa số đảng viên chính thức có quyền "
    "biểu quyết (số triệu tập, trừ số sinh hoạt tạm thời nơi khác và số được miễn sinh hoạt "
    "vắng mặt); verify"
)
ADMISSION_SOURCE = (
    "Điều lệ Đảng, Điều 4: chi bộ xét đề nghị kết nạp khi được ít nhất hai phần ba số đảng "
    "viên chính thức tán thành (số đảng viên tính theo Quy định 294-QĐ/TW, điểm 9.3.2)"
)
OFFICIAL_SOURCE = (
    "Điều lệ Đảng, Điều 5: chi bộ xét công nhận đảng viên chính thức khi được ít nhất hai "
    "phần ba số đảng viên chính thức tán thành (số đảng viên tính theo Quy định 294-QĐ/TW, "
    "điểm 9.3.2)"
)
QUORUM_SOURCE = (
    "Hai phần ba số đảng viên có quyền biểu quyết có mặt: quy tắc của Đảng cho đại hội, hội "
    "nghị (Điều lệ Đảng; Quy định 294-QĐ/TW), áp dụng mặc định cho sinh hoạt chi bộ "
    "(DOMAIN.md; verify); tỉnh có thể quy định tỷ lệ khác"
)


class VoteThresholds(BaseModel):
    """The threshold of each kind of vote (keys are the values of `VoteKind`)."""

    model_config = ConfigDict(extra="forbid")

    ordinary: VoteThreshold = VoteThreshold(
        comparison="more_than", numerator=1, denominator=2, source=ORDINARY_SOURCE
    )
    admission: VoteThreshold = VoteThreshold(
        comparison="at_least", numerator=2, denominator=3, source=ADMISSION_SOURCE
    )
    official_recognition: VoteThreshold = VoteThreshold(
        comparison="at_least", numerator=2, denominator=3, source=OFFICIAL_SOURCE
    )

    def of(self, kind: str) -> VoteThreshold:
        threshold = getattr(self, kind, None)
        if not isinstance(threshold, VoteThreshold):
            raise KeyError(kind)
        return threshold


class QuorumRule(Share):
    """The share of the voting base that must be present for the meeting to decide."""

    source: str | None = Field(None, max_length=500)

    def required(self, base: int) -> int:
        return self.at_least(base)


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
    # Version 1 named the one rule of every vote; kept so that version 1 still reads. What a
    # vote needs now comes from `vote_thresholds`.
    vote_pass_rule: Literal["more_than_half_of_eligible"] = "more_than_half_of_eligible"
    quorum: QuorumRule = QuorumRule(numerator=2, denominator=3, source=QUORUM_SOURCE)
    vote_thresholds: VoteThresholds = VoteThresholds()
    default_slot: DefaultSlot = DefaultSlot()

    def min_duration(self, combined: bool) -> int:
        return self.combined_min_duration_minutes if combined else self.min_duration_minutes


def first_working_day(year: int, month: int, slot: DefaultSlot) -> date:
    holidays = set(slot.extra_holidays)
    day = date(year, month, 1)
    while day.weekday() >= 5 or day.strftime("%m-%d") in slot.fixed_holidays or day in holidays:
        day += timedelta(days=1)
    return day
