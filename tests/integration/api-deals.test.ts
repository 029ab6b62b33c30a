import { beforeAll, describe, expect, it } from "vitest";
import { GET as openapi } from "@/app/api/v1/openapi.json/route";
import { GET as listDeals, POST as createDeal } from "@/app/api/v1/deals/route";
import { GET as getDeal, PATCH as patchDeal } from "@/app/api/v1/deals/[id]/route";
import { GET as getDealReport } from "@/app/api/v1/deals/[id]/report/route";
import { POST as loadVouchers } from "@/app/api/v1/vouchers/route";
import { POST as extendVoucher } from "@/app/api/v1/vouchers/[code]/extend/route";
import { POST as voidVoucher } from "@/app/api/v1/vouchers/[code]/void/route";
import { addCustomers } from "./campaign-fixtures";
import { callRoute, db, makeMerchant } from "./helpers";

// Issue 15, the API: a publisher's partner scripts create and edit a merchant's deals, list them a
// page at a time with their sold and redeemed vouchers, and void or extend sold vouchers, with the
// merchant's API key (docs/api.md, "Deals and their vouchers").

type TMerchant = Awaited<ReturnType<typeof makeMerchant>>;
type TDeal = {
  id: string;
  title: string;
  priceCents: number;
  valueCents: number;
  voucherExpiresAt: string | null;
  quantity: number | null;
  sold: number;
  redeemed: number;
};
type TProblem = { status: number; detail: string; code: string; errors?: { path: string; message: string }[] };

let a: TMerchant;
let b: TMerchant;
let publisherId: string;

beforeAll(async () => {
  a = await makeMerchant("Deals A");
  b = await makeMerchant("Deals B");
  publisherId = (await db.publisher.create({ data: { slug: `deals-api-pub-${Date.now()}`, name: "Deals API Pub" } })).id;
  await db.merchant.update({ where: { id: a.merchant.id }, data: { publisherId } });
}, 60_000);

const dealBody = (over: Record<string, unknown> = {}) => ({
  title: "Dinner for two",
  priceCents: 2500,
  valueCents: 5000,
  startsAt: "2026-11-01T00:00:00-05:00",
  voucherExpiresAt: "2030-03-31T23:59:00-05:00",
  ...over,
});
const create = (key: string, body: unknown, idem?: string) => callRoute(createDeal, "/api/v1/deals", { key, body, idem });
const get = (key: string, id: string) => callRoute(getDeal, `/api/v1/deals/${id}`, { key, method: "GET", params: { id } });
const patch = (key: string, id: string, body: unknown) => callRoute(patchDeal, `/api/v1/deals/${id}`, { key, method: "PATCH", body, params: { id } });
const list = (key: string, qs = "") => callRoute(listDeals, `/api/v1/deals${qs}`, { key, method: "GET" });
const voidCode = (key: string, code: string) =>
  callRoute(voidVoucher, `/api/v1/vouchers/${encodeURIComponent(code)}/void`, { key, body: {}, params: { code: encodeURIComponent(code) } });
const extend = (key: string, code: string, body: unknown) =>
  callRoute(extendVoucher, `/api/v1/vouchers/${encodeURIComponent(code)}/extend`, { key, body, params: { code: encodeURIComponent(code) } });
const newDeal = async (m: TMerchant, over: Record<string, unknown> = {}) => {
  const res = await create(m.apiKey, dealBody(over));
  expect(res.status).toBe(201);
  return (await res.json()) as TDeal;
};
const stored = (merchantId: string, id: string) => db.deal.findUniqueOrThrow({ where: { merchantId_id: { merchantId, id } } });

