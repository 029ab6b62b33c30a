import { expect, test } from "@playwright/test";
import { expectNotFound, signIn } from "./fixtures";

// Tenant isolation through pages: another merchant's pages are a 404, indistinguishable from a
// merchant that does not exist; roles below manager do not reach manager pages.
test("a member of one merchant gets a 404 for another merchant's pages", async ({ page }) => {
  await signIn(page, "manager@example.com");
  await expect(page).toHaveURL(/\/m\/harbor-bistro$/);
  for (const path of ["/m/freshstep", "/m/freshstep/customers", "/m/freshstep/settings", "/m/freshstep/counter", "/m/no-such-merchant"]) {
    await expectNotFound(page, path);
  }
  await expectNotFound(page, "/p/citylights");
  await expectNotFound(page, "/admin");
});

test("staff reach the counter and customers but not manager pages", async ({ page }) => {
  await signIn(page, "staff@example.com");
  await expect(page).toHaveURL(/\/counter$/);
  await expect(page.getByRole("link", { name: "Settings" })).toHaveCount(0);
  for (const path of ["/m/harbor-bistro/settings", "/m/harbor-bistro/campaigns", "/m/harbor-bistro/groups"]) {
    await expectNotFound(page, path);
  }
  await page.goto("/m/harbor-bistro/customers");
  await expect(page.getByRole("heading", { level: 1, name: "Best Customer List" })).toBeVisible();
});

test("a publisher admin sees only their own publisher's merchants", async ({ page }) => {
  await signIn(page, "publisher@example.com");
  await expect(page).toHaveURL(/\/p\/citylights$/);
  await expect(page.getByRole("link", { name: "Harbor Bistro" })).toBeVisible();
  await page.screenshot({ path: "test-results/screens/publisher-console.png", fullPage: true });
});

test("signed-out visitors are sent to sign in", async ({ page }) => {
  await page.goto("/m/harbor-bistro/customers");
  await expect(page).toHaveURL(/\/sign-in/);
  await expect(page.getByLabel("Email")).toBeVisible();
});
