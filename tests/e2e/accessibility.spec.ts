import { createHash, createHmac, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { expect, type Page, test } from "@playwright/test";
import { query } from "./db";
import { signIn } from "./fixtures";
import { expectNoSeriousA11yViolations } from "./support/axe";

// Issue 14, "accessibility as users feel it": axe-core on every page the end-to-end specs visit,
// each as the person who uses it, with zero serious or critical violations. Each page is checked
// once it has drawn its main heading; a failure names the rule, the elements and how to fix it, and
// the test goes on to the next page (soft), so one run lists every page's problems.

test.setTimeout(240_000);

async function check(page: Page, path: string, ready?: (page: Page) => Promise<void>) {
  await test.step(path, async () => {
    const res = await page.goto(path);
    expect(res?.status(), `${path} should open`).toBeLessThan(400);
    await expect(page.locator("h1").first()).toBeVisible();
    if (ready) await ready(page);
    // Let late requests (client fetches, a live count) land; pages that poll (a campaign's progress) never go idle, so this is bounded.
    await page.waitForLoadState("networkidle", { timeout: 5_000 }).catch(() => {});
    await expectNoSeriousA11yViolations(page, { label: path, soft: true });
  });
}

test("signed-out pages: sign-in, a customer's preference page, the development mailbox", async ({ page }) => {
  await check(page, "/sign-in");
  const [customer] = await query<{ id: string; merchantId: string }>(
    `SELECT c.id, c."merchantId" FROM customers c JOIN merchants m ON m.id = c."merchantId" WHERE m.slug = 'harbor-bistro' AND c."emailConsent" AND c."erasedAt" IS NULL ORDER BY c."visitCount" DESC LIMIT 1`,
  );
  const token = preferenceToken(customer!.merchantId, customer!.id);
  await page.setViewportSize({ width: 390, height: 844 }); // customers open it on a phone
  await check(page, `/u/${token}`);
  await check(page, `/u/${token}?unsubscribe=1`);
  await page.setViewportSize({ width: 1280, height: 720 });
  await check(page, "/dev/mailbox");
});

/** The owner of Harbor Bistro, signed in; the back office's pages in three tests so they run in parallel. */
const m = "/m/harbor-bistro";
async function asOwner(page: Page) {
  await signIn(page, "owner@example.com");
}

test("the owner's back office: home, the Best Customer List (and its builder), a Customer 360, groups", async ({ page }) => {
  await asOwner(page);
  const [regular] = await query<{ id: string }>(
    `SELECT c.id FROM customers c JOIN merchants m ON m.id = c."merchantId" WHERE m.slug = 'harbor-bistro' AND c."erasedAt" IS NULL ORDER BY c."visitCount" DESC LIMIT 1`,
  );
  await check(page, m);
  await check(page, `${m}/customers`, async (p) => {
    await expect(p.getByRole("table").first()).toBeVisible();
  });
  await check(page, `${m}/customers?preset=best&edit=1`);
  await check(page, `${m}/customers/${regular!.id}`);
  await check(page, `${m}/groups`);
});

test("the owner's back office: campaigns, promotions, automations, the mailbox", async ({ page }) => {
  await asOwner(page);
  const [campaign] = await query<{ id: string }>(
    `SELECT c.id FROM campaigns c JOIN merchants m ON m.id = c."merchantId" WHERE m.slug = 'harbor-bistro' ORDER BY c."createdAt" LIMIT 1`,
  );
  const [promotion] = await query<{ id: string }>(
    `SELECT p.id FROM promotions p JOIN merchants m ON m.id = p."merchantId" WHERE m.slug = 'harbor-bistro' ORDER BY p."createdAt" LIMIT 1`,
  );
  await check(page, `${m}/campaigns`);
  await check(page, `${m}/campaigns/new`);
  if (campaign) await check(page, `${m}/campaigns/${campaign.id}`);
  await check(page, `${m}/promotions`);
  await check(page, `${m}/promotions/new`);
  if (promotion) await check(page, `${m}/promotions/${promotion.id}`);
  await check(page, `${m}/automations`);
  await check(page, `${m}/automations/new?kind=second_visit`);
  await check(page, `${m}/mailbox`);
});

test("the owner's back office: settings, tags, webhooks, billing, team, audit, import", async ({ page }) => {
  await asOwner(page);
  await check(page, `${m}/settings`);
  await check(page, `${m}/settings/tags`);
  await check(page, `${m}/settings/webhooks`);
  await check(page, `${m}/settings/billing`);
  await check(page, `${m}/team`);
  await check(page, `${m}/audit`);
  await check(page, `${m}/import`);
});

test("the counter, on a 1024×768 tablet, as the owner and as staff, with a walk-in's capture open", async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 768 });
  await signIn(page, "owner@example.com");
  await check(page, "/m/harbor-bistro/counter");
  await page.context().clearCookies();
  await signIn(page, "staff@example.com");
  await check(page, "/m/harbor-bistro/counter");
  // The walk-in form, then the capture step (stars, tags, spend): checked as staff see them, nothing recorded.
  await page.getByRole("button", { name: "New customer (walk-in)" }).click();
  await page.getByLabel("First name").fill("Axe");
  await expectNoSeriousA11yViolations(page, { label: "counter: walk-in form", soft: true });
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("button", { name: "Done" })).toBeVisible();
  await expectNoSeriousA11yViolations(page, { label: "counter: capture step", soft: true });
});

