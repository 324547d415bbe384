import { expect, test, e2eNow } from "./fixtures";

import { expectAccessible, expectTouchTargets, signIn } from "./helpers";
import { expectNoRawText } from "./meeting-helpers";

const WEEKDAYS = ["Chủ Nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy"];

test("the secretary finds the announced meeting in the month calendar and opens it", async ({
  page,
}) => {
  await signIn(page, "bithu.noivu");
  await page.getByRole("navigation").getByRole("link", { name: "Sinh hoạt" }).click();

  // The list, filtered to announced meetings, tells which meeting and day to look for.
  await page.getByText("Bộ lọc").click();
  await page.getByLabel("Trạng thái").selectOption({ label: "Đã thông báo" });
  await expect(page.getByText("Bộ lọc (đang lọc 1)")).toBeVisible();
  const announced = page.getByRole("link", { name: /Đã thông báo/ }).first();
  await expect(announced).toBeVisible();
  const title = (await announced.locator("strong").innerText()).trim();
  const when = /(\d{2}):(\d{2}) (\d{2})\/(\d{2})\/(\d{4})/.exec(await announced.innerText());
  expect(when).not.toBeNull();
  const [, , , dd, mm, yyyy] = when!;
  await expect(page.getByRole("link", { name: /Đã họp|Dự kiến/ })).toHaveCount(0);
  await page.getByRole("button", { name: "Bỏ lọc" }).click();

  // The calendar opens on the current month (November 2026 on the demo's machine).
  await page.getByRole("button", { name: "Lịch tháng" }).click();
  await expect(page.getByRole("button", { name: "Lịch tháng" })).toHaveAttribute(
    "aria-pressed",
    "true",
  );
  const now = e2eNow();
  const current = new Intl.DateTimeFormat("en-GB", {
    timeZone: "Asia/Ho_Chi_Minh",
    month: "numeric",
    year: "numeric",
  }).formatToParts(now);
  const curMonth = Number(current.find((p) => p.type === "month")!.value);
  const curYear = Number(current.find((p) => p.type === "year")!.value);
  await expect(page.getByRole("heading", { name: `Tháng ${curMonth} năm ${curYear}` })).toBeVisible();
  await expect(page.getByText(/buổi sinh hoạt trong tháng/)).toBeVisible();
  await expectAccessible(page);
  await expectTouchTargets(page);

  // Forward a month and back: the labelled buttons move the grid.
  await page.getByRole("button", { name: "Tháng sau" }).click();
  const next = curMonth === 12 ? { m: 1, y: curYear + 1 } : { m: curMonth + 1, y: curYear };
  await expect(page.getByRole("heading", { name: `Tháng ${next.m} năm ${next.y}` })).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`thang=${next.y}-${String(next.m).padStart(2, "0")}`));
  await page.getByRole("button", { name: "Tháng này" }).click();

  // To the announced meeting's month.
  let steps = (Number(yyyy) - curYear) * 12 + (Number(mm) - curMonth);
  const button = steps < 0 ? "Tháng trước" : "Tháng sau";
  for (steps = Math.abs(steps); steps > 0; steps--) {
    await page.getByRole("button", { name: button }).click();
  }
  await expect(page.getByRole("heading", { name: `Tháng ${Number(mm)} năm ${yyyy}` })).toBeVisible();

  // Tap its day: the day's meetings are listed below the grid.
  const weekday = WEEKDAYS[new Date(Date.UTC(Number(yyyy), Number(mm) - 1, Number(dd))).getUTCDay()];
  const day = page.getByRole("button", {
    name: new RegExp(`^${weekday}, ${dd}/${mm}/${yyyy}: \\d+ buổi sinh hoạt$`),
  });
  await day.click();
  await expect(day).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByRole("heading", { name: `${weekday}, ${dd}/${mm}/${yyyy}` })).toBeVisible();
  const link = page.getByRole("link", { name: new RegExp(title.replace(/[()/]/g, ".")) });
  await expect(link).toContainText("Đã thông báo");
  await expectNoRawText(page);
  await link.click();
  await expect(page).toHaveURL(/\/sinh-hoat\/\d+$/);
  await expect(page.getByRole("heading", { name: title })).toBeVisible();

  // Back: the calendar is where it was.
  await page.goBack();
  await expect(page.getByRole("heading", { name: `Tháng ${Number(mm)} năm ${yyyy}` })).toBeVisible();
});

test("a member sees the cell's meetings in the calendar too", async ({ page }) => {
  await signIn(page, "dangvien.noivu");
  await page.getByRole("navigation").getByRole("link", { name: "Sinh hoạt" }).click();
  await expect(page.getByRole("button", { name: "Tạo buổi sinh hoạt" })).toHaveCount(0);
  await page.getByRole("button", { name: "Lịch tháng" }).click();
  await page.getByRole("button", { name: "Tháng trước" }).click();
  // Every month of the demo year has the cell's regular meeting.
  const days = page.getByRole("button", { name: /: \d+ buổi sinh hoạt$/ });
  await expect(days.first()).toBeVisible();
  await days.first().click();
  await expect(page.getByRole("link", { name: /Sinh hoạt chi bộ|Họp chi ủy/ }).first()).toBeVisible();
  await expectAccessible(page);
});
