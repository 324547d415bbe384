import { expect, test, type APIRequestContext, type Page, e2eNow } from "./fixtures";

import { expectAccessible, expectTouchTargets, PASSWORD, signIn } from "./helpers";
import { expectNoRawText, settle } from "./meeting-helpers";

test("the administrator finds accounts, creates one after a mistake, and deactivates it", async ({
  page,
  request,
}) => {
  await signIn(page, "admin");
  await page.getByRole("navigation").getByRole("link", { name: "Quản trị" }).click();
  await expect(page).toHaveURL(/\/quan-tri\/tai-khoan$/);
  await expect(page.getByRole("heading", { name: "Tài khoản người dùng" })).toBeVisible();
  await expect(page.getByRole("link", { name: /\(bithu\.noivu\)/ })).toBeVisible();
  await expectAccessible(page);
  await expectTouchTargets(page);

  // Search and filter by role.
  await page.getByLabel("Tìm theo họ tên hoặc tên đăng nhập").fill("noivu");
  await expect(page.getByRole("link", { name: /\(dangvien\.noivu\)/ })).toBeVisible();
  await expect(page.getByRole("link", { name: /\(bithu\.taichinh\)/ })).toHaveCount(0);
  await page.getByLabel("Vai trò").selectOption({ label: "Bí thư chi bộ" });
  await expect(page.getByRole("link", { name: /\(bithu\.noivu\)/ })).toBeVisible();
  await expect(page.getByRole("link", { name: /\(dangvien\.noivu\)/ })).toHaveCount(0);

  // A new account: a username with a space is refused in Vietnamese, then fixed.
  const username = `dv.moi.${Date.now().toString(36)}`;
  await page.getByRole("button", { name: "Tạo tài khoản" }).click();
  const form = page.getByRole("form", { name: "Tài khoản mới" });
  await form.getByLabel("Tên đăng nhập").fill("dang vien moi");
  await form.getByLabel("Họ và tên").fill("Trần Thị Thử");
  await form.getByLabel("Vai trò").selectOption("member");
  await form.getByLabel("Đơn vị").selectOption({ index: 1 });
  await form.getByLabel("Mật khẩu ban đầu").fill("ngan");
  await form.getByRole("button", { name: "Tạo", exact: true }).click();
  await expect(form.getByText(/^Tên đăng nhập phải dài 3–64 ký tự/)).toBeVisible();
  await expect(form.getByText("Mật khẩu mới phải có ít nhất 8 ký tự.")).toBeVisible();
  await expectAccessible(page);
  await expectTouchTargets(page);
  await form.getByLabel("Tên đăng nhập").fill(username);
  await form.getByLabel("Mật khẩu ban đầu").fill(PASSWORD);
  await form.getByRole("button", { name: "Tạo", exact: true }).click();
  await expect(page.getByText(`Đã tạo tài khoản ${username}.`)).toBeVisible();
  await expect(form).toHaveCount(0);

  // Open it and deactivate it.
  await page.getByLabel("Vai trò").selectOption("");
  await page.getByLabel("Tìm theo họ tên hoặc tên đăng nhập").fill(username);
  await page.getByRole("link", { name: new RegExp(`\\(${username.replace(/\./g, "\\.")}\\)`) }).click();
  await expect(page.getByRole("heading", { name: "Trần Thị Thử" })).toBeVisible();
  await expect(page.getByText("Đang hoạt động").first()).toBeVisible();
  await settle(page);
  await expectAccessible(page);
  await expectTouchTargets(page);
  await page.getByLabel("Trạng thái").selectOption({ label: "Đã vô hiệu hóa" });
  await page.getByRole("button", { name: "Lưu thay đổi" }).click();
  await expect(page.getByText("Đã lưu thay đổi.")).toBeVisible();
  await expect(page.locator(".ant-descriptions").getByText("Đã vô hiệu hóa")).toBeVisible();
  await expectNoRawText(page);

  // A deactivated account cannot sign in.
  const login = await request.post("/api/v1/auth/login", {
    data: { username, password: PASSWORD },
  });
  expect(login.status()).toBe(401);
});

