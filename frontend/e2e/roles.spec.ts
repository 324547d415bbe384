import { expect, test, onE2eDay } from "./fixtures";

import { expectAccessible, expectTouchTargets, PASSWORD, signIn } from "./helpers";
import {
  apiToken,
  createMeeting,
  expectNoRawText,
  listMeetings,
  openSection,
  statusTag,
  uniqueStart,
} from "./meeting-helpers";

// The tab bar of each role (App.tsx tabsFor), in order.
const TABS: Record<string, string[]> = {
  "dangvien.noivu": ["Trang chủ", "Sinh hoạt", "Cá nhân", "Chi bộ", "Tài khoản"],
  "bithu.noivu": ["Trang chủ", "Sinh hoạt", "Đảng viên", "Chi bộ", "Đánh giá", "Tài khoản"],
  "dangbo.noivu": ["Trang chủ", "Sinh hoạt", "Đảng viên", "Tổ chức", "Đánh giá", "Tài khoản"],
  khoi: ["Trang chủ", "Sinh hoạt", "Đảng viên", "Tổ chức", "Đánh giá", "Tài khoản"],
  admin: ["Trang chủ", "Sinh hoạt", "Đảng viên", "Tổ chức", "Đánh giá", "Quản trị"],
};
const NOT_FOUND = "Không tìm thấy buổi sinh hoạt này";

test("the sign-in screen is accessible and refuses a wrong password in Vietnamese", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { name: /Đăng nhập/ })).toBeVisible();
  await expectAccessible(page);
  await expectTouchTargets(page);
  await page.getByLabel("Tên đăng nhập").fill("bithu.noivu");
  await page.getByLabel("Mật khẩu").fill("sai-mat-khau");
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await expect(page.getByRole("alert")).toContainText("Sai tên đăng nhập hoặc mật khẩu");
});

test("the secretary sees the cell's members and finds one without diacritics", async ({ page }) => {
  await signIn(page, "bithu.noivu");
  await expect(page.getByText("Xin chào")).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("navigation").getByRole("link", { name: "Đảng viên" }).click();
  await expect(page.getByText(/\d+ đảng viên/)).toBeVisible();
  await page.getByLabel("Tìm kiếm").fill("nguyen van an");
  await expect(page.getByText("Nguyễn Văn An", { exact: true })).toBeVisible();
  // Members of another cell are not listed.
  await page.getByLabel("Tìm kiếm").fill("tran thi an");
  await expect(page.getByText("0 đảng viên")).toBeVisible();
});

test("the base committee sees all 65 members of Sở Nội vụ", async ({ page }) => {
  await signIn(page, "dangbo.noivu");
  await page.getByRole("navigation").getByRole("link", { name: "Đảng viên" }).click();
  await expect(page.getByText("65 đảng viên")).toBeVisible();
});

test("a member sees the cell's meetings and their agenda", async ({ page }) => {
  await signIn(page, "dangvien.noivu");
  await page.getByRole("navigation").getByRole("link", { name: "Sinh hoạt" }).click();
  const first = page.getByRole("link", { name: /Sinh hoạt chi bộ thường kỳ/ }).first();
  await first.click();
  await expect(page.getByRole("heading", { name: "Chương trình" })).toBeVisible();
  await expectAccessible(page);
});

test("the name in the top bar opens the account, for the administrator too", async ({ page }) => {
  await signIn(page, "admin");
  await page.getByRole("link", { name: /^Tài khoản: / }).click();
  await expect(page).toHaveURL(/\/tai-khoan$/);
  await expect(page.getByRole("button", { name: "Đăng xuất" })).toBeVisible();
});

test("signing out returns to the sign-in screen", async ({ page }) => {
  await signIn(page, "khoi");
  await page.getByRole("navigation").getByRole("link", { name: "Tài khoản" }).click();
  await page.getByRole("button", { name: "Đăng xuất" }).click();
  await expect(page.getByLabel("Mật khẩu")).toBeVisible();
  expect(PASSWORD).toBeTruthy();
});

for (const [username, tabs] of Object.entries(TABS)) {
  test(`${username} sees the tab bar of the role, and nothing more`, async ({ page }) => {
    await signIn(page, username);
    const tabBar = page.getByRole("navigation", { name: "Quản lý sinh hoạt chi bộ" });
    await expect(tabBar.getByRole("link")).toHaveText(tabs);
    // Every tab opens a screen without a raw error.
    for (const tab of tabs) {
      const link = tabBar.getByRole("link", { name: tab, exact: true });
      await link.click();
      await expect(link).toHaveClass(/active/);
      await page.waitForLoadState("networkidle");
      await expectNoRawText(page);
    }
    // The admin screens are not reached by URL either.
    if (!tabs.includes("Quản trị")) {
      await page.goto("/quan-tri");
      await expect(page).toHaveURL(/\/$/);
    }
  });
}

