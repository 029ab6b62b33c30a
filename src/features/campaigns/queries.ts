import "server-only";
import { db } from "@/lib/db";

export async function listCampaigns(merchantId: string) {
  return db.campaign.findMany({
    where: { merchantId },
    select: { id: true, status: true, sendAt: true, createdAt: true, audienceCount: true, promotion: { select: { name: true } }, group: { select: { name: true } } },
    orderBy: { createdAt: "desc" },
    take: 100,
  });
}
