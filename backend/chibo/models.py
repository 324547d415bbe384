"""Every ORM model, imported in one place for Alembic and the test harness."""

from chibo.audit.models import AuditEntry
from chibo.auth.models import AuthSession, RefreshToken, User
from chibo.core.db import Base
from chibo.members.models import (
    CommitteePosition,
    Exemption,
    Member,
    MemberEvent,
    TemporaryTransfer,
)
from chibo.units.models import Unit

__all__ = [
    "AuditEntry",
    "AuthSession",
    "Base",
    "CommitteePosition",
    "Exemption",
    "Member",
    "MemberEvent",
    "RefreshToken",
    "TemporaryTransfer",
    "Unit",
    "User",
]
