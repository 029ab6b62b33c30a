// GET /api/v1/deals/{id}/report — the deal report (API.md): sold, redeemed, returns at full price, the campaigns that followed with their lift
import { getApiDealOrThrow } from "@/features/publishers/deals";
import { getApiDealReport } from "@/features/publishers/report";
import { apiRoute } from "@/features/tenancy/request-chain";
import { json } from "@/lib/api";

export const dynamic = "force-dynamic";

export const GET = apiRoute<{ id: string }>(async (_request, ctx, params) => {
  // The deal first: a malformed id, another merchant's or a campaign's deal is the same 404.
  await getApiDealOrThrow(ctx.merchant, params.id);
  return json(await getApiDealReport(ctx.merchant.id, params.id));
});
