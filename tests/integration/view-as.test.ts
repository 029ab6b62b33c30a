import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";

// Issue 15, "view as this merchant": a publisher admin's signed, time-limited, read-only view of
// one of their merchants. Sessions are the app's own next-auth claims; the browser's cookie jar is
// a Map the test can read and forge.
const auth = vi.hoisted(() => ({ session: null as unknown }));
const jar = vi.hoisted(() => new Map<string, { value: string; path?: string; httpOnly?: boolean; maxAge?: number; sameSite?: string }>());
vi.mock("next-auth", async (importOriginal) => ({ ...(await importOriginal<typeof import("next-auth")>()), getServerSession: async () => auth.session }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));
vi.mock("next/headers", () => ({
  headers: async () => new Headers(),
  cookies: async () => ({
    get: (name: string) => jar.get(name),
    set: (name: string, value: string, opts: Record<string, unknown> = {}) => void jar.set(name, { value, ...opts }),
    delete: (o: string | { name: string }) => void jar.delete(typeof o === "string" ? o : o.name),
  }),
}));
vi.mock("next/navigation", async (importOriginal) => ({
  ...(await importOriginal<object>()),
  notFound: () => {
    throw new Error("NEXT_NOT_FOUND");
  },
  redirect: (to: string) => {
    throw new Error(`NEXT_REDIRECT ${to}`);
  },
}));

import { GET as exportRoute } from "@/app/m/[merchant]/customers/export/route";
import { GET as counterSearchRoute } from "@/app/m/[merchant]/counter/customers/route";
import { POST as captureRoute } from "@/app/m/[merchant]/counter/captures/route";
import { startViewAsAction } from "@/features/publishers/actions";
import { createApiKeyAction, endViewAsAction } from "@/features/tenancy/actions";
import { createMerchant, createUser } from "@/features/tenancy/admin-commands";
import { getMerchantContextOrNotFound, resolveMerchantContext, resolveMerchantMembership } from "@/features/tenancy/queries";
import { signViewAs, VIEW_AS_COOKIE } from "@/features/tenancy/view-as";
import { authOptions, getCurrentUser } from "@/lib/auth";
import { VIEW_ONLY_MESSAGE } from "@/lib/permissions";
import { randomToken, sha256, signPayload } from "@/lib/tokens";
import { db } from "./helpers";

type TUser = { id: string; email: string; name?: string | null };
async function signInAs(user: TUser & { counterMerchantId?: string; counterDeviceId?: string }) {
  const u = { ...user, name: user.name ?? "" };
  const token = await authOptions.callbacks!.jwt!({ token: { sub: u.id }, user: u, account: null } as never);
  auth.session = await authOptions.callbacks!.session!({ session: { user: { name: u.name, email: u.email }, expires: "" }, token } as never);
}

let admin: TUser, coAdmin: TUser, member: TUser, rivalAdmin: TUser, owner: TUser;
let pub: { id: string; slug: string }, rival: { id: string; slug: string };
let mine: { id: string; slug: string; name: string }, sibling: { id: string; slug: string }, theirs: { id: string; slug: string };
let deviceId: string;

beforeAll(async () => {
  pub = await db.publisher.create({ data: { slug: "va-pub", name: "City Lights" } });
  rival = await db.publisher.create({ data: { slug: "va-rival", name: "Rival Deals" } });
  mine = await createMerchant({ name: "Harbor Bistro", slug: "va-harbor", timeZone: "America/New_York", publisherSlug: "va-pub" });
  sibling = await createMerchant({ name: "Sibling", slug: "va-sibling", timeZone: "America/New_York", publisherSlug: "va-pub" });
  theirs = await createMerchant({ name: "Theirs", slug: "va-theirs", timeZone: "America/New_York", publisherSlug: "va-rival" });
  admin = await createUser({ email: "admin@va-pub.example", name: "Pat Publisher", publisherSlug: "va-pub" });
  await db.publisherMembership.update({ where: { publisherId_userId: { publisherId: pub.id, userId: admin.id } }, data: { role: "admin" } });
  coAdmin = await createUser({ email: "co@va-pub.example", publisherSlug: "va-pub" });
  await db.publisherMembership.update({ where: { publisherId_userId: { publisherId: pub.id, userId: coAdmin.id } }, data: { role: "admin" } });
  member = await createUser({ email: "member@va-pub.example" });
  await db.publisherMembership.create({ data: { publisherId: pub.id, userId: member.id, role: "member" } });
  rivalAdmin = await createUser({ email: "admin@va-rival.example", publisherSlug: "va-rival" });
  owner = await createUser({ email: "owner@va-harbor.example", merchantSlug: "va-harbor", role: "owner" });
  deviceId = (await db.counterDevice.create({ data: { merchantId: mine.id, name: "Till", tokenHash: sha256(randomToken()), pairedById: owner.id } })).id;
  await db.customer.create({ data: { merchantId: mine.id, firstName: "Ann", lastName: "Anders", email: "ann@example.com" } });
});

