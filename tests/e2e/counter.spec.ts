import { expect, test, type Page } from "@playwright/test";
import { activeVoucherCode, query } from "./db";
import { signIn } from "./fixtures";

// The counter on a tablet (landscape 1024×768, touch): redemption, walk-in, double redemption,
// and an offline capture that survives a reload and syncs exactly once.
test.use({ viewport: { width: 1024, height: 768 }, hasTouch: true });

async function openCounter(page: Page) {
  await signIn(page, "staff@example.com");
  await expect(page).toHaveURL(/\/m\/harbor-bistro\/counter$/);
  await expect(page.getByText("Online")).toBeVisible();
}

test("redeems a voucher in four taps and shows it as recent", async ({ page }) => {
  const code = await activeVoucherCode("harbor-bistro", 0);
  await openCounter(page);
  await page.getByLabel("Voucher code, or find a customer").fill(code);
  await page.getByRole("button", { name: `Redeem ${code}` }).tap();
  await expect(page.getByText(/^Redeeming:/)).toBeVisible();
  await page.getByRole("button", { name: "3 stars" }).tap();
  await page.getByRole("button", { name: "family", exact: true }).tap();
  await page.getByLabel("Spend (USD)").fill("84.50");
  await page.getByRole("button", { name: "Done" }).tap();
  await expect(page.getByText(/^Recorded /)).toBeVisible();
  await page.screenshot({ path: "test-results/screens/counter-after-redemption.png" });

  const rows = await query<{ status: string; amountCents: number; rating: number }>(
    `SELECT v.status, vi."amountCents", vi.rating FROM vouchers v JOIN visits vi ON vi.id = v."visitId" WHERE v.code = $1`,
    [code],
  );
  expect(rows).toEqual([{ status: "redeemed", amountCents: 8450, rating: 3 }]);
});

test("refuses a second redemption and says when and by whom", async ({ page }) => {
  const code = await activeVoucherCode("harbor-bistro", 1);
  await openCounter(page);
  for (let i = 0; i < 2; i++) {
    await page.getByLabel("Voucher code, or find a customer").fill(code);
    await page.getByRole("button", { name: `Redeem ${code}` }).tap();
    if (i === 0) {
      await page.getByRole("button", { name: "Done" }).tap();
      await expect(page.getByText(/^Recorded /)).toBeVisible();
    }
  }
  await expect(page.getByRole("alert").filter({ hasText: "already redeemed" })).toContainText("by Sam Staff");
  expect(await query(`SELECT 1 FROM visits vi JOIN vouchers v ON v.id = vi."voucherId" WHERE v.code = $1`, [code])).toHaveLength(1);
});

test("another merchant's voucher is simply unknown here, naming nobody", async ({ page }) => {
  const code = await activeVoucherCode("vine-barrel", 0);
  await openCounter(page);
  await page.getByLabel("Voucher code, or find a customer").fill(code);
  await page.getByRole("button", { name: `Redeem ${code}` }).tap();
  await expect(page.getByRole("alert").filter({ hasText: `No voucher has the code ${code}` })).toBeVisible();
  await expect(page.getByText(/another business/i)).toHaveCount(0);
});

test("records a walk-in with a new customer added in one line", async ({ page }) => {
  await openCounter(page);
  await page.getByRole("button", { name: "New customer (walk-in)" }).tap();
  await page.getByLabel("First name").fill("Wanda");
  await page.getByLabel("Last name").fill("Walkin");
  await page.getByLabel("Phone or email").fill("wanda.walkin@example.org");
  await page.getByRole("button", { name: "Continue" }).tap();
  await page.getByRole("button", { name: "2 stars" }).tap();
  await page.getByRole("button", { name: "Done" }).tap();
  await expect(page.getByText("Recorded Wanda Walkin.")).toBeVisible();
  await expect(page.getByRole("region", { name: "Recent captures" }).getByText("Wanda Walkin")).toBeVisible();
  const rows = await query<{ visitCount: number; lastRating: number }>(
    `SELECT "visitCount", "lastRating" FROM customers WHERE "emailNormalized" = 'wanda.walkin@example.org'`,
  );
  expect(rows).toEqual([{ visitCount: 1, lastRating: 2 }]);

  // Staff correct their own capture within 10 minutes.
  await page.getByRole("button", { name: "Edit Wanda Walkin" }).tap();
  await page.getByLabel("Spend", { exact: true }).fill("31.25");
  await page.getByRole("button", { name: "Save" }).tap();
  await expect(page.getByText("Corrected Wanda Walkin's visit.")).toBeVisible();
  expect(await query(`SELECT "totalSpentCents"::int AS t FROM customers WHERE "emailNormalized" = 'wanda.walkin@example.org'`)).toEqual([{ t: 3125 }]);
});

