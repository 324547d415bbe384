import { describe, expect, it } from "vitest";

import { changeProblems, passwordProblems } from "./passwordRules";

describe("password rules", () => {
  it("accepts a long password other than the username", () => {
    expect(passwordProblems("Mat-khau-moi-2026", "bithu.noivu")).toEqual([]);
  });

  it("refuses a short one and the username itself, whatever the case", () => {
    expect(passwordProblems("abc", "bithu.noivu")).toEqual([
      "Mật khẩu mới phải có ít nhất 8 ký tự.",
    ]);
    expect(passwordProblems(" BITHU.NOIVU ", "bithu.noivu")).toEqual([
      "Mật khẩu mới phải khác tên đăng nhập.",
    ]);
  });

  it("checks the form field by field", () => {
    expect(changeProblems({ current: "", next: "short", confirm: "other" }, "u.x")).toEqual({
      current: "Vui lòng nhập mật khẩu hiện tại.",
      next: "Mật khẩu mới phải có ít nhất 8 ký tự.",
      confirm: "Mật khẩu nhập lại không khớp với mật khẩu mới.",
    });
    expect(
      changeProblems({ current: "ChiBo@2023", next: "ChiBo@2023", confirm: "ChiBo@2023" }, "u.x"),
    ).toEqual({ next: "Mật khẩu mới phải khác mật khẩu hiện tại." });
    expect(
      changeProblems({ current: "ChiBo@2023", next: "Moi@20261", confirm: "Moi@20261" }, "u.x"),
    ).toEqual({});
  });
});
