import { expect, test } from "@playwright/test";
import { computeCacheBustingSearchParam } from "next/dist/shared/lib/router/utils/cache-busting-search-param.js";
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

test("staff signed in with a password get the counter and what it needs, not the back office", async ({ page }) => {
  await signIn(page, "staff@example.com");
  await expect(page).toHaveURL(/\/counter$/);
  // No manager sidebar: the counter, with its own sign-out.
  await expect(page.getByRole("link", { name: "Settings" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Customers" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  for (const path of ["/m/harbor-bistro/settings", "/m/harbor-bistro/campaigns", "/m/harbor-bistro/groups", "/m/harbor-bistro/customers"]) {
    await expectNotFound(page, path);
  }
  // The counter's own search still works.
  expect((await page.request.get("/m/harbor-bistro/counter/customers?q=an")).status()).toBe(200);
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

test("the counter's endpoints answer 404 for another merchant and need a session", async ({ page, request }) => {
  const anonymous = await request.get("/m/harbor-bistro/counter/customers?q=an", { maxRedirects: 0 });
  expect([307, 401]).toContain(anonymous.status());
  await signIn(page, "staff@example.com");
  expect((await page.request.get("/m/freshstep/counter/customers?q=an")).status()).toBe(404);
  expect((await page.request.post("/m/freshstep/counter/captures", { data: { amountCents: 1 }, headers: { "idempotency-key": "x" } })).status()).toBe(404);
  const own = await page.request.get("/m/harbor-bistro/counter/customers?q=an");
  expect(own.status()).toBe(200);
  expect(((await own.json()) as { data: unknown[] }).data.length).toBeGreaterThan(0);
});

test("a manager sees API keys once and can revoke them", async ({ page }) => {
  await signIn(page, "manager@example.com");
  await page.goto("/m/harbor-bistro/settings");
  await page.getByLabel("Key name").fill("E2E POS");
  await page.getByRole("button", { name: "Create API key" }).click();
  const key = await page.getByTestId("new-api-key").textContent();
  expect(key).toMatch(/^rk_live_/);
  const res = await page.request.get("/api/v1/dev/mailbox", { headers: { authorization: `Bearer ${key}` } });
  expect(res.status()).toBe(200);
  page.once("dialog", (d) => d.accept());
  await page.getByRole("button", { name: "Revoke E2E POS" }).click();
  await expect(page.getByText("Revoked").first()).toBeVisible();
  expect((await page.request.get("/api/v1/dev/mailbox", { headers: { authorization: `Bearer ${key}` } })).status()).toBe(401);
});

// A client-side navigation names the layouts it already has, and the server renders below them:
// a hand-made request can claim the (manager) layout and get a page without its check.
test("a hand-made RSC request does not get a back-office page past its layout", async ({ page }) => {
  const fromSettings = [
    "",
    {
      children: [
        "m",
        { children: [["merchant", "harbor-bistro", "d", null], { children: ["(manager)", { children: ["settings", { children: ["__PAGE__", {}] }] }] }] },
      ],
    },
  ];
  const tree = encodeURIComponent(JSON.stringify(fromSettings));
  // Next checks the _rsc cache-busting parameter against the headers; compute it as its client does.
  const hash = await computeCacheBustingSearchParam(undefined, undefined, tree, undefined);
  const rsc = (p: typeof page) =>
    p.request.get(`/m/harbor-bistro/mailbox?_rsc=${hash}`, { headers: { rsc: "1", "next-router-state-tree": tree }, maxRedirects: 0 });
  await signIn(page, "manager@example.com");
  expect(await (await rsc(page)).text()).toContain("Development mailbox"); // the request shape works

  await page.context().clearCookies();
  await signIn(page, "staff@example.com");
  expect(await (await rsc(page)).text()).not.toContain("Development mailbox");
});
