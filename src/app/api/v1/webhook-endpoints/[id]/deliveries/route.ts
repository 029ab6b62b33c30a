// GET /api/v1/webhook-endpoints/{id}/deliveries?before= — the delivery log, newest first, 50 a page
import { listWebhookDeliveries } from "@/features/webhooks/endpoints";
import { apiRoute } from "@/features/tenancy/request-chain";
import { json } from "@/lib/api";
import { AppError, notFound } from "@/lib/errors";
import { isUuid } from "@/lib/ids";

export const dynamic = "force-dynamic";

export const GET = apiRoute<{ id: string }>(async (request, ctx, params) => {
  if (!isUuid(params.id)) throw notFound("That webhook endpoint");
  const raw = new URL(request.url).searchParams.get("before");
  const before = raw ? new Date(raw) : undefined;
  if (before && Number.isNaN(before.getTime())) throw new AppError("BAD_REQUEST", "before must be a date-time, as nextBefore gave it.");
  const page = await listWebhookDeliveries(ctx.merchant.id, params.id, { before });
  return json({
    data: page.deliveries.map(({ event, ...d }) => ({ ...d, type: event.type })),
    nextBefore: page.nextBefore,
  });
});
