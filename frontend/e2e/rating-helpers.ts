import { expect, type Page } from "@playwright/test";

import { signIn } from "./helpers";
import { fillStart, openSection, statusTag } from "./meeting-helpers";

export async function dialogButton(page: Page, name: string): Promise<void> {
  await page.getByRole("dialog").getByRole("button", { name, exact: true }).click();
}

/** Another account in the same tab: the session is the refresh token kept in the browser. */
export async function switchUser(page: Page, username: string): Promise<void> {
  await page.evaluate(() => localStorage.clear());
  await signIn(page, username);
}

/**
 * From the meetings list, a new REGULAR meeting in a month the cell has none (the rule is one
 * a month: another month is tried when that one is taken); lands in its workspace.
 */
export async function createRegularMeeting(page: Page, name: string): Promise<string> {
  const title = `${name} (${Date.now().toString(36)})`;
  await page.getByRole("navigation").getByRole("link", { name: "Sinh hoạt" }).click();
  await page.getByRole("button", { name: "Tạo buổi sinh hoạt" }).click();
  const form = page.getByRole("form", { name: "Tạo buổi sinh hoạt mới" });
  await form.getByLabel("Loại buổi sinh hoạt").selectOption("regular");
  await form.getByLabel("Tên buổi sinh hoạt").fill(title);
  await form.getByLabel("Địa điểm").fill("Phòng họp tầng 3, Sở Nội vụ");
  for (let attempt = 0; attempt < 5; attempt++) {
    await fillStart(form);
    await form.getByRole("button", { name: "Tạo", exact: true }).click();
    const landed = await page
      .waitForURL(/\/sinh-hoat\/\d+$/, { timeout: 5_000 })
      .then(() => true)
      .catch(() => false);
    if (landed) break;
  }
  await expect(page).toHaveURL(/\/sinh-hoat\/\d+$/);
  await expect(page.getByRole("heading", { name: title })).toBeVisible();
  return title;
}

/** Runs the meeting in its workspace: notice, roll (everyone present), end, final minutes. */
export async function runMeetingToFinalMinutes(page: Page): Promise<void> {
  await openSection(page, "Tổng quan");
  await page.getByLabel("Chủ trì").selectOption({ label: "Lê Văn Thắng" });
  await page.getByLabel("Thư ký").selectOption({ label: "Hoàng Văn Quý" });
  await page.getByRole("button", { name: "Lưu thông tin" }).click();
  await expect(page.locator("dd", { hasText: "Hoàng Văn Quý" })).toBeVisible();
  await page.getByRole("button", { name: "Gửi thông báo cho đảng viên" }).click();
  await expect(statusTag(page)).toHaveText("Đã thông báo");

  await openSection(page, "Tổng quan");
  await page.getByRole("button", { name: "Bắt đầu cuộc họp" }).click();
  await expect(statusTag(page)).toHaveText("Đang họp");
  await page.getByRole("button", { name: "Điểm danh có mặt cho tất cả người còn lại" }).click();
  await expect(page.locator(".roll-summary").first()).not.toContainText("chưa điểm danh");

  await openSection(page, "Tổng quan");
  await page.getByRole("button", { name: "Kết thúc cuộc họp" }).click();
  await dialogButton(page, "Kết thúc cuộc họp");
  await expect(statusTag(page)).toHaveText("Đã họp");

  await openSection(page, "Biên bản");
  await page.getByRole("button", { name: "Tạo biên bản từ dữ liệu cuộc họp" }).click();
  await expect(page.getByLabel("Nội dung biên bản")).toHaveValue(/BIÊN BẢN/);
  await page.getByRole("button", { name: "Hoàn thành biên bản" }).click();
  await dialogButton(page, "Hoàn thành biên bản");
  await expect(statusTag(page)).toHaveText("Đã hoàn thành biên bản");
}

/** The live total on the sheet, as a number. */
export async function liveTotal(page: Page): Promise<number> {
  const text = (await page.getByTestId("rating-total").first().textContent()) ?? "";
  return Number(text.replace(",", "."));
}

/**
 * Every item the scorer enters gets full marks: point boxes their maximum (read from the
 * label, "(0 đến X)"), yes/no items "yes", choices the first one.
 */
export async function fullMarks(page: Page): Promise<void> {
  const boxes = page.getByLabel(/^Điểm – /);
  await expect(boxes.first()).toBeVisible(); // the sheet has loaded
  for (let i = 0; i < (await boxes.count()); i++) {
    const box = boxes.nth(i);
    const label = await box.evaluate((el) => (el as HTMLInputElement).labels?.[0]?.textContent);
    const max = /\(0 đến (\d+(?:,\d+)?)/.exec(label ?? "")?.[1] ?? "0";
    await box.fill(max);
  }
  const yesNo = page.getByLabel(/^Đạt – /);
  for (let i = 0; i < (await yesNo.count()); i++) await yesNo.nth(i).selectOption("yes");
  const choices = page.getByLabel(/^Mức – /);
  for (let i = 0; i < (await choices.count()); i++) await choices.nth(i).selectOption({ index: 1 });
}

/** The cell's vote: everyone present and entitled votes for the proposal. */
export async function voteForAll(page: Page): Promise<void> {
  const base = await page.getByText(/Có quyền biểu quyết: \d+, có mặt: \d+/).textContent();
  const present = /có mặt: (\d+)/.exec(base ?? "")?.[1];
  expect(present).toBeDefined();
  await page.getByLabel("Tán thành", { exact: true }).fill(present ?? "0");
  await page.getByLabel("Không tán thành", { exact: true }).fill("0");
  await page.getByLabel("Không biểu quyết", { exact: true }).fill("0");
  await page.getByRole("button", { name: "Ghi kết quả biểu quyết" }).click();
  await expect(page.getByTestId("vote-recorded")).toContainText(`tán thành ${present}/`);
}
