import { readFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { query } from "./db";
import { signIn } from "./fixtures";

// Customer 360 (issue 14): a manager edits a customer (a clash names the other customer), adds a
// note, merges a duplicate, downloads everything held on them, and erases another on request.

/** A customer with `visits` visits, a day apart, the latest first; each rated 3 unless `ratings` (latest first) says otherwise. */
async function addCustomer(first: string, last: string, extra: { email?: string; phone?: string; visits?: number; ratings?: number[] } = {}): Promise<string> {
  const [row] = await query<{ id: string }>(
    `INSERT INTO customers ("merchantId", "firstName", "lastName", email, "emailNormalized", phone, "updatedAt")
     SELECT id, $1, $2, $3::text, lower($3::text), $4, now() FROM merchants WHERE slug = 'harbor-bistro' RETURNING id`,
    [first, last, extra.email ?? null, extra.phone ?? null],
  );
  for (let i = 0; i < (extra.visits ?? 0); i++) {
    const at = new Date(Date.UTC(2026, 10, 20 - i, 19, 0));
    await query(
      `INSERT INTO visits ("merchantId", "customerId", "occurredAt", "localDate", "localDayOfWeek", "localHour", "amountCents", rating, "updatedAt")
       SELECT "merchantId", id, $2::timestamptz, ($2::timestamptz)::date, extract(dow FROM $2::timestamptz)::int, 14, 2500, $3::int, now() FROM customers WHERE id = $1::uuid`,
      [row!.id, at.toISOString(), extra.ratings?.[i] ?? 3],
    );
  }
  await query(
    // The aggregates as capture_visit() keeps them; usualRating: the mean of the 5 latest ratings, half up (docs/filters.md).
    `UPDATE customers c SET "visitCount" = x.n, "totalSpentCents" = x.s, "lastVisitAt" = x.l, "firstVisitAt" = x.f,
            "lastRating" = (SELECT rating FROM visits WHERE "customerId" = $1::uuid AND rating IS NOT NULL ORDER BY "occurredAt" DESC LIMIT 1),
            "usualRating" = (SELECT round(avg(rating))::int FROM (SELECT rating FROM visits WHERE "customerId" = $1::uuid AND rating IS NOT NULL ORDER BY "occurredAt" DESC LIMIT 5) r)
       FROM (SELECT count(*)::int n, coalesce(sum("amountCents"), 0) s, max("occurredAt") l, min("occurredAt") f FROM visits WHERE "customerId" = $1::uuid) x WHERE c.id = $1::uuid`,
    [row!.id],
  );
  return row!.id;
}

async function open360(page: Page, id: string, name: string) {
  await page.goto(`/m/harbor-bistro/customers/${id}`);
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
}

test("a manager edits a customer, adds a note, merges a duplicate and downloads their data", async ({ page }) => {
  test.setTimeout(120_000);
  const tag = Math.random().toString(36).slice(2, 7);
  const clashEmail = `maria.clash.${tag}@example.com`;
  await addCustomer("Maria", "Clash", { email: clashEmail });
  const id = await addCustomer("Edda", `Edit${tag}`, { email: `edda.${tag}@example.com`, visits: 3 });
  const dupId = await addCustomer("Edda", `Dupe${tag}`, { phone: "+14155550987", visits: 2 });

  await signIn(page, "manager@example.com");
  await page.setViewportSize({ width: 1280, height: 900 });
  await open360(page, id, `Edda Edit${tag}`);

  // Edit: a clash names the other customer with a link; a bad date says so; then it saves.
  await page.getByRole("button", { name: "Edit details" }).click();
  const form = page.getByRole("form", { name: "Edit customer details" });
  await form.getByLabel("Email").fill(clashEmail);
  await form.getByRole("button", { name: "Save details" }).click();
  await expect(form.getByText("already has this email")).toBeVisible();
  await expect(form.getByRole("link", { name: "Maria Clash" })).toBeVisible();
  await form.getByLabel("Email").fill(`edda.new.${tag}@example.com`);
  await form.getByLabel("Last name").fill(`Edited${tag}`);
  await form.getByLabel("Phone").fill("not a phone");
  await form.getByRole("button", { name: "Save details" }).click();
  await expect(form.getByText("Use an international number like +14155550123.")).toBeVisible();
  await form.getByLabel("Phone").fill("(415) 555-0123");
  await form.getByLabel("Birthday").fill("1990-05-17");
  await form.getByRole("button", { name: "Save details" }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Edda Edited${tag}` })).toBeVisible();
  expect(await query(`SELECT email, phone, birthday::text FROM customers WHERE id = $1`, [id])).toEqual([
    { email: `edda.new.${tag}@example.com`, phone: "+14155550123", birthday: "1990-05-17" },
  ]);

  // A note.
  await page.getByLabel("New note").fill("Prefers the window table");
  await page.getByRole("button", { name: "Add note" }).click();
  await expect(page.getByRole("list", { name: "Notes" }).getByText("Prefers the window table")).toBeVisible();

  // Merge the duplicate: find, preview, merge.
  await page.getByLabel("Find the duplicate").fill(`edda dupe${tag}`);
  await page.getByRole("button", { name: `Preview merging Edda Dupe${tag}` }).click();
  const preview = page.getByTestId("merge-preview");
  await expect(preview).toContainText("Moves to Edda Edited");
  await expect(preview).toContainText("2 visits");
  await expect(preview).toContainText("Afterwards: 5 visits");
  await page.getByRole("button", { name: `Merge into Edda Edited${tag}` }).click();
  await expect(page.getByText(`Merged Edda Dupe${tag} into Edda Edited${tag}.`)).toBeVisible();
  await expect(page.getByTestId("visits-range")).toHaveText("1–5 of 5");
  expect(await query(`SELECT count(*)::int AS n FROM customers WHERE id = $1`, [dupId])).toEqual([{ n: 0 }]);
  expect(await query(`SELECT "visitCount" FROM customers WHERE id = $1`, [id])).toEqual([{ visitCount: 5 }]);

  await page.screenshot({ path: "test-results/screens/customer-360-1280.png", fullPage: true });
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.evaluate(() => window.scrollTo(0, 0)); // the sticky sidebar is drawn where the page is scrolled to
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1024);
  await page.screenshot({ path: "test-results/screens/customer-360-1024.png", fullPage: true });
  await page.screenshot({ path: "test-results/screens/customer-360-1024-fold.png" });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: "test-results/screens/customer-360-390.png", fullPage: true });
  await page.screenshot({ path: "test-results/screens/customer-360-390-fold.png" });
  await page.setViewportSize({ width: 1280, height: 900 });

  // Everything held on them, as JSON.
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download their data (JSON)" }).click();
  const doc = JSON.parse(readFileSync((await (await download).path())!, "utf8"));
  expect(doc.customer).toMatchObject({ id, lastName: `Edited${tag}`, phone: "+14155550123", birthday: "1990-05-17" });
  expect(doc.notes).toEqual([expect.objectContaining({ body: "Prefers the window table" })]);
  expect(doc.visits).toHaveLength(5);
  expect(await query(`SELECT action FROM audit_logs WHERE "entityId" = $1 ORDER BY "createdAt"`, [id])).toEqual([
    { action: "customer.edited" },
    { action: "customer.note_added" },
    { action: "customer.merged" },
    { action: "customer.exported" },
  ]);
});

test("the 360 shows the customer's usual rating and their latest beside it", async ({ page }) => {
  // Four 3-star nights, then a 1-star one: usually 3 stars (mean 2.6, half up), latest 1.
  const tag = Math.random().toString(36).slice(2, 7);
  const id = await addCustomer("Rita", `Rated${tag}`, { visits: 5, ratings: [1, 3, 3, 3, 3] });
  await signIn(page, "manager@example.com");
  await open360(page, id, `Rita Rated${tag}`);
  const rating = page.getByTestId("customer-rating");
  await expect(rating).toContainText("Usually 3 stars");
  await expect(rating).toContainText("Latest 1 star");
  await expect(page.getByTestId("visit-ratings")).toHaveText(/★★★ × 4, ★ × 1/);
  // The same component on the list: the usual stars, the latest beside them.
  await page.goto(`/m/harbor-bistro/customers?q=${encodeURIComponent(`Rated${tag}`)}`);
  await expect(page.getByRole("table").getByRole("img", { name: "Usually 3 stars, latest 1" })).toBeVisible();
});

test("a manager erases a customer on request after typing their name", async ({ page }) => {
  const tag = Math.random().toString(36).slice(2, 7);
  const id = await addCustomer("Zed", `Erase${tag}`, { email: `zed.${tag}@example.com`, visits: 2 });
  await signIn(page, "manager@example.com");
  await open360(page, id, `Zed Erase${tag}`);
  await page.getByRole("button", { name: "Erase personal data…" }).click();
  const dialog = page.getByRole("dialog", { name: `Erase Zed Erase${tag}?` });
  await dialog.getByLabel("Why (kept in the activity log)").fill("Asked by email today");
  const erase = dialog.getByRole("button", { name: "Erase for good" });
  await dialog.getByLabel(/to confirm/).fill("Zed");
  await expect(erase).toBeDisabled();
  await dialog.getByLabel(/to confirm/).fill(`Zed Erase${tag}`);
  await page.screenshot({ path: "test-results/screens/customer-360-erase-dialog.png" });
  await erase.click();
  await expect(page.getByRole("heading", { level: 1, name: "Erased customer" })).toBeVisible();
  await expect(page.getByTestId("visits-range")).toHaveText("1–2 of 2");
  expect(await query(`SELECT "firstName", "lastName", email, "erasedAt" IS NOT NULL AS erased, "visitCount" FROM customers WHERE id = $1`, [id])).toEqual([
    { firstName: null, lastName: null, email: null, erased: true, visitCount: 2 },
  ]);
});

// Issue 14: staff see the counter and what it needs, not the back office (the 360 included).
test("staff get neither a customer's page nor their data", async ({ page }) => {
  const id = await addCustomer("Stella", "Staffview", { visits: 1 });
  await signIn(page, "staff@example.com");
  expect((await page.goto(`/m/harbor-bistro/customers/${id}`))?.status()).toBe(404);
  await expect(page.getByText("Stella")).toHaveCount(0);
  expect((await page.request.get(`/m/harbor-bistro/customers/${id}/export`)).status()).toBe(403);
});
