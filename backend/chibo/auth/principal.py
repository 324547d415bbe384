"""Who is calling: the signed-in account, its role and the unit subtree it may see."""

from dataclasses import dataclass
from typing import Any

from sqlalchemy import true
from sqlalchemy.sql.elements import ColumnElement

from chibo.auth.models import Role

# A role may create accounts of its own rank or below; only admins create admins.
ROLE_RANK = {
    Role.member: 0,
    Role.cell_secretary: 1,
    Role.base_committee: 2,
    Role.superior_committee: 3,
    Role.admin: 4,
}
COMMITTEE_ROLES = frozenset({Role.admin, Role.superior_committee, Role.base_committee})
MEMBER_MANAGER_ROLES = COMMITTEE_ROLES | {Role.cell_secretary}


@dataclass(frozen=True, slots=True)
class Principal:
    user_id: int
    username: str
    role: Role
    unit_id: int
    unit_path: str
    member_id: int | None = None
    session_id: str | None = None

    @property
    def is_admin(self) -> bool:
        return self.role is Role.admin

    @property
    def is_committee(self) -> bool:
        return self.role in COMMITTEE_ROLES

    def sees(self, path: str | None) -> bool:
        """Whether a record belonging to the unit at `path` lies in the caller's subtree."""
        if self.is_admin:
            return True
        return path is not None and path.startswith(self.unit_path)

    def path_filter(self, path_column: Any) -> ColumnElement[bool]:
        """SQL condition: the row's unit path lies in the caller's subtree."""
        if self.is_admin:
            return true()
        return path_column.like(f"{self.unit_path}%")  # type: ignore[no-any-return]

    def is_strictly_above(self, path: str) -> bool:
        """Whether the unit at `path` lies below the caller's own unit (not the unit itself)."""
        if self.is_admin:
            return True
        return path.startswith(self.unit_path) and path != self.unit_path
