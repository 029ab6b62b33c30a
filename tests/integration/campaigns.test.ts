import { afterAll, describe, expect, it } from "vitest";
import { POST as postCampaign } from "@/app/api/v1/campaigns/route";
import { GET as getCampaign } from "@/app/api/v1/campaigns/[id]/route";
import { POST as postVisit } from "@/app/api/v1/visits/route";
import { audienceBreakdown as audienceBreakdownOf, holdoutSize } from "@/features/campaigns/audience";
import { isPersonalCode } from "@/features/campaigns/codes";
import { runCampaignJob } from "@/features/campaigns/jobs";
import { getCampaignResults as getCampaignResultsOf } from "@/features/campaigns/results";
import { queue } from "@/lib/queue";
import { addDays, fromLocalTime, localToday, toLocalTime } from "@/lib/time";
import { addCustomers, everyoneGroup, offPeakPromotion, staticGroup } from "./campaign-fixtures";
import { at, justAfter } from "./clock";
import { callRoute, db, inTenantOf, makeMerchant } from "./helpers";
import { withTenant } from "@/lib/tenant";

// Feature functions run as their entry points run them: in the tenant scope of their merchant.
const audienceBreakdown = inTenantOf(audienceBreakdownOf);
const getCampaignResults = inTenantOf(getCampaignResultsOf);

type TJson = Record<string, unknown>;

const call = callRoute;

const noPace = async () => {};

afterAll(async () => {
  // The API route woke the queue (pg-boss) in this process; stop it before the database goes.
  await (await queue()).stop({ graceful: false }).catch(() => {});
});

/** A merchant with 200 consenting customers, and 10 of each kind that must not get promotions. */
async function audienceMerchant() {
  const m = await makeMerchant("Bistro");
  const ok = await addCustomers(m.merchant.id, { n: 200, prefix: "ok" });
  const noConsent = await addCustomers(m.merchant.id, { n: 10, prefix: "noconsent", consent: false });
  const unsub = await addCustomers(m.merchant.id, { n: 10, prefix: "unsub", unsubscribed: true });
  const optedOut = await addCustomers(m.merchant.id, { n: 3, prefix: "none", channel: "none" });
  const bounced = await addCustomers(m.merchant.id, { n: 10, prefix: "bounced", suppressed: true });
  const noEmail = await addCustomers(m.merchant.id, { n: 10, prefix: "noemail", email: false });
  const promotion = await offPeakPromotion(m.merchant.id);
  return { ...m, ok, noConsent, unsub, optedOut, bounced, noEmail, promotion };
}

