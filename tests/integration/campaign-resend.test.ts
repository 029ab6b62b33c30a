import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderPromotionEmail } from "@/emails/promotion";
import { campaignEmailInput as campaignEmailInputOf, createRequestPacer, createSharedRequestPacer } from "@/features/campaigns/delivery";
import { runCampaignJob } from "@/features/campaigns/jobs";
import { createCampaign } from "@/features/campaigns/service";
import { preferenceLinks } from "@/features/delivery/preferences";
import { startResendFake } from "../fakes/resend-fake";
import { addCustomers, everyoneGroup, offPeakPromotion } from "./campaign-fixtures";
import { db, inTenantOf, makeMerchant } from "./helpers";

// Feature functions run as their entry points run them: in the tenant scope of their merchant.
const campaignEmailInput = inTenantOf(campaignEmailInputOf);

// Campaign delivery through the real Resend SDK against the local fake: batch request shapes,
// batches of at most 100, one idempotency key per batch derived from the campaign and its first
// recipient, retries on 429 and 5xx, and a replayed batch that sends nothing twice.
describe("campaign delivery through Resend", () => {
  let fake: Awaited<ReturnType<typeof startResendFake>>;
  let restore: () => void;
  beforeAll(async () => {
    fake = await startResendFake({ failures: [429, 503] });
    const envModule = await import("@/lib/env");
    const cached = envModule.env();
    Object.assign(cached, { RESEND_API_KEY: "re_test_batch", RESEND_BASE_URL: fake.url });
    restore = () => Object.assign(cached, { RESEND_API_KEY: undefined, RESEND_BASE_URL: undefined });
  });
  afterAll(async () => {
    restore();
    await fake.close();
  });

  it("sends batches of 100 with per-batch idempotency keys, retrying 429/503, and records provider ids", async () => {
    const m = await makeMerchant("Resend");
    const ids = await addCustomers(m.merchant.id, { n: 250, prefix: "r" });
    // A name that needs escaping, for the second recipient in customer-id order.
    const second = [...ids].sort()[1]!;
    await db.customer.update({ where: { merchantId_id: { merchantId: m.merchant.id, id: second } }, data: { firstName: `Zoë "O'Brien" <&>` } });
    const group = await everyoneGroup(m.merchant.id);
    const promotion = await offPeakPromotion(m.merchant.id);
    const { id } = await db.$transaction((tx) => createCampaign(tx, m.merchant, { promotionId: promotion.id, groupId: group.id, holdoutPercent: 0 }, {}));
    await runCampaignJob({ merchantId: m.merchant.id, campaignId: id }, { pace: async () => {}, concurrency: 1 });

    const recipients = await db.campaignRecipient.findMany({ where: { campaignId: id }, orderBy: { customerId: "asc" } });
    expect(recipients).toHaveLength(250);
    expect(recipients.every((r) => r.status === "sent" && r.providerMessageId?.startsWith("fake_"))).toBe(true);

    const batches = fake.requests.filter((r) => r.path === "/emails/batch");
    // Two refused attempts (429, then 503), then three accepted batches: 100, 100, 50.
    expect(batches.map((b) => b.status)).toEqual([429, 503, 200, 200, 200]);
    const ok = batches.filter((b) => b.status === 200);
    expect(ok.map((b) => (b.body as unknown[]).length)).toEqual([100, 100, 50]);
    const firsts = [0, 100, 200].map((i) => recipients[i]!.customerId);
    expect(ok.map((b) => b.headers["idempotency-key"])).toEqual(firsts.map((c) => `campaign:${id}:batch:${c}`));
    expect(batches[0]!.headers["idempotency-key"]).toBe(batches[2]!.headers["idempotency-key"]); // the retry reuses the key
    expect(ok.every((b) => b.method === "POST" && b.headers.authorization === "Bearer re_test_batch")).toBe(true);

    const email = (ok[0]!.body as Record<string, unknown>[])[0]!;
    expect(Object.keys(email).sort()).toEqual(["from", "headers", "html", "subject", "tags", "text", "to"]);
    expect(email).toMatchObject({
      from: expect.any(String),
      to: recipients[0]!.email,
      subject: "A quiet-hours treat for you, R",
      headers: {
        "List-Unsubscribe": expect.stringMatching(/^<http:\/\/localhost:3999\/u\/.+\/unsubscribe>$/),
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
      },
      tags: [{ name: "campaign_id", value: id }],
    });
    const code = (await db.voucher.findUniqueOrThrow({ where: { merchantId_id: { merchantId: m.merchant.id, id: recipients[0]!.voucherId! } } })).code;
    expect(email.html).toContain(code);
    expect(email.text).toContain(code);

    // Each email is the one template filled in: exactly what rendering it for that recipient gives.
    const input = await campaignEmailInput(m.merchant.id, id);
    const customers = new Map(
      (await db.customer.findMany({ where: { merchantId: m.merchant.id }, select: { id: true, firstName: true } })).map((c) => [c.id, c.firstName]),
    );
    const vouchers = new Map(
      (await db.voucher.findMany({ where: { merchantId: m.merchant.id, campaignId: id }, select: { customerId: true, code: true } })).map((v) => [
        v.customerId,
        v.code,
      ]),
    );
    const sent = ok.flatMap((b) => b.body as { subject: string; html: string; text: string }[]);
    for (const i of [0, 1, 137, 249]) {
      const r = recipients[i]!;
      const direct = await renderPromotionEmail({
        ...input,
        customer: { firstName: customers.get(r.customerId)! },
        voucherCode: vouchers.get(r.customerId)!,
        ...preferenceLinks(m.merchant.id, r.customerId),
      });
      expect({ subject: sent[i]!.subject, html: sent[i]!.html, text: sent[i]!.text }).toEqual(direct);
    }
    expect(sent[1]!.html).toContain("Zoë &quot;O&#x27;Brien&quot; &lt;&amp;&gt;");

    // Every recipient was accepted by the provider exactly once.
    const accepted = fake.accepted.map((a) => a.to);
    expect(accepted).toHaveLength(250);
    expect(new Set(accepted).size).toBe(250);
    const rows = await db.emailMessage.findMany({ where: { campaignId: id }, select: { transport: true, providerMessageId: true } });
    expect(rows).toHaveLength(250);
    expect(rows.every((r) => r.transport === "resend" && r.providerMessageId?.startsWith("fake_"))).toBe(true);
  });

  it("rebuilds a batch whose commit was lost under the same key, so the provider replays instead of sending again", async () => {
    const m = await makeMerchant("Replay");
    await addCustomers(m.merchant.id, { n: 150, prefix: "p" });
    const group = await everyoneGroup(m.merchant.id);
    const promotion = await offPeakPromotion(m.merchant.id);
    const { id } = await db.$transaction((tx) => createCampaign(tx, m.merchant, { promotionId: promotion.id, groupId: group.id, holdoutPercent: 0 }, {}));
    await runCampaignJob({ merchantId: m.merchant.id, campaignId: id }, { pace: async () => {} });
    const acceptedBefore = fake.accepted.length;
    const requestsBefore = fake.requests.length;

    // As if the worker died after the provider accepted the second batch but before its commit.
    const second = await db.campaignRecipient.findMany({ where: { campaignId: id }, orderBy: { customerId: "asc" }, skip: 100 });
    expect(second).toHaveLength(50);
    await db.campaignRecipient.updateMany({
      where: { campaignId: id, customerId: { in: second.map((r) => r.customerId) } },
      data: { status: "queued", sentAt: null, providerMessageId: null },
    });
    await db.emailMessage.deleteMany({ where: { campaignId: id, to: { in: second.map((r) => r.email!) } } });
    await db.campaign.update({ where: { merchantId_id: { merchantId: m.merchant.id, id } }, data: { status: "sending" } });

    await runCampaignJob({ merchantId: m.merchant.id, campaignId: id }, { pace: async () => {} });
    const replay = fake.requests.slice(requestsBefore);
    expect(replay).toHaveLength(1);
    expect(replay[0]).toMatchObject({
      replayed: true,
      headers: expect.objectContaining({ "idempotency-key": `campaign:${id}:batch:${second[0]!.customerId}` }),
    });
    expect(fake.accepted.length).toBe(acceptedBefore); // nothing sent twice
    expect(await db.campaignRecipient.count({ where: { campaignId: id, status: "sent" } })).toBe(150);
    expect(await db.campaign.findUniqueOrThrow({ where: { merchantId_id: { merchantId: m.merchant.id, id } }, select: { status: true } })).toEqual({
      status: "sent",
    });
  });

  it("paces requests to the provider's rate limit", async () => {
    const pace = createRequestPacer(10);
    const t0 = Date.now();
    for (let i = 0; i < 6; i++) await pace();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(480); // 6 requests at 10/s: the last waits 500 ms
    const unlimited = createRequestPacer(0);
    const t1 = Date.now();
    for (let i = 0; i < 100; i++) await unlimited();
    expect(Date.now() - t1).toBeLessThan(50);
  });

  it("paces every worker together: two processes share one provider rate in PostgreSQL", async () => {
    // Two pacers stand for two worker processes: each has its own memory, they share the bucket.
    const a = createSharedRequestPacer(10, "email-provider:test-shared");
    const b = createSharedRequestPacer(10, "email-provider:test-shared");
    const t0 = Date.now();
    await Promise.all([0, 1, 2].flatMap(() => [a(), b()]));
    expect(Date.now() - t0).toBeGreaterThanOrEqual(480); // 6 requests at 10/s in all, not 10/s each
  });
});
