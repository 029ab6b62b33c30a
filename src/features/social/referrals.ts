import "server-only";
import { CODE_ALPHABET, generatePersonalCode } from "@/features/campaigns/codes";
import { preferenceLinks, listUnsubscribeHeaders, referralUrl } from "@/features/delivery/preferences";
import { promotionValidityText } from "@/features/promotions/validity";
import { renderPromotionEmail } from "@/emails/promotion";
import { db, type Tx } from "@/lib/db";
import { sendEmail } from "@/lib/email";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/logger";
import { withPlatform, withTenant } from "@/lib/tenant";
import { recordAudit } from "@/lib/audit";
import type { TReferralProgramInput } from "./schemas";
import { refreshSocialScores } from "./score";

// Referrals ("friends brag"). A consenting customer's personal link /r/[code] shows the merchant's
// referral offer; a friend leaves an email and consent and gets a personal code of the offer's
// Social Select deal; when that code is redeemed at the counter the referrer is credited (once:
// referrals."creditedAt" is set by one conditional UPDATE) and, when the merchant chose a reward,
// emailed a code of their own (once: the referral row is locked while its reward is minted and sent).
//
// Attacks considered (tests/integration/referrals.test.ts): codes are 16 characters of 31 (79 random
// bits) and unknown or disabled ones are the same 404; the sign-up answers the same whatever the
// address, after a throttle per client address, per link and per address; a referrer cannot
// refer themselves (same address, or redeeming the friend's code as themselves); a known customer
// who already visited, or one already referred, is not a new friend; another merchant's link only
// ever reaches that merchant's rows (the code is found in the platform scope, everything else runs
// in the link's merchant scope).

const REFERRAL_CODE_LENGTH = 16;

/** A fresh referral code: 16 characters without look-alikes, from the platform's cryptographic source. */
export function generateReferralCode(): string {
  const bytes = new Uint8Array(64);
  let code = "";
  while (code.length < REFERRAL_CODE_LENGTH) {
    globalThis.crypto.getRandomValues(bytes);
    for (const b of bytes) if (b < 248 && code.length < REFERRAL_CODE_LENGTH) code += CODE_ALPHABET[b % CODE_ALPHABET.length];
  }
  return code;
}

const REFERRAL_CODE = new RegExp(`^[${CODE_ALPHABET}]{${REFERRAL_CODE_LENGTH}}$`);
export const isReferralCodeShape = (code: string) => REFERRAL_CODE.test(code);

// ───────────────────────────── The merchant's program ─────────────────────────────

export async function getReferralProgram(merchantId: string) {
  return db.referralProgram.findFirst({ where: { merchantId } });
}

/** Saves the program; a deal per chosen promotion holds its codes (a new one when the promotion changes). */
export async function saveReferralProgram(merchantId: string, input: TReferralProgramInput, actorUserId: string | null) {
  return db.$transaction(async (tx) => {
    const ids = [input.offerPromotionId, input.rewardPromotionId].filter((x): x is string => !!x);
    const promotions = await tx.promotion.findMany({ where: { merchantId, id: { in: ids }, archivedAt: null }, select: { id: true, title: true } });
    const title = (id: string | null) => promotions.find((p) => p.id === id)?.title;
    if (input.offerPromotionId && !title(input.offerPromotionId)) {
      throw new AppError("BAD_REQUEST", "Pick one of your promotions for the friend's offer.", {
        fieldErrors: { offerPromotionId: "Pick one of your promotions." },
      });
    }
    if (input.rewardPromotionId && !title(input.rewardPromotionId)) {
      throw new AppError("BAD_REQUEST", "Pick one of your promotions for the reward, or none.", {
        fieldErrors: { rewardPromotionId: "Pick one of your promotions, or none." },
      });
    }
    if (input.enabled && !input.offerPromotionId) {
      throw new AppError("BAD_REQUEST", "Pick the offer friends get before turning referrals on.", {
        fieldErrors: { offerPromotionId: "Pick the friend's offer." },
      });
    }
    const before = await tx.referralProgram.findFirst({ where: { merchantId } });
    const dealFor = async (
      promotionId: string | null | undefined,
      previousPromotionId: string | null | undefined,
      previousDealId: string | null | undefined,
      label: string,
    ) => {
      if (!promotionId) return null;
      if (previousDealId && previousPromotionId === promotionId) return previousDealId;
      const deal = await tx.deal.create({ data: { merchantId, kind: "social_select", title: `${label}: ${title(promotionId)}` }, select: { id: true } });
      return deal.id;
    };
    const data = {
      enabled: input.enabled,
      offerPromotionId: input.offerPromotionId ?? null,
      rewardPromotionId: input.rewardPromotionId ?? null,
      offerDealId: await dealFor(input.offerPromotionId, before?.offerPromotionId, before?.offerDealId, "Referral offer"),
      rewardDealId: await dealFor(input.rewardPromotionId, before?.rewardPromotionId, before?.rewardDealId, "Referral reward"),
    };
    const saved = await tx.referralProgram.upsert({ where: { merchantId }, create: { merchantId, ...data }, update: data });
    await recordAudit(
      {
        merchantId,
        actorUserId,
        action: "referrals.program_saved",
        entityType: "ReferralProgram",
        entityId: merchantId,
        data: { enabled: data.enabled, offerPromotionId: data.offerPromotionId, rewardPromotionId: data.rewardPromotionId },
      },
      tx,
    );
    return saved;
  });
}