test("captures offline, survives a reload, and syncs exactly once when back online", async ({ page, context }) => {
  const lastName = `Offline${Date.now().toString(36)}`;
  await openCounter(page);
  // Let the service worker take the page and its files for offline use.
  // The worker must control the page, not only have filled the cache: a reload offline goes
  // through the active worker or fails (seen in CI when the cache was filled first).
  await page.waitForFunction(
    async () =>
      !!navigator.serviceWorker.controller &&
      (await caches.keys()).includes("regulars-counter-v1") &&
      !!(await (await caches.open("regulars-counter-v1")).match(location.href)),
  );

  await context.setOffline(true);
  await expect(page.getByText("Offline — captures are kept on this tablet")).toBeVisible();
  await page.getByRole("button", { name: "New customer (walk-in)" }).tap();
  await page.getByLabel("First name").fill("Olga");
  await page.getByLabel("Last name").fill(lastName);
  await page.getByRole("button", { name: "Continue" }).tap();
  await page.getByLabel("Spend (USD)").fill("12");
  await page.getByRole("button", { name: "Done" }).tap();
  await expect(page.getByText("1 waiting to sync")).toBeVisible();

  await page.reload();
  await expect(page.getByText("1 waiting to sync")).toBeVisible();
  await expect(page.getByText(`Olga ${lastName}`)).toBeVisible();
  expect(await query(`SELECT 1 FROM customers WHERE "lastName" = $1`, [lastName])).toHaveLength(0);

  await context.setOffline(false);
  await expect(page.getByText("waiting to sync")).toHaveCount(0, { timeout: 20_000 });
  await page.reload();
  const visits = await query(`SELECT vi.id FROM visits vi JOIN customers c ON c.id = vi."customerId" WHERE c."lastName" = $1`, [lastName]);
  expect(visits).toHaveLength(1);
});

test("finds a returning customer as you type and records their visit", async ({ page }) => {
  // A regular whose full name no other customer of the merchant has.
  const [regular] = await query<{ id: string; firstName: string; lastName: string }>(
    `SELECT c.id, c."firstName", c."lastName" FROM customers c JOIN merchants m ON m.id = c."merchantId"
      WHERE m.slug = 'harbor-bistro' AND c."firstName" IS NOT NULL AND c."lastName" IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM customers o WHERE o."merchantId" = c."merchantId" AND o.id <> c.id AND o."firstName" = c."firstName" AND o."lastName" = c."lastName")
      ORDER BY c."visitCount" DESC, c.id LIMIT 1`,
  );
  const name = `${regular!.firstName} ${regular!.lastName}`;
  await openCounter(page);
  const find = page.getByLabel("Voucher code, or find a customer");
  await find.fill("zzqx");
  await expect(page.getByRole("status").filter({ hasText: "starts with “zzqx”" })).toBeVisible();
  await find.fill(`${regular!.firstName.toLowerCase()} ${regular!.lastName.slice(0, 2)}`);
  const match = page.getByRole("list", { name: "Matching customers" }).getByRole("button", { name: new RegExp(`^${name}`) });
  await expect(match).toBeVisible();
  await page.screenshot({ path: "test-results/screens/counter-find-customer.png" });
  const started = new Date();
  await match.tap();
  await page.getByRole("button", { name: "2 stars" }).tap();
  await page.getByRole("button", { name: "Done" }).tap();
  await expect(page.getByText(`Recorded ${name}.`)).toBeVisible();
  expect(await query(`SELECT rating FROM visits WHERE "customerId" = $1 AND "createdAt" >= $2`, [regular!.id, started])).toEqual([{ rating: 2 }]);
});
