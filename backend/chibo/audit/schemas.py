import enum
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict


class AuditOrder(enum.StrEnum):
    asc = "asc"
    desc = "desc"


class AuditEntryRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    occurred_at: datetime
    actor_user_id: int | None
    actor_username: str | None
    action: str
    entity_type: str
    entity_id: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    request_id: str | None
