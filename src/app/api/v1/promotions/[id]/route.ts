// GET /api/v1/promotions/{id} — one of this merchant's promotions (another merchant's id is a 404)
import { getPromotionOrThrow } from "@/features/promotions/queries";
import { serializePromotion } from "@/features/promotions/serialize";
import { apiRoute } from "@/features/tenancy/request-chain";
import { json } from "@/lib/api";

export const dynamic = "force-dynamic";

export const GET = apiRoute<{ id: string }>(async (_request, ctx, params) => json(serializePromotion(await getPromotionOrThrow(ctx.merchant.id, params.id))));
