import { createHmac, randomBytes, randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { POST } from "@/app/api/webhooks/resend/route";
import { addCustomers, offPeakPromotion, staticGroup } from "./campaign-fixtures";
import { db, makeMerchant } from "./helpers";

// Resend signs webhooks the Svix way; the signature is computed here from the documented scheme
// (not with the SDK the route uses), so the test proves the route accepts what Resend really sends.
const SECRET = `whsec_${randomBytes(24).toString("base64")}`;
process.env.RESEND_WEBHOOK_SECRET = SECRET; // before the first env() read, which caches it

function sign(body: string, opts: { id?: string; timestamp?: number; secret?: string } = {}) {
  const id = opts.id ?? `msg_${randomUUID()}`;
  const timestamp = String(opts.timestamp ?? Math.floor(Date.now() / 1000));
  const key = Buffer.from((opts.secret ?? SECRET).replace(/^whsec_/, ""), "base64");
  const signature = createHmac("sha256", key).update(`${id}.${timestamp}.${body}`).digest("base64");
  return { "svix-id": id, "svix-timestamp": timestamp, "svix-signature": `v1,${signature}` };
}

const deliver = (body: string, headers: Record<string, string>) =>
  POST(new Request("http://localhost/api/webhooks/resend", { method: "POST", headers: { "content-type": "application/json", ...headers }, body }));

const event = (type: string, emailId: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    type,
    created_at: new Date().toISOString(),
    data: { email_id: emailId, created_at: new Date().toISOString(), to: ["x@example.com"], from: "a@b", subject: "s", ...extra },
  });

/** One merchant, one sent campaign of `n` recipients, each with its provider message id. */
async function sentCampaign(n: number) {
  const { merchant } = await makeMerchant("Webhooks");
  const customerIds = await addCustomers(merchant.id, { n, prefix: `wh${randomBytes(3).toString("hex")}` });
  const group = await staticGroup(merchant.id, "All", customerIds);
  const promotion = await offPeakPromotion(merchant.id);
  const campaign = await db.campaign.create({
    data: { merchantId: merchant.id, promotionId: promotion.id, groupId: group.id, status: "sent" },
    select: { id: true },
  });
  const messageIds = customerIds.map(() => `re_${randomUUID()}`);
  await db.campaignRecipient.createMany({
    data: customerIds.map((customerId, i) => ({
      merchantId: merchant.id,
      campaignId: campaign.id,
      customerId,
      status: "sent" as const,
      providerMessageId: messageIds[i],
      sentAt: new Date(),
    })),
  });
  const recipient = (i: number) =>
    db.campaignRecipient.findUniqueOrThrow({
      where: { merchantId_campaignId_customerId: { merchantId: merchant.id, campaignId: campaign.id, customerId: customerIds[i]! } },
    });
  const customer = (i: number) => db.customer.findUniqueOrThrow({ where: { merchantId_id: { merchantId: merchant.id, id: customerIds[i]! } } });
  return { merchant, campaign, customerIds, messageIds, recipient, customer };
}

describe("POST /api/webhooks/resend: signature", () => {
  it("refuses a missing signature, a wrong secret, a stale timestamp and a tampered body with 401, changing nothing", async () => {
    const c = await sentCampaign(1);
    const body = event("email.delivered", c.messageIds[0]!);
    const attempts = [
      {},
      sign(body, { secret: `whsec_${randomBytes(24).toString("base64")}` }),
      sign(body, { timestamp: Math.floor(Date.now() / 1000) - 10 * 60 }),
      sign(body, { timestamp: Math.floor(Date.now() / 1000) + 10 * 60 }),
    ];
    for (const headers of attempts) expect((await deliver(body, headers)).status).toBe(401);
    const tampered = sign(body);
    expect((await deliver(body.replace("email.delivered", "email.complained"), tampered)).status).toBe(401);
    expect((await c.recipient(0)).status).toBe("sent");
    expect(await db.webhookEvent.count()).toBe(0);
  });

  it("accepts a good signature (also among several, after key rotation)", async () => {
    const c = await sentCampaign(1);
    const body = event("email.delivered", c.messageIds[0]!);
    const good = sign(body);
    const old = sign(body, { id: good["svix-id"], timestamp: Number(good["svix-timestamp"]), secret: `whsec_${randomBytes(24).toString("base64")}` });
    const res = await deliver(body, { ...good, "svix-signature": `${old["svix-signature"]} ${good["svix-signature"]}` });
    expect(res.status).toBe(200);
    expect(await c.recipient(0)).toMatchObject({ status: "delivered", deliveredAt: expect.any(Date) });
  });
});