// ───────────────────────────── Links ─────────────────────────────

/** Whether a customer may have a link: an address, consent to hear from the merchant, not withdrawn, not erased. */
const eligibleReferrer = { emailConsent: true, unsubscribedAt: null, suppressedAt: null, erasedAt: null, email: { not: null } } as const;

/**
 * The customer's referral link, made on first use; null for a customer who may not have one
 * (no address or no consent). Two callers at once get the same link (unique per customer).
 */
export async function ensureReferralLink(merchantId: string, customerId: string): Promise<{ code: string; url: string; shares: number } | null> {
  const existing = await db.referralLink.findFirst({ where: { merchantId, customerId }, select: { code: true, shares: true } });
  if (existing) return { ...existing, url: referralUrl(existing.code) };
  const customer = await db.customer.findFirst({ where: { merchantId, id: customerId, ...eligibleReferrer }, select: { id: true } });
  if (!customer) return null;
  await db.$executeRaw`INSERT INTO referral_links ("merchantId", "customerId", code) VALUES (${merchantId}::uuid, ${customerId}::uuid, ${generateReferralCode()})
                       ON CONFLICT ("merchantId", "customerId") DO NOTHING`;
  const link = await db.referralLink.findFirstOrThrow({ where: { merchantId, customerId }, select: { code: true, shares: true } });
  return { ...link, url: referralUrl(link.code) };
}

/**
 * The referral offer a thank-you email carries, or null while the program is off or has no offer:
 * the "Bring a friend" block of the automation's campaign (frozen into its content).
 */
export async function referralInviteOf(tx: Tx, merchantId: string): Promise<{ offer: string } | null> {
  const program = await tx.referralProgram.findFirst({ where: { merchantId, enabled: true }, select: { offerPromotionId: true } });
  if (!program?.offerPromotionId) return null;
  const offer = await tx.promotion.findFirst({ where: { merchantId, id: program.offerPromotionId, archivedAt: null }, select: { offer: true } });
  return offer ? { offer: offer.offer } : null;
}

/**
 * A referral link for every emailed (non-holdout) recipient of a campaign who has none yet, in the
 * campaign's own transaction, so delivery finds each recipient's link. Recipients are customers a
 * campaign may email, which is what a referrer must be (consenting, reachable).
 */
export async function ensureCampaignReferralLinks(tx: Tx, merchantId: string, campaignId: string, count: number): Promise<void> {
  if (count <= 0) return;
  const codes = Array.from({ length: count }, generateReferralCode);
  await tx.$executeRaw`
    INSERT INTO referral_links ("merchantId", "customerId", code)
    SELECT r."merchantId", r."customerId", u.code
      FROM (SELECT "merchantId", "customerId", row_number() OVER (ORDER BY "customerId") AS k
              FROM campaign_recipients WHERE "merchantId" = ${merchantId}::uuid AND "campaignId" = ${campaignId}::uuid AND NOT "isHoldout") r
      JOIN unnest(${codes}::text[]) WITH ORDINALITY AS u(code, k) ON u.k = r.k
    ON CONFLICT DO NOTHING`;
}

