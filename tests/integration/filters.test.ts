import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { withPlatform } from "@/lib/tenant";
import { compileWhere } from "@/features/filters/compile";
import { countCustomers as countCustomersOf, listCustomers as listCustomersOf } from "@/features/filters/queries";
import { RFM_SEGMENTS, WEEKDAY_KEYS, ZFilter, type TFilter } from "@/features/filters/schemas";
import { captureVisit } from "@/features/visits/capture";
import { createMerchant } from "@/features/tenancy/admin-commands";
import { db, inTenantOf } from "./helpers";

// Feature functions run as their entry points run them: in the tenant scope of their merchant.
const countCustomers = inTenantOf(countCustomersOf);
const listCustomers = inTenantOf(listCustomersOf);
import { evaluate, type TRefCustomer } from "../support/filter-reference";

// Property tests: random customers and visits in random time zones (DST nights included) and
// random filters; the SQL answer must equal the reference evaluator written from FILTERS.md.
const NOW = new Date("2026-11-22T15:00:00Z");
const TAGS = ["family", "friends", "VIP", "date night"];
const ZIPS = ["02110", "02113", "94103", "10001"];
const ZONES = [
  { tz: "America/New_York", dst: ["2026-03-08T06:30:00Z", "2026-11-01T05:30:00Z", "2026-11-01T06:30:00Z"] },
  { tz: "Europe/Berlin", dst: ["2026-03-29T00:30:00Z", "2026-10-25T00:30:00Z", "2026-10-25T01:30:00Z"] },
  { tz: "Australia/Sydney", dst: ["2026-04-04T15:30:00Z", "2026-04-04T16:30:00Z", "2026-10-03T16:30:00Z"] },
];

type TDataset = { merchant: { id: string; timeZone: string }; customers: TRefCustomer[]; dealId: string };

const visitArb = (dst: string[]) =>
  fc.record({
    at: fc.oneof(
      fc.constantFrom(...dst).map((s) => new Date(s).getTime()),
      fc.integer({ min: NOW.getTime() - 400 * 86400_000, max: NOW.getTime() - 60_000 }),
    ),
    amountCents: fc.integer({ min: 0, max: 20_000 }),
    rating: fc.option(fc.constantFrom(1, 2, 3), { nil: null }),
    tags: fc.subarray(TAGS, { maxLength: 2 }),
    voucher: fc.boolean(),
  });

const customerArb = (dst: string[]) =>
  fc.record({
    zip: fc.option(fc.constantFrom(...ZIPS), { nil: null }),
    birthday: fc.option(fc.constantFrom("1990-11-22", "1985-11-30", "2000-02-29", "1977-01-15", "1999-12-31", "1960-12-05"), { nil: null }),
    anniversary: fc.option(fc.constantFrom("2010-11-23", "2015-06-01"), { nil: null }),
    emailConsent: fc.boolean(),
    unsubscribed: fc.boolean(),
    socialScore: fc.integer({ min: 0, max: 100 }),
    rfmSegment: fc.option(fc.constantFrom(...RFM_SEGMENTS), { nil: null }),
    tags: fc.subarray(TAGS.slice(0, 2), { maxLength: 1 }),
    visits: fc.array(visitArb(dst), { maxLength: 7 }),
  });

