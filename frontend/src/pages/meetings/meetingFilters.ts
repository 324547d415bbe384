// The meetings screen's state in the address (so that going back from a meeting returns to
// the same view, month and filters).

import { monthOf, type Month } from "./calendarGrid";

export type View = "list" | "month";

export interface MeetingFilters {
  status: string;
  type: string;
  unit: string;
}

export interface MeetingsState {
  view: View;
  month: Month;
  filters: MeetingFilters;
}

export function readState(params: URLSearchParams, now: Date): MeetingsState {
  const month = /^(\d{4})-(\d{2})$/.exec(params.get("thang") ?? "");
  const m = month ? Number(month[2]) : 0;
  return {
    view: params.get("xem") === "lich" ? "month" : "list",
    month: month && m >= 1 && m <= 12 ? { year: Number(month[1]), month: m } : monthOf(now),
    filters: {
      status: params.get("trang-thai") ?? "",
      type: params.get("loai") ?? "",
      unit: params.get("don-vi") ?? "",
    },
  };
}

export function writeState(state: MeetingsState): URLSearchParams {
  const params = new URLSearchParams();
  if (state.view === "month") {
    params.set("xem", "lich");
    params.set("thang", `${state.month.year}-${String(state.month.month).padStart(2, "0")}`);
  }
  if (state.filters.status) params.set("trang-thai", state.filters.status);
  if (state.filters.type) params.set("loai", state.filters.type);
  if (state.filters.unit) params.set("don-vi", state.filters.unit);
  return params;
}

export function activeFilters(filters: MeetingFilters): number {
  return [filters.status, filters.type, filters.unit].filter(Boolean).length;
}

/** The API's query for the filters (absent when not filtered). */
export function filterQuery(filters: MeetingFilters) {
  return {
    ...(filters.status ? { status: filters.status as never } : {}),
    ...(filters.type ? { meeting_type: filters.type as never } : {}),
    ...(filters.unit ? { unit_id: Number(filters.unit) } : {}),
  };
}
