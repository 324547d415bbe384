from typing import Annotated

from fastapi import APIRouter, Header, Query, Response, status

from chibo.auth.deps import CurrentPrincipal
from chibo.core.deps import SessionDep, SettingsDep
from chibo.core.pagination import Page
from chibo.core.params import CursorParam, LimitParam
from chibo.core.versioning import etag
from chibo.members.repository import MemberRepository
from chibo.units.models import Unit, UnitKind
from chibo.units.repository import UnitRepository
from chibo.units.schemas import (
    UnderstaffedCell,
    UnitCreate,
    UnitDetail,
    UnitMove,
    UnitRead,
    UnitUpdate,
    VersionOnly,
)
from chibo.units.service import UnitService

router = APIRouter(prefix="/units", tags=["units"])
IfMatch = Annotated[str | None, Header(alias="If-Match")]


@router.get("", response_model=Page[UnitRead], summary="Units in your subtree, parents first")
async def list_units(
    session: SessionDep,
    principal: CurrentPrincipal,
    limit: LimitParam,
    cursor: CursorParam = None,
    parent_id: int | None = None,
    kind: UnitKind | None = None,
    active: bool | None = None,
    q: Annotated[str | None, Query(max_length=100)] = None,
) -> Page[UnitRead]:
    items, next_cursor = await UnitRepository(session).page(
        principal, parent_id=parent_id, kind=kind, active=active, q=q, cursor=cursor, limit=limit
    )
    return Page(items=[UnitRead.model_validate(u) for u in items], next_cursor=next_cursor)


@router.get(
    "/alerts/understaffed",
    response_model=list[UnderstaffedCell],
    summary="Active cells with fewer official members than the norm (3)",
)
async def understaffed_cells(
    session: SessionDep, principal: CurrentPrincipal, settings: SettingsDep
) -> list[UnderstaffedCell]:
    required = settings.min_official_members_per_cell
    rows = await MemberRepository(session).understaffed_cells(principal, required)
    return [
        UnderstaffedCell(
            unit=UnitRead.model_validate(unit), official_count=count, required=required
        )
        for unit, count in rows
    ]


async def _detail(session: SessionDep, unit: Unit, required: int) -> UnitDetail:
    counts = await MemberRepository(session).counts_in_subtree(unit.path)
    return UnitDetail(
        **UnitRead.model_validate(unit).model_dump(),
        member_count=counts.total,
        official_count=counts.official,
        probationary_count=counts.probationary,
        understaffed=unit.kind is UnitKind.cell and unit.active and counts.official < required,
    )


@router.get("/{unit_id}", response_model=UnitDetail)
async def get_unit(
    unit_id: int,
    session: SessionDep,
    principal: CurrentPrincipal,
    settings: SettingsDep,
    response: Response,
) -> UnitDetail:
    unit = await UnitService(session).get(principal, unit_id)
    response.headers["ETag"] = etag(unit.version)
    return await _detail(session, unit, settings.min_official_members_per_cell)


@router.post("", response_model=UnitRead, status_code=status.HTTP_201_CREATED)
async def create_unit(
    data: UnitCreate, session: SessionDep, principal: CurrentPrincipal
) -> UnitRead:
    unit = await UnitService(session).create(principal, data)
    return UnitRead.model_validate(unit)


@router.patch("/{unit_id}", response_model=UnitRead, summary="Rename or edit a unit")
async def update_unit(
    unit_id: int,
    data: UnitUpdate,
    session: SessionDep,
    principal: CurrentPrincipal,
    response: Response,
    if_match: IfMatch = None,
) -> UnitRead:
    unit = await UnitService(session).update(principal, unit_id, data, if_match)
    response.headers["ETag"] = etag(unit.version)
    return UnitRead.model_validate(unit)


@router.post("/{unit_id}/move", response_model=UnitRead, summary="Move a unit under another")
async def move_unit(
    unit_id: int,
    data: UnitMove,
    session: SessionDep,
    principal: CurrentPrincipal,
    if_match: IfMatch = None,
) -> UnitRead:
    return UnitRead.model_validate(
        await UnitService(session).move(principal, unit_id, data, if_match)
    )


@router.post("/{unit_id}/archive", response_model=UnitRead)
async def archive_unit(
    unit_id: int,
    data: VersionOnly,
    session: SessionDep,
    principal: CurrentPrincipal,
    if_match: IfMatch = None,
) -> UnitRead:
    unit = await UnitService(session).archive(principal, unit_id, data.version, if_match)
    return UnitRead.model_validate(unit)


@router.post("/{unit_id}/restore", response_model=UnitRead)
async def restore_unit(
    unit_id: int,
    data: VersionOnly,
    session: SessionDep,
    principal: CurrentPrincipal,
    if_match: IfMatch = None,
) -> UnitRead:
    unit = await UnitService(session).restore(principal, unit_id, data.version, if_match)
    return UnitRead.model_validate(unit)


@router.delete(
    "/{unit_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete a unit created by mistake (refused once it has any history)",
)
async def delete_unit(unit_id: int, session: SessionDep, principal: CurrentPrincipal) -> None:
    await UnitService(session).delete(principal, unit_id)