async function loadDataset(zone: (typeof ZONES)[number], seed: number): Promise<TDataset> {
  const m = await createMerchant({ name: `Prop ${zone.tz}`, slug: `prop-${seed}`, timeZone: zone.tz });
  const deal = await db.deal.create({ data: { merchantId: m.id, title: "Deal" } });
  const drafts = fc.sample(fc.array(customerArb(zone.dst), { minLength: 40, maxLength: 40 }), { seed, numRuns: 1 })[0]!;
  const customers: TRefCustomer[] = [];
  let seq = 0;
  for (const [i, d] of drafts.entries()) {
    const createdAt = new Date(NOW.getTime() - (i + 1) * 5 * 86400_000);
    const c = await db.customer.create({
      data: {
        merchantId: m.id,
        firstName: `C${i}`,
        zip: d.zip,
        createdAt,
        birthday: d.birthday ? new Date(`${d.birthday}T00:00:00Z`) : null,
        anniversary: d.anniversary ? new Date(`${d.anniversary}T00:00:00Z`) : null,
        emailConsent: d.emailConsent,
        unsubscribedAt: d.unsubscribed ? NOW : null,
        socialScore: d.socialScore,
      },
    });
    if (d.rfmSegment)
      await db.customerRfm.create({ data: { merchantId: m.id, customerId: c.id, recency: 3, frequency: 3, monetary: 3, segment: d.rfmSegment } });
    if (d.tags.length) {
      const tags = await Promise.all(
        d.tags.map((name) =>
          db.tag.upsert({
            where: { merchantId_normalizedName: { merchantId: m.id, normalizedName: name.toLowerCase() } },
            create: { merchantId: m.id, name, normalizedName: name.toLowerCase() },
            update: {},
          }),
        ),
      );
      await db.customerTag.createMany({ data: tags.map((t) => ({ merchantId: m.id, customerId: c.id, tagId: t.id })) });
      await db.customer.update({ where: { merchantId_id: { merchantId: m.id, id: c.id } }, data: { tagIds: tags.map((t) => t.id) } });
    }
    const visits = [];
    for (const [k, v] of d.visits.entries()) {
      seq += 1;
      // Distinct instants per customer keep "latest rating" free of ties (ties are tested elsewhere).
      const occurredAt = new Date(v.at + k * 1000);
      let voucherCode: string | undefined;
      if (v.voucher) {
        voucherCode = `P${seed}-${seq}`;
        await db.voucher.create({ data: { merchantId: m.id, dealId: deal.id, code: voucherCode, customerId: c.id } });
      }
      await db.$transaction((tx) =>
        captureVisit(
          tx,
          { id: m.id, timeZone: zone.tz },
          { source: "api" },
          {
            customerId: c.id,
            occurredAt,
            amountCents: v.amountCents,
            ...(v.rating ? { rating: v.rating as 1 } : {}),
            tags: v.tags,
            voucherCode,
          },
        ),
      );
      visits.push({
        occurredAt,
        createdSeq: seq,
        amountCents: v.amountCents,
        rating: v.rating,
        tags: v.tags,
        voucher: v.voucher,
        dealId: v.voucher ? deal.id : null,
      });
    }
    customers.push({
      id: c.id,
      createdAt,
      zip: d.zip,
      birthday: d.birthday,
      anniversary: d.anniversary,
      emailConsent: d.emailConsent,
      unsubscribed: d.unsubscribed,
      socialScore: d.socialScore,
      rfmSegment: d.rfmSegment,
      tags: d.tags,
      visits,
    });
  }
  return { merchant: { id: m.id, timeZone: zone.tz }, customers, dealId: deal.id };
}

const dateRefArb = fc.oneof(
  fc.record({ daysAgo: fc.integer({ min: 0, max: 420 }) }),
  fc.constantFrom("2026-03-08", "2026-11-01", "2026-10-25", "2025-12-31", "2026-11-22"),
);
const tagNamesArb = fc.subarray([...TAGS, "Family", "unknown-tag"], { maxLength: 3 });

