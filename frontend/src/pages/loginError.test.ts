import { describe, expect, it } from "vitest";

import { loginError, waitText } from "./loginError";

describe("sign-in errors", () => {
  it("names the wait of a rate limit in Vietnamese", () => {
    const refused = {
      error: { code: "too_many_attempts", message: "Too many attempts.", details: { retry_after: 900 } },
    };
    expect(loginError(refused)).toBe("Bạn đã thử quá nhiều lần. Vui lòng thử lại sau 15 phút.");
  });

  it("counts seconds below a minute and rounds minutes up", () => {
    expect(waitText(45)).toBe("45 giây");
    expect(waitText(60)).toBe("1 phút");
    expect(waitText(61)).toBe("2 phút");
    expect(waitText(3600)).toBe("60 phút");
  });

  it("keeps the server's message for wrong credentials, and a fallback without one", () => {
    const wrong = { error: { code: "invalid_credentials", message: "Sai tên đăng nhập", details: null } };
    expect(loginError(wrong)).toBe("Sai tên đăng nhập");
    expect(loginError(undefined)).toBe("Sai tên đăng nhập hoặc mật khẩu, hoặc tài khoản đang bị khóa.");
  });
});
