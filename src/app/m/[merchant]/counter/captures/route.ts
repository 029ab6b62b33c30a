// POST /m/{merchant}/counter/captures — record a counter capture (idempotent: the device's capture id is the key)
import { ZCounterCapture } from "@/features/visits/schemas";
import { runCapture } from "@/features/visits/capture";
import { json, parseBody } from "@/lib/api";
import { merchantRoute } from "@/features/tenancy/request-chain";
import { AppError } from "@/lib/errors";

export const dynamic = "force-dynamic";

export const POST = merchantRoute("counter.capture", async (request, ctx) => {
  const key = request.headers.get("idempotency-key");
  if (!key) throw new AppError("BAD_REQUEST", "Every capture carries the device's capture id as Idempotency-Key.");
  const parsed = await parseBody(request, ZCounterCapture);
  const result = await runCapture("pool", ctx.merchant, { userId: ctx.user.id, source: "counter" }, parsed.data, {
    key: `counter:${key}`,
    scope: "counter capture",
    body: parsed.raw,
  });
  // The device deletes its copy only when the answer names this capture and its visit; a replay
  // (a resend after a lost answer) names the same visit.
  if (result.status >= 300) return json(result.body, result.status);
  const body = result.body as { id: string };
  return json({ ...body, visitId: body.id, idempotencyKey: key }, result.status);
});
