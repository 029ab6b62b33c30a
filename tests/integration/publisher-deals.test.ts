import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";

// Issue 15, steps 3 and 4: a publisher creates a deal for its merchant, loads the sold vouchers
// from a CSV (per-row errors; buyers become customers without re-subscribing anyone), voids and
// extends vouchers, a voucher is redeemed at the counter and the deal report counts it, and the
// customer's later full-price visit as a return.
const session = vi.hoisted(() => ({ user: null as null | Record<string, unknown> }));
vi.mock("@/lib/auth", async (importOriginal) => ({ ...(await importOriginal<object>()), getCurrentUser: async () => session.user }));

import { GET as getImport, POST as postImportAction } from "@/app/m/[merchant]/(manager)/import/uploads/[id]/route";
import { POST as postUpload } from "@/app/m/[merchant]/(manager)/import/uploads/route";
import { GET as exportDeals } from "@/app/p/[publisher]/deals/export/route";
import { extendVoucherAction, saveDealAction, voidVoucherAction } from "@/features/publishers/actions";
import * as report from "@/features/publishers/report";
import { runImport as runImportOf } from "@/features/imports/service";
import { runCapture as runCaptureOf } from "@/features/visits/capture";
import { createMerchant, createUser } from "@/features/tenancy/admin-commands";
import { withPlatform, withPublisher } from "@/lib/tenant";
import { db, inPublisherOf, inTenantOf, makeMerchant } from "./helpers";

// As the console and the counter call them: in the publisher's scope, in the merchant's.
const getDealRows = inPublisherOf(report.getDealRows);
const getReturnCurve = inPublisherOf(report.getReturnCurve);
const getPublisherSummary = inPublisherOf(report.getPublisherSummary);
const listPublisherMerchants = inPublisherOf(report.listPublisherMerchants);
const runImport = inTenantOf(runImportOf);
const runCapture = inTenantOf(runCaptureOf, 1);

type TUser = { id: string; email: string; name: string };
const as = (u: TUser | null) => {
  session.user = u ? { id: u.id, email: u.email, name: u.name, isPlatformAdmin: false, counterMerchantId: null } : null;
};

let admin: TUser;
let otherAdmin: TUser;
let owner: TUser;
let merchant: { id: string; slug: string; timeZone: string };
let publisherId: string;

const dealForm = (over: Record<string, string> = {}) => ({
  title: "Brunch for two",
  price: "25",
  value: "50.00",
  startsOn: "2026-11-01",
  endsOn: "2026-11-30",
  voucherExpiresOn: "2027-03-31",
  quantity: "",
  ...over,
});

beforeAll(async () => {
  publisherId = (await db.publisher.create({ data: { slug: "deal-pub", name: "Deal Pub" } })).id;
  await db.publisher.create({ data: { slug: "rival-pub", name: "Rival Pub" } });
  admin = await createUser({ email: "admin@dealpub.example", name: "Deal Admin", publisherSlug: "deal-pub" });
  otherAdmin = await createUser({ email: "admin@rival.example", name: "Rival Admin", publisherSlug: "rival-pub" });
  const m = await createMerchant({ name: "Harbor Bistro", slug: "deal-harbor", timeZone: "America/Chicago", publisherSlug: "deal-pub" });
  merchant = { id: m.id, slug: m.slug, timeZone: m.timeZone };
  owner = await createUser({ email: "owner@deal-harbor.example", name: "Owner", password: "owner-password-1", merchantSlug: m.slug, role: "owner" });
});

beforeEach(() => as(admin));

async function upload(csv: string) {
  const req = new Request(`http://localhost/m/${merchant.slug}/import/uploads?kind=vouchers&name=sold.csv`, {
    method: "POST",
    body: csv,
    headers: { "content-type": "text/csv" },
  });
  return postUpload(req, { params: Promise.resolve({ merchant: merchant.slug }) });
}
async function act(id: string, body: unknown, slug = merchant.slug) {
  const req = new Request(`http://localhost/m/${slug}/import/uploads/${id}`, {
    method: "POST",
    body: JSON.stringify(body),
    headers: { "content-type": "application/json" },
  });
  return postImportAction(req, { params: Promise.resolve({ merchant: slug, id }) });
}

