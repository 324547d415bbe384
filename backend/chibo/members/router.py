from datetime import date
from typing import Annotated

from fastapi import APIRouter, Header, Query, Response, status

from chibo.auth.deps import CurrentPrincipal
from chibo.auth.principal import Principal
from chibo.core.deps import SessionDep, SettingsDep
from chibo.core.pagination import Page
from chibo.core.params import CursorParam, LimitParam
from chibo.core.versioning import etag
from chibo.members.models import Member, MemberState, MemberStatus
from chibo.members.repository import MemberRepository
from chibo.members.schemas import (
    AdmissionRead,
    AdmissionRegister,
    AdmissionYear,
    CommitteePositionCreate,
    CommitteePositionRead,
    CommitteePositionUpdate,
    ExemptionCreate,
    ExemptionRead,
    ExemptionUpdate,
    MemberCreate,
    MemberEventRead,
    MemberLeave,
    MemberRead,
    MemberUpdate,
    OfficialDecision,
    OfficialProposalCreate,
    OfficialProposalRead,
    OfficialStatusRead,
    ProbationDue,
    TemporaryTransferCreate,
    TemporaryTransferEnd,
    TemporaryTransferRead,
    TransferCreate,
)
from chibo.members.service import MemberService

router = APIRouter(prefix="/members", tags=["members"])
positions_router = APIRouter(tags=["committees"])
IfMatch = Annotated[str | None, Header(alias="If-Match")]


async def present(
    service: MemberService, principal: Principal, members: list[Member]
) -> list[MemberRead]:
    """Members as the caller may see them: sensitive fields only where allowed."""
    paths = await service.home_paths(members)
    result = []
    for member in members:
        visible = service.sees_sensitive(principal, member, paths[member.unit_id])
        read = MemberRead.model_validate(
            {
                **{
                    k: getattr(member, k)
                    for k in MemberRead.model_fields
                    if k != "sensitive_visible"
                },
                "sensitive_visible": visible,
            }
        )
        if not visible:
            read.citizen_id = None
            read.phone = None
        result.append(read)
    return result


async def present_one(
    service: MemberService, principal: Principal, member: Member, response: Response | None = None
) -> MemberRead:
    if response is not None:
        response.headers["ETag"] = etag(member.version)
    return (await present(service, principal, [member]))[0]


@router.get("", response_model=Page[MemberRead], summary="Members in your scope, Vietnamese order")
async def list_members(
    session: SessionDep,
    settings: SettingsDep,
    principal: CurrentPrincipal,
    limit: LimitParam,
    cursor: CursorParam = None,
    unit_id: Annotated[int | None, Query(description="Members of this unit's subtree")] = None,
    status: MemberStatus | None = None,
    state: Annotated[
        MemberState | None, Query(description="Default: active members only")
    ] = MemberState.active,
    include_left: Annotated[bool, Query(description="Also members who left the rolls")] = False,
    q: Annotated[
        str | None, Query(max_length=100, description="Name without diacritics, or card number")
    ] = None,
) -> Page[MemberRead]:
    service = MemberService(session, settings)
    unit = await service.visible_unit(principal, unit_id) if unit_id is not None else None
    items, next_cursor = await MemberRepository(session).page(
        principal,
        unit=unit,
        status=status,
        state=None if include_left else state,
        q=q,
        cursor=cursor,
        limit=limit,
    )
    return Page(items=await present(service, principal, items), next_cursor=next_cursor)


@router.get(
    "/alerts/probation-due",
    response_model=list[ProbationDue],
    summary="Probationary members whose 12 months are reached: the cell's deadline to propose, "
    "overdue cases",
)
async def probation_due(
    session: SessionDep, settings: SettingsDep, principal: CurrentPrincipal
) -> list[ProbationDue]:
    service = MemberService(session, settings)
    cases = await service.probation_due(principal)
    reads = await present(service, principal, [case.member for case in cases])
    return [
        ProbationDue(
            member=read,
            due_on=case.due_on,
            days_overdue=case.days_overdue,
            deadline=case.deadline,
            overdue=case.overdue,
            proposal_status=case.proposal_status,
        )
        for read, case in zip(reads, cases, strict=True)
    ]


@router.post("", response_model=MemberRead, status_code=status.HTTP_201_CREATED)
async def create_member(
    data: MemberCreate, session: SessionDep, settings: SettingsDep, principal: CurrentPrincipal
) -> MemberRead:
    service = MemberService(session, settings)
    return await present_one(service, principal, await service.create(principal, data))


@router.get("/{member_id}", response_model=MemberRead)
async def get_member(
    member_id: int,
    session: SessionDep,
    settings: SettingsDep,
    principal: CurrentPrincipal,
    response: Response,
) -> MemberRead:
    service = MemberService(session, settings)
    return await present_one(service, principal, await service.get(principal, member_id), response)


