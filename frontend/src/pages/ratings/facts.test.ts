import { describe, expect, it } from "vitest";

import { factValues, formatFact, parsePoints } from "./facts";

describe("facts on screen", () => {
  it("reads percent, number, flag and unknown values in Vietnamese", () => {
    expect(formatFact("percent", 92.5)).toBe("92,5%");
    expect(formatFact("percent", 100)).toBe("100%");
    expect(formatFact("number", 12)).toBe("12");
    expect(formatFact("flag", true)).toBe("Có");
    expect(formatFact("flag", false)).toBe("Không");
    expect(formatFact("number", null)).toBe("Chưa có dữ liệu");
  });

  it("keeps the values by name for the engine", () => {
    const values = factValues([
      { name: "attendance_rate", label: "", kind: "percent", value: 90, source: null },
      { name: "notice_sent", label: "", kind: "flag", value: false, source: null },
    ]);
    expect(values).toEqual({ attendance_rate: 90, notice_sent: false });
  });

  it("reads points as typed, with a comma or a point", () => {
    expect(parsePoints("")).toBeNull();
    expect(parsePoints(" 4 ")).toBe(4);
    expect(parsePoints("4,5")).toBe(4.5);
    expect(parsePoints("4.5")).toBe(4.5);
    expect(parsePoints("-1")).toBeUndefined();
    expect(parsePoints("bốn")).toBeUndefined();
  });
});
