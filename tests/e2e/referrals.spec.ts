import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { expect, test } from "@playwright/test";
import { ROLES, withDatabase, withRole } from "../../scripts/lib/postgres";
import { query } from "./db";
import { signIn } from "./fixtures";

// Referrals end to end: a manager turns referrals on; a consenting customer's link from their 360;
// a friend opens it (signed out), leaves an email and consent; the code arrives in the development
// mailbox; it is redeemed at the counter; the referrer is credited and gets their reward code.
// And feedback: a "How was it?" email, a 1-star tap, and the managers see it (list and email).

test.setTimeout(240_000);
const run = promisify(execFile);
const adminUrl = process.env.E2E_DATABASE_URL ?? `postgresql://postgres:postgres@127.0.0.1:${process.env.PG_TEST_PORT ?? 54330}/regulars_e2e`;
const stamp = () => Date.now().toString(36);

test("a referral link → a friend signs up → their code in the mailbox → redeemed at the counter → the referrer credited", async ({ page, browser }) => {
  const s = stamp();
  const [merchant] = await query<{ id: string }>(`SELECT id FROM merchants WHERE slug = 'harbor-bistro'`);
  const offerName = `E2E Friend offer ${s}`;
  const rewardName = `E2E Referral reward ${s}`;
  for (const [name, title, offer] of [
    [offerName, "A first visit on us", "Free dessert on your first visit"],
    [rewardName, "Thanks for the friend", "$10 off your next visit"],
  ]) {
    await query(
      `INSERT INTO promotions ("merchantId", name, title, offer, "expiresInDays", "oncePerCustomer", subject, body, "updatedAt")
       VALUES ($1, $2, $3, $4, 60, true, '{{firstName}}, ' || $3, 'Hi {{firstName}}, see you soon.', now())`,
      [merchant!.id, name, title, offer],
    );
  }
  const referrerEmail = `referrer.${s}@example.org`;
  const [referrer] = await query<{ id: string }>(
    `INSERT INTO customers ("merchantId", email, "emailNormalized", "firstName", "lastName", "emailConsent", "emailConsentSource", "emailConsentAt", "updatedAt")
     VALUES ($1, $2, $2, 'Rita', 'Referrer', true, 'counter', now(), now()) RETURNING id`,
    [merchant!.id, referrerEmail],
  );

  // 1. The manager turns referrals on: the friend's offer and the referrer's reward.
  await signIn(page, "manager@example.com");
  await page.goto("/m/harbor-bistro/settings/referrals");
  const form = page.getByRole("form", { name: "Referral settings" });
  await form.getByLabel("What a friend gets").selectOption({ label: offerName });
  await form.getByLabel("What the customer who referred them gets").selectOption({ label: rewardName });
  await form.getByLabel(/Referrals are on/).check();
  await form.getByRole("button", { name: "Save referral settings" }).click();
  await expect(page.getByText("Referral settings saved.")).toBeVisible();
  await page.screenshot({ path: "test-results/screens/referral-settings.png", fullPage: true });

  // 2. The referrer's 360 shows their personal link.
  await page.goto(`/m/harbor-bistro/customers/${referrer!.id}`);
  const panel = page.getByTestId("referrals");
  await expect(panel).toContainText("Has not referred anyone yet.");
  const link = await page.getByRole("link", { name: /\/r\/[A-Z2-9]{16}$/ }).getAttribute("href");
  expect(link).toMatch(/\/r\/[A-Z2-9]{16}$/);
  const path = new URL(link!).pathname;

  // 3. A friend opens it, signed out, on a phone.
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const friendPage = await phone.newPage();
  await friendPage.goto(path);
  await expect(friendPage.getByRole("heading", { name: "A first visit on us" })).toBeVisible();
  await expect(friendPage.getByText("Rita thinks you'll like Harbor Bistro")).toBeVisible();
  await friendPage.screenshot({ path: "test-results/screens/referral-page.png", fullPage: true });
  const friendEmail = `friend.${s}@example.org`;
  await friendPage.getByLabel("Your email").fill(friendEmail);
  await friendPage.getByLabel("Your first name (optional)").fill("Fran");
  // Without consent: a plain message, nothing sent.
  await friendPage.getByRole("button", { name: "Email me my code" }).click();
  await expect(friendPage.getByText("Tick the box so we may email you your code.")).toBeVisible();
  await friendPage.getByLabel(/may email me my code/).check();
  await friendPage.getByRole("button", { name: "Email me my code" }).click();
  await expect(friendPage.getByText("Check your inbox")).toBeVisible();
  await friendPage.screenshot({ path: "test-results/screens/referral-sent.png", fullPage: true });
  // An unknown link is a 404.
  expect((await friendPage.goto("/r/AAAAAAAAAAAAAAAA"))?.status()).toBe(404);
  await phone.close();

  // 4. The code is in the development mailbox.
  await expect
    .poll(async () => (await query(`SELECT 1 FROM email_messages WHERE "to" = $1`, [friendEmail])).length, { timeout: 60_000, intervals: [500] })
    .toBe(1);
  const [mail] = await query<{ subject: string; voucherCode: string }>(`SELECT subject, "voucherCode" FROM email_messages WHERE "to" = $1`, [friendEmail]);
  expect(mail!.subject).toBe("Fran, A first visit on us");

  // 5. Redeemed at the counter.
  await page.goto("/m/harbor-bistro/counter");
  await expect(page.getByText("Online")).toBeVisible();
  await page.getByLabel("Voucher code, or find a customer").fill(mail!.voucherCode);
  await page.getByRole("button", { name: `Redeem ${mail!.voucherCode}` }).click();
  await page.getByLabel("Spend (USD)").fill("36.00");
  await page.getByRole("button", { name: "Done" }).click();
  await expect(page.getByText(/^Recorded /)).toBeVisible();

  // 6. The referrer is credited, and their reward is in the mailbox, once.
  await expect
    .poll(
      async () =>
        (await query(`SELECT 1 FROM referrals WHERE "referrerId" = $1 AND "creditedAt" IS NOT NULL AND "rewardSentAt" IS NOT NULL`, [referrer!.id])).length,
      { timeout: 60_000, intervals: [500] },
    )
    .toBe(1);
  const rewards = await query<{ subject: string }>(`SELECT subject FROM email_messages WHERE "to" = $1`, [referrerEmail]);
  expect(rewards.map((r) => r.subject)).toEqual(["Rita, Thanks for the friend"]);
  await page.goto(`/m/harbor-bistro/customers/${referrer!.id}`);
  await expect(page.getByTestId("referrals")).toContainText("Referred 1 friend; 1 came, spending $36.00.");
  await expect(page.getByTestId("referrals")).toContainText("reward sent");
  await page.screenshot({ path: "test-results/screens/referral-360.png", fullPage: true });
});

