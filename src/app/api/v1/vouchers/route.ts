// POST /api/v1/vouchers — bulk-load sold vouchers for a deal (≤ 1,000 per call; repeating a batch changes nothing)
import { loadVouchers, ZLoadVouchers } from "@/features/visits/vouchers";
import { apiRoute } from "@/features/tenancy/request-chain";
import { json, parseBody } from "@/lib/api";

export const dynamic = "force-dynamic";

export const POST = apiRoute(async (request, ctx) => {
  const parsed = await parseBody(request, ZLoadVouchers);
  const result = await loadVouchers(ctx.merchant.id, parsed.data, { apiKeyId: ctx.apiKeyId });
  return json(result, result.created > 0 ? 201 : 200);
});
