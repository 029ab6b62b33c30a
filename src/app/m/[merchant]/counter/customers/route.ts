// GET /m/{merchant}/counter/customers?q= — find a walk-in by name, email or phone
import { searchCustomersForCounter } from "@/features/visits/counter";
import { json } from "@/lib/api";
import { merchantRoute } from "@/features/tenancy/request-chain";

export const dynamic = "force-dynamic";

export const GET = merchantRoute("counter.capture", async (request, ctx) => {
  const q = (new URL(request.url).searchParams.get("q") ?? "").slice(0, 80);
  return json({ data: await searchCustomersForCounter(ctx.merchant.id, q) });
});
