import { expect, test, type APIRequestContext, type Page } from "./fixtures";

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

/** "dd/mm/yyyy HH:mm" of an instant in Vietnam's time. */
function vietnamMinute(iso: string): string {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat("en-GB", {
      timeZone: "Asia/Ho_Chi_Minh",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    })
      .formatToParts(new Date(iso))
      .map((part) => [part.type, part.value]),
  );
  return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}`;
}

test("a member sees whether a calendar link is live, makes, copies, replaces and revokes it", async ({
  page,
  request,
}) => {
  const username = await throwawayAccount(request);
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.goto("/");
  await signInAs(page, username, PASSWORD);
  await page.getByRole("navigation").getByRole("link", { name: "Tài khoản" }).click();

  // None yet: only "make one".
  const feedCard = page.locator("section", {
    has: page.getByRole("heading", { name: "Lịch riêng (ICS)" }),
  });
  await expect(feedCard.getByText("Bạn chưa có liên kết lịch nào đang hoạt động.")).toBeVisible();
  await expect(feedCard.getByRole("button", { name: "Thu hồi" })).toHaveCount(0);
  await expect(feedCard.getByRole("button", { name: "Tạo liên kết mới" })).toHaveCount(0);

  const made = page.waitForResponse(
    (r) => r.url().endsWith("/api/v1/calendar/feed") && r.request().method() === "POST",
  );
  await feedCard.getByRole("button", { name: "Tạo liên kết", exact: true }).click();
  const { created_at } = (await (await made).json()) as { created_at: string };
  const since = `Liên kết lịch đang hoạt động, tạo lúc ${vietnamMinute(created_at)}.`;
  await expect(feedCard.getByText(since)).toBeVisible();
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

  // Back later: the link is live since then, but no longer shown (only its digest is kept).
  await page.reload();
  await expect(feedCard.getByText(since)).toBeVisible();
  await expect(url).toHaveCount(0);
  await expect(feedCard.getByText(/chỉ hiển thị một lần khi tạo/)).toBeVisible();
  await expect(feedCard.getByRole("button", { name: "Tạo liên kết", exact: true })).toHaveCount(0);
  await expectAccessible(page);
  await expectTouchTargets(page);

  // A new link replaces the old one.
  await feedCard.getByRole("button", { name: "Tạo liên kết mới" }).click();
  await expect(url).toBeVisible();
  await expect(url).not.toHaveValue(first);
  expect((await request.get(first)).status()).toBe(404);
  const second = await url.inputValue();
  await feedCard.getByRole("button", { name: "Thu hồi" }).click();
  await expect(page.getByRole("status")).toContainText("Đã thu hồi liên kết lịch");
  await expect(url).toHaveCount(0);
  await expect(feedCard.getByText("Bạn chưa có liên kết lịch nào đang hoạt động.")).toBeVisible();
  await expect(feedCard.getByRole("button", { name: "Thu hồi" })).toHaveCount(0);
  expect((await request.get(second)).status()).toBe(404);
  await page.reload();
  await expect(feedCard.getByText("Bạn chưa có liên kết lịch nào đang hoạt động.")).toBeVisible();
  await expect(feedCard.getByRole("button", { name: "Tạo liên kết", exact: true })).toBeVisible();
});
