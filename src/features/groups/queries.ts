import "server-only";
import { db } from "@/lib/db";

export async function listGroups(merchantId: string) {
  return db.group.findMany({
    where: { merchantId, archivedAt: null },
    select: { id: true, name: true, kind: true, createdAt: true, _count: { select: { members: true } } },
    orderBy: { name: "asc" },
  });
}
