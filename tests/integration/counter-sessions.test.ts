import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { beforeEach, describe, expect, it, vi } from "vitest";

// Sessions are real next-auth JWT claims made by the app's own authorize + jwt + session
// callbacks; only the cookie reading (getServerSession) is replaced, so getCurrentUser and the
// one context resolution run as in the app.
const auth = vi.hoisted(() => ({ session: null as unknown }));
vi.mock("next-auth", async (importOriginal) => ({ ...(await importOriginal<typeof import("next-auth")>()), getServerSession: async () => auth.session }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));
// next.config.ts turns on authInterrupts, which is what lets pages call forbidden().
process.env.__NEXT_EXPERIMENTAL_AUTH_INTERRUPTS = "true";

import { GET as exportRoute } from "@/app/m/[merchant]/customers/export/route";
import { GET as counterSearchRoute } from "@/app/m/[merchant]/counter/customers/route";
import { DELETE as undoRoute } from "@/app/m/[merchant]/counter/captures/[visitId]/route";
import { revokeCounterDeviceAction, setStaffPinAction } from "@/features/accounts/actions";
import { listRecentPinTrouble as listRecentPinTroubleOf } from "@/features/accounts/queries";
import { createUser } from "@/features/tenancy/admin-commands";
import { createApiKeyAction } from "@/features/tenancy/actions";
import { authOptions, COUNTER_DEVICE_COOKIE, getCurrentUser } from "@/lib/auth";
import { hashPassword, verifyPassword } from "@/lib/password";
import { pool } from "@/lib/db";
import { randomToken, sha256 } from "@/lib/tokens";
import { db, inTenantOf, makeMerchant } from "./helpers";

// Feature functions run as their entry points run them: in the tenant scope of their merchant.
const listRecentPinTrouble = inTenantOf(listRecentPinTroubleOf);

type TAuthUser = { id: string; email: string; name: string; counterMerchantId?: string; counterDeviceId?: string };
type TAuthorize = (credentials: Record<string, string>, req: { headers: Record<string, string> }) => Promise<TAuthUser | null>;

const pinProvider = (): TAuthorize => {
  const p = authOptions.providers.find((x) => (x as unknown as { options: { id: string } }).options.id === "counter-pin") as unknown as {
    options: { authorize: TAuthorize };
  };
  return p.options.authorize;
};

/** Runs the app's jwt and session callbacks, as next-auth does at sign-in and on each request. */
async function signInAs(user: TAuthUser, tamper: (token: Record<string, unknown>) => void = () => {}) {
  const token = (await authOptions.callbacks!.jwt!({ token: { sub: user.id }, user, account: null } as never)) as Record<string, unknown>;
  tamper(token);
  auth.session = await authOptions.callbacks!.session!({ session: { user: { name: user.name, email: user.email }, expires: "" }, token } as never);
}

async function merchantWithTablet(name: string) {
  const m = await makeMerchant(name);
  const manager = await createUser({
    email: `manager-${m.merchant.slug}@example.com`,
    name: "Mia Manager",
    password: "manager-password-1",
    merchantSlug: m.merchant.slug,
    role: "manager",
  });
  const secret = randomToken();
  const device = await db.counterDevice.create({
    data: { merchantId: m.merchant.id, name: "Front counter", tokenHash: sha256(secret), pairedById: m.owner.id },
  });
  for (const u of [m.owner, m.staff, manager]) {
    await db.membership.update({ where: { merchantId_userId: { merchantId: m.merchant.id, userId: u.id } }, data: { pinHash: await hashPassword("2468") } });
  }
  const pin = (userId: string, value: string, deviceSecret = secret) =>
    pinProvider()({ merchantSlug: m.merchant.slug, userId, pin: value }, { headers: { cookie: `${COUNTER_DEVICE_COOKIE}=${deviceSecret}` } });
  return { ...m, manager, device, secret, pin };
}

const asPassword = (u: { id: string; email: string; name?: string | null }) => signInAs({ id: u.id, email: u.email, name: u.name ?? "" });

const get = (handler: typeof exportRoute, url: string, params: Record<string, string>) =>
  handler(new Request(`http://localhost${url}`), { params: Promise.resolve(params as { merchant: string }) });

