// POST /api/v1/visits — record a visit or a voucher redemption (idempotent with Idempotency-Key)
import { ZApiVisit } from "@/features/visits/schemas";
import { runCapture } from "@/features/visits/capture";
import { apiRoute } from "@/features/tenancy/request-chain";
import { idempotencyKeyOf, json, parseBody } from "@/lib/api";

export const dynamic = "force-dynamic";

export const POST = apiRoute(async (request, ctx) => {
  const parsed = await parseBody(request, ZApiVisit);
  const key = idempotencyKeyOf(request);
  // One round trip: the key, the capture and the stored answer commit together (capture_visit()).
  const result = await runCapture(
    "pool",
    ctx.merchant,
    { apiKeyId: ctx.apiKeyId, source: "api" },
    parsed.data,
    key ? { key, scope: "POST /api/v1/visits", body: parsed.raw } : undefined,
  );
  return json(result.body, result.status, result.replayed ? { "idempotent-replayed": "true" } : {});
});
