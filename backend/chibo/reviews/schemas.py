"""Request and response bodies of the annual review API."""

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from chibo.reviews.models import ReviewLevel, ReviewStatus, ReviewSubject
from chibo.reviews.sheet import AnnualSheetDefinition, Code, Subject


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DecisionEntry(_In):
    points: float = Field(ge=0, le=1000)
    note: str | None = Field(None, max_length=2000)


class Decide(_In):
    entries: dict[Code, DecisionEntry] | None = Field(
        None,
        description="The committee's points per item; items left out keep the proposed points",
    )
    level: ReviewLevel
    reasons: str | None = Field(
        None,
        max_length=4000,
        description="Required when the level differs from the proposal or from the points",
    )
    version: int | None = None


class ProposeResult(BaseModel):
    unit_id: int
    year: int
    cells: int = Field(description="Cell reviews in the unit's subtree after the proposal")
    members: int = Field(description="Member reviews in the unit's subtree after the proposal")
    created: int
    refreshed: int
    kept_decided: int = Field(description="Decided reviews, left as they were")


class FigureRead(BaseModel):
    name: str
    label: str
    value: float | int | str | None
    source: str | None


class ReviewItemRead(BaseModel):
    code: str
    title: str
    criterion: str
    part: str
    max_points: float
    proposed_points: float
    from_figure: bool = Field(description="Proposed from a figure; else the item's default")
    figure: str | None
    figure_value: float | int | str | None
    decided_points: float | None
    note: str | None


class SheetRef(BaseModel):
    id: int
    code: str
    version_number: int
    top_level_max_share: float


class AnnualReviewRead(BaseModel):
    id: int
    subject: ReviewSubject
    unit_id: int
    unit_name: str
    member_id: int | None
    member_name: str | None
    year: int
    sheet: SheetRef
    status: ReviewStatus
    figures: list[FigureRead]
    items: list[ReviewItemRead]
    proposed_points: float | None
    proposed_level: ReviewLevel | None
    points: float | None
    level: ReviewLevel | None
    reasons: str | None
    decided_by_user_id: int | None
    decided_at: datetime | None
    version: int
    created_at: datetime
    updated_at: datetime


class AnnualSheetCreate(_In):
    definition: AnnualSheetDefinition
    effective_from: date | None = Field(None, description="Default: today")


class AnnualSheetRead(BaseModel):
    id: int
    code: str
    version_number: int
    subject: Subject
    name: str
    effective_from: date
    definition: dict[str, Any]
    source_note: str | None
    created_at: datetime
    created_by_user_id: int | None
