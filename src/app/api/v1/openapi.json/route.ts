// GET /api/v1/openapi.json — the REST API's OpenAPI 3.1 document (no auth)
import { openApiDocument } from "@/features/api/openapi";

export const dynamic = "force-dynamic";

export function GET(request: Request) {
  return Response.json(openApiDocument(new URL(request.url).origin));
}
