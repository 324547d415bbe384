import { expect, test, type APIRequestContext, type Page, E2E_DAY, e2eNow } from "./fixtures";

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

interface Meeting {
  id: number;
  title: string;
  status: string;
  meeting_type: string;
  planned_start: string;
}

/** The cell's next meeting as the API lists it: the first not over, committee meetings aside. */
async function nextMeetingOf(get: Awaited<ReturnType<typeof apiAs>>, unitId: number) {
  const from = new Date(e2eNow().getTime() - 2 * 86_400_000).toISOString();
  const page = await get<{ items: Meeting[] }>(
    `/api/v1/meetings?unit_id=${unitId}&starts_from=${encodeURIComponent(from)}&limit=50`,
  );
  const open = page.items.filter(
    (m) =>
      !["held", "minutes_final", "cancelled"].includes(m.status) &&
      (m.status === "in_progress" || Date.parse(m.planned_start) >= e2eNow().getTime() - 6 * 3600_000),
  );
  return open.find((m) => m.meeting_type !== "committee") ?? open[0];
}

function card(page: Page, title: string | RegExp) {
  return page.locator(".home-card").filter({ has: page.getByRole("heading", { name: title }) });
}

test("the secretary's home shows the next meeting, what it still needs, and the alerts", async ({
  page,
  request,
}) => {
  const get = await apiAs(request, "bithu.noivu");
  const me = await get<{ unit_id: number }>("/api/v1/auth/me");
  const next = await nextMeetingOf(get, me.unit_id);
  const alerts = await get<{ member_name: string }[]>("/api/v1/attendance/alerts");

  await signIn(page, "bithu.noivu");
  const meeting = card(page, "Buổi sinh hoạt sắp tới");
  await expect(meeting.getByRole("link", { name: next.title })).toBeVisible();

  // Each need is named, says done / to do / late, and leads into a meeting.
  await expect(meeting.getByRole("heading", { name: /Cần chuẩn bị/ })).toBeVisible();
  const needs = meeting.locator(".home-need");
  await expect(needs).toHaveCount(3);
  for (const name of [
    "Gửi thông báo cho đảng viên",
    "Gửi tài liệu trước ít nhất 1 ngày",
    "Họp chi ủy trước buổi sinh hoạt",
  ]) {
    const need = needs.filter({ has: page.getByRole("link", { name }) });
    await expect(need.locator(".home-need-state")).toHaveText(/^(Đã xong|Cần làm|Trễ hạn)$/);
  }
  // The notice is done exactly when the meeting was announced.
  const notice = needs.filter({ hasText: "Gửi thông báo cho đảng viên" });
  await expect(notice.locator(".home-need-state")).toHaveText(
    next.status === "draft" ? /Cần làm|Trễ hạn/ : "Đã xong",
  );

  const alertCard = card(page, "Cảnh báo");
  for (const a of alerts) await expect(alertCard.getByText(a.member_name)).toBeVisible();
  if (alerts.length === 0)
    await expect(alertCard.getByText(/Không có cảnh báo|đảng viên/)).toBeVisible();

  await expectAccessible(page);
  await expectTouchTargets(page);

  // The documents need opens the meeting's workspace.
  await meeting.getByRole("link", { name: "Gửi tài liệu trước ít nhất 1 ngày" }).click();
  await expect(page).toHaveURL(new RegExp(`/sinh-hoat/${next.id}$`));
  await expect(page.getByRole("heading", { name: next.title })).toBeVisible();
});

test("the base committee's home shows its cells' compliance and ratings", async ({
  page,
  request,
}) => {
  const get = await apiAs(request, "dangbo.noivu");
  const me = await get<{ unit_id: number }>("/api/v1/auth/me");
  const year = Number(E2E_DAY.slice(0, 4));
  const cells = await get<{ unit_id: number; unit_name: string }[]>(
    `/api/v1/units/${me.unit_id}/compliance?year=${year}`,
  );
  expect(cells.length).toBeGreaterThan(1);

  await signIn(page, "dangbo.noivu");
  const overview = card(page, `Các chi bộ năm ${year}`);
  await expect(overview).toBeVisible();
  const cards = overview.locator(".units-cell");
  await expect(cards).toHaveCount(cells.length);
  for (const cell of cells) {
    const one = cards.filter({ has: page.getByRole("link", { name: `Xem ${cell.unit_name}` }) });
    await expect(one.getByText(/^Đã họp \d+\/\d+ tháng$/)).toBeVisible();
    await expect(one.getByText(/^Đạt đủ quy định \d+\/\d+ tháng$/)).toBeVisible();
    await expect(one.locator(".units-level").first()).toHaveText(
      /^(Tốt|Khá|Trung bình|Kém|Chưa xếp loại)$/,
    );
  }
  // The chart across cells, with its text alternative.
  const figure = overview.locator("figure");
  await expect(figure.locator(".recharts-wrapper > svg.recharts-surface")).toBeVisible();
  await expect(figure.locator("figcaption")).toHaveText(new RegExp(`^${cells.length} chi bộ`));
  await expect(figure.locator("table tbody tr")).toHaveCount(cells.length);

  await expectAccessible(page);
  await expectTouchTargets(page);

  // Each cell's card leads to its page.
  await overview.getByRole("link", { name: `Xem ${cells[0].unit_name}` }).click();
  await expect(page.getByRole("heading", { level: 2, name: cells[0].unit_name })).toBeVisible();
});

// A small but real PDF: the server tells the type from the bytes, not from the name.
const PDF = Buffer.from(
  "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n" +
    "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n",
);

test("the member's home shows the next meeting of their cell and its documents", async ({
  page,
  request,
}) => {
  const get = await apiAs(request, "dangvien.noivu");
  const me = await get<{ unit_id: number }>("/api/v1/auth/me");
  const next = await nextMeetingOf(get, me.unit_id);

  // The secretary uploads a document for it and sends it to the members.
  const login = await request.post("/api/v1/auth/login", {
    data: { username: "bithu.noivu", password: PASSWORD },
  });
  const headers = {
    Authorization: `Bearer ${((await login.json()) as { access_token: string }).access_token}`,
  };
  const title = `Tài liệu nghiên cứu ${Date.now().toString(36)}`;
  const upload = await request.post(`/api/v1/meetings/${next.id}/documents`, {
    headers,
    multipart: {
      file: { name: "tai-lieu.pdf", mimeType: "application/pdf", buffer: PDF },
      title,
      kind: "material",
    },
  });
  expect(upload.ok()).toBeTruthy();
  expect(
    (await request.post(`/api/v1/meetings/${next.id}/documents/send`, { headers })).ok(),
  ).toBeTruthy();

  await signIn(page, "dangvien.noivu");
  const meeting = card(page, "Buổi sinh hoạt sắp tới");
  await expect(meeting.getByRole("link", { name: next.title })).toBeVisible();
  await expect(meeting.getByRole("heading", { name: "Tài liệu" })).toBeVisible();
  // A member prepares nothing: no checklist, no alerts.
  await expect(page.getByText("Cần chuẩn bị")).toHaveCount(0);
  await expectAccessible(page);
  await expectTouchTargets(page);

  // The document downloads with the member's session, under its own name.
  const link = meeting.getByRole("link", { name: new RegExp(title) });
  await expect(link).toBeVisible();
  const download = page.waitForEvent("download");
  await link.click();
  expect((await download).suggestedFilename()).toBe("tai-lieu.pdf");

  await meeting.getByRole("link", { name: next.title }).click();
  await expect(page).toHaveURL(new RegExp(`/sinh-hoat/${next.id}$`));
});
