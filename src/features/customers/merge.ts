import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { db, type Tx } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { recordAudit } from "@/lib/audit";
import { recomputeCustomerAggregates } from "./aggregates";
import { customerDisplayName } from "./display";
import type { TActor } from "./edit";
import { customerSearchSql, searchTerm } from "@/features/filters/search";

// Merging two customers (the 360's "Merge a duplicate"): everything the duplicate has moves to the
// survivor in one transaction, the survivor's aggregates are recomputed, consent is the more
// restrictive of the two, and the duplicate is deleted. A retry after success replays the answer
// from the audit entry, so a double click or a lost response never merges twice or fails.

type TRow = {
  id: string;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  emailNormalized: string | null;
  phone: string | null;
  externalId: string | null;
  zip: string | null;
  birthday: Date | null;
  anniversary: Date | null;
  note: string | null;
  interests: string[];
  socialScore: number;
  channelPreference: "email" | "sms" | "none";
  emailConsent: boolean;
  emailConsentSource: string | null;
  emailConsentAt: Date | null;
  unsubscribedAt: Date | null;
  suppressedAt: Date | null;
  suppressionReason: "bounced" | "complained" | "manual" | null;
  erasedAt: Date | null;
  createdAt: Date;
  visitCount: number;
  totalSpentCents: bigint;
};

export type TMergeCounts = { visits: number; vouchers: number; campaigns: number; tags: number; notes: number; groups: number };

export type TMergePreview = {
  survivor: { id: string; name: string };
  duplicate: { id: string; name: string; email: string | null; phone: string | null; visitCount: number };
  /** What moves from the duplicate to the survivor. */
  moves: TMergeCounts;
  /** Promotions both were sent: the survivor's record of it is kept (the duplicate's code still moves). */
  campaignsBothGot: number;
  /** Survivor fields that are blank and take the duplicate's value. */
  filled: string[];
  /** Duplicate values that differ from the survivor's and are dropped (the survivor's stay). */
  dropped: string[];
  consent: { emailConsent: boolean; unsubscribed: boolean; suppressed: boolean; reason: string };
  after: { visitCount: number; totalSpentCents: string };
};

export type TMergeResult = { survivorId: string; duplicateId: string; moved: TMergeCounts; alreadyMerged: boolean };

const FIELDS = ["firstName", "lastName", "email", "phone", "externalId", "zip", "birthday", "anniversary"] as const;
const FIELD_WORDS: Record<(typeof FIELDS)[number] | "note", string> = {
  firstName: "first name",
  lastName: "last name",
  email: "email",
  phone: "phone",
  externalId: "external id",
  zip: "ZIP code",
  birthday: "birthday",
  anniversary: "anniversary",
  note: "note",
};
const same = (x: unknown, y: unknown) => (x instanceof Date && y instanceof Date ? x.getTime() === y.getTime() : x === y);

async function lockPair(tx: Tx, merchantId: string, ids: string[]): Promise<Map<string, TRow>> {
  const rows = await tx.$queryRaw<TRow[]>(Prisma.sql`
    SELECT id, "firstName", "lastName", email, "emailNormalized", phone, "externalId", zip, birthday, anniversary, note, interests, "socialScore",
           "channelPreference"::text AS "channelPreference", "emailConsent", "emailConsentSource", "emailConsentAt", "unsubscribedAt", "suppressedAt",
           "suppressionReason"::text AS "suppressionReason", "erasedAt", "createdAt", "visitCount", "totalSpentCents"
      FROM customers WHERE "merchantId" = ${merchantId}::uuid AND id = ANY(${ids}::uuid[])
     ORDER BY id FOR UPDATE`);
  return new Map(rows.map((r) => [r.id, r]));
}

