import { beforeEach, describe, expect, it, vi } from "vitest";

// Server actions run outside Next here: the session user is whoever the test says, and
// revalidatePath has no cache to clear.
const session = vi.hoisted(() => ({
  user: null as null | { id: string; email: string; name: string | null; isPlatformAdmin: boolean; counterMerchantId: string | null },
}));
vi.mock("@/lib/auth", () => ({ getCurrentUser: async () => session.user }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

import { GET as listRoute, POST as createRoute } from "@/app/api/v1/promotions/route";
import { GET as oneRoute } from "@/app/api/v1/promotions/[id]/route";
import { GET as previewRoute } from "@/app/m/[merchant]/(manager)/promotions/[id]/preview/route";
import {
  archivePromotionAction,
  createPromotionAction,
  previewPromotionAction,
  sendPromotionTestAction,
  updateBrandingAction,
  updatePromotionAction,
} from "@/features/promotions/actions";
import { merchantAddressProblem } from "@/features/promotions/branding";
import { openApiDocument } from "@/features/api/openapi";
import { db, makeMerchant } from "./helpers";

const offPeak = {
  name: "Off Peak",
  title: "Quiet afternoons, on us",
  offer: "20% off your bill",
  terms: "Dine-in only.",
  validDaysOfWeek: [0, 1, 2, 3],
  validHours: { from: 14, to: 17 },
  expiresInDays: 30,
  subject: "{{firstName}}, your afternoon treat",
  body: "Hi {{firstName}},\n\nCome by between 2 and 5.",
};

const post = (body: unknown, key?: string, headers: Record<string, string> = {}) =>
  createRoute(
    new Request("http://localhost/api/v1/promotions", {
      method: "POST",
      headers: { "content-type": "application/json", ...(key ? { authorization: `Bearer ${key}` } : {}), ...headers },
      body: typeof body === "string" ? body : JSON.stringify(body),
    }),
    { params: Promise.resolve({}) },
  );

const get = (key: string | undefined, qs = "") =>
  listRoute(new Request(`http://localhost/api/v1/promotions${qs}`, { headers: key ? { authorization: `Bearer ${key}` } : {} }), {
    params: Promise.resolve({}),
  });

const signInAs = (u: { id: string; email: string }) => {
  session.user = { id: u.id, email: u.email, name: "Pat Owner", isPlatformAdmin: false, counterMerchantId: null };
};

beforeEach(() => {
  session.user = null;
});

describe("POST /api/v1/promotions", () => {
  it("creates a promotion (201 { id }) with its rules stored in the merchant's columns", async () => {
    const a = await makeMerchant("Promo A");
    const res = await post(offPeak, a.apiKey);
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    const row = await db.promotion.findUniqueOrThrow({ where: { merchantId_id: { merchantId: a.merchant.id, id } } });
    expect(row).toMatchObject({
      name: "Off Peak",
      validDaysOfWeek: [0, 1, 2, 3],
      validHourFrom: 14,
      validHourTo: 17,
      expiresInDays: 30,
      oncePerCustomer: true,
      preheader: null,
    });
    expect(await db.auditLog.count({ where: { merchantId: a.merchant.id, action: "promotion.created", entityId: id } })).toBe(1);
  });

  it("answers a 400 problem listing every faulty field, and saves nothing", async () => {
    const a = await makeMerchant("Promo Invalid");
    const res = await post({ ...offPeak, name: "", validHours: { from: 17, to: 14 }, validDaysOfWeek: [9], subject: undefined }, a.apiKey);
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    const body = (await res.json()) as { errors: { path: string; message: string }[] };
    expect(body.errors).toEqual(
      expect.arrayContaining([
        { path: "/name", message: "Enter a name." },
        { path: "/validHours/to", message: "The end hour must be after the start hour." },
        { path: "/validDaysOfWeek/0", message: "Days are 0 (Sunday) to 6 (Saturday)." },
        { path: "/subject", message: "Enter a subject line." },
      ]),
    );
    expect((await post("{not json", a.apiKey)).status).toBe(400);
    expect(await db.promotion.count({ where: { merchantId: a.merchant.id } })).toBe(0);
  });

  it("replays the first answer for a repeated Idempotency-Key and refuses the key with another body", async () => {
    const a = await makeMerchant("Promo Idem");
    const first = await post(offPeak, a.apiKey, { "idempotency-key": "promo-1" });
    const again = await post(offPeak, a.apiKey, { "idempotency-key": "promo-1" });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(await again.json()).toEqual(await first.json());
    expect(await db.promotion.count({ where: { merchantId: a.merchant.id } })).toBe(1);
    const other = await post({ ...offPeak, name: "Other" }, a.apiKey, { "idempotency-key": "promo-1" });
    expect(other.status).toBe(422);
    expect(await db.promotion.count({ where: { merchantId: a.merchant.id } })).toBe(1);
  });

  it("needs an API key (401), and lists only the key's own merchant's promotions with a cursor", async () => {
    const a = await makeMerchant("Promo List A");
    const b = await makeMerchant("Promo List B");
    expect((await post(offPeak, undefined)).status).toBe(401);
    expect((await post(offPeak, "rk_live_wrong")).status).toBe(401);
    expect((await get(undefined)).status).toBe(401);
    for (const n of [1, 2, 3]) await post({ ...offPeak, name: `A${n}` }, a.apiKey);
    await post({ ...offPeak, name: "B only" }, b.apiKey);

    const page1 = (await (await get(a.apiKey, "?limit=2")).json()) as { data: { name: string; validHours: unknown }[]; nextCursor: string | null };
    expect(page1.data.map((p) => p.name)).toEqual(["A3", "A2"]);
    expect(page1.data[0]!.validHours).toEqual({ from: 14, to: 17 });
    const page2 = (await (await get(a.apiKey, `?limit=2&cursor=${page1.nextCursor}`)).json()) as { data: { name: string }[]; nextCursor: string | null };
    expect(page2).toEqual({ data: [expect.objectContaining({ name: "A1" })], nextCursor: null });
    // Another merchant's id as a cursor is not a way in.
    const bId = (await db.promotion.findFirstOrThrow({ where: { merchantId: b.merchant.id } })).id;
    const foreign = await get(a.apiKey, `?cursor=${bId}`);
    expect(((await foreign.json()) as { data: unknown[] }).data).toEqual([]);
  });

  it("shows one promotion to its own merchant only (another merchant's id is a 404)", async () => {
    const a = await makeMerchant("Promo One A");
    const b = await makeMerchant("Promo One B");
    const { id } = (await (await post(offPeak, a.apiKey)).json()) as { id: string };
    const one = (key: string | undefined, pid: string) =>
      oneRoute(new Request(`http://localhost/api/v1/promotions/${pid}`, { headers: key ? { authorization: `Bearer ${key}` } : {} }), {
        params: Promise.resolve({ id: pid }),
      });
    const res = await one(a.apiKey, id);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id, name: "Off Peak", validHours: { from: 14, to: 17 }, validDaysOfWeek: [0, 1, 2, 3] });
    const foreign = await one(b.apiKey, id);
    expect(foreign.status).toBe(404);
    expect(foreign.headers.get("content-type")).toBe("application/problem+json");
    expect((await one(a.apiKey, "not-a-uuid")).status).toBe(404);
    expect((await one(undefined, id)).status).toBe(401);
  });

  it("is described in the OpenAPI document", () => {
    const doc = openApiDocument("http://localhost") as {
      paths: Record<string, Record<string, unknown>>;
      components: { schemas: Record<string, { required?: string[] }> };
    };
    expect(Object.keys(doc.paths["/api/v1/promotions"]!)).toEqual(["post", "get"]);
    expect(doc.components.schemas.PromotionInput!.required).toEqual(expect.arrayContaining(["name", "title", "offer", "subject", "body"]));
  });
});

