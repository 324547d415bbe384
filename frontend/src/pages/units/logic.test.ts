import { describe, expect, it } from "vitest";

import {
  complianceBars,
  missedCriteria,
  monthState,
  share,
  summarize,
  vietnamToday,
  yearChoices,
  type CellLike,
  type MonthLike,
} from "./compliance";
import { landingUnit, treeRows } from "./tree";

const units = [
  { id: 2, parent_id: 1, name: "Đảng bộ Sở Nội vụ", kind: "base_committee" },
  { id: 4, parent_id: 2, name: "Chi bộ Thi đua – Khen thưởng", kind: "cell" },
  { id: 3, parent_id: 2, name: "Chi bộ Nội vụ", kind: "cell" },
  { id: 7, parent_id: 1, name: "Đảng bộ Sở Tài chính", kind: "base_committee" },
  { id: 8, parent_id: 7, name: "Chi bộ Văn phòng Sở Tài chính", kind: "cell" },
];

describe("the unit tree", () => {
  it("puts each unit under its parent, siblings by name, parents out of scope as roots", () => {
    const rows = treeRows(units, new Set());
    expect(rows.map((r) => [r.unit.id, r.level, r.children])).toEqual([
      [2, 0, 2],
      [3, 1, 0],
      [4, 1, 0],
      [7, 0, 1],
      [8, 1, 0],
    ]);
  });
  it("hides the children of a collapsed unit", () => {
    expect(treeRows(units, new Set([2])).map((r) => r.unit.id)).toEqual([2, 7, 8]);
  });
  it("sends a cell's secretary and members to their own cell", () => {
    expect(landingUnit("cell_secretary", 3, units)).toBe(3);
    expect(landingUnit("member", 3, units)).toBe(3);
    expect(landingUnit("base_committee", 2, units)).toBeNull();
    expect(landingUnit("base_committee", 2, [units[2]])).toBe(3);
  });
});

const month = (n: number, over: Partial<MonthLike> = {}): MonthLike => ({
  month: n,
  regular_meeting_id: n,
  regular_held: true,
  committee_meeting_before: true,
  documents_on_time: true,
  duration_met: true,
  minutes_final_on_time: true,
  due: true,
  ...over,
});
const notHeld = { regular_held: false, regular_meeting_id: null };
const today = { year: 2026, month: 11 };

describe("a month against the norms", () => {
  it("is met only when held to every norm", () => {
    expect(monthState(month(1), 2026, today)).toBe("met");
    const short = month(2, { documents_on_time: false });
    expect(monthState(short, 2026, today)).toBe("held");
    expect(missedCriteria(short)).toEqual(["documents_on_time"]);
  });
  it("is missed once over, pending while current, future after", () => {
    expect(monthState(month(10, notHeld), 2026, today)).toBe("missed");
    expect(monthState(month(11, notHeld), 2026, today)).toBe("pending");
    expect(monthState(month(12, { ...notHeld, due: false }), 2026, today)).toBe("future");
    expect(monthState(month(12, notHeld), 2025, today)).toBe("missed");
  });
});

describe("a cell's year", () => {
  const cell: CellLike = {
    unit_id: 3,
    unit_name: "Chi bộ Nội vụ",
    year: 2026,
    months: [
      ...Array.from({ length: 8 }, (_, i) => month(i + 1)),
      month(9, { minutes_final_on_time: false }),
      month(10, notHeld),
      month(11, notHeld),
      month(12, { ...notHeld, due: false }),
    ],
    quarters: [
      { quarter: 1, thematic_held: 1, thematic_required: 1, met: true },
      { quarter: 2, thematic_held: 0, thematic_required: 1, met: false },
      { quarter: 3, thematic_held: 1, thematic_required: 1, met: true },
      { quarter: 4, thematic_held: 0, thematic_required: 1, met: false },
    ],
  };
  it("counts months over or held, and quarters over or met", () => {
    expect(summarize(cell, today)).toEqual({
      unitId: 3,
      name: "Chi bộ Nội vụ",
      counted: 10,
      held: 9,
      met: 8,
      missed: 1,
      thematicMet: 2,
      thematicCounted: 3,
    });
  });
  it("compares cells by the shares of months held and held to norms", () => {
    expect(complianceBars([cell], today)).toEqual([
      { unitId: 3, name: "Chi bộ Nội vụ", held: 90, met: 80 },
    ]);
  });
  it("gives shares in whole percent, none of nothing", () => {
    expect(share(9, 10)).toBe(90);
    expect(share(2, 3)).toBe(67);
    expect(share(0, 0)).toBeNull();
  });
});

describe("dates", () => {
  it("takes today in Vietnam, not on the device's clock", () => {
    expect(vietnamToday(new Date("2026-11-30T18:00:00Z"))).toEqual({ year: 2026, month: 12 });
    expect(vietnamToday(new Date("2026-11-30T16:00:00Z"))).toEqual({ year: 2026, month: 11 });
  });
  it("offers this year and four before", () => {
    expect(yearChoices(2026)).toEqual([2026, 2025, 2024, 2023, 2022]);
  });
});
