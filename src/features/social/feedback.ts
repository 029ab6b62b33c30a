import "server-only";
import { render } from "@react-email/render";
import { cache } from "react";
import { listUnsubscribeHeaders, preferenceLinks } from "@/features/delivery/preferences";
import { FeedbackAlertEmail, FeedbackRequestEmail } from "@/emails/feedback";
import { formatMerchantAddress } from "@/lib/address";
import { recordAudit } from "@/lib/audit";
import { db } from "@/lib/db";
import { sendEmail } from "@/lib/email";
import { env, linkSigningSecret } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/logger";
import { signPayload, verifySignedPayload } from "@/lib/tokens";
import { withPlatform, withTenant } from "@/lib/tenant";
import { ensureReferralLink } from "./referrals";
import { refreshSocialScores } from "./score";

// Feedback ("friends tell you how it is"). When the merchant turned it on, a customer who agreed to
// hear from them is asked "How was it?" some hours after a visit (at most once in 30 days, about
// their latest visit). The email's three links open /f/[token]?r=1|2|3: the page records the tap
// (a POST from the page, so a mail scanner that only fetches the link records nothing), and the
// first answer is the answer: a replayed or forged link changes nothing. A 1-star answer reaches
// the managers at once (the Feedback page and an email); a 3-star one is thanked and invited to
// share their referral link.

export const LOW_RATING = 1;
const ASK_AT_MOST_EVERY_DAYS = 30;
/** Visits older than this past their delay are never asked about (a worker down for days catches up only this far). */
const CATCH_UP_HOURS = 72;

type TFeedbackToken = { m: string; f: string };
const isUuid = (s: unknown): s is string => typeof s === "string" && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);

export const feedbackToken = (merchantId: string, feedbackId: string) =>
  signPayload({ m: merchantId, f: feedbackId } satisfies TFeedbackToken, linkSigningSecret());

export function readFeedbackToken(token: string): { merchantId: string; feedbackId: string } | null {
  const p = verifySignedPayload<TFeedbackToken>(token, linkSigningSecret());
  return p && isUuid(p.m) && isUuid(p.f) ? { merchantId: p.m, feedbackId: p.f } : null;
}

export const feedbackUrl = (token: string, stars?: 1 | 2 | 3) => `${env().APP_URL}/f/${encodeURIComponent(token)}${stars ? `?r=${stars}` : ""}`;

// ───────────────────────────── Asking ─────────────────────────────

/**
 * Asks about the due visits of one merchant (in its tenant scope): each customer's latest visit
 * whose delay has passed, within the catch-up window, if they consent and were not asked in the
 * last 30 days. One transaction per question: the row (unique per visit) and its email commit
 * together; a second worker waits on the row and then finds it there; a retried send carries the
 * same idempotency key. Returns how many were asked.
 */
