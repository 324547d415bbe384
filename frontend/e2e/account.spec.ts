import { expect, test, type APIRequestContext, type Page } from "@playwright/test";

import { expectAccessible, expectTouchTargets, PASSWORD } from "./helpers";
import { expectNoRawText, settle } from "./meeting-helpers";

/** A throwaway member account, made by the administrator through the API. */
async function throwawayAccount(request: APIRequestContext): Promise<string> {
  const login = await request.post("/api/v1/auth/login", {
    data: { username: "admin", password: PASSWORD },
  });
  const { access_token } = (await login.json()) as { access_token: string };
  const headers = { Authorization: `Bearer ${access_token}` };
  const cells = await request.get("/api/v1/units?kind=cell&limit=1", { headers });
  const [cell] = ((await cells.json()) as { items: { id: number }[] }).items;
  const username = `tk.thu.${Date.now().toString(36)}`;
  const created = await request.post("/api/v1/users", {
    headers,
    data: {
      username,
      full_name: "Người Dùng Thử",
      password: PASSWORD,
      role: "member",
      unit_id: cell.id,
    },
  });
  expect(created.status()).toBe(201);
  return username;
}

async function signInAs(page: Page, username: string, password: string) {
  await page.getByLabel("Tên đăng nhập").fill(username);
  await page.getByLabel("Mật khẩu").fill(password);
  await page.getByRole("button", { name: "Đăng nhập" }).click();
}

test("a person changes their password: a wrong current one is refused, then every session ends", async ({
  page,
  request,
}) => {
  const username = await throwawayAccount(request);
  const newPassword = `Moi-${Date.now().toString(36)}!`;
  await page.goto("/");
  await signInAs(page, username, PASSWORD);
  await page.getByRole("navigation").getByRole("link", { name: "Tài khoản" }).click();

  await expect(page.getByRole("heading", { name: "Tài khoản", level: 2 })).toBeVisible();
  const main = page.getByRole("main");
  await expect(main.getByText("Người Dùng Thử")).toBeVisible();
  await expect(main.getByText(username, { exact: true })).toBeVisible();
  await expect(main.getByText("Đảng viên", { exact: true })).toBeVisible();
  await expect(page.getByText(/ít nhất 8 ký tự và khác tên đăng nhập/)).toBeVisible();
  await expectAccessible(page);
  await expectTouchTargets(page);

  // Checked before sending: too short, not repeated.
  await page.getByRole("button", { name: "Đổi mật khẩu…" }).click();
  await expectAccessible(page);
  await expectTouchTargets(page);
  await page.getByLabel("Mật khẩu hiện tại").fill(PASSWORD);
  await page.getByLabel("Mật khẩu mới", { exact: true }).fill("ngan");
  await page.getByLabel("Nhập lại mật khẩu mới").fill("khac");
  await page.getByRole("button", { name: "Lưu mật khẩu mới" }).click();
  await expect(page.getByText("Mật khẩu mới phải có ít nhất 8 ký tự.")).toBeVisible();
  await expect(page.getByText("Mật khẩu nhập lại không khớp với mật khẩu mới.")).toBeVisible();

  // A wrong current password: the server refuses, in Vietnamese.
  await page.getByLabel("Mật khẩu hiện tại").fill("sai-mat-khau-1");
  await page.getByLabel("Mật khẩu mới", { exact: true }).fill(newPassword);
  await page.getByLabel("Nhập lại mật khẩu mới").fill(newPassword);
  await page.getByRole("button", { name: "Lưu mật khẩu mới" }).click();
  await expect(page.getByRole("alert")).toContainText("Mật khẩu hiện tại không đúng");
  await expectNoRawText(page);

  // The right one: signed out everywhere, told so, back at sign-in.
  await page.getByLabel("Mật khẩu hiện tại").fill(PASSWORD);
  await page.getByRole("button", { name: "Lưu mật khẩu mới" }).click();
  await expect(page.getByText(/Đã đổi mật khẩu\. Mọi phiên đăng nhập đã bị đăng xuất/)).toBeVisible();
  await expect(page.getByRole("button", { name: "Đăng nhập" })).toBeVisible();

  // The old password no longer opens the account; the new one does.
  await signInAs(page, username, PASSWORD);
  await expect(
    page.getByRole("alert").filter({ hasText: "Sai tên đăng nhập hoặc mật khẩu" }),
  ).toBeVisible();
  await page.getByLabel("Mật khẩu").fill(newPassword);
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await expect(page.getByRole("navigation")).toBeVisible();
  await page.getByRole("navigation").getByRole("link", { name: "Tài khoản" }).click();
  await expect(page.getByText(username, { exact: true })).toBeVisible();
  await expect(page.getByText("Đổi mật khẩu lần cuối")).toBeVisible();
});

test("a member makes, copies and revokes the private calendar link", async ({ page, request }) => {
  const username = await throwawayAccount(request);
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.goto("/");
  await signInAs(page, username, PASSWORD);
  await page.getByRole("navigation").getByRole("link", { name: "Tài khoản" }).click();

  await page.getByRole("button", { name: "Tạo liên kết lịch" }).click();
  const url = page.getByLabel("Liên kết lịch của bạn");
  await expect(url).toHaveValue(/^http:\/\/127\.0\.0\.1:\d+\/api\/v1\/calendar\/.+\.ics$/);
  const first = await url.inputValue();
  // The link works without signing in: it is an iCalendar.
  const feed = await request.get(first);
  expect(feed.status()).toBe(200);
  expect(await feed.text()).toContain("BEGIN:VCALENDAR");
  await page.getByRole("button", { name: "Sao chép liên kết" }).click();
  await expect(page.getByText("Đã sao chép liên kết.")).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(first);
  await settle(page);
  await expectAccessible(page);
  await expectTouchTargets(page);

  // A new link replaces the old one.
  await page.getByRole("button", { name: "Tạo liên kết mới" }).click();
  await expect(url).not.toHaveValue(first);
  expect((await request.get(first)).status()).toBe(404);
  const second = await url.inputValue();
  await page.getByRole("button", { name: "Thu hồi liên kết" }).click();
  await expect(page.getByRole("status")).toContainText("Đã thu hồi liên kết lịch");
  await expect(url).toHaveCount(0);
  expect((await request.get(second)).status()).toBe(404);
});
