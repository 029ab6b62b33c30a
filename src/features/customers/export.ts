import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";

/**
 * Everything held on one customer, as one JSON document (GDPR art. 15 and 20, CCPA "right to
 * know"): the profile with consent, notes, every visit with its tags, codes, promotions received,
 * groups, scores, the emails sent to them and the history of changes to their record. Money is in
 * minor units with the merchant's currency; times are ISO 8601 UTC with the merchant's zone named.
 */
export async function exportCustomer(merchant: { id: string; name: string; timeZone: string; currency: string }, customerId: string) {
  const merchantId = merchant.id;
  const c = await db.customer.findUnique({ where: { merchantId_id: { merchantId, id: customerId } }, include: { rfm: true } });
  if (!c) throw notFound("That customer");
  const [notes, visits, vouchers, campaigns, groups, tags, emails, history] = await Promise.all([
    db.customerNote.findMany({
      where: { merchantId, customerId },
      orderBy: { createdAt: "asc" },
      select: { id: true, body: true, createdAt: true, authorUserId: true },
    }),
    db.$queryRaw<Record<string, unknown>[]>(Prisma.sql`
      SELECT v.id, v."occurredAt", v."localDate"::text AS "localDate", v."amountCents", v."partySize", v.rating, v.note, v.source::text AS source, vo.code AS "voucherCode",
             coalesce((SELECT array_agg(t.name ORDER BY t.name) FROM visit_tags vt JOIN tags t ON t."merchantId" = vt."merchantId" AND t.id = vt."tagId"
                        WHERE vt."merchantId" = v."merchantId" AND vt."visitId" = v.id), '{}') AS tags
        FROM visits v LEFT JOIN vouchers vo ON vo."merchantId" = v."merchantId" AND vo.id = v."voucherId"
       WHERE v."merchantId" = ${merchantId}::uuid AND v."customerId" = ${customerId}::uuid
       ORDER BY v."occurredAt", v.id`),
    db.$queryRaw<Record<string, unknown>[]>(Prisma.sql`
      SELECT v.code, v.status::text AS status, d.title AS deal, d.kind::text AS "dealKind", v."purchaserName", v."purchaserEmail", v."purchasedAt", v."expiresAt", v."redeemedAt", v."voidedAt"
        FROM vouchers v JOIN deals d ON d."merchantId" = v."merchantId" AND d.id = v."dealId"
       WHERE v."merchantId" = ${merchantId}::uuid AND v."customerId" = ${customerId}::uuid ORDER BY v."createdAt", v.id`),
    db.$queryRaw<Record<string, unknown>[]>(Prisma.sql`
      SELECT cr."campaignId", p.name AS promotion, cr.email, cr."firstName", cr."isHoldout", cr.status::text AS status, cr."sentAt", cr."deliveredAt", cr."openedAt", cr."clickedAt", cr."bouncedAt", cr."complainedAt", v.code
        FROM campaign_recipients cr
        JOIN campaigns k ON k."merchantId" = cr."merchantId" AND k.id = cr."campaignId"
        JOIN promotions p ON p."merchantId" = k."merchantId" AND p.id = k."promotionId"
        LEFT JOIN vouchers v ON v."merchantId" = cr."merchantId" AND v.id = cr."voucherId"
       WHERE cr."merchantId" = ${merchantId}::uuid AND cr."customerId" = ${customerId}::uuid ORDER BY cr."createdAt"`),
    db.groupMember.findMany({ where: { merchantId, customerId }, select: { addedAt: true, group: { select: { name: true } } } }),
    c.tagIds.length ? db.tag.findMany({ where: { merchantId, id: { in: c.tagIds } }, select: { name: true }, orderBy: { name: "asc" } }) : [],
    c.emailNormalized
      ? db.$queryRaw<Record<string, unknown>[]>(Prisma.sql`
          SELECT "to", subject, "sentAt", "voucherCode" FROM email_messages
           WHERE "merchantId" = ${merchantId}::uuid AND lower("to") = ${c.emailNormalized} ORDER BY "sentAt"`)
      : [],
    db.auditLog.findMany({
      where: { merchantId, entityType: "Customer", entityId: customerId },
      orderBy: { createdAt: "asc" },
      select: { action: true, createdAt: true, data: true },
    }),
  ]);
  return {
    exportedAt: new Date().toISOString(),
    merchant: { name: merchant.name, timeZone: merchant.timeZone, currency: merchant.currency },
    customer: {
      id: c.id,
      firstName: c.firstName,
      lastName: c.lastName,
      email: c.email,
      phone: c.phone,
      zip: c.zip,
      birthday: c.birthday?.toISOString().slice(0, 10) ?? null,
      anniversary: c.anniversary?.toISOString().slice(0, 10) ?? null,
      externalId: c.externalId,
      channelPreference: c.channelPreference,
      interests: c.interests,
      note: c.note,
      source: c.source,
      createdAt: c.createdAt,
      erasedAt: c.erasedAt,
    },
    consent: {
      emailConsent: c.emailConsent,
      emailConsentSource: c.emailConsentSource,
      emailConsentAt: c.emailConsentAt,
      unsubscribedAt: c.unsubscribedAt,
      suppressedAt: c.suppressedAt,
      suppressionReason: c.suppressionReason,
    },
    summary: {
      visitCount: c.visitCount,
      totalSpentCents: Number(c.totalSpentCents),
      firstVisitAt: c.firstVisitAt,
      lastVisitAt: c.lastVisitAt,
      latestRating: c.lastRating,
      rfm: c.rfm
        ? { recency: c.rfm.recency, frequency: c.rfm.frequency, monetary: c.rfm.monetary, segment: c.rfm.segment, computedAt: c.rfm.computedAt }
        : null,
      socialScore: c.socialScore,
    },
    tags: tags.map((t) => t.name),
    groups: groups.map((g) => ({ name: g.group.name, addedAt: g.addedAt })),
    notes: notes.map((n) => ({ body: n.body, createdAt: n.createdAt })),
    visits,
    vouchers,
    promotionsReceived: campaigns,
    emailsSent: emails,
    recordHistory: history,
  };
}
