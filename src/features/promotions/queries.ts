import "server-only";
import { db } from "@/lib/db";

export async function listPromotions(merchantId: string) {
  return db.promotion.findMany({
    where: { merchantId, archivedAt: null },
    select: { id: true, name: true, title: true, offer: true, subject: true, updatedAt: true },
    orderBy: { updatedAt: "desc" },
  });
}
