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

  await page.goto("/dev/mailbox");
  const frame = page.frameLocator('iframe[title="Email content"]');
  const href = await frame.getByRole("link", { name: "Sign in" }).getAttribute("href");
  expect(href).toContain("/sign-in/link?token=");
  await page.goto(href!);
  await expect(page).toHaveURL(/\/p\/citylights$/);

  // The link is single-use.
  await page.context().clearCookies();
  await page.goto(href!);
  await expect(page.getByText("This link no longer works")).toBeVisible();
});