@router.patch("/{member_id}", response_model=MemberRead)
async def update_member(
    member_id: int,
    data: MemberUpdate,
    session: SessionDep,
    settings: SettingsDep,
    principal: CurrentPrincipal,
    response: Response,
    if_match: IfMatch = None,
) -> MemberRead:
    service = MemberService(session, settings)
    member = await service.update(principal, member_id, data, if_match)
    return await present_one(service, principal, member, response)


@router.get("/{member_id}/history", response_model=list[MemberEventRead])
async def member_history(
    member_id: int, session: SessionDep, settings: SettingsDep, principal: CurrentPrincipal
) -> list[MemberEventRead]:
    service = MemberService(session, settings)
    member = await service.get(principal, member_id)
    events = await service.repo.events(member.id)
    return [MemberEventRead.model_validate(e) for e in events]


@router.get(
    "/{member_id}/official-status",
    response_model=OfficialStatusRead,
    summary="Becoming official: the deadline for the cell's proposal, the proposals, who acts next",
)
async def official_status(
    member_id: int, session: SessionDep, settings: SettingsDep, principal: CurrentPrincipal
) -> OfficialStatusRead:
    service = MemberService(session, settings)
    (
        member,
        eligible,
        deadline,
        overdue,
        proposals,
        can_propose,
        can_decide,
    ) = await service.official_status(principal, member_id)
    return OfficialStatusRead(
        member_id=member.id,
        status=member.status,
        eligible_from=eligible,
        deadline=deadline,
        working_days=settings.official_proposal_working_days,
        overdue=overdue,
        proposals=[OfficialProposalRead.model_validate(p) for p in proposals],
        can_propose=can_propose,
        can_decide=can_decide,
    )


@router.post(
    "/{member_id}/official-proposals",
    response_model=OfficialProposalRead,
    status_code=status.HTTP_201_CREATED,
    summary="The cell proposes official status (its secretary, after the cell's vote)",
)
async def propose_official(
    member_id: int,
    data: OfficialProposalCreate,
    session: SessionDep,
    settings: SettingsDep,
    principal: CurrentPrincipal,
) -> OfficialProposalRead:
    service = MemberService(session, settings)
    proposal = await service.propose_official(principal, member_id, data)
    return OfficialProposalRead.model_validate(proposal)


@router.post(
    "/{member_id}/official-decision",
    response_model=OfficialProposalRead,
    summary="The base committee decides the cell's proposal (approved: the member is official)",
)
async def decide_official(
    member_id: int,
    data: OfficialDecision,
    session: SessionDep,
    settings: SettingsDep,
    principal: CurrentPrincipal,
    if_match: IfMatch = None,
) -> OfficialProposalRead:
    service = MemberService(session, settings)
    proposal = await service.decide_official(principal, member_id, data, if_match)
    return OfficialProposalRead.model_validate(proposal)


@router.post(
    "/{member_id}/transfer",
    response_model=MemberRead,
    summary="Chuyển sinh hoạt đảng chính thức to another cell",
)
async def transfer_member(
    member_id: int,
    data: TransferCreate,
    session: SessionDep,
    settings: SettingsDep,
    principal: CurrentPrincipal,
    if_match: IfMatch = None,
) -> MemberRead:
    service = MemberService(session, settings)
    member = await service.transfer(principal, member_id, data, if_match)
    return await present_one(service, principal, member)


@router.post(
    "/{member_id}/leave",
    response_model=MemberRead,
    summary="The member leaves the rolls: transferred out, removed or deceased",
)
async def member_leave(
    member_id: int,
    data: MemberLeave,
    session: SessionDep,
    settings: SettingsDep,
    principal: CurrentPrincipal,
    if_match: IfMatch = None,
) -> MemberRead:
    service = MemberService(session, settings)
    member = await service.leave(principal, member_id, data, if_match)
    return await present_one(service, principal, member)


@router.get("/{member_id}/exemptions", response_model=list[ExemptionRead])
async def list_exemptions(
    member_id: int, session: SessionDep, settings: SettingsDep, principal: CurrentPrincipal
) -> list[ExemptionRead]:
    service = MemberService(session, settings)
    member = await service.get(principal, member_id)
    return [ExemptionRead.model_validate(e) for e in await service.repo.exemptions(member.id)]


@router.post(
    "/{member_id}/exemptions", response_model=ExemptionRead, status_code=status.HTTP_201_CREATED
)
async def add_exemption(
    member_id: int,
    data: ExemptionCreate,
    session: SessionDep,
    settings: SettingsDep,
    principal: CurrentPrincipal,
) -> ExemptionRead:
    exemption = await MemberService(session, settings).add_exemption(principal, member_id, data)
    return ExemptionRead.model_validate(exemption)


@router.patch("/{member_id}/exemptions/{exemption_id}", response_model=ExemptionRead)
async def update_exemption(
    member_id: int,
    exemption_id: int,
    data: ExemptionUpdate,
    session: SessionDep,
    settings: SettingsDep,
    principal: CurrentPrincipal,
    if_match: IfMatch = None,
) -> ExemptionRead:
    exemption = await MemberService(session, settings).update_exemption(
        principal, member_id, exemption_id, data, if_match
    )
    return ExemptionRead.model_validate(exemption)