/** The consent that stands after a merge: any unsubscribe, suppression or "no email" wins. */
function mergedConsent(s: TRow, d: TRow, email: string | null) {
  const unsubscribedAt = [s.unsubscribedAt, d.unsubscribedAt].filter((x): x is Date => !!x).sort((x, y) => y.getTime() - x.getTime())[0] ?? null;
  const suppressedFrom = s.suppressedAt ? s : d.suppressedAt ? d : null;
  const channelPreference = s.channelPreference === "none" || d.channelPreference === "none" ? ("none" as const) : s.channelPreference;
  // Consent is for an address: when both had one, both must have agreed; otherwise the one that had an address decides.
  const voters = [s, d].filter((r) => r.emailNormalized);
  const agreed = voters.length > 0 && voters.every((r) => r.emailConsent);
  const emailConsent = !!email && agreed && !unsubscribedAt && !suppressedFrom;
  const source = emailConsent ? voters.find((r) => r.emailConsent)! : null;
  const reason = unsubscribedAt
    ? "One of them unsubscribed, so the merged customer stays unsubscribed (only they can subscribe again)."
    : suppressedFrom
      ? "Email to one of their addresses bounced or was marked as spam, so the merged customer is not emailed."
      : emailConsent
        ? "Both agreed to promotional email (or only one had an address and agreed)."
        : voters.length === 2 && voters.some((r) => r.emailConsent)
          ? "Only one of them agreed to promotional email; the merged customer keeps the stricter answer: no email."
          : "Neither agreed to promotional email.";
  return {
    data: {
      emailConsent,
      emailConsentSource: source?.emailConsentSource ?? null,
      emailConsentAt: source?.emailConsentAt ?? null,
      unsubscribedAt,
      suppressedAt: suppressedFrom?.suppressedAt ?? null,
      suppressionReason: suppressedFrom?.suppressionReason ?? null,
      channelPreference,
    },
    summary: { emailConsent, unsubscribed: !!unsubscribedAt, suppressed: !!suppressedFrom, reason },
  };
}

async function countMoves(tx: Tx | typeof db, merchantId: string, s: string, d: string) {
  const [row] = await tx.$queryRaw<(TMergeCounts & { campaignsBothGot: number })[]>(Prisma.sql`
    SELECT (SELECT count(*)::int FROM visits WHERE "merchantId" = ${merchantId}::uuid AND "customerId" = ${d}::uuid) AS visits,
           (SELECT count(*)::int FROM vouchers WHERE "merchantId" = ${merchantId}::uuid AND "customerId" = ${d}::uuid) AS vouchers,
           (SELECT count(*)::int FROM campaign_recipients WHERE "merchantId" = ${merchantId}::uuid AND "customerId" = ${d}::uuid) AS campaigns,
           (SELECT count(*)::int FROM campaign_recipients x WHERE x."merchantId" = ${merchantId}::uuid AND x."customerId" = ${d}::uuid
               AND EXISTS (SELECT 1 FROM campaign_recipients y WHERE y."merchantId" = x."merchantId" AND y."campaignId" = x."campaignId" AND y."customerId" = ${s}::uuid)) AS "campaignsBothGot",
           (SELECT count(*)::int FROM customer_tags WHERE "merchantId" = ${merchantId}::uuid AND "customerId" = ${d}::uuid) AS tags,
           (SELECT count(*)::int FROM customer_notes WHERE "merchantId" = ${merchantId}::uuid AND "customerId" = ${d}::uuid) AS notes,
           (SELECT count(*)::int FROM group_members WHERE "merchantId" = ${merchantId}::uuid AND "customerId" = ${d}::uuid) AS groups`);
  return row!;
}

function plan(s: TRow, d: TRow) {
  const filled: string[] = [];
  const dropped: string[] = [];
  const data: Record<string, unknown> = {};
  for (const f of FIELDS) {
    if (d[f] === null || d[f] === undefined) continue;
    if (s[f] === null) {
      filled.push(FIELD_WORDS[f]);
      data[f] = d[f];
      if (f === "email") data.emailNormalized = d.emailNormalized;
    } else if (!same(s[f], d[f]) && !(f === "email" && s.emailNormalized === d.emailNormalized)) dropped.push(FIELD_WORDS[f]);
  }
  if (d.note) {
    data.note = s.note ? `${s.note}\n\n${d.note}` : d.note;
    if (!s.note) filled.push(FIELD_WORDS.note);
  }
  const email = (data.email as string | undefined) ?? s.email;
  const consent = mergedConsent(s, d, email);
  Object.assign(data, consent.data, {
    interests: [...new Set([...s.interests, ...d.interests])],
    socialScore: Math.max(s.socialScore, d.socialScore),
    // biome-ignore lint/complexity/useMathMinMax: Dates, which Math.min would turn into numbers
    createdAt: s.createdAt < d.createdAt ? s.createdAt : d.createdAt,
  });
  return { data, filled, dropped, consent: consent.summary };
}

