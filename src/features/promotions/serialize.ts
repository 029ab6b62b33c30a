import type { TPromotionRow } from "./queries";

/** A promotion as the REST API shows it: the same shape POST accepts, plus id and timestamps. */
export function serializePromotion(p: TPromotionRow) {
  return {
    id: p.id,
    name: p.name,
    title: p.title,
    offer: p.offer,
    terms: p.terms,
    validDaysOfWeek: p.validDaysOfWeek,
    validHours: p.validHourFrom !== null && p.validHourTo !== null ? { from: p.validHourFrom, to: p.validHourTo } : null,
    expiresInDays: p.expiresInDays,
    oncePerCustomer: p.oncePerCustomer,
    subject: p.subject,
    preheader: p.preheader,
    body: p.body,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
    archivedAt: p.archivedAt?.toISOString() ?? null,
  };
}
