import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

export const PASSWORD = "ChiBo@2023";

export async function signIn(page: Page, username: string): Promise<void> {
  await page.goto("/");
  await page.getByLabel("Tên đăng nhập").fill(username);
  await page.getByLabel("Mật khẩu").fill(PASSWORD);
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await expect(page.getByRole("navigation")).toBeVisible();
}

/** No serious or critical accessibility violations on the current screen. */
export async function expectAccessible(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(
    bad.map((v) => `${v.id}: ${v.help}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
  ).toEqual([]);
}

/** Every visible control is at least 44 px high, as a thumb needs. */
export async function expectTouchTargets(page: Page): Promise<void> {
  const small = await page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>("button, a, input, [role=button]")]
      .filter((el) => el.offsetParent !== null)
      // An input inside antd's affix wrapper: the wrapper is what the thumb hits.
      .map((el) => ({ el, rect: (el.closest(".ant-input-affix-wrapper") ?? el).getBoundingClientRect() }))
      .filter(({ rect }) => rect.height > 0 && rect.height < 44)
      .map(({ el }) => el.outerHTML.slice(0, 80)),
  );
  expect(small).toEqual([]);
}
