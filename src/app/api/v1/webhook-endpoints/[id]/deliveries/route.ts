// GET /api/v1/webhook-endpoints/{id}/deliveries?cursor= — the delivery log, newest first, 50 a page
import { listWebhookDeliveries, parseDeliveryCursor } from "@/features/webhooks/endpoints";
import { apiRoute } from "@/features/tenancy/request-chain";
import { json } from "@/lib/api";
import { AppError, notFound } from "@/lib/errors";
import { isUuid } from "@/lib/ids";

export const dynamic = "force-dynamic";

export const GET = apiRoute<{ id: string }>(async (request, ctx, params) => {
  if (!isUuid(params.id)) throw notFound("That webhook endpoint");
  const query = new URL(request.url).searchParams;
  const rawCursor = query.get("cursor");
  const cursor = rawCursor ? parseDeliveryCursor(rawCursor) : undefined;
  if (cursor === null) throw new AppError("BAD_REQUEST", "cursor must be the nextCursor of the previous page.");
  const raw = query.get("before");
  const before = raw ? new Date(raw) : undefined;
  if (before && Number.isNaN(before.getTime())) throw new AppError("BAD_REQUEST", "before must be a date-time, as nextBefore gave it.");
  const page = await listWebhookDeliveries(ctx.merchant.id, params.id, { before, cursor });
  return json({
    data: page.deliveries.map(({ event, ...d }) => ({ ...d, type: event.type })),
    nextCursor: page.nextCursor,
    nextBefore: page.nextBefore,
  });
});