function filterArb(dealId: string) {
  const condition = fc.oneof(
    fc.record({ field: fc.constantFrom("rating", "usualRating"), op: fc.constantFrom("eq", "gte", "lte"), value: fc.integer({ min: 1, max: 3 }) }),
    fc.record({ field: fc.constantFrom("rating", "usualRating"), op: fc.constant("in"), value: fc.subarray([1, 2, 3]) }),
    fc.record({ field: fc.constantFrom("rating", "usualRating"), op: fc.constant("isNull"), value: fc.boolean() }),
    fc.record({ field: fc.constantFrom("visitCount", "totalSpentCents"), op: fc.constantFrom("gte", "lte"), value: fc.integer({ min: 0, max: 30_000 }) }),
    fc.record({
      field: fc.constant("visitCount"),
      op: fc.constant("between"),
      value: fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 3, max: 8 })),
    }),
    fc.record({ field: fc.constantFrom("lastVisitAt", "firstVisitAt", "createdAt"), op: fc.constantFrom("before", "after"), value: dateRefArb }),
    fc.record({ field: fc.constant("tags"), op: fc.constantFrom("hasAny", "hasAll", "hasNone"), value: tagNamesArb }),
    fc.record({ field: fc.constant("zip"), op: fc.constant("in"), value: fc.subarray(ZIPS) }),
    fc.record({ field: fc.constant("zip"), op: fc.constant("startsWith"), value: fc.constantFrom("021", "9", "") }),
    fc.record({ field: fc.constantFrom("birthday", "anniversary"), op: fc.constant("inNextDays"), value: fc.integer({ min: 0, max: 400 }) }),
    fc.record({ field: fc.constantFrom("birthday", "anniversary"), op: fc.constant("inMonth"), value: fc.integer({ min: 1, max: 12 }) }),
    fc.record({ field: fc.constant("emailConsent"), op: fc.constant("eq"), value: fc.boolean() }),
    fc.record({ field: fc.constant("socialScore"), op: fc.constantFrom("gte", "lte"), value: fc.integer({ min: 0, max: 100 }) }),
    fc.record({ field: fc.constant("rfmSegment"), op: fc.constant("in"), value: fc.subarray([...RFM_SEGMENTS], { maxLength: 3 }) }),
  );
  const where = fc.record(
    {
      dayOfWeek: fc.subarray([...WEEKDAY_KEYS]),
      hour: fc
        .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 1, max: 24 }))
        .filter(([a, b]) => a !== b)
        .map(([from, to]) => ({ from, to })),
      rating: fc.subarray([1, 2, 3]),
      tags: fc.oneof(
        tagNamesArb.map((hasAny) => ({ hasAny })),
        tagNamesArb.map((hasAll) => ({ hasAll })),
      ),
      minSpentCents: fc.integer({ min: 0, max: 15_000 }),
      maxSpentCents: fc.integer({ min: 0, max: 20_000 }),
      voucher: fc.boolean(),
      dealId: fc.constant(dealId),
    },
    { requiredKeys: [] },
  );
  const visits = fc
    .record(
      {
        where,
        window: fc.record({ after: dateRefArb, before: dateRefArb }, { requiredKeys: [] }),
        count: fc.record({ gte: fc.integer({ min: 0, max: 4 }), lte: fc.integer({ min: 0, max: 5 }) }, { requiredKeys: [] }),
      },
      { requiredKeys: [] },
    )
    .map((v) => ({ visits: v }));
  const { tree } = fc.letrec<{ tree: TFilter }>((tie) => ({
    tree: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      condition as fc.Arbitrary<TFilter>,
      visits as fc.Arbitrary<TFilter>,
      fc.record({ and: fc.array(tie("tree"), { maxLength: 3 }) }),
      fc.record({ or: fc.array(tie("tree"), { maxLength: 3 }) }),
      fc.record({ not: tie("tree") }),
    ),
  }));
  return tree;
}

