from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from chibo.units.models import CellType, UnitKind

UnitName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=255)]
UnitCode = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=32, pattern=r"^[\w.-]+$")
]


class UnitCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    parent_id: int | None = Field(None, description="Parent unit; only admins create top units")
    kind: UnitKind
    name: UnitName
    code: UnitCode | None = None
    cell_type: CellType | None = Field(None, description="Loại hình chi bộ (cells only)")


class UnitUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: int | None = Field(None, description="The version you read (or send If-Match)")
    name: UnitName | None = None
    code: UnitCode | None = None
    cell_type: CellType | None = None


class UnitMove(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: int | None = None
    parent_id: int


class VersionOnly(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: int | None = None


class UnitRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    parent_id: int | None
    kind: UnitKind
    name: str
    code: str | None
    cell_type: CellType | None
    path: str
    depth: int
    active: bool
    archived_at: datetime | None
    version: int


class UnitDetail(UnitRead):
    member_count: int = Field(description="Active members on the unit's rolls (whole subtree)")
    official_count: int
    probationary_count: int
    understaffed: bool = Field(description="A cell with fewer official members than the norm")


class UnderstaffedCell(BaseModel):
    unit: UnitRead
    official_count: int
    required: int