beforeEach(() => {
  auth.session = null;
});

describe("a PIN session is a counter session, whatever the member's role", () => {
  it("refuses a manager's PIN session an API key and the customer export, and keeps the counter working", async () => {
    const t = await merchantWithTablet("Counter Only");
    const signedIn = await t.pin(t.manager.id, "2468");
    expect(signedIn).toMatchObject({ id: t.manager.id, counterMerchantId: t.merchant.id, counterDeviceId: t.device.id });
    await signInAs(signedIn!);

    const key = await createApiKeyAction(t.merchant.slug, { name: "From the tablet" });
    expect(key).toMatchObject({ ok: false, error: expect.stringContaining("signed in for the counter only") });
    expect(await db.apiKey.count({ where: { merchantId: t.merchant.id, name: "From the tablet" } })).toBe(0);

    const exported = await get(exportRoute, `/m/${t.merchant.slug}/customers/export`, { merchant: t.merchant.slug });
    expect(exported.status).toBe(403);
    expect(exported.headers.get("content-type")).toContain("application/problem+json");
    expect(await exported.json()).toMatchObject({ status: 403, detail: expect.stringContaining("counter only") });

    // Other back-office actions answer the same, for the owner's PIN too.
    await signInAs((await t.pin(t.owner.id, "2468"))!);
    expect(await setStaffPinAction(t.merchant.slug, { userId: t.staff.id, pin: "1111" })).toMatchObject({
      ok: false,
      error: expect.stringContaining("counter only"),
    });
    expect(await revokeCounterDeviceAction(t.merchant.slug, { deviceId: t.device.id })).toMatchObject({ ok: false });
    expect((await db.counterDevice.findUniqueOrThrow({ where: { merchantId_id: { merchantId: t.merchant.id, id: t.device.id } } })).revokedAt).toBeNull();

    // What the counter needs still answers.
    const search = await get(counterSearchRoute, `/m/${t.merchant.slug}/counter/customers?q=al`, { merchant: t.merchant.slug });
    expect(search.status).toBe(200);

    // The same manager signed in with a password may do both.
    await asPassword(t.manager);
    expect(await createApiKeyAction(t.merchant.slug, { name: "From the laptop" })).toMatchObject({ ok: true });
    expect((await get(exportRoute, `/m/${t.merchant.slug}/customers/export`, { merchant: t.merchant.slug })).status).toBe(200);
  }, 120_000); // imports and renders many modules: 13 s alone, over 30 s on a loaded machine

  it("holds a manager's PIN session to the counter's undo rules: their own captures only", async () => {
    const t = await merchantWithTablet("Undo Rules");
    const customer = await db.customer.create({ data: { merchantId: t.merchant.id, email: "ada@example.com", emailNormalized: "ada@example.com" } });
    const visit = await db.visit.create({
      data: {
        merchantId: t.merchant.id,
        customerId: customer.id,
        staffUserId: t.staff.id,
        occurredAt: new Date(),
        localDate: new Date("2026-01-01"),
        localDayOfWeek: 4,
        localHour: 12,
      },
    });
    const undo = () =>
      undoRoute(new Request(`http://localhost/m/${t.merchant.slug}/counter/captures/${visit.id}`, { method: "DELETE" }), {
        params: Promise.resolve({ merchant: t.merchant.slug, visitId: visit.id }),
      });

    await signInAs((await t.pin(t.manager.id, "2468"))!);
    expect((await undo()).status).toBe(403);
    expect(await db.visit.count({ where: { merchantId: t.merchant.id, id: visit.id } })).toBe(1);

    await asPassword(t.manager);
    expect((await undo()).status).toBe(200);
    expect(await db.visit.count({ where: { merchantId: t.merchant.id, id: visit.id } })).toBe(0);
  });
});

