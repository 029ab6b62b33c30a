import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { query } from "./db";
import { signIn } from "./fixtures";

// Social Select, the promotion half: a manager writes a promotion, watches the email preview at
// desktop and phone widths, sends a test to themselves and finds it in the development mailbox;
// a customer opens their preference page from a signed link and unsubscribes.

test("a manager writes a promotion, previews it and sends a test to the development mailbox", async ({ page }) => {
  test.slow(); // many steps; on a busy 2-core CI machine it has taken 45 s
  const name = `E2E Off Peak ${Date.now().toString(36)}`;
  await signIn(page, "manager@example.com");
  await page.goto("/m/harbor-bistro/promotions");
  await expect(page.getByRole("heading", { name: "Promotions", level: 1 })).toBeVisible();
  await page.getByRole("link", { name: "New promotion" }).click();
  await expect(page).toHaveURL(/\/promotions\/new$/);

  const form = page.getByRole("form", { name: "New promotion" });
  // Saving blank shows what is missing, next to each field: checked in the browser with the
  // server's schema, so it is said with the network gone too (no round trip), and nothing is sent.
  await page.context().setOffline(true);
  await form.getByRole("button", { name: "Create promotion" }).click();
  await expect(form.getByText("Enter a name.")).toBeVisible();
  await expect(form.getByText("Enter the offer.")).toBeVisible();
  await expect(form.getByRole("textbox", { name: "Offer (required)" })).toHaveAttribute("aria-invalid", "true");
  await page.context().setOffline(false);

  await form.getByLabel("Name").fill(name);
  await form.getByLabel("Headline").fill("Quiet afternoons, on us");
  await form.getByRole("textbox", { name: "Offer (required)" }).fill("20% off your bill");
  await form.getByLabel("Terms").fill("Dine-in only.");
  for (const day of ["Sunday", "Monday", "Tuesday", "Wednesday"]) await form.getByLabel(day, { exact: true }).check({ force: true });
  await form.getByLabel("From").selectOption("14");
  await form.getByLabel("Until").selectOption("17");
  await form.getByLabel("Expires after (days)").fill("30");
  await form.getByLabel("Subject").fill("{{firstName}}, your afternoon treat");
  await form.getByLabel("Preview text").fill("20% off Sunday to Wednesday afternoons");
  await form.getByLabel("Message").fill("Hi {{firstName}},\n\nCome by between 2 and 5 and the bill is 20% lighter.");

  // The live preview renders the email as the customer will see it.
  const preview = page.getByTestId("email-preview");
  await expect(preview.getByTestId("preview-subject")).toHaveText("Alex, your afternoon treat");
  const frame = page.frameLocator('iframe[title^="Email preview"]');
  await expect(frame.getByText("20% off your bill")).toBeVisible();
  await expect(frame.getByText("Valid Sunday to Wednesday, 2 pm to 5 pm, until", { exact: false })).toBeVisible();
  await expect(frame.getByText("Come by between 2 and 5")).toBeVisible();
  await expect(frame.getByRole("link", { name: "unsubscribe" })).toBeVisible();
  await page.screenshot({ path: "test-results/screens/promotion-editor.png", fullPage: true });
  await preview.getByRole("radio", { name: "Phone" }).click();
  await expect(page.locator('iframe[title="Email preview, phone width"]')).toHaveCSS("width", "375px");
  await page.screenshot({ path: "test-results/screens/promotion-preview-phone.png", fullPage: true });

  await form.getByRole("button", { name: "Create promotion" }).click();
  await expect(page).toHaveURL(/\/promotions\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
  const savedPreview = await page.request.get((await page.getByRole("link", { name: "Open saved email in a new tab" }).getAttribute("href")) ?? "");
  expect(savedPreview.status()).toBe(200);
  expect(await savedPreview.text()).toContain("Quiet afternoons, on us");
  const [saved] = await query<{ validDaysOfWeek: number[]; validHourFrom: number; validHourTo: number; expiresInDays: number }>(
    `SELECT "validDaysOfWeek", "validHourFrom", "validHourTo", "expiresInDays" FROM promotions WHERE name = $1`,
    [name],
  );
  expect(saved).toEqual({ validDaysOfWeek: [0, 1, 2, 3], validHourFrom: 14, validHourTo: 17, expiresInDays: 30 });

  // Send a test to me: it lands in the development mailbox, marked as a test, with TEST-CODE.
  await page.getByRole("button", { name: "Send a test to me" }).click();
  await expect(page.getByText("Test sent to manager@example.com.")).toBeVisible();
  await page.goto("/m/harbor-bistro/mailbox");
  await expect(page.getByText("[Test] ", { exact: false }).first()).toBeVisible();
  const [mail] = await query<{ subject: string; voucherCode: string; html: string }>(
    `SELECT subject, "voucherCode", html FROM email_messages WHERE "to" = 'manager@example.com' AND subject LIKE '[Test]%' ORDER BY "sentAt" DESC LIMIT 1`,
  );
  expect(mail!.subject).toMatch(/^\[Test\] .*, your afternoon treat$/);
  expect(mail!.voucherCode).toBe("TEST-CODE");
  expect(mail!.html).toContain("TEST-CODE");
  // Its preference link has no customer behind it: it says so instead of a 404.
  const preferencesUrl = /href="([^"]*\/u\/preview)"/.exec(mail!.html)?.[1];
  expect(preferencesUrl).toBeTruthy();
  await page.goto(new URL(preferencesUrl!).pathname);
  await expect(page.getByRole("heading", { name: "This link is from a test email" })).toBeVisible();

  // The list shows it with its rules in words.
  await page.goto("/m/harbor-bistro/promotions");
  const card = page.getByRole("listitem").filter({ has: page.getByRole("link", { name, exact: true }) });
  await expect(card.getByText("Valid Sunday to Wednesday, 2 pm to 5 pm, for 30 days after sending. One use per customer.")).toBeVisible();
  await expect(card.getByRole("link", { name: "Send to a group" })).toHaveAttribute("href", /\/campaigns\/new\?promotion=[0-9a-f-]{36}$/);
  await page.screenshot({ path: "test-results/screens/promotions-list.png", fullPage: true });
});

