from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import AwareDatetime

from chibo.audit.repository import AuditRepository
from chibo.audit.schemas import AuditEntryRead, AuditOrder
from chibo.auth.deps import CommitteePrincipal
from chibo.core.deps import SessionDep
from chibo.core.errors import rule
from chibo.core.pagination import Page
from chibo.core.params import CursorParam, LimitParam

router = APIRouter(prefix="/audit", tags=["audit"])

# An action code ("meeting.create") or a group of them by its prefix ("meeting.").
ACTION_PATTERN = r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*\.?$"


@router.get("", response_model=Page[AuditEntryRead], summary="Audit trail within your scope")
async def list_audit_entries(
    session: SessionDep,
    principal: CommitteePrincipal,
    limit: LimitParam,
    cursor: CursorParam = None,
    entity_type: Annotated[str | None, Query(max_length=40)] = None,
    entity_id: Annotated[str | None, Query(max_length=64)] = None,
    actor_user_id: int | None = None,
    action: Annotated[
        str | None,
        Query(
            max_length=64,
            pattern=ACTION_PATTERN,
            description='An action code ("meeting.create"), or a prefix ending in "." '
            '("meeting." = every meeting action)',
        ),
    ] = None,
    since: Annotated[
        AwareDatetime | None, Query(description="From this moment (inclusive), with its zone")
    ] = None,
    until: Annotated[
        AwareDatetime | None, Query(description="Before this moment (exclusive), with its zone")
    ] = None,
    order: Annotated[
        AuditOrder, Query(description="By time: asc = oldest first, desc = newest first")
    ] = AuditOrder.asc,
) -> Page[AuditEntryRead]:
    if since is not None and until is not None and until <= since:
        raise rule(
            "audit_period_empty",
            "The end of the period must come after its start.",
            "Thời điểm kết thúc phải sau thời điểm bắt đầu.",
        )
    items, next_cursor = await AuditRepository(session).page(
        principal,
        entity_type=entity_type,
        entity_id=entity_id,
        actor_user_id=actor_user_id,
        action=action,
        since=since,
        until=until,
        order=order,
        cursor=cursor,
        limit=limit,
    )
    return Page(items=[AuditEntryRead.model_validate(i) for i in items], next_cursor=next_cursor)
