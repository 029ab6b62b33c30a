import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";

// Issue 13, one request chain: whatever a handler throws reaches the caller in the same shape
// through a server action, an internal /m route and a REST /api/v1 route — one mapping
// (toPublicError), a result object for actions and one problem+json dialect for every route.
const session = vi.hoisted(() => ({ user: null as null | Record<string, unknown> }));
vi.mock("@/lib/auth", async (importOriginal) => ({ ...(await importOriginal<object>()), getCurrentUser: async () => session.user }));

import { z } from "zod";
import { apiRoute, merchantAction, merchantRoute } from "@/features/tenancy/request-chain";
import { Prisma } from "@/generated/prisma/client";
import { AppError } from "@/lib/errors";
import { callRoute, db, makeMerchant } from "./helpers";

type TMerchant = Awaited<ReturnType<typeof makeMerchant>>;
let m: TMerchant;

beforeAll(async () => {
  m = await makeMerchant("Request Chain");
});

beforeEach(() => {
  session.user = { id: m.owner.id, email: m.owner.email, name: "Owner", isPlatformAdmin: false, counterMerchantId: null };
});

const throwers: [
  string,
  () => Promise<never>,
  { status: number; code: string; detail: RegExp; errors?: { path: string; message: string }[]; fieldErrors?: Record<string, string> },
][] = [
  [
    "an AppError naming a field",
    async () => {
      throw new AppError("NOT_FOUND", "That customer was not found.", { fieldErrors: { customerId: "Unknown customer." } });
    },
    {
      status: 404,
      code: "NOT_FOUND",
      detail: /^That customer was not found\.$/,
      errors: [{ path: "/customerId", message: "Unknown customer." }],
      fieldErrors: { customerId: "Unknown customer." },
    },
  ],
  [
    "an AppError with extension members",
    async () => {
      throw new AppError("CONFLICT", "CL-1 was already redeemed.", { details: { redeemedAt: "2026-06-01T18:00:00.000Z" } });
    },
    { status: 409, code: "CONFLICT", detail: /already redeemed/ },
  ],
  [
    "a zod error",
    async () => {
      z.object({ customer: z.object({ email: z.email("Enter an email.") }), amountCents: z.number().int() }).parse({
        customer: { email: "x" },
        amountCents: 1.5,
      });
      throw new Error("unreachable");
    },
    {
      status: 400,
      code: "BAD_REQUEST",
      detail: /not valid/,
      errors: [
        { path: "/customer/email", message: "Enter an email." },
        { path: "/amountCents", message: expect.any(String) as unknown as string },
      ],
      fieldErrors: { "customer.email": "Enter an email.", amountCents: expect.any(String) as unknown as string },
    },
  ],
  [
    "a database error (22P02)",
    () => db.$queryRaw(Prisma.sql`SELECT ${"not-a-uuid"}::uuid`) as Promise<never>,
    { status: 400, code: "BAD_REQUEST", detail: /not in the expected format/ },
  ],
  [
    "a database error (23505)",
    async () => {
      await db.tag
        .create({ data: { merchantId: m.merchant.id, name: "Chain", normalizedName: `chain-${crypto.randomUUID()}` } })
        .then(async (t) => db.tag.create({ data: { merchantId: m.merchant.id, name: "Chain", normalizedName: t.normalizedName } }));
      throw new Error("unreachable");
    },
    { status: 409, code: "CONFLICT", detail: /already exists/ },
  ],
  [
    "an unknown error",
    async () => {
      throw new Error("secret internals: connection string postgres://x");
    },
    { status: 500, code: "INTERNAL", detail: /reference [0-9a-f]{8}/ },
  ],
];

async function throughAllThree(fail: () => Promise<never>) {
  const action = merchantAction({ permission: "customers.view", schema: z.object({}), name: "chainTest" }, fail);
  const internal = merchantRoute<{ merchant: string }>("customers.view", fail);
  const api = apiRoute(fail);
  const actionResult = await action(m.merchant.slug, {});
  const internalRes = await callRoute(internal, `/m/${m.merchant.slug}/chain-test`, { method: "GET", params: { merchant: m.merchant.slug } });
  const apiRes = await callRoute(api, "/api/v1/chain-test", { key: m.apiKey, method: "GET" });
  return { actionResult, internalRes, apiRes };
}

