import { describe, expect, it } from "vitest";

import { compareNames, fold, formatDate, formatDateTime, formatTime } from "./format";

describe("dates and times", () => {
  it("shows dd/mm/yyyy and 24-hour times in Vietnam's time zone", () => {
    expect(formatDate("2025-03-03T01:00:00+00:00")).toBe("03/03/2025");
    expect(formatTime("2025-03-03T13:05:00+00:00")).toBe("20:05");
    expect(formatDateTime("2025-12-31T17:30:00Z")).toBe("00:30 01/01/2026");
    expect(formatDate("2024-02-29")).toBe("29/02/2024");
  });
});

describe("search without diacritics", () => {
  it("folds case, tones and đ", () => {
    expect(fold("Nguyễn Văn  ĐỨC")).toBe("nguyen van duc");
    expect(fold("Trần Thị Ánh")).toBe("tran thi anh");
  });
});

describe("Vietnamese name order", () => {
  it("sorts by given name, then the rest, letters before tones", () => {
    const expected = [
      "Lê Thị An",
      "Trần An",
      "Nguyễn Văn Anh",
      "Trần Văn Ánh",
      "Phạm Đức Ân",
      "Hoàng Văn Ấn",
      "Đỗ Văn Bình",
      "Bùi Văn Dũng",
      "Hoàng Đức",
      "Lê Văn Ý",
    ];
    expect([...expected].reverse().sort(compareNames)).toEqual(expected);
  });
});