/** The merchant and link a code names, found before any merchant is known (the one platform read). */
async function lookupCode(code: string): Promise<{ merchantId: string; id: string; customerId: string } | null> {
  if (!isReferralCodeShape(code)) return null;
  return withPlatform("referral page: lookup by code", () =>
    db.referralLink.findUnique({ where: { code }, select: { merchantId: true, id: true, customerId: true } }),
  );
}

/** What /r/[code] shows, or null (the same 404 for an unknown code, a program turned off, a referrer gone). */
export async function getReferralPage(code: string) {
  const link = await lookupCode(code);
  if (!link) return null;
  return withTenant(link.merchantId, async () => {
    const program = await db.referralProgram.findFirst({ where: { merchantId: link.merchantId, enabled: true } });
    if (!program?.offerPromotionId) return null;
    const [referrer, promotion, merchant] = await Promise.all([
      db.customer.findFirst({ where: { merchantId: link.merchantId, id: link.customerId, erasedAt: null }, select: { firstName: true } }),
      db.promotion.findFirst({
        where: { merchantId: link.merchantId, id: program.offerPromotionId },
        select: { title: true, offer: true, terms: true, validDaysOfWeek: true, validHourFrom: true, validHourTo: true, expiresInDays: true },
      }),
      db.merchant.findUniqueOrThrow({ where: { id: link.merchantId }, select: { name: true, brandColor: true, logoUrl: true, timeZone: true } }),
    ]);
    if (!referrer || !promotion) return null;
    return {
      code,
      merchant,
      referrerFirstName: referrer.firstName,
      offer: {
        title: promotion.title,
        offer: promotion.offer,
        terms: promotion.terms,
        validity: promotionValidityText(promotion, { expiresAt: null, timeZone: merchant.timeZone }),
      },
    };
  });
}
export type TReferralPage = NonNullable<Awaited<ReturnType<typeof getReferralPage>>>;

/** Counts a use of a share button (the social score reads it); a few a minute per link at most count. */
export async function recordShare(code: string): Promise<void> {
  const link = await lookupCode(code);
  if (!link) return;
  await withTenant(link.merchantId, async () => {
    await db.$executeRaw`UPDATE referral_links SET shares = shares + 1 WHERE "merchantId" = ${link.merchantId}::uuid AND id = ${link.id}::uuid AND shares < 10000`;
    await refreshSocialScores(link.merchantId, [link.customerId]);
  });
}

// ───────────────────────────── A friend signs up ─────────────────────────────

export type TFriendSignUp = { email: string; firstName?: string | undefined };
export type TSignUpOutcome = "sent" | "not_found" | "self" | "known_customer" | "already_referred" | "not_reachable";

/**
 * The friend's sign-up, after the answer has gone (the caller runs it with `after`), so neither the
 * answer nor its timing says whether the address was known. Returns what happened, for tests and logs.
 */
