import { expect, test, type APIRequestContext, type Page, E2E_DAY } from "./fixtures";

import { expectAccessible, expectTouchTargets, PASSWORD, signIn } from "./helpers";

/** What the API tells this user: the screen is checked against it, not against fixed values. */
async function apiAs(request: APIRequestContext, username: string) {
  const login = await request.post("/api/v1/auth/login", {
    data: { username, password: PASSWORD },
  });
  const { access_token } = (await login.json()) as { access_token: string };
  return async <T>(path: string): Promise<T> => {
    const response = await request.get(path, {
      headers: { Authorization: `Bearer ${access_token}` },
    });
    expect(response.ok()).toBeTruthy();
    return (await response.json()) as T;
  };
}

const LEVEL: Record<string, string> = {
  good: "Tốt",
  fair: "Khá",
  average: "Trung bình",
  poor: "Kém",
};

async function openTab(page: Page, name: string) {
  const tab = page
    .getByRole("navigation", { name: "Các mục của tổ chức" })
    .getByRole("button", { name });
  await tab.click();
  await expect(tab).toHaveAttribute("aria-pressed", "true");
}

test("the base committee opens the tree, then a cell's members, committee, compliance, ratings and charts", async ({
  page,
  request,
}) => {
  test.setTimeout(120_000);
  const cellOf = await apiAs(request, "bithu.noivu");
  const cell = await cellOf<{ unit_id: number; unit_name: string }>("/api/v1/auth/me");
  const get = await apiAs(request, "dangbo.noivu");
  const year = Number(E2E_DAY.slice(0, 4));
  const ratings = await get<{
    items: { meeting_title: string; status: string; approved_level: string | null }[];
  }>(`/api/v1/ratings?unit_id=${cell.unit_id}&from=${year}-01-01&to=${year}-12-31&limit=200`);
  const finals = ratings.items.filter((r) => r.status === "final" && r.approved_level);
  expect(finals.length).toBeGreaterThan(0);
  const seats = await get<{ member_name: string }[]>(`/api/v1/units/${cell.unit_id}/committee`);
  const members = await get<{ items: { full_name: string }[] }>(
    `/api/v1/members?unit_id=${cell.unit_id}&limit=50`,
  );

  await signIn(page, "dangbo.noivu");
  await page.getByRole("navigation").getByRole("link", { name: "Tổ chức" }).click();
  await expect(page.getByRole("heading", { name: "Cây tổ chức" })).toBeVisible();
  const cellLink = page.getByRole("link", { name: new RegExp(`^${cell.unit_name}`) });
  await expect(cellLink).toBeVisible();
  await expectAccessible(page);
  await expectTouchTargets(page);
  // Collapsing the committee hides its cells; expanding shows them again.
  const toggle = page.getByRole("button", { name: /^Thu gọn / });
  await toggle.click();
  await expect(cellLink).toHaveCount(0);
  await page.getByRole("button", { name: /^Mở rộng / }).click();
  await cellLink.click();

  await expect(page.getByRole("heading", { level: 2, name: cell.unit_name })).toBeVisible();
  await expect(page.getByLabel("Năm")).toHaveValue(String(year));

  // Compliance: twelve months with their state, four quarters.
  await expect(
    page.getByRole("heading", { name: `Thực hiện quy định sinh hoạt năm ${year}` }),
  ).toBeVisible();
  await expect(page.locator(".units-month")).toHaveCount(12);
  await expect(page.locator(".units-month-state").first()).toHaveText(
    /^(Đạt đủ quy định|Đã họp, chưa đủ quy định|Không họp|Chưa họp|Chưa đến)$/,
  );
  await expect(page.locator(".units-quarters li")).toHaveCount(4);
  await expectAccessible(page);
  await expectTouchTargets(page);

  // Ratings: each final rating's meeting with its level in Vietnamese.
  await openTab(page, "Đánh giá");
  await expect(page.getByRole("heading", { name: "Đánh giá chất lượng sinh hoạt" })).toBeVisible();
  for (const r of finals) {
    const row = page.locator(".units-rating").filter({ hasText: r.meeting_title });
    await expect(row.first().locator(".units-level")).toHaveText(LEVEL[r.approved_level!]);
  }
  await expectAccessible(page);
  await expectTouchTargets(page);

  // Charts: drawn, each with a caption and a table of its values.
  await openTab(page, "Biểu đồ");
  const figures = page.locator("figure");
  await expect(figures).toHaveCount(3);
  for (const name of [
    "Tỷ lệ dự họp qua các buổi",
    "Xếp loại chất lượng các buổi sinh hoạt",
    "Tỷ lệ đảng viên phát biểu mỗi buổi",
  ]) {
    const figure = page.getByRole("figure", { name });
    await expect(figure.locator(".recharts-wrapper > svg.recharts-surface")).toBeVisible();
    await expect(figure.locator("figcaption")).toContainText("buổi");
    await expect(figure.locator("table tbody tr").first()).toBeAttached();
  }
  await expect(page.getByRole("figure", { name: "Tỷ lệ dự họp qua các buổi" })).toContainText("%");
  await page.getByText("Xem số liệu dạng bảng").first().click();
  await expect(
    page
      .locator("table")
      .first()
      .getByRole("cell", { name: /^\d+%$/ })
      .first(),
  ).toBeVisible();
  await expectAccessible(page);
  await expectTouchTargets(page);

  // Members, linking to their pages.
  await openTab(page, "Đảng viên");
  const first = members.items[0].full_name;
  await expect(page.getByRole("link", { name: new RegExp(first) }).first()).toHaveAttribute(
    "href",
    /\/dang-vien\/\d+$/,
  );
  await expect(page.locator(".units-list > li")).toHaveCount(members.items.length);
  await expectAccessible(page);
  await expectTouchTargets(page);

  // The committee's seats.
  await openTab(page, "Chi ủy");
  for (const seat of seats) await expect(page.getByText(seat.member_name)).toBeVisible();
  await expect(page.getByText(/^Bí thư$/)).toBeVisible();
  await expectAccessible(page);
});