describe("POST /api/v1/deals", () => {
  it("creates a deal of the key's merchant and its publisher, audited; a retry with the same Idempotency-Key answers the same deal and makes no second", async () => {
    const first = await create(a.apiKey, dealBody({ quantity: 100 }), "deal-once-1");
    expect(first.status).toBe(201);
    const deal = (await first.json()) as TDeal;
    expect(deal).toMatchObject({
      title: "Dinner for two",
      priceCents: 2500,
      valueCents: 5000,
      currency: a.merchant.currency,
      startsAt: "2026-11-01T05:00:00.000Z",
      endsAt: null,
      voucherExpiresAt: "2030-04-01T04:59:00.000Z",
      quantity: 100,
      sold: 0,
      redeemed: 0,
    });
    expect(await stored(a.merchant.id, deal.id)).toMatchObject({ publisherId, kind: "daily_deal" });

    const again = await create(a.apiKey, dealBody({ quantity: 100 }), "deal-once-1");
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(((await again.json()) as TDeal).id).toBe(deal.id);
    expect(await db.deal.count({ where: { merchantId: a.merchant.id, title: "Dinner for two", quantity: 100 } })).toBe(1);

    const otherBody = await create(a.apiKey, dealBody({ quantity: 50 }), "deal-once-1");
    expect(otherBody.status).toBe(422);
    expect(await db.deal.count({ where: { merchantId: a.merchant.id, quantity: 50 } })).toBe(0);

    const audit = await db.auditLog.findMany({ where: { merchantId: a.merchant.id, action: "deal.created", entityId: deal.id } });
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actorApiKeyId).not.toBeNull();
  });

  it("refuses bad input with a plain message per field and creates nothing", async () => {
    const before = await db.deal.count({ where: { merchantId: a.merchant.id } });
    const bad = await create(a.apiKey, { title: " ", priceCents: 12.5, valueCents: -1, startsAt: "next Tuesday", quantity: 0 });
    expect(bad.status).toBe(400);
    expect(bad.headers.get("content-type")).toBe("application/problem+json");
    const problem = (await bad.json()) as TProblem;
    const byPath = Object.fromEntries(problem.errors!.map((e) => [e.path, e.message]));
    expect(byPath["/title"]).toMatch(/Give the deal a title/);
    expect(byPath["/priceCents"]).toMatch(/whole number of cents/);
    expect(byPath["/valueCents"]).toMatch(/can't be negative/);
    expect(byPath["/startsAt"]).toMatch(/RFC 3339/);
    expect(byPath["/quantity"]).toMatch(/at least 1/);

    const rules = (await (
      await create(a.apiKey, dealBody({ valueCents: 100, startsAt: "2026-12-01T00:00:00Z", endsAt: "2026-11-01T00:00:00Z" }))
    ).json()) as TProblem;
    expect(rules.errors).toEqual(
      expect.arrayContaining([
        { path: "/valueCents", message: expect.stringMatching(/at least the price/) },
        { path: "/endsAt", message: expect.stringMatching(/ends before it starts/) },
      ]),
    );
    const unknownField = await create(a.apiKey, dealBody({ merchantId: b.merchant.id }));
    expect(unknownField.status).toBe(400);
    expect((await create(a.apiKey, dealBody({ startsAt: "0001-01-01T00:00:00Z" }))).status).toBe(400);
    expect(await db.deal.count({ where: { merchantId: a.merchant.id } })).toBe(before);
    expect(await db.deal.count({ where: { merchantId: b.merchant.id } })).toBe(0);
  });
});

describe("GET /api/v1/deals and /api/v1/deals/{id}", () => {
  it("pages through the merchant's daily deals newest first, each with its sold and redeemed vouchers", async () => {
    const m = await makeMerchant("Deals Pager");
    const made: TDeal[] = [];
    for (let i = 0; i < 5; i++) made.push(await newDeal(m, { title: `Deal ${i}` }));
    // A Social Select campaign's deal is not a daily deal: never listed.
    await db.deal.create({ data: { merchantId: m.merchant.id, title: "Campaign codes", kind: "social_select" } });
    const loaded = await callRoute(loadVouchers, "/api/v1/vouchers", {
      key: m.apiKey,
      body: { dealId: made[1]!.id, vouchers: [{ code: "PAGE-0001" }, { code: "PAGE-0002" }, { code: "PAGE-0003" }] },
    });
    expect(loaded.status).toBe(201);
    await db.voucher.updateMany({ where: { merchantId: m.merchant.id, code: "PAGE-0002" }, data: { status: "redeemed", redeemedAt: new Date() } });

    const seen: TDeal[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await list(m.apiKey, `?limit=2${cursor ? `&cursor=${cursor}` : ""}`);
      expect(res.status).toBe(200);
      const page = (await res.json()) as { data: TDeal[]; nextCursor: string | null };
      expect(page.data.length).toBeLessThanOrEqual(2);
      seen.push(...page.data);
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen.map((d) => d.title)).toEqual(["Deal 4", "Deal 3", "Deal 2", "Deal 1", "Deal 0"]);
    expect(seen.find((d) => d.title === "Deal 1")).toMatchObject({ sold: 3, redeemed: 1 });

    const one = await get(m.apiKey, made[1]!.id);
    expect(one.status).toBe(200);
    expect(await one.json()).toMatchObject({ id: made[1]!.id, title: "Deal 1", sold: 3, redeemed: 1 });

    const badLimit = (await (await list(m.apiKey, "?limit=0")).json()) as TProblem;
    expect(badLimit).toMatchObject({ status: 400, errors: [{ path: "/limit" }] });
    expect((await list(m.apiKey, "?cursor=abc")).status).toBe(400);
    expect((await get(m.apiKey, "not-a-uuid")).status).toBe(404);
  });
});

