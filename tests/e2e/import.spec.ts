import { expect, test } from "@playwright/test";
import { query } from "./db";
import { signIn } from "./fixtures";

test("a manager imports customers from CSV: map, check, see the problems, import with progress", async ({ page }) => {
  await signIn(page, "manager@example.com");
  await page.goto("/m/harbor-bistro/import");
  const csv = ["E-mail,Given name,Surname,Mobile", "imp.one@example.org,Ima,One,", "imp.two@example.org,Ima,Two,+14155550199", "broken-address,Bad,Row,"].join(
    "\n",
  );
  await page.getByLabel("CSV file").setInputFiles({ name: "guests.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await page.getByRole("button", { name: "Upload" }).click();
  // "Given name" and "Surname" are matched by name; "E-mail" too.
  await expect(page.getByLabel("Email", { exact: true })).toHaveValue("E-mail");
  await page.getByLabel("First name").selectOption("Given name");
  await page.getByLabel("Last name").selectOption("Surname");
  await page.getByRole("button", { name: "Check every row" }).click();
  await expect(page.getByTestId("import-summary")).toContainText("3 rows: 2 ready, 1 with problems.");
  await expect(page.getByText("Line 4:")).toBeVisible();
  await page.getByRole("button", { name: "Import 2 valid rows" }).click();
  await expect(page.getByText("Import finished")).toBeVisible();
  await expect(page.getByRole("progressbar")).toHaveAttribute("aria-valuenow", "100");
  await page.screenshot({ path: "test-results/screens/import.png", fullPage: true });
  expect(await query(`SELECT "firstName", "lastName" FROM customers WHERE "emailNormalized" LIKE 'imp.%@example.org' ORDER BY "lastName"`)).toEqual([
    { firstName: "Ima", lastName: "One" },
    { firstName: "Ima", lastName: "Two" },
  ]);
});

test("staff cannot reach the import", async ({ page }) => {
  await signIn(page, "staff@example.com");
  expect((await page.goto("/m/harbor-bistro/import"))?.status()).toBe(404);
  expect((await page.request.post("/m/harbor-bistro/import/uploads?kind=customers", { data: "email\nx@example.com\n" })).status()).toBe(403);
});

test("a manager imports a deal's sold vouchers: new deal, per-row problems, a code another business also has is ours alone, then redeemable", async ({
  page,
}) => {
  const [theirs] = await query<{ code: string }>(
    `SELECT v.code FROM vouchers v JOIN merchants m ON m.id = v."merchantId" WHERE m.slug <> 'harbor-bistro' ORDER BY v.code DESC LIMIT 1`, // not the counter spec's vine-barrel code (its first)
  );
  const run = Date.now().toString(36).toUpperCase();
  const csv = [
    "code,buyer,buyer email,bought,expires",
    `IMP-${run}-A,Vera Voucher,vera.${run}@example.org,2026-10-01 18:30,`,
    `IMP-${run}-B,,,,2030-12-31`,
    `${theirs!.code},Not Ours,,,`,
    "no,Too Short,,,",
  ].join("\n");
  await signIn(page, "manager@example.com");
  await page.goto("/m/harbor-bistro/import");
  await page.getByLabel("The file holds").selectOption("vouchers");
  await page.getByLabel("CSV file").setInputFiles({ name: "sold.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await page.getByRole("button", { name: "Upload" }).click();
  await expect(page.getByLabel("Voucher code")).toHaveValue("code");
  await page.getByLabel("Purchaser name").selectOption("buyer");
  await page.getByLabel("Purchaser email").selectOption("buyer email");
  await page.getByLabel("Deal these vouchers were sold for").selectOption("new");
  await page.getByLabel("New deal's title").fill(`Imported deal ${run}`);
  await page.getByRole("button", { name: "Check every row" }).click();
  // Codes are per merchant: another business's code is neither refused nor named.
  await expect(page.getByTestId("import-summary")).toContainText("4 rows: 3 ready, 1 with problems.");
  await expect(page.getByText(/another business/i)).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Download all rows with problems" })).toBeVisible();
  await page.getByRole("button", { name: "Import 3 valid rows" }).click();
  await expect(page.getByText("Import finished")).toBeVisible();
  await expect(page.getByRole("progressbar")).toHaveAttribute("aria-valuenow", "100");
  await page.screenshot({ path: "test-results/screens/import-vouchers.png", fullPage: true });
  expect(
    await query(
      `SELECT v.code, v."purchaserEmail", d.title FROM vouchers v JOIN deals d ON d."merchantId" = v."merchantId" AND d.id = v."dealId"
        JOIN merchants m ON m.id = v."merchantId" WHERE m.slug = 'harbor-bistro' AND v.code LIKE $1 ORDER BY v.code`,
      [`IMP-${run}-%`],
    ),
  ).toEqual([
    { code: `IMP-${run}-A`, purchaserEmail: `vera.${run.toLowerCase()}@example.org`, title: `Imported deal ${run}` },
    { code: `IMP-${run}-B`, purchaserEmail: null, title: `Imported deal ${run}` },
  ]);
  // The other business keeps its own voucher under that code, untouched.
  expect(
    await query(`SELECT m.slug FROM vouchers v JOIN merchants m ON m.id = v."merchantId" WHERE v.code = $1 ORDER BY m.slug <> 'harbor-bistro'`, [theirs!.code]),
  ).toHaveLength(2);
});

for (const viewport of [
  { width: 1024, height: 768 },
  { width: 390, height: 844 },
]) {
  test(`the preview says who is new and who would change, and a name changes only when chosen (${viewport.width}×${viewport.height})`, async ({ page }) => {
    await page.setViewportSize(viewport);
    const run = `${viewport.width}${Date.now().toString(36)}`;
    // An existing customer the file names by email, with a different name.
    const [existing] = await query<{ email: string; firstName: string; lastName: string }>(
      `SELECT c.email, c."firstName", c."lastName" FROM customers c JOIN merchants m ON m.id = c."merchantId"
        WHERE m.slug = 'harbor-bistro' AND c.email IS NOT NULL AND c."firstName" IS NOT NULL AND c."lastName" IS NOT NULL AND c."externalId" IS NULL ORDER BY c.id LIMIT 1 OFFSET ${viewport.width === 390 ? 1 : 0}`,
    );
    const csv = ["Name,Email,Opted in", `Renamed ${run},${existing!.email.toUpperCase()},`, `Nova Newcomer,nova.${run}@example.org,yes`].join("\n");
    await signIn(page, "manager@example.com");
    await page.goto("/m/harbor-bistro/import");
    await page.getByLabel("CSV file").setInputFiles({ name: "guests.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    await page.getByRole("button", { name: "Upload" }).click();
    await expect(page.getByLabel("Full name (split into first and last)")).toHaveValue("Name");
    await page.getByRole("button", { name: "Check every row" }).click();
    await expect(page.getByTestId("import-preview-counts")).toContainText("1 new customer, 1 row updates an existing customer (matched 1 by email)");
    const sample = page.getByRole("list", { name: "Sample matched rows" });
    await expect(sample).toContainText(`Line 2: ${existing!.firstName} ${existing!.lastName} — matched by email`);
    await expect(sample).toContainText(`First name: ${existing!.firstName} → Renamed (kept as is)`);
    await expect(page.getByLabel("First name: when a customer already has a value")).toHaveValue("blank");
    // Consent: the file says yes for one row, so the manager says where they agreed.
    await page.getByRole("button", { name: "Import 2 valid rows" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "Say where these customers agreed" })).toBeVisible();
    await page.getByLabel("Where did they agree to receive email?").fill("Sign-up sheet at the till");
    await page.screenshot({ path: `test-results/screens/import-preview-${viewport.width}.png`, fullPage: true });
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await page.getByRole("button", { name: "Import 2 valid rows" }).click();
    await expect(page.getByText("Import finished")).toBeVisible();
    expect(
      await query(
        `SELECT "firstName", "lastName" FROM customers c JOIN merchants m ON m.id = c."merchantId" WHERE m.slug = 'harbor-bistro' AND c."emailNormalized" = lower($1)`,
        [existing!.email],
      ),
    ).toEqual([{ firstName: existing!.firstName, lastName: existing!.lastName }]);
    expect(
      await query(`SELECT "firstName", "lastName", "emailConsent", "emailConsentSource" FROM customers WHERE "emailNormalized" = $1`, [
        `nova.${run}@example.org`,
      ]),
    ).toEqual([{ firstName: "Nova", lastName: "Newcomer", emailConsent: true, emailConsentSource: "import: Sign-up sheet at the till" }]);
  });
}

test("taking the file's first name renames only when chosen", async ({ page }) => {
  const run = Date.now().toString(36);
  const [existing] = await query<{ email: string; lastName: string }>(
    `SELECT c.email, c."lastName" FROM customers c JOIN merchants m ON m.id = c."merchantId"
      WHERE m.slug = 'harbor-bistro' AND c.email IS NOT NULL AND c."lastName" IS NOT NULL AND c."externalId" IS NULL ORDER BY c.id DESC LIMIT 1`,
  );
  await signIn(page, "manager@example.com");
  await page.goto("/m/harbor-bistro/import");
  await page
    .getByLabel("CSV file")
    .setInputFiles({ name: "g.csv", mimeType: "text/csv", buffer: Buffer.from(`email,first name\n${existing!.email},Chosen${run}\n`) });
  await page.getByRole("button", { name: "Upload" }).click();
  await page.getByRole("button", { name: "Check every row" }).click();
  await expect(page.getByText(/no consent column/)).toBeVisible();
  await page.getByLabel("First name: when a customer already has a value").selectOption("file");
  await page.getByRole("button", { name: "Import 1 valid rows" }).click();
  await expect(page.getByText("Import finished")).toBeVisible();
  expect(await query(`SELECT "firstName", "lastName" FROM customers WHERE "emailNormalized" = lower($1)`, [existing!.email])).toEqual([
    { firstName: `Chosen${run}`, lastName: existing!.lastName },
  ]);
});

test("a file with a stray quote is refused with its line and why, not a server error", async ({ page }) => {
  await signIn(page, "manager@example.com");
  await page.goto("/m/harbor-bistro/import");
  const csv = ["email,name", "ok@example.org,Ok", 'bad@example.org,Bob "the" Builder'].join("\n");
  await page.getByLabel("CSV file").setInputFiles({ name: "quote.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await page.getByRole("button", { name: "Upload" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Line 3 of the file is not valid CSV" })).toContainText('has a quote (")');
  await expect(page.getByText(/Something went wrong/)).toHaveCount(0);
});
