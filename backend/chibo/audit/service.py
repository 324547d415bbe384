"""Recording writes. Called by every service in the same transaction as the write itself,
so that a write and its audit entry stand or fall together."""

import enum
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import inspect
from sqlalchemy.ext.asyncio import AsyncSession

from chibo.audit.models import AuditEntry
from chibo.audit.repository import AuditRepository
from chibo.auth.principal import Principal
from chibo.core.clock import utcnow
from chibo.core.context import current_request_id

# Never copied into the audit trail.
_SECRET_FIELDS = frozenset({"password_hash", "token_digest"})


def snapshot(obj: Any, *, exclude: frozenset[str] = frozenset()) -> dict[str, Any]:
    """The column values of an ORM object, JSON-ready."""
    mapper = inspect(obj).mapper
    result: dict[str, Any] = {}
    for column in mapper.column_attrs:
        key = column.key
        if key in _SECRET_FIELDS or key in exclude:
            continue
        value = getattr(obj, key)
        if isinstance(value, enum.Enum):
            value = value.value
        elif isinstance(value, datetime | date):
            value = value.isoformat()
        elif isinstance(value, Decimal):
            value = str(value)  # exact (points totals)
        result[key] = value
    return result


def record(
    session: AsyncSession,
    principal: Principal | None,
    *,
    action: str,
    entity: Any = None,
    entity_type: str | None = None,
    entity_id: Any = None,
    unit_path: str | None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEntry:
    if entity is not None:
        entity_type = entity_type or entity.__tablename__
        entity_id = entity_id if entity_id is not None else entity.id
        if after is None:
            after = snapshot(entity)
    entry = AuditEntry(
        occurred_at=utcnow(),
        actor_user_id=principal.user_id if principal else None,
        actor_username=principal.username if principal else None,
        action=action,
        entity_type=entity_type or "unknown",
        entity_id=str(entity_id),
        unit_path=unit_path,
        before=before,
        after=after,
        request_id=current_request_id(),
    )
    AuditRepository(session).add(entry)
    return entry
