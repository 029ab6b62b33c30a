// The demo: one publisher, three merchants in three time zones, thousands of customers and tens of
// thousands of visits over 18 months, with deals, vouchers, a saved Smart Filter, groups and the
// "Off Peak" promotion. Deterministic (seeded PRNG), idempotent (skips when the publisher exists),
// and fast: rows are bulk-inserted with unnest() in a transaction per merchant.
import { randomUUID } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "../src/generated/prisma/client";
import { generatePersonalCode } from "../src/features/campaigns/codes";
import { recomputeRfm } from "../src/features/insights/rfm";
import { recomputeCustomerAggregates } from "../src/features/customers/aggregates";
import { hashPassword } from "../src/lib/password";
import { addDays, fromLocalTime, localToday, toLocalTime } from "../src/lib/time";
import { DEMO_PASSWORD } from "./seed/demo-accounts";
import { MERCHANTS, type TMerchantProfile } from "./seed/merchants";
import { FIRST_NAMES, LAST_NAMES } from "./seed/names";
import { createRandom, type TRandom } from "./seed/random";

/** Connection option: every session of the seed runs in the platform scope of the policies. */
const PLATFORM_SCOPE = "-c app.scope=platform";

const DAYS = 548; // 18 months
const CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"; // no 0/O, 1/I/L

type TColumn = [name: string, pgType: string];

/** INSERT … SELECT * FROM unnest($1::t[], …): one round trip per few thousand rows. */
async function bulkInsert(client: pg.PoolClient, table: string, columns: TColumn[], rows: unknown[][]) {
  const chunk = 5000;
  for (let i = 0; i < rows.length; i += chunk) {
    const slice = rows.slice(i, i + chunk);
    const arrays = columns.map((_, c) => slice.map((r) => r[c]));
    const cols = columns.map(([n]) => `"${n}"`).join(", ");
    const params = columns.map(([, t], c) => `$${c + 1}::${t}[]`).join(", ");
    await client.query(`INSERT INTO ${table} (${cols}) SELECT * FROM unnest(${params})`, arrays);
  }
}

function voucherCode(rand: TRandom): string {
  const part = () => Array.from({ length: 4 }, () => rand.pick(CODE_ALPHABET.split(""))).join("");
  return `CL-${part()}-${part()}`;
}

type TUserIds = Record<string, string>;

async function seedPeople(client: pg.PoolClient, publisherId: string) {
  const hash = await hashPassword(DEMO_PASSWORD);
  const users: [string, string, boolean][] = [
    ["owner@example.com", "Olivia Owner", false],
    ["manager@example.com", "Marco Manager", false],
    ["staff@example.com", "Sam Staff", false],
    ["jamie@example.com", "Jamie Counter", false],
    ["publisher@example.com", "Priya Publisher", false],
    ["admin@example.com", "Ada Admin", true],
    ["owner2@example.com", "Frank Fresh", false],
  ];
  const ids: TUserIds = {};
  for (const [email, name, admin] of users) {
    const { rows } = await client.query(
      `INSERT INTO users (email, name, "passwordHash", "isPlatformAdmin", "emailVerifiedAt") VALUES ($1, $2, $3, $4, now())
       ON CONFLICT (email) DO UPDATE SET name = EXCLUDED.name RETURNING id`,
      [email, name, hash, admin],
    );
    ids[email] = rows[0].id;
  }
  await client.query(`INSERT INTO publisher_memberships ("publisherId", "userId", role) VALUES ($1, $2, 'admin')`, [publisherId, ids["publisher@example.com"]]);
  return ids;
}

