import { describe, expect, it } from "vitest";

import { activeFilters, filterQuery, readState, writeState } from "./meetingFilters";

const NOW = new Date("2026-11-26T08:00:00Z");

describe("meetings screen state in the address", () => {
  it("defaults to the list, the current month and no filters", () => {
    expect(readState(new URLSearchParams(""), NOW)).toEqual({
      view: "list",
      month: { year: 2026, month: 11 },
      filters: { status: "", type: "", unit: "" },
    });
  });

  it("round-trips the calendar view, month and filters", () => {
    const state = {
      view: "month" as const,
      month: { year: 2027, month: 2 },
      filters: { status: "announced", type: "", unit: "3" },
    };
    const params = writeState(state);
    expect(params.toString()).toBe("xem=lich&thang=2027-02&trang-thai=announced&don-vi=3");
    expect(readState(params, NOW)).toEqual(state);
    expect(activeFilters(state.filters)).toBe(2);
    expect(filterQuery(state.filters)).toEqual({ status: "announced", unit_id: 3 });
  });

  it("ignores a malformed month", () => {
    expect(readState(new URLSearchParams("xem=lich&thang=2026-13"), NOW).month).toEqual({
      year: 2026,
      month: 11,
    });
  });
});
