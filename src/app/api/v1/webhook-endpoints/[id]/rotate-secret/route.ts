// POST /api/v1/webhook-endpoints/{id}/rotate-secret — a new secret (shown once); the old one signs beside it for 24 h
import { rotateWebhookSecret } from "@/features/webhooks/endpoints";
import { apiRoute } from "@/features/tenancy/request-chain";
import { json } from "@/lib/api";
import { notFound } from "@/lib/errors";
import { isUuid } from "@/lib/ids";

export const dynamic = "force-dynamic";

export const POST = apiRoute<{ id: string }>(async (_request, ctx, params) => {
  if (!isUuid(params.id)) throw notFound("That webhook endpoint");
  return json(await rotateWebhookSecret(ctx.merchant.id, params.id, { apiKeyId: ctx.apiKeyId }));
});
