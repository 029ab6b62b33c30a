import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { expect, test } from "@playwright/test";
import { ROLES, withDatabase, withRole } from "../../scripts/lib/postgres";
import { query } from "./db";
import { signIn } from "./fixtures";

// Second visit end to end, with the scheduler's clock moved: a manager sets the automation up
// (14 days, no holdout) and turns it on; a deal customer's first redemption at the counter; the
// scheduler runs as of 14 days later (the CLI's automations:run --at, the same evaluation the
// worker's tick runs) and the worker beside the app delivers; the email with a personal code is in the development mailbox; the customer
// redeems it at the counter; the automation's results count the redemption and its revenue.

test.setTimeout(240_000);
const run = promisify(execFile);
const adminUrl = process.env.E2E_DATABASE_URL ?? `postgresql://postgres:postgres@127.0.0.1:${process.env.PG_TEST_PORT ?? 54330}/regulars_e2e`;

test("a deal customer's first redemption → the second-visit email 14 days later → redeemed → counted", async ({ page }) => {
  const promotionName = `E2E Come back ${Date.now().toString(36)}`;
  const [merchant] = await query<{ id: string }>(`SELECT id FROM merchants WHERE slug = 'harbor-bistro'`);
  await query(
    `INSERT INTO promotions ("merchantId", name, title, offer, "expiresInDays", "oncePerCustomer", subject, body, "updatedAt")
     VALUES ($1, $2, 'Come back for 10% off', '10% off your second visit', 60, true, '{{firstName}}, come back for 10% off', 'Hi {{firstName}}, we would love to see you again.', now())`,
    [merchant!.id, promotionName],
  );

  // 1. The manager sets up "Second visit", sees who it would reach, and turns it on.
  await signIn(page, "manager@example.com");
  await page.goto("/m/harbor-bistro/automations");
  await page.getByRole("link", { name: "Set up", exact: true }).and(page.locator('[aria-describedby="kind-second_visit"]')).click();
  const form = page.getByRole("form", { name: "Second visit automation" });
  await form.getByLabel("Days after their first deal redemption").fill("14");
  await form.getByLabel("Promotion").selectOption({ label: promotionName });
  await form.getByLabel("Holdout (%)").fill("0");
  await expect(form.getByTestId("preview-week")).toHaveText(/^\d[\d,]*$/, { timeout: 20_000 });
  await form.getByRole("button", { name: /^Save/ }).click();
  await expect(page).toHaveURL(/\/automations$/);
  const card = page.getByRole("listitem").filter({ hasText: `“${promotionName}”` });
  await expect(card.getByTestId("automation-sentence")).toHaveText(`Customers who redeemed a deal and haven't come back after 14 days get “${promotionName}”.`);
  await card.getByRole("button", { name: "Turn on Second visit" }).click();
  await expect(card.getByText("On", { exact: true })).toBeVisible();

  // 2. A deal customer's first redemption at the counter; they give their email and agree to promotions.
  // A sold daily-deal voucher nobody has redeemed yet (from the end of the list: the counter spec takes from the start).
  const [{ code }] = (await query<{ code: string }>(
    `SELECT v.code FROM vouchers v JOIN deals d ON d."merchantId" = v."merchantId" AND d.id = v."dealId" JOIN merchants m ON m.id = v."merchantId"
      WHERE m.slug = 'harbor-bistro' AND d.kind = 'daily_deal' AND v.status = 'active' AND v."customerId" IS NULL AND v."expiresAt" > now()
      ORDER BY v.code DESC LIMIT 1`,
  )) as [{ code: string }];
  await page.goto("/m/harbor-bistro/counter");
  await expect(page.getByText("Online")).toBeVisible();
  await page.getByLabel("Voucher code, or find a customer").fill(code);
  await page.getByRole("button", { name: `Redeem ${code}` }).click();
  await page.getByLabel("Spend (USD)").fill("50.00");
  await page.getByRole("button", { name: "Done" }).click();
  await expect(page.getByText(/^Recorded /)).toBeVisible();
  const email = `second.visit.${Date.now().toString(36)}@example.org`;
  const [customer] = await query<{ id: string }>(
    `UPDATE customers c SET email = $2, "emailNormalized" = $2, "emailConsent" = true, "emailConsentSource" = 'counter', "emailConsentAt" = now()
       FROM vouchers v JOIN visits vi ON vi."merchantId" = v."merchantId" AND vi."voucherId" = v.id
      WHERE v.code = $1 AND c."merchantId" = vi."merchantId" AND c.id = vi."customerId" AND c."visitCount" = 1 RETURNING c.id`,
    [code, email],
  );
  expect(customer).toBeDefined();

  // 3. Fourteen days later, the scheduler runs (the clock moved by the CLI's --at).
  const at = new Date(Date.now() + 14 * 86_400_000).toISOString();
  const appUrl = withRole(withDatabase(adminUrl, "regulars_e2e"), ROLES.app);
  const { stdout } = await run(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", "src/cli/index.ts", "automations:run", "--merchant", "harbor-bistro", "--at", at, "--json"],
    {
      env: { ...process.env, DATABASE_URL: appUrl, DATABASE_OWNER_URL: "", RESEND_API_KEY: "", LOG_LEVEL: "warn" },
      timeout: 120_000,
    },
  );
  // The command's answer is the pretty-printed object starting at a line "{" (logs, if any, are one-line JSON).
  expect(JSON.parse(stdout.slice(stdout.search(/^\{$/m))).results).toContainEqual(expect.objectContaining({ kind: "second_visit", outcome: "fired" }));

  // 4. The worker beside the app delivers it: the email, with their personal code, in the development mailbox.
  await expect.poll(async () => (await query(`SELECT 1 FROM email_messages WHERE "to" = $1`, [email])).length, { timeout: 90_000, intervals: [500] }).toBe(1);
  const [mail] = await query<{ id: string; subject: string; voucherCode: string }>(`SELECT id, subject, "voucherCode" FROM email_messages WHERE "to" = $1`, [
    email,
  ]);
  expect(mail!.subject).toMatch(/, come back for 10% off$/);
  await page.goto(`/m/harbor-bistro/mailbox?id=${mail!.id}`);
  await expect(page.frameLocator('iframe[title="Email content"]').getByText(mail!.voucherCode)).toBeVisible();
  // Run again: nothing more for them.
  await run(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", "src/cli/index.ts", "automations:run", "--merchant", "harbor-bistro", "--at", at],
    {
      env: { ...process.env, DATABASE_URL: appUrl, DATABASE_OWNER_URL: "", RESEND_API_KEY: "", LOG_LEVEL: "warn" },
      timeout: 120_000,
    },
  );
  await page.waitForTimeout(3000); // a second email, were there one, would be delivered by now
  expect(await query(`SELECT 1 FROM email_messages WHERE "to" = $1`, [email])).toHaveLength(1);

  // 5. They come back and redeem it at the counter.
  const typed = mail!.voucherCode.replaceAll("-", "");
  await page.goto("/m/harbor-bistro/counter");
  await expect(page.getByText("Online")).toBeVisible();
  await page.getByLabel("Voucher code, or find a customer").fill(typed);
  await page.getByRole("button", { name: `Redeem ${mail!.voucherCode}` }).click(); // typed without dashes, shown as printed
  await page.getByLabel("Spend (USD)").fill("42.00");
  await page.getByRole("button", { name: "Done" }).click();
  await expect(page.getByText(/^Recorded /)).toBeVisible();

  // 6. The automation's results count it.
  await page.goto("/m/harbor-bistro/automations");
  const results = page.getByRole("listitem").filter({ hasText: `“${promotionName}”` });
  await expect(results.getByTestId("automation-redeemed")).toHaveText("1");
  await expect(results.getByTestId("automation-revenue")).toHaveText("$42.00");
  await page.screenshot({ path: "test-results/screens/automations.png", fullPage: true });
});

test("welcome to the best can watch an RFM segment: picked from its group, named in the sentence", async ({ page }) => {
  const promotionName = `E2E Welcome ${Date.now().toString(36)}`;
  const [merchant] = await query<{ id: string }>(`SELECT id FROM merchants WHERE slug = 'harbor-bistro'`);
  await query(
    `INSERT INTO promotions ("merchantId", name, title, offer, "expiresInDays", "oncePerCustomer", subject, body, "updatedAt")
     VALUES ($1, $2, 'Welcome to the best', 'a dessert on us', 60, true, '{{firstName}}, you are one of our best', 'Hi {{firstName}}, thank you.', now())`,
    [merchant!.id, promotionName],
  );
  await signIn(page, "manager@example.com");
  await page.goto("/m/harbor-bistro/automations/new?kind=welcome_best");
  const form = page.getByRole("form", { name: "Welcome to the best automation" });
  const watch = form.getByLabel("Smart Filter or RFM segment");
  await expect(watch.locator('optgroup[label="RFM segments"] option')).toHaveText([
    "Champions",
    "Loyal",
    "Potential loyalists",
    "New",
    "Promising",
    "Needs attention",
    "At risk",
    "Can't lose them",
    "Hibernating",
    "Lost",
  ]);
  await watch.selectOption({ label: "Champions" });
  await form.getByLabel("Promotion").selectOption({ label: promotionName });
  await expect(form.getByTestId("preview-week")).toHaveText(/^\d[\d,]*$/, { timeout: 20_000 });
  await page.screenshot({ path: "test-results/screens/automation-welcome-segment.png", fullPage: true });
  await form.getByRole("button", { name: /^Save/ }).click();
  await expect(page).toHaveURL(/\/automations$/);
  const card = page.getByRole("listitem").filter({ hasText: `“${promotionName}”` });
  await expect(card.getByTestId("automation-sentence")).toHaveText(`Customers who newly join the “Champions” RFM segment get “${promotionName}”.`);
});

test("automations are for managers of this merchant only", async ({ page }) => {
  await signIn(page, "staff@example.com");
  expect((await page.goto("/m/harbor-bistro/automations"))?.status()).toBe(404);
  await page.context().clearCookies();
  await signIn(page, "owner2@example.com");
  expect((await page.goto("/m/harbor-bistro/automations"))?.status()).toBe(404);
  expect((await page.goto("/m/harbor-bistro/automations/new?kind=second_visit"))?.status()).toBe(404);
});
