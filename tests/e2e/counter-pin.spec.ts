import { expect, test } from "@playwright/test";
import { signIn } from "./fixtures";

// A manager pairs the shared tablet once; staff then sign in on it with a short PIN and reach
// only the counter.
test("a paired counter tablet lets staff sign in with a PIN", async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 768 });
  await signIn(page, "manager@example.com");
  await page.goto("/m/harbor-bistro/settings");
  await page.getByLabel("Tablet name").fill("Front counter");
  await page.getByRole("button", { name: "Pair this browser as a counter tablet" }).click();
  await expect(page.getByRole("cell", { name: "Front counter" })).toBeVisible();

  // Sign the manager out; the tablet keeps its pairing.
  await page.context().clearCookies({ name: "next-auth.session-token" });
  await page.goto("/sign-in");
  await expect(page.getByRole("heading", { name: "Harbor Bistro counter" })).toBeVisible();
  await page.getByRole("button", { name: "Sam Staff" }).click();
  await page.getByLabel("PIN").fill("9999");
  await page.getByRole("button", { name: "Go" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "didn't match" })).toBeVisible();

  await page.getByLabel("PIN").fill("1234");
  await page.getByRole("button", { name: "Go" }).click();
  await expect(page).toHaveURL(/\/m\/harbor-bistro\/counter$/);
  await page.screenshot({ path: "test-results/screens/counter-signed-in.png" });

  // A PIN session is for the counter only.
  await page.goto("/m/harbor-bistro/customers");
  await expect(page).toHaveURL(/\/m\/harbor-bistro\/counter$/);
  const res = await page.goto("/m/vine-barrel");
  expect(res?.status()).toBe(404);
});
