from typing import Annotated

from fastapi import APIRouter, Header, Query, Response, status
from pydantic import AwareDatetime

from chibo.auth.deps import CurrentPrincipal
from chibo.core.clock import today, vietnam_date
from chibo.core.deps import SessionDep
from chibo.core.errors import NotFound
from chibo.core.pagination import Page
from chibo.core.params import CursorParam, LimitParam
from chibo.core.versioning import etag
from chibo.meetings.access import readable_meeting
from chibo.meetings.compliance import ComplianceService
from chibo.meetings.models import Meeting, MeetingStatus, MeetingType
from chibo.meetings.repository import MeetingRepository
from chibo.meetings.schemas import (
    AgendaItemCreate,
    AgendaItemRead,
    AgendaItemUpdate,
    AgendaOrder,
    AmendmentCreate,
    AmendmentRead,
    Announce,
    Cancel,
    CellCompliance,
    End,
    GenerateYear,
    GenerateYearResult,
    MeetingCreate,
    MeetingDetail,
    MeetingRead,
    MeetingUpdate,
    NormsCreate,
    NormsRead,
    Start,
    TemplateCreate,
    TemplateRead,
)
from chibo.meetings.service import MeetingService, scope_keys

router = APIRouter(tags=["meetings"])
IfMatch = Annotated[str | None, Header(alias="If-Match")]


async def _detail(service: MeetingService, meeting: Meeting, response: Response) -> MeetingDetail:
    response.headers["ETag"] = etag(meeting.version)
    agenda = await service.repo.agenda(meeting.id)
    rules = await service.rules_of(meeting)
    return MeetingDetail(
        **MeetingRead.model_validate(meeting).model_dump(),
        agenda=[AgendaItemRead.model_validate(i) for i in agenda],
        planned_agenda_minutes=sum(i.planned_minutes or 0 for i in agenda),
        min_duration_minutes=rules.min_duration(meeting.has_thematic_part),
    )


@router.get("/meetings", response_model=Page[MeetingRead], summary="Meetings in your scope")
async def list_meetings(
    session: SessionDep,
    principal: CurrentPrincipal,
    limit: LimitParam,
    cursor: CursorParam = None,
    unit_id: Annotated[int | None, Query(description="Meetings of this unit's subtree")] = None,
    meeting_type: MeetingType | None = None,
    status: MeetingStatus | None = None,
    starts_from: AwareDatetime | None = None,
    starts_before: AwareDatetime | None = None,
) -> Page[MeetingRead]:
    service = MeetingService(session)
    unit = await service.visible_unit(principal, unit_id) if unit_id is not None else None
    items, next_cursor = await service.repo.page(
        principal,
        unit_path=unit.path if unit else None,
        meeting_type=meeting_type,
        status=status,
        starts_from=starts_from,
        starts_before=starts_before,
        cursor=cursor,
        limit=limit,
    )
    return Page(items=[MeetingRead.model_validate(m) for m in items], next_cursor=next_cursor)


@router.post("/meetings", response_model=MeetingDetail, status_code=status.HTTP_201_CREATED)
async def create_meeting(
    data: MeetingCreate, session: SessionDep, principal: CurrentPrincipal, response: Response
) -> MeetingDetail:
    service = MeetingService(session)
    return await _detail(service, await service.create(principal, data), response)


@router.post(
    "/meetings/generate-year",
    response_model=GenerateYearResult,
    status_code=status.HTTP_201_CREATED,
    summary="Lay out a year of regular meetings for a cell or every cell below a committee",
)
async def generate_year(
    data: GenerateYear, session: SessionDep, principal: CurrentPrincipal
) -> GenerateYearResult:
    created, skipped = await MeetingService(session).generate_year(principal, data)
    return GenerateYearResult(
        created=[MeetingRead.model_validate(m) for m in created], skipped=skipped
    )


@router.get("/meetings/{meeting_id}", response_model=MeetingDetail)
async def get_meeting(
    meeting_id: int, session: SessionDep, principal: CurrentPrincipal, response: Response
) -> MeetingDetail:
    service = MeetingService(session)
    return await _detail(service, await service.get(principal, meeting_id), response)