export async function sendFeedbackRequests(merchantId: string, now = new Date(), limit = 500): Promise<number> {
  const merchant = await db.merchant.findUniqueOrThrow({ where: { id: merchantId } });
  if (!merchant.feedbackEnabled) return 0;
  const dueBefore = new Date(now.getTime() - merchant.feedbackDelayHours * 3_600_000);
  const notBefore = new Date(dueBefore.getTime() - CATCH_UP_HOURS * 3_600_000);
  const askedSince = new Date(now.getTime() - ASK_AT_MOST_EVERY_DAYS * 86_400_000);
  const due = await db.$queryRaw<{ visitId: string; customerId: string; email: string; firstName: string | null }[]>`
    SELECT DISTINCT ON (v."customerId") v.id AS "visitId", v."customerId", c.email, c."firstName"
      FROM visits v JOIN customers c ON c."merchantId" = v."merchantId" AND c.id = v."customerId"
     WHERE v."merchantId" = ${merchantId}::uuid AND v."occurredAt" <= ${dueBefore} AND v."occurredAt" > ${notBefore}
       AND c."emailConsent" AND c."unsubscribedAt" IS NULL AND c."suppressedAt" IS NULL AND c."erasedAt" IS NULL AND c.email IS NOT NULL
       AND c."channelPreference" = 'email'
       AND NOT EXISTS (SELECT 1 FROM feedback f WHERE f."merchantId" = c."merchantId" AND f."customerId" = c.id AND f."sentAt" > ${askedSince})
       AND NOT EXISTS (SELECT 1 FROM visits later WHERE later."merchantId" = v."merchantId" AND later."customerId" = v."customerId" AND later."occurredAt" > v."occurredAt" AND later."occurredAt" <= ${dueBefore})
     ORDER BY v."customerId", v."occurredAt" DESC
     LIMIT ${limit}`;
  let asked = 0;
  for (const d of due) {
    const sent = await db.$transaction(
      async (tx) => {
        const rows = await tx.$queryRaw<{ id: string }[]>`
          INSERT INTO feedback ("merchantId", "customerId", "visitId", "sentAt") VALUES (${merchantId}::uuid, ${d.customerId}::uuid, ${d.visitId}::uuid, ${now})
          ON CONFLICT ("merchantId", "visitId") DO NOTHING RETURNING id`;
        const id = rows[0]?.id;
        if (!id) return false;
        const token = feedbackToken(merchantId, id);
        const links = preferenceLinks(merchantId, d.customerId);
        const element = FeedbackRequestEmail({
          merchantName: merchant.name,
          brandColor: merchant.brandColor,
          firstName: d.firstName,
          answerUrl: (n) => feedbackUrl(token, n),
          address: formatMerchantAddress(merchant),
          ...links,
        });
        const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
        await sendEmail({
          to: d.email,
          subject: `How was your visit to ${merchant.name}?`,
          html,
          text,
          merchantId,
          headers: listUnsubscribeHeaders(links),
          idempotencyKey: `feedback:${id}`,
        });
        return true;
      },
      { timeout: 30_000 },
    );
    if (sent) asked++;
  }
  if (asked) log.info("feedback asked", { merchantId, asked });
  return asked;
}

/** Merchants with feedback on (the worker's sweep; a named platform path). */
export const merchantsAskingFeedback = () =>
  withPlatform("worker: merchants asking for feedback", () => db.merchant.findMany({ where: { feedbackEnabled: true }, select: { id: true } })).then((r) =>
    r.map((m) => m.id),
  );

// ───────────────────────────── Answering ─────────────────────────────

/** The answer page's data, or null for a bad link (a real 404). */
export const getFeedbackPage = cache(async (token: string) => {
  const ids = readFeedbackToken(token);
  if (!ids) return null;
  return withTenant(ids.merchantId, async () => {
    const row = await db.feedback.findFirst({
      where: { merchantId: ids.merchantId, id: ids.feedbackId },
      select: {
        rating: true,
        comment: true,
        customer: { select: { firstName: true, erasedAt: true } },
        merchant: { select: { name: true, brandColor: true, logoUrl: true } },
      },
    });
    if (!row || row.customer.erasedAt) return null;
    return { ...ids, rating: row.rating, comment: row.comment, firstName: row.customer.firstName, merchant: row.merchant };
  });
});

export type TFeedbackOutcome = { rating: number; firstAnswer: boolean; referralUrl: string | null };

/**
 * Records the customer's tap. The first answer wins: a second tap, a replayed link or another
 * star in the same link changes nothing and answers what was recorded. A 1-star answer alerts the
 * managers once (alertedAt); a 3-star answer comes back with their referral link, when they may have one.
 */
export async function answerFeedback(token: string, rating: 1 | 2 | 3, now = new Date()): Promise<TFeedbackOutcome> {
  const ids = readFeedbackToken(token);
  if (!ids) throw new AppError("NOT_FOUND", "This link is not valid.");
  const { merchantId, feedbackId } = ids;
  return withTenant(merchantId, async () => {
    const recorded = await db.$transaction(async (tx) => {
      const updated = await tx.$queryRaw<{ customerId: string }[]>`
        UPDATE feedback SET rating = ${rating}, "answeredAt" = ${now}
         WHERE "merchantId" = ${merchantId}::uuid AND id = ${feedbackId}::uuid AND rating IS NULL RETURNING "customerId"`;
      const row = await tx.feedback.findFirst({ where: { merchantId, id: feedbackId }, select: { rating: true, customerId: true } });
      if (!row?.rating) throw new AppError("NOT_FOUND", "This link is not valid.");
      if (updated[0]) {
        await tx.customer.update({ where: { merchantId_id: { merchantId, id: row.customerId } }, data: { feedbackRating: rating, feedbackAt: now } });
        await recordAudit({ merchantId, action: "feedback.answered", entityType: "Feedback", entityId: feedbackId, data: { rating } }, tx);
      }
      return { rating: row.rating, customerId: row.customerId, firstAnswer: !!updated[0] };
    });
    if (recorded.firstAnswer) await refreshSocialScores(merchantId, [recorded.customerId]);
    if (recorded.firstAnswer && recorded.rating <= LOW_RATING) await alertManagers(merchantId, feedbackId, now);
    const referral = recorded.rating === 3 ? await ensureReferralLink(merchantId, recorded.customerId).catch(() => null) : null;
    return { rating: recorded.rating, firstAnswer: recorded.firstAnswer, referralUrl: referral?.url ?? null };
  });
}