@router.get("/{member_id}/temporary-transfers", response_model=list[TemporaryTransferRead])
async def list_temporary_transfers(
    member_id: int, session: SessionDep, settings: SettingsDep, principal: CurrentPrincipal
) -> list[TemporaryTransferRead]:
    service = MemberService(session, settings)
    member = await service.get(principal, member_id)
    transfers = await service.repo.temporary_transfers(member.id)
    return [TemporaryTransferRead.model_validate(t) for t in transfers]


@router.post(
    "/{member_id}/temporary-transfers",
    response_model=TemporaryTransferRead,
    status_code=status.HTTP_201_CREATED,
    summary="Sinh hoạt đảng tạm thời",
)
async def add_temporary_transfer(
    member_id: int,
    data: TemporaryTransferCreate,
    session: SessionDep,
    settings: SettingsDep,
    principal: CurrentPrincipal,
) -> TemporaryTransferRead:
    transfer = await MemberService(session, settings).add_temporary_transfer(
        principal, member_id, data
    )
    return TemporaryTransferRead.model_validate(transfer)


@router.post(
    "/{member_id}/temporary-transfers/{transfer_id}/end", response_model=TemporaryTransferRead
)
async def end_temporary_transfer(
    member_id: int,
    transfer_id: int,
    data: TemporaryTransferEnd,
    session: SessionDep,
    settings: SettingsDep,
    principal: CurrentPrincipal,
    if_match: IfMatch = None,
) -> TemporaryTransferRead:
    transfer = await MemberService(session, settings).end_temporary_transfer(
        principal, member_id, transfer_id, data, if_match
    )
    return TemporaryTransferRead.model_validate(transfer)


def _position_read(position: object, member_name: str) -> CommitteePositionRead:
    return CommitteePositionRead.model_validate(
        {
            **{
                k: getattr(position, k)
                for k in CommitteePositionRead.model_fields
                if k != "member_name"
            },
            "member_name": member_name,
        }
    )


@positions_router.get(
    "/units/{unit_id}/committee",
    response_model=list[CommitteePositionRead],
    summary="A unit's elected bodies: a cell's committee (chi ủy), or a base committee's "
    "committee (Ban Chấp hành) and inspection committee (Ủy ban kiểm tra); current seats, or "
    "all terms",
)
async def list_committee(
    unit_id: int,
    session: SessionDep,
    settings: SettingsDep,
    principal: CurrentPrincipal,
    include_past: bool = False,
) -> list[CommitteePositionRead]:
    rows = await MemberService(session, settings).positions(principal, unit_id, include_past)
    return [_position_read(p, name) for p, name in rows]


@positions_router.get(
    "/units/{unit_id}/admissions",
    response_model=AdmissionRegister,
    tags=["members"],
    summary="The admissions register (sổ kết nạp) of a unit's cells, with a count per year",
)
async def list_admissions(
    unit_id: int,
    session: SessionDep,
    settings: SettingsDep,
    principal: CurrentPrincipal,
    from_date: Annotated[
        date | None, Query(alias="from", description="First day (default: ten years back)")
    ] = None,
    to_date: Annotated[date | None, Query(alias="to", description="Last day (default: today)")] = (
        None
    ),
) -> AdmissionRegister:
    unit, start, end, rows = await MemberService(session, settings).admissions(
        principal, unit_id, from_date, to_date
    )
    counts = {year: 0 for year in range(start.year, end.year + 1)}
    for member, _ in rows:
        assert member.admission_date is not None
        counts[member.admission_date.year] += 1
    return AdmissionRegister(
        unit_id=unit.id,
        from_date=start,
        to_date=end,
        total=len(rows),
        by_year=[AdmissionYear(year=year, count=count) for year, count in counts.items()],
        items=[
            AdmissionRead(
                member_id=member.id,
                member_name=member.full_name,
                status=member.status,
                unit_id=cell.id,
                unit_name=cell.name,
                admission_date=member.admission_date,
            )
            for member, cell in rows
            if member.admission_date is not None
        ],
    )


@positions_router.post(
    "/units/{unit_id}/committee",
    response_model=CommitteePositionRead,
    status_code=status.HTTP_201_CREATED,
)
async def add_committee_position(
    unit_id: int,
    data: CommitteePositionCreate,
    session: SessionDep,
    settings: SettingsDep,
    principal: CurrentPrincipal,
) -> CommitteePositionRead:
    position, name = await MemberService(session, settings).add_position(principal, unit_id, data)
    return _position_read(position, name)


@positions_router.patch("/committee-positions/{position_id}", response_model=CommitteePositionRead)
async def update_committee_position(
    position_id: int,
    data: CommitteePositionUpdate,
    session: SessionDep,
    settings: SettingsDep,
    principal: CurrentPrincipal,
    if_match: IfMatch = None,
) -> CommitteePositionRead:
    position, name = await MemberService(session, settings).update_position(
        principal, position_id, data, if_match
    )
    return _position_read(position, name)