beforeEach(() => {
  auth.session = null;
  jar.clear();
});

const started = () => db.auditLog.findMany({ where: { action: "merchant.view_as.started" }, orderBy: { createdAt: "asc" } });
/** The read-only view the user holds of the merchant now, or null (whatever other access they have). */
const viewOf = async (user: TUser, slug = mine.slug) => {
  await signInAs(user);
  const me = await getCurrentUser();
  const ctx = me && (await resolveMerchantContext(me, slug));
  return ctx?.sessionKind === "view" ? ctx : null;
};
const get = (handler: typeof exportRoute, url: string) => handler(new Request(`http://localhost${url}`), { params: Promise.resolve({ merchant: mine.slug }) });

describe("without a view", () => {
  it("a publisher admin manages their own merchants as a manager; another publisher's admin and a read-only member get a 404", async () => {
    expect(await resolveMerchantMembership(admin.id, mine.slug)).toMatchObject({ role: "manager" });
    await signInAs(admin);
    expect(await getMerchantContextOrNotFound(mine.slug)).toMatchObject({ sessionKind: "password", role: "manager" });
    for (const u of [rivalAdmin, member]) {
      await signInAs(u);
      await expect(getMerchantContextOrNotFound(mine.slug)).rejects.toThrow("NEXT_NOT_FOUND");
      expect(await createApiKeyAction(mine.slug, { name: "Sneaky" })).toEqual({ ok: false, error: "That merchant was not found." });
    }
    expect(await db.apiKey.count({ where: { merchantId: mine.id } })).toBe(0);
  });
});

describe("starting a view", () => {
  it("is refused to another publisher's admin, a publisher's read-only member, the merchant's owner and a PIN session, with nothing set or audited", async () => {
    const callers: [TUser, Record<string, string>?][] = [[rivalAdmin], [member], [owner], [owner, { counterMerchantId: mine.id, counterDeviceId: deviceId }]];
    for (const [user, extra] of callers) {
      await signInAs({ ...user, ...extra });
      expect(await startViewAsAction("va-pub", { merchantSlug: mine.slug })).toEqual({ ok: false, error: "That publisher was not found." });
    }
    // An admin naming another publisher's merchant: the same 404 as a merchant that does not exist.
    await signInAs(admin);
    expect(await startViewAsAction("va-pub", { merchantSlug: theirs.slug })).toEqual({ ok: false, error: "That merchant was not found." });
    expect(await startViewAsAction("va-rival", { merchantSlug: theirs.slug })).toEqual({ ok: false, error: "That publisher was not found." });
    expect(jar.size).toBe(0);
    expect(await started()).toHaveLength(0);
  });

  it("opens a 30-minute read-only view for the publisher's admin, audited with who, which merchant and until when", async () => {
    await signInAs(admin);
    const t0 = Date.now();
    const res = await startViewAsAction("va-pub", { merchantSlug: mine.slug });
    expect(res).toMatchObject({ ok: true, data: { path: `/m/${mine.slug}` } });
    const cookie = jar.get(VIEW_AS_COOKIE)!;
    // Sent only to this merchant's paths, unreadable by scripts, gone with the view.
    expect(cookie).toMatchObject({ path: `/m/${mine.slug}`, httpOnly: true, sameSite: "lax", maxAge: 30 * 60 });
    const [entry] = await started();
    expect(entry).toMatchObject({ merchantId: mine.id, publisherId: pub.id, actorUserId: admin.id, entityId: mine.id });
    const until = Date.parse((entry!.data as { expiresAt: string }).expiresAt);
    expect(until - t0).toBeGreaterThanOrEqual(30 * 60_000 - 1000);
    expect(until - t0).toBeLessThanOrEqual(30 * 60_000 + 5000);

    const ctx = await getMerchantContextOrNotFound(mine.slug);
    expect(ctx).toMatchObject({ sessionKind: "view", role: "manager", merchant: { id: mine.id }, viewAs: { publisherName: "City Lights" } });
  });
});