describe("promotion actions", () => {
  it("lets a manager create, edit and archive; field errors come back in words", async () => {
    const a = await makeMerchant("Promo Actions");
    signInAs(a.owner);
    const slug = a.merchant.slug;
    const bad = await createPromotionAction(slug, { ...offPeak, offer: "", expiresInDays: 0 });
    expect(bad).toMatchObject({ ok: false, fieldErrors: { offer: "Enter the offer.", expiresInDays: "An offer must last at least 1 day." } });

    const created = await createPromotionAction(slug, offPeak);
    expect(created.ok).toBe(true);
    const id = (created as { data: { id: string } }).data.id;
    expect(await updatePromotionAction(slug, { ...offPeak, id, offer: "25% off", validHours: null, validDaysOfWeek: [] })).toEqual({ ok: true, data: { id } });
    expect(await db.promotion.findUniqueOrThrow({ where: { merchantId_id: { merchantId: a.merchant.id, id } } })).toMatchObject({
      offer: "25% off",
      validHourFrom: null,
      validHourTo: null,
      validDaysOfWeek: [],
    });
    expect(await archivePromotionAction(slug, { id, archived: true })).toMatchObject({ ok: true });
    expect((await db.promotion.findUniqueOrThrow({ where: { merchantId_id: { merchantId: a.merchant.id, id } } })).archivedAt).not.toBeNull();
    // An archived promotion is not edited by accident.
    expect(await updatePromotionAction(slug, { ...offPeak, id })).toMatchObject({ ok: false, error: "That promotion was not found." });
  });

  it("refuses staff, strangers and another merchant's promotion, changing nothing", async () => {
    const a = await makeMerchant("Promo Iso A");
    const b = await makeMerchant("Promo Iso B");
    signInAs(b.owner);
    const bPromo = (await createPromotionAction(b.merchant.slug, offPeak)) as { ok: true; data: { id: string } };

    signInAs(a.staff);
    expect(await createPromotionAction(a.merchant.slug, offPeak)).toMatchObject({ ok: false, error: "Only a manager or above can do that." });
    signInAs(a.owner);
    // A's owner names B's slug: not a member, so "not found".
    expect(await createPromotionAction(b.merchant.slug, offPeak)).toMatchObject({ ok: false, error: "That merchant was not found." });
    // A's owner names B's promotion inside A: not found, and B's row is untouched.
    expect(await updatePromotionAction(a.merchant.slug, { ...offPeak, id: bPromo.data.id, name: "Hijacked" })).toMatchObject({
      ok: false,
      error: "That promotion was not found.",
    });
    expect(await archivePromotionAction(a.merchant.slug, { id: bPromo.data.id, archived: true })).toMatchObject({
      ok: false,
      error: "That promotion was not found.",
    });
    const bRow = await db.promotion.findUniqueOrThrow({ where: { merchantId_id: { merchantId: b.merchant.id, id: bPromo.data.id } } });
    expect(bRow).toMatchObject({ name: "Off Peak", archivedAt: null });
    session.user = null;
    expect(await createPromotionAction(a.merchant.slug, offPeak)).toMatchObject({ ok: false, error: "Your session has ended. Please sign in again." });
  });

  it("previews the email from unsaved input and sends a marked test to the signed-in user's mailbox", async () => {
    const a = await makeMerchant("Promo Preview");
    await db.merchant.update({ where: { id: a.merchant.id }, data: { addressLine1: "1 Pier St", city: "Portland", region: "ME", postalCode: "04101" } });
    signInAs(a.owner);
    const preview = await previewPromotionAction(a.merchant.slug, offPeak);
    expect(preview).toMatchObject({ ok: true, data: { subject: "Alex, your afternoon treat" } });
    expect((preview as { data: { html: string } }).data.html).toContain("1 Pier St, Portland ME 04101, US");

    const sent = await sendPromotionTestAction(a.merchant.slug, offPeak);
    expect(sent).toMatchObject({ ok: true, data: { to: a.owner.email, transport: "mailbox" } });
    const mail = await db.emailMessage.findFirstOrThrow({ where: { merchantId: a.merchant.id, to: a.owner.email.toLowerCase() } });
    expect(mail.subject).toBe("[Test] Pat, your afternoon treat");
    expect(mail.voucherCode).toBe("TEST-CODE");
    expect(mail.html).toContain("TEST-CODE");
    expect(mail.headers).toMatchObject({ "X-Regulars-Test": "true", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" });

    signInAs(a.staff);
    expect(await sendPromotionTestAction(a.merchant.slug, offPeak)).toMatchObject({ ok: false });
  });

  it("serves a saved promotion's preview HTML only to the merchant's managers", async () => {
    const a = await makeMerchant("Promo Route A");
    const b = await makeMerchant("Promo Route B");
    signInAs(a.owner);
    const { data } = (await createPromotionAction(a.merchant.slug, offPeak)) as { ok: true; data: { id: string } };
    const call = (slug: string, id: string) =>
      previewRoute(new Request(`http://localhost/m/${slug}/promotions/${id}/preview`), { params: Promise.resolve({ merchant: slug, id }) });
    const ok = await call(a.merchant.slug, data.id);
    expect(ok.status).toBe(200);
    expect(ok.headers.get("content-type")).toContain("text/html");
    expect(await ok.text()).toContain("20% off your bill");
    signInAs(b.owner);
    expect((await call(a.merchant.slug, data.id)).status).toBe(404);
    expect((await call(b.merchant.slug, data.id)).status).toBe(404);
    signInAs(a.staff);
    expect((await call(a.merchant.slug, data.id)).status).toBe(403);
    session.user = null;
    expect((await call(a.merchant.slug, data.id)).status).toBe(401);
  });
});

describe("branding settings", () => {
  it("saves the address, colour and frequency cap; the address check passes only when complete", async () => {
    const a = await makeMerchant("Brand A");
    const fresh = await db.merchant.findUniqueOrThrow({ where: { id: a.merchant.id } });
    expect(merchantAddressProblem(fresh)).toMatch(/Add your postal address/);
    signInAs(a.owner);
    const input = {
      logoUrl: "",
      brandColor: "#1d4ed8",
      addressLine1: "1 Pier St",
      addressLine2: "",
      city: "Portland",
      region: "ME",
      postalCode: "04101",
      country: "us",
      promotionFrequencyCapDays: 14,
    };
    expect(await updateBrandingAction(a.merchant.slug, { ...input, brandColor: "blue", logoUrl: "http://x/logo.png" })).toMatchObject({
      ok: false,
      fieldErrors: { brandColor: "Use a colour like #0f766e.", logoUrl: "Use an https:// address for the logo, or leave it blank." },
    });
    expect(await updateBrandingAction(a.merchant.slug, input)).toMatchObject({ ok: true });
    const saved = await db.merchant.findUniqueOrThrow({ where: { id: a.merchant.id } });
    expect(saved).toMatchObject({ brandColor: "#1d4ed8", country: "US", logoUrl: null, addressLine2: null, promotionFrequencyCapDays: 14 });
    expect(merchantAddressProblem(saved)).toBeNull();
    signInAs(a.staff);
    expect(await updateBrandingAction(a.merchant.slug, input)).toMatchObject({ ok: false, error: "Only a manager or above can do that." });
  });
});