describe("audience breakdown", () => {
  it("puts each member in one bucket: no email, unsubscribed, suppressed, no consent, frequency cap, eligible", async () => {
    const m = await audienceMerchant();
    const group = await everyoneGroup(m.merchant.id);
    const merchant = { id: m.merchant.id, timeZone: "America/New_York", promotionFrequencyCapDays: 7 };
    const before = await audienceBreakdown(merchant, { id: group.id, kind: "dynamic", filter: { field: "visitCount", op: "gte", value: 0 } });
    expect(before).toMatchObject({ total: 243, eligible: 200, excluded: { noEmail: 10, unsubscribed: 13, suppressed: 10, noConsent: 10, frequencyCapped: 0 } });
    expect(before.lists.eligible).toHaveLength(50);
    expect(before.lists.noConsent.map((p) => p.email)).toEqual(m.noConsent.map((_, i) => `noconsent${i + 1}@example.com`));
    expect(before.lists.suppressed.every((p) => p.email?.startsWith("bounced"))).toBe(true);

    // A promotion sent 3 days ago caps 20 of them; one sent 10 days ago caps nobody.
    const other = await db.campaign.create({ data: { merchantId: m.merchant.id, promotionId: m.promotion.id, groupId: group.id, status: "sent" } });
    const threeDaysAgo = new Date(Date.now() - 3 * 86_400_000);
    const tenDaysAgo = new Date(Date.now() - 10 * 86_400_000);
    await db.campaignRecipient.createMany({
      data: m.ok
        .slice(0, 20)
        .map((customerId) => ({ merchantId: m.merchant.id, campaignId: other.id, customerId, status: "sent" as const, sentAt: threeDaysAgo })),
    });
    await db.campaignRecipient.createMany({
      data: m.ok
        .slice(20, 40)
        .map((customerId) => ({ merchantId: m.merchant.id, campaignId: other.id, customerId, status: "sent" as const, sentAt: tenDaysAgo })),
    });
    const after = await audienceBreakdown(merchant, { id: group.id, kind: "dynamic", filter: { field: "visitCount", op: "gte", value: 0 } });
    expect(after.eligible).toBe(180);
    expect(after.excluded.frequencyCapped).toBe(20);
    const off = await audienceBreakdown(
      { ...merchant, promotionFrequencyCapDays: 0 },
      { id: group.id, kind: "dynamic", filter: { field: "visitCount", op: "gte", value: 0 } },
    );
    expect(off.eligible).toBe(200);
  });

  it("reads a static group's members and nobody else's customers", async () => {
    const m = await audienceMerchant();
    const other = await makeMerchant("Other");
    const theirs = await addCustomers(other.merchant.id, { n: 5, prefix: "theirs" });
    const group = await staticGroup(m.merchant.id, "VIP", [...m.ok.slice(0, 30), ...m.noConsent.slice(0, 2)]);
    // Even a group_members row pointing at another merchant's customer could not exist (composite FK), so only ids matter here.
    const b = await audienceBreakdown(
      { id: m.merchant.id, timeZone: "America/New_York", promotionFrequencyCapDays: 7 },
      { id: group.id, kind: "static", filter: null },
    );
    expect(b).toMatchObject({ total: 32, eligible: 30, excluded: { noConsent: 2 } });
    expect(b.lists.eligible.some((p) => theirs.includes(p.id))).toBe(false);
  });
});