describe("a PIN session names its tablet", () => {
  it("ends on the next request once the tablet is unpaired", async () => {
    const t = await merchantWithTablet("Unpair");
    await signInAs((await t.pin(t.staff.id, "2468"))!);
    expect(await getCurrentUser()).toMatchObject({ id: t.staff.id, counterDeviceId: t.device.id });
    expect((await get(counterSearchRoute, `/m/${t.merchant.slug}/counter/customers?q=a`, { merchant: t.merchant.slug })).status).toBe(200);

    const session = auth.session;
    await asPassword(t.owner);
    expect(await revokeCounterDeviceAction(t.merchant.slug, { deviceId: t.device.id })).toMatchObject({ ok: true });

    auth.session = session; // the tablet's next request, with its unchanged cookie
    expect(await getCurrentUser()).toBeNull();
    const after = await get(counterSearchRoute, `/m/${t.merchant.slug}/counter/customers?q=a`, { merchant: t.merchant.slug });
    expect(after.status).toBe(401);
  });

  it("ends when the tablet is gone, belongs to another merchant, is missing from the token, or the shift is over", async () => {
    const t = await merchantWithTablet("Claims");
    const other = await merchantWithTablet("Elsewhere");
    const user = (await t.pin(t.staff.id, "2468"))!;

    await signInAs(user, (token) => (token.counterDeviceId = other.device.id));
    expect(await getCurrentUser()).toBeNull();
    await signInAs(user, (token) => delete token.counterDeviceId); // a token from before tablets were named
    expect(await getCurrentUser()).toBeNull();
    await signInAs(user, (token) => (token.counterSignedInAt = Math.floor(Date.now() / 1000) - 13 * 60 * 60));
    expect(await getCurrentUser()).toBeNull();

    await signInAs(user);
    expect(await getCurrentUser()).not.toBeNull();
    await db.counterDevice.delete({ where: { merchantId_id: { merchantId: t.merchant.id, id: t.device.id } } });
    expect(await getCurrentUser()).toBeNull();
  });
});

describe("PIN guesses are throttled and audited", () => {
  const outcome = (p: Promise<unknown>) =>
    p.then(
      (v) => (v ? "signed in" : "wrong"),
      (e: Error) => e.message,
    );

  it("locks a member out after 5 wrong PINs, refuses even the right PIN, audits it, and shows the manager", async () => {
    const t = await merchantWithTablet("Guesses");
    const results: string[] = [];
    for (let i = 0; i < 10; i++) results.push(await outcome(t.pin(t.staff.id, String(1000 + i))));
    expect(results.slice(0, 5)).toEqual(Array(5).fill("wrong"));
    for (const r of results.slice(5)) expect(r).toBe("Too many wrong PINs. Try again in 1 minute.");
    expect(await outcome(t.pin(t.staff.id, "2468"))).toBe("Too many wrong PINs. Try again in 1 minute.");

    const audit = await db.auditLog.findMany({ where: { merchantId: t.merchant.id, action: { startsWith: "counter.pin_" } }, orderBy: { createdAt: "asc" } });
    expect(audit.filter((a) => a.action === "counter.pin_failed")).toHaveLength(6);
    const locked = audit.filter((a) => a.action === "counter.pin_locked");
    expect(locked).toHaveLength(1);
    expect(locked[0]).toMatchObject({
      entityType: "Membership",
      entityId: t.staff.id,
      data: expect.objectContaining({ deviceName: "Front counter", lockedKeys: ["member"] }),
    });

    // Another member on the same tablet is not locked out by this one's misses.
    expect(await outcome(t.pin(t.manager.id, "2468"))).toBe("signed in");

    const trouble = await listRecentPinTrouble(t.merchant.id);
    expect(trouble[0]).toMatchObject({ kind: "locked", memberName: "Staff", deviceName: "Front counter" });
    expect(trouble.filter((x) => x.kind === "failed")).toHaveLength(6);

    // When the lockout ends the right PIN works; a further miss before that locks for twice as long.
    await pool().query(`UPDATE rate_limits SET "lockedUntil" = clock_timestamp() - interval '1 second' WHERE "key" LIKE 'pin-member:%'`);
    expect(await outcome(t.pin(t.staff.id, "0000"))).toBe("Too many wrong PINs. Try again in 2 minutes.");
    await pool().query(`UPDATE rate_limits SET "lockedUntil" = clock_timestamp() - interval '1 second' WHERE "key" LIKE 'pin-member:%'`);
    expect(await outcome(t.pin(t.staff.id, "2468"))).toBe("signed in");
  });

  it("locks the tablet after 10 wrong PINs spread over many names", async () => {
    const t = await merchantWithTablet("Spray");
    const strangers = Array.from({ length: 11 }, () => crypto.randomUUID());
    const results = [];
    for (const id of strangers) results.push(await outcome(t.pin(id, "1357")));
    expect(results.slice(0, 10)).toEqual(Array(10).fill("wrong"));
    expect(results[10]).toMatch(/^Too many wrong PINs/);
    expect(await outcome(t.pin(t.staff.id, "2468"))).toMatch(/^Too many wrong PINs/);
    const locked = await db.auditLog.findFirstOrThrow({ where: { merchantId: t.merchant.id, action: "counter.pin_locked" } });
    expect(locked).toMatchObject({ entityType: "CounterDevice", entityId: t.device.id, data: expect.objectContaining({ lockedKeys: ["tablet"] }) });
  });
});

