// GET /m/{merchant}/campaigns/{id}/progress — the campaign page follows a send live (status, sent of audience)
import { getCampaignProgress } from "@/features/campaigns/queries";
import { merchantRoute } from "@/features/tenancy/request-chain";
import { json } from "@/lib/api";
import { AppError } from "@/lib/errors";
import { isUuid } from "@/lib/ids";

export const dynamic = "force-dynamic";

export const GET = merchantRoute<{ merchant: string; id: string }>("campaigns.send", async (_request, ctx, params) => {
  if (!isUuid(params.id)) throw new AppError("NOT_FOUND", "That campaign was not found.");
  return json(await getCampaignProgress(ctx.merchant.id, params.id), 200, { "cache-control": "no-store" });
});
