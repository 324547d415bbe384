import { E2E_DAY, expect, test, type Locator } from "./fixtures";

import { expectAccessible, expectTouchTargets, signIn } from "./helpers";
import { expectNoRawText, settle } from "./meeting-helpers";
import { dialogButton, fullMarks, liveTotal, switchUser } from "./rating-helpers";

/** The value of the last option whose text matches (the select's own choices). */
async function optionMatching(select: Locator, pattern: RegExp): Promise<string> {
  const options = await select
    .locator("option")
    .evaluateAll((els) => els.map((el) => [(el as HTMLOptionElement).value, el.textContent ?? ""]));
  const found = options.filter(([, text]) => pattern.test(text)).pop();
  expect(found, `an option matching ${pattern}`).toBeDefined();
  return found?.[0] ?? "";
}

test("a committee assigns an inspector who scores; conclusion and comparison follow", async ({
  page,
}) => {
  test.setTimeout(180_000);
  await signIn(page, "dangbo.noivu");
  await page.getByRole("navigation").getByRole("link", { name: "Đánh giá" }).click();
  await page.getByRole("link", { name: "Kiểm tra, giám sát sinh hoạt chi bộ" }).click();
  await expect(
    page.getByRole("heading", { name: "Kiểm tra, giám sát sinh hoạt chi bộ" }),
  ).toBeVisible();

  // A plan for a year of its own (one plan per committee and year).
  const year = String(2040 + Math.floor(Math.random() * 60));
  await page.getByLabel("Năm", { exact: true }).fill(year);
  await page.getByRole("button", { name: "Lập kế hoạch" }).click();
  await expect(page.getByText("Đã lập kế hoạch.")).toBeVisible();
  const plan = page.getByLabel("Kế hoạch", { exact: true });
  await expect(plan.locator("option", { hasText: `${year} – Kế hoạch kiểm tra` })).toHaveCount(1);
  await expectNoRawText(page);
  await settle(page);
  await expectAccessible(page);
  await expectTouchTargets(page);

  // The demo's plan: an inspector at one of Chi bộ Nội vụ's held meetings.
  // The demo's plan is for the year of its inspected meeting, four months before the e2e month.
  const [dayYear, dayMonth] = E2E_DAY.split("-").map(Number);
  const planYear = new Date(Date.UTC(dayYear, dayMonth - 1 - 4, 1)).getUTCFullYear();
  await plan.selectOption(await optionMatching(plan, new RegExp(`^${planYear} – `)));
  const form = page.getByRole("form", { name: "Phân công kiểm tra một buổi sinh hoạt" });
  await form.getByLabel("Chi bộ").selectOption({ label: "Chi bộ Nội vụ" });
  const meeting = form.getByLabel("Buổi sinh hoạt");
  const held = meeting.locator("option", { hasText: "Đã hoàn thành biên bản" });
  await expect(held.first()).toBeAttached();
  const meetingValue = await optionMatching(meeting, /Đã hoàn thành biên bản/);
  await meeting.selectOption(meetingValue);
  const chosen = meeting.locator(`option[value="${meetingValue}"]`);
  const meetingLabel = (await chosen.textContent()) ?? "";
  const meetingTitle = /· (.*) \(/.exec(meetingLabel)?.[1] ?? "";
  expect(meetingTitle).not.toBe("");
  await form.getByLabel("Người kiểm tra").selectOption({ index: 1 });
  await form.getByRole("button", { name: "Phân công" }).click();
  await expect(page).toHaveURL(/\/danh-gia\/kiem-tra\/\d+$/);
  const inspectionUrl = page.url();
  await expect(page.getByRole("heading", { name: `Kiểm tra: ${meetingTitle}` })).toBeVisible();

  // The inspector scores on the sheet, a little more strictly, and submits.
  await fullMarks(page);
  const full = await liveTotal(page);
  await page.getByLabel(/^Điểm – Điều hành đúng chương trình/).fill("7");
  await expect.poll(() => liveTotal(page)).toBe(full - 3);
  await page.getByLabel(/^Ghi chú – Điều hành đúng chương trình/).fill("Chưa phát huy dân chủ.");
  await page
    .getByLabel("Nhận xét của người kiểm tra")
    .fill("Chi bộ chuẩn bị chu đáo; điều hành còn dài.");
  await page.getByRole("button", { name: "Lưu phiếu chấm" }).click();
  await expect(page.getByText("Đã lưu phiếu chấm.")).toBeVisible();
  await expectNoRawText(page);
  await settle(page);
  await expectAccessible(page);
  await expectTouchTargets(page);
  await page.getByRole("button", { name: "Nộp phiếu chấm" }).click();
  await dialogButton(page, "Nộp phiếu chấm");
  await expect(page.locator(".rt-status", { hasText: "Đã chấm, chờ kết luận" })).toBeVisible();
  await expect(page.getByTestId("inspector-score")).toContainText(`${full - 3} điểm`);

  // The comparison with the cell's self-score, item by item.
  const comparison = page.getByTestId("comparison");
  await expect(comparison).toContainText("Chi bộ tự chấm");
  await expect(comparison).toContainText("Người kiểm tra");
  await expect(comparison).toContainText(/Chênh lệch: [+−]?\d/);
  await expect(comparison).toContainText(/Chi bộ [\d,]+ · Kiểm tra 7/);

  // The conclusion notice with one follow-up item.
  const number = `${Math.floor(Math.random() * 9000) + 1000}-TB/ĐU`;
  await page.getByLabel("Số thông báo").fill(number);
  await page
    .getByLabel("Nội dung kết luận")
    .fill("Chi bộ sinh hoạt nền nếp; cần rút ngắn phần điều hành.");
  await page.getByRole("button", { name: "Thêm nội dung khắc phục" }).click();
  await page.getByLabel("Nội dung khắc phục 1").fill("Xây dựng quy chế điều hành sinh hoạt");
  await page.getByLabel("Người chịu trách nhiệm 1").selectOption({ label: "Lê Văn Thắng" });
  await page.getByLabel("Thời hạn 1").fill(`31/12/${dayYear}`);
  await settle(page);
  await expectAccessible(page);
  await expectTouchTargets(page);
  await page.getByRole("button", { name: "Ban hành", exact: true }).click();
  await expect(page.locator(".rt-status", { hasText: "Đã có thông báo kết luận" })).toBeVisible();
  await expect(page.getByText(new RegExp(`Số ${number}, ban hành lúc`))).toBeVisible();
  await expect(page.getByText("Người chịu trách nhiệm: Lê Văn Thắng")).toBeVisible();
  await expectNoRawText(page);

  // The cell sees the concluded inspection and marks the follow-up done.
  await switchUser(page, "bithu.noivu");
  await page.getByRole("navigation").getByRole("link", { name: "Đánh giá" }).click();
  await page.getByRole("link", { name: "Kiểm tra, giám sát sinh hoạt chi bộ" }).click();
  const list = page.getByRole("list", { name: "Kết quả kiểm tra, giám sát chi bộ" });
  await expect(list.getByRole("link", { name: new RegExp(meetingTitle) }).first()).toBeVisible();
  await expectAccessible(page);
  await expectTouchTargets(page);
  await page.goto(inspectionUrl);
  await expect(page.getByTestId("comparison")).toContainText("Người kiểm tra");
  await page
    .getByRole("button", { name: "Đánh dấu đã hoàn thành: Xây dựng quy chế điều hành sinh hoạt" })
    .click();
  await expect(page.locator(".rt-status", { hasText: "Đã hoàn thành khắc phục" })).toBeVisible();
  await expect(page.getByRole("button", { name: /^Mở lại: / })).toBeVisible();
  await expectNoRawText(page);
  await settle(page);
  await expectAccessible(page);
  await expectTouchTargets(page);
});
