// GET /api/health — liveness and database reachability (no auth)
import { json } from "@/lib/api";
import { db } from "@/lib/db";
import { log } from "@/lib/logger";

export const dynamic = "force-dynamic";

export async function GET() {
  try {
    await db.$queryRaw`SELECT 1`;
    return json({ status: "ok", db: "ok" });
  } catch (err) {
    log.error("health check: database unreachable", { err });
    return json({ status: "error", db: "unreachable" }, 503);
  }
}
