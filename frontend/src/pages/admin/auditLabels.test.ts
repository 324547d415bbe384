import { describe, expect, it } from "vitest";

import {
  ACTIONS,
  actionLabel,
  actorLabel,
  changedCount,
  entityLabel,
  entryNotes,
} from "./auditLabels";

const ENGLISH = /\b(create|update|delete|user|meeting|login|auth|the|of)\b/i;

describe("audit labels", () => {
  it("names every known action in Vietnamese", () => {
    expect(actionLabel("user.create")).toBe("Tạo tài khoản");
    expect(actionLabel("auth.login_failed")).toBe("Đăng nhập không thành công");
    for (const label of Object.values(ACTIONS)) expect(label).not.toMatch(ENGLISH);
  });

  it("still reads as Vietnamese for a code added later", () => {
    expect(actionLabel("meeting.delete", "meetings")).toBe("Xóa buổi sinh hoạt");
    expect(actionLabel("user.frobnicate", "users")).toBe("Thao tác khác trên tài khoản");
    expect(actionLabel("widget.explode")).toBe("Thao tác khác trên bản ghi");
    expect(actionLabel("widget.explode")).not.toMatch(/widget|explode/);
    expect(entityLabel("widgets")).toBe("Bản ghi");
  });

  it("says who acted", () => {
    expect(actorLabel({ actor_username: null })).toBe("Hệ thống");
    expect(actorLabel({ actor_username: "cli" })).toBe("Dòng lệnh quản trị");
    expect(actorLabel({ actor_username: "admin" })).toBe("admin");
  });

  it("adds the reason of a failed sign-in and the sessions ended", () => {
    expect(
      entryNotes({
        actor_username: null,
        action: "auth.login_failed",
        after: { reason: "wrong_password", failed_logins: 2 },
      }),
    ).toEqual(["sai mật khẩu", "lần sai thứ 2"]);
    expect(
      entryNotes({ actor_username: "admin", action: "user.update", after: { sessions_revoked: 3 } }),
    ).toEqual(["3 phiên đăng nhập bị đăng xuất"]);
    expect(entryNotes({ actor_username: "x", action: "y", after: { reason: "mystery" } })).toEqual(
      [],
    );
  });

  it("counts the fields an update changed", () => {
    expect(
      changedCount(
        { active: true, role: "member", version: 1 },
        { active: false, role: "member", version: 2, sessions_revoked: 1 },
      ),
    ).toBe(1);
    expect(changedCount(null, { a: 1 })).toBe(0);
  });
});
