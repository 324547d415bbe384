"""Unit reads, scoped to the caller's subtree, and the subtree path rewrite for moves."""

from sqlalchemy import Select, func, literal, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from chibo.auth.principal import Principal
from chibo.core.pagination import paginate
from chibo.core.text import fold, like_escape
from chibo.units.models import Unit, UnitKind


class UnitRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    def readable(self, principal: Principal) -> Select[Unit]:
        return select(Unit).where(principal.path_filter(Unit.path))

    async def get_readable(self, principal: Principal, unit_id: int) -> Unit | None:
        result = await self.session.scalars(self.readable(principal).where(Unit.id == unit_id))
        return result.one_or_none()

    async def get(self, unit_id: int) -> Unit | None:
        """Unscoped: for rules that must look outside the caller's subtree (cycle checks)."""
        return await self.session.get(Unit, unit_id)

    async def get_by_code(self, code: str) -> Unit | None:
        return (await self.session.scalars(select(Unit).where(Unit.code == code))).one_or_none()

    async def page(
        self,
        principal: Principal,
        *,
        parent_id: int | None,
        kind: UnitKind | None,
        active: bool | None,
        q: str | None,
        cursor: str | None,
        limit: int,
    ) -> tuple[list[Unit], str | None]:
        query = self.readable(principal)
        if parent_id is not None:
            query = query.where(Unit.parent_id == parent_id)
        if kind is not None:
            query = query.where(Unit.kind == kind)
        if active is not None:
            query = query.where(Unit.active == active)
        if q:
            # Unit names are few per caller; folding them in SQL would need extensions.
            needle = fold(q)
            query = query.where(
                or_(
                    Unit.name.ilike(f"%{like_escape(q.strip())}%", escape="\\"),
                    Unit.code.ilike(f"%{like_escape(needle)}%", escape="\\"),
                )
            )
        # Path order lists every unit after its parent.
        return await paginate(self.session, query, [Unit.path], cursor=cursor, limit=limit)

    async def has_active_children(self, unit: Unit) -> bool:
        query = select(Unit.id).where(Unit.parent_id == unit.id, Unit.active.is_(True)).limit(1)
        return (await self.session.scalar(query)) is not None

    async def rewrite_subtree_paths(self, old_path: str, new_path: str, depth_delta: int) -> None:
        """Re-root every unit under `old_path` at `new_path` in one statement."""
        await self.session.execute(
            update(Unit)
            .where(Unit.path.like(f"{old_path}%"))
            .values(
                path=literal(new_path) + func.substr(Unit.path, len(old_path) + 1),
                depth=Unit.depth + depth_delta,
                version=Unit.version + 1,
            )
            .execution_options(synchronize_session=False)
        )

    async def references(self, unit_id: int) -> dict[str, int]:
        """Rows anywhere in the schema that refer to the unit: its history.

        Found through the foreign keys, so tables added later count without changes here.
        """
        counts: dict[str, int] = {}
        for table in Unit.metadata.sorted_tables:
            for fk in table.foreign_keys:
                if fk.column.table.name != Unit.__tablename__:
                    continue
                query = select(func.count()).select_from(table).where(fk.parent == unit_id)
                found = await self.session.scalar(query) or 0
                if found:
                    counts[table.name] = counts.get(table.name, 0) + found
        return counts

    async def paths_of(self, unit_ids: set[int]) -> dict[int, str]:
        if not unit_ids:
            return {}
        rows = await self.session.execute(select(Unit.id, Unit.path).where(Unit.id.in_(unit_ids)))
        return {unit_id: path for unit_id, path in rows.all()}
