import "server-only";
import { db } from "@/lib/db";

/** A customer as the API shows it: identity, consent, and visit aggregates. */
export async function getCustomerForApi(merchantId: string, id: string) {
  const c = await db.customer.findUnique({
    where: { merchantId_id: { merchantId, id } },
    include: { tags: { select: { tag: { select: { name: true } } } }, rfm: { select: { segment: true } } },
  });
  if (!c) return null;
  const tagNames = c.tagIds.length
    ? (await db.tag.findMany({ where: { merchantId, id: { in: c.tagIds } }, select: { name: true }, orderBy: { name: "asc" } })).map((t) => t.name)
    : [];
  return {
    id: c.id,
    externalId: c.externalId,
    email: c.email,
    phone: c.phone,
    firstName: c.firstName,
    lastName: c.lastName,
    zip: c.zip,
    birthday: c.birthday?.toISOString().slice(0, 10) ?? null,
    anniversary: c.anniversary?.toISOString().slice(0, 10) ?? null,
    emailConsent: c.emailConsent,
    visitCount: c.visitCount,
    totalSpentCents: Number(c.totalSpentCents),
    firstVisitAt: c.firstVisitAt?.toISOString() ?? null,
    lastVisitAt: c.lastVisitAt?.toISOString() ?? null,
    rating: c.lastRating,
    usualRating: c.usualRating,
    tags: tagNames,
    rfmSegment: c.rfm?.segment ?? null,
    createdAt: c.createdAt.toISOString(),
  };
}
