"""Inspections (kiểm tra, giám sát): the committee's plan for the year, inspectors assigned to
cell meetings, their independent ratings, conclusion notices and follow-up items."""

from typing import Annotated

from fastapi import APIRouter, Header, Query, Response, status

from chibo.auth.deps import CurrentPrincipal
from chibo.core.deps import SessionDep
from chibo.core.pagination import Page
from chibo.core.params import CursorParam, LimitParam
from chibo.core.versioning import etag
from chibo.inspections.models import FollowUpItem, Inspection
from chibo.inspections.repository import InspectionRepository
from chibo.inspections.schemas import (
    Comparison,
    ConclusionCreate,
    FollowUpRead,
    FollowUpUpdate,
    InspectionCreate,
    InspectionRead,
    InspectionSummary,
    PlanCreate,
    PlanRead,
    PlanUpdate,
    RatingPut,
    RatingSubmit,
)
from chibo.inspections.service import InspectionScope, InspectionService

router = APIRouter(tags=["inspections"])
IfMatch = Annotated[str | None, Header(alias="If-Match")]
INSPECTION = "/inspections/{inspection_id}"


async def summaries(session: SessionDep, inspections: list[Inspection]) -> list[InspectionSummary]:
    contexts = await InspectionRepository(session).contexts(inspections)
    reads = []
    for inspection in inspections:
        context = contexts[inspection.id]
        reads.append(
            InspectionSummary(
                id=inspection.id,
                plan_id=inspection.plan_id,
                year=context.plan.year,
                meeting_id=inspection.meeting_id,
                meeting_title=context.meeting.title,
                meeting_type=context.meeting.meeting_type,
                meeting_status=context.meeting.status,
                meeting_day=context.meeting.day,
                cell_id=context.cell.id,
                cell_name=context.cell.name,
                inspector_user_id=inspection.inspector_user_id,
                inspector_name=context.inspector_name,
                status=inspection.status,
                conclusion_number=inspection.conclusion_number,
                concluded_at=inspection.concluded_at,
                created_at=inspection.created_at,
                version=inspection.version,
            )
        )
    return reads


async def follow_up_reads(session: SessionDep, items: list[FollowUpItem]) -> list[FollowUpRead]:
    names = await InspectionRepository(session).member_names({i.owner_member_id for i in items})
    reads = []
    for item in items:
        read = FollowUpRead.model_validate(item)
        if item.owner_member_id is not None:
            read.owner_name = names.get(item.owner_member_id)
        reads.append(read)
    return reads


async def inspection_read(
    session: SessionDep, scope: InspectionScope, response: Response | None = None
) -> InspectionRead:
    service = InspectionService(session)
    inspection = scope.inspection
    summary = (await summaries(session, [inspection]))[0]
    if response is not None:
        response.headers["ETag"] = etag(inspection.version)
    return InspectionRead(
        **summary.model_dump(),
        findings=inspection.findings,
        conclusion_text=inspection.conclusion_text,
        concluded_by_user_id=inspection.concluded_by_user_id,
        updated_at=inspection.updated_at,
        rating=await service.rating_read(inspection),
        follow_ups=await follow_up_reads(session, await service.repo.follow_ups(inspection.id)),
        comparison=await service.comparison(inspection, scope.meeting),
    )


# -- plans --------------------------------------------------------------------------------


@router.get(
    "/units/{unit_id}/inspection-plans",
    response_model=list[PlanRead],
    summary="The committee's inspection plans (kế hoạch kiểm tra, giám sát), newest year first",
)
async def list_plans(
    unit_id: int, session: SessionDep, principal: CurrentPrincipal
) -> list[PlanRead]:
    plans = await InspectionService(session).list_plans(principal, unit_id)
    return [PlanRead.model_validate(p) for p in plans]


@router.post(
    "/units/{unit_id}/inspection-plans",
    response_model=PlanRead,
    status_code=status.HTTP_201_CREATED,
    summary="Plan the year's supervision of a committee (one plan per committee and year)",
)
async def create_plan(
    unit_id: int, data: PlanCreate, session: SessionDep, principal: CurrentPrincipal
) -> PlanRead:
    return PlanRead.model_validate(
        await InspectionService(session).create_plan(principal, unit_id, data)
    )


@router.get("/inspection-plans/{plan_id}", response_model=PlanRead)
async def get_plan(
    plan_id: int, session: SessionDep, principal: CurrentPrincipal, response: Response
) -> PlanRead:
    plan, _ = await InspectionService(session).get_plan(principal, plan_id)
    response.headers["ETag"] = etag(plan.version)
    return PlanRead.model_validate(plan)


@router.patch("/inspection-plans/{plan_id}", response_model=PlanRead)
async def update_plan(
    plan_id: int,
    data: PlanUpdate,
    session: SessionDep,
    principal: CurrentPrincipal,
    response: Response,
    if_match: IfMatch = None,
) -> PlanRead:
    plan = await InspectionService(session).update_plan(principal, plan_id, data, if_match)
    response.headers["ETag"] = etag(plan.version)
    return PlanRead.model_validate(plan)