test("a member sees a meeting without the manager's buttons, and never the check-in code", async ({
  page,
  browser,
}, testInfo) => {
  test.setTimeout(120_000);
  // The demo's announced meeting of the member's cell.
  const token = await apiToken(page.request, "dangvien.noivu");
  const [announced] = await listMeetings(page.request, token, { status: "announced" });
  expect(announced).toBeTruthy();
  await signIn(page, "dangvien.noivu");
  await page.goto(`/sinh-hoat/${announced.id}`);
  await expect(page.getByRole("heading", { name: announced.title })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Chương trình" })).toBeVisible();
  await expect(
    page.getByRole("button", {
      name: /Gửi thông báo|Bắt đầu cuộc họp|Hủy buổi sinh hoạt|Lưu thông tin|Tải lên|Thêm nội dung/,
    }),
  ).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Tổng quan" })).toHaveCount(0);
  await expectNoRawText(page);
  await expectAccessible(page);

  // A meeting in progress (the secretary starts one): no code, no roll marking, no queue control.
  const use = testInfo.project.use;
  const secretaryContext = await onE2eDay(
    await browser.newContext({
      baseURL: use.baseURL,
      viewport: use.viewport,
      locale: use.locale,
      timezoneId: use.timezoneId,
    }),
  );
  const secretary = await secretaryContext.newPage();
  await signIn(secretary, "bithu.noivu");
  await createMeeting(secretary, "Sinh hoạt bất thường kiểm tra quyền");
  await openSection(secretary, "Tổng quan");
  await secretary.getByRole("button", { name: "Bắt đầu cuộc họp" }).click();
  await expect(statusTag(secretary)).toHaveText("Đang họp");
  await expect(secretary.getByTestId("checkin-code")).toHaveText(/^[A-Z0-9]{4,12}$/);
  const meetingPath = new URL(secretary.url()).pathname;
  const meetingId = Number(meetingPath.split("/").pop());
  await secretaryContext.close();

  await page.goto(meetingPath);
  await expect(page.getByRole("heading", { name: "Điểm danh" })).toBeVisible();
  await expect(page.getByTestId("checkin-code")).toHaveCount(0);
  await expect(page.getByRole("group", { name: "Nguyễn Văn An" })).toHaveCount(0);
  await expect(
    page.getByRole("button", { name: /Đổi mã|Kết thúc cuộc họp|Mời phát biểu|Có mặt/ }),
  ).toHaveCount(0);
  // Nor through the API.
  const code = await page.request.get(`/api/v1/meetings/${meetingId}/check-in-code`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  expect(code.status()).toBe(403);
  await expectNoRawText(page);
  await expectAccessible(page);
  await expectTouchTargets(page);
});

test("a secretary opening another base committee's meeting by its address is told it is not found", async ({
  page,
}) => {
  // A meeting of the cell of Sở Tài chính, found as admin (the demo data holds none there:
  // its secretary plans one first).
  const admin = await apiToken(page.request, "admin");
  const units = await page.request.get("/api/v1/units", {
    params: { limit: 200 },
    headers: { Authorization: `Bearer ${admin}` },
  });
  const cell = ((await units.json()) as { items: { id: number; kind: string; name: string }[] })
    .items.find((u) => u.kind === "cell" && u.name.includes("Sở Tài chính"));
  expect(cell).toBeTruthy();
  if ((await listMeetings(page.request, admin, { unit_id: cell!.id })).length === 0) {
    const planner = await apiToken(page.request, "bithu.taichinh");
    const created = await page.request.post("/api/v1/meetings", {
      headers: { Authorization: `Bearer ${planner}` },
      data: {
        unit_id: cell!.id,
        meeting_type: "extraordinary",
        planned_start: `${uniqueStart()}:00+07:00`,
      },
    });
    expect(created.ok()).toBeTruthy();
  }
  const [outside] = await listMeetings(page.request, admin, { unit_id: cell!.id });
  expect(outside).toBeTruthy();

  for (const username of ["bithu.noivu", "dangvien.noivu"]) {
    await signIn(page, username);
    await page.goto(`/sinh-hoat/${outside.id}`);
    await expect(page.getByRole("alert")).toContainText(NOT_FOUND);
    await expect(page.getByRole("heading", { name: outside.title })).toHaveCount(0);
    await expectNoRawText(page);
    await page.getByRole("link", { name: "Về danh sách buổi sinh hoạt" }).click();
    await expect(page).toHaveURL(/\/sinh-hoat$/);
    // Signed out for the next account.
    await page.evaluate(() => localStorage.clear());
    await page.context().clearCookies();
  }
  // A meeting that does not exist reads the same.
  await signIn(page, "bithu.noivu");
  await page.goto("/sinh-hoat/99999999");
  await expect(page.getByRole("alert")).toContainText(NOT_FOUND);
});
