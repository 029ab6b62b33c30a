// GET /m/{merchant}/customers/{id}/export — everything held on one customer as JSON (managers; audited)
import { z } from "zod";
import { exportCustomer } from "@/features/customers/export";
import { recordAudit } from "@/lib/audit";
import { merchantRoute } from "@/features/tenancy/request-chain";
import { notFound } from "@/lib/errors";

export const dynamic = "force-dynamic";

export const GET = merchantRoute<{ merchant: string; id: string }>("customers.export", async (_request, ctx, params) => {
  if (!z.string().uuid().safeParse(params.id).success) throw notFound("That customer");
  const doc = await exportCustomer(ctx.merchant, params.id);
  await recordAudit({ merchantId: ctx.merchant.id, actorUserId: ctx.user.id, action: "customer.exported", entityType: "Customer", entityId: params.id });
  const body = JSON.stringify(doc, (_k, v) => (typeof v === "bigint" ? Number(v) : v), 2);
  return new Response(body, {
    headers: {
      "content-type": "application/json; charset=utf-8",
      "content-disposition": `attachment; filename="${ctx.merchant.slug}-customer-${params.id}.json"`,
      "cache-control": "no-store",
    },
  });
});
