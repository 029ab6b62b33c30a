// POST /u/[token]/unsubscribe — RFC 8058 one-click unsubscribe from a mail client (no session, no CSRF token)
// GET  /u/[token]/unsubscribe — a person following the link: show the confirm button (link scanners must not unsubscribe)
import { readPreferenceToken, unsubscribeByToken } from "@/features/delivery/preferences";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/logger";

export const dynamic = "force-dynamic";

type TParams = { params: Promise<{ token: string }> };

export async function POST(_request: Request, { params }: TParams) {
  const { token } = await params;
  try {
    await unsubscribeByToken(token, "one_click");
  } catch (err) {
    if (err instanceof AppError && err.code === "NOT_FOUND")
      return new Response("This unsubscribe link is not valid.\n", { status: 404, headers: { "content-type": "text/plain; charset=utf-8" } });
    log.error("one-click unsubscribe failed", { err });
    return new Response("Something went wrong; please try again.\n", { status: 500, headers: { "content-type": "text/plain; charset=utf-8" } });
  }
  return new Response("You are unsubscribed.\n", { status: 200, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });
}

export async function GET(request: Request, { params }: TParams) {
  const { token } = await params;
  // A bad token still lands on the page, which answers 404.
  const valid = readPreferenceToken(token);
  // An invalid token goes to the page's 404 as is; only a valid one (URL-safe) is echoed back.
  const target = new URL(valid ? `/u/${encodeURIComponent(token)}?unsubscribe=1` : "/u/invalid", request.url);
  return new Response(null, { status: 303, headers: { location: target.pathname + target.search, "cache-control": "no-store" } });
}
