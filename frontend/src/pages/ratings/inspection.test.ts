import { describe, expect, it } from "vitest";

import { entriesFromScored, inspectableMeetings, signed, yearRange } from "./inspection";
import type { Sheet } from "./score";

const SHEET: Sheet = {
  code: "t",
  name: "t",
  levels: [
    { code: "good", name: "Tốt", min_points: 9 },
    { code: "poor", name: "Kém", min_points: 0 },
  ],
  criteria: [
    {
      code: "c1",
      title: "c1",
      max_points: 10,
      items: [
        { code: "a", title: "a", max_points: 4, mode: "number", source: "judged" },
        { code: "b", title: "b", max_points: 2, mode: "yes_no", source: "judged" },
        {
          code: "c",
          title: "c",
          max_points: 3,
          mode: "choice",
          source: "judged",
          choices: [
            { code: "full", label: "Đủ", points: 3 },
            { code: "part", label: "Một phần", points: 1 },
          ],
        },
        { code: "d", title: "d", max_points: 1, mode: "yes_no", source: "computed", fact: "x" },
      ],
    },
  ],
};

describe("inspections", () => {
  it("bounds a plan's year in Vietnam's time", () => {
    expect(yearRange(2026)).toEqual({
      from: "2026-01-01T00:00:00+07:00",
      before: "2027-01-01T00:00:00+07:00",
    });
  });

  it("offers rated, not cancelled meetings in date order", () => {
    const meetings = [
      { id: 1, status: "held", meeting_type: "regular", planned_start: "2026-03-02T01:00:00Z" },
      { id: 2, status: "cancelled", meeting_type: "regular", planned_start: "2026-02-02" },
      { id: 3, status: "held", meeting_type: "committee", planned_start: "2026-01-02T01:00:00Z" },
      { id: 4, status: "draft", meeting_type: "thematic", planned_start: "2026-01-05T01:00:00Z" },
    ];
    expect(inspectableMeetings(meetings).map((m) => m.id)).toEqual([4, 1]);
  });

  it("reads the inspector's draft back into entries", () => {
    const entries = entriesFromScored(SHEET, [
      { code: "a", points: 3, computed: false, note: "Thiếu" },
      { code: "b", points: 2, computed: false, note: null },
      { code: "c", points: 1, computed: false, note: "Một phần" },
      { code: "d", points: 1, computed: true, note: null },
    ]);
    expect(entries).toEqual({
      a: { points: 3, note: "Thiếu" },
      b: { yes: true, note: undefined },
      c: { choice: "part", note: "Một phần" },
    });
  });

  it("signs differences", () => {
    expect(signed(2)).toBe("+2");
    expect(signed(-1.5)).toBe("−1,5");
    expect(signed(0)).toBe("0");
  });
});
