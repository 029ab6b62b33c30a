// POST /api/v1/visits — record a visit or a voucher redemption (idempotent with Idempotency-Key)
import { ZApiVisit } from "@/features/visits/schemas";
import { captureVisit } from "@/features/visits/capture";
import { apiHandler, idempotencyKeyOf, json, parseBody } from "@/lib/api";
import { runIdempotent } from "@/lib/idempotency";

export const dynamic = "force-dynamic";

export const POST = apiHandler(async (request, ctx) => {
  const parsed = await parseBody(request, ZApiVisit);
  if (parsed instanceof Response) return parsed;
  const result = await runIdempotent(ctx.merchant.id, idempotencyKeyOf(request), "POST /api/v1/visits", parsed.raw, async (tx) => {
    const visit = await captureVisit(tx, ctx.merchant, { apiKeyId: ctx.apiKeyId, source: "api" }, parsed.data);
    return { status: 201, body: visit };
  });
  return json(result.body, result.status, result.replayed ? { "idempotent-replayed": "true" } : {});
});
