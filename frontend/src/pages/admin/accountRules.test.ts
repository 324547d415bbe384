import { describe, expect, it } from "vitest";

import { accountProblems, unitFitsRole } from "./accountRules";

const OK = {
  username: "bithu.moi",
  fullName: "Nguyễn Văn Mới",
  email: "",
  role: "cell_secretary",
  unitId: "7",
  password: "Mat-khau-2026",
};

describe("new account checks", () => {
  it("accepts a well-formed account", () => {
    expect(accountProblems(OK, "cell")).toEqual({});
  });

  it("refuses a username with spaces or diacritics, and an empty name", () => {
    const problems = accountProblems({ ...OK, username: "bí thư", fullName: " " }, "cell");
    expect(problems.username).toMatch(/^Tên đăng nhập phải dài 3–64 ký tự/);
    expect(problems.fullName).toBe("Vui lòng nhập họ và tên.");
    expect(accountProblems({ ...OK, username: "ab" }, "cell").username).toBeDefined();
    expect(accountProblems({ ...OK, username: ".abc" }, "cell").username).toBeDefined();
  });

  it("binds roles to the right kind of unit", () => {
    expect(unitFitsRole("admin", "cell")).toBe(true);
    expect(unitFitsRole("member", "base_committee")).toBe(false);
    expect(accountProblems({ ...OK, role: "base_committee" }, "cell").unitId).toBe(
      "Vai trò này phải gắn với một đảng ủy cơ sở.",
    );
  });

  it("applies the password policy and checks the e-mail", () => {
    expect(accountProblems({ ...OK, password: "bithu.moi" }, "cell").password).toBe(
      "Mật khẩu mới phải khác tên đăng nhập.",
    );
    expect(accountProblems({ ...OK, email: "khong-hop-le" }, "cell").email).toBe(
      "Địa chỉ thư điện tử không hợp lệ.",
    );
  });
});
