import { expect, test } from "@playwright/test";
import { query } from "./db";
import { signIn } from "./fixtures";

// The Best Customer List: a one-click Smart Filter, the Off Peak filter built by hand with a live
// count, saved as a group, and the list exported.
test("a manager finds Off Peak regulars, builds the same filter by hand, saves it and exports", async ({ page }) => {
  test.setTimeout(120_000); // the longest flow of the suite: ~60 s on a busy 2-core machine
  await signIn(page, "manager@example.com");
  await page.goto("/m/harbor-bistro/customers");
  await page.getByRole("navigation", { name: "Smart Filters" }).getByRole("link", { name: "Off-peak regulars" }).click();
  await expect(page).toHaveURL(/preset=off-peak/);
  const presetCount = Number((await page.getByTestId("filter-count").textContent())!.replace(/[^\d]/g, ""));
  expect(presetCount).toBeGreaterThan(0);
  await expect(page.getByText("Customers rated 2 or 3 stars and whose last visit was more than 30 days ago and who visit on Sun–Wed.")).toBeVisible();
  await page.screenshot({ path: "test-results/screens/best-customer-list.png", fullPage: true });

  // Build it by hand from "All customers".
  await page.goto("/m/harbor-bistro/customers?edit=1");
  const builder = page.getByRole("region", { name: "Filter builder" });
  const all =
    Number((await builder.getByTestId("live-count").textContent())!.replace(/[^\d]/g, "")) ||
    Number((await page.getByTestId("filter-count").textContent())!.replace(/[^\d]/g, ""));
  await builder.getByRole("button", { name: "Condition", exact: true }).click();
  await expect(builder.getByTestId("live-count")).not.toHaveText(`${all.toLocaleString("en-US")} customers`);
  await builder.getByRole("button", { name: "Condition", exact: true }).click();
  const second = builder.getByRole("listitem").nth(1);
  await second.getByLabel("Field").selectOption("lastVisitAt");
  await second.getByLabel("Comparison").selectOption("before");
  await builder.getByRole("button", { name: "Visit condition" }).click();
  await expect(builder.getByTestId("live-count")).toHaveText(`${presetCount.toLocaleString("en-US")} customers`);
  await expect(builder).toContainText("who visit on Sun–Wed");
  await page.screenshot({ path: "test-results/screens/filter-builder.png", fullPage: true });

  await builder.getByLabel("Save as group").fill("E2E Off Peak");
  await builder.getByRole("button", { name: "Save group" }).click();
  await expect(page.getByText(`Saved “E2E Off Peak” — ${presetCount.toLocaleString("en-US")} customers`)).toBeVisible();
  expect(await query(`SELECT kind FROM groups WHERE name = 'E2E Off Peak'`)).toEqual([{ kind: "dynamic" }]);

  await builder.getByRole("button", { name: "Show these customers" }).click();
  await expect(page).toHaveURL(/[?&]f=/);
  await expect(page.getByTestId("filter-count")).toHaveText(`· ${presetCount.toLocaleString("en-US")}`);

  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export CSV" }).click();
  const file = await (await download).path();
  const { readFileSync } = await import("node:fs");
  const lines = readFileSync(file!, "utf8").trim().split("\n");
  expect(lines[0]).toContain("First name,Last name,Email");
  expect(lines.length - 1).toBe(presetCount);
  expect(await query(`SELECT 1 FROM audit_logs WHERE action = 'customers.exported'`)).not.toHaveLength(0);
});

test("staff neither see the list nor export it (they find customers at the counter)", async ({ page }) => {
  await signIn(page, "staff@example.com");
  expect((await page.goto("/m/harbor-bistro/customers?preset=best"))?.status()).toBe(404);
  expect((await page.request.get("/m/harbor-bistro/customers/export")).status()).toBe(403);
  expect((await page.request.post("/m/freshstep/customers/count", { data: { filter: { and: [] } } })).status()).toBe(404);
});

test("Customer 360 shows the profile, pattern and visits, and 404s across merchants", async ({ page }) => {
  await signIn(page, "manager@example.com");
  await page.goto("/m/harbor-bistro/customers?preset=best");
  const first = page.getByRole("table").locator("tbody").getByRole("link").first();
  const name = (await first.textContent())!.trim();
  await first.click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await expect(page.getByRole("table", { name: "Visits by weekday and hour" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Visits", exact: true })).toBeVisible();
  await page.screenshot({ path: "test-results/screens/customer-360.png", fullPage: true });

  const [other] = await query<{ id: string }>(`SELECT c.id FROM customers c JOIN merchants m ON m.id = c."merchantId" WHERE m.slug = 'freshstep' LIMIT 1`);
  expect((await page.goto(`/m/harbor-bistro/customers/${other!.id}`))?.status()).toBe(404);
  expect((await page.goto(`/m/freshstep/customers/${other!.id}`))?.status()).toBe(404);
});

test("a manager hand-picks customers into a static group and pins a Smart Filter", async ({ page }) => {
  await signIn(page, "manager@example.com");
  await page.goto("/m/harbor-bistro/customers?preset=big-spenders");
  const boxes = page.getByRole("checkbox", { name: /^Select / });
  await boxes.nth(0).check();
  await boxes.nth(1).check();
  await page.getByLabel("Add ticked customers to").selectOption("new");
  await page.getByLabel("New group name").fill("E2E VIP");
  await page.getByRole("button", { name: "Add", exact: true }).click();
  await expect(page.getByText("2 added to “E2E VIP” (2 in the group).")).toBeVisible();
  expect(await query(`SELECT count(*)::int AS n FROM group_members gm JOIN groups g ON g.id = gm."groupId" WHERE g.name = 'E2E VIP'`)).toEqual([{ n: 2 }]);

  await page.goto("/m/harbor-bistro/customers?preset=lapsed&edit=1");
  await page.getByLabel("Save as group").fill("E2E Lapsed");
  await page.getByRole("button", { name: "Save as my filter" }).click();
  await expect(page.getByText("Saved “E2E Lapsed” under Your saved filters.")).toBeVisible();
  // Apart from the built-in presets: its own section, never among them.
  await expect(page.getByRole("navigation", { name: "Your saved filters" }).getByRole("link", { name: "E2E Lapsed" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Smart Filters" }).getByRole("link", { name: "E2E Lapsed" })).toHaveCount(0);
});