describe("setting a member's PIN", () => {
  it("needs equal or higher rank: a manager cannot set the owner's PIN", async () => {
    const t = await merchantWithTablet("Ranks");
    await asPassword(t.manager);
    const refused = await setStaffPinAction(t.merchant.slug, { userId: t.owner.id, pin: "1111" });
    expect(refused).toMatchObject({ ok: false, error: "Only an owner can set an owner's PIN." });
    const owner = await db.membership.findUniqueOrThrow({
      where: { merchantId_userId: { merchantId: t.merchant.id, userId: t.owner.id } },
      omit: { pinHash: false },
    });
    expect(await verifyPassword("2468", owner.pinHash)).toBe(true);

    expect(await setStaffPinAction(t.merchant.slug, { userId: t.staff.id, pin: "1111" })).toMatchObject({ ok: true });
    expect(await setStaffPinAction(t.merchant.slug, { userId: t.manager.id, pin: "2222" })).toMatchObject({ ok: true });
    await asPassword(t.owner);
    expect(await setStaffPinAction(t.merchant.slug, { userId: t.owner.id, pin: "3333" })).toMatchObject({ ok: true });
  });
});

describe("every back-office page checks the role itself", () => {
  // Rendered without their layouts, as a hand-made RSC request can get them.
  const appDir = path.resolve(import.meta.dirname, "../../src/app/m/[merchant]");
  const pages = (function walk(dir: string): string[] {
    return readdirSync(dir).flatMap((f) => {
      const full = path.join(dir, f);
      return statSync(full).isDirectory() ? walk(full) : f === "page.tsx" ? [full] : [];
    });
  })(path.join(appDir, "(manager)")).concat(
    path.join(appDir, "campaigns/[id]/page.tsx"),
    // The Best Customer List and the 360 are for managers too; staff find customers at the counter.
    path.join(appDir, "customers/(list)/page.tsx"),
    path.join(appDir, "customers/[id]/page.tsx"),
  );

  const digestOf = async (render: () => Promise<unknown>) => {
    try {
      await render();
      return "rendered";
    } catch (e) {
      return String((e as { digest?: string }).digest ?? e);
    }
  };

  it("answers 404 to staff and 403 to a PIN session on each of them", async () => {
    const t = await merchantWithTablet("Pages");
    expect(pages.length).toBeGreaterThanOrEqual(10);
    expect(pages.some((p) => p.endsWith(path.join("mailbox", "page.tsx")))).toBe(true);
    const props = { params: Promise.resolve({ merchant: t.merchant.slug, id: crypto.randomUUID() }), searchParams: Promise.resolve({}) };
    for (const file of pages) {
      const Page = (await import(file)).default as (p: typeof props) => Promise<unknown>;
      await asPassword(t.staff);
      expect(await digestOf(() => Page(props)), path.relative(appDir, file)).toBe("NEXT_HTTP_ERROR_FALLBACK;404");
      await signInAs((await t.pin(t.manager.id, "2468"))!);
      expect(await digestOf(() => Page(props)), path.relative(appDir, file)).toBe("NEXT_HTTP_ERROR_FALLBACK;403");
    }
  }, 120_000); // imports every back-office page: over 30 s on a loaded machine
});
