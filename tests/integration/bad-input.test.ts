import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";

// Issue 11, "Every bad input a clear 4xx, nothing changed": one test per reported input. Each of
// these answered 500 (or was accepted) before. The generated sweep over every route is
// hostile-input.test.ts.
const session = vi.hoisted(() => ({ user: null as null | Record<string, unknown> }));
vi.mock("@/lib/auth", async (importOriginal) => ({ ...(await importOriginal<object>()), getCurrentUser: async () => session.user }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

import { z } from "zod";
import { GET as getPromotion } from "@/app/api/v1/promotions/[id]/route";
import { POST as postCustomer } from "@/app/api/v1/customers/route";
import { POST as postGroup } from "@/app/api/v1/groups/route";
import { POST as segmentCount } from "@/app/api/v1/segments/count/route";
import { POST as segmentCustomers } from "@/app/api/v1/segments/customers/route";
import { POST as postVisit } from "@/app/api/v1/visits/route";
import { GET as previewPromotion } from "@/app/m/[merchant]/(manager)/promotions/[id]/preview/route";
import { GET as lookupVoucherRoute } from "@/app/m/[merchant]/counter/vouchers/[code]/route";
import { POST as builderCount } from "@/app/m/[merchant]/customers/count/route";
import { listCustomers, type TSort } from "@/features/filters/queries";
import { apiRoute, merchantAction, merchantRoute } from "@/features/tenancy/request-chain";
import { Prisma } from "@/generated/prisma/client";
import { toPublicError } from "@/lib/errors";
import { callRoute, db, makeMerchant } from "./helpers";

const DASHES = "-".repeat(36);
const cursorOf = (c: unknown) => Buffer.from(JSON.stringify(c)).toString("base64url");

type TMerchant = Awaited<ReturnType<typeof makeMerchant>>;
let m: TMerchant;

beforeAll(async () => {
  m = await makeMerchant("Bad Input");
  for (let i = 0; i < 3; i++) await db.customer.create({ data: { merchantId: m.merchant.id, firstName: `Guest ${i}`, visitCount: i } });
});

beforeEach(() => {
  session.user = { id: m.owner.id, email: m.owner.email, name: "Owner", isPlatformAdmin: false, counterMerchantId: null };
});

async function problemOf(res: Response) {
  const body = (await res.json()) as { status?: number; detail?: string; message?: string; errors?: { path: string; message: string }[] };
  return { status: res.status, ...body };
}

/** Row counts of the tables a refused request could touch. */
async function counts() {
  const [customers, visits, tags, groups, promotions, audit] = await Promise.all([
    db.customer.count(),
    db.visit.count(),
    db.tag.count(),
    db.group.count(),
    db.promotion.count(),
    db.auditLog.count(),
  ]);
  return { customers, visits, tags, groups, promotions, audit };
}

describe("malformed ids are 404s, never a query", () => {
  it("GET /api/v1/promotions/{id} with 36 characters that are not a UUID is a 404", async () => {
    for (const id of [DASHES, "zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz", "0".repeat(36)]) {
      const res = await callRoute(getPromotion, `/api/v1/promotions/${id}`, { key: m.apiKey, method: "GET", params: { id } });
      expect(res.status, id).toBe(404);
    }
  });

  it("the promotion preview with a dashes-only id is a 404", async () => {
    const res = await callRoute(previewPromotion, `/m/${m.merchant.slug}/promotions/${DASHES}/preview`, {
      method: "GET",
      params: { merchant: m.merchant.slug, id: DASHES },
    });
    expect(res.status).toBe(404);
  });
});

describe("forged cursors are a 400 that names the cursor", () => {
  const uuid = "3f1c2a4e-8b7d-4c2e-9f10-1a2b3c4d5e6f";
  it.each([
    ["a sort value that is not a time", cursorOf({ v: "abc", id: uuid })],
    ["a dashes-only id", cursorOf({ v: null, id: DASHES })],
    ["a year-0 time", cursorOf({ v: "0000-01-01T00:00:00.000Z", id: uuid })],
    ["not base64 JSON at all", "%%%not-a-cursor"],
  ])("POST /api/v1/segments/customers with %s", async (_name, cursor) => {
    const res = await callRoute(segmentCustomers, "/api/v1/segments/customers", { key: m.apiKey, body: { filter: { and: [] }, cursor } });
    const p = await problemOf(res);
    expect(p.status).toBe(400);
    expect(p.errors?.map((e) => e.path)).toContain("/cursor");
  });

  it("the customer list refuses a forged cursor or an inherited sort name as a 400, not a database error", async () => {
    const merchant = { id: m.merchant.id, timeZone: m.merchant.timeZone };
    await expect(listCustomers(merchant, { and: [] }, { limit: 10, cursor: cursorOf({ v: "abc", id: DASHES }) })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    for (const sort of ["constructor", "__proto__", "toString", "hasOwnProperty"]) {
      await expect(listCustomers(merchant, { and: [] }, { limit: 10, sort: sort as TSort }), sort).rejects.toMatchObject({ code: "BAD_REQUEST" });
    }
  });
});

describe("every number and date in a filter has bounds", () => {
  it.each([
    ["lastVisitAt after 1,000,000,000 days ago", { field: "lastVisitAt", op: "after", value: { daysAgo: 1_000_000_000 } }, "/filter/value/daysAgo"],
    ["a visits window of 5,000,000 days", { visits: { window: { after: { daysAgo: 5_000_000 } } } }, "/filter/visits/window/after/daysAgo"],
    ["at least 3,000,000,000 visits", { visits: { count: { gte: 3_000_000_000 } } }, "/filter/visits/count/gte"],
    ["visitCount beyond a PostgreSQL integer", { field: "visitCount", op: "gte", value: 2 ** 31 }, "/filter/value"],
    ["a per-visit spend beyond a PostgreSQL integer", { visits: { where: { minSpentCents: 2 ** 31 } } }, "/filter/visits/where/minSpentCents"],
    ["a socialScore beyond a PostgreSQL integer", { field: "socialScore", op: "gte", value: -(2 ** 40) }, "/filter/value"],
    ["a date in year 0", { field: "createdAt", op: "before", value: "0000-01-01" }, "/filter/value"],
    ["a tag with a NUL byte", { field: "tags", op: "hasAny", value: ["vip\u0000"] }, "/filter/value/0"],
  ])("%s is a 400 with the JSON path", async (_name, filter, path) => {
    for (const handler of [segmentCount, segmentCustomers]) {
      const p = await problemOf(await callRoute(handler, "/api/v1/segments", { key: m.apiKey, body: { filter } }));
      expect(p.status).toBe(400);
      expect(p.errors?.map((e) => e.path)).toContain(path);
    }
    const builder = await problemOf(
      await callRoute(builderCount, `/m/${m.merchant.slug}/customers/count`, { body: { filter }, params: { merchant: m.merchant.slug } }),
    );
    expect(builder.status).toBe(400);
  });

  it("still accepts the bounds themselves", async () => {
    const filter = {
      and: [
        { field: "lastVisitAt", op: "after", value: { daysAgo: 36_500 } },
        { visits: { count: { gte: 1_000_000 } } },
        { field: "createdAt", op: "before", value: "9999-12-31" },
      ],
    };
    const res = await callRoute(segmentCount, "/api/v1/segments/count", { key: m.apiKey, body: { filter } });
    expect(res.status).toBe(200);
  });
});

describe("a NUL byte in text is refused with a plain message", () => {
  it("in a customer name, a visit note, a tag and a group name", async () => {
    const before = await counts();
    const at = new Date(Date.now() - 3600_000).toISOString();
    const cases = [
      [postCustomer, { email: "nul@example.com", firstName: "Ann\u0000" }, "/firstName", "First name can't contain control characters."],
      [
        postVisit,
        { occurredAt: at, amountCents: 100, customer: { email: "nul2@example.com" }, note: "ok\u0000" },
        "/note",
        "The note can't contain control characters.",
      ],
      [
        postVisit,
        { occurredAt: at, amountCents: 100, customer: { email: "nul3@example.com" }, tags: ["family\u0000"] },
        "/tags/0",
        "A tag can't contain control characters.",
      ],
      [postGroup, { name: "Regulars\u0000", filter: { and: [] } }, "/name", "The group name can't contain control characters."],
    ] as const;
    for (const [handler, body, path, message] of cases) {
      const p = await problemOf(await callRoute(handler, "/api/v1/x", { key: m.apiKey, body }));
      expect(p.status, path).toBe(400);
      expect(p.errors, path).toContainEqual({ path, message });
    }
    expect(await counts()).toEqual(before);
  });
});

describe("malformed percent-encoding in a path", () => {
  it("/m/…/counter/vouchers/%E0%A4%A is a 400", async () => {
    const res = await callRoute(lookupVoucherRoute, `/m/${m.merchant.slug}/counter/vouchers/%E0%A4%A`, {
      method: "GET",
      params: { merchant: m.merchant.slug, code: "%E0%A4%A" },
    });
    expect(res.status).toBe(400);
  });
});

describe("body size and node limits", () => {
  const emptyGroups = (n: number) => ({ or: Array.from({ length: n }, () => ({ and: [] })) });

  it("a 2.2 MB filter of 200,000 empty groups is a 413 on every JSON endpoint that takes a filter", async () => {
    const body = { filter: emptyGroups(200_000) };
    expect(JSON.stringify(body).length).toBeGreaterThan(2_000_000);
    for (const handler of [segmentCount, segmentCustomers]) expect((await callRoute(handler, "/api/v1/segments", { key: m.apiKey, body })).status).toBe(413);
    expect((await callRoute(builderCount, `/m/${m.merchant.slug}/customers/count`, { body, params: { merchant: m.merchant.slug } })).status).toBe(413);
  });

  it("counts groups toward the node limit: 1,001 empty groups fit in the body but are a 400", async () => {
    const p = await problemOf(await callRoute(segmentCount, "/api/v1/segments/count", { key: m.apiKey, body: { filter: emptyGroups(1_000) } }));
    expect(p.status).toBe(400);
    expect(p.errors?.[0]?.message).toMatch(/at most 1000 parts/);
    // A lone group of many empty groups is what the condition limit alone never counted.
    expect((await callRoute(segmentCount, "/api/v1/segments/count", { key: m.apiKey, body: { filter: emptyGroups(998) } })).status).toBe(200);
  });

  it("counts a streamed body's bytes, whatever Content-Length says", async () => {
    const chunk = new TextEncoder().encode(`{"filter":{"or":[${'{"and":[]},'.repeat(10_000)}`);
    const stream = () =>
      new ReadableStream<Uint8Array>({
        start(controller) {
          for (let i = 0; i < 20; i++) controller.enqueue(chunk); // ~2 MB, never closed as valid JSON
          controller.close();
        },
      });
    for (const headers of [{}, { "content-length": "10" }]) {
      const req = new Request("http://localhost/api/v1/segments/count", {
        method: "POST",
        headers: { authorization: `Bearer ${m.apiKey}`, "content-type": "application/json", ...headers },
        body: stream(),
        duplex: "half",
      } as RequestInit);
      expect((await segmentCount(req, { params: Promise.resolve({}) })).status).toBe(413);
    }
  });
});

describe("one mapping of database errors to 4xx, used by every wrapper", () => {
  const uuid0 = "00000000-0000-4000-8000-000000000000";
  const raisers: [string, number, () => Promise<unknown>][] = [
    ["22P02 invalid text representation", 400, () => db.$queryRaw(Prisma.sql`SELECT ${"zzz"}::uuid`)],
    ["22003 numeric value out of range", 400, () => db.$queryRaw(Prisma.sql`SELECT ${3_000_000_000}::int`)],
    ["22021 NUL byte", 400, () => db.customer.create({ data: { merchantId: m.merchant.id, firstName: "a\u0000b" } })],
    ["22007 invalid datetime", 400, () => db.$queryRaw(Prisma.sql`SELECT ${"abc"}::timestamptz`)],
    ["22008 datetime out of range", 400, () => db.$queryRaw(Prisma.sql`SELECT ${"0000-01-01T00:00:00Z"}::timestamptz`)],
    [
      "23505 unique violation",
      409,
      async () => {
        await db.tag.create({ data: { merchantId: m.merchant.id, name: "Dup", normalizedName: "dup" } });
        await db.tag.create({ data: { merchantId: m.merchant.id, name: "Dup", normalizedName: "dup" } });
      },
    ],
    ["23503 foreign key violation", 404, () => db.groupMember.create({ data: { merchantId: m.merchant.id, groupId: uuid0, customerId: uuid0 } })],
    // customers_identity: a customer needs an email, phone, externalId or name.
    ["23514 check violation", 400, () => db.$executeRaw`INSERT INTO customers (id, "merchantId") VALUES (gen_random_uuid(), ${m.merchant.id}::uuid)`],
  ];

  it.each(raisers)("%s becomes a %i", async (_name, status, raise) => {
    const err = await raise().then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).not.toBeNull();
    expect(toPublicError(err).status).toBe(status);
  });

  it("anything else stays a 500 with a reference", async () => {
    const err = await db.$queryRaw(Prisma.sql`SELECT no_such_column FROM customers`).then(
      () => null,
      (e: unknown) => e,
    );
    const e = toPublicError(err);
    expect(e.status).toBe(500);
    expect(e.message).toMatch(/reference [0-9a-f]{8}/);
  });

  it("reaches server actions, internal routes and the REST API alike", async () => {
    const fails = () => db.$queryRaw(Prisma.sql`SELECT ${"not-a-uuid"}::uuid`);
    const action = merchantAction({ permission: "customers.view", schema: z.object({}), name: "test" }, fails);
    expect(await action(m.merchant.slug, {})).toMatchObject({ ok: false, error: expect.stringMatching(/not in the expected format/) });

    const route = merchantRoute<{ merchant: string }>("customers.view", fails as never);
    expect((await callRoute(route, `/m/${m.merchant.slug}/x`, { method: "GET", params: { merchant: m.merchant.slug } })).status).toBe(400);

    const api = apiRoute(fails as never);
    expect((await callRoute(api, "/api/v1/x", { key: m.apiKey, method: "GET" })).status).toBe(400);
  });
});
