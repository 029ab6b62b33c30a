import "server-only";
import { cache } from "react";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { isUuid } from "@/lib/ids";

export const promotionSelect = {
  id: true,
  name: true,
  title: true,
  offer: true,
  terms: true,
  validDaysOfWeek: true,
  validHourFrom: true,
  validHourTo: true,
  expiresInDays: true,
  oncePerCustomer: true,
  subject: true,
  preheader: true,
  body: true,
  createdAt: true,
  updatedAt: true,
  archivedAt: true,
} as const;

export async function listPromotions(merchantId: string, opts: { archived?: boolean } = {}) {
  return db.promotion.findMany({
    where: { merchantId, archivedAt: opts.archived ? { not: null } : null },
    select: { ...promotionSelect, _count: { select: { campaigns: true } } },
    orderBy: [{ updatedAt: "desc" }, { id: "desc" }],
  });
}

/** A page of promotions for the API, newest first (cursor = the last id of the previous page). */
export async function listPromotionsPage(merchantId: string, opts: { limit: number; cursor?: string | null }) {
  const rows = await db.promotion.findMany({
    where: { merchantId, archivedAt: null },
    select: promotionSelect,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: opts.limit + 1,
    ...(opts.cursor ? { cursor: { merchantId_id: { merchantId, id: opts.cursor } }, skip: 1 } : {}),
  });
  const page = rows.slice(0, opts.limit);
  return { data: page, nextCursor: rows.length > opts.limit ? page.at(-1)!.id : null };
}

export const getPromotionOrThrow = cache(async (merchantId: string, id: string) => {
  const promotion = isUuid(id) ? await db.promotion.findUnique({ where: { merchantId_id: { merchantId, id } }, select: promotionSelect }) : null;
  if (!promotion) throw new AppError("NOT_FOUND", "That promotion was not found.");
  return promotion;
});

export type TPromotionRow = Awaited<ReturnType<typeof getPromotionOrThrow>>;

export const merchantBrandingSelect = {
  id: true,
  name: true,
  timeZone: true,
  logoUrl: true,
  brandColor: true,
  addressLine1: true,
  addressLine2: true,
  city: true,
  region: true,
  postalCode: true,
  country: true,
  promotionFrequencyCapDays: true,
} as const;

export const getMerchantBranding = cache(async (merchantId: string) =>
  db.merchant.findUniqueOrThrow({ where: { id: merchantId }, select: merchantBrandingSelect }),
);

export type TMerchantBranding = Awaited<ReturnType<typeof getMerchantBranding>>;
