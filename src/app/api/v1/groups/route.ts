// POST /api/v1/groups — create a dynamic (filter) or static (customer ids) group
import { createGroup, ZCreateGroup } from "@/features/groups/service";
import { apiHandler, GROUP_BODY_LIMIT, json, parseBody } from "@/lib/api";

export const dynamic = "force-dynamic";

export const POST = apiHandler(async (request, ctx) => {
  const parsed = await parseBody(request, ZCreateGroup, { maxBytes: GROUP_BODY_LIMIT });
  if (parsed instanceof Response) return parsed;
  return json(await createGroup(ctx.merchant, parsed.data, { apiKeyId: ctx.apiKeyId }), 201);
});
