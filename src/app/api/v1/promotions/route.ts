// POST /api/v1/promotions — save a Social Select promotion (idempotent with Idempotency-Key)
// GET  /api/v1/promotions — the merchant's promotions, newest first (cursor pagination)
import { z } from "zod";
import { listPromotionsPage } from "@/features/promotions/queries";
import { ZPromotionInput } from "@/features/promotions/schemas";
import { serializePromotion } from "@/features/promotions/serialize";
import { createPromotion } from "@/features/promotions/service";
import { apiRoute } from "@/features/tenancy/request-chain";
import { idempotencyKeyOf, json, parseBody } from "@/lib/api";
import { AppError } from "@/lib/errors";
import { runIdempotent } from "@/lib/idempotency";

export const dynamic = "force-dynamic";

export const POST = apiRoute(async (request, ctx) => {
  const parsed = await parseBody(request, ZPromotionInput);
  const result = await runIdempotent(ctx.merchant.id, idempotencyKeyOf(request), "POST /api/v1/promotions", parsed.raw, async (tx) => {
    const { id } = await createPromotion(ctx.merchant.id, parsed.data, { apiKeyId: ctx.apiKeyId }, tx);
    return { status: 201, body: { id } };
  });
  return json(result.body, result.status, result.replayed ? { "idempotent-replayed": "true" } : {});
});

const ZListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().uuid("cursor is the nextCursor of the previous page.").optional(),
});

export const GET = apiRoute(async (request, ctx) => {
  const url = new URL(request.url);
  const query = ZListQuery.safeParse(Object.fromEntries(url.searchParams));
  if (!query.success) throw AppError.invalid(query.error, "The query is not valid.");
  const page = await listPromotionsPage(ctx.merchant.id, { limit: query.data.limit, cursor: query.data.cursor });
  return json({ data: page.data.map(serializePromotion), nextCursor: page.nextCursor });
});