test("a manager sees the branding settings that every promotion uses, and a bad colour is explained", async ({ page }) => {
  await signIn(page, "manager@example.com");
  await page.goto("/m/harbor-bistro/settings");
  const form = page.getByRole("form", { name: "Branding and promotion settings" });
  await expect(form.getByLabel("Street address")).not.toHaveValue("");
  const colour = form.getByRole("textbox", { name: "Brand colour", exact: true });
  const saved = await colour.inputValue();
  await colour.fill("teal");
  await form.getByRole("button", { name: "Save branding" }).click();
  await expect(form.getByText("Use a colour like #0f766e.")).toBeVisible();
  // Saved unchanged: other specs share this merchant's settings.
  await colour.fill(saved);
  await form.getByRole("button", { name: "Save branding" }).click();
  await expect(page.getByText("Branding saved.")).toBeVisible();
  await page.screenshot({ path: "test-results/screens/settings-branding.png", fullPage: true });
});

/** The signed preference token the app would put in an email (same scheme as src/lib/tokens.ts). */
function preferenceToken(merchantId: string, customerId: string): string {
  const secrets = JSON.parse(readFileSync(".data/secrets.json", "utf8")) as Record<string, string>;
  const secret = process.env.LINK_SIGNING_SECRET ?? secrets.LINK_SIGNING_SECRET ?? secrets.NEXTAUTH_SECRET!;
  const body = Buffer.from(JSON.stringify({ m: merchantId, c: customerId })).toString("base64url");
  return `${body}.${createHmac("sha256", secret).update(body).digest("base64url")}`;
}

test("a customer opens their preference page from the email link and unsubscribes", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 }); // the customer is on a phone
  // A customer of this run only, so other specs' counts and campaigns are not disturbed.
  const email = `prefs-${Date.now().toString(36)}@example.com`;
  const [customer] = await query<{ id: string; merchantId: string }>(
    `INSERT INTO customers ("merchantId", email, "emailNormalized", "firstName", "emailConsent", "emailConsentSource", "emailConsentAt", "updatedAt")
     SELECT id, $1, $1, 'Robin', true, 'e2e', now(), now() FROM merchants WHERE slug = 'harbor-bistro'
     RETURNING id, "merchantId"`,
    [email],
  );
  const token = preferenceToken(customer!.merchantId, customer!.id);

  // A tampered link is a 404 page, not someone else's preferences.
  const bad = await page.goto(`/u/${token.slice(0, -3)}abc`);
  expect(bad?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "This link was not found" })).toBeVisible();

  // The unsubscribe link in the footer asks first (link scanners must not unsubscribe anyone).
  await page.goto(`/u/${token}/unsubscribe`);
  await expect(page).toHaveURL(/\?unsubscribe=1$/);
  await expect(page.getByText("Harbor Bistro").first()).toBeVisible();
  await expect(page.getByText("Unsubscribe from Harbor Bistro’s promotions?")).toBeVisible();
  expect((await query<{ emailConsent: boolean }>(`SELECT "emailConsent" FROM customers WHERE id = $1`, [customer!.id]))[0]!.emailConsent).toBe(true);
  await page.screenshot({ path: "test-results/screens/preference-page.png", fullPage: true });

  await page.getByRole("button", { name: "Unsubscribe" }).click();
  await expect(page.getByText("You are unsubscribed")).toBeVisible();
  const [after] = await query<{ emailConsent: boolean; unsubscribedAt: Date | null }>(`SELECT "emailConsent", "unsubscribedAt" FROM customers WHERE id = $1`, [
    customer!.id,
  ]);
  expect(after!.emailConsent).toBe(false);
  expect(after!.unsubscribedAt).not.toBeNull();

  // Their other preferences save too, and every change is audited.
  await page.getByLabel("Text message").check();
  await page.getByLabel("Birthday").fill("1990-04-12");
  await page.getByRole("button", { name: "Save preferences" }).click();
  await expect(page.getByText("Saved. Thank you!")).toBeVisible();
  const [prefs] = await query<{ channelPreference: string; birthday: string }>(
    `SELECT "channelPreference"::text, to_char(birthday, 'YYYY-MM-DD') AS birthday FROM customers WHERE id = $1`,
    [customer!.id],
  );
  expect(prefs).toEqual({ channelPreference: "sms", birthday: "1990-04-12" });
  const audits = await query<{ action: string }>(`SELECT action FROM audit_logs WHERE "entityId" = $1 ORDER BY "createdAt"`, [customer!.id]);
  expect(audits.map((a) => a.action)).toEqual(expect.arrayContaining(["customer.unsubscribed", "customer.preferences_updated"]));
});
