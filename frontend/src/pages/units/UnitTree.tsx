import { Spin } from "antd";
import { useState } from "react";
import { Link, Navigate } from "react-router";

import { api } from "../../api/client";
import type { components } from "../../api/schema";
import { useAuth } from "../../auth";
import { ErrorNote } from "../../components/ErrorNote";
import { t } from "../../i18n/vi";
import { landingUnit, treeRows } from "./tree";
import { useApi } from "./useApi";
import "./units.css";

type Unit = components["schemas"]["UnitRead"];
const u = t.units;

/** /to-chuc — the units in the caller's scope as an indented list; a cell's people go home. */
export default function UnitTree() {
  const { me } = useAuth();
  const [collapsed, setCollapsed] = useState<ReadonlySet<number>>(new Set());
  const units = useApi(() => api.GET("/api/v1/units", { params: { query: { limit: 200 } } }), []);

  if (!me) return null;
  const items: Unit[] = units.data?.items ?? [];
  const landing = units.data ? landingUnit(me.role, me.unit_id, items) : null;
  if (me.role === "cell_secretary" || me.role === "member") {
    return <Navigate to={`/to-chuc/${me.unit_id}`} replace />;
  }
  if (landing !== null) return <Navigate to={`/to-chuc/${landing}`} replace />;

  const toggle = (id: number) =>
    setCollapsed((old) => {
      const next = new Set(old);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <>
      <h2>{u.treeTitle}</h2>
      <ErrorNote message={units.error} />
      {units.loading && !units.data ? (
        <Spin tip={t.loading}>
          <div style={{ minHeight: 80 }} />
        </Spin>
      ) : items.length === 0 && !units.error ? (
        <p className="muted">{u.treeEmpty}</p>
      ) : (
        <ul className="units-tree">
          {treeRows(items, collapsed).map(({ unit, level, children }) => {
            const open = !collapsed.has(unit.id);
            return (
              <li
                key={unit.id}
                className="units-tree-row"
                style={{ paddingLeft: 4 + Math.min(level, 6) * 18 }}
              >
                {children > 0 ? (
                  <button
                    type="button"
                    className="units-tree-toggle"
                    aria-expanded={open}
                    aria-label={open ? u.collapse(unit.name) : u.expand(unit.name)}
                    onClick={() => toggle(unit.id)}
                  >
                    <span aria-hidden="true">{open ? "▾" : "▸"}</span>
                  </button>
                ) : (
                  <span className="units-tree-spacer" aria-hidden="true" />
                )}
                <Link to={`/to-chuc/${unit.id}`} className="units-tree-link">
                  <span className="units-tree-name">{unit.name}</span>
                  <span className="muted units-tree-kind">{u.kind[unit.kind]}</span>
                </Link>
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}
