"""The party unit tree: superior committees, base committees, cells and groups.

Each unit stores its materialized path ("/1/5/12/"), so a subtree is one indexed prefix match
on both databases; scoping every read by the caller's subtree rests on it.
"""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from chibo.core.db import (
    Base,
    BigId,
    BinaryString,
    IdMixin,
    TimestampMixin,
    VersionedMixin,
    enum_type,
)


class UnitKind(StrEnum):
    superior_committee = "superior_committee"
    base_committee = "base_committee"
    cell = "cell"
    group = "group"


class CellType(StrEnum):
    """Loại hình chi bộ."""

    administrative_agency = "administrative_agency"
    public_service_unit = "public_service_unit"
    enterprise = "enterprise"
    village_residential = "village_residential"
    school = "school"
    armed_forces = "armed_forces"
    other = "other"


# Which kinds of unit may stand directly under which.
ALLOWED_PARENTS: dict[UnitKind, set[UnitKind | None]] = {
    UnitKind.superior_committee: {None, UnitKind.superior_committee},
    UnitKind.base_committee: {UnitKind.superior_committee, UnitKind.base_committee},
    UnitKind.cell: {UnitKind.superior_committee, UnitKind.base_committee},
    UnitKind.group: {UnitKind.cell},
}


class Unit(IdMixin, TimestampMixin, VersionedMixin, Base):
    __tablename__ = "units"
    __table_args__ = (Index("ix_units_parent_id_name", "parent_id", "name"),)

    parent_id: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("units.id", ondelete="RESTRICT"), index=True
    )
    kind: Mapped[UnitKind] = mapped_column(enum_type(UnitKind, "unit_kind"))
    name: Mapped[str] = mapped_column(String(255))
    code: Mapped[str | None] = mapped_column(String(32), unique=True)
    cell_type: Mapped[CellType | None] = mapped_column(enum_type(CellType, "cell_type"))
    path: Mapped[str] = mapped_column(BinaryString, unique=True)
    depth: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(default=True)
    archived_at: Mapped[datetime | None] = mapped_column()
