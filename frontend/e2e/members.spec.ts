import { expect, test, type APIRequestContext, type Page, e2eNow } from "./fixtures";

import { expectAccessible, expectTouchTargets, PASSWORD, signIn } from "./helpers";

// Each run adds its own members with a unique name and takes them off the rolls at the end,
// so that the demo counts other specs rely on (65 members of Sở Nội vụ) stay as they were.
const RUN = Date.now()
  .toString(36)
  .replace(/\d/g, (d) => "abcdefghij"[Number(d)]);
const TAG = RUN.charAt(0).toUpperCase() + RUN.slice(1);
const NEW_NAME = `Đặng Thị Thử ${TAG}`;
const NEW_NAME_FOLDED = `dang thi thu ${RUN}`;
const DUE_NAME = `Lê Văn Kiểm ${TAG}`;
const MOVED_NAME = `Phạm Văn Chuyển ${TAG}`;

/** A bearer token for direct API calls (setup and clean-up, never the checks themselves). */
async function tokenOf(request: APIRequestContext, username: string): Promise<string> {
  const response = await request.post("/api/v1/auth/login", {
    data: { username, password: PASSWORD },
  });
  expect(response.ok()).toBeTruthy();
  return ((await response.json()) as { access_token: string }).access_token;
}

async function findMembers(request: APIRequestContext, token: string, q: string) {
  const response = await request.get("/api/v1/members", {
    params: { q, limit: 50 },
    headers: { Authorization: `Bearer ${token}` },
  });
  expect(response.ok()).toBeTruthy();
  type Found = { id: number; full_name: string; version: number };
  return ((await response.json()) as { items: Found[] }).items;
}

test.afterAll(async ({ playwright }, testInfo) => {
  // Whatever a failed test left: this run's members leave the rolls.
  const request = await playwright.request.newContext({ baseURL: testInfo.project.use.baseURL });
  // The base committee sees them in whichever of its cells they ended up.
  const token = await tokenOf(request, "dangbo.noivu");
  for (const member of await findMembers(request, token, RUN)) {
    await request.post(`/api/v1/members/${member.id}/leave`, {
      headers: { Authorization: `Bearer ${token}` },
      data: { version: member.version, state: "removed", left_on: todayInVietnam() },
    });
  }
  await request.dispose();
});

function todayInVietnam(): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Ho_Chi_Minh" }).format(e2eNow());
}

/** A section of the member's page, found by its heading. */
function section(page: Page, heading: string) {
  return page.locator("section", { has: page.getByRole("heading", { name: heading }) });
}

async function openMembers(page: Page) {
  await page.getByRole("navigation").getByRole("link", { name: "Đảng viên" }).click();
  await expect(page.getByText(/^\d+ đảng viên$/)).toBeVisible();
}

