import { useEffect, useState } from "react";

import { api } from "../../api/client";
import type { components } from "../../api/schema";

export type Unit = components["schemas"]["UnitRead"];

/** Every unit the administrator sees (all pages), in tree order. */
export function useUnits(): Unit[] {
  const [units, setUnits] = useState<Unit[]>([]);
  useEffect(() => {
    let live = true;
    (async () => {
      const all: Unit[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < 20; page++) {
        const { data } = await api.GET("/api/v1/units", {
          params: { query: { limit: 200, ...(cursor ? { cursor } : {}) } },
        });
        if (!data) break;
        all.push(...data.items);
        if (!data.next_cursor) break;
        cursor = data.next_cursor;
      }
      if (live) setUnits(all.sort((a, b) => a.path.localeCompare(b.path)));
    })().catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);
  return units;
}

/** A unit's name indented by its depth, for a select. */
export function unitChoices(units: Unit[], kinds?: string[]) {
  return units
    .filter((u) => !kinds || kinds.includes(u.kind))
    .map((u) => ({ value: u.id, label: `${"— ".repeat(Math.max(0, u.depth))}${u.name}` }));
}
