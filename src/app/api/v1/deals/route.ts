// GET  /api/v1/deals — the merchant's daily deals, newest first, with sold and redeemed counts (cursor pagination)
// POST /api/v1/deals — create a deal (idempotent with Idempotency-Key)
import { z } from "zod";
import { getApiDealOrThrow, getDealMerchant, listApiDealsPage, storeDeal } from "@/features/publishers/deals";
import { ZApiCreateDeal } from "@/features/publishers/schemas";
import { apiRoute } from "@/features/tenancy/request-chain";
import { idempotencyKeyOf, json, parseBody } from "@/lib/api";
import { AppError } from "@/lib/errors";
import { runIdempotent } from "@/lib/idempotency";

export const dynamic = "force-dynamic";

export const POST = apiRoute(async (request, ctx) => {
  const parsed = await parseBody(request, ZApiCreateDeal);
  const merchant = await getDealMerchant(ctx.merchant.id);
  const d = parsed.data;
  const data = { ...d, startsAt: d.startsAt ?? null, endsAt: d.endsAt ?? null, voucherExpiresAt: d.voucherExpiresAt ?? null, quantity: d.quantity ?? null };
  const result = await runIdempotent(ctx.merchant.id, idempotencyKeyOf(request), "POST /api/v1/deals", parsed.raw, async (tx) => {
    const { id } = await storeDeal(merchant, undefined, data, { apiKeyId: ctx.apiKeyId }, { tx });
    return { status: 201, body: await getApiDealOrThrow(ctx.merchant, id, tx) };
  });
  return json(result.body, result.status, result.replayed ? { "idempotent-replayed": "true" } : {});
});

const ZListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().uuid("cursor is the nextCursor of the previous page.").optional(),
});

export const GET = apiRoute(async (request, ctx) => {
  const query = ZListQuery.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) throw AppError.invalid(query.error, "The query is not valid.");
  return json(await listApiDealsPage(ctx.merchant, query.data));
});
