import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { POST as postCustomer } from "@/app/api/v1/customers/route";
import { POST as postVisit } from "@/app/api/v1/visits/route";
import { POST as postVouchers } from "@/app/api/v1/vouchers/route";
import { preferenceToken, resubscribeByToken, unsubscribeByToken } from "@/features/delivery/preferences";
import { runImport as runImportOf, storeUpload as storeUploadOf, validateImport as validateImportOf } from "@/features/imports/service";
import { runCapture as runCaptureOf } from "@/features/visits/capture";
import { lookupVoucher as lookupVoucherOf } from "@/features/visits/counter";
import { ZCounterCapture } from "@/features/visits/schemas";
import { fromLocalTime, toLocalTime } from "@/lib/time";
import { everyoneGroup, offPeakPromotion } from "./campaign-fixtures";
import { at } from "./clock";
import { callRoute, db, inTenantOf, makeMerchant } from "./helpers";

// Feature functions run as their entry points run them: in the tenant scope of their merchant.
const runImport = inTenantOf(runImportOf);
const storeUpload = inTenantOf(storeUploadOf);
const validateImport = inTenantOf(validateImportOf);
const runCapture = inTenantOf(runCaptureOf, 1);
const lookupVoucher = inTenantOf(lookupVoucherOf);

// The rules every door of a capture keeps (prisma/sql/capture_visit.sql, customers/upsert.ts,
// imports): an unsubscribe stands until the customer undoes it; voucher rules cannot be cheated
// by backdating; another business's codes are unknown here.

type TJson = Record<string, unknown>;
const streamOf = (text: string) => Readable.toWeb(Readable.from([Buffer.from(text)])) as ReadableStream<Uint8Array>;
const iso = (d: Date) => d.toISOString();
const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000);

async function unsubscribedCustomer(merchantId: string, email: string) {
  const c = await db.customer.create({
    data: { merchantId, email, emailNormalized: email, firstName: "Una", emailConsent: true, emailConsentSource: "counter", emailConsentAt: new Date() },
  });
  await unsubscribeByToken(preferenceToken(merchantId, c.id), "one_click");
  return c;
}
const consentOf = (merchantId: string, id: string) =>
  db.customer.findUniqueOrThrow({
    where: { merchantId_id: { merchantId, id } },
    select: { emailConsent: true, unsubscribedAt: true, emailConsentSource: true },
  });

describe("consent: only the customer undoes an unsubscribe", () => {
  it("POST /api/v1/visits with customer.emailConsent true keeps an unsubscribed customer unsubscribed, and says so", async () => {
    const m = await makeMerchant("Consent visits");
    const c = await unsubscribedCustomer(m.merchant.id, "una@example.com");
    const res = await callRoute(postVisit, "/api/v1/visits", {
      key: m.apiKey,
      body: { customer: { email: "UNA@example.com", emailConsent: true }, occurredAt: iso(minutesAgo(5)), amountCents: 1200 },
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ customerId: c.id, consent: { email: false, reason: "unsubscribed" } });
    expect(await consentOf(m.merchant.id, c.id)).toMatchObject({ emailConsent: false, unsubscribedAt: expect.any(Date) });

    // A customer who never unsubscribed gives consent the same way: recorded, and the answer says so.
    const fresh = await callRoute(postVisit, "/api/v1/visits", {
      key: m.apiKey,
      body: { customer: { email: "new@example.com", emailConsent: true }, occurredAt: iso(minutesAgo(5)), amountCents: 100 },
    });
    expect(await fresh.json()).toMatchObject({ consent: { email: true } });
  });

  it("POST /api/v1/customers cannot re-subscribe either; the preference page can", async () => {
    const m = await makeMerchant("Consent customers");
    const c = await unsubscribedCustomer(m.merchant.id, "ula@example.com");
    const res = await callRoute(postCustomer, "/api/v1/customers", { key: m.apiKey, body: { email: "ula@example.com", emailConsent: true, firstName: "Ula" } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: c.id, firstName: "Ula", emailConsent: false, consent: { email: false, reason: "unsubscribed" } });
    expect(await consentOf(m.merchant.id, c.id)).toMatchObject({ emailConsent: false, unsubscribedAt: expect.any(Date) });

    await resubscribeByToken(preferenceToken(m.merchant.id, c.id));
    expect(await consentOf(m.merchant.id, c.id)).toMatchObject({ emailConsent: true, unsubscribedAt: null, emailConsentSource: "preference_page" });
  });

  it("the counter's walk-in capture cannot re-subscribe", async () => {
    const m = await makeMerchant("Consent counter");
    const c = await unsubscribedCustomer(m.merchant.id, "uma@example.com");
    const input = ZCounterCapture.parse({
      customer: { firstName: "Uma", email: "uma@example.com", emailConsent: true },
      occurredAt: iso(minutesAgo(1)),
      amountCents: 900,
    });
    const r = await runCapture("pool", m.merchant, { userId: m.staff.id, source: "counter" }, input);
    expect(r.body).toMatchObject({ customerId: c.id, consent: { email: false, reason: "unsubscribed" } });
    expect(await consentOf(m.merchant.id, c.id)).toMatchObject({ emailConsent: false, unsubscribedAt: expect.any(Date) });
  });

  it("a customer import cannot re-subscribe (bulk and row-by-row paths)", async () => {
    const m = await makeMerchant("Consent import");
    const a = await unsubscribedCustomer(m.merchant.id, "uno@example.com");
    const b = await unsubscribedCustomer(m.merchant.id, "dos@example.com");
    // dos@ twice: rows naming one customer twice take the row-by-row path.
    const csv = ["Email,First Name,Consent", "uno@example.com,Uno,yes", "dos@example.com,Dos,yes", "dos@example.com,Dos,yes", "tres@example.com,Tres,yes"].join(
      "\n",
    );
    const upload = await storeUpload(m.merchant, "customers", "list.csv", streamOf(csv), m.owner.id);
    await validateImport(m.merchant, upload.id, upload.mapping);
    await runImport(m.merchant, upload.id, m.owner.id);
    expect(await consentOf(m.merchant.id, a.id)).toMatchObject({ emailConsent: false, unsubscribedAt: expect.any(Date) });
    expect(await consentOf(m.merchant.id, b.id)).toMatchObject({ emailConsent: false, unsubscribedAt: expect.any(Date) });
    expect(await db.customer.findFirstOrThrow({ where: { merchantId: m.merchant.id, emailNormalized: "tres@example.com" } })).toMatchObject({
      emailConsent: true,
      emailConsentSource: "import",
    });
  });
});

