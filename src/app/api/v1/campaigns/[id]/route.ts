// GET /api/v1/campaigns/{id} — a campaign's audience, progress and results
import { z } from "zod";
import { getCampaignForApi } from "@/features/campaigns/queries";
import { apiHandler, json, problem } from "@/lib/api";

export const dynamic = "force-dynamic";

export const GET = apiHandler<{ id: string }>(async (_request, ctx, params) => {
  if (!z.string().uuid().safeParse(params.id).success) return problem(404, "Not Found", "That campaign was not found.");
  return json(await getCampaignForApi(ctx.merchant.id, params.id));
});