/** The comment, once (a low one goes to the managers too). */
export async function commentFeedback(token: string, comment: string, now = new Date()): Promise<{ saved: boolean }> {
  const ids = readFeedbackToken(token);
  if (!ids) throw new AppError("NOT_FOUND", "This link is not valid.");
  const { merchantId, feedbackId } = ids;
  return withTenant(merchantId, async () => {
    const n = await db.feedback.updateMany({ where: { merchantId, id: feedbackId, comment: null }, data: { comment, commentAt: now } });
    if (n.count === 0) {
      const exists = await db.feedback.count({ where: { merchantId, id: feedbackId } });
      if (!exists) throw new AppError("NOT_FOUND", "This link is not valid.");
      return { saved: false };
    }
    const row = await db.feedback.findFirstOrThrow({ where: { merchantId, id: feedbackId }, select: { rating: true } });
    if (row.rating !== null && row.rating <= LOW_RATING) await alertManagers(merchantId, feedbackId, now, { comment: true });
    return { saved: true };
  });
}

/** Emails the owners and managers about a low answer (once per answer, and once more for its comment). */
async function alertManagers(merchantId: string, feedbackId: string, now: Date, opts: { comment?: boolean } = {}) {
  if (!opts.comment) {
    const claimed = await db.feedback.updateMany({ where: { merchantId, id: feedbackId, alertedAt: null }, data: { alertedAt: now } });
    if (claimed.count === 0) return;
  }
  const [row, merchant, managers] = await Promise.all([
    db.feedback.findFirstOrThrow({
      where: { merchantId, id: feedbackId },
      select: { rating: true, comment: true, customer: { select: { id: true, firstName: true, lastName: true, email: true } } },
    }),
    db.merchant.findUniqueOrThrow({ where: { id: merchantId }, select: { name: true, slug: true } }),
    db.membership.findMany({ where: { merchantId, role: { in: ["owner", "manager"] } }, select: { user: { select: { email: true } } } }),
  ]);
  const c = row.customer;
  const customerName = [c.firstName, c.lastName].filter(Boolean).join(" ") || c.email || "A customer";
  const element = FeedbackAlertEmail({
    merchantName: merchant.name,
    customerName,
    rating: row.rating ?? 0,
    comment: row.comment,
    url: `${env().APP_URL}/m/${merchant.slug}/feedback`,
  });
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
  for (const m of managers) {
    await sendEmail({
      to: m.user.email,
      subject: `${opts.comment ? "Comment on a low answer" : "Low answer"}: ${customerName} rated their visit ${row.rating} of 3`,
      html,
      text,
      merchantId,
      idempotencyKey: `feedback-alert:${feedbackId}:${opts.comment ? "comment" : "rating"}:${m.user.email}`,
    }).catch((err: unknown) => log.error("feedback alert not sent", { err, merchantId }));
  }
}

// ───────────────────────────── The merchant's list ─────────────────────────────

