// GET /api/v1/webhook-endpoints — the key's merchant's endpoints (never their secrets)
// POST /api/v1/webhook-endpoints — subscribe an https URL to events; 201 with the secret, shown once
import { createWebhookEndpoint, listWebhookEndpoints } from "@/features/webhooks/endpoints";
import { ZWebhookEndpointInput } from "@/features/webhooks/schemas";
import { apiRoute } from "@/features/tenancy/request-chain";
import { json, parseBody } from "@/lib/api";

export const dynamic = "force-dynamic";

export const GET = apiRoute(async (_request, ctx) => json({ data: await listWebhookEndpoints(ctx.merchant.id) }));

export const POST = apiRoute(async (request, ctx) => {
  const { data } = await parseBody(request, ZWebhookEndpointInput);
  const e = await createWebhookEndpoint(ctx.merchant.id, data, { apiKeyId: ctx.apiKeyId });
  return json({ id: e.id, url: e.url, events: e.events, description: e.description, secret: e.secret, createdAt: e.createdAt }, 201);
});
