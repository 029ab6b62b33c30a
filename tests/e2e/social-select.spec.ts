import { expect, test } from "@playwright/test";
import { query } from "./db";
import { signIn } from "./fixtures";

// Social Select end to end: a manager writes a promotion, previews it, sends it to the saved
// "Off Peak regulars" group with a holdout, finds a recipient's email with its personal code in
// the development mailbox, redeems that code at the counter, and sees the campaign's redeemed
// count and revenue move. The e2e server runs the job worker beside the app (scripts/serve-e2e.ts).

test.setTimeout(180_000);

test("write, preview, send to a group, open the mailbox, redeem the code, see the results move", async ({ page }) => {
  const name = `E2E Social Select ${Date.now().toString(36)}`;
  await signIn(page, "manager@example.com");

  // 1. The promotion, through the promotions editor: any day, any hour, so the code redeems whenever CI runs.
  await page.goto("/m/harbor-bistro/promotions/new");
  const form = page.getByRole("form", { name: "New promotion" });
  await form.getByLabel("Name").fill(name);
  await form.getByLabel("Headline").fill("A treat for our regulars");
  await form.getByRole("textbox", { name: "Offer (required)" }).fill("A free dessert with any main");
  await form.getByLabel("Expires after (days)").fill("30");
  await form.getByLabel("Subject").fill("{{firstName}}, dessert is on us");
  await form.getByLabel("Message").fill("Hi {{firstName}},\n\nShow your code and the dessert is on the house.");
  const frame = page.frameLocator('iframe[title^="Email preview"]');
  await expect(frame.getByText("A free dessert with any main")).toBeVisible();
  await form.getByRole("button", { name: "Create promotion" }).click();
  await expect(page).toHaveURL(/\/promotions\/[0-9a-f-]{36}$/);

  // 2. The campaign: group, promotion, the live breakdown, holdout, confirm.
  await page.goto("/m/harbor-bistro/campaigns");
  await page.getByRole("link", { name: "New campaign" }).first().click();
  await expect(page).toHaveURL(/\/campaigns\/new$/);
  await page.getByLabel("Group", { exact: true }).selectOption({ label: "Off Peak regulars" });
  await page.getByLabel("Promotion", { exact: true }).selectOption({ label: name });
  const getting = page.getByTestId("campaign-getting");
  await expect(getting).toHaveText(/^[1-9][\d,]*$/, { timeout: 20_000 });
  const breakdown = page.getByRole("list", { name: "Who will not get it" });
  await expect(breakdown.getByText("No consent")).toBeVisible();
  await breakdown.getByText("No consent").click();
  await page.getByLabel("Holdout: 10%").fill("20");
  await expect(page.getByText("Holdout: 20%")).toBeVisible();
  const recipients = Number((await getting.textContent())!.replaceAll(",", ""));
  await page.screenshot({ path: "test-results/screens/campaign-new.png", fullPage: true });
  await page.getByRole("button", { name: "Review and send" }).click();
  await page.getByRole("button", { name: `Send to ${recipients.toLocaleString("en-US")} customers` }).click();

  // 3. The campaign page follows the send until it is done.
  await expect(page).toHaveURL(/\/campaigns\/[0-9a-f-]{36}$/, { timeout: 20_000 });
  const campaignId = page.url().split("/").at(-1)!;
  // The worker beside the app snapshots and sends; the page polls until it is done.
  await expect
    .poll(async () => (await query<{ status: string }>(`SELECT status FROM campaigns WHERE id = $1`, [campaignId]))[0]?.status, {
      timeout: 90_000,
      intervals: [500],
    })
    .toBe("sent");
  await expect(page.getByRole("progressbar")).toHaveCount(0, { timeout: 15_000 });
  await expect(page.getByTestId("campaign-redeemed")).toHaveText("0");
  const [counts] = await query<{ sent: number; held: number; emails: number }>(
    `SELECT count(*) FILTER (WHERE status = 'sent')::int AS sent, count(*) FILTER (WHERE "isHoldout")::int AS held,
            (SELECT count(*)::int FROM email_messages WHERE "campaignId" = $1) AS emails
       FROM campaign_recipients WHERE "campaignId" = $1`,
    [campaignId],
  );
  expect(counts).toEqual({ sent: recipients, held: expect.any(Number), emails: recipients });
  expect(counts!.held).toBeGreaterThan(0);
  await page.screenshot({ path: "test-results/screens/campaign-sent.png", fullPage: true });

  // 4. The development mailbox holds a recipient's email with the personal code and the unsubscribe headers.
  const [mail] = await query<{ id: string; to: string; subject: string; voucherCode: string }>(
    `SELECT id, "to", subject, "voucherCode" FROM email_messages WHERE "campaignId" = $1 ORDER BY "sentAt" DESC, id LIMIT 1`,
    [campaignId],
  );
  await page.goto(`/m/harbor-bistro/mailbox?id=${mail!.id}`);
  const message = page.getByRole("article", { name: "Message" });
  await expect(message.getByRole("heading", { name: mail!.subject })).toBeVisible();
  await expect(message.getByText("List-Unsubscribe=One-Click")).toBeVisible();
  await expect(page.frameLocator('iframe[title="Email content"]').getByText(mail!.voucherCode)).toBeVisible();
  expect(mail!.voucherCode).toMatch(/^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{2}$/);

  // 5. At the counter the code is typed without its dashes and redeemed.
  const typed = mail!.voucherCode.replaceAll("-", "");
  await page.goto("/m/harbor-bistro/counter");
  await expect(page.getByText("Online")).toBeVisible();
  await page.getByLabel("Voucher code, or find a customer").fill(typed);
  await page.getByRole("button", { name: `Redeem ${mail!.voucherCode}` }).click(); // typed without dashes, shown as printed
  await expect(page.getByText(/^Redeeming:/)).toBeVisible();
  await page.getByLabel("Spend (USD)").fill("64.00");
  await page.getByRole("button", { name: "Done" }).click();
  await expect(page.getByText(/^Recorded /)).toBeVisible();

  // 6. The campaign's results moved.
  await page.goto(`/m/harbor-bistro/campaigns/${campaignId}`);
  await expect(page.getByTestId("campaign-redeemed")).toHaveText("1");
  await expect(page.getByTestId("campaign-revenue")).toHaveText("$64.00");
  await page.screenshot({ path: "test-results/screens/campaign-redeemed.png", fullPage: true });
  await page.goto("/m/harbor-bistro");
  await expect(page.getByRole("list", { name: "Last campaigns" }).getByRole("link", { name })).toBeVisible();
});

