import { describe, expect, it } from "vitest";
import { POST as postCustomer } from "@/app/api/v1/customers/route";
import { GET as getCustomer } from "@/app/api/v1/customers/[id]/route";
import { POST as postVisit } from "@/app/api/v1/visits/route";
import { recomputeCustomerAggregates } from "@/features/customers/aggregates";
import { json } from "@/lib/api";
import { everyoneGroup, offPeakPromotion } from "./campaign-fixtures";
import { at, justAfter } from "./clock";
import { callRoute, db, makeMerchant } from "./helpers";

type TJson = Record<string, unknown>;

// A visit is accepted only near the server's clock (ZVisitTime): these tests record visits at
// fixed instants (DST nights, weekdays), so the clock is set to just after each one.
const call: typeof callRoute = (handler, path, opts = {}) => {
  const occurredAt = (opts.body as { occurredAt?: string } | undefined)?.occurredAt;
  return handler === postVisit && occurredAt ? at(justAfter(occurredAt), () => callRoute(handler, path, opts)) : callRoute(handler, path, opts);
};

async function dealWithVouchers(merchantId: string, codes: { code: string; expiresAt?: Date; status?: "active" | "void" }[]) {
  const deal = await db.deal.create({ data: { merchantId, title: "$20 for $40" } });
  for (const v of codes)
    await db.voucher.create({
      data: {
        merchantId,
        dealId: deal.id,
        code: v.code,
        expiresAt: v.expiresAt,
        status: v.status ?? "active",
        purchaserName: "Dana Deal",
        purchaserEmail: `${v.code.toLowerCase()}@example.com`,
      },
    });
  return deal;
}

describe("POST /api/v1/customers", () => {
  it("creates (201), then matches by email case-insensitively or phone (200)", async () => {
    const m = await makeMerchant("Cust");
    const first = await call(postCustomer, "/api/v1/customers", {
      key: m.apiKey,
      body: { email: "Ana@Example.com", firstName: "Ana", emailConsent: true, tags: ["Family"] },
    });
    expect(first.status).toBe(201);
    const created = (await first.json()) as TJson;
    expect(created).toMatchObject({ email: "Ana@Example.com", emailConsent: true, visitCount: 0, totalSpentCents: 0, tags: ["Family"] });

    const again = await call(postCustomer, "/api/v1/customers", { key: m.apiKey, body: { email: "ana@example.com", phone: "(415) 555-0100" } });
    expect(again.status).toBe(200);
    expect(((await again.json()) as TJson).id).toBe(created.id);
    const byPhone = await call(postCustomer, "/api/v1/customers", { key: m.apiKey, body: { phone: "+14155550100", lastName: "Lima" } });
    expect((await byPhone.json()) as TJson).toMatchObject({ id: created.id, lastName: "Lima", phone: "+14155550100" });
  });

  it("answers 400 with the path of every fault and changes nothing", async () => {
    const m = await makeMerchant("Bad");
    const res = await call(postCustomer, "/api/v1/customers", { key: m.apiKey, body: { email: "nope", birthday: "2026-02-30", extra: 1 } });
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    const problem = (await res.json()) as { errors: { path: string }[] };
    const paths = problem.errors.map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(["/email", "/birthday"]));
    expect(await db.customer.count({ where: { merchantId: m.merchant.id } })).toBe(0);
    expect((await call(postCustomer, "/api/v1/customers", { key: m.apiKey, body: { firstName: "No identity" } })).status).toBe(400);
  });
});

