import { describe, expect, it } from "vitest";

import { detailLines, placeOf, problemText } from "./sheetErrors";

const ENGLISH = /\b(add up|not|item|band|the|is|unknown|level)\b/;

describe("sheet errors in Vietnamese", () => {
  it("translates the consistency problems with their figures", () => {
    expect(problemText("criteria add up to 90, not 100")).toBe(
      "Tổng điểm các tiêu chí là 90, không bằng tổng điểm phiếu 100.",
    );
    expect(problemText("criterion c1: items add up to 4.5, not 5")).toBe(
      "Tiêu chí c1: tổng điểm các nội dung là 4,5, không bằng 5.",
    );
    expect(problemText("item c2.rate: gap between 50 and 60")).toBe(
      "Nội dung c2.rate: hở giữa 50 và 60.",
    );
    expect(problemText("item c1.x: unknown fact speed")).toBe(
      "Nội dung c1.x: không có dữ kiện “speed”.",
    );
    expect(problemText("cap c9: unknown level great")).toBe(
      "Giới hạn c9: không có mức xếp loại “great”.",
    );
    expect(problemText("cap c9: >= needs a value")).toBe(
      "Giới hạn c9: phép so sánh cần một giá trị.",
    );
  });

  it("never leaves English for a problem it does not know", () => {
    expect(problemText("something new went wrong")).not.toMatch(ENGLISH);
    expect(problemText("item a1: something new")).toBe("Nội dung a1: chưa hợp lệ.");
  });

  it("says where a malformed sheet is wrong", () => {
    expect(placeOf(["definition", "criteria", "0", "items", "2", "max_points"])).toBe(
      "tiêu chí 1 › nội dung 3 › điểm tối đa",
    );
    expect(
      detailLines([
        { loc: ["definition", "name"], msg: "Field required", type: "missing" },
        { loc: ["definition", "criteria", "0", "items"], msg: "…", type: "list_type" },
        { loc: ["body"], msg: "not valid YAML: …", type: "yaml_invalid" },
        { loc: ["definition", "colour"], msg: "…", type: "extra_forbidden" },
        "criteria add up to 90, not 100",
      ]),
    ).toEqual([
      "Tên: thiếu trường bắt buộc.",
      "Tiêu chí 1 › nội dung: phải là một danh sách.",
      "Tệp: không phải YAML hợp lệ.",
      "“colour”: trường không được phép có.",
      "Tổng điểm các tiêu chí là 90, không bằng tổng điểm phiếu 100.",
    ]);
    expect(detailLines(null)).toEqual([]);
  });
});