@router.patch("/meetings/{meeting_id}", response_model=MeetingDetail)
async def update_meeting(
    meeting_id: int,
    data: MeetingUpdate,
    session: SessionDep,
    principal: CurrentPrincipal,
    response: Response,
    if_match: IfMatch = None,
) -> MeetingDetail:
    service = MeetingService(session)
    meeting = await service.update(principal, meeting_id, data, if_match)
    return await _detail(service, meeting, response)


@router.post(
    "/meetings/{meeting_id}/announce",
    response_model=MeetingDetail,
    summary="Send the notice (time, place, content) to members and the follower",
)
async def announce_meeting(
    meeting_id: int,
    data: Announce,
    session: SessionDep,
    principal: CurrentPrincipal,
    response: Response,
    if_match: IfMatch = None,
) -> MeetingDetail:
    service = MeetingService(session)
    meeting = await service.announce(principal, meeting_id, data, if_match)
    return await _detail(service, meeting, response)


@router.post(
    "/meetings/{meeting_id}/start",
    response_model=MeetingDetail,
    summary="Open the meeting: the roll is built and a check-in code is shown",
)
async def start_meeting(
    meeting_id: int,
    data: Start,
    session: SessionDep,
    principal: CurrentPrincipal,
    response: Response,
    if_match: IfMatch = None,
) -> MeetingDetail:
    service = MeetingService(session)
    return await _detail(
        service, await service.start(principal, meeting_id, data, if_match), response
    )


@router.post("/meetings/{meeting_id}/end", response_model=MeetingDetail)
async def end_meeting(
    meeting_id: int,
    data: End,
    session: SessionDep,
    principal: CurrentPrincipal,
    response: Response,
    if_match: IfMatch = None,
) -> MeetingDetail:
    service = MeetingService(session)
    return await _detail(
        service, await service.end(principal, meeting_id, data, if_match), response
    )


@router.post("/meetings/{meeting_id}/cancel", response_model=MeetingDetail)
async def cancel_meeting(
    meeting_id: int,
    data: Cancel,
    session: SessionDep,
    principal: CurrentPrincipal,
    response: Response,
    if_match: IfMatch = None,
) -> MeetingDetail:
    service = MeetingService(session)
    return await _detail(
        service, await service.cancel(principal, meeting_id, data, if_match), response
    )


@router.get("/meetings/{meeting_id}/amendments", response_model=list[AmendmentRead])
async def list_amendments(
    meeting_id: int, session: SessionDep, principal: CurrentPrincipal
) -> list[AmendmentRead]:
    meeting = await readable_meeting(session, principal, meeting_id)
    return [
        AmendmentRead.model_validate(a)
        for a in await MeetingRepository(session).amendments(meeting.id)
    ]


@router.post(
    "/meetings/{meeting_id}/amendments",
    response_model=AmendmentRead,
    status_code=status.HTTP_201_CREATED,
    summary="Correct a meeting whose minutes are final (the original is kept)",
)
async def amend_meeting(
    meeting_id: int, data: AmendmentCreate, session: SessionDep, principal: CurrentPrincipal
) -> AmendmentRead:
    amendment = await MeetingService(session).amend(principal, meeting_id, data)
    return AmendmentRead.model_validate(amendment)


@router.get("/meetings/{meeting_id}/agenda", response_model=list[AgendaItemRead])
async def list_agenda(
    meeting_id: int, session: SessionDep, principal: CurrentPrincipal
) -> list[AgendaItemRead]:
    meeting = await readable_meeting(session, principal, meeting_id)
    return [
        AgendaItemRead.model_validate(i)
        for i in await MeetingRepository(session).agenda(meeting.id)
    ]


@router.post(
    "/meetings/{meeting_id}/agenda",
    response_model=AgendaItemRead,
    status_code=status.HTTP_201_CREATED,
)
async def add_agenda_item(
    meeting_id: int, data: AgendaItemCreate, session: SessionDep, principal: CurrentPrincipal
) -> AgendaItemRead:
    item = await MeetingService(session).add_agenda_item(principal, meeting_id, data)
    return AgendaItemRead.model_validate(item)


