import { useMemo } from "react";

import { api } from "../../api/client";
import type { CellFlags } from "./CellCards";
import { useApi } from "./useApi";

/** Cells short of official members and members' absence alerts, per cell, for a year. */
export function useCellFlags(year: number, withAbsences: boolean): CellFlags {
  const short = useApi(() => api.GET("/api/v1/units/alerts/understaffed"), []);
  const alerts = useApi(
    () =>
      withAbsences
        ? api.GET("/api/v1/attendance/alerts", { params: { query: { year } } })
        : Promise.resolve({ data: [], error: undefined, response: new Response() }),
    [year, withAbsences],
  );
  return useMemo(() => {
    const absences = new Map<number, number>();
    for (const a of alerts.data ?? []) absences.set(a.unit_id, (absences.get(a.unit_id) ?? 0) + 1);
    return { understaffed: new Set((short.data ?? []).map((s) => s.unit.id)), absences };
  }, [short.data, alerts.data]);
}
