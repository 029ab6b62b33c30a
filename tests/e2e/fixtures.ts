import { expect, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "regulars-demo";

/** Signs in through the real form, driven by its labels. */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD, opts: { expectFailure?: boolean } = {}) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  if (!opts.expectFailure) await page.waitForURL((url) => !url.pathname.startsWith("/sign-in") && url.pathname !== "/start");
}

export async function expectNotFound(page: Page, path: string) {
  const res = await page.goto(path);
  expect(res?.status(), `${path} should be a 404`).toBe(404);
  await expect(page.getByText(/not found|doesn.t exist|could not be found/i).first()).toBeVisible();
}
