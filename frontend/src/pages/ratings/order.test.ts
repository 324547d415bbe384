import { describe, expect, it } from "vitest";

import { daysAgo, newestFirst } from "./order";

describe("list order", () => {
  it("puts the newest first, dates and date-times alike", () => {
    const items = [{ d: "2026-01-05" }, { d: "2026-03-01T08:00:00Z" }, { d: "2025-12-31" }];
    expect(newestFirst(items, (x) => x.d).map((x) => x.d)).toEqual([
      "2026-03-01T08:00:00Z",
      "2026-01-05",
      "2025-12-31",
    ]);
  });

  it("counts days back on Vietnam's calendar", () => {
    // 20:00 UTC on 10 March is already 11 March in Hà Nội.
    expect(daysAgo(1, new Date("2026-03-10T20:00:00Z"))).toBe("2026-03-10");
    expect(daysAgo(0, new Date("2026-03-10T10:00:00Z"))).toBe("2026-03-10");
  });
});