describe("the time of a visit", () => {
  it("accepts 30 days back to 5 minutes ahead; refuses the year 1, last year and the far future, changing nothing", async () => {
    const m = await makeMerchant("Visit window");
    const post = (occurredAt: string) =>
      callRoute(postVisit, "/api/v1/visits", { key: m.apiKey, body: { customer: { externalId: "pos-1" }, occurredAt, amountCents: 100 } });
    for (const bad of ["0001-01-01T00:00:00Z", iso(new Date(Date.now() - 31 * 86_400_000)), iso(new Date(Date.now() + 10 * 60_000))]) {
      const res = await post(bad);
      expect(res.status, bad).toBe(400);
      expect(
        ((await res.json()) as { errors: { path: string }[] }).errors.map((e) => e.path),
        bad,
      ).toEqual(["/occurredAt"]);
    }
    expect(await db.visit.count({ where: { merchantId: m.merchant.id } })).toBe(0);
    expect(await db.customer.count({ where: { merchantId: m.merchant.id } })).toBe(0);
    expect((await post(iso(new Date(Date.now() - 29 * 86_400_000)))).status).toBe(201);
    expect((await post(iso(new Date(Date.now() + 2 * 60_000)))).status).toBe(201);
  });

  it("judges a code's days and hours when the server receives it: backdating into the window gains nothing", async () => {
    const m = await makeMerchant("Backdate", "America/New_York");
    const tz = m.merchant.timeZone;
    const deal = await db.deal.create({ data: { merchantId: m.merchant.id, title: "Off Peak" } });
    const promotion = await offPeakPromotion(m.merchant.id, { validDaysOfWeek: [], validHourFrom: 14, validHourTo: 17 }); // every day, 2–5 pm
    const group = await everyoneGroup(m.merchant.id);
    const campaign = await db.campaign.create({ data: { merchantId: m.merchant.id, promotionId: promotion.id, groupId: group.id, dealId: deal.id } });
    for (const code of ["BACK-0001", "BACK-0002", "BACK-0003"])
      await db.voucher.create({ data: { merchantId: m.merchant.id, dealId: deal.id, campaignId: campaign.id, code } });
    const today = toLocalTime(new Date(), tz).date;
    const local = (h: number, min: number) => fromLocalTime(today, h, min, tz);
    const redeem = (code: string, occurredAt: Date) =>
      callRoute(postVisit, "/api/v1/visits", { key: m.apiKey, body: { voucherCode: code, occurredAt: iso(occurredAt), amountCents: 2500 } });

    // 9 pm: refused now, and refused when the request claims 2:30 pm (seven hours earlier).
    await at(local(21, 0), async () => {
      expect((await redeem("BACK-0001", local(21, 0))).status).toBe(422);
      const backdated = await redeem("BACK-0001", local(14, 30));
      expect(backdated.status).toBe(422);
      expect(await backdated.json()).toMatchObject({ detail: "BACK-0001 is good from 2 pm to 5 pm only." });
    });
    // 5:20 pm, a capture queued at 4:55 pm on a flaky connection: within the grace, judged at 4:55.
    await at(local(17, 20), async () => expect((await redeem("BACK-0002", local(16, 55))).status).toBe(201));
    // 6 pm, claiming 4:55 pm: the rules are judged at 5:30 at the earliest, so refused.
    await at(local(18, 0), async () => expect((await redeem("BACK-0003", local(16, 55))).status).toBe(422));
    expect(await db.visit.count({ where: { merchantId: m.merchant.id } })).toBe(1);
  });

  it("judges expiry the same way", async () => {
    const m = await makeMerchant("Backdate expiry");
    const deal = await db.deal.create({ data: { merchantId: m.merchant.id, title: "Deal" } });
    await db.voucher.create({ data: { merchantId: m.merchant.id, dealId: deal.id, code: "EXP-0001", expiresAt: minutesAgo(120) } });
    const res = await callRoute(postVisit, "/api/v1/visits", {
      key: m.apiKey,
      body: { voucherCode: "EXP-0001", occurredAt: iso(minutesAgo(180)), amountCents: 100 },
    });
    expect(res.status).toBe(422);
    expect(((await res.json()) as TJson).detail).toMatch(/expired/);
  });
});