test("a low feedback answer reaches the merchant", async ({ page, browser }) => {
  const s = stamp();
  const [merchant] = await query<{ id: string; timeZone: string }>(`SELECT id, "timeZone" FROM merchants WHERE slug = 'freshstep'`);
  const email = `feedback.${s}@example.org`;
  const [customer] = await query<{ id: string }>(
    `INSERT INTO customers ("merchantId", email, "emailNormalized", "firstName", "emailConsent", "emailConsentSource", "emailConsentAt", "updatedAt")
     VALUES ($1, $2, $2, 'Fiona', true, 'counter', now(), now()) RETURNING id`,
    [merchant!.id, email],
  );
  // A visit five hours ago (past the 3-hour delay), which the staff rated 3 stars at the counter.
  await query(
    `INSERT INTO visits ("merchantId", "customerId", "occurredAt", "localDate", "localDayOfWeek", "localHour", "amountCents", rating, "updatedAt")
     SELECT $1, $2, t, (t AT TIME ZONE $3)::date, extract(dow FROM t AT TIME ZONE $3)::int, extract(hour FROM t AT TIME ZONE $3)::int, 12000, 3, now()
       FROM (SELECT now() - interval '5 hours' AS t) x`,
    [merchant!.id, customer!.id, merchant!.timeZone],
  );

  // 1. The owner turns "How was it?" on.
  await signIn(page, "owner2@example.com");
  await page.goto("/m/freshstep/settings/referrals");
  const form = page.getByRole("form", { name: "Feedback settings" });
  await form.getByLabel(/Ask customers “How was it\?”/).check();
  await form.getByRole("button", { name: "Save feedback settings" }).click();
  await expect(page.getByText("Feedback settings saved.")).toBeVisible();

  // 2. The worker asks (the CLI queues the pass; the worker beside the app sends).
  const appUrl = withRole(withDatabase(adminUrl, "regulars_e2e"), ROLES.app);
  await run(process.execPath, ["--conditions=react-server", "--import", "tsx", "src/cli/index.ts", "feedback:run", "--merchant", "freshstep", "--json"], {
    env: { ...process.env, DATABASE_URL: appUrl, DATABASE_OWNER_URL: "", RESEND_API_KEY: "", LOG_LEVEL: "warn" },
    timeout: 120_000,
  });
  await expect.poll(async () => (await query(`SELECT 1 FROM email_messages WHERE "to" = $1`, [email])).length, { timeout: 90_000, intervals: [500] }).toBe(1);
  const [ask] = await query<{ subject: string; html: string }>(`SELECT subject, html FROM email_messages WHERE "to" = $1`, [email]);
  expect(ask!.subject).toMatch(/^How was your visit to .+\?$/);
  const oneStar = /href="([^"]*\/f\/[^"]*\?r=1)"/.exec(ask!.html)![1]!.replaceAll("&amp;", "&");

  // 3. The customer taps 1 star on their phone and leaves a comment.
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const answer = await phone.newPage();
  await answer.goto(new URL(oneStar).pathname + new URL(oneStar).search);
  await expect(answer.getByTestId("feedback-recorded")).toContainText("Sorry it was not great.");
  await answer.getByLabel(/Anything you want to tell them/).fill("The hallway rug still smells damp.");
  await answer.getByRole("button", { name: "Send comment" }).click();
  await expect(answer.getByText("Thank you, your comment was sent.")).toBeVisible();
  await answer.screenshot({ path: "test-results/screens/feedback-answer.png", fullPage: true });
  // The same link again (replayed, or another star): the first answer stands.
  await answer.goto(`${new URL(oneStar).pathname}?r=3`);
  await expect(answer.getByTestId("feedback-recorded")).toContainText("Sorry it was not great.");
  await phone.close();

  // 4. The managers: an email at once, and the Feedback page.
  await expect
    .poll(async () => (await query(`SELECT 1 FROM email_messages WHERE "to" = 'owner2@example.com' AND subject LIKE 'Low answer:%'`)).length, {
      timeout: 30_000,
    })
    .toBe(1);
  await page.goto("/m/freshstep/feedback");
  const row = page.getByTestId("feedback-row").filter({ hasText: "Fiona" });
  await expect(row).toContainText("Low");
  await expect(row).toContainText("The hallway rug still smells damp.");
  // Their stars beside the staff's: this visit is one the staff rated 3 and the customer 1.
  const beside = page.getByRole("region", { name: "Your stars beside theirs" });
  await expect(beside.getByTestId("staff-average")).toHaveText(/^[1-3]\.\d of 3$/);
  await expect(beside.getByTestId("customer-average")).toHaveText(/^[1-3]\.\d of 3$/);
  await expect(beside.getByTestId("agreement-3-1")).toHaveText(/^[1-9]\d*$/);
  await expect(beside).toContainText(/Where you rated a visit 3 stars, customers agreed \d+% of the time\./);
  await page.screenshot({ path: "test-results/screens/feedback-list.png", fullPage: true });
  await page.goto(`/m/freshstep/customers/${customer!.id}`);
  await expect(page.getByTestId("own-rating")).toContainText("★");
});

test("referral and feedback settings are for managers of this merchant only", async ({ page }) => {
  await signIn(page, "staff@example.com");
  expect((await page.goto("/m/harbor-bistro/settings/referrals"))?.status()).toBe(404);
  expect((await page.goto("/m/harbor-bistro/feedback"))?.status()).toBe(404);
  await page.context().clearCookies();
  await signIn(page, "owner2@example.com");
  expect((await page.goto("/m/harbor-bistro/settings/referrals"))?.status()).toBe(404);
  expect((await page.goto("/m/harbor-bistro/feedback"))?.status()).toBe(404);
});
