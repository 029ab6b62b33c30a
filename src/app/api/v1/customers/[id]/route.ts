// GET /api/v1/customers/{id} — one customer with their visit aggregates
import { z } from "zod";
import { getCustomerForApi } from "@/features/customers/serialize";
import { apiRoute } from "@/features/tenancy/request-chain";
import { json } from "@/lib/api";
import { AppError } from "@/lib/errors";

export const dynamic = "force-dynamic";

export const GET = apiRoute<{ id: string }>(async (_request, ctx, params) => {
  const id = z.string().uuid().safeParse(params.id);
  const customer = id.success ? await getCustomerForApi(ctx.merchant.id, id.data) : null;
  if (!customer) throw new AppError("NOT_FOUND", "No customer with that id.");
  return json(customer);
});