function checkPair(rows: Map<string, TRow>, survivorId: string, duplicateId: string) {
  const s = rows.get(survivorId);
  const d = rows.get(duplicateId);
  if (!s) throw notFound("That customer");
  if (!d)
    throw new AppError("NOT_FOUND", "The duplicate was not found: it may have been merged or deleted already.", {
      fieldErrors: { duplicateId: "That customer was not found." },
    });
  if (s.erasedAt || d.erasedAt) throw new AppError("CONFLICT", "A customer whose data was erased on request cannot be merged.");
  return { s, d };
}

/** What a merge would do, without doing it. */
export async function previewMerge(actor: TActor, input: { survivorId: string; duplicateId: string }): Promise<TMergePreview> {
  const merchantId = actor.merchant.id;
  return db.$transaction(async (tx) => {
    const { s, d } = checkPair(await lockPair(tx, merchantId, [input.survivorId, input.duplicateId]), input.survivorId, input.duplicateId);
    const { filled, dropped, consent } = plan(s, d);
    const { campaignsBothGot, ...moves } = await countMoves(tx, merchantId, s.id, d.id);
    return {
      survivor: { id: s.id, name: customerDisplayName(s) },
      duplicate: { id: d.id, name: customerDisplayName(d), email: d.email, phone: d.phone, visitCount: d.visitCount },
      moves,
      campaignsBothGot,
      filled,
      dropped,
      consent,
      after: { visitCount: s.visitCount + d.visitCount, totalSpentCents: (s.totalSpentCents + d.totalSpentCents).toString() },
    };
  });
}