export async function listFeedback(merchantId: string, opts: { low?: boolean; limit?: number } = {}) {
  const rows = await db.feedback.findMany({
    where: { merchantId, answeredAt: { not: null }, ...(opts.low ? { rating: { lte: LOW_RATING } } : {}) },
    orderBy: { answeredAt: "desc" },
    take: opts.limit ?? 100,
    select: {
      id: true,
      rating: true,
      comment: true,
      answeredAt: true,
      customer: { select: { id: true, firstName: true, lastName: true, email: true, erasedAt: true } },
    },
  });
  return rows.map((r) => ({
    id: r.id,
    rating: r.rating!,
    comment: r.comment,
    answeredAt: r.answeredAt!,
    customerId: r.customer.id,
    customerName: r.customer.erasedAt
      ? "Erased customer"
      : [r.customer.firstName, r.customer.lastName].filter(Boolean).join(" ") || r.customer.email || "Unnamed customer",
  }));
}

export async function feedbackSummary(merchantId: string) {
  const [s] = await db.$queryRaw<{ asked: number; answered: number; low: number; avg: number | null }[]>`
    SELECT count(*)::int AS asked, count(rating)::int AS answered, count(*) FILTER (WHERE rating <= ${LOW_RATING})::int AS low, avg(rating)::float8 AS avg
      FROM feedback WHERE "merchantId" = ${merchantId}::uuid AND "sentAt" > now() - interval '90 days'`;
  return s ?? { asked: 0, answered: 0, low: 0, avg: null };
}

// ───────────────────────────── Their stars beside yours ─────────────────────────────

type TStars = 1 | 2 | 3;
const STARS: TStars[] = [1, 2, 3];
const starsWord = (n: number) => (n === 1 ? "1 star" : `${n} stars`);

export type TRatingAgreement = {
  /** Answered visits (the last 90 days) that the staff rated too. */
  visits: number;
  /** Averages over those same visits, 1–3; null without any. */
  staffAvg: number | null;
  customerAvg: number | null;
  /** counts[staff − 1][customer − 1]: how many of those visits got these stars from each side. */
  counts: number[][];
  /** Per staff rating with visits: how often the customer gave the same stars, in words. */
  agreement: { staff: TStars; visits: number; agreedPercent: number; sentence: string }[];
  /** Answered visits the staff did not rate (not in the table). */
  unrated: number;
};

/** The table and sentences from the (staff, customer, n) cells; staff null = a visit the staff did not rate. */
export function ratingAgreement(cells: { staff: number | null; customer: number; n: number }[]): TRatingAgreement {
  const counts = STARS.map(() => STARS.map(() => 0));
  let unrated = 0;
  for (const c of cells) {
    if (c.staff === null) unrated += c.n;
    else if (STARS.includes(c.staff as TStars) && STARS.includes(c.customer as TStars)) counts[c.staff - 1]![c.customer - 1]! += c.n;
  }
  let visits = 0;
  let staffSum = 0;
  let customerSum = 0;
  for (const s of STARS) {
    for (const c of STARS) {
      const n = counts[s - 1]![c - 1]!;
      visits += n;
      staffSum += s * n;
      customerSum += c * n;
    }
  }
  const agreement = STARS.flatMap((s) => {
    const row = counts[s - 1]!;
    const n = row.reduce((a, b) => a + b, 0);
    if (n === 0) return [];
    const agreedPercent = Math.round((100 * row[s - 1]!) / n);
    return [{ staff: s, visits: n, agreedPercent, sentence: `Where you rated a visit ${starsWord(s)}, customers agreed ${agreedPercent}% of the time.` }];
  });
  return {
    visits,
    staffAvg: visits ? staffSum / visits : null,
    customerAvg: visits ? customerSum / visits : null,
    counts,
    agreement,
    unrated,
  };
}

/**
 * The customers' own answers beside the staff's star rating of the same visits (the counter's
 * 1–3 stars), over the answers of the last 90 days, as the Feedback page's summary counts them.
 */
export async function feedbackAgreement(merchantId: string, now = new Date()): Promise<TRatingAgreement> {
  const cells = await db.$queryRaw<{ staff: number | null; customer: number; n: number }[]>`
    SELECT v.rating::int AS staff, f.rating::int AS customer, count(*)::int AS n
      FROM feedback f JOIN visits v ON v."merchantId" = f."merchantId" AND v.id = f."visitId"
     WHERE f."merchantId" = ${merchantId}::uuid AND f.rating IS NOT NULL AND f."sentAt" > ${now}::timestamptz - interval '90 days'
     GROUP BY 1, 2`;
  return ratingAgreement(cells);
}
