import { expect, test } from "@playwright/test";
import { query } from "./db";
import { expectNotFound, signIn } from "./fixtures";

// Billing in the browser, with billing off (the e2e server has no Stripe key): the demo's trial
// with its usage bars, and a merchant whose payment failed — its subscription row says past due,
// as the Stripe webhook would have written it (tests/integration/billing-stripe.test.ts).

test.describe.configure({ mode: "serial" });

test("the owner's billing page shows the Growth trial, its end and a usage bar per limit; it is the owner's alone", async ({ page, browser }) => {
  await signIn(page, "owner@example.com");
  await page.goto("/m/harbor-bistro");
  await page.getByRole("link", { name: "Billing" }).first().click();
  await expect(page).toHaveURL(/\/m\/harbor-bistro\/settings\/billing$/);
  await expect(page.getByRole("heading", { level: 1, name: "Billing" })).toBeVisible();
  await expect(page.getByText("Billing is off on this server")).toBeVisible();
  await expect(page.getByRole("heading", { name: /Growth plan/ })).toBeVisible();
  await expect(page.getByTestId("trial-end")).toHaveText(/\w{3} \d{1,2}, \d{4}/);
  const bars = page.getByRole("list", { name: "Usage against your plan" }).getByRole("progressbar");
  await expect(bars).toHaveCount(6);
  await expect(page.getByRole("progressbar", { name: "Customers on the list" })).toHaveAttribute("aria-valuenow", /^[1-9]\d*$/);
  await expect(page.getByText(/[\d,]+ of 10,000 customers/)).toBeVisible();
  await expect(page.getByText("4 of 10 team members")).toBeVisible();
  await page.screenshot({ path: "test-results/screens/billing.png", fullPage: true });

  // A manager of the same merchant, and another merchant's owner: not found.
  for (const email of ["manager@example.com", "owner2@example.com"]) {
    const context = await browser.newContext();
    const other = await context.newPage();
    await signIn(other, email);
    await expectNotFound(other, "/m/harbor-bistro/settings/billing");
    await expect(other.getByRole("link", { name: "Billing" })).toHaveCount(0);
    await context.close();
  }
});

test("a merchant whose payment failed sees why promotions are paused and cannot send; the list still works", async ({ page }) => {
  const [vine] = await query<{ id: string }>(`SELECT id FROM merchants WHERE slug = 'vine-barrel'`);
  const before = await query<Record<string, unknown>>(`SELECT * FROM subscriptions WHERE "merchantId" = $1`, [vine!.id]);
  await query(
    `UPDATE subscriptions SET plan = 'growth', status = 'past_due', "stripeSubscriptionId" = 'sub_e2e_past_due', "currentPeriodEnd" = now() + interval '20 days' WHERE "merchantId" = $1`,
    [vine!.id],
  );
  try {
    await signIn(page, "owner@example.com");
    await page.goto("/m/vine-barrel");
    const banner = page.locator("#billing-banner");
    await expect(banner).toContainText("Promotions are paused: the last payment failed");
    await expect(banner.getByRole("link", { name: "Update the payment method on the Billing page" })).toHaveAttribute(
      "href",
      "/m/vine-barrel/settings/billing",
    );
    await page.screenshot({ path: "test-results/screens/billing-past-due.png" });

    // The seed gives Vine & Barrel no group or promotion to send: one of each, for this test.
    await query(
      `INSERT INTO groups ("merchantId", name, kind, filter) VALUES ($1, 'E2E past due', 'dynamic', '{"field":"visitCount","op":"gte","value":0}') ON CONFLICT DO NOTHING`,
      [vine!.id],
    );
    await query(
      `INSERT INTO promotions ("merchantId", name, title, offer, terms, "validDaysOfWeek", "expiresInDays", subject, preheader, body, "updatedAt")
       SELECT $1, 'E2E past due', 'A treat', 'A free glass', 'One per guest.', '{0,1,2,3,4,5,6}', 30, 'Hi', 'Inside', 'Hi {{firstName}}', now()
        WHERE NOT EXISTS (SELECT 1 FROM promotions WHERE "merchantId" = $1 AND name = 'E2E past due')`,
      [vine!.id],
    );
    const campaignsBefore = (await query<{ n: number }>(`SELECT count(*)::int AS n FROM campaigns WHERE "merchantId" = $1`, [vine!.id]))[0]!.n;
    await page.goto("/m/vine-barrel/campaigns/new");
    await page.getByLabel("Group", { exact: true }).selectOption({ label: "E2E past due" });
    await page.getByLabel("Promotion", { exact: true }).selectOption({ label: "E2E past due" });
    await expect(page.getByTestId("campaign-getting")).toHaveText(/^[1-9][\d,]*$/, { timeout: 20_000 });
    await page.getByRole("button", { name: "Review and send" }).click();
    await page.getByRole("button", { name: /^Send to/ }).click();
    await expect(page.getByRole("alert").filter({ hasText: "Not sent" })).toContainText("Promotions are paused because the last payment failed");
    expect((await query<{ n: number }>(`SELECT count(*)::int AS n FROM campaigns WHERE "merchantId" = $1`, [vine!.id]))[0]!.n).toBe(campaignsBefore);

    // The list and the billing page still open.
    expect((await page.goto("/m/vine-barrel/customers"))?.status()).toBe(200);
    await page.goto("/m/vine-barrel/settings/billing");
    await expect(page.getByText("Payment failed", { exact: true })).toBeVisible(); // the status badge (the banners say it in words too)
  } finally {
    const b = before[0]!;
    await query(`UPDATE subscriptions SET plan = $2, status = $3, "stripeSubscriptionId" = $4, "currentPeriodEnd" = $5 WHERE "merchantId" = $1`, [
      vine!.id,
      b.plan,
      b.status,
      b.stripeSubscriptionId,
      b.currentPeriodEnd,
    ]);
  }
});
