import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { POST as postCustomer } from "@/app/api/v1/customers/route";
import { countCustomers as countCustomersOf } from "@/features/filters/queries";
import { presetsFor } from "@/features/filters/presets";
import { runImport as runImportOf, storeUpload as storeUploadOf, validateImport as validateImportOf } from "@/features/imports/service";
import {
  configuredEnrichmentProvider,
  enrichReach as enrichReachOf,
  reachPoints,
  refreshSocialScores as refreshSocialScoresOf,
  socialScoreOf,
  type TEnrichmentProvider,
} from "@/features/social/score";
import { addCustomers } from "./campaign-fixtures";
import { callRoute, db, inTenantOf, makeMerchant } from "./helpers";

// The social score (docs/social-score.md): its parts, the SQL agreeing with the definition, the
// reach a merchant imports (CSV column, API field, with its source), the enrichment interface
// (a local fake only), and the "Influencers" preset.

const refreshSocialScores = inTenantOf(refreshSocialScoresOf);
const enrichReach = inTenantOf(enrichReachOf);
const countCustomers = inTenantOf(countCustomersOf);
const storeUpload = inTenantOf(storeUploadOf);
const validateImport = inTenantOf(validateImportOf);
const runImport = inTenantOf(runImportOf);
const streamOf = (text: string) => Readable.toWeb(Readable.from([Buffer.from(text)])) as ReadableStream<Uint8Array>;

const score = (merchantId: string, id: string) =>
  db.customer.findUniqueOrThrow({ where: { merchantId_id: { merchantId, id } }, select: { socialScore: true, reach: true, reachSource: true } });

describe("the definition", () => {
  it("adds capped parts up to at most 100", () => {
    expect(reachPoints(null)).toBe(0);
    expect(reachPoints(9)).toBe(0);
    expect(reachPoints(100)).toBe(5);
    expect(reachPoints(999)).toBe(9);
    expect(reachPoints(1000)).toBe(10);
    expect(reachPoints(10_000_000)).toBe(15);
    expect(socialScoreOf({ signedUp: 0, came: 0, friendsSpentCents: 0, shares: 0, feedbackRating: null, reach: null })).toBe(0);
    expect(socialScoreOf({ signedUp: 2, came: 1, friendsSpentCents: 4200, shares: 3, feedbackRating: 3, reach: 1000 })).toBe(10 + 10 + 2 + 3 + 10 + 10);
    expect(socialScoreOf({ signedUp: 99, came: 99, friendsSpentCents: 10_000_000, shares: 99, feedbackRating: 3, reach: 2_000_000_000 })).toBe(100);
  });
});

describe("recomputing", () => {
  it("the SQL agrees with the definition, writes only changed rows, and an erased customer scores 0", async () => {
    const m = await makeMerchant("Score");
    const [referrer, f1, f2, erased] = await addCustomers(m.merchant.id, { n: 4, prefix: "score" });
    const merchantId = m.merchant.id;
    const deal = await db.deal.create({ data: { merchantId, title: "Friends", kind: "social_select" } });
    const voucher = async (cid: string, code: string) => (await db.voucher.create({ data: { merchantId, dealId: deal.id, code, customerId: cid } })).id;
    await db.referral.create({
      data: { merchantId, referrerId: referrer!, friendId: f1!, friendVoucherId: await voucher(f1!, "SCORE-1"), creditedAt: new Date() },
    });
    await db.referral.create({ data: { merchantId, referrerId: referrer!, friendId: f2!, friendVoucherId: await voucher(f2!, "SCORE-2") } });
    await db.customer.update({ where: { merchantId_id: { merchantId, id: f1! } }, data: { totalSpentCents: 6100n } });
    await db.referralLink.create({ data: { merchantId, customerId: referrer!, code: "SCORETESTCODE2345", shares: 4 } });
    await db.customer.update({ where: { merchantId_id: { merchantId, id: referrer! } }, data: { feedbackRating: 2, reach: 1500 } });
    await db.customer.update({ where: { merchantId_id: { merchantId, id: erased! } }, data: { reach: 50_000, erasedAt: new Date() } });

    expect(await refreshSocialScores(merchantId)).toBe(1); // the erased one stays 0: not written
    const expected = socialScoreOf({ signedUp: 2, came: 1, friendsSpentCents: 6100, shares: 4, feedbackRating: 2, reach: 1500 });
    expect(expected).toBe(10 + 10 + 3 + 4 + 5 + 10);
    expect((await score(merchantId, referrer!)).socialScore).toBe(expected);
    expect((await score(merchantId, erased!)).socialScore).toBe(0);
    expect(await refreshSocialScores(merchantId)).toBe(0); // nothing changed, nothing written
    expect(await refreshSocialScores(merchantId, [referrer!])).toBe(0);
  });
});

