import "server-only";
import { db } from "@/lib/db";

/** A page of customers, most recent visit first; `search` matches name, email or phone. */
export async function listRecentCustomers(merchantId: string, opts: { search?: string; limit: number }) {
  const s = opts.search?.trim();
  return db.customer.findMany({
    where: {
      merchantId,
      ...(s
        ? {
            OR: [
              { firstName: { contains: s, mode: "insensitive" } },
              { lastName: { contains: s, mode: "insensitive" } },
              { emailNormalized: { contains: s.toLowerCase() } },
              { phone: { contains: s.replace(/[^\d+]/g, "") || s } },
            ],
          }
        : {}),
    },
    orderBy: [{ lastVisitAt: { sort: "desc", nulls: "last" } }, { id: "desc" }],
    take: opts.limit,
    select: { id: true, firstName: true, lastName: true, email: true, phone: true, visitCount: true, totalSpentCents: true, lastVisitAt: true, lastRating: true },
  });
}
