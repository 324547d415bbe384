import { describe, expect, it } from "vitest";

import {
  groupByDay,
  initialDay,
  monthGrid,
  monthOf,
  monthRange,
  shiftMonth,
  vietnamDayKey,
  weekdayOf,
} from "./calendarGrid";

describe("monthGrid", () => {
  it("starts weeks on Monday and fills the edges from the neighbouring months", () => {
    // 1 November 2026 is a Sunday: the first week runs from Monday 26 October.
    const grid = monthGrid({ year: 2026, month: 11 });
    expect(grid[0].map((d) => d.key)).toEqual([
      "2026-10-26",
      "2026-10-27",
      "2026-10-28",
      "2026-10-29",
      "2026-10-30",
      "2026-10-31",
      "2026-11-01",
    ]);
    expect(grid[0][6]).toMatchObject({ day: 1, inMonth: true, weekday: 6 });
    expect(grid[0][0].inMonth).toBe(false);
    // 30 November is a Monday: a sixth week, ending on 6 December.
    expect(grid).toHaveLength(6);
    expect(grid[5][0]).toMatchObject({ key: "2026-11-30", inMonth: true });
    expect(grid[5][6]).toMatchObject({ key: "2026-12-06", inMonth: false });
    expect(grid.flat().filter((d) => d.inMonth)).toHaveLength(30);
  });

  it("handles a February that fits four weeks exactly and leap years", () => {
    // February 2027 starts on a Monday and has 28 days.
    const feb = monthGrid({ year: 2027, month: 2 });
    expect(feb).toHaveLength(4);
    expect(feb[0][0].key).toBe("2027-02-01");
    expect(feb[3][6].key).toBe("2027-02-28");
    const leap = monthGrid({ year: 2028, month: 2 });
    expect(leap.flat().filter((d) => d.inMonth)).toHaveLength(29);
  });
});

describe("Vietnam days", () => {
  it("puts an evening UTC instant on the next Vietnam day", () => {
    expect(vietnamDayKey("2026-11-26T16:59:00Z")).toBe("2026-11-26");
    expect(vietnamDayKey("2026-11-26T17:00:00Z")).toBe("2026-11-27");
    expect(monthOf("2026-11-30T18:00:00Z")).toEqual({ year: 2026, month: 12 });
  });

  it("gives a month's range as Vietnam midnights", () => {
    expect(monthRange({ year: 2026, month: 11 })).toEqual({
      from: "2026-10-31T17:00:00.000Z",
      before: "2026-11-30T17:00:00.000Z",
    });
    expect(monthRange({ year: 2026, month: 12 }).before).toBe("2026-12-31T17:00:00.000Z");
  });

  it("moves across years", () => {
    expect(shiftMonth({ year: 2026, month: 12 }, 1)).toEqual({ year: 2027, month: 1 });
    expect(shiftMonth({ year: 2026, month: 1 }, -1)).toEqual({ year: 2025, month: 12 });
    expect(shiftMonth({ year: 2026, month: 11 }, -13)).toEqual({ year: 2025, month: 10 });
  });

  it("knows the weekday, Monday first", () => {
    expect(weekdayOf("2026-11-30")).toBe(0);
    expect(weekdayOf("2026-11-29")).toBe(6);
  });
});

describe("groupByDay and initialDay", () => {
  const meetings = [
    { id: 2, start: "2026-11-27T08:00:00Z" },
    { id: 1, start: "2026-11-27T01:00:00Z" },
    { id: 3, start: "2026-11-22T23:30:00Z" }, // 06:30 on the 23rd in Vietnam
  ];

  it("groups by Vietnam day in time order", () => {
    const days = groupByDay(meetings, (m) => m.start);
    expect([...days.keys()].sort()).toEqual(["2026-11-23", "2026-11-27"]);
    expect(days.get("2026-11-27")?.map((m) => m.id)).toEqual([1, 2]);
  });

  it("selects today in the current month, else the first meeting day, else the 1st", () => {
    const days = ["2026-12-14", "2026-12-01"];
    expect(initialDay({ year: 2026, month: 11 }, "2026-11-26", days)).toBe("2026-11-26");
    expect(initialDay({ year: 2026, month: 12 }, "2026-11-26", days)).toBe("2026-12-01");
    expect(initialDay({ year: 2027, month: 1 }, "2026-11-26", days)).toBe("2027-01-01");
  });
});