@router.post("/meetings/{meeting_id}/agenda/order", response_model=list[AgendaItemRead])
async def order_agenda(
    meeting_id: int, data: AgendaOrder, session: SessionDep, principal: CurrentPrincipal
) -> list[AgendaItemRead]:
    items = await MeetingService(session).order_agenda(principal, meeting_id, data.item_ids)
    return [AgendaItemRead.model_validate(i) for i in items]


@router.patch("/meetings/{meeting_id}/agenda/{item_id}", response_model=AgendaItemRead)
async def update_agenda_item(
    meeting_id: int,
    item_id: int,
    data: AgendaItemUpdate,
    session: SessionDep,
    principal: CurrentPrincipal,
    if_match: IfMatch = None,
) -> AgendaItemRead:
    item = await MeetingService(session).update_agenda_item(
        principal, meeting_id, item_id, data, if_match
    )
    return AgendaItemRead.model_validate(item)


@router.delete("/meetings/{meeting_id}/agenda/{item_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_agenda_item(
    meeting_id: int, item_id: int, session: SessionDep, principal: CurrentPrincipal
) -> None:
    await MeetingService(session).delete_agenda_item(principal, meeting_id, item_id)


@router.get(
    "/meeting-norms",
    response_model=NormsRead,
    summary="The meeting norms in force for a unit (or the province default)",
)
async def effective_norms(
    session: SessionDep,
    principal: CurrentPrincipal,
    unit_id: int | None = None,
    on: Annotated[AwareDatetime | None, Query(description="Default: now")] = None,
) -> NormsRead:
    service = MeetingService(session)
    unit = await service.visible_unit(principal, unit_id or principal.unit_id)
    day = vietnam_date(on) if on is not None and on.tzinfo else today()
    return NormsRead.model_validate(await service.norms_for(unit, day))


@router.get("/meeting-norms/versions", response_model=list[NormsRead])
async def norms_versions(
    session: SessionDep, principal: CurrentPrincipal, unit_id: int | None = None
) -> list[NormsRead]:
    service = MeetingService(session)
    unit = await service.visible_unit(principal, unit_id or principal.unit_id)
    return [
        NormsRead.model_validate(n) for n in await service.repo.norms_versions(scope_keys(unit))
    ]


@router.post(
    "/meeting-norms",
    response_model=NormsRead,
    status_code=status.HTTP_201_CREATED,
    summary="Load a new version of the norms for a committee's subtree",
)
async def add_norms(
    data: NormsCreate, session: SessionDep, principal: CurrentPrincipal
) -> NormsRead:
    return NormsRead.model_validate(await MeetingService(session).add_norms(principal, data))


@router.get(
    "/agenda-templates",
    response_model=TemplateRead,
    summary="The agenda template in force for a meeting type and unit",
)
async def effective_template(
    session: SessionDep,
    principal: CurrentPrincipal,
    meeting_type: MeetingType,
    unit_id: int | None = None,
) -> TemplateRead:
    service = MeetingService(session)
    unit = await service.visible_unit(principal, unit_id or principal.unit_id)
    template = await service.repo.latest_template(scope_keys(unit), meeting_type)
    if template is None:
        raise NotFound()
    return TemplateRead.model_validate(template)


@router.post("/agenda-templates", response_model=TemplateRead, status_code=status.HTTP_201_CREATED)
async def add_template(
    data: TemplateCreate, session: SessionDep, principal: CurrentPrincipal
) -> TemplateRead:
    return TemplateRead.model_validate(await MeetingService(session).add_template(principal, data))


@router.get(
    "/units/{unit_id}/compliance",
    response_model=list[CellCompliance],
    summary="Per cell and month: meetings held to the norms; per quarter: thematic",
)
async def compliance(
    unit_id: int,
    session: SessionDep,
    principal: CurrentPrincipal,
    year: Annotated[int, Query(ge=2000, le=2100)],
) -> list[CellCompliance]:
    return await ComplianceService(session).for_unit(principal, unit_id, year)
