// GET /api/health — liveness and database reachability (no auth)
import { db } from "@/lib/db";
import { log } from "@/lib/logger";

export const dynamic = "force-dynamic";

export async function GET() {
  try {
    await db.$queryRaw`SELECT 1`;
    return Response.json({ status: "ok", db: "ok" });
  } catch (err) {
    log.error("health check: database unreachable", { err });
    return Response.json({ status: "error", db: "unreachable" }, { status: 503 });
  }
}