test("the administrator reads a rating sheet version and loads a new one from a file", async ({
  page,
  request,
}) => {
  await signIn(page, "admin");
  await page.goto("/quan-tri/phieu-danh-gia");
  await expect(page.getByRole("heading", { name: "Phiếu đánh giá", level: 2 })).toBeVisible();
  await expect(page.getByText(/phiên bản/).first()).toBeVisible();
  await expectAccessible(page);
  await expectTouchTargets(page);

  // A broken sheet: the server's problems, in Vietnamese.
  const broken = [
    "code: qd17-thu",
    "name: Phiếu thử",
    "meeting_types: [regular]",
    "levels:",
    "  - {code: good, name: Tốt, min_points: 50}",
    "  - {code: poor, name: Kém, min_points: 0}",
    "criteria:",
    "  - code: c1",
    "    title: Tiêu chí một",
    "    max_points: 90",
    "    items:",
    "      - {code: i1, title: Nội dung, max_points: 80, mode: yes_no, source: judged}",
  ].join("\n");
  await page.getByLabel("Tệp phiếu (JSON hoặc YAML)").setInputFiles({
    name: "phieu-thu.yaml",
    mimeType: "application/yaml",
    buffer: Buffer.from(broken, "utf-8"),
  });
  await page.getByRole("button", { name: "Nạp phiếu" }).click();
  await expect(page.getByRole("alert")).toContainText("Phiếu đánh giá không hợp lệ");
  await expect(
    page.getByText("Tổng điểm các tiêu chí là 90, không bằng tổng điểm phiếu 100."),
  ).toBeVisible();
  await expect(page.getByText("Tiêu chí c1: tổng điểm các nội dung là 80, không bằng 90.")).toBeVisible();
  await expectNoRawText(page);

  // A new version of the regular sheet, same content, in force from 2032 (after every
  // meeting the tests create).
  const token = (
    (await (
      await request.post("/api/v1/auth/login", { data: { username: "admin", password: PASSWORD } })
    ).json()) as { access_token: string }
  ).access_token;
  const sheets = (await (
    await request.get("/api/v1/rating-sheets?all=true", {
      headers: { Authorization: `Bearer ${token}` },
    })
  ).json()) as { id: number; code: string; version_number: number }[];
  const regular = sheets.filter((s) => s.code === "qd17-regular");
  const latest = regular.sort((a, b) => b.version_number - a.version_number)[0];
  const detail = (await (
    await request.get(`/api/v1/rating-sheets/${latest.id}`, {
      headers: { Authorization: `Bearer ${token}` },
    })
  ).json()) as { definition: object; name: string };
  await page.getByLabel("Tệp phiếu (JSON hoặc YAML)").setInputFiles({
    name: "qd17-regular.json",
    mimeType: "application/json",
    buffer: Buffer.from(JSON.stringify(detail.definition), "utf-8"),
  });
  await page.getByLabel("Ngày bắt đầu áp dụng (không bắt buộc)").fill("01/01/2032");
  await page.getByRole("button", { name: "Nạp phiếu" }).click();
  const next = latest.version_number + 1;
  await expect(page.getByText(`Đã nạp ${detail.name}, phiên bản ${next}.`)).toBeVisible();

  // The new version is listed; open it.
  await page.getByRole("link", { name: `Xem phiên bản ${next} (áp dụng từ 01/01/2032)` }).click();
  await expect(page).toHaveURL(/\/quan-tri\/phieu-danh-gia\/\d+$/);
  await expect(page.getByRole("heading", { name: detail.name, level: 2 })).toBeVisible();
  await expect(page.locator("article strong", { hasText: `Phiên bản ${next}` })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Các mức xếp loại" })).toBeVisible();
  await expect(page.getByText(/^Tốt$/)).toBeVisible();
  await expect(page.getByText("Tính từ dữ liệu buổi họp").first()).toBeVisible();
  await expect(page.getByText(/Thời gian, thời lượng sinh hoạt \(5 điểm\)/)).toBeVisible();
  await expectNoRawText(page);
  await settle(page);
  await expectAccessible(page);
  await expectTouchTargets(page);
});

/** "HH:mm dd/mm/yyyy" of each audit row, as "yyyy-mm-dd HH:mm" (sortable). */
async function rowTimes(page: Page): Promise<string[]> {
  const texts = await page.locator(".admin-audit .ant-list-item").allInnerTexts();
  return texts.map((text) => {
    const m = /(\d{2}):(\d{2}) (\d{2})\/(\d{2})\/(\d{4})/.exec(text);
    expect(m, text).not.toBeNull();
    const [, hh, mm, d, mo, y] = m as RegExpExecArray;
    return `${y}-${mo}-${d} ${hh}:${mm}`;
  });
}

function newestFirst(times: string[]): boolean {
  return times.every((time, i) => i === 0 || times[i - 1] >= time);
}

/** A member account of its own that has signed in `logins` times, made through the API. */
async function busyAccount(request: APIRequestContext, logins: number) {
  const login = await request.post("/api/v1/auth/login", {
    data: { username: "admin", password: PASSWORD },
  });
  const { access_token } = (await login.json()) as { access_token: string };
  const headers = { Authorization: `Bearer ${access_token}` };
  const cells = await request.get("/api/v1/units?kind=cell&limit=1", { headers });
  const [cell] = ((await cells.json()) as { items: { id: number }[] }).items;
  const username = `nk.thu.${Date.now().toString(36)}`;
  const created = await request.post("/api/v1/users", {
    headers,
    data: {
      username,
      full_name: "Người Ghi Nhật Ký",
      password: PASSWORD,
      role: "member",
      unit_id: cell.id,
    },
  });
  expect(created.status()).toBe(201);
  const { id } = (await created.json()) as { id: number };
  for (let i = 0; i < logins; i++) {
    const own = await request.post("/api/v1/auth/login", {
      data: { username, password: PASSWORD },
    });
    expect(own.status()).toBe(200);
  }
  return { username, id };
}

test("the administrator reads the audit log newest first, filtered and paged by the server", async ({
  page,
  request,
}) => {
  const busy = await busyAccount(request, 55);
  await signIn(page, "admin");
  await page.getByRole("navigation").getByRole("link", { name: "Quản trị" }).click();
  await page.getByRole("link", { name: "Nhật ký" }).click();
  await expect(page.getByRole("heading", { name: "Nhật ký hệ thống" })).toBeVisible();
  await expect(page.getByText("Mới nhất ở trên cùng.", { exact: false })).toBeVisible();
  // Newest first: the administrator's own sign-in, just now, heads the log.
  const rows = page.locator(".admin-audit .ant-list-item");
  await expect(rows.first()).toContainText("Đăng nhập");
  await expect(rows.first()).toContainText("bởi admin");
  await expect(page.getByRole("status")).toHaveText(/^50 mục mới nhất; bấm “Tải thêm”/);
  expect(newestFirst(await rowTimes(page))).toBe(true);
  await expect(page.getByText(/mục khớp trong/)).toHaveCount(0);
  await expectAccessible(page);
  await expectTouchTargets(page);

  // Every action on accounts (a group): the account made above comes first.
  await page.getByLabel("Thao tác").selectOption({ label: "Mọi thao tác về tài khoản" });
  await page.getByRole("button", { name: "Lọc", exact: true }).click();
  await expect(rows.first()).toContainText("Tạo tài khoản");
  await expect(rows.first()).toContainText(`Tài khoản số ${busy.id}`);
  for (const text of await rows.allInnerTexts()) {
    expect(text).toMatch(/^(Tạo|Sửa) tài khoản|^Đặt lại mật khẩu|^Mở khóa tài khoản/);
  }
  expect(newestFirst(await rowTimes(page))).toBe(true);

  // One person's sign-ins: 55 entries, in two pages that carry on newest first.
  await page.getByLabel("Thao tác").selectOption({ label: "Đăng nhập" });
  await page
    .getByLabel("Người thực hiện")
    .selectOption({ label: `Người Ghi Nhật Ký (${busy.username})` });
  await page.getByRole("button", { name: "Lọc", exact: true }).click();
  await expect(page.getByRole("status")).toHaveText(/^50 mục mới nhất/);
  await expect(rows).toHaveCount(50);
  await page.getByRole("button", { name: "Tải thêm" }).click();
  await expect(rows).toHaveCount(55);
  await expect(page.getByRole("status")).toHaveText("55 mục");
  await expect(page.getByRole("button", { name: "Tải thêm" })).toHaveCount(0);
  for (const text of await rows.allInnerTexts()) {
    expect(text).toContain(`bởi ${busy.username}`);
    expect(text).toContain("Đăng nhập");
  }
  expect(newestFirst(await rowTimes(page))).toBe(true);
  await expectNoRawText(page);

  // The administrator's own sign-ins, from today.
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Ho_Chi_Minh" }).format(
    e2eNow(),
  );
  await page.getByLabel("Người thực hiện").selectOption({ label: "Quản trị hệ thống (admin)" });
  await page.getByLabel("Loại bản ghi").selectOption({ label: "Tài khoản" });
  // Days are typed the Vietnamese way, dd/mm/yyyy.
  const typed = (iso: string) => iso.split("-").reverse().join("/");
  await page.getByLabel("Từ ngày").fill(typed(today));
  await page.getByLabel("Đến ngày").fill(typed(today));
  await page.getByRole("button", { name: "Lọc", exact: true }).click();
  await expect(rows.first()).toBeVisible();
  for (const text of await rows.allInnerTexts()) {
    expect(text).toContain("Đăng nhập");
    expect(text).toContain("bởi admin");
    expect(text).toContain("Tài khoản số");
  }
  await expectNoRawText(page);

  // A period that runs backwards is refused; up to yesterday: nothing from today.
  const yesterday = new Date(Date.parse(`${today}T12:00:00Z`) - 86_400_000)
    .toISOString()
    .slice(0, 10);
  await page.getByLabel("Đến ngày").fill(typed(yesterday));
  await page.getByRole("button", { name: "Lọc", exact: true }).click();
  await expect(page.getByRole("alert")).toContainText("Ngày “Đến ngày” phải bằng hoặc sau");
  await page.getByLabel("Từ ngày").fill("");
  await page.getByRole("button", { name: "Lọc", exact: true }).click();
  await expect(page.getByText("Không có mục nhật ký nào khớp.")).toBeVisible();
  await expect(page.getByRole("alert")).toHaveCount(0);
  await settle(page);
  await expectAccessible(page);
  await expectTouchTargets(page);
  await page.getByRole("button", { name: "Bỏ lọc" }).click();
  await expect(rows.first()).toContainText("bởi admin");
});

test("a non-administrator going to the admin screens lands on the home screen", async ({
  page,
}) => {
  await signIn(page, "bithu.noivu");
  await expect(page.getByRole("navigation").getByRole("link", { name: "Quản trị" })).toHaveCount(0);
  await page.goto("/quan-tri/tai-khoan");
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByText("Xin chào")).toBeVisible();
});