describe("deals", () => {
  it("creates and edits a deal in the merchant's time zone; another publisher's admin and the merchant's owner get 404", async () => {
    const created = await saveDealAction("deal-pub", { merchantSlug: merchant.slug, deal: dealForm() });
    expect(created.ok).toBe(true);
    if (!created.ok) return;
    const deal = await db.deal.findUniqueOrThrow({ where: { merchantId_id: { merchantId: merchant.id, id: created.data.id } } });
    expect(deal).toMatchObject({ publisherId, priceCents: 2500, valueCents: 5000, quantity: null, kind: "daily_deal" });
    expect(deal.startsAt!.toISOString()).toBe("2026-11-01T05:00:00.000Z"); // midnight in Chicago (CDT)
    expect(deal.voucherExpiresAt!.toISOString()).toBe("2027-04-01T04:59:00.000Z"); // 23:59 CDT

    const bad = await saveDealAction("deal-pub", { merchantSlug: merchant.slug, dealId: deal.id, deal: dealForm({ price: "abc", quantity: "-1" }) });
    expect(bad).toMatchObject({ ok: false, fieldErrors: { "deal.price": "Use an amount like 25 or 25.00.", "deal.quantity": "At least 1." } });
    expect((await db.deal.findFirstOrThrow({ where: { id: deal.id } })).priceCents).toBe(2500);

    as(otherAdmin);
    expect(await saveDealAction("rival-pub", { merchantSlug: merchant.slug, deal: dealForm() })).toMatchObject({
      ok: false,
      error: "That merchant was not found.",
    });
    expect(await saveDealAction("deal-pub", { merchantSlug: merchant.slug, deal: dealForm() })).toMatchObject({
      ok: false,
      error: "That publisher was not found.",
    });
    as(owner);
    expect(await saveDealAction("deal-pub", { merchantSlug: merchant.slug, deal: dealForm() })).toMatchObject({
      ok: false,
      error: "That publisher was not found.",
    });
    expect(await db.deal.count({ where: { merchantId: merchant.id } })).toBe(1);
  });
});