describe("a view", () => {
  async function open() {
    await signInAs(admin);
    const res = await startViewAsAction("va-pub", { merchantSlug: mine.slug });
    if (!res.ok) throw new Error(res.error);
    return jar.get(VIEW_AS_COOKIE)!.value;
  }

  it("reads, and is refused every action, every non-GET route and the exports, changing nothing", async () => {
    await open();
    expect(await createApiKeyAction(mine.slug, { name: "From the view" })).toEqual({ ok: false, error: VIEW_ONLY_MESSAGE });
    expect(await db.apiKey.count({ where: { merchantId: mine.id } })).toBe(0);

    const capture = await captureRoute(
      new Request(`http://localhost/m/${mine.slug}/counter/captures`, {
        method: "POST",
        headers: { "content-type": "application/json", "idempotency-key": crypto.randomUUID() },
        body: JSON.stringify({ customer: { firstName: "Vic", lastName: "Viewer" }, amountCents: 100 }),
      }),
      { params: Promise.resolve({ merchant: mine.slug }) },
    );
    expect(capture.status).toBe(403);
    expect(await capture.json()).toMatchObject({ detail: VIEW_ONLY_MESSAGE, readOnly: true });
    expect(await db.visit.count({ where: { merchantId: mine.id } })).toBe(0);

    const exported = await get(exportRoute, `/m/${mine.slug}/customers/export`);
    expect(exported.status).toBe(403);
    const search = await get(counterSearchRoute, `/m/${mine.slug}/counter/customers?q=an`);
    expect(search.status).toBe(200);
    expect(JSON.stringify(await search.json())).toContain("Anders");
  });

  it("holds for nobody else and for no other merchant: forged, copied, stretched and expired grants are refused", async () => {
    const value = await open();
    // The publisher's other merchant, with this merchant's grant.
    expect(await viewOf(admin, sibling.slug)).toBeNull();
    // Another admin of the same publisher, another publisher's admin, a read-only member, the
    // owner: each holding a copy of this admin's cookie.
    for (const u of [coAdmin, rivalAdmin, member, owner]) expect(await viewOf(u)).toBeNull();
    await signInAs(rivalAdmin);
    expect(await createApiKeyAction(mine.slug, { name: "Stolen" })).toEqual({ ok: false, error: "That merchant was not found." });
    jar.set(VIEW_AS_COOKIE, { value });
    // The signed part changed: a later end, another merchant.
    const [body, sig] = value.split(".");
    const claims = JSON.parse(Buffer.from(body!, "base64url").toString("utf8"));
    const stretched = `${Buffer.from(JSON.stringify({ ...claims, exp: claims.exp + 86_400_000 })).toString("base64url")}.${sig}`;
    jar.set(VIEW_AS_COOKIE, { value: stretched });
    expect(await viewOf(admin)).toBeNull();
    // Signed with a key that is not the app's view key (a preference-link style payload).
    jar.set(VIEW_AS_COOKIE, { value: signPayload({ ...claims }, process.env.NEXTAUTH_SECRET ?? "x") });
    expect(await viewOf(admin)).toBeNull();
    // Expired.
    jar.set(VIEW_AS_COOKIE, { value: signViewAs({ u: admin.id, m: mine.id, p: pub.id, exp: Date.now() - 1 }) });
    expect(await viewOf(admin)).toBeNull();
    // A grant naming another publisher's merchant, made by the app for this admin (say, before a
    // rival merchant moved): the merchant is not this publisher's.
    jar.set(VIEW_AS_COOKIE, { value: signViewAs({ u: admin.id, m: theirs.id, p: pub.id, exp: Date.now() + 60_000 }) });
    expect(await viewOf(admin, theirs.slug)).toBeNull();
    // Garbage.
    jar.set(VIEW_AS_COOKIE, { value: "not-a-grant" });
    expect(await viewOf(admin)).toBeNull();
    // The genuine grant still works.
    jar.set(VIEW_AS_COOKIE, { value });
    expect(await viewOf(admin)).toMatchObject({ sessionKind: "view" });
  });

  it("ends when the merchant moves to another publisher or the admin stops being one", async () => {
    await open();
    expect(await viewOf(admin)).toMatchObject({ sessionKind: "view" });
    await db.merchant.update({ where: { id: mine.id }, data: { publisherId: rival.id } });
    try {
      expect(await viewOf(admin)).toBeNull();
    } finally {
      await db.merchant.update({ where: { id: mine.id }, data: { publisherId: pub.id } });
    }
    await db.publisherMembership.update({ where: { publisherId_userId: { publisherId: pub.id, userId: admin.id } }, data: { role: "member" } });
    try {
      expect(await viewOf(admin)).toBeNull();
    } finally {
      await db.publisherMembership.update({ where: { publisherId_userId: { publisherId: pub.id, userId: admin.id } }, data: { role: "admin" } });
    }
    expect(await viewOf(admin)).toMatchObject({ sessionKind: "view" });
  });

  it("is ended by its button: the grant is dropped, the end audited, and the console's merchant page is next", async () => {
    await open();
    expect(await endViewAsAction(mine.slug, {})).toEqual({ ok: true, data: { path: `/p/va-pub/merchants/${mine.slug}` } });
    expect(jar.has(VIEW_AS_COOKIE)).toBe(false);
    expect(await viewOf(admin)).toBeNull();
    expect(await db.auditLog.count({ where: { action: "merchant.view_as.ended", merchantId: mine.id, actorUserId: admin.id } })).toBe(1);
    // Ending with no view (twice, or a forged slug) changes nothing and says where to go.
    expect(await endViewAsAction(mine.slug, {})).toEqual({ ok: true, data: { path: "/" } });
    expect(await endViewAsAction("../../admin", {})).toEqual({ ok: true, data: { path: "/" } });
    expect(await db.auditLog.count({ where: { action: "merchant.view_as.ended" } })).toBe(1);
  });
});