export async function signUpFriend(code: string, input: TFriendSignUp, now = new Date()): Promise<TSignUpOutcome> {
  const link = await lookupCode(code);
  if (!link) return "not_found";
  const merchantId = link.merchantId;
  const email = input.email.trim();
  const emailNormalized = email.toLowerCase();
  return withTenant(merchantId, async () => {
    const made = await db.$transaction(async (tx) => {
      const program = await tx.referralProgram.findFirst({ where: { merchantId, enabled: true } });
      if (!program?.offerPromotionId || !program.offerDealId) return "not_found" as const;
      const referrer = await tx.customer.findFirst({ where: { merchantId, id: link.customerId, erasedAt: null }, select: { id: true, emailNormalized: true } });
      if (!referrer) return "not_found" as const;
      if (referrer.emailNormalized === emailNormalized) return "self" as const;
      // One friend, one referral, for new customers only: locked by address so two sign-ups at once take turns.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`referral:${merchantId}:${emailNormalized}`}, 0))`;
      let friend = await tx.customer.findFirst({
        where: { merchantId, emailNormalized },
        select: { id: true, visitCount: true, unsubscribedAt: true, suppressedAt: true, erasedAt: true, emailConsent: true, firstName: true },
      });
      if (friend?.id === referrer.id) return "self" as const;
      if (friend && (friend.visitCount > 0 || friend.erasedAt)) return "known_customer" as const;
      if (friend && (friend.unsubscribedAt || friend.suppressedAt)) return "not_reachable" as const;
      if (friend && (await tx.referral.findFirst({ where: { merchantId, friendId: friend.id }, select: { id: true } }))) return "already_referred" as const;
      const consent = { emailConsent: true, emailConsentSource: "referral page", emailConsentAt: now };
      if (!friend) {
        friend = await tx.customer.create({
          data: { merchantId, email, emailNormalized, firstName: input.firstName || null, source: "referral", ...consent },
          select: { id: true, visitCount: true, unsubscribedAt: true, suppressedAt: true, erasedAt: true, emailConsent: true, firstName: true },
        });
      } else {
        await tx.customer.updateMany({
          where: { merchantId, id: friend.id, unsubscribedAt: null },
          data: { ...consent, ...(friend.firstName || !input.firstName ? {} : { firstName: input.firstName }) },
        });
      }
      const promotion = await tx.promotion.findFirstOrThrow({ where: { merchantId, id: program.offerPromotionId } });
      const expiresAt = promotion.expiresInDays ? new Date(now.getTime() + promotion.expiresInDays * 86_400_000) : null;
      const voucher = await mintCode(tx, merchantId, program.offerDealId, friend.id, expiresAt, now);
      const referral = await tx.referral.create({
        data: { merchantId, referrerId: referrer.id, friendId: friend.id, friendVoucherId: voucher.id },
        select: { id: true },
      });
      await recordAudit(
        {
          merchantId,
          action: "referral.friend_signed_up",
          entityType: "Referral",
          entityId: referral.id,
          data: { referrerId: referrer.id, friendId: friend.id },
        },
        tx,
      );
      return { referralId: referral.id, friendId: friend.id, firstName: friend.firstName ?? input.firstName ?? null, promotion, voucher, expiresAt };
    });
    if (typeof made === "string") return made;
    await refreshSocialScores(merchantId, [link.customerId]);
    await sendCodeEmail(merchantId, {
      to: email,
      customerId: made.friendId,
      firstName: made.firstName,
      promotionId: made.promotion.id,
      code: made.voucher.code,
      expiresAt: made.expiresAt,
      idempotencyKey: `referral:${made.referralId}`,
    });
    return "sent";
  });
}

async function mintCode(tx: Tx, merchantId: string, dealId: string, customerId: string, expiresAt: Date | null, now: Date) {
  // A fresh code; on the (astronomically rare) collision with an existing code, another.
  for (let attempt = 0; ; attempt++) {
    const code = generatePersonalCode();
    const rows = await tx.$queryRaw<{ id: string; code: string }[]>`
      INSERT INTO vouchers ("merchantId", "dealId", code, status, "customerId", "expiresAt", "purchasedAt")
      VALUES (${merchantId}::uuid, ${dealId}::uuid, ${code}, 'active', ${customerId}::uuid, ${expiresAt}, ${now})
      ON CONFLICT ("merchantId", code) DO NOTHING RETURNING id, code`;
    if (rows[0]) return rows[0];
    if (attempt > 5) throw new Error("Could not find a free personal code.");
  }
}

async function sendCodeEmail(
  merchantId: string,
  m: {
    to: string;
    customerId: string;
    firstName: string | null;
    promotionId: string;
    code: string;
    expiresAt: Date | null;
    idempotencyKey: string;
    note?: string;
  },
) {
  const [promotion, merchant] = await Promise.all([
    db.promotion.findFirstOrThrow({ where: { merchantId, id: m.promotionId } }),
    db.merchant.findUniqueOrThrow({ where: { id: merchantId } }),
  ]);
  const links = preferenceLinks(merchantId, m.customerId);
  const rendered = await renderPromotionEmail({
    merchant,
    promotion: { ...promotion, body: m.note ? `${m.note}\n\n${promotion.body}` : promotion.body },
    customer: { firstName: m.firstName },
    voucherCode: m.code,
    validity: promotionValidityText(promotion, { expiresAt: m.expiresAt, timeZone: merchant.timeZone }),
    ...links,
  });
  await sendEmail({ to: m.to, ...rendered, merchantId, voucherCode: m.code, headers: listUnsubscribeHeaders(links), idempotencyKey: m.idempotencyKey });
}

