// POST /m/{merchant}/counter/captures — record a counter capture (idempotent: the device's capture id is the key)
import { ZCounterCapture } from "@/features/visits/schemas";
import { runCapture } from "@/features/visits/capture";
import { json, parseBody, problem } from "@/lib/api";
import { merchantRoute } from "@/lib/merchant-route";

export const dynamic = "force-dynamic";

export const POST = merchantRoute("counter.capture", async (request, ctx) => {
  const key = request.headers.get("idempotency-key");
  if (!key) return problem(400, "Bad Request", "Every capture carries the device's capture id as Idempotency-Key.");
  const parsed = await parseBody(request, ZCounterCapture);
  if (parsed instanceof Response) return parsed;
  const result = await runCapture("pool", ctx.merchant, { userId: ctx.user.id, source: "counter" }, parsed.data, { key: `counter:${key}`, scope: "counter capture", body: parsed.raw });
  // The device deletes its copy only when the answer names this capture and its visit; a replay
  // (a resend after a lost answer) names the same visit.
  if (result.status >= 300) return json(result.body, result.status);
  const body = result.body as { id: string };
  return json({ ...body, visitId: body.id, idempotencyKey: key }, result.status);
});