describe("reach, with its source", () => {
  it("from the API's customer field", async () => {
    const m = await makeMerchant("Reach API");
    const res = await callRoute(postCustomer, "/api/v1/customers", {
      key: m.apiKey,
      body: { email: "loud@example.org", reach: 12_000, reachSource: "Instagram" },
    });
    expect(res.status).toBe(201);
    const c = await db.customer.findFirstOrThrow({ where: { merchantId: m.merchant.id, emailNormalized: "loud@example.org" } });
    expect(c).toMatchObject({ reach: 12_000, reachSource: "Instagram", socialScore: 15 });
    const bad = await callRoute(postCustomer, "/api/v1/customers", { key: m.apiKey, body: { email: "bad@example.org", reach: -3 } });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ errors: [{ path: "/reach", message: "Reach is 0 or more." }] });
  });

  it('from a CSV column (a row\'s own source, or "import"), on the customer the identity rule picks', async () => {
    const m = await makeMerchant("Reach CSV");
    const csv = 'Email,First Name,Followers,Network\nana@example.org,Ana,"12,500",TikTok\nben@example.org,Ben,300,\ncat@example.org,Cat,lots,\n';
    const upload = await storeUpload(m.merchant, "customers", "reach.csv", streamOf(csv), m.owner.id);
    expect(upload.mapping).toMatchObject({ email: "Email", reach: "Followers", reachSource: "Network" });
    const job = await validateImport(m.merchant, upload.id, upload.mapping);
    expect(job).toMatchObject({ validRows: 2, invalidRows: 1 });
    await runImport(m.merchant, upload.id, m.owner.id);
    const rows = await db.customer.findMany({
      where: { merchantId: m.merchant.id },
      select: { email: true, reach: true, reachSource: true, socialScore: true },
      orderBy: { email: "asc" },
    });
    expect(rows).toEqual([
      { email: "ana@example.org", reach: 12_500, reachSource: "TikTok", socialScore: 15 },
      { email: "ben@example.org", reach: 300, reachSource: "import", socialScore: 7 },
    ]);
  });
});

describe("enrichment providers", () => {
  it("none is configured: nothing calls out by default", () => {
    expect(configuredEnrichmentProvider()).toBeNull();
  });

  it("a provider fills reach the merchant has not given, never replacing theirs, and the score follows", async () => {
    const m = await makeMerchant("Enrich");
    const [a, b] = await addCustomers(m.merchant.id, { n: 2, prefix: "enrich" });
    await db.customer.update({ where: { merchantId_id: { merchantId: m.merchant.id, id: b! } }, data: { reach: 20, reachSource: "import" } });
    const asked: string[] = [];
    const fake: TEnrichmentProvider = {
      name: "fake",
      lookup: async (c) => {
        asked.push(c.email ?? "");
        return { reach: 5000 };
      },
    };
    expect(await enrichReach(m.merchant.id, fake)).toBe(1);
    expect(asked).toHaveLength(1);
    expect(await score(m.merchant.id, a!)).toEqual({ reach: 5000, reachSource: "provider: fake", socialScore: 13 });
    expect(await score(m.merchant.id, b!)).toMatchObject({ reach: 20, reachSource: "import" });
  });
});

describe("the Influencers preset", () => {
  it("is the customers with a social score of 60 or more", async () => {
    const m = await makeMerchant("Influencers");
    const ids = await addCustomers(m.merchant.id, { n: 3, prefix: "infl" });
    await db.customer.update({ where: { merchantId_id: { merchantId: m.merchant.id, id: ids[0]! } }, data: { socialScore: 60 } });
    await db.customer.update({ where: { merchantId_id: { merchantId: m.merchant.id, id: ids[1]! } }, data: { socialScore: 59 } });
    const preset = presetsFor("2026-12-02").find((p) => p.key === "influencers")!;
    expect(preset.name).toBe("Influencers");
    expect(await countCustomers(m.merchant, preset.filter)).toBe(1);
  });
});
