import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { db } from "@/lib/db";

export const VISITS_PAGE_SIZE = 50;

export type TVisitRow = {
  id: string;
  occurredAt: Date;
  amountCents: number;
  partySize: number;
  rating: number | null;
  voucherCode: string | null;
  note: string | null;
  staffName: string | null;
  tags: string[];
};

/**
 * One page of a customer's visits, newest first (ties by id, so pages never repeat or skip a row),
 * with the total for "51–100 of 230". Pages are numbered from 1; a page past the end is empty.
 */
export async function listCustomerVisits(merchantId: string, customerId: string, opts: { page?: number; pageSize?: number } = {}) {
  const pageSize = Math.min(Math.max(opts.pageSize ?? VISITS_PAGE_SIZE, 1), 200);
  const page = Math.max(1, Math.floor(opts.page ?? 1));
  const [total, rows] = await Promise.all([
    db.visit.count({ where: { merchantId, customerId } }),
    db.$queryRaw<(Omit<TVisitRow, "tags"> & { tags: string[] | null })[]>(Prisma.sql`
      SELECT v.id, v."occurredAt", v."amountCents", v."partySize", v.rating, v.note, vo.code AS "voucherCode",
             nullif(u.name, '') AS "staffName",
             (SELECT array_agg(t.name ORDER BY t.name) FROM visit_tags vt JOIN tags t ON t."merchantId" = vt."merchantId" AND t.id = vt."tagId"
               WHERE vt."merchantId" = v."merchantId" AND vt."visitId" = v.id) AS tags
        FROM visits v
        LEFT JOIN vouchers vo ON vo."merchantId" = v."merchantId" AND vo.id = v."voucherId"
        LEFT JOIN users u ON u.id = v."staffUserId"
       WHERE v."merchantId" = ${merchantId}::uuid AND v."customerId" = ${customerId}::uuid
       ORDER BY v."occurredAt" DESC, v.id DESC
       LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`),
  ]);
  return { total, page, pageSize, pages: Math.max(1, Math.ceil(total / pageSize)), rows: rows.map((r) => ({ ...r, tags: r.tags ?? [] })) };
}

export type TCampaignReceived = {
  campaignId: string;
  promotionName: string;
  /** When it was sent to them; the draw's time for someone held out. */
  at: Date;
  isHoldout: boolean;
  status: string;
  openedAt: Date | null;
  clickedAt: Date | null;
  code: string | null;
  codeStatus: string | null;
  redeemedAt: Date | null;
};

export type TVoucherHeld = {
  id: string;
  code: string;
  dealTitle: string;
  dealKind: string;
  status: string;
  purchasedAt: Date | null;
  expiresAt: Date | null;
  redeemedAt: Date | null;
};

/** The promotions a customer was sent (or held out of) with their personal codes, and the deal vouchers they bought or redeemed. */
export async function listCustomerOffers(merchantId: string, customerId: string): Promise<{ campaigns: TCampaignReceived[]; vouchers: TVoucherHeld[] }> {
  const [campaigns, vouchers] = await Promise.all([
    db.$queryRaw<TCampaignReceived[]>(Prisma.sql`
      SELECT cr."campaignId", p.name AS "promotionName", coalesce(cr."sentAt", cr."createdAt") AS at, cr."isHoldout", cr.status::text AS status,
             cr."openedAt", cr."clickedAt", v.code, v.status::text AS "codeStatus", v."redeemedAt"
        FROM campaign_recipients cr
        JOIN campaigns k ON k."merchantId" = cr."merchantId" AND k.id = cr."campaignId"
        JOIN promotions p ON p."merchantId" = k."merchantId" AND p.id = k."promotionId"
        LEFT JOIN vouchers v ON v."merchantId" = cr."merchantId" AND v.id = cr."voucherId"
       WHERE cr."merchantId" = ${merchantId}::uuid AND cr."customerId" = ${customerId}::uuid
       ORDER BY coalesce(cr."sentAt", cr."createdAt") DESC
       LIMIT 200`),
    db.$queryRaw<TVoucherHeld[]>(Prisma.sql`
      SELECT v.id, v.code, d.title AS "dealTitle", d.kind::text AS "dealKind", v.status::text AS status, v."purchasedAt", coalesce(v."expiresAt", d."voucherExpiresAt") AS "expiresAt", v."redeemedAt"
        FROM vouchers v JOIN deals d ON d."merchantId" = v."merchantId" AND d.id = v."dealId"
       WHERE v."merchantId" = ${merchantId}::uuid AND v."customerId" = ${customerId}::uuid AND v."campaignId" IS NULL
       ORDER BY coalesce(v."redeemedAt", v."purchasedAt", v."createdAt") DESC
       LIMIT 200`),
  ]);
  return { campaigns, vouchers };
}