describe("voucher codes belong to one merchant", () => {
  it("another business's code is unknown here, at the counter and through the API, naming nobody", async () => {
    const a = await makeMerchant("Codes A");
    const b = await makeMerchant("Codes B");
    const deal = await db.deal.create({ data: { merchantId: b.merchant.id, title: "B's deal" } });
    await db.voucher.create({ data: { merchantId: b.merchant.id, dealId: deal.id, code: "BEES-0001" } });
    const lookup = await lookupVoucher(a.merchant, "bees-0001");
    expect(lookup).toEqual({ ok: false, message: "No voucher has the code BEES-0001. Check it for typos." });
    const res = await callRoute(postVisit, "/api/v1/visits", {
      key: a.apiKey,
      body: { voucherCode: "BEES-0001", occurredAt: iso(minutesAgo(1)), amountCents: 100 },
    });
    expect(res.status).toBe(422);
    const problem = (await res.json()) as TJson;
    expect(problem.detail).toBe("No voucher has the code BEES-0001. Check it for typos.");
    expect(JSON.stringify(problem)).not.toMatch(/another|Codes B/i);
  });

  it("a merchant cannot reserve or discover codes another merchant loads: both load the same code and each redeems its own", async () => {
    const a = await makeMerchant("Load A");
    const b = await makeMerchant("Load B");
    const dealA = await db.deal.create({ data: { merchantId: a.merchant.id, title: "A" } });
    const dealB = await db.deal.create({ data: { merchantId: b.merchant.id, title: "B" } });
    const load = (key: string, dealId: string, codes: string[]) =>
      callRoute(postVouchers, "/api/v1/vouchers", { key, body: { dealId, vouchers: codes.map((code) => ({ code })) } });
    expect((await load(a.apiKey, dealA.id, ["SAME-0001"])).status).toBe(201);
    const resB = await load(b.apiKey, dealB.id, ["SAME-0001", "BONLY-0001"]);
    expect(resB.status).toBe(201);
    expect(await resB.json()).toEqual({
      created: 2,
      unchanged: 0,
      results: [
        { code: "SAME-0001", result: "created" },
        { code: "BONLY-0001", result: "created" },
      ],
    });
    for (const m of [a, b]) {
      const res = await callRoute(postVisit, "/api/v1/visits", {
        key: m.apiKey,
        body: { voucherCode: "SAME-0001", occurredAt: iso(minutesAgo(1)), amountCents: 100 },
      });
      expect(res.status).toBe(201);
    }
    expect(await db.voucher.count({ where: { code: "SAME-0001", status: "redeemed" } })).toBe(2);
  });
});

describe("prisma/sql/capture_visit.sql", () => {
  it("is the text the latest migration that replaces capture_visit() applied", () => {
    const root = path.resolve(import.meta.dirname, "../..");
    const fn = (text: string) => text.slice(text.indexOf("CREATE OR REPLACE FUNCTION capture_visit"), text.indexOf("$fn$;") + 5);
    const dir = path.join(root, "prisma/migrations");
    const latest = readdirSync(dir)
      .filter((d) => /^\d{14}_/.test(d))
      .sort()
      .map((d) => readFileSync(path.join(dir, d, "migration.sql"), "utf8"))
      .filter((t) => t.includes("CREATE OR REPLACE FUNCTION capture_visit"))
      .at(-1)!;
    expect(fn(readFileSync(path.join(root, "prisma/sql/capture_visit.sql"), "utf8"))).toBe(fn(latest));
  });
});