test("the base committee's page ranks its cells and charts their compliance", async ({
  page,
  request,
}) => {
  const get = await apiAs(request, "dangbo.noivu");
  const me = await get<{ unit_id: number; unit_name: string }>("/api/v1/auth/me");
  const year = Number(E2E_DAY.slice(0, 4));
  const ranking = await get<{ rows: { unit_name: string; rank: number | null }[] }>(
    `/api/v1/units/${me.unit_id}/ranking?period=year&year=${year}`,
  );
  await signIn(page, "dangbo.noivu");
  await page.goto(`/to-chuc/${me.unit_id}`);
  await expect(page.getByRole("heading", { name: `Các chi bộ năm ${year}` })).toBeVisible();
  const top = ranking.rows.find((r) => r.rank === 1)!;
  await expect(page.locator(".units-cell").first()).toContainText(top.unit_name);
  await expect(page.locator(".units-cell").first()).toContainText("Hạng 1");
  await expectAccessible(page);
  await expectTouchTargets(page);
  await openTab(page, "Biểu đồ");
  const figure = page.getByRole("figure", { name: "Thực hiện quy định sinh hoạt của các chi bộ" });
  await expect(figure.locator(".recharts-wrapper > svg.recharts-surface")).toBeVisible();
  await expect(figure.locator("table tbody tr")).toHaveCount(ranking.rows.length);
  const people = page.getByRole("figure", { name: "Dự họp và phát biểu ở các chi bộ" });
  await expect(people.locator(".recharts-wrapper > svg.recharts-surface")).toBeVisible();
  await expect(people.locator("figcaption")).toContainText("dự họp đông đủ nhất");
  await expectAccessible(page);
  await expectTouchTargets(page);
});

test("the secretary's Chi bộ tab opens their own cell", async ({ page, request }) => {
  const me = await (
    await apiAs(request, "bithu.noivu")
  )<{ unit_id: number; unit_name: string }>("/api/v1/auth/me");
  await signIn(page, "bithu.noivu");
  await page.getByRole("navigation").getByRole("link", { name: "Chi bộ" }).click();
  await expect(page).toHaveURL(new RegExp(`/to-chuc/${me.unit_id}$`));
  await expect(page.getByRole("heading", { level: 2, name: me.unit_name })).toBeVisible();
  await expectAccessible(page);
  await expectTouchTargets(page);
});

test("a secretary cannot open another base committee's cell", async ({ page, request }) => {
  const other = await (
    await apiAs(request, "bithu.taichinh")
  )<{ unit_id: number; unit_name: string }>("/api/v1/auth/me");
  await signIn(page, "bithu.noivu");
  await page.goto(`/to-chuc/${other.unit_id}`);
  await expect(page.getByRole("alert")).toContainText("Không tìm thấy tổ chức đảng");
  await expect(page.getByText(other.unit_name)).toHaveCount(0);
  await expectAccessible(page);
});
