// GET /api/v1/campaigns/{id} — a campaign's audience, progress and results
import { z } from "zod";
import { getCampaignForApi } from "@/features/campaigns/queries";
import { apiRoute } from "@/features/tenancy/request-chain";
import { json } from "@/lib/api";
import { AppError } from "@/lib/errors";

export const dynamic = "force-dynamic";

export const GET = apiRoute<{ id: string }>(async (_request, ctx, params) => {
  if (!z.string().uuid().safeParse(params.id).success) throw new AppError("NOT_FOUND", "That campaign was not found.");
  return json(await getCampaignForApi(ctx.merchant.id, params.id));
});
