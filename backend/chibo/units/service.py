"""Rules for the unit tree: who may change what, kinds that fit, no cycles, no lost history."""

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from chibo.audit.service import record, snapshot
from chibo.auth.principal import COMMITTEE_ROLES, Principal
from chibo.core.clock import utcnow
from chibo.core.errors import Forbidden, NotFound, conflict, rule
from chibo.core.versioning import check_version
from chibo.units.models import ALLOWED_PARENTS, CellType, Unit, UnitKind
from chibo.units.repository import UnitRepository
from chibo.units.schemas import UnitCreate, UnitMove, UnitUpdate


class UnitService:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.repo = UnitRepository(session)

    async def get(self, principal: Principal, unit_id: int) -> Unit:
        unit = await self.repo.get_readable(principal, unit_id)
        if unit is None:
            raise NotFound()
        return unit

    async def _get_managed(self, principal: Principal, unit_id: int) -> Unit:
        """A unit the caller may change: strictly below its own unit (admins: any)."""
        unit = await self.get(principal, unit_id)
        if principal.role not in COMMITTEE_ROLES or not principal.is_strictly_above(unit.path):
            raise Forbidden()
        return unit

    async def create(self, principal: Principal, data: UnitCreate) -> Unit:
        parent: Unit | None = None
        if data.parent_id is None:
            if not principal.is_admin:
                raise Forbidden(
                    "Only administrators create top-level units.",
                    "Chỉ quản trị viên được tạo đơn vị cấp cao nhất.",
                )
        else:
            # Scope first: a parent outside the caller's subtree does not exist for it (404).
            parent = await self.get(principal, data.parent_id)
        if principal.role not in COMMITTEE_ROLES:
            raise Forbidden()
        _check_parent_kind(data.kind, parent)
        if data.code:
            await self._check_code_free(data.code)
        unit = Unit(
            parent_id=parent.id if parent else None,
            kind=data.kind,
            name=data.name,
            code=data.code,
            cell_type=_cell_type(data.kind, data.cell_type),
            path=f"/tmp-{uuid.uuid4().hex}/",
            depth=(parent.depth + 1) if parent else 0,
        )
        self.session.add(unit)
        await self.session.flush()
        unit.path = f"{parent.path if parent else '/'}{unit.id}/"
        await self.session.flush()
        record(self.session, principal, action="unit.create", entity=unit, unit_path=unit.path)
        return unit

    async def update(
        self, principal: Principal, unit_id: int, data: UnitUpdate, if_match: str | None
    ) -> Unit:
        unit = await self._get_managed(principal, unit_id)
        check_version(unit.version, data.version, if_match)
        before = snapshot(unit)
        changes = data.model_dump(exclude_unset=True, exclude={"version"})
        if "name" in changes and changes["name"] is None:
            raise rule("name_required", "A unit needs a name.", "Đơn vị phải có tên.")
        if changes.get("code") and changes["code"] != unit.code:
            await self._check_code_free(changes["code"])
        if "cell_type" in changes:
            changes["cell_type"] = _cell_type(unit.kind, changes["cell_type"])
        for key, value in changes.items():
            setattr(unit, key, value)
        await self.session.flush()
        record(
            self.session,
            principal,
            action="unit.update",
            entity=unit,
            unit_path=unit.path,
            before=before,
        )
        return unit

    async def move(
        self, principal: Principal, unit_id: int, data: UnitMove, if_match: str | None
    ) -> Unit:
        unit = await self._get_managed(principal, unit_id)
        check_version(unit.version, data.version, if_match)
        new_parent = await self.get(principal, data.parent_id)
        if new_parent.path.startswith(unit.path):
            raise rule(
                "unit_move_cycle",
                "A unit cannot be moved under itself or one of its own sub-units.",
                "Không thể chuyển đơn vị vào chính nó hoặc đơn vị cấp dưới của nó.",
            )
        if not new_parent.active:
            raise rule("unit_archived", "The target unit is archived.", "Đơn vị đích đã lưu trữ.")
        _check_parent_kind(unit.kind, new_parent)
        if new_parent.id == unit.parent_id:
            return unit
        before = snapshot(unit)
        old_path = unit.path
        new_path = f"{new_parent.path}{unit.id}/"
        unit.parent_id = new_parent.id
        await self.session.flush()  # bumps the version of the unit itself
        await self.repo.rewrite_subtree_paths(old_path, new_path, new_parent.depth + 1 - unit.depth)
        await self.session.refresh(unit)
        record(
            self.session,
            principal,
            action="unit.move",
            entity=unit,
            unit_path=unit.path,
            before=before,
        )
        return unit

    async def archive(
        self, principal: Principal, unit_id: int, version: int | None, if_match: str | None
    ) -> Unit:
        unit = await self._get_managed(principal, unit_id)
        check_version(unit.version, version, if_match)
        if not unit.active:
            return unit
        if await self.repo.has_active_children(unit):
            raise conflict(
                "unit_has_active_children",
                "Archive or move the unit's sub-units first.",
                "Cần lưu trữ hoặc chuyển các đơn vị trực thuộc trước.",
            )
        if await self._active_member_count(unit) > 0:
            raise conflict(
                "unit_has_active_members",
                "Transfer the unit's members first.",
                "Cần chuyển sinh hoạt đảng viên của đơn vị trước.",
            )
        before = snapshot(unit)
        unit.active = False
        unit.archived_at = utcnow()
        await self.session.flush()
        record(
            self.session,
            principal,
            action="unit.archive",
            entity=unit,
            unit_path=unit.path,
            before=before,
        )
        return unit

    async def restore(
        self, principal: Principal, unit_id: int, version: int | None, if_match: str | None
    ) -> Unit:
        unit = await self._get_managed(principal, unit_id)
        check_version(unit.version, version, if_match)
        before = snapshot(unit)
        unit.active = True
        unit.archived_at = None
        await self.session.flush()
        record(
            self.session,
            principal,
            action="unit.restore",
            entity=unit,
            unit_path=unit.path,
            before=before,
        )
        return unit

    async def delete(self, principal: Principal, unit_id: int) -> None:
        """Only a unit without any history goes (a mistake corrected); others are archived."""
        unit = await self._get_managed(principal, unit_id)
        refs = await self.repo.references(unit.id)
        if refs:
            raise conflict(
                "unit_has_history",
                "The unit has history; archive it instead.",
                "Đơn vị đã có dữ liệu lịch sử; hãy lưu trữ thay vì xóa.",
                details=refs,
            )
        before = snapshot(unit)
        await self.session.delete(unit)
        await self.session.flush()
        record(
            self.session,
            principal,
            action="unit.delete",
            entity_type="units",
            entity_id=unit_id,
            unit_path=before["path"],
            before=before,
            after=None,
        )

    async def _active_member_count(self, unit: Unit) -> int:
        from chibo.members.repository import MemberRepository

        counts = await MemberRepository(self.session).counts_in_subtree(unit.path)
        return counts.total

    async def _check_code_free(self, code: str) -> None:
        if await self.repo.get_by_code(code) is not None:
            raise conflict(
                "unit_code_taken", "Another unit has this code.", "Mã đơn vị đã được dùng."
            )


def _check_parent_kind(kind: UnitKind, parent: Unit | None) -> None:
    if (parent.kind if parent else None) not in ALLOWED_PARENTS[kind]:
        raise rule(
            "unit_kind_mismatch",
            f"A unit of kind {kind.value} cannot stand under "
            f"{parent.kind.value if parent else 'the top'}.",
            "Loại đơn vị không phù hợp với đơn vị cấp trên.",
            details={"kind": kind.value, "parent_kind": parent.kind.value if parent else None},
        )
    if parent is not None and not parent.active:
        raise rule("unit_archived", "The parent unit is archived.", "Đơn vị cấp trên đã lưu trữ.")


def _cell_type(kind: UnitKind, cell_type: CellType | None) -> CellType | None:
    if kind is not UnitKind.cell:
        if cell_type is not None:
            raise rule(
                "cell_type_not_applicable",
                "Only cells have a cell type.",
                "Chỉ chi bộ mới có loại hình chi bộ.",
            )
        return None
    return cell_type or CellType.other