test("the check itself fails on a serious violation and names the rule, the element and the fix", async ({ page }) => {
  await page.setContent(
    `<!doctype html><html lang="en"><head><title>Broken</title></head><body><main><h1>Broken</h1>
     <button id="nameless"><svg aria-hidden="true" width="16" height="16"></svg></button>
     <p id="faint" style="color:#c0c0c0;background:#fff">Hard to read</p></main></body></html>`,
  );
  const failure = await expectNoSeriousA11yViolations(page, { label: "a page built to fail" }).then(
    () => null,
    (err: Error) => err,
  );
  expect(failure, "the check must fail on a nameless button and faint text").not.toBeNull();
  expect(failure!.message).toContain("a page built to fail");
  expect(failure!.message).toContain("[critical] button-name");
  expect(failure!.message).toContain("#nameless");
  expect(failure!.message).toContain("[serious] color-contrast");
  expect(failure!.message).toContain("#faint");
});

test("the publisher console", async ({ page }) => {
  await signIn(page, "publisher@example.com");
  const [merchant] = await query<{ slug: string }>(
    `SELECT m.slug FROM merchants m JOIN publishers p ON p.id = m."publisherId" WHERE p.slug = 'citylights' ORDER BY m."createdAt" LIMIT 1`,
  );
  await check(page, "/p/citylights");
  await check(page, "/p/citylights/deals");
  await check(page, "/p/citylights/merchants/new");
  if (merchant) {
    await check(page, `/p/citylights/merchants/${merchant.slug}`);
    await check(page, `/p/citylights/merchants/${merchant.slug}/deals/new`);
  }
});

test("the platform admin pages", async ({ page }) => {
  await signIn(page, "admin@example.com");
  await check(page, "/admin");
  await check(page, "/admin/merchants");
  await check(page, "/admin/publishers");
  await check(page, "/admin/users");
});

test("the publisher's deal page", async ({ page }) => {
  await signIn(page, "publisher@example.com");
  const [deal] = await query<{ id: string; slug: string }>(
    `SELECT d.id, m.slug FROM deals d JOIN merchants m ON m.id = d."merchantId" JOIN publishers p ON p.id = d."publisherId"
      WHERE p.slug = 'citylights' AND d.kind = 'daily_deal' ORDER BY d."createdAt" DESC LIMIT 1`,
  );
  expect(deal, "the demo seed has a deal of CityLights").toBeTruthy();
  await check(page, `/p/citylights/merchants/${deal!.slug}/deals/${deal!.id}`);
});