// ───────────────────────────── Redeemed: credit and reward ─────────────────────────────

/**
 * After a capture that redeemed `voucherCode` (a stored form): when it is a referred friend's code,
 * credits the referrer (once) and sends their reward (once). Runs in the merchant's scope; safe to
 * call again (a replayed capture does, and finds nothing left to do). Never credits a referrer for
 * redeeming the friend's code themselves.
 */
export async function creditReferralRedemption(merchantId: string, voucherCode: string, now = new Date()): Promise<{ credited: boolean; rewarded: boolean }> {
  const rows = await db.$queryRaw<{ id: string; referrerId: string }[]>`
    UPDATE referrals r SET "creditedAt" = ${now}, "friendVisitId" = vi.id, "friendSpentCents" = vi."amountCents"
      FROM vouchers v JOIN visits vi ON vi."merchantId" = v."merchantId" AND vi."voucherId" = v.id
     WHERE v."merchantId" = ${merchantId}::uuid AND v.code = ${voucherCode} AND v.status = 'redeemed'
       AND r."merchantId" = v."merchantId" AND r."friendVoucherId" = v.id AND r."creditedAt" IS NULL
       AND vi."customerId" <> r."referrerId"
    RETURNING r.id, r."referrerId"`;
  const any = await db.$queryRaw<{ id: string }[]>`
    SELECT r.id FROM referrals r JOIN vouchers v ON v."merchantId" = r."merchantId" AND v.id = r."friendVoucherId"
     WHERE r."merchantId" = ${merchantId}::uuid AND v.code = ${voucherCode} AND r."creditedAt" IS NOT NULL AND r."rewardSentAt" IS NULL`;
  let rewarded = false;
  for (const r of any) rewarded = (await rewardReferrer(merchantId, r.id, now)) || rewarded;
  if (rows[0]) {
    log.info("referral credited", { merchantId, referralId: rows[0].id });
    await refreshSocialScores(
      merchantId,
      rows.map((r) => r.referrerId),
    );
  }
  return { credited: rows.length > 0, rewarded };
}

/** Mints and emails the referrer's reward, once: under the referral's row lock, only while it has none sent. */
export async function rewardReferrer(merchantId: string, referralId: string, now = new Date()): Promise<boolean> {
  return db.$transaction(
    async (tx) => {
      const [r] = await tx.$queryRaw<{ id: string; referrerId: string; rewardVoucherId: string | null; rewardSentAt: Date | null; creditedAt: Date | null }[]>`
        SELECT id, "referrerId", "rewardVoucherId", "rewardSentAt", "creditedAt" FROM referrals WHERE "merchantId" = ${merchantId}::uuid AND id = ${referralId}::uuid FOR UPDATE`;
      if (!r?.creditedAt || r.rewardSentAt) return false;
      const program = await tx.referralProgram.findFirst({ where: { merchantId } });
      if (!program?.rewardPromotionId || !program.rewardDealId) return false;
      const referrer = await tx.customer.findFirst({
        where: { merchantId, id: r.referrerId, ...eligibleReferrer },
        select: { id: true, email: true, firstName: true },
      });
      if (!referrer?.email) return false;
      const promotion = await tx.promotion.findFirstOrThrow({ where: { merchantId, id: program.rewardPromotionId } });
      const expiresAt = promotion.expiresInDays ? new Date(now.getTime() + promotion.expiresInDays * 86_400_000) : null;
      let code: string;
      if (r.rewardVoucherId) {
        code = (await tx.voucher.findFirstOrThrow({ where: { merchantId, id: r.rewardVoucherId }, select: { code: true } })).code;
      } else {
        const voucher = await mintCode(tx, merchantId, program.rewardDealId, referrer.id, expiresAt, now);
        await tx.referral.update({ where: { merchantId_id: { merchantId, id: referralId } }, data: { rewardVoucherId: voucher.id } });
        code = voucher.code;
      }
      await sendCodeEmail(merchantId, {
        to: referrer.email,
        customerId: referrer.id,
        firstName: referrer.firstName,
        promotionId: promotion.id,
        code,
        expiresAt,
        idempotencyKey: `referral-reward:${referralId}`,
        note: "Thank you: a friend you invited just came in.",
      });
      await tx.referral.update({ where: { merchantId_id: { merchantId, id: referralId } }, data: { rewardSentAt: now } });
      await recordAudit({ merchantId, action: "referral.rewarded", entityType: "Referral", entityId: referralId, data: { referrerId: referrer.id } }, tx);
      return true;
    },
    { timeout: 30_000 },
  );
}