describe("campaigns through the API", () => {
  it("creates a campaign once per Idempotency-Key, and refuses the key with another body", async () => {
    const m = await audienceMerchant();
    const group = await everyoneGroup(m.merchant.id);
    const body = { promotionId: m.promotion.id, groupId: group.id, holdoutPercent: 20 };
    const first = await call(postCampaign, "/api/v1/campaigns", { key: m.apiKey, body, idem: "camp-1" });
    expect(first.status).toBe(201);
    const created = (await first.json()) as TJson;
    expect(created).toMatchObject({ status: "scheduled" });
    const again = await call(postCampaign, "/api/v1/campaigns", { key: m.apiKey, body, idem: "camp-1" });
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(((await again.json()) as TJson).id).toBe(created.id);
    expect(await db.campaign.count({ where: { merchantId: m.merchant.id } })).toBe(1);
    const other = await call(postCampaign, "/api/v1/campaigns", { key: m.apiKey, body: { ...body, holdoutPercent: 30 }, idem: "camp-1" });
    expect(other.status).toBe(422);
    expect(await db.campaign.count({ where: { merchantId: m.merchant.id } })).toBe(1);
  });

  it("validates the body: holdout 0–50, ids, no unknown fields", async () => {
    const m = await audienceMerchant();
    const group = await everyoneGroup(m.merchant.id);
    const res = await call(postCampaign, "/api/v1/campaigns", {
      key: m.apiKey,
      body: { promotionId: m.promotion.id, groupId: group.id, holdoutPercent: 60, extra: true },
    });
    expect(res.status).toBe(400);
    const paths = ((await res.json()) as { errors: { path: string }[] }).errors.map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(["/holdoutPercent"]));
    expect(await db.campaign.count({ where: { merchantId: m.merchant.id } })).toBe(0);
  });

  it("keeps tenants apart: no key is 401, another merchant's group, promotion or campaign is 404", async () => {
    const a = await audienceMerchant();
    const b = await makeMerchant("Rival");
    const groupA = await everyoneGroup(a.merchant.id);
    const promoB = await offPeakPromotion(b.merchant.id);
    const groupB = await everyoneGroup(b.merchant.id);
    expect((await call(postCampaign, "/api/v1/campaigns", { body: { promotionId: a.promotion.id, groupId: groupA.id } })).status).toBe(401);
    expect((await call(postCampaign, "/api/v1/campaigns", { key: b.apiKey, body: { promotionId: a.promotion.id, groupId: groupB.id } })).status).toBe(404);
    expect((await call(postCampaign, "/api/v1/campaigns", { key: b.apiKey, body: { promotionId: promoB.id, groupId: groupA.id } })).status).toBe(404);
    const created = (await (
      await call(postCampaign, "/api/v1/campaigns", { key: a.apiKey, body: { promotionId: a.promotion.id, groupId: groupA.id } })
    ).json()) as { id: string };
    expect((await call(getCampaign, `/api/v1/campaigns/${created.id}`, { key: b.apiKey, method: "GET", params: { id: created.id } })).status).toBe(404);
    expect((await call(getCampaign, `/api/v1/campaigns/${created.id}`, { method: "GET", params: { id: created.id } })).status).toBe(401);
    expect((await call(getCampaign, `/api/v1/campaigns/${created.id}`, { key: a.apiKey, method: "GET", params: { id: created.id } })).status).toBe(200);
    expect(await db.campaign.count({ where: { merchantId: b.merchant.id } })).toBe(0);
  });

  it("snapshots at send time, holds out exactly 10%, codes for the rest, one email each with unsubscribe headers", async () => {
    const m = await audienceMerchant();
    const group = await everyoneGroup(m.merchant.id);
    const res = await call(postCampaign, "/api/v1/campaigns", { key: m.apiKey, body: { promotionId: m.promotion.id, groupId: group.id } });
    const { id } = (await res.json()) as { id: string };
    const before = (await (await call(getCampaign, `/api/v1/campaigns/${id}`, { key: m.apiKey, method: "GET", params: { id } })).json()) as TJson;
    expect(before).toMatchObject({
      status: "scheduled",
      audience: 180,
      holdout: 20,
      excluded: { noConsent: 10, unsubscribed: 13, suppressed: 10, noEmail: 10, frequencyCapped: 0 },
      sent: 0,
    });

    // A customer who joins before the send is in the snapshot.
    await addCustomers(m.merchant.id, { n: 10, prefix: "late" });
    await runCampaignJob({ merchantId: m.merchant.id, campaignId: id }, { pace: noPace });

    const recipients = await db.campaignRecipient.findMany({ where: { merchantId: m.merchant.id, campaignId: id } });
    expect(recipients).toHaveLength(210);
    const held = recipients.filter((r) => r.isHoldout);
    expect(held).toHaveLength(holdoutSize(210, 10));
    expect(held.every((r) => r.status === "held_out" && r.voucherId === null && r.sentAt === null)).toBe(true);
    const got = recipients.filter((r) => !r.isHoldout);
    expect(got.every((r) => r.status === "sent" && r.voucherId && r.sentAt)).toBe(true);

    const mails = await db.emailMessage.findMany({ where: { merchantId: m.merchant.id, campaignId: id } });
    expect(mails).toHaveLength(got.length);
    expect(new Set(mails.map((e) => e.to)).size).toBe(got.length);
    expect(mails.some((e) => held.some((h) => h.email === e.to))).toBe(false);
    const vouchers = await db.voucher.findMany({ where: { merchantId: m.merchant.id, campaignId: id }, include: { deal: true } });
    expect(vouchers).toHaveLength(got.length);
    expect(vouchers.every((v) => isPersonalCode(v.code) && v.deal.kind === "social_select" && v.expiresAt)).toBe(true);
    const mail = mails[0]!;
    const headers = mail.headers as Record<string, string>;
    expect(headers["List-Unsubscribe"]).toMatch(/^<http:\/\/localhost:3999\/u\/.+\/unsubscribe>$/);
    expect(headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
    expect(mail.voucherCode && isPersonalCode(mail.voucherCode)).toBe(true);
    expect(mail.html).toContain(mail.voucherCode!);
    expect(mail.subject).toMatch(/^A quiet-hours treat for you, (Ok|Late)$/);
    expect(mail.html).not.toMatch(/QQ[A-Z]+QQ/);
    expect(mail.text).toContain("Sunday to Wednesday, 2 pm to 5 pm, until");

    const after = (await (await call(getCampaign, `/api/v1/campaigns/${id}`, { key: m.apiKey, method: "GET", params: { id } })).json()) as TJson;
    expect(after).toMatchObject({ status: "sent", audience: got.length, holdout: held.length, queued: 0, sent: got.length, redeemed: 0, revenueCents: 0 });

    // Running the job again sends nothing more.
    await runCampaignJob({ merchantId: m.merchant.id, campaignId: id }, { pace: noPace });
    expect(await db.emailMessage.count({ where: { campaignId: id } })).toBe(got.length);
  });

  it("draws a different, uniform holdout for each campaign", async () => {
    const m = await makeMerchant("Holdout");
    const ids = await addCustomers(m.merchant.id, { n: 1000, prefix: "h" });
    const group = await everyoneGroup(m.merchant.id);
    const promotion = await offPeakPromotion(m.merchant.id);
    // The same customers in every draw: no frequency cap, and a promotion that may go more than once.
    await db.merchant.update({ where: { id: m.merchant.id }, data: { promotionFrequencyCapDays: 0 } });
    await db.promotion.update({ where: { merchantId_id: { merchantId: m.merchant.id, id: promotion.id } }, data: { oncePerCustomer: false } });
    const sets: Set<string>[] = [];
    const hits = new Map<string, number>();
    for (let i = 0; i < 5; i++) {
      const res = await call(postCampaign, "/api/v1/campaigns", { key: m.apiKey, body: { promotionId: promotion.id, groupId: group.id, holdoutPercent: 25 } });
      const { id } = (await res.json()) as { id: string };
      const { startCampaignIfDue } = await import("@/features/campaigns/service");
      await withTenant(m.merchant.id, () => startCampaignIfDue(m.merchant.id, id));
      const held = await db.campaignRecipient.findMany({ where: { campaignId: id, isHoldout: true }, select: { customerId: true } });
      expect(held).toHaveLength(250);
      sets.push(new Set(held.map((h) => h.customerId)));
      for (const h of held) hits.set(h.customerId, (hits.get(h.customerId) ?? 0) + 1);
    }
    // Two independent 25% draws share about 25% of their members (62 of 250), never all of them.
    const overlap = [...sets[0]!].filter((x) => sets[1]!.has(x)).length;
    expect(overlap).toBeGreaterThan(30);
    expect(overlap).toBeLessThan(100);
    // Not biased to the order customers were created in: the holdout spreads over both halves.
    const firstHalf = new Set(ids.slice(0, 500));
    const inFirst = [...sets[2]!].filter((x) => firstHalf.has(x)).length;
    expect(inFirst).toBeGreaterThan(95);
    expect(inFirst).toBeLessThan(155);
    // 0% holds out nobody.
    const zero = (await (
      await call(postCampaign, "/api/v1/campaigns", { key: m.apiKey, body: { promotionId: promotion.id, groupId: group.id, holdoutPercent: 0 } })
    ).json()) as { id: string };
    const { startCampaignIfDue } = await import("@/features/campaigns/service");
    await withTenant(m.merchant.id, () => startCampaignIfDue(m.merchant.id, zero.id));
    expect(await db.campaignRecipient.count({ where: { campaignId: zero.id, isHoldout: true } })).toBe(0);
  });

  it("refuses to send while the merchant has no postal address for the footer", async () => {
    const m = await audienceMerchant();
    const group = await everyoneGroup(m.merchant.id);
    await db.merchant.update({ where: { id: m.merchant.id }, data: { addressLine1: "", city: "" } });
    const res = await call(postCampaign, "/api/v1/campaigns", { key: m.apiKey, body: { promotionId: m.promotion.id, groupId: group.id } });
    expect(res.status).toBe(422);
    expect(((await res.json()) as TJson).detail).toMatch(/postal address/);
    expect(await db.campaign.count({ where: { merchantId: m.merchant.id } })).toBe(0);
  });

  it("waits for a scheduled send time", async () => {
    const m = await audienceMerchant();
    const group = await everyoneGroup(m.merchant.id);
    const sendAt = new Date(Date.now() + 3600_000).toISOString();
    const { id } = (await (
      await call(postCampaign, "/api/v1/campaigns", { key: m.apiKey, body: { promotionId: m.promotion.id, groupId: group.id, sendAt } })
    ).json()) as { id: string };
    const r = await runCampaignJob({ merchantId: m.merchant.id, campaignId: id }, { pace: noPace });
    expect(r.status).toBe("scheduled");
    expect(await db.campaignRecipient.count({ where: { campaignId: id } })).toBe(0);
  });
});

