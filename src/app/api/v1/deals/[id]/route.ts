// GET   /api/v1/deals/{id} — one daily deal with its sold and redeemed counts
// PATCH /api/v1/deals/{id} — change the fields sent (null clears a time or the quantity); audited
import { getApiDealOrThrow, getDealMerchant, storeDeal } from "@/features/publishers/deals";
import { ZApiPatchDeal } from "@/features/publishers/schemas";
import { apiRoute } from "@/features/tenancy/request-chain";
import { json, parseBody } from "@/lib/api";

export const dynamic = "force-dynamic";

export const GET = apiRoute<{ id: string }>(async (_request, ctx, params) => json(await getApiDealOrThrow(ctx.merchant, params.id)));

export const PATCH = apiRoute<{ id: string }>(async (request, ctx, params) => {
  // The deal first, so another merchant's id is a 404 whatever the body.
  await getApiDealOrThrow(ctx.merchant, params.id);
  const { data } = await parseBody(request, ZApiPatchDeal);
  if (Object.keys(data).length) await storeDeal(await getDealMerchant(ctx.merchant.id), params.id, data, { apiKeyId: ctx.apiKeyId });
  return json(await getApiDealOrThrow(ctx.merchant, params.id));
});