const withoutReference = (body: Record<string, unknown>) => ({
  ...body,
  detail: String(body.detail).replace(/[0-9a-f]{8}\.$/, "…"),
  reference: body.reference ? "…" : undefined,
});

describe("the same failure gives the same shape through an action, an internal route and an API route", () => {
  it.each(throwers)("%s", async (_name, fail, expected) => {
    const { actionResult, internalRes, apiRes } = await throughAllThree(fail);

    for (const res of [internalRes, apiRes]) {
      expect(res.status).toBe(expected.status);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
    }
    const internal = (await internalRes.json()) as Record<string, unknown>;
    const api = (await apiRes.json()) as Record<string, unknown>;
    // One dialect: RFC 9457 members, the HTTP title, a machine code, errors as [{ path, message }].
    expect(internal).toMatchObject({ type: "about:blank", status: expected.status, code: expected.code, detail: expect.stringMatching(expected.detail) });
    expect(typeof internal.title).toBe("string");
    expect(internal.title).not.toBe(expected.code);
    expect(internal.fieldErrors).toBeUndefined();
    if (expected.errors) expect(internal.errors).toEqual(expected.errors);
    else expect(internal.errors).toBeUndefined();
    expect(withoutReference(api)).toEqual(withoutReference(internal));

    // The action says the same in its result object.
    expect(actionResult.ok).toBe(false);
    if (actionResult.ok) return;
    expect(actionResult.error).toMatch(expected.detail);
    if (expected.code !== "INTERNAL") expect(actionResult.error).toBe(internal.detail);
    expect(actionResult.fieldErrors).toEqual(expected.fieldErrors);
  });

  it("carries an AppError's extension members into the problem", async () => {
    const { internalRes, apiRes } = await throughAllThree(throwers[1]![1]);
    for (const res of [internalRes, apiRes]) expect(await res.json()).toMatchObject({ redeemedAt: "2026-06-01T18:00:00.000Z" });
  });

  it("answers who-is-calling failures in the same dialect: no session, not a member, no key, a counter session", async () => {
    const ok = async () => Response.json({ ok: true });
    session.user = null;
    const noSession = await callRoute(merchantRoute("customers.view", ok), `/m/${m.merchant.slug}/x`, { method: "GET", params: { merchant: m.merchant.slug } });
    expect(await noSession.json()).toMatchObject({ status: 401, title: "Unauthorized", code: "UNAUTHORIZED" });
    expect(await merchantAction({ permission: "customers.view", schema: z.object({}), name: "t" }, ok)(m.merchant.slug, {})).toMatchObject({
      ok: false,
      error: "Your session has ended. Please sign in again.",
    });

    session.user = { id: m.owner.id, email: m.owner.email, name: "Owner", isPlatformAdmin: false, counterMerchantId: null };
    const other = await callRoute(merchantRoute("customers.view", ok), "/m/nobody-here/x", { method: "GET", params: { merchant: "nobody-here" } });
    expect(await other.json()).toMatchObject({ status: 404, title: "Not Found", code: "NOT_FOUND", detail: "That merchant was not found." });

    const noKey = await callRoute(apiRoute(ok), "/api/v1/x", { method: "GET" });
    expect(noKey.headers.get("www-authenticate")).toBe("Bearer");
    expect(await noKey.json()).toMatchObject({ status: 401, title: "Unauthorized", code: "UNAUTHORIZED" });

    session.user = { id: m.staff.id, email: m.staff.email, name: "Staff", isPlatformAdmin: false, counterMerchantId: m.merchant.id };
    const counter = await callRoute(merchantRoute("customers.export", ok), `/m/${m.merchant.slug}/x`, { method: "GET", params: { merchant: m.merchant.slug } });
    expect(await counter.json()).toMatchObject({ status: 403, title: "Forbidden", code: "FORBIDDEN", counterOnly: true });
  });
});