/** The most recent past local `weekday` at `hour`:30, at least a day ago. */
function recentLocal(timeZone: string, weekday: number, hour: number): Date {
  const today = localToday(timeZone);
  for (let back = 1; back <= 8; back++) {
    const date = addDays(today, -back);
    if (new Date(`${date}T12:00:00Z`).getUTCDay() === weekday) return fromLocalTime(date, hour, 30, timeZone);
  }
  throw new Error("unreachable");
}

describe("personal code rules", () => {
  it("redeem once, only on the promotion's days and hours, before expiry, only at this merchant", async () => {
    const m = await audienceMerchant();
    const rival = await makeMerchant("Rival");
    const group = await staticGroup(m.merchant.id, "Few", m.ok.slice(0, 30));
    const { id } = (await (
      await call(postCampaign, "/api/v1/campaigns", { key: m.apiKey, body: { promotionId: m.promotion.id, groupId: group.id, holdoutPercent: 0 } })
    ).json()) as { id: string };
    await runCampaignJob({ merchantId: m.merchant.id, campaignId: id }, { pace: noPace });
    const codes = await db.voucher.findMany({ where: { campaignId: id }, select: { code: true, customerId: true }, orderBy: { code: "asc" } });
    expect(codes).toHaveLength(30);
    const tz = "America/New_York";
    const monday3pm = recentLocal(tz, 1, 15);
    // Each redemption as if received a minute after it happened (the rules are judged then).
    const redeem = (code: string, when: Date, key = m.apiKey) =>
      at(justAfter(when), () => call(postVisit, "/api/v1/visits", { key, body: { occurredAt: when.toISOString(), amountCents: 4200, voucherCode: code } }));

    // Typed without dashes, in lower case, on a Monday afternoon: redeemed, for the right customer.
    const ok = await redeem(codes[0]!.code.replaceAll("-", "").toLowerCase(), monday3pm);
    expect(ok.status).toBe(201);
    expect(((await ok.json()) as TJson).customerId).toBe(codes[0]!.customerId);
    expect(toLocalTime(monday3pm, tz)).toMatchObject({ dayOfWeek: 1, hour: 15 });

    // Second use.
    const twice = await redeem(codes[0]!.code, monday3pm);
    expect(twice.status).toBe(409);

    // Wrong weekday (Friday) and outside the hours (Monday 10 am).
    const friday = await redeem(codes[1]!.code, recentLocal(tz, 5, 15));
    expect(friday.status).toBe(422);
    expect(((await friday.json()) as TJson).detail).toMatch(/Sunday to Wednesday only; today is Friday/);
    const morning = await redeem(codes[1]!.code, recentLocal(tz, 1, 10));
    expect(morning.status).toBe(422);
    expect(((await morning.json()) as TJson).detail).toMatch(/from 2 pm to 5 pm only/);

    // Expired.
    await db.voucher.updateMany({ where: { code: codes[2]!.code }, data: { expiresAt: new Date(monday3pm.getTime() - 3600_000) } });
    const expired = await redeem(codes[2]!.code, monday3pm);
    expect(expired.status).toBe(422);
    expect(((await expired.json()) as TJson).detail).toMatch(/expired/);

    // At another merchant.
    const elsewhere = await redeem(codes[3]!.code, monday3pm, rival.apiKey);
    expect(elsewhere.status).toBe(422);
    expect(((await elsewhere.json()) as TJson).detail).toMatch(/No voucher has the code/); // naming nobody

    // Only the one good redemption happened; the results count it with its revenue.
    expect(await db.visit.count({ where: { merchantId: m.merchant.id } })).toBe(1);
    expect(await db.visit.count({ where: { merchantId: rival.merchant.id } })).toBe(0);
    const campaign = await db.campaign.findUniqueOrThrow({ where: { merchantId_id: { merchantId: m.merchant.id, id } } });
    const results = await getCampaignResults(m.merchant.id, id, campaign.startedAt);
    expect(results).toMatchObject({ redeemed: 1, revenueCents: 4200 });
  });
});
