import "server-only";
import { db } from "@/lib/db";

/** The merchant's deals a voucher file can be imported into, newest first. */
export async function listDealsForImport(merchantId: string) {
  const deals = await db.deal.findMany({
    where: { merchantId },
    orderBy: { createdAt: "desc" },
    take: 200,
    select: { id: true, title: true, _count: { select: { vouchers: true } } },
  });
  return deals.map((d) => ({ id: d.id, title: d.title, vouchers: d._count.vouchers }));
}
export type TImportDeal = Awaited<ReturnType<typeof listDealsForImport>>[number];