/** Merges `duplicateId` into `survivorId` in one transaction; idempotent (a retry replays the first answer). */
export async function mergeCustomers(actor: TActor, input: { survivorId: string; duplicateId: string }): Promise<TMergeResult> {
  const merchantId = actor.merchant.id;
  const { survivorId: s, duplicateId: d } = input;
  return db.$transaction(async (tx) => {
    const rows = await lockPair(tx, merchantId, [s, d]);
    if (rows.has(s) && !rows.has(d)) {
      const done = await tx.auditLog.findFirst({
        where: { merchantId, action: "customer.merged", entityType: "Customer", entityId: s, data: { path: ["duplicateId"], equals: d } },
        select: { data: true },
      });
      if (done) return { survivorId: s, duplicateId: d, moved: (done.data as { moved: TMergeCounts }).moved, alreadyMerged: true };
    }
    const pair = checkPair(rows, s, d);
    const { data, filled } = plan(pair.s, pair.d);
    const { campaignsBothGot, ...moved } = await countMoves(tx, merchantId, s, d);
    const m = Prisma.sql`${merchantId}::uuid`;
    await tx.$executeRaw(Prisma.sql`UPDATE visits SET "customerId" = ${s}::uuid WHERE "merchantId" = ${m} AND "customerId" = ${d}::uuid`);
    await tx.$executeRaw(Prisma.sql`UPDATE vouchers SET "customerId" = ${s}::uuid WHERE "merchantId" = ${m} AND "customerId" = ${d}::uuid`);
    // The primary key is (merchant, campaign, customer): where both got a campaign, the survivor's row stays.
    await tx.$executeRaw(Prisma.sql`
      UPDATE campaign_recipients x SET "customerId" = ${s}::uuid
       WHERE x."merchantId" = ${m} AND x."customerId" = ${d}::uuid
         AND NOT EXISTS (SELECT 1 FROM campaign_recipients y WHERE y."merchantId" = x."merchantId" AND y."campaignId" = x."campaignId" AND y."customerId" = ${s}::uuid)`);
    await tx.$executeRaw(Prisma.sql`
      INSERT INTO customer_tags ("merchantId", "customerId", "tagId")
      SELECT "merchantId", ${s}::uuid, "tagId" FROM customer_tags WHERE "merchantId" = ${m} AND "customerId" = ${d}::uuid ON CONFLICT DO NOTHING`);
    await tx.$executeRaw(Prisma.sql`
      INSERT INTO group_members ("merchantId", "groupId", "customerId", "addedAt")
      SELECT "merchantId", "groupId", ${s}::uuid, "addedAt" FROM group_members WHERE "merchantId" = ${m} AND "customerId" = ${d}::uuid ON CONFLICT DO NOTHING`);
    await tx.$executeRaw(Prisma.sql`UPDATE customer_notes SET "customerId" = ${s}::uuid WHERE "merchantId" = ${m} AND "customerId" = ${d}::uuid`);
    // Feedback answers move; referrals name the survivor (a referral of the two by each other is
    // dropped: nobody refers themselves; where both were referred, the survivor's stays); the
    // duplicate's referral link moves when the survivor has none (else it goes with the duplicate).
    await tx.$executeRaw(Prisma.sql`UPDATE feedback SET "customerId" = ${s}::uuid WHERE "merchantId" = ${m} AND "customerId" = ${d}::uuid`);
    await tx.$executeRaw(Prisma.sql`
      DELETE FROM referrals WHERE "merchantId" = ${m}
         AND (("referrerId" = ${s}::uuid AND "friendId" = ${d}::uuid) OR ("referrerId" = ${d}::uuid AND "friendId" = ${s}::uuid)
              OR ("friendId" = ${d}::uuid AND EXISTS (SELECT 1 FROM referrals y WHERE y."merchantId" = ${m} AND y."friendId" = ${s}::uuid)))`);
    await tx.$executeRaw(Prisma.sql`UPDATE referrals SET "friendId" = ${s}::uuid WHERE "merchantId" = ${m} AND "friendId" = ${d}::uuid`);
    await tx.$executeRaw(Prisma.sql`UPDATE referrals SET "referrerId" = ${s}::uuid WHERE "merchantId" = ${m} AND "referrerId" = ${d}::uuid`);
    await tx.$executeRaw(Prisma.sql`
      UPDATE referral_links SET "customerId" = ${s}::uuid WHERE "merchantId" = ${m} AND "customerId" = ${d}::uuid
         AND NOT EXISTS (SELECT 1 FROM referral_links y WHERE y."merchantId" = ${m} AND y."customerId" = ${s}::uuid)`);
    // Gone before the survivor takes its email, phone or external id (they are unique per merchant).
    await tx.customer.delete({ where: { merchantId_id: { merchantId, id: d } } });
    await tx.customer.update({ where: { merchantId_id: { merchantId, id: s } }, data });
    await recomputeCustomerAggregates(tx, merchantId, [s]);
    await recordAudit(
      {
        merchantId,
        actorUserId: actor.user.id,
        action: "customer.merged",
        entityType: "Customer",
        entityId: s,
        data: { duplicateId: d, moved, campaignsBothGot, filled },
      },
      tx,
    );
    return { survivorId: s, duplicateId: d, moved, alreadyMerged: false };
  });
}

export type TMergeCandidate = { id: string; name: string; email: string | null; phone: string | null; visitCount: number; lastVisitAt: Date | null };

/** Customers matching what a manager typed, to pick the duplicate from (never the customer itself or an erased one). */
export async function searchMergeCandidates(merchantId: string, customerId: string, q: string): Promise<TMergeCandidate[]> {
  const term = searchTerm(q);
  if (!term) return [];
  const rows = await db.$queryRaw<(Omit<TMergeCandidate, "name"> & { firstName: string | null; lastName: string | null })[]>(Prisma.sql`
    SELECT c.id, c."firstName", c."lastName", c.email, c.phone, c."visitCount", c."lastVisitAt"
      FROM customers c
     WHERE c."merchantId" = ${merchantId}::uuid AND ${customerSearchSql(term)} AND c.id <> ${customerId}::uuid AND c."erasedAt" IS NULL
     ORDER BY c."lastVisitAt" DESC NULLS LAST, c.id
     LIMIT 8`);
  return rows.map(({ firstName, lastName, ...r }) => ({ ...r, name: customerDisplayName({ firstName, lastName, email: r.email, phone: r.phone }) }));
}
