import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { db, type Tx } from "@/lib/db";

// The social score, 0–100 (docs/social-score.md): what the merchant can see of a customer's pull.
//
//   friends referred (signed up through their link)   5 each, at most 20
//   friends who came (their code redeemed)            10 each, at most 30
//   what those friends spent here, ever               1 per 20.00, at most 15
//   uses of the share buttons on their link           1 each, at most 10
//   their own "How was it?"                           3 stars 10, 2 stars 5, 1 star 0
//   imported reach (followers, audience)              5 at 100, 10 at 1,000, 15 at 10,000+ (log scale)
//
// Kept on customers."socialScore" (a Smart Filter field, a list column, the 360), recomputed for a
// customer when one of its inputs changes, and for every customer with any input nightly. A row
// is written only when its score changes.

export const SOCIAL_SCORE_PARTS = {
  friendSignedUp: { each: 5, max: 20 },
  friendCame: { each: 10, max: 30 },
  friendSpentPer: { cents: 2000, max: 15 },
  share: { each: 1, max: 10 },
  feedback: { 3: 10, 2: 5, 1: 0 },
  reach: { per10x: 5, max: 15 },
} as const;

/** The reach part: 5 points per tenfold above 10 people, at most 15. */
export function reachPoints(reach: number | null): number {
  if (!reach || reach < 10) return 0;
  return Math.min(SOCIAL_SCORE_PARTS.reach.max, Math.floor(SOCIAL_SCORE_PARTS.reach.per10x * (Math.log10(reach) - 1) + 1e-9));
}

/** The score from its inputs (the SQL below computes the same; tests compare both). */
export function socialScoreOf(i: {
  signedUp: number;
  came: number;
  friendsSpentCents: number;
  shares: number;
  feedbackRating: number | null;
  reach: number | null;
}): number {
  const p = SOCIAL_SCORE_PARTS;
  return (
    Math.min(p.friendSignedUp.max, p.friendSignedUp.each * i.signedUp) +
    Math.min(p.friendCame.max, p.friendCame.each * i.came) +
    Math.min(p.friendSpentPer.max, Math.floor(i.friendsSpentCents / p.friendSpentPer.cents)) +
    Math.min(p.share.max, p.share.each * i.shares) +
    (i.feedbackRating === 3 ? p.feedback[3] : i.feedbackRating === 2 ? p.feedback[2] : 0) +
    reachPoints(i.reach)
  );
}

/**
 * Recomputes the score of the given customers (all with any input when `customerIds` is omitted)
 * in the caller's tenant scope. Returns how many rows changed.
 */
export async function refreshSocialScores(merchantId: string, customerIds?: string[], runner: Tx | typeof db = db): Promise<number> {
  const p = SOCIAL_SCORE_PARTS;
  const ids = customerIds
    ? Prisma.sql`c.id = ANY(${customerIds}::uuid[])`
    : Prisma.sql`(c.reach IS NOT NULL OR c."feedbackRating" IS NOT NULL OR c."socialScore" <> 0
        OR c.id IN (SELECT "customerId" FROM referral_links WHERE "merchantId" = ${merchantId}::uuid)
        OR c.id IN (SELECT "referrerId" FROM referrals WHERE "merchantId" = ${merchantId}::uuid))`;
  return runner.$executeRaw(Prisma.sql`
    WITH who AS (SELECT c.id, c.reach, c."feedbackRating", c."erasedAt" FROM customers c WHERE c."merchantId" = ${merchantId}::uuid AND ${ids}),
    ref AS (
      SELECT r."referrerId" AS id, count(*)::int AS signed, count(r."creditedAt")::int AS came, coalesce(sum(f."totalSpentCents"), 0)::bigint AS spent
        FROM referrals r JOIN customers f ON f."merchantId" = r."merchantId" AND f.id = r."friendId"
       WHERE r."merchantId" = ${merchantId}::uuid AND r."referrerId" IN (SELECT id FROM who) GROUP BY r."referrerId"),
    lnk AS (SELECT l."customerId" AS id, l.shares FROM referral_links l WHERE l."merchantId" = ${merchantId}::uuid AND l."customerId" IN (SELECT id FROM who)),
    s AS (
      SELECT w.id, CASE WHEN w."erasedAt" IS NOT NULL THEN 0 ELSE
          least(${p.friendSignedUp.max}, ${p.friendSignedUp.each} * coalesce(ref.signed, 0))
        + least(${p.friendCame.max}, ${p.friendCame.each} * coalesce(ref.came, 0))
        + least(${p.friendSpentPer.max}, coalesce(ref.spent, 0) / ${p.friendSpentPer.cents})::int
        + least(${p.share.max}, ${p.share.each} * coalesce(lnk.shares, 0))
        + CASE w."feedbackRating" WHEN 3 THEN ${p.feedback[3]} WHEN 2 THEN ${p.feedback[2]} ELSE 0 END
        + CASE WHEN coalesce(w.reach, 0) < 10 THEN 0 ELSE least(${p.reach.max}, floor(${p.reach.per10x} * (log(w.reach::numeric) - 1) + 1e-9))::int END
        END AS score
        FROM who w LEFT JOIN ref ON ref.id = w.id LEFT JOIN lnk ON lnk.id = w.id)
    UPDATE customers c SET "socialScore" = s.score FROM s
     WHERE c."merchantId" = ${merchantId}::uuid AND c.id = s.id AND c."socialScore" IS DISTINCT FROM s.score`);
}

// ───────────────────────────── Enrichment providers ─────────────────────────────

/**
 * A third-party enrichment service a merchant may plug in later: given what the merchant knows of
 * a customer, their reach, or null. Nothing calls out by default (`configuredEnrichmentProvider`
 * is null); tests use a local fake.
 */
export type TEnrichmentProvider = {
  /** Stored as the reach's source: "provider: <name>". */
  name: string;
  lookup(customer: { email: string | null; phone: string | null; firstName: string | null; lastName: string | null }): Promise<{ reach: number } | null>;
};

/** The provider this installation uses: none. (A real one would be chosen by configuration here.) */
export function configuredEnrichmentProvider(): TEnrichmentProvider | null {
  return null;
}

/**
 * Asks the provider about customers without reach of their own (a merchant's imported or entered
 * reach is never replaced by a provider's), records what it answers with its source, and
 * recomputes their scores. In the caller's tenant scope. Returns how many were enriched.
 */
export async function enrichReach(merchantId: string, provider: TEnrichmentProvider, opts: { limit?: number } = {}): Promise<number> {
  const candidates = await db.customer.findMany({
    where: { merchantId, erasedAt: null, OR: [{ reachSource: null }, { reachSource: { startsWith: "provider: " } }] },
    select: { id: true, email: true, phone: true, firstName: true, lastName: true },
    orderBy: { id: "asc" },
    take: opts.limit ?? 1000,
  });
  const changed: string[] = [];
  for (const c of candidates) {
    const found = await provider.lookup({ email: c.email, phone: c.phone, firstName: c.firstName, lastName: c.lastName });
    if (!found || !Number.isInteger(found.reach) || found.reach < 0) continue;
    const reach = Math.min(found.reach, 2_000_000_000);
    await db.customer.updateMany({
      where: { merchantId, id: c.id, OR: [{ reachSource: null }, { reachSource: { startsWith: "provider: " } }] },
      data: { reach, reachSource: `provider: ${provider.name}` },
    });
    changed.push(c.id);
  }
  if (changed.length) await refreshSocialScores(merchantId, changed);
  return changed.length;
}
