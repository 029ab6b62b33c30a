// Where to send someone after sign-in. One rule for the sign-in page, the email link and
// next-auth's redirect callback, so none of them can be talked into leaving the site.
//
// Browsers read "/\evil", "/\t/evil" (tabs and newlines are dropped) and "//evil" as another host,
// so checking the text is not enough: parse it the way a browser will, keep it only when it
// lands on this app's own origin, and hand back the parsed path — what was checked is exactly
// what the browser follows.

export const DEFAULT_AFTER_SIGN_IN = "/start";

/** A same-origin path ("/m/x?y#z") for `raw`, or `fallback` when raw could lead anywhere else. */
export function safeRedirectPath(raw: unknown, appOrigin: string, fallback: string = DEFAULT_AFTER_SIGN_IN): string {
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (typeof value !== "string" || value.length === 0 || value.length > 2048) return fallback;
  let origin: string;
  let url: URL;
  try {
    origin = new URL(appOrigin).origin;
    url = new URL(value, origin);
  } catch {
    return fallback;
  }
  if (url.origin !== origin) return fallback;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // A path like "/a/..//evil" normalises to "//evil", which a browser reads as a host.
  if (!path.startsWith("/") || path.startsWith("//") || path.startsWith("/\\")) return fallback;
  return path;
}
