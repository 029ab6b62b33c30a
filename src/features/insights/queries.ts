import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { db } from "@/lib/db";
import { addDays, dateOnly, localToday } from "@/lib/time";

export type TMerchantHome = {
  customers: number;
  newCustomersThisWeek: number;
  visitsThisWeek: number;
  visitsLastWeek: number;
  revenueThisWeekCents: number;
  returningShareThisWeek: number | null;
  topTags: { name: string; visits: number }[];
  visitsByDay: { date: string; visits: number; revenueCents: number }[];
};

/** The merchant home's figures. "This week" is the last 7 local days including today. */
export async function getMerchantHome(merchantId: string, timeZone: string, now = new Date()): Promise<TMerchantHome> {
  const today = localToday(timeZone, now);
  const weekStart = addDays(today, -6);
  const lastWeekStart = addDays(today, -13);
  const chartStart = addDays(today, -29);

  const [customers, newCustomers, weekRows, topTags, daily] = await Promise.all([
    db.customer.count({ where: { merchantId } }),
    db.customer.count({ where: { merchantId, firstVisitAt: { gte: new Date(now.getTime() - 7 * 86400_000) } } }),
    db.$queryRaw<{ this_week: number; last_week: number; revenue: bigint | null; returning: number }[]>(Prisma.sql`
      SELECT count(*) FILTER (WHERE v."localDate" >= ${dateOnly(weekStart)})::int AS this_week,
             count(*) FILTER (WHERE v."localDate" < ${dateOnly(weekStart)})::int AS last_week,
             sum(v."amountCents") FILTER (WHERE v."localDate" >= ${dateOnly(weekStart)}) AS revenue,
             count(*) FILTER (WHERE v."localDate" >= ${dateOnly(weekStart)} AND c."firstVisitAt" < v."occurredAt")::int AS returning
        FROM visits v JOIN customers c ON c."merchantId" = v."merchantId" AND c.id = v."customerId"
       WHERE v."merchantId" = ${merchantId}::uuid AND v."occurredAt" >= ${new Date(now.getTime() - 15 * 86400_000)}
         AND v."localDate" >= ${dateOnly(lastWeekStart)} AND v."localDate" <= ${dateOnly(today)}`),
    db.$queryRaw<{ name: string; visits: number }[]>(Prisma.sql`
      SELECT t.name, count(*)::int AS visits
        FROM visit_tags vt
        JOIN visits v ON v."merchantId" = vt."merchantId" AND v.id = vt."visitId"
        JOIN tags t ON t."merchantId" = vt."merchantId" AND t.id = vt."tagId"
       WHERE vt."merchantId" = ${merchantId}::uuid AND v."occurredAt" >= ${new Date(now.getTime() - 91 * 86400_000)}
       GROUP BY t.name ORDER BY visits DESC, t.name LIMIT 6`),
    db.$queryRaw<{ date: Date; visits: number; revenue: bigint }[]>(Prisma.sql`
      SELECT v."localDate" AS date, count(*)::int AS visits, coalesce(sum(v."amountCents"), 0) AS revenue
        FROM visits v
       WHERE v."merchantId" = ${merchantId}::uuid AND v."occurredAt" >= ${new Date(now.getTime() - 31 * 86400_000)}
         AND v."localDate" >= ${dateOnly(chartStart)}
       GROUP BY v."localDate" ORDER BY v."localDate"`),
  ]);

  const w = weekRows[0] ?? { this_week: 0, last_week: 0, revenue: 0n, returning: 0 };
  const byDate = new Map(daily.map((d) => [d.date.toISOString().slice(0, 10), d]));
  const visitsByDay = Array.from({ length: 30 }, (_, i) => {
    const date = addDays(chartStart, i);
    const row = byDate.get(date);
    return { date, visits: row?.visits ?? 0, revenueCents: Number(row?.revenue ?? 0) };
  });

  return {
    customers,
    newCustomersThisWeek: newCustomers,
    visitsThisWeek: w.this_week,
    visitsLastWeek: w.last_week,
    revenueThisWeekCents: Number(w.revenue ?? 0),
    returningShareThisWeek: w.this_week > 0 ? w.returning / w.this_week : null,
    topTags,
    visitsByDay,
  };
}
