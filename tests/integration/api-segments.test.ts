import { describe, expect, it } from "vitest";
import { GET as schema } from "@/app/api/v1/filters/schema/route";
import { POST as postGroup } from "@/app/api/v1/groups/route";
import { POST as count } from "@/app/api/v1/segments/count/route";
import { POST as customers } from "@/app/api/v1/segments/customers/route";
import { describeFilter } from "@/features/filters/summary";
import { db, makeMerchant } from "./helpers";

const call = (handler: typeof count, key: string | undefined, body: unknown) =>
  handler(
    new Request("http://localhost/api", {
      method: "POST",
      headers: { "content-type": "application/json", ...(key ? { authorization: `Bearer ${key}` } : {}) },
      body: JSON.stringify(body),
    }),
    { params: Promise.resolve({}) },
  );

async function customersOf(merchantId: string, n: number, rating: number | null) {
  const ids: string[] = [];
  for (let i = 0; i < n; i++)
    ids.push((await db.customer.create({ data: { merchantId, firstName: `R${rating}-${i}`, lastRating: rating, visitCount: 1 } })).id);
  return ids;
}

const offPeak = {
  and: [
    { field: "rating", op: "in", value: [2, 3] },
    { field: "lastVisitAt", op: "before", value: { daysAgo: 30 } },
    { visits: { where: { dayOfWeek: ["sun", "mon", "tue", "wed"] } } },
  ],
};

describe("segments API", () => {
  it("counts and pages the merchant's own customers only", async () => {
    const a = await makeMerchant("Seg A");
    const b = await makeMerchant("Seg B");
    await customersOf(a.merchant.id, 3, 3);
    await customersOf(a.merchant.id, 2, null);
    await customersOf(b.merchant.id, 4, 3);
    const res = await call(count, a.apiKey, { filter: { field: "rating", op: "eq", value: 3 } });
    expect(await res.json()).toEqual({ count: 3 });
    expect(await (await call(count, a.apiKey, { filter: { not: { field: "rating", op: "eq", value: 3 } } })).json()).toEqual({ count: 2 });

    const first = (await (await call(customers, a.apiKey, { filter: { and: [] }, limit: 3 })).json()) as { data: { id: string }[]; nextCursor: string };
    expect(first.data).toHaveLength(3);
    const second = (await (await call(customers, a.apiKey, { filter: { and: [] }, limit: 3, cursor: first.nextCursor })).json()) as {
      data: { id: string }[];
      nextCursor: null;
    };
    expect(second.data).toHaveLength(2);
    expect(second.nextCursor).toBeNull();
    expect(new Set([...first.data, ...second.data].map((c) => c.id)).size).toBe(5);
  });

  it("answers 400 with the JSON path of the fault, and 401 without a key", async () => {
    const a = await makeMerchant("Seg bad");
    const res = await call(count, a.apiKey, {
      filter: {
        and: [
          { field: "rating", op: "in", value: [2, 4] },
          { field: "visitCount", op: "gte", value: 1.5 },
        ],
      },
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { errors: { path: string }[] };
    expect(body.errors.map((e) => e.path)).toEqual(["/filter/and/0/value/1", "/filter/and/1/value"]);
    expect((await call(count, undefined, { filter: { and: [] } })).status).toBe(401);
    let deep: unknown = { field: "rating", op: "eq", value: 1 };
    for (let i = 0; i < 12; i++) deep = { not: deep };
    const tooDeep = (await (await call(count, a.apiKey, { filter: deep })).json()) as { errors: { path: string; message: string }[] };
    expect(tooDeep.errors[0]!.message).toContain("12 levels");
    const many = { or: Array.from({ length: 201 }, () => ({ field: "rating", op: "eq", value: 1 })) };
    expect((await call(count, a.apiKey, { filter: many })).status).toBe(400);
  });

  it("saves groups: dynamic with its count, static only from the merchant's own customers", async () => {
    const a = await makeMerchant("Grp A");
    const b = await makeMerchant("Grp B");
    const mine = await customersOf(a.merchant.id, 2, 2);
    const theirs = await customersOf(b.merchant.id, 1, 2);
    const dyn = await call(postGroup, a.apiKey, { name: "Off Peak", filter: offPeak });
    expect(dyn.status).toBe(201);
    expect(await dyn.json()).toMatchObject({ name: "Off Peak", count: 0 });
    expect((await call(postGroup, a.apiKey, { name: "Off Peak", filter: offPeak })).status).toBe(409);
    expect(await (await call(postGroup, a.apiKey, { name: "VIP", customerIds: mine })).json()).toMatchObject({ count: 2 });
    expect((await call(postGroup, a.apiKey, { name: "Sneaky", customerIds: [...mine, ...theirs] })).status).toBe(404);
    expect(await db.group.count({ where: { merchantId: a.merchant.id } })).toBe(2);
  });

  it("publishes the language as JSON Schema and explains filters in words", async () => {
    const doc = (await schema().json()) as { $schema: string; title: string };
    expect(doc.$schema).toContain("2020-12");
    expect(doc.title).toBe("Regulars Smart Filter v1");
    expect(describeFilter(offPeak as never, { currency: "USD" })).toBe(
      "Customers rated 2 or 3 stars and whose last visit was more than 30 days ago and who visit on Sun–Wed",
    );
  });
});
