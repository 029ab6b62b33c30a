// GET /api/v1/customers/{id} — one customer with their visit aggregates
import { z } from "zod";
import { getCustomerForApi } from "@/features/customers/serialize";
import { apiHandler, json, problem } from "@/lib/api";

export const dynamic = "force-dynamic";

export const GET = apiHandler<{ id: string }>(async (_request, ctx, params) => {
  const id = z.string().uuid().safeParse(params.id);
  const customer = id.success ? await getCustomerForApi(ctx.merchant.id, id.data) : null;
  if (!customer) return problem(404, "Not Found", "No customer with that id.");
  return json(customer);
});
