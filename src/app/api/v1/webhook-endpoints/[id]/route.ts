// GET · PATCH · DELETE /api/v1/webhook-endpoints/{id} — one endpoint; PATCH { url?, events?, description?, enabled? }
import { deleteWebhookEndpoint, getWebhookEndpointOrThrow, updateWebhookEndpoint } from "@/features/webhooks/endpoints";
import { ZWebhookEndpointPatch } from "@/features/webhooks/schemas";
import { apiRoute } from "@/features/tenancy/request-chain";
import { json, parseBody } from "@/lib/api";
import { notFound } from "@/lib/errors";
import { isUuid } from "@/lib/ids";

export const dynamic = "force-dynamic";

const endpointId = (id: string) => {
  if (!isUuid(id)) throw notFound("That webhook endpoint");
  return id;
};

export const GET = apiRoute<{ id: string }>(async (_request, ctx, params) => json(await getWebhookEndpointOrThrow(ctx.merchant.id, endpointId(params.id))));

export const PATCH = apiRoute<{ id: string }>(async (request, ctx, params) => {
  const id = endpointId(params.id);
  const { data } = await parseBody(request, ZWebhookEndpointPatch);
  return json(await updateWebhookEndpoint(ctx.merchant.id, id, data, { apiKeyId: ctx.apiKeyId }));
});

export const DELETE = apiRoute<{ id: string }>(async (_request, ctx, params) => {
  await deleteWebhookEndpoint(ctx.merchant.id, endpointId(params.id), { apiKeyId: ctx.apiKeyId });
  return new Response(null, { status: 204 });
});
