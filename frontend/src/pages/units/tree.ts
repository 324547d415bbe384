// The unit tree as rows of an indented list: the API lists units parents first with their
// materialized paths; the screen shows each under its parent, siblings by name, and hides the
// children of a collapsed unit.

export interface UnitLike {
  id: number;
  parent_id: number | null;
  name: string;
  kind: string;
}

export interface TreeRow<U extends UnitLike> {
  unit: U;
  /** 0 for the caller's top units (their parents are out of scope). */
  level: number;
  children: number;
}

const byName = (a: UnitLike, b: UnitLike) => a.name.localeCompare(b.name, "vi");

export function treeRows<U extends UnitLike>(
  units: U[],
  collapsed: ReadonlySet<number>,
): TreeRow<U>[] {
  const ids = new Set(units.map((u) => u.id));
  const children = new Map<number, U[]>();
  const roots: U[] = [];
  for (const unit of units) {
    if (unit.parent_id !== null && ids.has(unit.parent_id)) {
      const list = children.get(unit.parent_id) ?? [];
      list.push(unit);
      children.set(unit.parent_id, list);
    } else {
      roots.push(unit);
    }
  }
  const rows: TreeRow<U>[] = [];
  const visit = (unit: U, level: number) => {
    const kids = (children.get(unit.id) ?? []).sort(byName);
    rows.push({ unit, level, children: kids.length });
    if (!collapsed.has(unit.id)) kids.forEach((kid) => visit(kid, level + 1));
  };
  roots.sort(byName).forEach((root) => visit(root, 0));
  return rows;
}

/** Where /to-chuc takes a caller: a cell's secretary or member straight to their own cell. */
export function landingUnit(role: string, unitId: number, units: UnitLike[]): number | null {
  if (role === "cell_secretary" || role === "member") return unitId;
  // Any caller whose whole scope is one cell goes there too.
  return units.length === 1 && units[0].kind === "cell" ? units[0].id : null;
}
