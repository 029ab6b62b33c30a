import { describe, expect, it } from "vitest";
import { GET as openapi } from "@/app/api/v1/openapi.json/route";
import { POST as postVouchers } from "@/app/api/v1/vouchers/route";
import { db, makeMerchant } from "./helpers";

const post = (key: string, body: unknown) =>
  postVouchers(
    new Request("http://localhost/api/v1/vouchers", {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    }),
    { params: Promise.resolve({}) },
  );

describe("POST /api/v1/vouchers", () => {
  it("loads a batch once: a repeat changes nothing", async () => {
    const m = await makeMerchant("Loader");
    const deal = await db.deal.create({ data: { merchantId: m.merchant.id, title: "Deal" } });
    const body = {
      dealId: deal.id,
      vouchers: [
        { code: "ld-0001", purchaserName: "Ann" },
        { code: "LD-0002", expiresAt: "2030-01-01T00:00:00Z" },
      ],
    };
    const first = await post(m.apiKey, body);
    expect(first.status).toBe(201);
    expect(await first.json()).toMatchObject({ created: 2, unchanged: 0 });
    const again = await post(m.apiKey, body);
    expect(await again.json()).toEqual({
      created: 0,
      unchanged: 2,
      results: [
        { code: "LD-0001", result: "unchanged" },
        { code: "LD-0002", result: "unchanged" },
      ],
    });
    expect(await db.voucher.count({ where: { merchantId: m.merchant.id } })).toBe(2);
    expect((await db.voucher.findFirstOrThrow({ where: { code: "LD-0001" } })).purchaserName).toBe("Ann");
  });

  it("loads codes another merchant also has as this merchant's own; refuses another merchant's deal and oversize batches", async () => {
    const a = await makeMerchant("Load A");
    const b = await makeMerchant("Load B");
    const dealA = await db.deal.create({ data: { merchantId: a.merchant.id, title: "A" } });
    const dealB = await db.deal.create({ data: { merchantId: b.merchant.id, title: "B" } });
    await post(b.apiKey, { dealId: dealB.id, vouchers: [{ code: "BEE-0001" }] });
    // Codes are unique per merchant: B's code neither blocks A nor shows that B has it.
    const both = await post(a.apiKey, { dealId: dealA.id, vouchers: [{ code: "BEE-0001" }, { code: "AYE-0001" }] });
    expect(both.status).toBe(201);
    expect(await both.json()).toMatchObject({ created: 2, unchanged: 0 });
    expect(await db.voucher.count({ where: { merchantId: a.merchant.id } })).toBe(2);
    expect(await db.voucher.count({ where: { merchantId: b.merchant.id } })).toBe(1);
    expect((await post(a.apiKey, { dealId: dealB.id, vouchers: [{ code: "AYE-0002" }] })).status).toBe(404);
    const big = { dealId: dealA.id, vouchers: Array.from({ length: 1001 }, (_, i) => ({ code: `BIG-${i}` })) };
    expect((await post(a.apiKey, big)).status).toBe(400);
  });
});

describe("GET /api/v1/openapi.json", () => {
  it("describes every v1 endpoint with schemas generated from the validators", async () => {
    const doc = (await openapi(new Request("http://localhost/api/v1/openapi.json")).json()) as {
      openapi: string;
      paths: Record<string, unknown>;
      components: { schemas: Record<string, { properties?: Record<string, unknown>; required?: string[] }> };
    };
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(["/api/v1/customers", "/api/v1/customers/{id}", "/api/v1/visits", "/api/v1/vouchers"]));
    expect(doc.components.schemas.VisitInput!.properties).toHaveProperty("amountCents");
    expect(doc.components.schemas.VisitInput!.required).toEqual(expect.arrayContaining(["amountCents", "occurredAt"]));
  });
});
