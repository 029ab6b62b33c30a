// POST /api/v1/customers — create a customer, or match an existing one by externalId, email or phone (idempotent)
import { ZCustomerInput } from "@/features/customers/schemas";
import { getCustomerForApi } from "@/features/customers/serialize";
import { upsertCustomer } from "@/features/customers/upsert";
import { recordAudit } from "@/lib/audit";
import { apiRoute } from "@/features/tenancy/request-chain";
import { idempotencyKeyOf, json, parseBody } from "@/lib/api";
import { runIdempotent } from "@/lib/idempotency";

export const dynamic = "force-dynamic";

export const POST = apiRoute(async (request, ctx) => {
  const parsed = await parseBody(request, ZCustomerInput);
  const result = await runIdempotent(ctx.merchant.id, idempotencyKeyOf(request), "POST /api/v1/customers", parsed.raw, async (tx) => {
    const { id, created, consent } = await upsertCustomer(tx, ctx.merchant.id, parsed.data, "api");
    if (created)
      await recordAudit({ merchantId: ctx.merchant.id, actorApiKeyId: ctx.apiKeyId, action: "customer.created", entityType: "Customer", entityId: id }, tx);
    // consent: present when the request set it; says "unsubscribed" when the customer's own unsubscribe stood.
    return { status: created ? 201 : 200, body: { id, ...(consent ? { consent } : {}) } };
  });
  const stored = result.body as { id: string; consent?: unknown };
  const customer = await getCustomerForApi(ctx.merchant.id, stored.id);
  return json({ ...customer, ...(stored.consent ? { consent: stored.consent } : {}) }, result.status);
});