describe("Smart Filter compiler against the FILTERS.md reference", () => {
  const datasets: TDataset[] = [];
  beforeAll(async () => {
    for (const [i, zone] of ZONES.entries()) datasets.push(await loadDataset(zone, 100 + i));
  }, 120_000);

  it("counts and pages exactly like the reference, in every time zone", async () => {
    for (const ds of datasets) {
      const allTags = new Set((await db.tag.findMany({ where: { merchantId: ds.merchant.id } })).map((t) => t.normalizedName));
      await fc.assert(
        fc.asyncProperty(filterArb(ds.dealId), async (filter) => {
          expect(ZFilter.safeParse(filter).success).toBe(true);
          const expected = ds.customers
            .filter((c) => evaluate(filter, c, { timeZone: ds.merchant.timeZone, now: NOW }, allTags))
            .map((c) => c.id)
            .sort();
          expect(await countCustomers(ds.merchant, filter, NOW)).toBe(expected.length);
          const seen: string[] = [];
          let cursor: string | null = null;
          do {
            const page: Awaited<ReturnType<typeof listCustomers>> = await listCustomers(ds.merchant, filter, {
              limit: 7,
              cursor,
              now: NOW,
              sort: "totalSpent",
            });
            seen.push(...page.data.map((r) => r.id));
            cursor = page.nextCursor;
          } while (cursor);
          expect(seen.sort()).toEqual(expected);
        }),
        { numRuns: 120, seed: 4242 },
      );
    }
  }, 240_000);

  it("keeps every string value inert: injection attempts are just values", async () => {
    const ds = datasets[0]!;
    const evil = ["'; DROP TABLE customers; --", '" OR 1=1 --', "family') OR ('1'='1", "%", "_", "\\"];
    for (const s of evil) {
      for (const filter of [
        { field: "zip", op: "in", value: [s] },
        { field: "zip", op: "startsWith", value: s },
        { field: "tags", op: "hasAny", value: [s] },
        { field: "tags", op: "hasAll", value: [s] },
        { visits: { where: { tags: { hasAny: [s] } } } },
      ] as TFilter[]) {
        expect(await countCustomers(ds.merchant, filter, NOW)).toBe(0);
        const sql = compileWhere(filter, { merchantId: ds.merchant.id, timeZone: ds.merchant.timeZone, now: NOW });
        if (s.length > 2) expect(sql.text).not.toContain(s);
        expect(sql.values).toContainEqual(expect.anything());
        expect(sql.values).toContain(ds.merchant.id);
      }
    }
    expect(await db.customer.count({ where: { merchantId: ds.merchant.id } })).toBe(40);
  });

  it("scopes every compiled query to its merchant, whatever the filter", async () => {
    const [a, b] = datasets;
    fc.assert(
      fc.property(filterArb(a!.dealId), (filter) => {
        const sql = compileWhere(filter, { merchantId: a!.merchant.id, timeZone: a!.merchant.timeZone, now: NOW });
        expect(sql.text.startsWith(`c."merchantId" = $1::uuid AND `)).toBe(true);
        expect(sql.values[0]).toBe(a!.merchant.id);
      }),
      { numRuns: 200 },
    );
    const everyone = { and: [] } as TFilter;
    // In the platform scope, where row-level security hides no merchant: the query's own filter is under test.
    expect(await withPlatform("test: the compiled filter alone", () => countCustomersOf(a!.merchant, everyone, NOW))).toBe(40);
    const page = await withPlatform("test: the compiled filter alone", () => listCustomersOf(b!.merchant, everyone, { limit: 100, now: NOW }));
    expect(page.data.every((r) => b!.customers.some((c) => c.id === r.id))).toBe(true);
    // And as the app runs it, in the merchant's scope.
    expect(await countCustomers(a!.merchant, everyone, NOW)).toBe(40);
  });

  it("is two-valued: not(rating in [3]) includes customers never rated", async () => {
    const ds = datasets[0]!;
    const neverRated = ds.customers.filter((c) => c.visits.every((v) => v.rating === null)).length;
    const notThree = await countCustomers(ds.merchant, { not: { field: "rating", op: "in", value: [3] } }, NOW);
    const three = await countCustomers(ds.merchant, { field: "rating", op: "in", value: [3] }, NOW);
    expect(neverRated).toBeGreaterThan(0);
    expect(three + notThree).toBe(40);
    const noVisitsBefore = await countCustomers(ds.merchant, { not: { field: "lastVisitAt", op: "before", value: { daysAgo: 30 } } }, NOW);
    const before = await countCustomers(ds.merchant, { field: "lastVisitAt", op: "before", value: { daysAgo: 30 } }, NOW);
    expect(before + noVisitsBefore).toBe(40);
  });
});
