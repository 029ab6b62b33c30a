// GET /api/v1/filters/schema — the Smart Filter language as JSON Schema (no auth)
import { z } from "zod";
import { FILTER_LIMITS, ZFilterGrammar } from "@/features/filters/schemas";

export const dynamic = "force-static";

export function GET() {
  return Response.json({
    ...z.toJSONSchema(ZFilterGrammar, { unrepresentable: "any", target: "draft-2020-12" }),
    title: "Regulars Smart Filter v1",
    description: `See docs/filters.md. ${FILTER_LIMITS}`,
  });
}
