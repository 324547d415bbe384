from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query

from chibo.audit.repository import AuditRepository
from chibo.audit.schemas import AuditEntryRead
from chibo.auth.deps import CommitteePrincipal
from chibo.core.deps import SessionDep
from chibo.core.pagination import Page
from chibo.core.params import CursorParam, LimitParam

router = APIRouter(prefix="/audit", tags=["audit"])


@router.get("", response_model=Page[AuditEntryRead], summary="Audit trail within your scope")
async def list_audit_entries(
    session: SessionDep,
    principal: CommitteePrincipal,
    limit: LimitParam = 50,
    cursor: CursorParam = None,
    entity_type: Annotated[str | None, Query(max_length=40)] = None,
    entity_id: Annotated[str | None, Query(max_length=64)] = None,
    actor_user_id: int | None = None,
    since: datetime | None = None,
) -> Page[AuditEntryRead]:
    items, next_cursor = await AuditRepository(session).page(
        principal,
        entity_type=entity_type,
        entity_id=entity_id,
        actor_user_id=actor_user_id,
        since=since,
        cursor=cursor,
        limit=limit,
    )
    return Page(items=[AuditEntryRead.model_validate(i) for i in items], next_cursor=next_cursor)
