import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { db } from "@/lib/db";
import { compileWhere } from "@/features/filters/compile";
import { ZFilter } from "@/features/filters/schemas";

/** Everything the Customer 360 page shows, for one customer of one merchant (null when not theirs). */
export async function getCustomerProfile(merchant: { id: string; timeZone: string }, id: string) {
  const customer = await db.customer.findUnique({ where: { merchantId_id: { merchantId: merchant.id, id } }, include: { rfm: true } });
  if (!customer) return null;
  // The visits themselves are paged separately (history.ts: listCustomerVisits).
  const [ratings, pattern, tagNames, staticGroups, dynamicGroups] = await Promise.all([
    db.$queryRaw<{ rating: number; n: number }[]>(Prisma.sql`
      SELECT rating::int AS rating, count(*)::int AS n FROM visits
       WHERE "merchantId" = ${merchant.id}::uuid AND "customerId" = ${id}::uuid AND rating IS NOT NULL GROUP BY 1 ORDER BY 1 DESC`),
    db.$queryRaw<{ dow: number; hour: number; n: number }[]>(Prisma.sql`
      SELECT "localDayOfWeek" AS dow, "localHour" AS hour, count(*)::int AS n
        FROM visits WHERE "merchantId" = ${merchant.id}::uuid AND "customerId" = ${id}::uuid GROUP BY 1, 2`),
    customer.tagIds.length
      ? db.tag.findMany({ where: { merchantId: merchant.id, id: { in: customer.tagIds } }, select: { name: true }, orderBy: { name: "asc" } })
      : [],
    db.groupMember.findMany({ where: { merchantId: merchant.id, customerId: id }, select: { group: { select: { id: true, name: true } } } }),
    db.group.findMany({ where: { merchantId: merchant.id, kind: "dynamic", archivedAt: null }, select: { id: true, name: true, filter: true }, take: 100 }),
  ]);
  // Dynamic groups this customer is in right now: each filter, evaluated for this one row.
  const inDynamic: { id: string; name: string }[] = [];
  for (const g of dynamicGroups) {
    const parsed = ZFilter.safeParse(g.filter);
    if (!parsed.success) continue;
    const [hit] = await db.$queryRaw<{ n: number }[]>(
      Prisma.sql`SELECT count(*)::int AS n FROM customers c WHERE ${compileWhere(parsed.data, { merchantId: merchant.id, timeZone: merchant.timeZone })} AND c.id = ${id}::uuid`,
    );
    if (hit?.n) inDynamic.push({ id: g.id, name: g.name });
  }
  return {
    customer,
    pattern,
    /** How many of their visits got each star rating (3, 2, 1), for "the visit ratings" beside the latest. */
    ratings,
    tags: tagNames.map((t) => t.name),
    groups: [...staticGroups.map((g) => ({ ...g.group, kind: "static" as const })), ...inDynamic.map((g) => ({ ...g, kind: "dynamic" as const }))],
  };
}
