"""Rating sheets, the facts of a meeting, and meeting ratings (the cell's self-rating and its
approval by the committee; inspectors' ratings are read here too)."""

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Body, Header, Query, Request, Response, status

from chibo.auth.deps import (
    AdminPrincipal,
    CommitteePrincipal,
    CurrentPrincipal,
    MemberManagerPrincipal,
)
from chibo.auth.principal import Principal
from chibo.core.deps import SessionDep
from chibo.core.pagination import Page
from chibo.core.params import CursorParam, LimitParam
from chibo.core.versioning import etag
from chibo.ratings.models import MeetingRating, RatingKind, RatingStatus, SheetSubject
from chibo.ratings.schemas import (
    Adjustment,
    MeetingFactsRead,
    RatingCreate,
    RatingRead,
    RatingSummary,
    Reopen,
    ScoreSubmit,
    SheetRead,
    SheetSummary,
    VersionOnly,
    VoteSubmit,
)
from chibo.ratings.service import RatingService, fact_reads, parse_sheet_upload

router = APIRouter(tags=["ratings"])
IfMatch = Annotated[str | None, Header(alias="If-Match")]
RATING = "/ratings/{rating_id}"

_SHEET_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "description": "A sheet definition (see SheetDefinition), as JSON or YAML: either "
        '`{"definition": {...}, "effective_from": "YYYY-MM-DD"}` or the bare definition '
        "(then `effective_from` comes from the query string; default today).",
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "definition": {"type": "object"},
                        "effective_from": {"type": "string", "format": "date"},
                    },
                    "required": ["definition"],
                }
            },
            "application/yaml": {"schema": {"type": "string"}},
            "text/yaml": {"schema": {"type": "string"}},
        },
    }
}


async def _read(
    service: RatingService,
    principal: Principal,
    rating: MeetingRating,
    response: Response | None = None,
) -> RatingRead:
    if response is not None:
        response.headers["ETag"] = etag(rating.version)
    return await service.detail(rating, principal)


# -- sheets -------------------------------------------------------------------------------


@router.get(
    "/rating-sheets",
    response_model=list[SheetSummary],
    summary="Rating sheets: the latest version of each (all=true: every version)",
)
async def list_sheets(
    session: SessionDep,
    principal: CurrentPrincipal,
    every_version: Annotated[
        bool, Query(alias="all", description="Every version, not only the latest")
    ] = False,
    subject: SheetSubject | None = None,
) -> list[SheetSummary]:
    sheets = await RatingService(session).repo.sheets(every_version=every_version, subject=subject)
    return [SheetSummary.model_validate(s) for s in sheets]


@router.get("/rating-sheets/{sheet_id}", response_model=SheetRead, summary="One sheet version")
async def get_sheet(sheet_id: int, session: SessionDep, principal: CurrentPrincipal) -> SheetRead:
    return SheetRead.model_validate(await RatingService(session).get_sheet(sheet_id))


@router.post(
    "/rating-sheets",
    response_model=SheetRead,
    status_code=status.HTTP_201_CREATED,
    summary="Load a new version of a sheet (admins; JSON or YAML, validated)",
    openapi_extra=_SHEET_BODY,
)
async def create_sheet(
    request: Request,
    session: SessionDep,
    principal: AdminPrincipal,
    effective_from: Annotated[
        date | None, Query(description="For a bare definition: the day it comes into force")
    ] = None,
) -> SheetRead:
    definition, day = parse_sheet_upload(
        request.headers.get("content-type", ""), await request.body(), effective_from
    )
    sheet = await RatingService(session).add_sheet(principal, definition, day)
    return SheetRead.model_validate(sheet)


# -- facts --------------------------------------------------------------------------------


@router.get(
    "/meetings/{meeting_id}/rating-facts",
    response_model=MeetingFactsRead,
    summary="What the record says for the rating: each fact, its value and where it came from",
)
async def meeting_rating_facts(
    meeting_id: int, session: SessionDep, principal: CurrentPrincipal
) -> MeetingFactsRead:
    facts = await RatingService(session).facts(principal, meeting_id)
    return MeetingFactsRead(meeting_id=meeting_id, facts=fact_reads(dict(facts)))


# -- ratings ------------------------------------------------------------------------------


@router.get(
    "/meetings/{meeting_id}/ratings",
    response_model=list[RatingSummary],
    summary="Ratings of a meeting: the cell's and inspectors' (members: final ones)",
)
async def list_meeting_ratings(
    meeting_id: int, session: SessionDep, principal: CurrentPrincipal
) -> list[RatingSummary]:
    service = RatingService(session)
    return await service.summaries(await service.of_meeting(principal, meeting_id))