// ───────────────────────────── The 360 ─────────────────────────────

export type TCustomerReferrals = {
  link: { code: string; url: string; shares: number } | null;
  referredBy: { id: string; name: string; creditedAt: Date | null } | null;
  friends: { id: string; name: string; signedUpAt: Date; creditedAt: Date | null; spentCents: number; rewarded: boolean }[];
  friendsCame: number;
  friendsSpentCents: number;
};

const displayName = (c: { firstName: string | null; lastName: string | null; email: string | null; erasedAt: Date | null }) =>
  c.erasedAt ? "Erased customer" : [c.firstName, c.lastName].filter(Boolean).join(" ") || c.email || "Unnamed customer";

/** Who referred the customer, whom they referred and what it brought. */
export async function customerReferrals(merchantId: string, customerId: string): Promise<TCustomerReferrals> {
  const [link, asFriend, asReferrer] = await Promise.all([
    ensureReferralLink(merchantId, customerId),
    db.referral.findFirst({ where: { merchantId, friendId: customerId }, select: { referrerId: true, creditedAt: true } }),
    db.referral.findMany({ where: { merchantId, referrerId: customerId }, orderBy: { createdAt: "desc" }, take: 100 }),
  ]);
  const ids = [...(asFriend ? [asFriend.referrerId] : []), ...asReferrer.map((r) => r.friendId)];
  const people = await db.customer.findMany({
    where: { merchantId, id: { in: ids } },
    select: { id: true, firstName: true, lastName: true, email: true, erasedAt: true },
  });
  const name = (id: string) => {
    const p = people.find((x) => x.id === id);
    return p ? displayName(p) : "Removed customer";
  };
  const friends = asReferrer.map((r) => ({
    id: r.friendId,
    name: name(r.friendId),
    signedUpAt: r.createdAt,
    creditedAt: r.creditedAt,
    spentCents: r.friendSpentCents ?? 0,
    rewarded: !!r.rewardSentAt,
  }));
  const spent = await db.$queryRaw<{ came: number; spent: bigint | null }[]>`
    SELECT count(*) FILTER (WHERE c."visitCount" > 0)::int AS came, sum(c."totalSpentCents") AS spent
      FROM referrals r JOIN customers c ON c."merchantId" = r."merchantId" AND c.id = r."friendId"
     WHERE r."merchantId" = ${merchantId}::uuid AND r."referrerId" = ${customerId}::uuid`;
  return {
    link,
    referredBy: asFriend ? { id: asFriend.referrerId, name: name(asFriend.referrerId), creditedAt: asFriend.creditedAt } : null,
    friends,
    friendsCame: spent[0]?.came ?? 0,
    friendsSpentCents: Number(spent[0]?.spent ?? 0),
  };
}

/** The 360's social panel: referrals both ways, their own rating, the social score and its reach. */
export async function customerSocial(merchantId: string, customerId: string) {
  const [referrals, customer, feedback] = await Promise.all([
    customerReferrals(merchantId, customerId),
    db.customer.findFirst({
      where: { merchantId, id: customerId },
      select: { socialScore: true, reach: true, reachSource: true, feedbackRating: true, feedbackAt: true },
    }),
    db.feedback.findMany({
      where: { merchantId, customerId, answeredAt: { not: null } },
      orderBy: { answeredAt: "desc" },
      take: 5,
      select: { id: true, rating: true, comment: true, answeredAt: true },
    }),
  ]);
  return { referrals, customer, feedback };
}
