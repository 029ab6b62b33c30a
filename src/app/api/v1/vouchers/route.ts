// POST /api/v1/vouchers — bulk-load sold vouchers for a deal (≤ 1,000 per call; repeating a batch changes nothing)
import { loadVouchers, ZLoadVouchers } from "@/features/visits/vouchers";
import { apiHandler, json, parseBody } from "@/lib/api";

export const dynamic = "force-dynamic";

export const POST = apiHandler(async (request, ctx) => {
  const parsed = await parseBody(request, ZLoadVouchers);
  if (parsed instanceof Response) return parsed;
  const result = await loadVouchers(ctx.merchant.id, parsed.data, { apiKeyId: ctx.apiKeyId });
  return json(result, result.created > 0 ? 201 : 200);
});
