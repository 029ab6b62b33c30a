// POST /m/{merchant}/customers/count — the filter builder's live count and summary
import { z } from "zod";
import { countCustomers } from "@/features/filters/queries";
import { filterErrors, ZFilter, type TCustomerCount } from "@/features/filters/schemas";
import { describeFilter } from "@/features/filters/summary";
import { json, readJsonBody } from "@/lib/api";
import { merchantRoute } from "@/features/tenancy/request-chain";
import { AppError } from "@/lib/errors";

export const dynamic = "force-dynamic";

export const POST = merchantRoute("customers.view", async (request, ctx) => {
  const body = (await readJsonBody(request)) as { filter?: unknown } | null;
  const parsed = ZFilter.safeParse(body?.filter);
  if (!parsed.success) throw new AppError("BAD_REQUEST", "This filter needs a fix.", { errors: filterErrors(parsed.error as z.ZodError) });
  const answer: TCustomerCount = { count: await countCustomers(ctx.merchant, parsed.data), summary: describeFilter(parsed.data, ctx.merchant) };
  return json(answer);
});
