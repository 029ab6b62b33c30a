// POST /api/v1/campaigns — schedule a campaign (now or at sendAt); the send runs in the worker (idempotent with Idempotency-Key)
import { enqueueCampaignSend } from "@/features/campaigns/jobs";
import { ZCreateCampaign } from "@/features/campaigns/schemas";
import { createCampaign } from "@/features/campaigns/service";
import { apiRoute } from "@/features/tenancy/request-chain";
import { idempotencyKeyOf, json, parseBody } from "@/lib/api";
import { runIdempotent } from "@/lib/idempotency";

export const dynamic = "force-dynamic";

export const POST = apiRoute(async (request, ctx) => {
  const parsed = await parseBody(request, ZCreateCampaign);
  let sendAt: Date | null = null;
  const result = await runIdempotent(ctx.merchant.id, idempotencyKeyOf(request), "POST /api/v1/campaigns", parsed.raw, async (tx) => {
    const campaign = await createCampaign(tx, ctx.merchant, parsed.data, { apiKeyId: ctx.apiKeyId });
    sendAt = campaign.sendAt;
    return { status: 201, body: { id: campaign.id, status: campaign.status, sendAt: campaign.sendAt.toISOString() } };
  });
  if (sendAt) await enqueueCampaignSend({ merchantId: ctx.merchant.id, campaignId: (result.body as { id: string }).id }, sendAt);
  return json(result.body, result.status, result.replayed ? { "idempotent-replayed": "true" } : {});
});
