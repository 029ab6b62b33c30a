import "server-only";
import { db } from "@/lib/db";

/** Platform-wide counts for the admin overview (platform admins only; the page checks). */
export async function getPlatformOverview() {
  const [publishers, merchantCount, userCount, customerCount] = await Promise.all([
    db.publisher.findMany({ select: { id: true, slug: true, name: true, _count: { select: { merchants: true } } }, orderBy: { name: "asc" } }),
    db.merchant.count(),
    db.user.count(),
    db.customer.count(),
  ]);
  return { publishers, merchantCount, userCount, customerCount };
}