@router.post(
    "/meetings/{meeting_id}/ratings",
    response_model=RatingRead,
    status_code=status.HTTP_201_CREATED,
    summary="Start the cell's self-rating of a held meeting",
)
async def create_rating(
    meeting_id: int,
    session: SessionDep,
    principal: CurrentPrincipal,
    response: Response,
    data: Annotated[RatingCreate | None, Body()] = None,
) -> RatingRead:
    service = RatingService(session)
    assigned = data.assigned_member_id if data else None
    rating = await service.create(principal, meeting_id, assigned)
    return await _read(service, principal, rating, response)


@router.get(
    "/ratings",
    response_model=Page[RatingSummary],
    summary="Ratings in scope (status=submitted: the committee's approval queue)",
)
async def list_ratings(
    session: SessionDep,
    principal: CurrentPrincipal,
    limit: LimitParam,
    cursor: CursorParam = None,
    unit_id: Annotated[int | None, Query(description="Ratings of this unit's subtree")] = None,
    status: RatingStatus | None = None,
    kind: RatingKind | None = None,
    day_from: Annotated[date | None, Query(alias="from", description="Meetings from")] = None,
    day_to: Annotated[date | None, Query(alias="to", description="Meetings until")] = None,
) -> Page[RatingSummary]:
    service = RatingService(session)
    unit = await service.visible_unit(principal, unit_id) if unit_id is not None else None
    items, next_cursor = await service.repo.page(
        principal,
        unit=unit,
        status=status,
        kind=kind,
        day_from=day_from,
        day_to=day_to,
        cursor=cursor,
        limit=limit,
    )
    return Page(items=await service.summaries(items), next_cursor=next_cursor)


@router.get(RATING, response_model=RatingRead, summary="A rating: items, both scores, history")
async def get_rating(
    rating_id: int, session: SessionDep, principal: CurrentPrincipal, response: Response
) -> RatingRead:
    service = RatingService(session)
    return await _read(service, principal, await service.get(principal, rating_id), response)


@router.put(
    RATING + "/score",
    response_model=RatingRead,
    summary="The cell's score: judged items, notes, the proposed level",
)
async def score_rating(
    rating_id: int,
    data: ScoreSubmit,
    session: SessionDep,
    principal: CurrentPrincipal,  # the secretary, a committee, or the assigned member
    response: Response,
    if_match: IfMatch = None,
) -> RatingRead:
    service = RatingService(session)
    rating = await service.score(principal, rating_id, data, if_match)
    return await _read(service, principal, rating, response)


@router.put(
    RATING + "/vote",
    response_model=RatingRead,
    summary="The cell's vote on the proposed level",
    openapi_extra={"description": 'Body: {"for": n, "against": n, "abstain": n, "version": v}'},
)
async def vote_rating(
    rating_id: int,
    data: VoteSubmit,
    session: SessionDep,
    principal: MemberManagerPrincipal,
    response: Response,
    if_match: IfMatch = None,
) -> RatingRead:
    service = RatingService(session)
    rating = await service.vote(principal, rating_id, data, if_match)
    return await _read(service, principal, rating, response)


@router.post(RATING + "/submit", response_model=RatingRead, summary="Submit to the committee")
async def submit_rating(
    rating_id: int,
    data: VersionOnly,
    session: SessionDep,
    principal: MemberManagerPrincipal,
    response: Response,
    if_match: IfMatch = None,
) -> RatingRead:
    service = RatingService(session)
    rating = await service.submit(principal, rating_id, data, if_match)
    return await _read(service, principal, rating, response)


@router.post(
    RATING + "/approve",
    response_model=RatingRead,
    summary="The committee approves the cell's score as it is (final)",
)
async def approve_rating(
    rating_id: int,
    data: VersionOnly,
    session: SessionDep,
    principal: CommitteePrincipal,
    response: Response,
    if_match: IfMatch = None,
) -> RatingRead:
    service = RatingService(session)
    rating = await service.approve(principal, rating_id, data, if_match)
    return await _read(service, principal, rating, response)


@router.post(
    RATING + "/adjust",
    response_model=RatingRead,
    summary="The committee scores judged items differently, with a reason (final)",
)
async def adjust_rating(
    rating_id: int,
    data: Adjustment,
    session: SessionDep,
    principal: CommitteePrincipal,
    response: Response,
    if_match: IfMatch = None,
) -> RatingRead:
    service = RatingService(session)
    rating = await service.adjust(principal, rating_id, data, if_match)
    return await _read(service, principal, rating, response)


@router.post(
    RATING + "/reopen",
    response_model=RatingRead,
    summary="The committee reopens a final rating, with a reason (back to submitted)",
)
async def reopen_rating(
    rating_id: int,
    data: Reopen,
    session: SessionDep,
    principal: CommitteePrincipal,
    response: Response,
    if_match: IfMatch = None,
) -> RatingRead:
    service = RatingService(session)
    rating = await service.reopen(principal, rating_id, data, if_match)
    return await _read(service, principal, rating, response)