describe("loading a deal's sold vouchers from CSV, redeeming one, and the deal report", () => {
  it("reports duplicates, existing codes and rows over the quantity per row; buyers become customers without re-subscribing anyone; the redemption and a full-price return show in the report", async () => {
    const created = await saveDealAction("deal-pub", { merchantSlug: merchant.slug, deal: dealForm({ title: "Wine tasting", quantity: "5" }) });
    if (!created.ok) throw new Error(created.error);
    const dealId = created.data.id;
    const olderDeal = await db.deal.create({ data: { merchantId: merchant.id, publisherId, title: "Older deal" } });
    await db.voucher.create({ data: { merchantId: merchant.id, dealId: olderDeal.id, code: "OLD-0001" } });
    // A customer who unsubscribed, and one who never gave consent.
    await db.customer.create({
      data: {
        merchantId: merchant.id,
        email: "gone@example.com",
        emailNormalized: "gone@example.com",
        emailConsent: false,
        unsubscribedAt: new Date("2026-01-01T00:00:00Z"),
      },
    });

    const csv = [
      "Code,Buyer name,Buyer email,Purchased at",
      "WT-0001,Dana Reyes,dana@example.com,2026-11-02 18:30",
      "WT-0002,Gone Away,GONE@example.com,2026-11-02",
      "WT-0001,Dana Again,,",
      "OLD-0001,Old Code,,",
      "WT-0003,,,",
      "WT-0004,Sam Lee,sam@example.com,",
      "WT-0005,Too Many,,",
      "WT-0006,Way Too Many,,",
    ].join("\n");

    // Another publisher's admin cannot upload to this merchant.
    as(otherAdmin);
    expect((await upload(csv)).status).toBe(404);
    as(admin);
    const res = await upload(csv);
    expect(res.status).toBe(201);
    const stored = (await res.json()) as { id: string; mapping: Record<string, string> };
    expect(stored.mapping).toMatchObject({ code: "Code", purchaserName: "Buyer name", purchaserEmail: "Buyer email", purchasedAt: "Purchased at" });
    as(otherAdmin);
    expect((await act(stored.id, { action: "validate", mapping: stored.mapping, dealId })).status).toBe(404);
    as(admin);
    const checked = (await (await act(stored.id, { action: "validate", mapping: stored.mapping, dealId })).json()) as {
      validRows: number;
      invalidRows: number;
      errorSample: { line: number; errors: string[] }[];
    };
    expect(checked).toMatchObject({ validRows: 5, invalidRows: 3 });
    expect(checked.errorSample).toEqual([
      { line: 4, errors: ["Voucher code WT-0001 repeats line 2."] },
      { line: 5, errors: ["Voucher code OLD-0001 already exists (deal “Older deal”)."] },
      { line: 9, errors: ["Over the deal's quantity of 5 vouchers."] },
    ]);
    expect(await db.voucher.count({ where: { merchantId: merchant.id, dealId } })).toBe(0);

    await runImport(merchant, stored.id, admin.id);
    const progress = (await (
      await getImport(new Request(`http://localhost/m/${merchant.slug}/import/uploads/${stored.id}`), {
        params: Promise.resolve({ merchant: merchant.slug, id: stored.id }),
      })
    ).json()) as { status: string; importedRows: number };
    expect(progress).toMatchObject({ status: "done", importedRows: 5 });

    const dana = await db.customer.findFirstOrThrow({ where: { merchantId: merchant.id, emailNormalized: "dana@example.com" } });
    expect(dana).toMatchObject({ firstName: "Dana", lastName: "Reyes", emailConsent: true, emailConsentSource: "deal purchase", source: "deal" });
    const gone = await db.customer.findFirstOrThrow({ where: { merchantId: merchant.id, emailNormalized: "gone@example.com" } });
    expect(gone).toMatchObject({ emailConsent: false, emailConsentSource: null });
    expect(gone.unsubscribedAt).not.toBeNull();
    const v1 = await db.voucher.findFirstOrThrow({ where: { merchantId: merchant.id, code: "WT-0001" } });
    expect(v1).toMatchObject({ dealId, customerId: dana.id, purchaserEmail: "dana@example.com" });
    expect(v1.expiresAt!.toISOString()).toBe("2027-04-01T04:59:00.000Z"); // the deal's
    expect((await db.voucher.findFirstOrThrow({ where: { merchantId: merchant.id, code: "WT-0003" } })).customerId).toBeNull();

    // Void one voucher; extend another; a redeemed one cannot be voided.
    const v3 = await db.voucher.findFirstOrThrow({ where: { merchantId: merchant.id, code: "WT-0003" } });
    as(otherAdmin);
    expect(await voidVoucherAction("rival-pub", { merchantSlug: merchant.slug, voucherId: v3.id })).toMatchObject({
      ok: false,
      error: "That merchant was not found.",
    });
    as(admin);
    expect(await voidVoucherAction("deal-pub", { merchantSlug: merchant.slug, voucherId: v3.id })).toEqual({ ok: true, data: { voided: true } });
    await expect(
      runCapture("pool", merchant, { userId: owner.id, source: "counter" }, { voucherCode: "WT-0003", amountCents: 0, partySize: 1 }),
    ).rejects.toThrow(/void/i);
    const v4 = await db.voucher.findFirstOrThrow({ where: { merchantId: merchant.id, code: "WT-0004" } });
    expect(await extendVoucherAction("deal-pub", { merchantSlug: merchant.slug, voucherId: v4.id, expiresOn: "2027-01-01" })).toMatchObject({
      ok: false,
      fieldErrors: { expiresOn: "Choose a day after the current expiry." },
    });
    expect(await extendVoucherAction("deal-pub", { merchantSlug: merchant.slug, voucherId: v4.id, expiresOn: "2027-06-30" })).toEqual({
      ok: true,
      data: { expiresAt: "2027-07-01T04:59:00.000Z" },
    });

    // Redeemed at the counter: the visit lands on the buyer's customer.
    const redeemedAt = new Date(Date.now() - 40 * 86400_000);
    const captured = await runCapture(
      "pool",
      merchant,
      { userId: owner.id, source: "counter" },
      { voucherCode: "WT-0001", occurredAt: redeemedAt, amountCents: 1200, partySize: 2 },
    );
    expect(captured.status).toBe(201);
    expect((captured.body as { customerId: string }).customerId).toBe(dana.id);
    expect(await voidVoucherAction("deal-pub", { merchantSlug: merchant.slug, voucherId: v1.id })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/already redeemed/),
    });
    // A second redemption whose customer never returns.
    await runCapture(
      "pool",
      merchant,
      { userId: owner.id, source: "counter" },
      { voucherCode: "WT-0002", occurredAt: redeemedAt, amountCents: 0, partySize: 1 },
    );

    let [row] = await getDealRows({ publisherId, merchantId: merchant.id, dealId });
    expect(row).toMatchObject({ sold: 5, redeemed: 2, returned30: 0, returned90: 0, returnRevenueCents: 0 });

    // Dana comes back 35 days later and pays full price: a return within 60 and 90 days, not 30.
    await runCapture(
      "pool",
      merchant,
      { userId: owner.id, source: "counter" },
      { customerId: dana.id, occurredAt: new Date(redeemedAt.getTime() + 35 * 86400_000), amountCents: 8400, partySize: 1 },
    );
    [row] = await getDealRows({ publisherId, merchantId: merchant.id, dealId });
    expect(row).toMatchObject({ sold: 5, redeemed: 2, returned30: 0, returned60: 1, returned90: 1, returnRevenueCents: 8400, maturing: 2 });
    const curve = await getReturnCurve({ publisherId, dealId, merchantId: merchant.id });
    expect(curve[34]!.share).toBe(0);
    expect(curve[35]!.share).toBe(0.5);
    expect(curve[90]!.share).toBe(0.5);

    const summary = await getPublisherSummary(publisherId);
    expect(summary).toMatchObject({ sold: 6, redeemed: 2, returned90: 1, returnRevenueCents: 8400, deals: 3 });
    const list = await listPublisherMerchants(publisherId, { q: "harb", sort: "conversion", dir: "desc" });
    expect(list.merchants).toEqual([expect.objectContaining({ slug: merchant.slug, dealCustomers: 2, converted: 1, conversion: 0.5, visits30d: 1 })]);
    expect((await listPublisherMerchants(publisherId, { q: "nomatch", sort: "name", dir: "asc" })).merchants).toEqual([]);

    // The CSV export: any member of the publisher; another publisher's admin gets 404.
    const exp = await exportDeals(new Request("http://localhost/p/deal-pub/deals/export"), { params: Promise.resolve({ publisher: "deal-pub" }) });
    expect(exp.status).toBe(200);
    const text = await exp.text();
    expect(text.split("\n")[0]).toBe(
      "merchant,deal,price,value,currency,sold,redeemed,redemption_rate,returned_30d,returned_60d,returned_90d,return_rate_90d,return_revenue",
    );
    expect(text).toContain("Harbor Bistro,Wine tasting,25.00,50.00,USD,5,2,0.4000,0,1,1,0.5000,84.00");
    as(otherAdmin);
    expect((await exportDeals(new Request("http://localhost/p/deal-pub/deals/export"), { params: Promise.resolve({ publisher: "deal-pub" }) })).status).toBe(
      404,
    );
    as(owner);
    expect((await exportDeals(new Request("http://localhost/p/deal-pub/deals/export"), { params: Promise.resolve({ publisher: "deal-pub" }) })).status).toBe(
      404,
    );
  });

  it("keeps another publisher's deals out of the report", async () => {
    const rival = await createMerchant({ name: "Rival Shop", slug: "rival-shop", timeZone: "UTC", publisherSlug: "rival-pub" });
    const d = await db.deal.create({
      data: { merchantId: rival.id, publisherId: (await db.publisher.findUniqueOrThrow({ where: { slug: "rival-pub" } })).id, title: "Rival deal" },
    });
    await db.voucher.create({ data: { merchantId: rival.id, dealId: d.id, code: "RIVAL-1" } });
    const m = await makeMerchant("Lonely");
    // In the publisher's scope (row-level security hides the rival's rows), and in the platform
    // scope, where only the queries' own publisher filter keeps them out.
    const scopes = {
      publisher: <T>(fn: () => Promise<T>) => withPublisher(publisherId, fn),
      platform: <T>(fn: () => Promise<T>) => withPlatform("test: the report's own filter", fn),
    };
    for (const [scope, run] of Object.entries(scopes)) {
      const rows = await run(() => report.getDealRows({ publisherId }));
      expect(
        rows.map((r) => r.title),
        scope,
      ).toContain("Wine tasting");
      expect(
        rows.map((r) => r.title),
        scope,
      ).not.toContain("Rival deal");
      const merchants = (await run(() => report.listPublisherMerchants(publisherId, { q: "", sort: "name", dir: "asc" }))).merchants.map((x) => x.slug);
      expect(merchants, scope).toContain("deal-harbor");
      expect(merchants, scope).not.toContain(m.merchant.slug);
      expect(merchants, scope).not.toContain("rival-shop");
    }
    // Pages: by name (figures for the page only) and by a figure (all sorted first) agree on the total.
    await createMerchant({ name: "Another Own", slug: "another-own", timeZone: "UTC", publisherSlug: "deal-pub" });
    for (const sort of ["name", "customers"] as const) {
      const first = await listPublisherMerchants(publisherId, { q: "", sort, dir: "asc", page: 1, pageSize: 1 });
      const second = await listPublisherMerchants(publisherId, { q: "", sort, dir: "asc", page: 2, pageSize: 1 });
      expect(first.total).toBe(2);
      expect(second.total).toBe(2);
      expect(new Set([first.merchants[0]!.slug, second.merchants[0]!.slug])).toEqual(new Set(["another-own", "deal-harbor"]));
    }
  });
});
