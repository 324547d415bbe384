import { expect, onE2eDay, test, type BrowserContextOptions } from "./fixtures";

import { expectAccessible, expectTouchTargets, signIn } from "./helpers";
import { createMeeting, expectNoRawText, openSection, settle, statusTag } from "./meeting-helpers";

test("a member checks in and asks for the floor; the secretary's queue shows it live", async ({
  page,
  browser,
}, testInfo) => {
  test.setTimeout(120_000);
  // The secretary opens an extraordinary meeting (started at short notice, from the draft).
  await signIn(page, "bithu.noivu");
  await createMeeting(page, "Sinh hoạt bất thường lấy ý kiến về đề án");
  await openSection(page, "Tổng quan");
  await page.getByRole("button", { name: "Bắt đầu cuộc họp" }).click();
  await expect(statusTag(page)).toHaveText("Đang họp");
  const codeShown = page.getByTestId("checkin-code");
  await expect(codeShown).toHaveText(/^[A-Z0-9]{4,12}$/);
  const code = ((await codeShown.textContent()) ?? "").trim();
  const meetingPath = new URL(page.url()).pathname;
  await expect(page.getByText("Đang cập nhật trực tiếp")).toBeVisible();
  await expect(page.getByText("Chưa có ai đăng ký phát biểu.")).toBeVisible();

  // The member, on their own phone.
  const use = testInfo.project.use;
  const options: BrowserContextOptions = {
    baseURL: use.baseURL,
    viewport: use.viewport,
    userAgent: use.userAgent,
    deviceScaleFactor: use.deviceScaleFactor,
    isMobile: use.isMobile,
    hasTouch: use.hasTouch,
    locale: use.locale,
    timezoneId: use.timezoneId,
  };
  const memberContext = await onE2eDay(await browser.newContext(options));
  const phone = await memberContext.newPage();
  await signIn(phone, "dangvien.noivu");
  await phone.goto(meetingPath);
  await expect(phone.getByRole("heading", { name: "Điểm danh" })).toBeVisible();
  // No manager controls on a member's screen.
  await expect(
    phone.getByRole("button", { name: /Kết thúc cuộc họp|Mời phát biểu|Đổi mã/ }),
  ).toHaveCount(0);
  await expect(phone.getByTestId("checkin-code")).toHaveCount(0);
  await expect(phone.getByRole("button", { name: "Xin phát biểu" })).toHaveCount(0);
  await expect(phone.getByText("Hãy điểm danh trước khi đăng ký phát biểu.")).toBeVisible();
  await settle(phone);
  await expectAccessible(phone);
  await expectTouchTargets(phone);

  // A wrong code is refused in Vietnamese, the right one checks the member in.
  await phone.getByLabel("Mã điểm danh").fill("SAI000");
  await phone.getByRole("button", { name: "Điểm danh", exact: true }).click();
  await expect(phone.getByRole("alert")).toContainText("Mã điểm danh không đúng");
  await phone.getByLabel("Mã điểm danh").fill(code.toLowerCase());
  await phone.getByRole("button", { name: "Điểm danh", exact: true }).click();
  await expect(phone.getByText(/Bạn đã điểm danh lúc \d{2}:\d{2}\./).first()).toBeVisible();

  // The roll on the secretary's screen shows the check-in at once: the live stream tells it
  // (the fallback poll runs only while the stream is down, every 10 s).
  const thu = page.getByRole("group", { name: "Đinh Thị Hoài Thu" });
  await expect(
    thu
      .getByRole("button", { name: /^(Có mặt|Đến muộn)$/ })
      .and(page.locator("[aria-pressed=true]")),
  ).toHaveCount(1, { timeout: 3_000 });
  // A mistaken mark is cleared with a second tap, and the member's phone follows: the
  // check-in form again, then the secretary's mark.
  await thu.locator("[aria-pressed=true]").click();
  await expect(thu.locator("[aria-pressed=true]")).toHaveCount(0);
  await expect(phone.getByRole("button", { name: "Điểm danh", exact: true })).toBeVisible({
    timeout: 3_000,
  });
  await thu.getByRole("button", { name: "Có mặt" }).click();
  await expect(phone.getByText("Điểm danh: Có mặt.")).toBeVisible({ timeout: 3_000 });

  // Asks for the floor: the secretary's queue shows it without a reload.
  await phone.getByRole("button", { name: "Xin phát biểu" }).click();
  await expect(phone.getByText("Bạn đang ở vị trí 1 trong danh sách chờ.")).toBeVisible();
  const secretaryQueue = page.getByRole("list", { name: "Danh sách đăng ký" });
  await expect(secretaryQueue).toContainText("Đinh Thị Hoài Thu");
  await expect(secretaryQueue).toContainText("Tự đăng ký");

  // Withdraws, and the secretary sees the queue empty again; asks once more.
  await phone.getByRole("button", { name: "Rút đăng ký phát biểu" }).click();
  await expect(page.getByText("Chưa có ai đăng ký phát biểu.")).toBeVisible();
  await phone.getByRole("button", { name: "Xin phát biểu" }).click();
  await expect(secretaryQueue).toContainText("Đinh Thị Hoài Thu");

  // The secretary gives the floor: the member's phone shows it, with the running timer.
  await page.getByRole("button", { name: "Mời phát biểu: Đinh Thị Hoài Thu" }).click();
  await expect(phone.getByText("Bạn đang phát biểu.")).toBeVisible();
  const current = phone.getByRole("region", { name: "Đang phát biểu" });
  await expect(current).toContainText("Đinh Thị Hoài Thu");
  await expect(current.getByRole("timer")).toHaveText(/^00:0[1-9]$/, { timeout: 10_000 });
  await expectNoRawText(phone);
  await settle(phone);
  await expectAccessible(phone);
  await expectTouchTargets(phone);

  // The speech ends and the meeting closes: the member's view says so by itself.
  await page.getByRole("button", { name: "Kết thúc phát biểu" }).click();
  await expect(phone.getByText("Chưa có ai phát biểu.")).toBeVisible();
  await openSection(page, "Tổng quan");
  await page.getByRole("button", { name: "Kết thúc cuộc họp" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Kết thúc cuộc họp" }).click();
  await expect(statusTag(page)).toHaveText("Đã họp");
  await expect(phone.locator(".ws-tags .ant-tag").nth(1)).toHaveText("Đã họp");
  await expect(phone.getByRole("heading", { name: "Chương trình" })).toBeVisible();
  await expectNoRawText(page);
  await memberContext.close();
});