test("a secretary adds a member, fixes a mistake, finds, edits and exempts them", async ({
  page,
  request,
}) => {
  await signIn(page, "bithu.noivu");
  await openMembers(page);
  await expectAccessible(page);
  await expectTouchTargets(page);

  // A party card number already in use, read from a demo member's page.
  await page.getByLabel("Tìm kiếm").fill("nguyen van an");
  await expect(page.getByText("1 đảng viên", { exact: true })).toBeVisible();
  await page.getByRole("link", { name: /^Nguyễn Văn An\b/ }).click();
  await expect(page.getByRole("heading", { level: 2, name: "Nguyễn Văn An" })).toBeVisible();
  const takenCard = (
    await page.locator(".ant-descriptions-item", { hasText: "Số thẻ đảng viên" })
      .locator(".ant-descriptions-item-content")
      .innerText()
  ).trim();
  expect(takenCard).toMatch(/^38\./);

  await openMembers(page);
  await page.getByRole("button", { name: "Thêm đảng viên" }).click();
  await expect(page.getByRole("heading", { name: "Thêm đảng viên" })).toBeVisible();
  // The secretary's only cell is chosen already.
  await expect(page.getByLabel("Chi bộ", { exact: true })).toHaveValue(/\d+/);
  await expectAccessible(page);
  await expectTouchTargets(page);

  // A mistake: the official date comes before the 12 months of probation are over.
  await page.getByLabel("Họ và tên").fill(NEW_NAME);
  await page.getByLabel("Loại đảng viên").selectOption({ label: "Chính thức" });
  await page.getByLabel("Giới tính").selectOption({ label: "Nữ" });
  await page.getByLabel("Ngày sinh").fill("02/09/1990");
  await page.getByLabel("Ngày vào Đảng").fill("15/03/2015");
  await page.getByLabel("Ngày chính thức").fill("01/01/2016");
  await page.getByLabel("Thư điện tử").fill("khong-hop-le");
  await page.getByRole("button", { name: "Thêm đảng viên" }).click();
  await expect(
    page.getByText("Thời gian dự bị là 12 tháng: ngày chính thức sớm nhất là 15/03/2016."),
  ).toBeVisible();
  await expect(page.getByText("Địa chỉ thư điện tử không hợp lệ.")).toBeVisible();
  await expect(page.getByLabel("Ngày chính thức")).toHaveAttribute("aria-invalid", "true");
  // Nothing typed is lost.
  await expect(page.getByLabel("Họ và tên")).toHaveValue(NEW_NAME);
  await expect(page.getByLabel("Ngày vào Đảng")).toHaveValue("15/03/2015");
  await expectAccessible(page);

  await page.getByLabel("Ngày chính thức").fill("15/03/2016");
  await page.getByLabel("Thư điện tử").fill(`thu.${RUN}@example.vn`);
  await page.getByRole("button", { name: "Thêm đảng viên" }).click();
  await expect(page.getByRole("heading", { level: 2, name: NEW_NAME })).toBeVisible();
  await expect(page.locator(".ant-descriptions").getByText("15/03/2016")).toBeVisible();

  // Found in the list without diacritics, and opened from there.
  await openMembers(page);
  await page.getByLabel("Tìm kiếm").fill(NEW_NAME_FOLDED);
  await expect(page.getByText("1 đảng viên", { exact: true })).toBeVisible();
  await page.getByRole("link", { name: new RegExp(NEW_NAME) }).click();
  await expect(page.getByRole("heading", { level: 2, name: NEW_NAME })).toBeVisible();
  await expectAccessible(page);
  await expectTouchTargets(page);

  // Edit: the server refuses a card another member holds, beside the card field.
  await page.getByRole("button", { name: "Sửa thông tin" }).click();
  await expect(page.getByRole("heading", { name: `Sửa thông tin: ${NEW_NAME}` })).toBeVisible();
  await expectAccessible(page);
  await expectTouchTargets(page);
  await page.getByLabel("Chức vụ, công việc").fill("Chuyên viên Phòng Tổ chức");
  await page.getByLabel("Số thẻ đảng viên").fill(takenCard);
  await page.getByRole("button", { name: "Lưu thay đổi" }).click();
  await expect(page.getByText("Số thẻ đảng viên đã được dùng cho người khác.")).toBeVisible();
  await expect(page.getByLabel("Số thẻ đảng viên")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("Chức vụ, công việc")).toHaveValue("Chuyên viên Phòng Tổ chức");

  // Someone else saves the record meanwhile: the save is refused, the typing kept.
  const token = await tokenOf(request, "dangbo.noivu");
  const [created] = await findMembers(request, token, RUN);
  const other = await request.patch(`/api/v1/members/${created.id}`, {
    headers: { Authorization: `Bearer ${token}` },
    data: { version: created.version, phone: "0912 000 111" },
  });
  expect(other.ok()).toBeTruthy();
  await page.getByLabel("Số thẻ đảng viên").fill("");
  await page.getByRole("button", { name: "Lưu thay đổi" }).click();
  await expect(page.getByText(/đã được người khác sửa/)).toBeVisible();
  await page.getByRole("button", { name: "Tải lại" }).click();
  await expect(page.getByLabel("Điện thoại")).toHaveValue("0912 000 111");
  await expect(page.getByLabel("Chức vụ, công việc")).toHaveValue("Chuyên viên Phòng Tổ chức");
  await page.getByRole("button", { name: "Lưu thay đổi" }).click();
  await expect(page.getByRole("heading", { level: 2, name: NEW_NAME })).toBeVisible();
  await expect(page.getByText("Chuyên viên Phòng Tổ chức")).toBeVisible();

  // An exemption (miễn sinh hoạt), then the history shows it.
  await page.getByRole("button", { name: "Thêm miễn sinh hoạt" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByLabel("Từ ngày")).not.toHaveValue("");
  await dialog.getByRole("button", { name: "Lưu" }).click();
  await expect(dialog.getByText("Lý do phải có từ 2 đến 500 ký tự.")).toBeVisible();
  await dialog.getByLabel("Lý do").fill("Tuổi cao, sức khỏe yếu");
  await dialog.getByLabel("Số nghị quyết của chi bộ").fill("09-NQ/CB");
  await expectAccessible(page);
  await dialog.getByRole("button", { name: "Lưu" }).click();
  await expect(dialog).toBeHidden();
  const exemptions = section(page, "Miễn công tác và sinh hoạt đảng");
  await expect(exemptions.getByText("Tuổi cao, sức khỏe yếu")).toBeVisible();
  await expect(exemptions.getByText("Đang miễn")).toBeVisible();
  const history = section(page, "Quá trình");
  await expect(history.getByText("Miễn công tác và sinh hoạt đảng")).toBeVisible();
  await expect(history.getByText("Công nhận đảng viên chính thức")).toBeVisible();

  // The member leaves the rolls, after a confirmation.
  await page.getByRole("button", { name: "Rời danh sách" }).click();
  await page
    .getByRole("dialog")
    .getByLabel("Hình thức")
    .selectOption({ label: "Chuyển ra ngoài hệ thống" });
  await page.getByRole("dialog").getByRole("button", { name: "Rời danh sách" }).click();
  await expect(page.getByText(/Thao tác này không hoàn tác được/)).toBeVisible();
  await page.getByRole("button", { name: "Xác nhận" }).click();
  await expect(page.locator(".members-head").getByText("Đã chuyển đi")).toBeVisible();
  await expect(page.getByRole("button", { name: "Sửa thông tin" })).toHaveCount(0);
});

test("the cell proposes and the base committee decides official status after the probation", async ({
  page,
}) => {
  const admitted = e2eNow();
  admitted.setMonth(admitted.getMonth() - 13);
  const two = (n: number) => String(n).padStart(2, "0");
  const typed = [two(admitted.getDate()), two(admitted.getMonth() + 1), admitted.getFullYear()].join(
    "/",
  );
  await signIn(page, "bithu.noivu");
  await page.goto("/dang-vien/moi");
  await page.getByLabel("Họ và tên").fill(DUE_NAME);
  await page.getByLabel("Loại đảng viên").selectOption({ label: "Dự bị" });
  await page.getByLabel("Ngày vào Đảng").fill(typed);
  await page.getByRole("button", { name: "Thêm đảng viên" }).click();
  await expect(page.getByRole("heading", { level: 2, name: DUE_NAME })).toBeVisible();
  await expect(page.getByText(/đến hạn xét công nhận chính thức/)).toBeVisible();
  await expect(page.getByText(/Hạn chi bộ xét, đề nghị công nhận chính thức: \d{2}\/\d{2}\/\d{4}/)).toBeVisible();
  // The secretary proposes, citing the cell's resolution; deciding is not theirs.
  await expect(page.getByRole("button", { name: "Quyết định công nhận chính thức" })).toHaveCount(0);
  await page.getByRole("button", { name: "Đề nghị công nhận chính thức" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Số nghị quyết của chi bộ").fill("07-NQ/CB");
  await dialog.getByRole("button", { name: "Đề nghị công nhận chính thức" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText(/chờ Đảng ủy cơ sở quyết định/)).toBeVisible();
  const memberUrl = new URL(page.url()).pathname;

  // The base committee decides.
  await page.getByRole("navigation").getByRole("link", { name: "Tài khoản" }).click();
  await page.getByRole("button", { name: "Đăng xuất" }).click();
  await expect(page.getByLabel("Mật khẩu")).toBeVisible();
  await signIn(page, "dangbo.noivu");
  await page.goto(memberUrl);
  await page.getByRole("button", { name: "Quyết định công nhận chính thức" }).click();
  const decide = page.getByRole("dialog");
  await decide.getByLabel("Số quyết định").fill("12-QĐ/ĐU");
  await decide.getByRole("button", { name: "Quyết định công nhận chính thức" }).click();
  await expect(decide).toBeHidden();
  await expect(page.locator(".members-head").getByText("Chính thức")).toBeVisible();
  await expect(page.getByRole("button", { name: "Quyết định công nhận chính thức" })).toHaveCount(0);
});

test("the base committee filters members by cell and status", async ({ page }) => {
  await signIn(page, "dangbo.noivu");
  await openMembers(page);
  await page.getByLabel("Loại đảng viên").selectOption({ label: "Dự bị" });
  await expect(page.getByText("3 đảng viên", { exact: true })).toBeVisible();
  const rows = page.locator(".members-row");
  await expect(rows).toHaveCount(3);
  for (const row of await rows.all()) await expect(row).toContainText("Dự bị");

  await page.getByLabel("Loại đảng viên").selectOption({ label: "Tất cả" });
  await page
    .getByLabel("Chi bộ", { exact: true })
    .selectOption({ label: "Chi bộ Thi đua – Khen thưởng" });
  await expect(page.getByText("13 đảng viên", { exact: true })).toBeVisible();
  for (const row of await rows.all()) {
    await expect(row).toContainText("Chi bộ Thi đua – Khen thưởng");
  }
  await Promise.all([
    page.waitForResponse(
      (r) => r.url().includes("/api/v1/members?") && r.url().includes("status=official"),
    ),
    page.getByLabel("Loại đảng viên").selectOption({ label: "Chính thức" }),
  ]);
  const officials = Number((await page.getByText(/^\d+ đảng viên$/).innerText()).split(" ")[0]);
  expect(officials).toBeGreaterThan(0);
  expect(officials).toBeLessThanOrEqual(13);
  for (const row of await rows.all()) await expect(row).toContainText("Chính thức");
  // The filters stay in the address: back from a member, the same list.
  await rows.first().click();
  await expect(page.getByRole("heading", { level: 2 })).toBeVisible();
  await page.goBack();
  await expect(page.getByLabel("Chi bộ", { exact: true })).toHaveValue(/\d+/);
  // The count shows once the list for the restored filters has come (a loaded machine may
  // take longer than the default 5 s).
  await expect(page.getByText(`${officials} đảng viên`, { exact: true })).toBeVisible({
    timeout: 15_000,
  });
  await expectAccessible(page);
  await expectTouchTargets(page);
});

test("the base committee adds a member, sends them to another cell a while, then transfers them", async ({
  page,
}) => {
  await signIn(page, "dangbo.noivu");
  await page.goto("/dang-vien/moi");
  await page.getByLabel("Chi bộ", { exact: true }).selectOption({ label: "Chi bộ Nội vụ" });
  await page.getByLabel("Họ và tên").fill(MOVED_NAME);
  await page.getByLabel("Loại đảng viên").selectOption({ label: "Chính thức" });
  await page.getByLabel("Ngày vào Đảng").fill("01/06/2010");
  await page.getByLabel("Ngày chính thức").fill("01/06/2011");
  await page.getByRole("button", { name: "Thêm đảng viên" }).click();
  await expect(page.getByRole("heading", { level: 2, name: MOVED_NAME })).toBeVisible();
  const profile = page.locator(".ant-descriptions");
  await expect(profile.getByText("Chi bộ Nội vụ")).toBeVisible();

  // Sinh hoạt tạm thời at another cell, then its end.
  const temporary = section(page, "Sinh hoạt đảng tạm thời");
  await page.getByRole("button", { name: "Bắt đầu sinh hoạt tạm thời" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByRole("button", { name: "Lưu" }).click();
  await expect(dialog.getByText("Vui lòng chọn chi bộ.")).toBeVisible();
  await dialog
    .getByLabel("Chi bộ sinh hoạt tạm thời")
    .selectOption({ label: "Chi bộ Ban Tôn giáo" });
  await expectAccessible(page);
  await dialog.getByRole("button", { name: "Lưu" }).click();
  await expect(dialog).toBeHidden();
  await expect(temporary.getByText("Tại Chi bộ Ban Tôn giáo")).toBeVisible();
  await expect(temporary.getByText("Đang sinh hoạt tạm thời")).toBeVisible();
  await temporary.getByRole("button", { name: /Kết thúc/ }).click();
  await dialog.getByRole("button", { name: "Lưu" }).click();
  await expect(dialog).toBeHidden();
  await expect(temporary.getByText(/^Từ \d\d\/\d\d\/\d{4} đến \d\d\/\d\d\/\d{4}$/)).toBeVisible();
  await expect(temporary.getByRole("button", { name: /Kết thúc/ })).toHaveCount(0);

  // Chuyển sinh hoạt chính thức: the record moves to the other cell, the history keeps both.
  await page.getByRole("button", { name: "Chuyển sinh hoạt chính thức" }).click();
  await dialog
    .getByLabel("Chuyển đến chi bộ")
    .selectOption({ label: "Chi bộ Trung tâm Lưu trữ lịch sử" });
  await dialog.getByLabel("Số quyết định (không bắt buộc)").fill("31-QĐ/ĐU");
  await dialog.getByRole("button", { name: "Chuyển sinh hoạt chính thức" }).click();
  await expect(dialog).toBeHidden();
  await expect(profile.getByText("Chi bộ Trung tâm Lưu trữ lịch sử")).toBeVisible();
  const history = section(page, "Quá trình");
  await expect(history.getByText("Chuyển sinh hoạt đi")).toBeVisible();
  await expect(history.getByText("Chuyển sinh hoạt đến")).toBeVisible();
  await expect(history.getByText(/31-QĐ\/ĐU/).first()).toBeVisible();
  await expectAccessible(page);
  await expectTouchTargets(page);
});

test("a member sees their own attendance and speeches, and nothing to manage", async ({
  page,
  request,
}) => {
  const token = await tokenOf(request, "dangbo.noivu");
  const [elsewhere] = await findMembers(request, token, "tran xuan loc");
  expect(elsewhere.full_name).toBe("Trần Xuân Lộc");

  await signIn(page, "dangvien.noivu");
  await page.getByRole("navigation").getByRole("link", { name: "Cá nhân" }).click();
  await expect(page.getByRole("heading", { level: 2, name: "Đinh Thị Hoài Thu" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Lý lịch" })).toBeVisible();
  const managing = ["Sửa thông tin", "Thêm miễn sinh hoạt", "Rời danh sách"];
  for (const name of [...managing, "Đề nghị công nhận chính thức"]) {
    await expect(page.getByRole("button", { name })).toHaveCount(0);
  }
  await expectAccessible(page);
  await expectTouchTargets(page);

  await page.getByRole("tab", { name: "Sinh hoạt" }).click();
  const attendance = section(page, "Tham gia sinh hoạt");
  await expect(attendance.getByText("Tỷ lệ dự họp")).toBeVisible();
  await expect(attendance.getByText(/^\d+%$/)).toBeVisible();
  await expect(attendance.getByRole("link").first()).toBeVisible();
  const marked = attendance.locator(".ant-list .ant-tag", {
    hasText: /^(Có mặt|Đến muộn|Vắng có lý do|Vắng không lý do)$/,
  });
  expect(await marked.count()).toBeGreaterThan(0);
  const speeches = section(page, "Ý kiến phát biểu");
  await expect(speeches.getByText("Số lần phát biểu")).toBeVisible();
  const spoken = Number(await speeches.locator(".members-figure-value").first().innerText());
  if (spoken > 0) await expect(speeches.getByRole("link").first()).toBeVisible();
  else await expect(speeches.getByText("Chưa có ý kiến phát biểu")).toBeVisible();
  await expect(page.getByRole("button", { name: "Sửa thông tin" })).toHaveCount(0);
  await expectAccessible(page);
  await expectTouchTargets(page);

  // No form for a member, and another cell's member does not exist for them.
  await page.goto("/dang-vien/moi");
  await expect(page.getByText("Bạn không có quyền thêm hoặc sửa đảng viên.")).toBeVisible();
  await expect(page.getByLabel("Họ và tên")).toHaveCount(0);
  await page.goto(`/dang-vien/${elsewhere.id}`);
  await expect(
    page.getByText("Không tìm thấy đảng viên, hoặc đảng viên không thuộc phạm vi của bạn."),
  ).toBeVisible();
  await expect(page.getByText("Trần Xuân Lộc")).toHaveCount(0);
  await page.goto(`/dang-vien/${elsewhere.id}/sua`);
  await expect(page.getByText(/Không tìm thấy đảng viên/)).toBeVisible();
  await expect(page.getByLabel("Họ và tên")).toHaveCount(0);
  await expectAccessible(page);
});
