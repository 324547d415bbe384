from datetime import datetime

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from chibo.audit.models import AuditEntry
from chibo.auth.principal import Principal
from chibo.core.pagination import paginate


class AuditRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    def add(self, entry: AuditEntry) -> None:
        self.session.add(entry)

    def readable(self, principal: Principal) -> Select[AuditEntry]:
        """Entries about records in the caller's subtree (global entries only for admins)."""
        query = select(AuditEntry)
        if not principal.is_admin:
            query = query.where(principal.path_filter(AuditEntry.unit_path))
        return query

    async def page(
        self,
        principal: Principal,
        *,
        entity_type: str | None,
        entity_id: str | None,
        actor_user_id: int | None,
        since: datetime | None,
        cursor: str | None,
        limit: int,
    ) -> tuple[list[AuditEntry], str | None]:
        query = self.readable(principal)
        if entity_type:
            query = query.where(AuditEntry.entity_type == entity_type)
        if entity_id:
            query = query.where(AuditEntry.entity_id == entity_id)
        if actor_user_id:
            query = query.where(AuditEntry.actor_user_id == actor_user_id)
        if since:
            query = query.where(AuditEntry.occurred_at >= since)
        return await paginate(self.session, query, [AuditEntry.id], cursor=cursor, limit=limit)
