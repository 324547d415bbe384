import { expect, test } from "@playwright/test";

import { expectAccessible, expectTouchTargets, PASSWORD, signIn } from "./helpers";

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

test("signing out returns to the sign-in screen", async ({ page }) => {
  await signIn(page, "khoi");
  await page.getByRole("navigation").getByRole("link", { name: "Tài khoản" }).click();
  await page.getByRole("button", { name: "Đăng xuất" }).click();
  await expect(page.getByLabel("Mật khẩu")).toBeVisible();
  expect(PASSWORD).toBeTruthy();
});