@router.get(
    "/inspection-plans/{plan_id}/inspections",
    response_model=list[InspectionSummary],
    summary="The meetings the plan assigns inspectors to",
)
async def list_plan_inspections(
    plan_id: int, session: SessionDep, principal: CurrentPrincipal
) -> list[InspectionSummary]:
    inspections = await InspectionService(session).list_of_plan(principal, plan_id)
    return await summaries(session, inspections)


@router.post(
    "/inspection-plans/{plan_id}/inspections",
    response_model=InspectionRead,
    status_code=status.HTTP_201_CREATED,
    summary="Assign a committee member to attend and rate a cell meeting",
)
async def assign_inspection(
    plan_id: int, data: InspectionCreate, session: SessionDep, principal: CurrentPrincipal
) -> InspectionRead:
    service = InspectionService(session)
    inspection = await service.assign(principal, plan_id, data)
    return await inspection_read(session, await service.visible(principal, inspection.id))


@router.get(
    "/units/{unit_id}/inspections",
    response_model=Page[InspectionSummary],
    summary="Inspections of meetings in the unit's subtree (the cell sees concluded ones)",
)
async def list_unit_inspections(
    unit_id: int,
    session: SessionDep,
    principal: CurrentPrincipal,
    limit: LimitParam,
    year: Annotated[int | None, Query(ge=2000, le=2100, description="The plan's year")] = None,
    cursor: CursorParam = None,
) -> Page[InspectionSummary]:
    items, next_cursor = await InspectionService(session).page_in_unit(
        principal, unit_id, year=year, cursor=cursor, limit=limit
    )
    return Page(items=await summaries(session, items), next_cursor=next_cursor)


# -- one inspection -----------------------------------------------------------------------


@router.get(
    INSPECTION,
    response_model=InspectionRead,
    summary="An inspection: the inspector's rating, findings, conclusion notice, follow-up "
    "items and the comparison with the cell's self-score",
)
async def get_inspection(
    inspection_id: int, session: SessionDep, principal: CurrentPrincipal, response: Response
) -> InspectionRead:
    scope = await InspectionService(session).visible(principal, inspection_id)
    return await inspection_read(session, scope, response)


@router.put(
    INSPECTION + "/rating",
    response_model=InspectionRead,
    summary="The inspector's rating on the meeting's sheet (a draft until submitted) and "
    "findings; `version` is the inspection's",
)
async def put_rating(
    inspection_id: int,
    data: RatingPut,
    session: SessionDep,
    principal: CurrentPrincipal,
    response: Response,
    if_match: IfMatch = None,
) -> InspectionRead:
    scope = await InspectionService(session).put_rating(principal, inspection_id, data, if_match)
    return await inspection_read(session, scope, response)


@router.post(
    INSPECTION + "/rating/submit",
    response_model=InspectionRead,
    summary="Submit the inspector's rating: scored again on the record, final from then on",
)
async def submit_rating(
    inspection_id: int,
    data: RatingSubmit,
    session: SessionDep,
    principal: CurrentPrincipal,
    response: Response,
    if_match: IfMatch = None,
) -> InspectionRead:
    scope = await InspectionService(session).submit_rating(principal, inspection_id, data, if_match)
    return await inspection_read(session, scope, response)


@router.post(
    INSPECTION + "/conclusion",
    response_model=InspectionRead,
    summary="Issue the conclusion notice (Thông báo kết luận) with its follow-up items",
)
async def conclude(
    inspection_id: int,
    data: ConclusionCreate,
    session: SessionDep,
    principal: CurrentPrincipal,
    response: Response,
    if_match: IfMatch = None,
) -> InspectionRead:
    scope = await InspectionService(session).conclude(principal, inspection_id, data, if_match)
    return await inspection_read(session, scope, response)


@router.get(
    INSPECTION + "/comparison",
    response_model=Comparison,
    summary="The cell's self-score against the inspector's, per item and in total",
)
async def get_comparison(
    inspection_id: int, session: SessionDep, principal: CurrentPrincipal
) -> Comparison:
    service = InspectionService(session)
    scope = await service.visible(principal, inspection_id)
    return await service.comparison(scope.inspection, scope.meeting)


@router.get(INSPECTION + "/follow-ups", response_model=list[FollowUpRead])
async def list_follow_ups(
    inspection_id: int, session: SessionDep, principal: CurrentPrincipal
) -> list[FollowUpRead]:
    items = await InspectionService(session).follow_ups(principal, inspection_id)
    return await follow_up_reads(session, items)


@router.patch(
    "/follow-ups/{follow_up_id}",
    response_model=FollowUpRead,
    summary="Mark a follow-up item done (the cell's secretary too), dropped or open again",
)
async def update_follow_up(
    follow_up_id: int,
    data: FollowUpUpdate,
    session: SessionDep,
    principal: CurrentPrincipal,
    response: Response,
    if_match: IfMatch = None,
) -> FollowUpRead:
    item = await InspectionService(session).update_follow_up(
        principal, follow_up_id, data, if_match
    )
    response.headers["ETag"] = etag(item.version)
    return (await follow_up_reads(session, [item]))[0]
