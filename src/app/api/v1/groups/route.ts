// POST /api/v1/groups — create a dynamic (filter) or static (customer ids) group
import { createGroup, ZCreateGroup } from "@/features/groups/service";
import { apiRoute } from "@/features/tenancy/request-chain";
import { GROUP_BODY_LIMIT, json, parseBody } from "@/lib/api";

export const dynamic = "force-dynamic";

export const POST = apiRoute(async (request, ctx) => {
  const parsed = await parseBody(request, ZCreateGroup, { maxBytes: GROUP_BODY_LIMIT });
  return json(await createGroup(ctx.merchant, parsed.data, { apiKeyId: ctx.apiKeyId }), 201);
});
