from datetime import date
from typing import Annotated

from fastapi import APIRouter, Header, Path, Query, Response, status

from chibo.auth.deps import CurrentPrincipal
from chibo.core.clock import today
from chibo.core.deps import SessionDep
from chibo.core.pagination import Page
from chibo.core.params import CursorParam, LimitParam
from chibo.core.versioning import etag
from chibo.ratings.models import RatingSheet, SheetSubject
from chibo.reviews.models import ReviewStatus, ReviewSubject
from chibo.reviews.schemas import (
    AnnualReviewRead,
    AnnualSheetCreate,
    AnnualSheetRead,
    Decide,
    ProposeResult,
)
from chibo.reviews.service import ReviewService
from chibo.reviews.sheet import Subject

router = APIRouter(tags=["annual reviews"])
IfMatch = Annotated[str | None, Header(alias="If-Match")]
Year = Annotated[int, Path(ge=1990, le=2100)]


@router.post(
    "/units/{unit_id}/annual-reviews/{year}/propose",
    response_model=ProposeResult,
    summary="Propose (or refresh) the year's review of the cells and their members from the "
    "record; decided reviews are left as they are",
)
async def propose_reviews(
    unit_id: int, year: Year, session: SessionDep, principal: CurrentPrincipal
) -> ProposeResult:
    return await ReviewService(session).propose(principal, unit_id, year)


@router.get(
    "/units/{unit_id}/annual-reviews/{year}",
    response_model=Page[AnnualReviewRead],
    summary="The year's reviews of the cells of a unit and their members (members: their "
    "own, once decided)",
)
async def list_reviews(
    unit_id: int,
    year: Year,
    session: SessionDep,
    principal: CurrentPrincipal,
    limit: LimitParam,
    subject: ReviewSubject | None = None,
    review_status: Annotated[ReviewStatus | None, Query(alias="status")] = None,
    cursor: CursorParam = None,
) -> Page[AnnualReviewRead]:
    items, next_cursor = await ReviewService(session).page(
        principal,
        unit_id,
        year,
        subject=subject,
        status=review_status,
        cursor=cursor,
        limit=limit,
    )
    return Page(items=items, next_cursor=next_cursor)


@router.get("/annual-reviews/{review_id}", response_model=AnnualReviewRead)
async def get_review(
    review_id: int, session: SessionDep, principal: CurrentPrincipal, response: Response
) -> AnnualReviewRead:
    service = ReviewService(session)
    review = await service.get(principal, review_id)
    response.headers["ETag"] = etag(review.version)
    return (await service.present([review]))[0]


@router.put(
    "/annual-reviews/{review_id}/decide",
    response_model=AnnualReviewRead,
    summary="The committee decides the level (reasons needed where it departs from the "
    "proposal); the share of the top level is capped",
)
async def decide_review(
    review_id: int,
    data: Decide,
    session: SessionDep,
    principal: CurrentPrincipal,
    response: Response,
    if_match: IfMatch = None,
) -> AnnualReviewRead:
    service = ReviewService(session)
    review = await service.decide(principal, review_id, data, if_match)
    response.headers["ETag"] = etag(review.version)
    return (await service.present([review]))[0]


@router.get(
    "/annual-review-sheets",
    response_model=AnnualSheetRead,
    summary="The annual review sheet in force (cell or member)",
)
async def annual_sheet(
    session: SessionDep,
    principal: CurrentPrincipal,
    subject: Annotated[Subject, Query(description="annual_cell or annual_member")],
    on: Annotated[date | None, Query(description="Default: today")] = None,
) -> AnnualSheetRead:
    row = await ReviewService(session).sheet_in_force(SheetSubject(subject), on or today())
    return _sheet_read(row)


@router.post(
    "/annual-review-sheets",
    response_model=AnnualSheetRead,
    status_code=status.HTTP_201_CREATED,
    summary="Load a new version of an annual review sheet (administrators)",
)
async def add_annual_sheet(
    data: AnnualSheetCreate, session: SessionDep, principal: CurrentPrincipal
) -> AnnualSheetRead:
    return _sheet_read(await ReviewService(session).add_sheet(principal, data))


def _sheet_read(row: RatingSheet) -> AnnualSheetRead:
    return AnnualSheetRead(
        id=row.id,
        code=row.code,
        version_number=row.version_number,
        subject=row.subject.value,
        name=row.name,
        effective_from=row.effective_from,
        definition=row.definition,
        source_note=row.source_note,
        created_at=row.created_at,
        created_by_user_id=row.created_by_user_id,
    )
