from datetime import datetime

from sqlalchemy import Select, and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from chibo.audit.models import AuditEntry
from chibo.audit.schemas import AuditOrder
from chibo.auth.principal import Principal
from chibo.core.pagination import InvalidCursor, decode_cursor, encode_cursor


def _cursor(order: AuditOrder, entry: AuditEntry) -> str:
    # The order travels in the cursor: a page of one order never continues the other.
    return encode_cursor([order.value, entry.occurred_at, entry.id])


def _beyond(order: AuditOrder, cursor: str) -> ColumnElement[bool]:
    """Entries after the cursor's entry in `order` (by time, then id for the same instant)."""
    try:
        tag, at, last_id = decode_cursor(cursor, 3)
    except (ValueError, TypeError) as exc:  # a forged date inside the cursor
        raise InvalidCursor() from exc
    if (
        tag != order.value
        or not isinstance(at, datetime)
        or at.tzinfo is None
        or type(last_id) is not int
    ):
        raise InvalidCursor()
    if order is AuditOrder.desc:
        return or_(
            AuditEntry.occurred_at < at,
            and_(AuditEntry.occurred_at == at, AuditEntry.id < last_id),
        )
    return or_(
        AuditEntry.occurred_at > at,
        and_(AuditEntry.occurred_at == at, AuditEntry.id > last_id),
    )


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
        action: str | None = None,
        since: datetime | None,
        until: datetime | None = None,
        order: AuditOrder = AuditOrder.asc,
        cursor: str | None,
        limit: int,
    ) -> tuple[list[AuditEntry], str | None]:
        """One page of the readable entries matching the filters, by time in `order`.
        `action` is an exact code or, ending in ".", a prefix ("meeting." = every meeting
        action); `since` is inclusive, `until` exclusive."""
        query = self.readable(principal)
        if entity_type:
            query = query.where(AuditEntry.entity_type == entity_type)
        if entity_id:
            query = query.where(AuditEntry.entity_id == entity_id)
        if actor_user_id:
            query = query.where(AuditEntry.actor_user_id == actor_user_id)
        if action:
            query = query.where(
                AuditEntry.action.startswith(action, autoescape=True)
                if action.endswith(".")
                else AuditEntry.action == action
            )
        if since:
            query = query.where(AuditEntry.occurred_at >= since)
        if until:
            query = query.where(AuditEntry.occurred_at < until)
        if cursor:
            query = query.where(_beyond(order, cursor))
        if order is AuditOrder.desc:
            query = query.order_by(AuditEntry.occurred_at.desc(), AuditEntry.id.desc())
        else:
            query = query.order_by(AuditEntry.occurred_at, AuditEntry.id)
        rows = list((await self.session.scalars(query.limit(limit + 1))).all())
        if len(rows) <= limit:
            return rows, None
        rows = rows[:limit]
        return rows, _cursor(order, rows[-1])
