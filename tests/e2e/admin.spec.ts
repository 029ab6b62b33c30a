import { expect, test, type Browser } from "@playwright/test";
import { query } from "./db";
import { signIn } from "./fixtures";

// Issue 15, the platform admin and "view as this merchant", in the browser. Each test makes its own
// merchant of the seeded publisher (CityLights Deals) with its own owner, so suspending it cannot
// disturb the specs running beside this one on the shared demo merchants.

async function ownMerchant(name: string) {
  const slug = `e2e-${name.toLowerCase().replace(/[^a-z0-9]+/g, "-")}-${Date.now().toString(36)}`;
  const [m] = await query<{ id: string }>(
    `INSERT INTO merchants (slug, name, "timeZone", currency, "addressLine1", city, region, "postalCode", "publisherId", "updatedAt")
     SELECT $1, $2, 'America/New_York', 'USD', '1 Main St', 'Springfield', 'IL', '62701', id, now() FROM publishers WHERE slug = 'citylights' RETURNING id`,
    [slug, name],
  );
  const email = `owner-${slug}@example.com`;
  // The demo password's hash, borrowed from a seeded user.
  const [u] = await query<{ id: string }>(
    `INSERT INTO users (email, name, "passwordHash", "emailVerifiedAt") SELECT $1, 'Sue Owner', "passwordHash", now() FROM users WHERE email = 'owner@example.com' RETURNING id`,
    [email],
  );
  await query(`INSERT INTO memberships ("merchantId", "userId", role) VALUES ($1, $2, 'owner')`, [m!.id, u!.id]);
  await query(`INSERT INTO customers ("merchantId", "firstName", "lastName", email, "updatedAt") VALUES ($1, 'Ann', 'Anders', $2, now())`, [
    m!.id,
    `ann-${slug}@example.com`,
  ]);
  return { id: m!.id, slug, name, email };
}

async function newPage(browser: Browser) {
  const context = await browser.newContext();
  return context.newPage();
}

test("the platform admin suspends a merchant, its owner sees why, and unsuspending opens the app again", async ({ page, browser }) => {
  const m = await ownMerchant("Suspend Cafe");
  await signIn(page, "admin@example.com");
  await expect(page).toHaveURL(/\/admin$/);
  await page.screenshot({ path: "test-results/screens/admin-overview.png", fullPage: true });

  await page.getByRole("link", { name: "Publishers" }).click();
  await expect(page.getByRole("heading", { name: "Publishers" })).toBeVisible();
  await page.screenshot({ path: "test-results/screens/admin-publishers.png", fullPage: true });
  await page.getByRole("link", { name: "Users" }).click();
  await page.getByLabel("Search users").fill(m.email);
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page.getByTestId(`user-row-${m.email}`)).toContainText("Suspend Cafe (owner)");
  await page.screenshot({ path: "test-results/screens/admin-users.png", fullPage: true });

  await page.getByRole("link", { name: "Merchants" }).click();
  await page.getByLabel("Search merchants").fill(m.slug);
  await page.getByRole("button", { name: "Search" }).click();
  const row = page.getByTestId(`merchant-row-${m.slug}`);
  await expect(row).toContainText("Active");
  await row.getByRole("button", { name: "Suspend…" }).click();
  // A reason is required, and said where it is entered.
  await row.getByRole("button", { name: "Suspend", exact: true }).click();
  await expect(row).toContainText("Say why");
  await row.getByLabel(`Reason for suspending ${m.name}`).fill("Card payments disputed");
  await row.getByRole("button", { name: "Suspend", exact: true }).click();
  await expect(row).toContainText("Suspended");
  await expect(row).toContainText("Card payments disputed");
  await page.screenshot({ path: "test-results/screens/admin-merchants.png", fullPage: true });

  // The owner signs in and sees the reason instead of the app.
  const owner = await newPage(browser);
  await signIn(owner, m.email);
  await expect(owner).toHaveURL(new RegExp(`/m/${m.slug}/suspended$`));
  await expect(owner.getByTestId("suspended-message")).toHaveText("This business is suspended: Card payments disputed. Contact support.");
  await owner.screenshot({ path: "test-results/screens/merchant-suspended.png", fullPage: true });
  await owner.goto(`/m/${m.slug}/customers`);
  await expect(owner).toHaveURL(new RegExp(`/m/${m.slug}/suspended$`));

  // Unsuspended: the app is back for the owner.
  await row.getByRole("button", { name: "Unsuspend" }).click();
  await expect(row).toContainText("Active");
  await owner.goto(`/m/${m.slug}/customers`);
  await expect(owner).toHaveURL(new RegExp(`/m/${m.slug}/customers$`));
  await expect(owner.locator("a:visible", { hasText: "Ann Anders" }).first()).toBeVisible();
});

test("a publisher admin views a merchant read only, with the banner, and ends the view", async ({ page }) => {
  const m = await ownMerchant("View Diner");
  await signIn(page, "publisher@example.com");
  await page.goto(`/p/citylights/merchants/${m.slug}`);
  await page.getByRole("button", { name: "View as this merchant" }).click();
  await expect(page).toHaveURL(new RegExp(`/m/${m.slug}$`));
  const banner = page.getByTestId("view-as-banner");
  await expect(banner).toContainText(`Viewing ${m.name} as CityLights Deals — read only`);
  await expect(banner).toContainText(/ends in (29|30) minutes/);
  await page.screenshot({ path: "test-results/screens/view-as-home.png", fullPage: true });

  // Reading works; a change is refused by the server with a plain message.
  await page.goto(`/m/${m.slug}/customers`);
  await expect(page.locator("a:visible", { hasText: "Ann Anders" }).first()).toBeVisible();
  await page.goto(`/m/${m.slug}/settings`);
  await expect(banner).toBeVisible();
  await page.getByLabel("Key name").fill("From the view");
  await page.getByRole("button", { name: "Create API key" }).click();
  await expect(page.getByText("This is a read-only view of the merchant: nothing can be changed or exported here.")).toBeVisible();
  await page.screenshot({ path: "test-results/screens/view-as-refused.png", fullPage: true });
  const keys = await query<{ n: string }>(`SELECT count(*)::text AS n FROM api_keys WHERE "merchantId" = $1`, [m.id]);
  expect(keys[0]!.n).toBe("0");
  const audit = await query<{ n: string }>(`SELECT count(*)::text AS n FROM audit_logs WHERE "merchantId" = $1 AND action = 'merchant.view_as.started'`, [
    m.id,
  ]);
  expect(audit[0]!.n).toBe("1");

  await banner.getByRole("button", { name: "End view" }).click();
  await expect(page).toHaveURL(new RegExp(`/p/citylights/merchants/${m.slug}$`));
  await page.goto(`/m/${m.slug}`);
  await expect(page.getByTestId("view-as-banner")).toHaveCount(0);
});
