// POST /api/v1/segments/customers — one page of the customers matching a Smart Filter (cursor pagination)
import { ZCustomersRequest } from "@/features/filters/api";
import { listCustomers } from "@/features/filters/queries";
import { apiRoute } from "@/features/tenancy/request-chain";
import { json, parseBody } from "@/lib/api";

export const dynamic = "force-dynamic";

export const POST = apiRoute(async (request, ctx) => {
  const parsed = await parseBody(request, ZCustomersRequest);
  const { filter, limit = 100, cursor, sort } = parsed.data;
  const page = await listCustomers(ctx.merchant, filter, { limit, cursor, sort });
  return json({
    data: page.data.map((c) => ({ ...c, totalSpentCents: Number(c.totalSpentCents), lastVisitAt: c.lastVisitAt?.toISOString() ?? null, rating: c.lastRating })),
    nextCursor: page.nextCursor,
  });
});
