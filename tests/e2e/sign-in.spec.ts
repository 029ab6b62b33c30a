import { networkInterfaces } from "node:os";
import { expect, test } from "@playwright/test";
import { signIn } from "./fixtures";

// Every demo role signs in with the labelled form and lands on the home that fits the role.
const roles = [
  { who: "owner", email: "owner@example.com", lands: /\/m\/harbor-bistro$/, heading: "Harbor Bistro" },
  { who: "manager", email: "manager@example.com", lands: /\/m\/harbor-bistro$/, heading: "Harbor Bistro" },
  { who: "staff", email: "staff@example.com", lands: /\/m\/harbor-bistro\/counter$/, heading: /counter/i },
  { who: "publisher admin", email: "publisher@example.com", lands: /\/p\/citylights$/, heading: "Merchants" },
  { who: "platform admin", email: "admin@example.com", lands: /\/admin$/, heading: "Platform" },
];

for (const r of roles) {
  test(`the ${r.who} signs in and lands on their home`, async ({ page }) => {
    await signIn(page, r.email);
    await expect(page).toHaveURL(r.lands);
    await expect(page.getByRole("heading", { level: 1, name: r.heading })).toBeVisible();
  });
}

test("the merchant home shows real figures from the data", async ({ page }) => {
  await signIn(page, "manager@example.com");
  await expect(page).toHaveURL(/\/m\/harbor-bistro$/);
  const customers = page.getByText("Customers", { exact: true }).first();
  await expect(customers).toBeVisible();
  await expect(page.getByRole("list", { name: "Top tags" })).toBeVisible();
  await page.screenshot({ path: "test-results/screens/merchant-home.png", fullPage: true });
});

test("a wrong password gets a clear message and no session", async ({ page }) => {
  await signIn(page, "manager@example.com", "not-the-password", { expectFailure: true });
  await expect(page.getByRole("alert").filter({ hasText: "don't match" })).toBeVisible();
  await expect(page).toHaveURL(/\/sign-in/);
  await page.goto("/m/harbor-bistro");
  await expect(page).toHaveURL(/\/sign-in/);
});

test("an owner of two merchants switches between them", async ({ page }) => {
  await signIn(page, "owner@example.com");
  await expect(page).toHaveURL(/\/m\/harbor-bistro$/);
  await page.getByLabel("Switch merchant").selectOption("vine-barrel");
  await expect(page).toHaveURL(/\/m\/vine-barrel$/);
  await expect(page.getByRole("heading", { level: 1, name: "Vine & Barrel Wine Shop" })).toBeVisible();
});

test("a sign-in link from the development mailbox signs the user in once", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByRole("tab", { name: "Email me a link" }).click();
  await page.getByLabel("Email").fill("publisher@example.com");
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(page.getByText("Check your inbox")).toBeVisible();

  // The email is sent after the answer (the same answer whether or not the address has an
  // account), so the mailbox may need a moment.
  const frame = page.frameLocator('iframe[title="Email content"]');
  await expect(async () => {
    await page.goto("/dev/mailbox");
    await expect(frame.getByRole("link", { name: "Sign in" })).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
  const href = await frame.getByRole("link", { name: "Sign in" }).getAttribute("href");
  expect(href).toContain("/sign-in/link?token=");
  await page.goto(href!);
  await expect(page).toHaveURL(/\/p\/citylights$/);

  // The link is single-use.
  await page.context().clearCookies();
  await page.goto(href!);
  await expect(page.getByText("This link no longer works")).toBeVisible();
});

test("a callbackUrl that points off-site lands on this site instead", async ({ page, baseURL }) => {
  const origin = new URL(baseURL!).origin;
  // Signed out: the form signs in and follows only a same-site path.
  await page.goto("/sign-in?callbackUrl=/%5Cevil.example");
  await page.getByLabel("Email").fill("manager@example.com");
  await page.getByLabel("Password").fill("regulars-demo");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));
  expect(new URL(page.url()).origin).toBe(origin);
  // Signed in: the page redirects at once, and still only on this site.
  for (const hostile of ["/%5Cevil.example", "/%09/evil.example", "//evil.example", "https://evil.example/", "/%2F%5Cevil.example"]) {
    await page.goto(`/sign-in?callbackUrl=${hostile}`);
    await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));
    expect(new URL(page.url()).origin, hostile).toBe(origin);
  }
});

test("password guesses are stopped with a clear wait", async ({ page }) => {
  // An address with no account is locked exactly like a real one (the lock must not reveal accounts).
  const email = `guesser-${Date.now()}@example.com`;
  for (let i = 0; i < 5; i++) {
    await signIn(page, email, `wrong-${i}`, { expectFailure: true });
    await expect(page.getByRole("alert").filter({ hasText: "don't match" })).toBeVisible();
  }
  await signIn(page, email, "wrong-5", { expectFailure: true });
  await expect(page.getByRole("alert").filter({ hasText: "Too many attempts. Try again in 5 minutes." })).toBeVisible();
});

test("asking for sign-in links too often gets a clear wait where the email was entered", async ({ page }) => {
  const email = `inbox-${Date.now()}@example.com`;
  for (let i = 0; i < 4; i++) {
    await page.goto("/sign-in");
    await page.getByRole("tab", { name: "Email me a link" }).click();
    await page.getByLabel("Email").fill(email);
    await page.getByRole("button", { name: "Email me a sign-in link" }).click();
    if (i < 3) await expect(page.getByText("Check your inbox")).toBeVisible();
  }
  await expect(page.getByRole("alert").filter({ hasText: "Too many attempts. Try again in 5 minutes." })).toBeVisible();
});

test("the development mailbox answers only a browser on this machine", async ({ page, request, baseURL }) => {
  expect((await request.get("/dev/mailbox")).status()).toBe(200);
  // What a phone on the same network would look like to the app, and a spoofed local address behind another.
  expect((await request.get("/dev/mailbox", { headers: { "x-forwarded-for": "192.168.1.20" } })).status()).toBe(404);
  expect((await request.get("/dev/mailbox", { headers: { "x-forwarded-for": "203.0.113.9, 127.0.0.1" } })).status()).toBe(404);
  // The same port reached through this machine's network address, not loopback.
  const lan = Object.values(networkInterfaces())
    .flat()
    .find((i) => i && !i.internal && i.family === "IPv4");
  expect(lan, "this machine needs a non-loopback IPv4 address for this test").toBeTruthy();
  const res = await page.request.get(`http://${lan!.address}:${new URL(baseURL!).port}/dev/mailbox`);
  expect(res.status()).toBe(404);
});