describe("PATCH /api/v1/deals/{id}", () => {
  it("changes only the fields sent, moves vouchers that carry the deal's expiry, and refuses a quantity below the vouchers sold", async () => {
    const deal = await newDeal(a, { title: "Brunch", quantity: 10 });
    await callRoute(loadVouchers, "/api/v1/vouchers", {
      key: a.apiKey,
      body: { dealId: deal.id, vouchers: [{ code: "BRUNCH-01" }, { code: "BRUNCH-02" }, { code: "BRUNCH-03", expiresAt: "2031-06-30T23:59:00Z" }] },
    });

    const renamed = await patch(a.apiKey, deal.id, { title: "Sunday brunch" });
    expect(renamed.status).toBe(200);
    expect(await renamed.json()).toMatchObject({ title: "Sunday brunch", priceCents: 2500, valueCents: 5000, quantity: 10, sold: 3 });

    const later = await patch(a.apiKey, deal.id, { voucherExpiresAt: "2030-12-31T23:59:00Z" });
    expect(((await later.json()) as TDeal).voucherExpiresAt).toBe("2030-12-31T23:59:00.000Z");
    const vouchers = await db.voucher.findMany({ where: { merchantId: a.merchant.id, dealId: deal.id }, orderBy: { code: "asc" } });
    expect(vouchers.map((v) => v.expiresAt?.toISOString())).toEqual(["2030-12-31T23:59:00.000Z", "2030-12-31T23:59:00.000Z", "2031-06-30T23:59:00.000Z"]);

    const tooFew = await patch(a.apiKey, deal.id, { quantity: 2 });
    expect(tooFew.status).toBe(409);
    expect((await tooFew.json()) as TProblem).toMatchObject({ detail: "3 vouchers are already loaded for this deal.", errors: [{ path: "/quantity" }] });
    expect((await stored(a.merchant.id, deal.id)).quantity).toBe(10);

    // The rules hold on the deal as it would be: an end before the stored start is refused.
    const endsEarly = (await (await patch(a.apiKey, deal.id, { endsAt: "2026-10-01T00:00:00Z" })).json()) as TProblem;
    expect(endsEarly).toMatchObject({ status: 400, errors: [{ path: "/endsAt", message: "The deal ends before it starts." }] });
    const cheaper = (await (await patch(a.apiKey, deal.id, { priceCents: 9000 })).json()) as TProblem;
    expect(cheaper).toMatchObject({ status: 400, errors: [{ path: "/valueCents", message: "The value should be at least the price." }] });
    const badType = (await (await patch(a.apiKey, deal.id, { quantity: "lots", slug: "x" })).json()) as TProblem;
    expect(badType.status).toBe(400);
    expect(badType.errors!.map((e) => e.path)).toEqual(expect.arrayContaining(["/quantity"]));
    expect(await stored(a.merchant.id, deal.id)).toMatchObject({ title: "Sunday brunch", priceCents: 2500, endsAt: null, quantity: 10 });

    const unlimited = await patch(a.apiKey, deal.id, { quantity: null, priceCents: 3000 });
    expect(await unlimited.json()).toMatchObject({ quantity: null, priceCents: 3000 });
    expect(await db.auditLog.count({ where: { merchantId: a.merchant.id, action: "deal.updated", entityId: deal.id } })).toBe(3);
  });
});