test("the public pages: the marketing home, a test email's preferences link, a sign-in link, an invitation, a referral link, a feedback answer", async ({
  page,
}) => {
  const m = await ownMerchant("Axe Public Cafe");
  await check(page, "/");
  await check(page, "/u/preview");
  await check(page, "/u/preview/unsubscribe");
  // A sign-in link that no longer works (the page tries it, then says so).
  await check(page, "/sign-in/link?token=not-a-real-token", async (p) => {
    await expect(p.getByText("This link no longer works")).toBeVisible();
  });
  await check(page, `/invite/${m.inviteToken}`, async (p) => {
    await expect(p.getByRole("form", { name: "Set your password" })).toBeVisible();
  });
  await page.setViewportSize({ width: 390, height: 844 }); // friends and customers open these on a phone
  await check(page, `/r/${m.referralCode}`, async (p) => {
    await p.getByText("Is this your link? Share it").click();
  });
  await check(page, `/f/${encodeURIComponent(m.feedbackToken)}`);
  await check(page, `/f/${encodeURIComponent(m.feedbackToken)}?r=1`, async (p) => {
    await expect(p.getByTestId("feedback-recorded")).toBeVisible();
  });
});

test("a merchant's own pages: Feedback, Settings › Referrals, an automation; a suspended merchant; a user of no merchant yet", async ({ page }) => {
  const m = await ownMerchant("Axe Owner Cafe");
  await signIn(page, m.ownerEmail);
  await check(page, `/m/${m.slug}/feedback`);
  await check(page, `/m/${m.slug}/settings/referrals`);
  await check(page, `/m/${m.slug}/automations/${m.automationId}`);
  // Suspended by the platform admin: every page of the merchant sends its owner to the reason.
  await query(`UPDATE merchants SET "suspendedAt" = now(), "suspendedReason" = 'Card payments disputed' WHERE id = $1`, [m.id]);
  await check(page, `/m/${m.slug}/suspended`);
  // A user who belongs to no merchant: /start sends them to /welcome.
  await page.context().clearCookies();
  const email = `axe-nobody-${Date.now().toString(36)}@example.com`;
  await query(
    `INSERT INTO users (email, name, "passwordHash", "emailVerifiedAt") SELECT $1, 'Nadia Nobody', "passwordHash", now() FROM users WHERE email = 'owner@example.com'`,
    [email],
  );
  await signIn(page, email);
  await check(page, "/start");
  await expect(page).toHaveURL(/\/welcome$/);
  await check(page, "/welcome");
});

/**
 * A merchant of its own for one test (its owner, a consenting customer with a visit, a promotion,
 * referrals on with the customer's link, a feedback question about the visit, a pending invitation,
 * an automation), so its pages have something on them and no other spec's data is touched.
 */