async function seedMerchant(client: pg.PoolClient, profile: TMerchantProfile, publisherId: string, users: TUserIds, seed: number, log: (l: string) => void) {
  const rand = createRandom(seed);
  const t0 = Date.now();
  const { rows: m } = await client.query(
    `INSERT INTO merchants (slug, name, category, "timeZone", currency, "addressLine1", city, region, "postalCode", "brandColor", "publisherId", "updatedAt")
     VALUES ($1, $2, $3, $4, 'USD', $5, $6, $7, $8, $9, $10, now()) RETURNING id`,
    [
      profile.slug,
      profile.name,
      profile.category,
      profile.timeZone,
      profile.address.addressLine1,
      profile.address.city,
      profile.address.region,
      profile.address.postalCode,
      profile.brandColor,
      publisherId,
    ],
  );
  const merchantId: string = m[0].id;
  // Harbor Bistro is nine days into the 14-day Growth trial (features/billing/plans.ts TRIAL), so the
  // billing page shows a trial with its end and usage bars; the others are on the default plan.
  if (profile.slug === "harbor-bistro") {
    await client.query(
      `INSERT INTO subscriptions ("merchantId", plan, status, "trialEndsAt", "updatedAt") VALUES ($1, 'growth', 'trialing', now() + interval '5 days', now())`,
      [merchantId],
    );
  } else {
    await client.query(`INSERT INTO subscriptions ("merchantId", "updatedAt") VALUES ($1, now())`, [merchantId]);
  }

  // Team.
  const pinHashes = { "staff@example.com": await hashPassword("1234"), "jamie@example.com": await hashPassword("2468") } as Record<string, string>;
  const team: [string, string][] =
    profile.slug === "harbor-bistro"
      ? [
          ["owner@example.com", "owner"],
          ["manager@example.com", "manager"],
          ["staff@example.com", "staff"],
          ["jamie@example.com", "staff"],
        ]
      : profile.slug === "vine-barrel"
        ? [["owner@example.com", "owner"]]
        : [["owner2@example.com", "owner"]];
  for (const [email, role] of team) {
    await client.query(`INSERT INTO memberships ("merchantId", "userId", role, "pinHash") VALUES ($1, $2, $3, $4)`, [
      merchantId,
      users[email],
      role,
      pinHashes[email] ?? null,
    ]);
  }
  const staffIds = team.map(([email]) => users[email]!);

  // Tags.
  const tagIds = profile.tags.map(() => randomUUID());
  await bulkInsert(
    client,
    "tags",
    [
      ["merchantId", "uuid"],
      ["id", "uuid"],
      ["name", "text"],
      ["normalizedName", "text"],
    ],
    profile.tags.map((t, i) => [merchantId, tagIds[i], t, t.toLowerCase()]),
  );

  // Deals, spread over the 18 months.
  const today = localToday(profile.timeZone);
  const firstDay = addDays(today, -DAYS);
  const deals = profile.deals.map((d, i) => {
    const start = addDays(firstDay, Math.floor((i * DAYS) / profile.deals.length));
    return { ...d, id: randomUUID(), start, end: addDays(start, 45) };
  });
  await bulkInsert(
    client,
    "deals",
    [
      ["merchantId", "uuid"],
      ["id", "uuid"],
      ["publisherId", "uuid"],
      ["title", "text"],
      ["priceCents", "int"],
      ["valueCents", "int"],
      ["startsAt", "timestamptz"],
      ["endsAt", "timestamptz"],
      ["voucherExpiresAt", "timestamptz"],
    ],
    deals.map((d) => [
      merchantId,
      d.id,
      publisherId,
      d.title,
      d.priceCents,
      d.valueCents,
      fromLocalTime(d.start, 0, 0, profile.timeZone),
      fromLocalTime(d.end, 0, 0, profile.timeZone),
      fromLocalTime(addDays(d.end, 180), 0, 0, profile.timeZone),
    ]),
  );

  const customers: unknown[][] = [];
  const visits: unknown[][] = [];
  const visitTags: unknown[][] = [];
  const vouchers: unknown[][] = [];
  const usedCodes = new Set<string>();
  const newCode = () => {
    let c = voucherCode(rand);
    while (usedCodes.has(c)) c = voucherCode(rand);
    usedCodes.add(c);
    return c;
  };

  // A date in [from, to] whose weekday follows the merchant's weekly rhythm.
  const pickDate = (fromDay: number, toDay: number) => {
    const maxW = Math.max(...profile.weekdayWeights);
    for (;;) {
      const date = addDays(firstDay, rand.int(fromDay, toDay));
      const dow = new Date(`${date}T12:00:00Z`).getUTCDay();
      if (rand.next() * maxW < profile.weekdayWeights[dow]!) return date;
    }
  };

  for (let i = 0; i < profile.customers; i++) {
    const id = randomUUID();
    const first = rand.pick(FIRST_NAMES);
    const last = rand.pick(LAST_NAMES);
    const bucket = profile.visitBuckets[rand.weighted(profile.visitBuckets.map((b) => b[0]))]!;
    const n = rand.int(bucket[1], bucket[2]);
    const isRegular = n >= 5;
    // Regulars started earlier; a third of everyone who came more than once has since lapsed.
    // History ends yesterday: today belongs to the counter, and nothing may lie in the future.
    const lastDay = DAYS - 1;
    const startDay = isRegular ? rand.int(0, Math.floor(DAYS * 0.6)) : rand.int(0, lastDay);
    const endDay = n > 1 && rand.chance(0.33) ? rand.int(startDay, Math.max(startDay, DAYS - 35)) : lastDay;
    const preferredTags = [rand.int(0, tagIds.length - 1), rand.int(0, tagIds.length - 1)];
    const partyPref = profile.partySizes[rand.weighted(profile.partyWeights)]!;
    const ratingBias = isRegular ? [0.05, 0.35, 0.6] : [0.2, 0.55, 0.25];

    const days = [startDay, ...Array.from({ length: n - 1 }, () => rand.int(startDay, endDay))].sort((a, b) => a - b);
    let firstAt: Date | null = null;
    let firstWasDeal = false;
    days.forEach((d, k) => {
      const date = pickDate(d, d);
      const hour = rand.weighted(profile.hourWeights);
      const occurredAt = fromLocalTime(date, hour, rand.int(0, 59), profile.timeZone);
      const local = toLocalTime(occurredAt, profile.timeZone);
      const visitId = randomUUID();
      const party = rand.chance(0.7) ? partyPref : profile.partySizes[rand.weighted(profile.partyWeights)]!;
      const amount = Math.round((party * rand.int(profile.spendPerPerson[0], profile.spendPerPerson[1])) / 25) * 25;
      const rating = rand.chance(0.85) ? 1 + rand.weighted(ratingBias) : null;
      let voucherId: string | null = null;
      if (k === 0 && rand.chance(n === 1 ? profile.dealShare : profile.dealShare * 0.6)) {
        // The most recent deal that had started by then.
        const deal = [...deals].reverse().find((x) => x.start <= date) ?? deals[0]!;
        voucherId = randomUUID();
        firstWasDeal = true;
        vouchers.push([
          merchantId,
          voucherId,
          deal.id,
          newCode(),
          "redeemed",
          id,
          `${first} ${last}`,
          occurredAt,
          occurredAt,
          rand.pick(staffIds),
          visitId,
          addDays(date, 180),
        ]);
      }
      visits.push([
        merchantId,
        visitId,
        id,
        occurredAt,
        local.date,
        local.dayOfWeek,
        local.hour,
        amount,
        party,
        rating,
        rand.pick(staffIds),
        voucherId,
        "seed",
        occurredAt,
      ]);
      const tagCount = rand.weighted([3, 4, 2, 1]);
      const chosen = new Set<string>();
      for (let t = 0; t < tagCount; t++) chosen.add(tagIds[rand.chance(0.7) ? rand.pick(preferredTags) : rand.int(0, tagIds.length - 1)]!);
      for (const tagId of chosen) visitTags.push([merchantId, visitId, tagId]);
      firstAt ??= occurredAt;
    });

    const hasEmail = rand.chance(0.8);
    const email = hasEmail ? `${first}.${last}.${i}@example.net`.toLowerCase().replace(/'/g, "") : null;
    const consent = hasEmail && rand.chance(0.7);
    const unsubscribed = consent && rand.chance(0.03);
    const bounced = hasEmail && !unsubscribed && rand.chance(0.01);
    const birthday = rand.chance(0.4)
      ? `${rand.int(1950, 2003)}-${String(rand.int(1, 12)).padStart(2, "0")}-${String(rand.int(1, 28)).padStart(2, "0")}`
      : null;
    const anniversary = rand.chance(0.15)
      ? `${rand.int(1985, 2024)}-${String(rand.int(1, 12)).padStart(2, "0")}-${String(rand.int(1, 28)).padStart(2, "0")}`
      : null;
    customers.push([
      merchantId,
      id,
      email,
      email,
      rand.chance(0.5) ? `+1${profile.areaCode}555${String(i).padStart(4, "0")}` : null,
      first,
      last,
      rand.pick(profile.zips),
      birthday,
      anniversary,
      rand.pick(["email", "email", "email", "email", "email", "email", "email", "email", "sms", "none"]),
      Math.floor(rand.next() ** 3 * 100),
      firstWasDeal ? "deal" : "counter",
      consent && !unsubscribed,
      consent ? (firstWasDeal ? "deal" : rand.pick(["counter", "import"])) : null,
      consent ? firstAt : null,
      unsubscribed ? addDays(today, -rand.int(1, 200)) : null,
      bounced ? addDays(today, -rand.int(1, 200)) : null,
      bounced ? "bounced" : null,
      firstAt,
      firstAt,
    ]);
  }

  // Unredeemed vouchers the counter can still redeem, plus a few void and expired ones.
  const openDeal = deals[deals.length - 1]!;
  for (let i = 0; i < 80; i++) {
    const kind = i < 60 ? "active" : i < 68 ? "void" : "expired";
    const first = rand.pick(FIRST_NAMES);
    const last = rand.pick(LAST_NAMES);
    vouchers.push([
      merchantId,
      randomUUID(),
      openDeal.id,
      newCode(),
      kind === "void" ? "void" : "active",
      null,
      `${first} ${last}`,
      null,
      null,
      null,
      null,
      kind === "expired" ? addDays(today, -rand.int(1, 60)) : addDays(today, rand.int(30, 120)),
    ]);
  }

  await bulkInsert(
    client,
    "customers",
    [
      ["merchantId", "uuid"],
      ["id", "uuid"],
      ["email", "text"],
      ["emailNormalized", "text"],
      ["phone", "text"],
      ["firstName", "text"],
      ["lastName", "text"],
      ["zip", "text"],
      ["birthday", "date"],
      ["anniversary", "date"],
      ["channelPreference", '"ChannelPreference"'],
      ["socialScore", "int"],
      ["source", '"RecordSource"'],
      ["emailConsent", "bool"],
      ["emailConsentSource", "text"],
      ["emailConsentAt", "timestamptz"],
      ["unsubscribedAt", "timestamptz"],
      ["suppressedAt", "timestamptz"],
      ["suppressionReason", '"SuppressionReason"'],
      ["createdAt", "timestamptz"],
      ["updatedAt", "timestamptz"],
    ],
    customers,
  );
  await bulkInsert(
    client,
    "vouchers",
    [
      ["merchantId", "uuid"],
      ["id", "uuid"],
      ["dealId", "uuid"],
      ["code", "text"],
      ["status", '"VoucherStatus"'],
      ["customerId", "uuid"],
      ["purchaserName", "text"],
      ["purchasedAt", "timestamptz"],
      ["redeemedAt", "timestamptz"],
      ["redeemedByUserId", "uuid"],
      ["visitId", "uuid"],
      ["expiresAt", "timestamptz"],
    ],
    vouchers.map((v) => [...v.slice(0, 11), v[11] instanceof Date ? v[11] : fromLocalTime(v[11] as string, 23, 59, profile.timeZone)]),
  );
  await bulkInsert(
    client,
    "visits",
    [
      ["merchantId", "uuid"],
      ["id", "uuid"],
      ["customerId", "uuid"],
      ["occurredAt", "timestamptz"],
      ["localDate", "date"],
      ["localDayOfWeek", "int2"],
      ["localHour", "int2"],
      ["amountCents", "int"],
      ["partySize", "int2"],
      ["rating", "int2"],
      ["staffUserId", "uuid"],
      ["voucherId", "uuid"],
      ["source", '"RecordSource"'],
      ["createdAt", "timestamptz"],
      ["updatedAt", "timestamptz"],
    ],
    visits.map((v) => [...v, v[13]]),
  );
  await bulkInsert(
    client,
    "visit_tags",
    [
      ["merchantId", "uuid"],
      ["visitId", "uuid"],
      ["tagId", "uuid"],
    ],
    visitTags,
  );

  log(
    `${profile.name}: ${customers.length.toLocaleString("en-US")} customers, ${visits.length.toLocaleString("en-US")} visits, ${vouchers.length.toLocaleString("en-US")} vouchers (${((Date.now() - t0) / 1000).toFixed(1)} s)`,
  );
  return { merchantId, tagIds };
}

async function seedBistroExtras(client: pg.PoolClient, merchantId: string, createdById: string) {
  const offPeak = {
    and: [
      { field: "rating", op: "in", value: [2, 3] },
      { field: "lastVisitAt", op: "before", value: { daysAgo: 30 } },
      { visits: { where: { dayOfWeek: ["sun", "mon", "tue", "wed"] } } },
    ],
  };
  await client.query(
    `INSERT INTO smart_filters ("merchantId", name, filter, pinned, "createdById") VALUES ($1, 'Off Peak regulars', $2, true, $3), ($1, 'Family regulars', $4, true, $3)`,
    [
      merchantId,
      JSON.stringify(offPeak),
      createdById,
      JSON.stringify({
        and: [
          { field: "tags", op: "hasAny", value: ["family"] },
          { field: "visitCount", op: "gte", value: 3 },
        ],
      }),
    ],
  );
  await client.query(`INSERT INTO groups ("merchantId", name, kind, filter, "createdById") VALUES ($1, 'Off Peak regulars', 'dynamic', $2, $3)`, [
    merchantId,
    JSON.stringify(offPeak),
    createdById,
  ]);
  const { rows } = await client.query(`INSERT INTO groups ("merchantId", name, kind, "createdById") VALUES ($1, 'VIP table', 'static', $2) RETURNING id`, [
    merchantId,
    createdById,
  ]);
  await client.query(
    `INSERT INTO group_members ("merchantId", "groupId", "customerId")
     SELECT $1, $2, id FROM customers WHERE "merchantId" = $1 ORDER BY "totalSpentCents" DESC LIMIT 25`,
    [merchantId, rows[0].id],
  );
  await client.query(
    `INSERT INTO promotions ("merchantId", name, title, offer, terms, "validDaysOfWeek", "validHourFrom", "validHourTo", "expiresInDays", subject, preheader, body, "updatedAt")
     VALUES ($1, 'Off Peak', 'Off Peak treat', '20% off your bill Sunday–Wednesday, 2–5 pm', 'One use per guest. Not valid with other offers.', '{0,1,2,3}', 14, 17, 30,
             'A quiet-hours treat for you, {{firstName}}', 'Your personal code inside: 20% off, Sunday to Wednesday afternoons.',
             'We miss you! Come by on a quiet afternoon and enjoy 20% off your bill. Show this code at the counter.', now())`,
    [merchantId],
  );
}

/**
 * One finished "Off Peak" campaign, sent 40 days ago to consenting Sunday–Wednesday regulars with
 * a 10% holdout: personal codes, a believable funnel (delivered, opened, clicked, a few bounces),
 * redemptions on Sunday–Wednesday afternoons, and return visits for recipients and holdout alike
 * (recipients somewhat more often), so the results page and the dashboard show a real lift.
 * Runs before the aggregates are recomputed, so the new visits count everywhere.
 */
async function seedBistroCampaign(client: pg.PoolClient, merchantId: string, timeZone: string, createdById: string) {
  const rand = createRandom(4242);
  const {
    rows: [group],
  } = await client.query(`SELECT id FROM groups WHERE "merchantId" = $1 AND name = 'Off Peak regulars'`, [merchantId]);
  const {
    rows: [promotion],
  } = await client.query(`SELECT id, title FROM promotions WHERE "merchantId" = $1 AND name = 'Off Peak'`, [merchantId]);
  const { rows: staff } = await client.query(`SELECT "userId" FROM memberships WHERE "merchantId" = $1`, [merchantId]);
  const base = `FROM customers c WHERE c."merchantId" = $1 AND EXISTS (SELECT 1 FROM visits v WHERE v."merchantId" = c."merchantId" AND v."customerId" = c.id AND v."localDayOfWeek" <= 3 AND v.rating >= 2)`;
  const { rows: buckets } = await client.query(
    `SELECT CASE WHEN c.email IS NULL THEN 'noEmail' WHEN c."unsubscribedAt" IS NOT NULL OR c."channelPreference" = 'none' THEN 'unsubscribed'
                 WHEN c."suppressedAt" IS NOT NULL THEN 'suppressed' WHEN NOT c."emailConsent" THEN 'noConsent' ELSE 'eligible' END AS bucket, count(*)::int AS n ${base} GROUP BY 1`,
    [merchantId],
  );
  const { rows: eligible } = await client.query(
    `SELECT c.id, c.email ${base} AND c.email IS NOT NULL AND c."emailConsent" AND c."unsubscribedAt" IS NULL AND c."suppressedAt" IS NULL AND c."channelPreference" <> 'none'
      ORDER BY md5(c.id::text)`,
    [merchantId],
  );
  const excluded = { noEmail: 0, unsubscribed: 0, suppressed: 0, noConsent: 0, frequencyCapped: 0 } as Record<string, number>;
  for (const b of buckets) if (b.bucket !== "eligible") excluded[b.bucket] = b.n;

  const today = localToday(timeZone);
  const sendDate = addDays(today, -40);
  const sentAt = fromLocalTime(sendDate, 10, 0, timeZone);
  const expiresAt = fromLocalTime(addDays(sendDate, 30), 23, 59, timeZone);
  const campaignId = randomUUID();
  const dealId = randomUUID();
  const holdoutN = Math.round(eligible.length * 0.1);
  await client.query(
    `INSERT INTO deals ("merchantId", id, kind, title, "startsAt", "endsAt", "voucherExpiresAt") VALUES ($1, $2, 'social_select', $3, $4, $5, $5)`,
    [merchantId, dealId, promotion.title, sentAt, expiresAt],
  );
  await client.query(
    `INSERT INTO campaigns ("merchantId", id, "promotionId", "groupId", "dealId", status, "holdoutPercent", "sendAt", "startedAt", "completedAt", "audienceCount", "holdoutCount", excluded, "createdById", "createdAt")
     VALUES ($1, $2, $3, $4, $5, 'sent', 10, $6, $6, $7, $8, $9, $10, $11, $6)`,
    [
      merchantId,
      campaignId,
      promotion.id,
      group.id,
      dealId,
      sentAt,
      new Date(sentAt.getTime() + 90_000),
      eligible.length - holdoutN,
      holdoutN,
      JSON.stringify(excluded),
      createdById,
    ],
  );

  const recipients: unknown[][] = [];
  const vouchers: unknown[][] = [];
  const visits: unknown[][] = [];
  const at = (day: number, hourFrom: number, hourTo: number, offPeak: boolean) => {
    // A local date about `day` days after the send (Sunday–Wednesday for an off-peak visit), before today.
    for (let k = 0; k < 14; k++) {
      const date = addDays(sendDate, day - k >= 1 ? day - k : day + k);
      const dow = new Date(`${date}T12:00:00Z`).getUTCDay();
      if ((!offPeak || dow <= 3) && date < today) return fromLocalTime(date, rand.int(hourFrom, hourTo), rand.int(0, 59), timeZone);
    }
    return fromLocalTime(addDays(sendDate, 4), hourFrom, 0, timeZone);
  };
  const addVisit = (customerId: string, occurredAt: Date, voucherId: string | null) => {
    const local = toLocalTime(occurredAt, timeZone);
    const party = rand.int(1, 4);
    const id = randomUUID();
    visits.push([
      merchantId,
      id,
      customerId,
      occurredAt,
      local.date,
      local.dayOfWeek,
      local.hour,
      party * rand.int(14, 26) * 100 + rand.pick([0, 25, 50, 75]),
      party,
      rand.chance(0.85) ? rand.int(2, 3) : null,
      rand.pick(staff).userId,
      voucherId,
      "seed",
      occurredAt,
      occurredAt,
    ]);
    return id;
  };
  eligible.forEach((c: { id: string; email: string }, i: number) => {
    const isHoldout = i < holdoutN;
    if (isHoldout) {
      recipients.push([merchantId, campaignId, c.id, c.email, true, "held_out", null, null, null, null, null, null, null]);
      if (rand.chance(0.16)) addVisit(c.id, at(rand.int(2, 38), 11, 20, false), null);
      return;
    }
    const voucherId = randomUUID();
    const bounced = rand.chance(0.012);
    const delivered = !bounced;
    const opened = delivered && rand.chance(0.46);
    const clicked = opened && rand.chance(0.3);
    const sent = new Date(sentAt.getTime() + Math.floor(i / 100) * 2000);
    recipients.push([
      merchantId,
      campaignId,
      c.id,
      c.email,
      false,
      bounced ? "bounced" : "delivered",
      voucherId,
      `seed_${randomUUID()}`,
      sent,
      delivered ? new Date(sent.getTime() + 4000) : null,
      opened ? new Date(sent.getTime() + rand.int(600, 200_000) * 1000) : null,
      clicked ? new Date(sent.getTime() + rand.int(800, 210_000) * 1000) : null,
      bounced ? new Date(sent.getTime() + 5000) : null,
    ]);
    let redeemedAt: Date | null = null;
    let visitId: string | null = null;
    if (delivered && rand.chance(opened ? 0.3 : 0.08)) {
      redeemedAt = at(rand.int(2, 29), 14, 16, true);
      visitId = addVisit(c.id, redeemedAt, voucherId);
    } else if (rand.chance(0.1)) {
      addVisit(c.id, at(rand.int(2, 38), 11, 20, false), null);
    }
    vouchers.push([
      merchantId,
      voucherId,
      dealId,
      generatePersonalCode(),
      redeemedAt ? "redeemed" : "active",
      c.id,
      campaignId,
      sentAt,
      expiresAt,
      redeemedAt,
      redeemedAt ? rand.pick(staff).userId : null,
      visitId,
    ]);
  });
  await bulkInsert(
    client,
    "vouchers",
    [
      ["merchantId", "uuid"],
      ["id", "uuid"],
      ["dealId", "uuid"],
      ["code", "text"],
      ["status", '"VoucherStatus"'],
      ["customerId", "uuid"],
      ["campaignId", "uuid"],
      ["purchasedAt", "timestamptz"],
      ["expiresAt", "timestamptz"],
      ["redeemedAt", "timestamptz"],
      ["redeemedByUserId", "uuid"],
      ["visitId", "uuid"],
    ],
    vouchers,
  );
  await bulkInsert(
    client,
    "campaign_recipients",
    [
      ["merchantId", "uuid"],
      ["campaignId", "uuid"],
      ["customerId", "uuid"],
      ["email", "text"],
      ["isHoldout", "bool"],
      ["status", '"RecipientStatus"'],
      ["voucherId", "uuid"],
      ["providerMessageId", "text"],
      ["sentAt", "timestamptz"],
      ["deliveredAt", "timestamptz"],
      ["openedAt", "timestamptz"],
      ["clickedAt", "timestamptz"],
      ["bouncedAt", "timestamptz"],
    ],
    recipients,
  );
  await bulkInsert(
    client,
    "visits",
    [
      ["merchantId", "uuid"],
      ["id", "uuid"],
      ["customerId", "uuid"],
      ["occurredAt", "timestamptz"],
      ["localDate", "date"],
      ["localDayOfWeek", "int2"],
      ["localHour", "int2"],
      ["amountCents", "int"],
      ["partySize", "int2"],
      ["rating", "int2"],
      ["staffUserId", "uuid"],
      ["voucherId", "uuid"],
      ["source", '"RecordSource"'],
      ["createdAt", "timestamptz"],
      ["updatedAt", "timestamptz"],
    ],
    visits,
  );
}

export async function seedDemo(databaseUrl: string, opts: { log?: (line: string) => void } = {}): Promise<{ seeded: boolean }> {
  const log = opts.log ?? ((l: string) => console.log(l));
  // The seed writes every merchant's rows: a named platform path (row-level security, docs/operations.md).
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2, options: PLATFORM_SCOPE });
  try {
    const exists = await pool.query(`SELECT 1 FROM publishers WHERE slug = 'citylights'`);
    if (exists.rowCount) return { seeded: false };
    const t0 = Date.now();
    const client = await pool.connect();
    const merchantIds: string[] = [];
    try {
      await client.query("BEGIN");
      const { rows } = await client.query(`INSERT INTO publishers (slug, name) VALUES ('citylights', 'CityLights Deals') RETURNING id`);
      const publisherId: string = rows[0].id;
      const users = await seedPeople(client, publisherId);
      for (const [i, profile] of MERCHANTS.entries()) {
        const { merchantId } = await seedMerchant(client, profile, publisherId, users, 1000 + i, log);
        merchantIds.push(merchantId);
        if (profile.slug === "harbor-bistro") {
          await seedBistroExtras(client, merchantId, users["manager@example.com"]!);
          await seedBistroCampaign(client, merchantId, profile.timeZone, users["manager@example.com"]!);
        }
      }
      await client.query("COMMIT");
    } catch (err) {
      await client.query("ROLLBACK");
      throw err;
    } finally {
      client.release();
    }

    const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl, max: 2, options: PLATFORM_SCOPE }) });
    try {
      for (const merchantId of merchantIds) {
        await recomputeCustomerAggregates(prisma, merchantId);
        await recomputeRfm(prisma, merchantId);
      }
    } finally {
      await prisma.$disconnect();
    }
    await pool.query("VACUUM ANALYZE customers");
    await pool.query("ANALYZE");
    log(`Demo ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    return { seeded: true };
  } finally {
    await pool.end();
  }
}

// `npm run db:seed`
if (import.meta.url === `file://${process.argv[1]}`) {
  const { prepareEnvironment } = await import("../scripts/lib/dev-env");
  const pgServer = await prepareEnvironment({ quiet: true });
  const { seeded } = await seedDemo(pgServer.ownerUrl); // an operator command: as the owner (VACUUM ANALYZE)
  console.log(seeded ? "Seeded the demo." : "The demo is already there.");
  await pgServer.stop();
}