test("campaign pages are for managers of this merchant only", async ({ page, request }) => {
  const [seeded] = await query<{ id: string }>(
    `SELECT c.id FROM campaigns c JOIN merchants m ON m.id = c."merchantId" WHERE m.slug = 'harbor-bistro' AND c.status = 'sent' ORDER BY c."createdAt" LIMIT 1`,
  );
  // A page visit (it asks for HTML) goes to sign-in; a bare fetch would get 401 problem+json.
  const anonymous = await request.get(`/m/harbor-bistro/campaigns/${seeded!.id}`, { maxRedirects: 0, headers: { accept: "text/html" } });
  expect([307, 308, 302]).toContain(anonymous.status());
  await signIn(page, "owner2@example.com");
  for (const path of [`/m/harbor-bistro/campaigns/${seeded!.id}`, "/m/harbor-bistro/campaigns/new", `/m/freshstep/campaigns/${seeded!.id}`]) {
    expect((await page.goto(path))?.status(), path).toBe(404);
  }
  await page.context().clearCookies();
  await signIn(page, "staff@example.com");
  for (const path of [`/m/harbor-bistro/campaigns/${seeded!.id}`, "/m/harbor-bistro/campaigns/new"]) {
    expect((await page.goto(path))?.status(), path).toBe(404);
  }
});

test("the seeded campaign shows its results and lift in words", async ({ page }) => {
  await signIn(page, "manager@example.com");
  await page.goto("/m/harbor-bistro/campaigns");
  await page.getByRole("link", { name: "Off Peak", exact: true }).first().click();
  await expect(page.getByTestId("campaign-lift")).toHaveText(
    /^(Customers who got it came back \d+ points? (more|less) often than those who didn't \(likely between −?\d+ and −?\d+ points\)\.|No clear difference yet.*)$/,
  );
  await expect(page.getByRole("img", { name: /^Campaign funnel: Sent \d+/ })).toBeVisible();
  await page.screenshot({ path: "test-results/screens/campaign-seeded.png", fullPage: true });
});