describe("POST /api/v1/vouchers/{code}/void and /extend", () => {
  it("voids an unredeemed voucher once, extends an active one later only, and says why it refuses", async () => {
    const deal = await newDeal(a, { title: "Tasting menu" });
    await callRoute(loadVouchers, "/api/v1/vouchers", {
      key: a.apiKey,
      body: { dealId: deal.id, vouchers: [{ code: "TASTE-0001" }, { code: "TASTE-0002" }, { code: "TASTE-0003" }] },
    });
    await db.voucher.updateMany({ where: { merchantId: a.merchant.id, code: "TASTE-0003" }, data: { status: "redeemed", redeemedAt: new Date() } });

    // As typed: lower case.
    const voided = await voidCode(a.apiKey, "taste-0001");
    expect(voided.status).toBe(200);
    expect(await voided.json()).toMatchObject({ code: "TASTE-0001", status: "void", dealId: deal.id, voidedAt: expect.any(String) });
    const twice = await voidCode(a.apiKey, "TASTE-0001");
    expect(twice.status).toBe(409);
    expect(((await twice.json()) as TProblem).detail).toBe("This voucher is already void.");
    expect(((await (await voidCode(a.apiKey, "TASTE-0003")).json()) as TProblem).detail).toMatch(/already redeemed/);
    expect((await voidCode(a.apiKey, "NOPE-0000")).status).toBe(404);
    expect(await db.auditLog.count({ where: { merchantId: a.merchant.id, action: "voucher.voided" } })).toBe(1);

    const extended = await extend(a.apiKey, "TASTE-0002", { expiresAt: "2031-01-31T23:59:00-05:00" });
    expect(extended.status).toBe(200);
    expect(await extended.json()).toMatchObject({ code: "TASTE-0002", status: "active", expiresAt: "2031-02-01T04:59:00.000Z" });
    const earlier = (await (await extend(a.apiKey, "TASTE-0002", { expiresAt: "2030-06-01T00:00:00Z" })).json()) as TProblem;
    expect(earlier).toMatchObject({ status: 400, errors: [{ path: "/expiresAt", message: "Choose a day after the current expiry." }] });
    const past = (await (await extend(a.apiKey, "TASTE-0002", { expiresAt: "2020-01-01T00:00:00Z" })).json()) as TProblem;
    expect(past).toMatchObject({ status: 400, errors: [{ path: "/expiresAt" }] });
    const noBody = (await (await extend(a.apiKey, "TASTE-0002", {})).json()) as TProblem;
    expect(noBody).toMatchObject({ status: 400, errors: [{ path: "/expiresAt" }] });
    expect((await extend(a.apiKey, "TASTE-0001", { expiresAt: "2032-01-01T00:00:00Z" })).status).toBe(409);
    const v2 = await db.voucher.findFirstOrThrow({ where: { merchantId: a.merchant.id, code: "TASTE-0002" } });
    expect(v2.expiresAt?.toISOString()).toBe("2031-02-01T04:59:00.000Z");
  });
});

describe("GET /api/v1/deals/{id}/report", () => {
  it("answers API.md's report: sold, redeemed, returns at full price and their revenue, and the campaigns that followed; another merchant's key gets 404", async () => {
    const deal = await newDeal(a, { title: "Report deal" });
    await callRoute(loadVouchers, "/api/v1/vouchers", {
      key: a.apiKey,
      body: { dealId: deal.id, vouchers: [{ code: "REP-0001" }, { code: "REP-0002" }, { code: "REP-0003" }, { code: "REP-0004" }] },
    });
    // Two redeemed 40 days ago; one of them back at full price 10 days later.
    const [c1, c2] = await addCustomers(a.merchant.id, { n: 2, prefix: `report${Date.now()}` });
    const redeemedAt = new Date(Date.now() - 40 * 86_400_000);
    for (const [code, customerId] of [
      ["REP-0001", c1],
      ["REP-0002", c2],
    ] as const) {
      const v = await db.voucher.update({
        where: { merchantId_code: { merchantId: a.merchant.id, code } },
        data: { status: "redeemed", redeemedAt, customerId },
      });
      await db.$executeRaw`INSERT INTO visits ("merchantId", "customerId", "occurredAt", "localDate", "localDayOfWeek", "localHour", "amountCents", "voucherId", "updatedAt")
                           VALUES (${a.merchant.id}::uuid, ${customerId}::uuid, ${redeemedAt}, ${redeemedAt}::date, 1, 12, 2500, ${v.id}::uuid, now())`;
    }
    const back = new Date(redeemedAt.getTime() + 10 * 86_400_000);
    await db.$executeRaw`INSERT INTO visits ("merchantId", "customerId", "occurredAt", "localDate", "localDayOfWeek", "localHour", "amountCents", "updatedAt")
                         VALUES (${a.merchant.id}::uuid, ${c1}::uuid, ${back}, ${back}::date, 1, 12, 6400, now())`;

    const res = await callRoute(getDealReport, `/api/v1/deals/${deal.id}/report`, { key: a.apiKey, method: "GET", params: { id: deal.id } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      id: deal.id,
      sold: 4,
      redeemed: 2,
      redemptionRate: 0.5,
      returnedAtFullPrice: { d30: 1, d60: 1, d90: 1 },
      returnRate: { d30: 0.5, d60: 0.5, d90: 0.5 },
      maturing: 2,
      returnRevenueCents: 6400,
      currency: a.merchant.currency,
      campaigns: [],
    });
    const other = await callRoute(getDealReport, `/api/v1/deals/${deal.id}/report`, { key: b.apiKey, method: "GET", params: { id: deal.id } });
    expect(other.status).toBe(404);
    expect((await callRoute(getDealReport, "/api/v1/deals/not-a-uuid/report", { key: a.apiKey, method: "GET", params: { id: "not-a-uuid" } })).status).toBe(
      404,
    );
  });
});