describe("POST /api/v1/visits", () => {
  it("records a visit with its merchant-local date, weekday and hour, and updates the aggregates", async () => {
    const m = await makeMerchant("Visits", "America/Los_Angeles");
    const res = await call(postVisit, "/api/v1/visits", {
      key: m.apiKey,
      body: {
        customer: { email: "pat@example.com" },
        occurredAt: "2026-03-08T01:30:00-08:00",
        amountCents: 4250,
        partySize: 2,
        rating: 3,
        tags: ["date night"],
      },
    });
    expect(res.status).toBe(201);
    const v = (await res.json()) as TJson;
    expect(v).toMatchObject({ localDate: "2026-03-08", localDayOfWeek: 0, localHour: 1 });
    const c = (await (
      await call(getCustomer, `/api/v1/customers/${v.customerId}`, { key: m.apiKey, method: "GET", params: { id: v.customerId } })
    ).json()) as TJson;
    expect(c).toMatchObject({ visitCount: 1, totalSpentCents: 4250, rating: 3, tags: ["date night"], lastVisitAt: "2026-03-08T09:30:00.000Z" });
  });

  it("places a visit at 01:30 on the autumn-back night on local hour 1, both times", async () => {
    const m = await makeMerchant("DST", "America/New_York");
    for (const occurredAt of ["2026-11-01T01:30:00-04:00", "2026-11-01T01:30:00-05:00"]) {
      const res = await call(postVisit, "/api/v1/visits", { key: m.apiKey, body: { customer: { externalId: "pos-1" }, occurredAt, amountCents: 100 } });
      expect(await res.json()).toMatchObject({ localDate: "2026-11-01", localDayOfWeek: 0, localHour: 1 });
    }
  });

  it("replays an Idempotency-Key retry without doubling, and refuses the key with another body", async () => {
    const m = await makeMerchant("Idem");
    // Concurrent calls: a recent time on the real clock.
    const body = { customer: { email: "once@example.com" }, occurredAt: new Date(Date.now() - 3_600_000).toISOString(), amountCents: 1000 };
    const [a, b] = await Promise.all([
      callRoute(postVisit, "/api/v1/visits", { key: m.apiKey, body, idem: "k-1" }),
      callRoute(postVisit, "/api/v1/visits", { key: m.apiKey, body, idem: "k-1" }),
    ]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(((await a.json()) as TJson).id).toBe(((await b.json()) as TJson).id);
    const c = await call(postVisit, "/api/v1/visits", { key: m.apiKey, body, idem: "k-1" });
    expect(c.headers.get("idempotent-replayed")).toBe("true");
    expect(await db.visit.count({ where: { merchantId: m.merchant.id } })).toBe(1);
    const customer = await db.customer.findFirstOrThrow({ where: { merchantId: m.merchant.id } });
    expect(customer.visitCount).toBe(1);

    const other = await call(postVisit, "/api/v1/visits", { key: m.apiKey, body: { ...body, amountCents: 2000 }, idem: "k-1" });
    expect(other.status).toBe(422);
    expect(await db.visit.count({ where: { merchantId: m.merchant.id } })).toBe(1);
  });

  it("redeems a voucher once: 409 with when it was redeemed; 422 for expired, void or another merchant's", async () => {
    const a = await makeMerchant("Vouch A");
    const b = await makeMerchant("Vouch B");
    await dealWithVouchers(a.merchant.id, [
      { code: "AAAA-2345" },
      { code: "AAAA-OLD1", expiresAt: new Date("2026-01-01T00:00:00Z") },
      { code: "AAAA-VOID", status: "void" },
    ]);
    await dealWithVouchers(b.merchant.id, [{ code: "BBBB-2345" }]);
    const redeem = (key: string, code: string) =>
      call(postVisit, "/api/v1/visits", { key, body: { voucherCode: code.toLowerCase(), occurredAt: "2026-06-01T18:00:00Z", amountCents: 4000 } });

    const ok = await redeem(a.apiKey, "AAAA-2345");
    expect(ok.status).toBe(201);
    const visit = (await ok.json()) as TJson;
    const customer = await db.customer.findUniqueOrThrow({ where: { merchantId_id: { merchantId: a.merchant.id, id: visit.customerId as string } } });
    expect(customer).toMatchObject({ firstName: "Dana", lastName: "Deal", voucherVisitCount: 1, source: "deal" });

    const again = await redeem(a.apiKey, "AAAA-2345");
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ detail: expect.stringContaining("already redeemed"), redeemedAt: "2026-06-01T18:00:00.000Z" });
    for (const code of ["AAAA-OLD1", "AAAA-VOID", "BBBB-2345", "ZZZZ-0000"]) {
      const res = await redeem(a.apiKey, code);
      expect(res.status, code).toBe(422);
    }
    expect(await db.visit.count({ where: { merchantId: a.merchant.id } })).toBe(1);
    expect((await db.voucher.findFirstOrThrow({ where: { code: "BBBB-2345" } })).status).toBe("active");
  });

  it("redeems a Social Select code only on its promotion's weekdays and hours, merchant-local (DST included)", async () => {
    const m = await makeMerchant("Window", "America/New_York");
    const deal = await dealWithVouchers(m.merchant.id, [{ code: "OFFP-0001" }, { code: "OFFP-0002" }, { code: "OFFP-0003" }]);
    const promotion = await offPeakPromotion(m.merchant.id); // Sunday–Wednesday, 2–5 pm
    const group = await everyoneGroup(m.merchant.id);
    const campaign = await db.campaign.create({ data: { merchantId: m.merchant.id, promotionId: promotion.id, groupId: group.id, dealId: deal.id } });
    await db.voucher.updateMany({ where: { merchantId: m.merchant.id }, data: { campaignId: campaign.id } });
    const redeem = (code: string, occurredAt: string) =>
      call(postVisit, "/api/v1/visits", { key: m.apiKey, body: { voucherCode: code, occurredAt, amountCents: 2500 } });

    // Thursday 2026-11-05, 3 pm local: the wrong day.
    const thursday = await redeem("OFFP-0001", "2026-11-05T15:00:00-05:00");
    expect(thursday.status).toBe(422);
    expect(await thursday.json()).toMatchObject({ detail: "OFFP-0001 is good on Sunday to Wednesday only; today is Thursday." });
    // Sunday 2026-11-01 (the autumn-back day), 6 pm local: the right day, after hours.
    const late = await redeem("OFFP-0002", "2026-11-01T18:00:00-05:00");
    expect(late.status).toBe(422);
    expect(await late.json()).toMatchObject({ detail: "OFFP-0002 is good from 2 pm to 5 pm only." });
    expect(await db.visit.count({ where: { merchantId: m.merchant.id } })).toBe(0);
    // Sunday 2:30 pm local (19:30 UTC after the change back): redeemed.
    expect((await redeem("OFFP-0003", "2026-11-01T19:30:00Z")).status).toBe(201);
    expect((await db.voucher.findFirstOrThrow({ where: { code: "OFFP-0003" } })).status).toBe("redeemed");
  });

  it("keeps merchants apart: 401 without a key, 404 for another merchant's customer", async () => {
    const a = await makeMerchant("Iso A");
    const b = await makeMerchant("Iso B");
    const created = (await (await call(postCustomer, "/api/v1/customers", { key: b.apiKey, body: { email: "b@example.com" } })).json()) as TJson;
    expect((await call(postVisit, "/api/v1/visits", { body: { customerId: created.id, occurredAt: "2026-01-01T00:00:00Z", amountCents: 1 } })).status).toBe(
      401,
    );
    expect(
      (await call(postVisit, "/api/v1/visits", { key: a.apiKey, body: { customerId: created.id, occurredAt: "2026-01-01T00:00:00Z", amountCents: 1 } })).status,
    ).toBe(404);
    expect((await call(getCustomer, `/api/v1/customers/${created.id}`, { key: a.apiKey, method: "GET", params: { id: created.id } })).status).toBe(404);
    expect((await call(getCustomer, `/api/v1/customers/${created.id}`, { key: b.apiKey, method: "GET", params: { id: created.id } })).status).toBe(200);
  });

  it("keeps incremental aggregates equal to a full recount, whatever order visits arrive in", async () => {
    const m = await makeMerchant("Agg");
    const times = ["2026-04-05T18:00:00Z", "2026-04-01T12:00:00Z", "2026-04-09T20:00:00Z", "2026-04-03T11:00:00Z", "2026-04-09T20:00:00Z"];
    for (const [i, occurredAt] of times.entries()) {
      await call(postVisit, "/api/v1/visits", {
        key: m.apiKey,
        body: { customer: { externalId: "x" }, occurredAt, amountCents: 100 * (i + 1), rating: ((i % 3) + 1) as 1 | 2 | 3, tags: [`t${i % 2}`] },
      });
    }
    const pick = async () => {
      const c = await db.customer.findFirstOrThrow({ where: { merchantId: m.merchant.id } });
      return { ...c, tagIds: [...c.tagIds].sort(), updatedAt: null };
    };
    const incremental = await pick();
    await recomputeCustomerAggregates(db, m.merchant.id);
    expect(await pick()).toEqual(incremental);
    // Two visits share the latest instant (ratings 3 then 2): the one recorded last wins.
    expect(incremental).toMatchObject({ visitCount: 5, totalSpentCents: 1500n, lastRating: 2 });
  });
});

describe("API answers and compression", () => {
  it("marks a small JSON answer no-transform so Next does not gzip it; a large one stays compressible", async () => {
    const m = await makeMerchant("Gzip");
    const res = await call(postVisit, "/api/v1/visits", {
      key: m.apiKey,
      body: { customer: { externalId: "pos-9" }, occurredAt: "2026-05-01T12:00:00Z", amountCents: 100 },
    });
    expect(res.status).toBe(201);
    expect(res.headers.get("cache-control")).toBe("no-transform");
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(json({ rows: "x".repeat(2000) }).headers.get("cache-control")).toBeNull();
  });
});
