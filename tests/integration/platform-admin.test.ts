import { beforeEach, describe, expect, it, vi } from "vitest";

// Issue 15, the platform admin: publishers, merchants (suspension at every door) and users
// (disabling at every sign-in door). Sessions are the app's own next-auth claims (authorize + jwt +
// session callbacks); only the cookie reading is replaced, so getCurrentUser, the chain and the
// context resolution run as in the app.
const auth = vi.hoisted(() => ({ session: null as unknown }));
vi.mock("next-auth", async (importOriginal) => ({ ...(await importOriginal<typeof import("next-auth")>()), getServerSession: async () => auth.session }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));
vi.mock("next/headers", () => ({
  headers: async () => new Headers(),
  cookies: async () => ({ get: () => undefined, set: () => undefined, delete: () => undefined }),
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

import { POST as captureRoute } from "@/app/m/[merchant]/counter/captures/route";
import { GET as merchantApi } from "@/app/api/v1/merchant/route";
import { runCampaignJob } from "@/features/campaigns/jobs";
import { createCampaign } from "@/features/campaigns/service";
import { evaluateMerchant } from "@/features/automations/evaluate";
import { sendMagicLink } from "@/features/accounts/magic-link";
import {
  assignMerchantAction,
  createPublisherAction,
  renamePublisherAction,
  setUserDisabledAction,
  suspendMerchantAction,
  unsuspendMerchantAction,
} from "@/features/tenancy/admin-actions";
import { searchMerchantsForAdmin, searchUsersForAdmin } from "@/features/tenancy/admin";
import { createApiKeyAction } from "@/features/tenancy/actions";
import { createUser } from "@/features/tenancy/admin-commands";
import { getMerchantContextOrNotFound, requirePlatformAdmin } from "@/features/tenancy/queries";
import { judgeCaptureAnswer } from "@/features/visits/components/capture-outcome";
import { authOptions, COUNTER_DEVICE_COOKIE, getCurrentUser } from "@/lib/auth";
import { db as appDb } from "@/lib/db";
import { hashPassword } from "@/lib/password";
import { ACCOUNT_DISABLED_CODE } from "@/lib/sign-in-errors";
import { withPlatform, withTenant } from "@/lib/tenant";
import { randomToken, sha256 } from "@/lib/tokens";
import { anyDayPromotion, automation, dealCustomers, noPace } from "./automation-fixtures";
import { addCustomers, offPeakPromotion, staticGroup } from "./campaign-fixtures";
import { db, makeMerchant } from "./helpers";

type TAuthUser = { id: string; email: string; name: string; counterMerchantId?: string; counterDeviceId?: string };
type TAuthorize = (credentials: Record<string, string>, req: { headers: Record<string, string> }) => Promise<TAuthUser | null>;
const provider = (id: string): TAuthorize =>
  (authOptions.providers.find((x) => (x as unknown as { options: { id: string } }).options.id === id) as unknown as { options: { authorize: TAuthorize } })
    .options.authorize;

/** Runs the app's jwt and session callbacks, as next-auth does at sign-in and on each request. */
async function signInAs(user: { id: string; email: string; name?: string | null; counterMerchantId?: string; counterDeviceId?: string }) {
  const u = { ...user, name: user.name ?? "" };
  const token = await authOptions.callbacks!.jwt!({ token: { sub: u.id }, user: u, account: null } as never);
  auth.session = await authOptions.callbacks!.session!({ session: { user: { name: u.name, email: u.email }, expires: "" }, token } as never);
}

let rootN = 0;
async function platformAdmin() {
  rootN += 1;
  return createUser({ email: `root-${rootN}-${Date.now()}@platform.example`, name: "Root", password: "root-password-1", platformAdmin: true });
}

const audits = (where: { action: string; entityId?: string }) => db.auditLog.findMany({ where, orderBy: { createdAt: "asc" } });

beforeEach(() => {
  auth.session = null;
});

describe("the platform admin's actions refuse everyone else", () => {
  it("answers a merchant owner, a publisher admin and a platform admin's PIN session with a 404, and changes nothing", async () => {
    const m = await makeMerchant("Iso Admin");
    const pub = await db.publisher.create({ data: { slug: `iso-adm-${Date.now()}`, name: "Iso Adm" } });
    const pubAdmin = await createUser({ email: `padmin-${pub.slug}@example.com`, publisherSlug: pub.slug });
    // A platform admin who is also staff at the merchant, signed in by PIN on its tablet.
    const root = await platformAdmin();
    await createUser({ email: root.email, merchantSlug: m.merchant.slug, role: "staff" });
    const device = await db.counterDevice.create({
      data: { merchantId: m.merchant.id, name: "Till", tokenHash: sha256(randomToken()), pairedById: m.owner.id },
    });

    const calls = [
      () => createPublisherAction({ name: "Sneaky", slug: "sneaky" }),
      () => renamePublisherAction({ publisherId: pub.id, name: "Renamed" }),
      () => assignMerchantAction({ merchantId: m.merchant.id, publisherId: pub.id }),
      () => suspendMerchantAction({ merchantId: m.merchant.id, reason: "Not allowed" }),
      () => unsuspendMerchantAction({ merchantId: m.merchant.id }),
      () => setUserDisabledAction({ userId: m.staff.id, disabled: true }),
    ];
    const callers = [
      () => signInAs(m.owner),
      () => signInAs(pubAdmin),
      () => signInAs({ ...root, counterMerchantId: m.merchant.id, counterDeviceId: device.id }),
      async () => {
        auth.session = null;
      },
    ];
    for (const as of callers) {
      await as();
      for (const call of calls) {
        const res = await call();
        expect(res.ok).toBe(false);
        if (!res.ok) expect(res.error).toMatch(/That page was not found\.|Your session has ended/);
      }
    }
    expect(await db.publisher.count({ where: { slug: "sneaky" } })).toBe(0);
    expect(await db.publisher.findUniqueOrThrow({ where: { id: pub.id } })).toMatchObject({ name: "Iso Adm" });
    expect(await db.merchant.findUniqueOrThrow({ where: { id: m.merchant.id } })).toMatchObject({ publisherId: null, suspendedAt: null });
    expect(await db.user.findUniqueOrThrow({ where: { id: m.staff.id } })).toMatchObject({ disabledAt: null });
    // The pages: the same 404.
    await signInAs(m.owner);
    await expect(requirePlatformAdmin()).rejects.toThrow("NEXT_NOT_FOUND");
  });
});

describe("publishers", () => {
  it("creates, renames and assigns merchants, each audited; a taken address is a field error", async () => {
    const root = await platformAdmin();
    await signInAs(root);
    const slug = `pub-${Date.now()}`;
    const created = await createPublisherAction({ name: " City Lights ", slug });
    expect(created).toMatchObject({ ok: true, data: { slug, name: "City Lights" } });
    const again = await createPublisherAction({ name: "Copy", slug });
    expect(again).toMatchObject({ ok: false, fieldErrors: { slug: "This address is taken." } });
    expect(await createPublisherAction({ name: "", slug: "Bad Slug" })).toMatchObject({
      ok: false,
      fieldErrors: { name: expect.any(String), slug: expect.stringContaining("lower-case") },
    });
    if (!created.ok) throw new Error("not created");
    const publisherId = created.data.id;

    expect(await renamePublisherAction({ publisherId, name: "City Lights Deals" })).toMatchObject({ ok: true });
    expect(await renamePublisherAction({ publisherId, name: "City Lights Deals" })).toMatchObject({ ok: true }); // a retry: nothing doubles
    expect(await renamePublisherAction({ publisherId: crypto.randomUUID(), name: "Ghost" })).toMatchObject({
      ok: false,
      error: "That publisher was not found.",
    });
    expect(await db.publisher.findUniqueOrThrow({ where: { id: publisherId } })).toMatchObject({ name: "City Lights Deals" });

    const m = await makeMerchant("Assignable");
    expect(await assignMerchantAction({ merchantId: m.merchant.id, publisherId })).toMatchObject({ ok: true, data: { publisherId } });
    expect(await assignMerchantAction({ merchantId: m.merchant.id, publisherId })).toMatchObject({ ok: true });
    expect((await db.merchant.findUniqueOrThrow({ where: { id: m.merchant.id } })).publisherId).toBe(publisherId);
    expect(await assignMerchantAction({ merchantId: m.merchant.id, publisherId: crypto.randomUUID() })).toMatchObject({
      ok: false,
      error: "That publisher was not found.",
    });
    expect(await assignMerchantAction({ merchantId: m.merchant.id, publisherId: null })).toMatchObject({ ok: true, data: { publisherId: null } });
    expect((await db.merchant.findUniqueOrThrow({ where: { id: m.merchant.id } })).publisherId).toBeNull();

    expect(await audits({ action: "publisher.created", entityId: publisherId })).toEqual([expect.objectContaining({ actorUserId: root.id, publisherId })]);
    expect(await audits({ action: "publisher.renamed", entityId: publisherId })).toEqual([
      expect.objectContaining({ actorUserId: root.id, data: { from: "City Lights", to: "City Lights Deals" } }),
    ]);
    const moves = await audits({ action: "merchant.publisher_changed", entityId: m.merchant.id });
    expect(moves.map((a) => a.data)).toEqual([
      { from: null, to: publisherId },
      { from: publisherId, to: null },
    ]);
  });
});

describe("finding merchants and users", () => {
  it("searches by name, slug, email, case-insensitively", async () => {
    const m = await makeMerchant("Zebra Grill");
    await signInAs(await platformAdmin());
    const merchants = await withPlatform("test: admin search", () => searchMerchantsForAdmin({ q: "zEBRA", page: 1 }));
    expect(merchants.rows.map((r) => r.id)).toContain(m.merchant.id);
    expect((await withPlatform("test: admin search", () => searchMerchantsForAdmin({ q: "no-such-merchant-anywhere", page: 1 }))).total).toBe(0);
    const users = await withPlatform("test: admin search", () => searchUsersForAdmin({ q: `OWNER-${m.merchant.slug}`, page: 1 }));
    expect(users.rows).toEqual([expect.objectContaining({ id: m.owner.id, memberships: [{ role: "owner", merchant: { name: "Zebra Grill" } }] })]);
  });
});

describe("a suspended merchant", () => {
  it("is refused at every door with the reason, keeps its data, and works again once unsuspended", async () => {
    const m = await makeMerchant("Suspendable");
    const root = await platformAdmin();
    const ids = await addCustomers(m.merchant.id, { n: 3, prefix: `sus${Date.now()}` });
    const group = await staticGroup(m.merchant.id, "All", ids);
    const promotion = await offPeakPromotion(m.merchant.id);
    const campaign = await withTenant(m.merchant.id, () =>
      appDb.$transaction((tx) => createCampaign(tx, m.merchant, { promotionId: promotion.id, groupId: group.id, holdoutPercent: 0 }, {})),
    );
    const secret = randomToken();
    const device = await db.counterDevice.create({ data: { merchantId: m.merchant.id, name: "Till", tokenHash: sha256(secret), pairedById: m.owner.id } });

    await signInAs(root);
    expect(await suspendMerchantAction({ merchantId: m.merchant.id, reason: "" })).toMatchObject({
      ok: false,
      fieldErrors: { reason: expect.stringContaining("Say why") },
    });
    expect(await suspendMerchantAction({ merchantId: crypto.randomUUID(), reason: "Unpaid invoices" })).toMatchObject({
      ok: false,
      error: "That merchant was not found.",
    });
    expect(await suspendMerchantAction({ merchantId: m.merchant.id, reason: "Unpaid invoices." })).toMatchObject({ ok: true });
    expect(await suspendMerchantAction({ merchantId: m.merchant.id, reason: "Unpaid invoices." })).toMatchObject({ ok: true }); // retried
    expect(await audits({ action: "merchant.suspended", entityId: m.merchant.id })).toEqual([
      expect.objectContaining({ merchantId: m.merchant.id, actorUserId: root.id, data: { reason: "Unpaid invoices." } }),
    ]);
    const message = "This business is suspended: Unpaid invoices. Contact support.";

    // The app's pages: the owner is sent to the page that says why; that page itself renders.
    await signInAs(m.owner);
    await expect(getMerchantContextOrNotFound(m.merchant.slug)).rejects.toThrow(`NEXT_REDIRECT /m/${m.merchant.slug}/suspended`);
    await expect(getMerchantContextOrNotFound(m.merchant.slug, { suspended: true })).resolves.toMatchObject({
      merchant: { suspendedReason: "Unpaid invoices." },
    });
    // Its actions: the reason, and nothing made.
    expect(await createApiKeyAction(m.merchant.slug, { name: "While suspended" })).toEqual({ ok: false, error: message });
    expect(await db.apiKey.count({ where: { merchantId: m.merchant.id, name: "While suspended" } })).toBe(0);
    // A stranger still learns nothing: the 404 of a merchant that does not exist.
    const other = await makeMerchant("Stranger");
    await signInAs(other.owner);
    expect(await createApiKeyAction(m.merchant.slug, { name: "x" })).toEqual({ ok: false, error: "That merchant was not found." });

    // Its API keys: 403 problem+json with the reason.
    const api = await merchantApi(new Request("http://localhost/api/v1/merchant", { headers: { authorization: `Bearer ${m.apiKey}` } }), {
      params: Promise.resolve({}),
    });
    expect(api.status).toBe(403);
    expect(api.headers.get("content-type")).toContain("application/problem+json");
    expect(await api.json()).toMatchObject({ status: 403, code: "MERCHANT_SUSPENDED", detail: message });

    // Its counter: the capture is refused with the reason, and the tablet keeps it queued.
    await signInAs({ ...m.staff, counterMerchantId: m.merchant.id, counterDeviceId: device.id });
    const key = crypto.randomUUID();
    const res = await captureRoute(
      new Request(`http://localhost/m/${m.merchant.slug}/counter/captures`, {
        method: "POST",
        headers: { "content-type": "application/json", "idempotency-key": key },
        body: JSON.stringify({ customer: { firstName: "Sue", lastName: "Spended" }, amountCents: 1200 }),
      }),
      { params: Promise.resolve({ merchant: m.merchant.slug }) },
    );
    const body = await res.json();
    expect(res.status).toBe(403);
    expect(body).toMatchObject({ code: "MERCHANT_SUSPENDED", detail: message });
    expect(judgeCaptureAnswer(key, { status: res.status, contentType: res.headers.get("content-type"), body })).toEqual({
      kind: "keep",
      reason: "suspended",
      message,
    });
    expect(await db.visit.count({ where: { merchantId: m.merchant.id } })).toBe(0);

    // Sending: the scheduled campaign waits, untouched.
    expect(await runCampaignJob({ merchantId: m.merchant.id, campaignId: campaign.id }, { pace: noPace })).toEqual({ status: "paused", sent: 0 });
    expect(await db.campaign.findUniqueOrThrow({ where: { merchantId_id: { merchantId: m.merchant.id, id: campaign.id } } })).toMatchObject({
      status: "scheduled",
    });
    // The data is kept.
    expect(await db.customer.count({ where: { merchantId: m.merchant.id } })).toBe(3);

    // Unsuspended: every door opens again, and the campaign sends.
    await signInAs(root);
    expect(await unsuspendMerchantAction({ merchantId: m.merchant.id })).toMatchObject({ ok: true });
    expect(await unsuspendMerchantAction({ merchantId: m.merchant.id })).toMatchObject({ ok: true }); // retried
    expect(await audits({ action: "merchant.unsuspended", entityId: m.merchant.id })).toHaveLength(1);
    await signInAs(m.owner);
    await expect(getMerchantContextOrNotFound(m.merchant.slug)).resolves.toMatchObject({ role: "owner" });
    expect(await createApiKeyAction(m.merchant.slug, { name: "After" })).toMatchObject({ ok: true });
    const apiAfter = await merchantApi(new Request("http://localhost/api/v1/merchant", { headers: { authorization: `Bearer ${m.apiKey}` } }), {
      params: Promise.resolve({}),
    });
    expect(apiAfter.status).toBe(200);
    expect(await runCampaignJob({ merchantId: m.merchant.id, campaignId: campaign.id }, { pace: noPace })).toMatchObject({ status: "sending", sent: 3 });
  }, 60_000);

  it("stops a campaign between chunks when suspended mid-send, and finishes it once unsuspended", async () => {
    const m = await makeMerchant("Mid Send");
    const ids = await addCustomers(m.merchant.id, { n: 250, prefix: `mid${Date.now()}` });
    const group = await staticGroup(m.merchant.id, "All", ids);
    const promotion = await offPeakPromotion(m.merchant.id);
    const campaign = await withTenant(m.merchant.id, () =>
      appDb.$transaction((tx) => createCampaign(tx, m.merchant, { promotionId: promotion.id, groupId: group.id, holdoutPercent: 0 }, {})),
    );
    const suspend = () => db.merchant.update({ where: { id: m.merchant.id }, data: { suspendedAt: new Date(), suspendedReason: "Spam complaints" } });
    // The admin suspends the merchant once the first chunk has gone out.
    const first = await runCampaignJob(
      { merchantId: m.merchant.id, campaignId: campaign.id },
      { pace: noPace, concurrency: 1, onChunk: async () => void (await suspend()) },
    );
    // That chunk of 100 went; the suspension was read before the next one.
    expect(first.sent).toBe(100);
    expect(await db.campaign.findUniqueOrThrow({ where: { merchantId_id: { merchantId: m.merchant.id, id: campaign.id } } })).toMatchObject({
      status: "sending",
    });
    expect(await db.campaignRecipient.count({ where: { merchantId: m.merchant.id, campaignId: campaign.id, status: "queued" } })).toBe(250 - first.sent);
    // Still suspended: the worker's retry starts nothing.
    expect(await runCampaignJob({ merchantId: m.merchant.id, campaignId: campaign.id }, { pace: noPace })).toEqual({ status: "paused", sent: 0 });
    await db.merchant.update({ where: { id: m.merchant.id }, data: { suspendedAt: null, suspendedReason: null } });
    const rest = await runCampaignJob({ merchantId: m.merchant.id, campaignId: campaign.id }, { pace: noPace });
    expect(first.sent + rest.sent).toBe(250);
    expect(await db.campaign.findUniqueOrThrow({ where: { merchantId_id: { merchantId: m.merchant.id, id: campaign.id } } })).toMatchObject({ status: "sent" });
  }, 120_000);

  it("skips its automations while suspended, without changing them", async () => {
    const m = await makeMerchant("Auto Suspended", "UTC");
    const now = new Date();
    await dealCustomers(m.merchant, { n: 2, prefix: `as${Date.now()}`, at: new Date(now.getTime() - 14 * 86_400_000) });
    const promotion = await anyDayPromotion(m.merchant.id);
    const a = await automation(m.merchant, promotion.id, { kind: "second_visit", settings: { days: 14 } });
    await db.merchant.update({ where: { id: m.merchant.id }, data: { suspendedAt: now, suspendedReason: "Fraud review" } });
    expect(await evaluateMerchant(m.merchant.id, now, { ignoreSendTime: true })).toEqual([
      { automationId: a.id, outcome: "skipped", reason: "merchant suspended" },
    ]);
    expect(await db.campaign.count({ where: { merchantId: m.merchant.id } })).toBe(0);
    expect(await db.automation.findUniqueOrThrow({ where: { merchantId_id: { merchantId: m.merchant.id, id: a.id } } })).toMatchObject({ enabled: true });
    await db.merchant.update({ where: { id: m.merchant.id }, data: { suspendedAt: null, suspendedReason: null } });
    const after = await evaluateMerchant(m.merchant.id, now, { ignoreSendTime: true });
    expect(after).toEqual([expect.objectContaining({ automationId: a.id, outcome: "fired", sent: 2 })]);
  }, 60_000);
});

describe("a disabled user", () => {
  it("cannot sign in by password, email link or PIN; their open session resolves to nobody; re-enabled, all work again", async () => {
    const m = await makeMerchant("Disable");
    const root = await platformAdmin();
    await db.membership.update({
      where: { merchantId_userId: { merchantId: m.merchant.id, userId: m.staff.id } },
      data: { pinHash: await hashPassword("2468") },
    });
    const secret = randomToken();
    const device = await db.counterDevice.create({ data: { merchantId: m.merchant.id, name: "Till", tokenHash: sha256(secret), pairedById: m.owner.id } });
    const staffEmail = `staff-${m.merchant.slug}@example.com`;
    const password = () => provider("password")({ email: staffEmail, password: "staff-password-1" }, { headers: {} });
    const pin = () =>
      provider("counter-pin")(
        { merchantSlug: m.merchant.slug, userId: m.staff.id, pin: "2468" },
        { headers: { cookie: `${COUNTER_DEVICE_COOKIE}=${secret}` } },
      );
    const link = async () => {
      const token = randomToken();
      await db.magicLinkToken.create({ data: { tokenHash: sha256(token), email: staffEmail, expiresAt: new Date(Date.now() + 60_000) } });
      return provider("magic-link")({ token }, { headers: {} });
    };

    // Signed in on the tablet before the admin acts.
    await signInAs({ ...m.staff, counterMerchantId: m.merchant.id, counterDeviceId: device.id });
    expect(await getCurrentUser()).toMatchObject({ id: m.staff.id });

    await signInAs(root);
    expect(await setUserDisabledAction({ userId: root.id, disabled: true })).toEqual({ ok: false, error: "You cannot disable your own account." });
    expect(await setUserDisabledAction({ userId: crypto.randomUUID(), disabled: true })).toMatchObject({ ok: false, error: "That user was not found." });
    expect(await setUserDisabledAction({ userId: m.staff.id, disabled: true })).toMatchObject({ ok: true });
    expect(await setUserDisabledAction({ userId: m.staff.id, disabled: true })).toMatchObject({ ok: true }); // retried
    expect(await audits({ action: "user.disabled", entityId: m.staff.id })).toEqual([expect.objectContaining({ actorUserId: root.id, merchantId: null })]);

    // The open session: nobody, on its next request.
    await signInAs({ ...m.staff, counterMerchantId: m.merchant.id, counterDeviceId: device.id });
    expect(await getCurrentUser()).toBeNull();
    await signInAs(m.staff);
    expect(await getCurrentUser()).toBeNull();
    // Every way in: refused. The password says why (only to someone who knew it); a wrong one does not.
    await expect(password()).rejects.toThrow(ACCOUNT_DISABLED_CODE);
    expect(await provider("password")({ email: staffEmail, password: "wrong-password" }, { headers: {} })).toBeNull();
    expect(await link()).toBeNull();
    expect(await pin()).toBeNull();
    // No new link is even made.
    const before = await db.magicLinkToken.count({ where: { email: staffEmail } });
    await sendMagicLink(staffEmail, "/");
    expect(await db.magicLinkToken.count({ where: { email: staffEmail } })).toBe(before);

    await signInAs(root);
    expect(await setUserDisabledAction({ userId: m.staff.id, disabled: false })).toMatchObject({ ok: true, data: { disabledAt: null } });
    expect(await audits({ action: "user.enabled", entityId: m.staff.id })).toHaveLength(1);
    expect(await password()).toMatchObject({ id: m.staff.id });
    expect(await link()).toMatchObject({ id: m.staff.id });
    expect(await pin()).toMatchObject({ id: m.staff.id, counterMerchantId: m.merchant.id });
    await signInAs(m.staff);
    expect(await getCurrentUser()).toMatchObject({ id: m.staff.id });
  }, 60_000);
});