describe("tenant isolation", () => {
  it("another merchant's key gets 404 for a deal or code that exists, and changes nothing; a revoked key gets 401", async () => {
    const deal = await newDeal(a, { title: "Only A's" });
    await callRoute(loadVouchers, "/api/v1/vouchers", { key: a.apiKey, body: { dealId: deal.id, vouchers: [{ code: "AONLY-0001" }] } });

    expect((await get(b.apiKey, deal.id)).status).toBe(404);
    const bPatch = await patch(b.apiKey, deal.id, { title: "Taken" });
    expect(bPatch.status).toBe(404);
    expect(((await bPatch.json()) as TProblem).detail).toBe("That deal was not found.");
    expect((await voidCode(b.apiKey, "AONLY-0001")).status).toBe(404);
    expect((await extend(b.apiKey, "AONLY-0001", { expiresAt: "2032-01-01T00:00:00Z" })).status).toBe(404);
    const bList = (await (await list(b.apiKey)).json()) as { data: TDeal[] };
    expect(bList.data.map((d) => d.id)).not.toContain(deal.id);
    expect((await stored(a.merchant.id, deal.id)).title).toBe("Only A's");
    expect((await db.voucher.findFirstOrThrow({ where: { merchantId: a.merchant.id, code: "AONLY-0001" } })).status).toBe("active");

    const revoked = await makeMerchant("Deals Revoked");
    await db.apiKey.updateMany({ where: { merchantId: revoked.merchant.id }, data: { revokedAt: new Date() } });
    for (const res of [
      await list(revoked.apiKey),
      await create(revoked.apiKey, dealBody()),
      await get(revoked.apiKey, deal.id),
      await patch(revoked.apiKey, deal.id, { title: "x" }),
      await voidCode(revoked.apiKey, "AONLY-0001"),
      await extend(revoked.apiKey, "AONLY-0001", { expiresAt: "2032-01-01T00:00:00Z" }),
      await callRoute(listDeals, "/api/v1/deals", { method: "GET" }),
    ]) {
      expect(res.status).toBe(401);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
    }
    expect(await db.deal.count({ where: { merchantId: revoked.merchant.id } })).toBe(0);
  });
});

describe("GET /api/v1/openapi.json", () => {
  it("describes the deal and voucher endpoints with their bodies", async () => {
    const doc = (await openapi(new Request("http://localhost/api/v1/openapi.json")).json()) as {
      paths: Record<string, Record<string, unknown>>;
      components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
    };
    expect(Object.keys(doc.paths["/api/v1/deals"]!)).toEqual(["post", "get"]);
    expect(Object.keys(doc.paths["/api/v1/deals/{id}"]!)).toEqual(["get", "patch"]);
    expect(Object.keys(doc.paths["/api/v1/vouchers/{code}/void"]!)).toEqual(["post"]);
    expect(Object.keys(doc.paths["/api/v1/vouchers/{code}/extend"]!)).toEqual(["post"]);
    expect(Object.keys(doc.components.schemas.DealInput!.properties!)).toEqual([
      "title",
      "priceCents",
      "valueCents",
      "startsAt",
      "endsAt",
      "voucherExpiresAt",
      "quantity",
    ]);
    expect(Object.keys(doc.components.schemas.VoucherExtend!.properties!)).toEqual(["expiresAt"]);
  });
});