describe("POST /api/webhooks/resend: effects", () => {
  it("applies a redelivered event once", async () => {
    const c = await sentCampaign(1);
    const body = event("email.opened", c.messageIds[0]!);
    const headers = sign(body);
    expect((await deliver(body, headers)).status).toBe(200);
    const openedAt = (await c.recipient(0)).openedAt;
    expect(openedAt).toBeInstanceOf(Date);
    const again = await deliver(body, headers);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ duplicate: true });
    expect((await c.recipient(0)).openedAt).toEqual(openedAt);
  });

  it("never moves a status backwards; opens and clicks only stamp their time", async () => {
    const c = await sentCampaign(2);
    const send = async (type: string, i: number, extra: Record<string, unknown> = {}) => {
      const body = event(type, c.messageIds[i]!, extra);
      expect((await deliver(body, sign(body))).status).toBe(200);
    };
    await send("email.bounced", 0, { bounce: { type: "Permanent", subType: "General", message: "No such mailbox" } });
    await send("email.delivered", 0);
    await send("email.sent", 0);
    expect(await c.recipient(0)).toMatchObject({ status: "bounced", bouncedAt: expect.any(Date), deliveredAt: expect.any(Date) });

    await send("email.delivered", 1);
    await send("email.opened", 1);
    await send("email.clicked", 1);
    await send("email.sent", 1);
    await send("email.delivery_delayed", 1);
    expect(await c.recipient(1)).toMatchObject({ status: "delivered", openedAt: expect.any(Date), clickedAt: expect.any(Date), lastError: null });
  });

  it("suppresses the customer on a hard bounce or a complaint, not on a soft bounce", async () => {
    const c = await sentCampaign(3);
    const send = async (type: string, i: number, extra: Record<string, unknown> = {}) => {
      const body = event(type, c.messageIds[i]!, extra);
      return deliver(body, sign(body));
    };
    await send("email.bounced", 0, { bounce: { type: "Permanent", subType: "Suppressed", message: "gone" } });
    await send("email.delivered", 1);
    await send("email.complained", 1);
    await send("email.bounced", 2, { bounce: { type: "Transient", subType: "MailboxFull", message: "full" } });

    expect(await c.customer(0)).toMatchObject({ suppressedAt: expect.any(Date), suppressionReason: "bounced" });
    expect(await c.customer(1)).toMatchObject({ suppressedAt: expect.any(Date), suppressionReason: "complained", emailConsent: false });
    expect(await c.recipient(1)).toMatchObject({ status: "complained", complainedAt: expect.any(Date) });
    expect(await c.customer(2)).toMatchObject({ suppressedAt: null, suppressionReason: null });
    expect(await c.recipient(2)).toMatchObject({ status: "sent", lastError: expect.stringContaining("Soft bounce") });
    expect(await db.auditLog.count({ where: { merchantId: c.merchant.id, action: "customer.suppressed" } })).toBe(2);
  });

  it("suppresses by the email_messages row when the message was not a campaign's", async () => {
    const { merchant } = await makeMerchant("Webhooks Mail");
    const [customerId] = await addCustomers(merchant.id, { n: 1, prefix: `mm${randomBytes(3).toString("hex")}` });
    const customer = await db.customer.findUniqueOrThrow({ where: { merchantId_id: { merchantId: merchant.id, id: customerId! } } });
    const providerMessageId = `re_${randomUUID()}`;
    await db.emailMessage.create({
      data: { merchantId: merchant.id, to: customer.email!, from: "a@b", subject: "Receipt", html: "", text: "", transport: "resend", providerMessageId },
    });
    const body = event("email.complained", providerMessageId);
    expect((await deliver(body, sign(body))).status).toBe(200);
    expect(await db.customer.findUniqueOrThrow({ where: { merchantId_id: { merchantId: merchant.id, id: customerId! } } })).toMatchObject({
      suppressionReason: "complained",
    });
  });

  it("ignores events for unknown messages and types it does not handle", async () => {
    const body = event("email.delivered", "re_unknown");
    expect(await (await deliver(body, sign(body))).json()).toMatchObject({ ok: true, recipients: 0 });
    const other = JSON.stringify({ type: "contact.created", created_at: new Date().toISOString(), data: { id: "x" } });
    expect(await (await deliver(other, sign(other))).json()).toMatchObject({ ok: true });
  });
});
