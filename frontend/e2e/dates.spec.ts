import { expect, test } from "./fixtures";

import { expectAccessible, expectTouchTargets, signIn } from "./helpers";
import {
  apiToken,
  expectNoRawText,
  listMeetings,
  settle,
  startFields,
  uniqueStart,
} from "./meeting-helpers";

// An English browser: its own date pickers would show mm/dd/yyyy and AM/PM. The typed fields
// must read and show dd/mm/yyyy and 24-hour times all the same.
test.use({ locale: "en-US" });

test("a meeting's day and time are typed dd/mm/yyyy and 24-hour, whatever the browser", async ({
  page,
}) => {
  await signIn(page, "bithu.noivu");
  await page.getByRole("navigation").getByRole("link", { name: "Sinh hoạt" }).click();
  await page.getByRole("button", { name: "Tạo buổi sinh hoạt" }).click();
  const form = page.getByRole("form", { name: "Tạo buổi sinh hoạt mới" });
  const day = form.getByLabel("Ngày", { exact: true });
  const time = form.getByLabel("Giờ bắt đầu", { exact: true });
  await expect(day).toHaveAttribute("placeholder", "dd/mm/yyyy");
  await expect(day).toHaveAttribute("inputmode", "numeric");
  await expect(time).toHaveAttribute("placeholder", "hh:mm");
  await form.getByLabel("Loại buổi sinh hoạt").selectOption("extraordinary");

  // Nothing typed: both fields say what they lack, in Vietnamese, tied to the field.
  await form.getByRole("button", { name: "Tạo", exact: true }).click();
  await expect(form.getByText("Vui lòng nhập ngày sinh hoạt (ngày/tháng/năm).")).toBeVisible();
  await expect(form.getByText("Vui lòng nhập giờ bắt đầu (giờ:phút theo 24 giờ).")).toBeVisible();
  await expect(day).toHaveAttribute("aria-invalid", "true");
  await expect(day).toHaveAccessibleDescription(/Vui lòng nhập ngày sinh hoạt/);

  // A day February lacks and an hour the clock lacks, told once the field is left.
  await day.fill("30/02/2029");
  await expect(day).not.toHaveAttribute("aria-invalid", "true");
  await time.fill("25:00");
  await time.blur();
  await expect(form.getByText(/^Ngày chưa đúng: nhập ngày\/tháng\/năm/)).toBeVisible();
  await expect(form.getByText(/^Giờ chưa đúng: nhập giờ:phút theo 24 giờ/)).toBeVisible();
  await expect(time).toHaveAttribute("aria-invalid", "true");
  await settle(page);
  await expectAccessible(page);
  await expectTouchTargets(page);

  // "Hôm nay" fills today's day as dd/mm/yyyy (Vietnam's calendar).
  await form.getByRole("button", { name: "Điền ngày hôm nay vào ô Ngày" }).click();
  const today = await page.evaluate(() =>
    new Intl.DateTimeFormat("en-GB", { timeZone: "Asia/Ho_Chi_Minh" }).format(new Date()),
  );
  await expect(day).toHaveValue(today);

  // Typed on a number pad: the slashes and the colon come by themselves.
  const start = uniqueStart();
  const wanted = startFields(start);
  await day.fill("");
  await day.pressSequentially(wanted.day.replaceAll("/", ""));
  await expect(day).toHaveValue(wanted.day);
  await time.fill("");
  await time.pressSequentially(wanted.time.replace(":", ""));
  await expect(time).toHaveValue(wanted.time);
  await expect(form.getByText(/chưa đúng/)).toHaveCount(0);

  const title = `Ngày giờ gõ tay (${Date.now().toString(36)})`;
  await form.getByLabel("Tên buổi sinh hoạt").fill(title);
  await form.getByRole("button", { name: "Tạo", exact: true }).click();
  await expect(page).toHaveURL(/\/sinh-hoat\/\d+$/);
  await expect(page.getByRole("heading", { name: title })).toBeVisible();
  // The workspace shows the start as 24-hour time and dd/mm/yyyy, never AM/PM.
  await expect(page.getByText(`${wanted.time} ${wanted.day}`).first()).toBeVisible();
  await expect(page.locator("body")).not.toContainText(/\b(AM|PM)\b/);
  await expectNoRawText(page);

  // The server got that moment on Vietnam's clock.
  const id = Number(/\/sinh-hoat\/(\d+)$/.exec(page.url())![1]);
  const token = await apiToken(page.request, "bithu.noivu");
  const meetings = await listMeetings(page.request, token, { meeting_type: "extraordinary" });
  const created = meetings.find((m) => m.id === id);
  expect(created).toBeTruthy();
  expect(new Date(created!.planned_start).toISOString()).toBe(
    new Date(`${start}:00+07:00`).toISOString(),
  );
});
