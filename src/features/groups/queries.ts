import "server-only";
import { db } from "@/lib/db";
import { countCustomers, type TFilterMerchant } from "@/features/filters/queries";
import { ZFilter } from "@/features/filters/schemas";

/**
 * The merchant's groups with their size now: a hand-picked group counts its members, a Smart
 * Filter group counts the customers its filter matches today (one count per group, each on the
 * per-customer aggregates).
 */
export async function listGroups(merchant: TFilterMerchant, opts: { sizes?: boolean } = { sizes: true }) {
  const groups = await db.group.findMany({
    where: { merchantId: merchant.id, archivedAt: null },
    select: { id: true, name: true, kind: true, filter: true, createdAt: true, _count: { select: { members: true, campaigns: true } } },
    orderBy: { name: "asc" },
  });
  return Promise.all(
    groups.map(async ({ filter, _count, ...g }) => {
      const parsed = g.kind === "dynamic" ? ZFilter.safeParse(filter) : null;
      const size = g.kind === "static" ? _count.members : parsed?.success && opts.sizes ? await countCustomers(merchant, parsed.data) : null;
      return { ...g, size, campaigns: _count.campaigns };
    }),
  );
}
