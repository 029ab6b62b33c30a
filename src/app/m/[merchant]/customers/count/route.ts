// POST /m/{merchant}/customers/count — the filter builder's live count and summary
import { z } from "zod";
import { countCustomers } from "@/features/filters/queries";
import { filterErrors, ZFilter } from "@/features/filters/schemas";
import { describeFilter } from "@/features/filters/summary";
import { json, problem, readJsonBody } from "@/lib/api";
import { merchantRoute } from "@/lib/merchant-route";

export const dynamic = "force-dynamic";

export const POST = merchantRoute("customers.view", async (request, ctx) => {
  const body = (await readJsonBody(request)) as { filter?: unknown } | null;
  const parsed = ZFilter.safeParse(body?.filter);
  if (!parsed.success) return problem(400, "Bad Request", "This filter needs a fix.", { errors: filterErrors(parsed.error as z.ZodError) });
  return json({ count: await countCustomers(ctx.merchant, parsed.data), summary: describeFilter(parsed.data, ctx.merchant) });
});
