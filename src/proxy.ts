import { withAuth } from "next-auth/middleware";
import { NextResponse, type NextRequest } from "next/server";

// A cheap gate only: no session → /sign-in. Membership and roles are checked on the server by
// every page, action and route (features/tenancy), never here.

/**
 * A browser opening a page (or the App Router fetching one, or a server action) is sent to
 * sign-in. Anything else is a script's fetch — the counter's sync above all — and a redirect
 * would hand it a 200 sign-in page it could mistake for success, so it gets a 401 it can read.
 */
export function isPageRequest(headers: Headers): boolean {
  if (headers.has("rsc") || headers.has("next-action") || headers.has("next-router-prefetch")) return true;
  const mode = headers.get("sec-fetch-mode");
  if (mode) return mode === "navigate";
  return (headers.get("accept") ?? "").includes("text/html");
}

const signedOut = () =>
  NextResponse.json(
    // The chain's one problem+json dialect (lib/api.ts problemResponse), with its machine code.
    {
      type: "about:blank",
      status: 401,
      title: "Unauthorized",
      detail: "Your session has ended. Sign in again; nothing queued on this device is lost.",
      code: "UNAUTHORIZED",
    },
    { status: 401, headers: { "content-type": "application/problem+json", "cache-control": "no-store" } },
  );

export default withAuth((req: NextRequest & { nextauth: { token: unknown } }) => (req.nextauth.token ? NextResponse.next() : signedOut()), {
  pages: { signIn: "/sign-in" },
  // Only page requests without a session are redirected; the rest reach the function above.
  callbacks: { authorized: ({ req, token }) => !!token || !isPageRequest(req.headers) },
});

export const config = { matcher: ["/m/:path*", "/p/:path*", "/admin/:path*", "/start"] };