async function ownMerchant(name: string) {
  const slug = `e2e-${name.toLowerCase().replace(/[^a-z0-9]+/g, "-")}-${Date.now().toString(36)}`;
  const [merchant] = await query<{ id: string }>(
    `INSERT INTO merchants (slug, name, "timeZone", currency, "addressLine1", city, region, "postalCode", "publisherId", "updatedAt")
     SELECT $1, $2, 'America/New_York', 'USD', '1 Main St', 'Springfield', 'IL', '62701', id, now() FROM publishers WHERE slug = 'citylights' RETURNING id`,
    [slug, name],
  );
  const id = merchant!.id;
  const ownerEmail = `owner-${slug}@example.com`;
  const [owner] = await query<{ id: string }>(
    `INSERT INTO users (email, name, "passwordHash", "emailVerifiedAt") SELECT $1, 'Olga Owner', "passwordHash", now() FROM users WHERE email = 'owner@example.com' RETURNING id`,
    [ownerEmail],
  );
  await query(`INSERT INTO memberships ("merchantId", "userId", role) VALUES ($1, $2, 'owner')`, [id, owner!.id]);
  const [customer] = await query<{ id: string }>(
    `INSERT INTO customers ("merchantId", "firstName", "lastName", email, "emailNormalized", "emailConsent", "emailConsentSource", "emailConsentAt", "updatedAt")
     VALUES ($1, 'Rita', 'Referrer', $2, $2, true, 'counter', now(), now()) RETURNING id`,
    [id, `rita-${slug}@example.com`],
  );
  const [visit] = await query<{ id: string }>(
    `INSERT INTO visits ("merchantId", "customerId", "occurredAt", "localDate", "localDayOfWeek", "localHour", "amountCents", rating, "updatedAt")
     SELECT $1, $2, t, (t AT TIME ZONE 'America/New_York')::date, extract(dow FROM t AT TIME ZONE 'America/New_York')::int,
            extract(hour FROM t AT TIME ZONE 'America/New_York')::int, 4200, 3, now()
       FROM (SELECT now() - interval '5 hours' AS t) x RETURNING id`,
    [id, customer!.id],
  );
  const [promotion] = await query<{ id: string }>(
    `INSERT INTO promotions ("merchantId", name, title, offer, terms, "expiresInDays", subject, body, "updatedAt")
     VALUES ($1, 'Friend offer', 'A first visit on us', 'Free dessert on your first visit', 'One per table.', 60, '{{firstName}}, a first visit on us', 'Hi {{firstName}}.', now()) RETURNING id`,
    [id],
  );
  await query(`INSERT INTO referral_programs ("merchantId", enabled, "offerPromotionId", "rewardPromotionId") VALUES ($1, true, $2, $2)`, [id, promotion!.id]);
  const alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
  const referralCode = Array.from(randomBytes(16), (b) => alphabet[b % alphabet.length]).join("");
  await query(`INSERT INTO referral_links ("merchantId", "customerId", code) VALUES ($1, $2, $3)`, [id, customer!.id, referralCode]);
  const [feedback] = await query<{ id: string }>(`INSERT INTO feedback ("merchantId", "customerId", "visitId") VALUES ($1, $2, $3) RETURNING id`, [
    id,
    customer!.id,
    visit!.id,
  ]);
  const inviteToken = randomBytes(24).toString("base64url");
  await query(
    `INSERT INTO invitations ("merchantId", email, role, "tokenHash", "invitedById", "expiresAt") VALUES ($1, $2, 'manager', $3, $4, now() + interval '7 days')`,
    [id, `invitee-${slug}@example.com`, createHash("sha256").update(inviteToken).digest("hex"), owner!.id],
  );
  const [automation] = await query<{ id: string }>(
    `INSERT INTO automations ("merchantId", kind, "promotionId", settings) VALUES ($1, 'second_visit', $2, '{"days": 14}') RETURNING id`,
    [id, promotion!.id],
  );
  return {
    id,
    slug,
    ownerEmail,
    referralCode,
    inviteToken,
    automationId: automation!.id,
    feedbackToken: signedToken({ m: id, f: feedback!.id }),
  };
}

/** The signed preference token the app would put in an email (same scheme as src/lib/tokens.ts). */
function preferenceToken(merchantId: string, customerId: string): string {
  return signedToken({ m: merchantId, c: customerId });
}

/** A payload signed as src/lib/tokens.ts signs the links in emails (preference pages, feedback answers). */
function signedToken(payload: Record<string, string>): string {
  const secrets = JSON.parse(readFileSync(".data/secrets.json", "utf8")) as Record<string, string>;
  const secret = process.env.LINK_SIGNING_SECRET ?? secrets.LINK_SIGNING_SECRET ?? secrets.NEXTAUTH_SECRET!;
  const body = Buffer.from(JSON.stringify(payload)).toString("base64url");
  return `${body}.${createHmac("sha256", secret).update(body).digest("base64url")}`;
}
