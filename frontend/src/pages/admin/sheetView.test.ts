import { describe, expect, it } from "vitest";

import { bandRange, readableSheet } from "./sheetView";

describe("a sheet made readable", () => {
  it("words the bands' edges", () => {
    expect(bandRange({ min: 0, max: 0, max_inclusive: true, points: 5 })).toBe("bằng 0");
    expect(bandRange({ min: 0, max: 10, min_inclusive: false, points: 4 })).toBe(
      "trên 0 đến dưới 10",
    );
    expect(bandRange({ min: 10, max: 20, points: 3 })).toBe("từ 10 đến dưới 20");
    expect(bandRange({ min: 90, max: 100, max_inclusive: true })).toBe("từ 90 đến 100");
    expect(bandRange({ min: 30, max: null })).toBe("từ 30 trở lên");
    expect(bandRange({ max: 50 })).toBe("dưới 50");
    expect(bandRange({})).toBe("mọi giá trị");
  });

  it("lists levels from the top, criteria, items and caps", () => {
    const sheet = readableSheet({
      total_points: 100,
      levels: [
        { code: "poor", name: "Kém", min_points: 0 },
        { code: "good", name: "Tốt", min_points: 90 },
      ],
      criteria: [
        {
          title: "Thời lượng",
          max_points: 5,
          items: [
            {
              title: "Đủ 90 phút",
              max_points: 5,
              mode: "yes_no",
              source: "computed",
              hint: "Theo giờ bắt đầu và kết thúc",
            },
            { title: "Nội dung", max_points: 2.5, mode: "number", source: "judged" },
          ],
        },
      ],
      caps: [{ code: "x", max_level: "good", note: "Ghi chú" }],
    });
    expect(sheet.total).toBe("100");
    expect(sheet.levels).toEqual([
      { name: "Tốt", from: "90" },
      { name: "Kém", from: "0" },
    ]);
    expect(sheet.criteria[0].items[0]).toEqual({
      title: "Đủ 90 phút",
      points: "5",
      how: ["Tính từ dữ liệu buổi họp", "Có: 5 điểm; không: 0 điểm"],
      hint: "Theo giờ bắt đầu và kết thúc",
    });
    expect(sheet.criteria[0].items[1].how).toEqual([
      "Người chấm đánh giá",
      "Chấm từ 0 đến 2,5 điểm",
    ]);
    expect(sheet.caps).toEqual([{ level: "Tốt", note: "Ghi chú" }]);
  });
});
