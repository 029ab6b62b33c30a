import { expect, test } from "@playwright/test";
import { query } from "./db";
import { expectNotFound, signIn } from "./fixtures";

// Issue 15 end to end: a publisher admin onboards a merchant; its invited owner follows the link
// in the development mailbox, sets a password and lands in their merchant; the publisher creates a
// deal and loads its 1,000 sold vouchers from CSV; the owner redeems one at the counter and the
// buyer later comes back without a voucher; the deal report shows the redemption and the return.
test("onboard, invite, load a deal's sold vouchers, redeem at the counter, and see it in the deal report", async ({ page, browser }) => {
  test.setTimeout(180_000);
  const run = Date.now().toString(36);
  const name = `Lighthouse Noodles ${run}`;
  const slug = `lighthouse-noodles-${run}`;
  const ownerEmail = `owner.${run}@example.org`;

  // 1. The publisher admin onboards the merchant.
  await signIn(page, "publisher@example.com");
  await expect(page).toHaveURL(/\/p\/citylights$/);
  await page.getByRole("link", { name: "Onboard a merchant" }).first().click();
  await page.getByLabel(/^Name/).fill(name);
  await expect(page.getByLabel("Address in Regulars")).toHaveValue(slug); // suggested from the name
  await page.getByLabel("Time zone").selectOption("America/Chicago");
  await page.getByLabel("Street address").fill("88 Pier St");
  await page.getByLabel("City").fill("Chicago");
  await page.getByLabel("State / region").fill("IL");
  await page.getByLabel("Postal code").fill("60611");
  await page.getByLabel("Owner's email").fill("not-an-email");
  await page.getByRole("button", { name: "Onboard and invite the owner" }).click();
  await expect(page.getByText("Enter a valid email address.")).toBeVisible(); // said where it was entered
  await page.getByLabel("Owner's email").fill(ownerEmail);
  await page.getByRole("button", { name: "Onboard and invite the owner" }).click();
  await expect(page).toHaveURL(new RegExp(`/p/citylights/merchants/${slug}$`));
  await expect(page.getByRole("list", { name: "Invitations" })).toContainText(ownerEmail);
  await expect(page.getByRole("list", { name: "Invitations" })).toContainText("Waiting");

  // 2. The owner opens the invitation from the development mailbox, sets a password, lands in the merchant.
  const ownerContext = await browser.newContext();
  const owner = await ownerContext.newPage();
  await owner.goto("/dev/mailbox");
  await owner.getByRole("link", { name: new RegExp(`You're invited to ${name}.*${ownerEmail.replace(/\./g, "\\.")}`) }).click();
  const href = await owner.frameLocator('iframe[title="Email content"]').getByRole("link", { name: "Accept the invitation" }).getAttribute("href");
  expect(href).toMatch(/\/invite\/[A-Za-z0-9_-]{20,}$/);
  await owner.goto(new URL(href!).pathname);
  await expect(owner.getByRole("heading", { name: `Join ${name}` })).toBeVisible();
  await owner.getByLabel("Your name").fill("Olivia Owner");
  await owner.getByLabel("Choose a password").fill("lighthouse-owner-1");
  await owner.getByLabel("Type it again").fill("lighthouse-owner-1");
  await owner.getByRole("button", { name: "Set password and join" }).click();
  await expect(owner).toHaveURL(new RegExp(`/m/${slug}$`));
  // Single use: the same link now says so.
  await owner.goto(new URL(href!).pathname);
  await expect(owner.getByText("This invitation was already used")).toBeVisible();

  // 3. The publisher creates the deal and loads its 1,000 sold vouchers (and one repeated code).
  await page.reload();
  await expect(page.getByRole("list", { name: "Invitations" })).toContainText("Accepted");
  await page.getByRole("link", { name: "New deal" }).click();
  await page.getByLabel("Title").fill("Noodles for two");
  await page.getByLabel("Price (USD)").fill("15");
  await page.getByLabel("Value (USD)").fill("30");
  await page.getByLabel("Vouchers expire").fill("2030-12-31");
  await page.getByRole("button", { name: "Create the deal" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Noodles for two" })).toBeVisible();
  const code = (i: number) => `LN${run.toUpperCase()}-${String(i).padStart(4, "0")}`;
  const rows = [
    "Code,Buyer name,Buyer email,Purchased at",
    ...Array.from({ length: 1000 }, (_, i) => `${code(i + 1)},Buyer ${i + 1},buyer${i + 1}.${run}@example.org,2026-11-20 12:00`),
    `${code(7)},Twice Sold,,`,
  ];
  await page.getByLabel("CSV file").setInputFiles({ name: "noodles-sold.csv", mimeType: "text/csv", buffer: Buffer.from(rows.join("\n")) });
  await page.getByRole("button", { name: "Upload" }).click();
  await expect(page.getByLabel("Voucher code")).toHaveValue("Code");
  await expect(page.getByLabel("Purchaser email")).toHaveValue("Buyer email");
  await page.getByRole("button", { name: "Check every row" }).click();
  await expect(page.getByTestId("import-summary")).toContainText("1,001 rows: 1,000 ready, 1 with problems.");
  await expect(page.getByText(`Line 1002: Voucher code ${code(7)} repeats line 8.`)).toBeVisible();
  await page.getByRole("button", { name: "Import 1,000 valid rows" }).click();
  await expect(page.getByText("Import finished")).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId("deal-figures")).toContainText("1,000");
  expect(await query(`SELECT "emailConsentSource", source::text FROM customers WHERE "emailNormalized" = $1`, [`buyer1.${run}@example.org`])).toEqual([
    { emailConsentSource: "deal purchase", source: "deal" },
  ]);

  // 4. The owner redeems one voucher at the counter; Buyer 1 comes back and pays full price.
  await owner.goto(`/m/${slug}/counter`);
  await owner.getByLabel("Voucher code, or find a customer").fill(code(1));
  await owner.getByRole("button", { name: `Redeem ${code(1)}` }).click();
  await expect(owner.getByText(/^Redeeming:/)).toBeVisible();
  await owner.getByRole("button", { name: "3 stars" }).click();
  await owner.getByLabel("Spend (USD)").fill("12.00");
  await owner.getByRole("button", { name: "Done" }).click();
  await expect(owner.getByText(/^Recorded /)).toBeVisible();
  await owner.getByLabel("Voucher code, or find a customer").fill(`buyer1.${run}`);
  await owner
    .getByRole("list", { name: "Matching customers" })
    .getByRole("button", { name: /^Buyer 1\b/ })
    .click();
  await owner.getByLabel("Spend (USD)").fill("46.50");
  await owner.getByRole("button", { name: "Done" }).click();
  await expect(owner.getByText("Recorded Buyer 1.")).toBeVisible();
  await ownerContext.close();

  // 5. The deal report shows the redemption and the full-price return.
  await page.reload();
  const figures = page.getByTestId("deal-figures");
  await expect(figures).toContainText("Redeemed1");
  await expect(figures).toContainText("Redemption rate 0.1%");
  await expect(figures).toContainText("Back at full price, 30 days100.0%");
  await expect(figures).toContainText("$46.50");
  await expect(page.getByRole("img", { name: /Return curve: 100% of redeemers came back/ })).toBeVisible();
  await page.screenshot({ path: "test-results/screens/publisher-deal-report.png", fullPage: true });

  await page.goto("/p/citylights");
  await page.getByLabel("Search merchants").fill(`lighthouse noodles ${run}`);
  await page.getByRole("button", { name: "Search" }).click();
  const row = page.getByRole("row", { name: new RegExp(name) });
  await expect(row).toContainText("100.0%");
  await page.goto("/p/citylights");
  await page.screenshot({ path: "test-results/screens/publisher-home.png", fullPage: true });
  await page.goto("/p/citylights/deals");
  await expect(page.getByRole("link", { name: "Noodles for two" })).toBeVisible();
  await page.screenshot({ path: "test-results/screens/publisher-all-deals.png", fullPage: true });
});

test("a merchant's people and another publisher cannot open the publisher console", async ({ page }) => {
  await signIn(page, "manager@example.com");
  await expectNotFound(page, "/p/citylights");
  await expectNotFound(page, "/p/citylights/deals");
  await expectNotFound(page, "/p/citylights/merchants/new");
  expect((await page.request.get("/p/citylights/deals/export")).status()).toBe(404);
});

test("the owner's team page and audit log are the owner's alone", async ({ page }) => {
  await signIn(page, "manager@example.com");
  await expectNotFound(page, "/m/harbor-bistro/team");
  await expectNotFound(page, "/m/harbor-bistro/audit");
});
