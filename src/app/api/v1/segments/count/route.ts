// POST /api/v1/segments/count — how many of the merchant's customers match a Smart Filter
import { ZCountRequest } from "@/features/filters/api";
import { countCustomers } from "@/features/filters/queries";
import { apiRoute } from "@/features/tenancy/request-chain";
import { json, parseBody } from "@/lib/api";

export const dynamic = "force-dynamic";

export const POST = apiRoute(async (request, ctx) => {
  const parsed = await parseBody(request, ZCountRequest);
  return json({ count: await countCustomers(ctx.merchant, parsed.data.filter) });
});
