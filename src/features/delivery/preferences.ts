import "server-only";
import { env, linkSigningSecret } from "@/lib/env";
import { signPayload, verifySignedPayload } from "@/lib/tokens";

// The customer's own links: the preference page (/u/[token]) and the one-click unsubscribe
// (RFC 8058). Signed, so they work without signing in; they name one customer of one merchant
// and nothing else, so a token can never reach another merchant's data.

export type TPreferenceToken = { m: string; c: string };

export function preferenceToken(merchantId: string, customerId: string): string {
  return signPayload({ m: merchantId, c: customerId } satisfies TPreferenceToken, linkSigningSecret());
}

/** The merchant and customer a token names, or null when it was tampered with. */
export function readPreferenceToken(token: string): { merchantId: string; customerId: string } | null {
  const p = verifySignedPayload<TPreferenceToken>(token, linkSigningSecret());
  return p && typeof p.m === "string" && typeof p.c === "string" ? { merchantId: p.m, customerId: p.c } : null;
}

export type TPreferenceLinks = { preferencesUrl: string; unsubscribeUrl: string };

export function preferenceLinks(merchantId: string, customerId: string): TPreferenceLinks {
  const token = encodeURIComponent(preferenceToken(merchantId, customerId));
  const base = env().APP_URL;
  return { preferencesUrl: `${base}/u/${token}`, unsubscribeUrl: `${base}/u/${token}/unsubscribe` };
}

/** RFC 2369 + RFC 8058 headers: mail clients show an unsubscribe button that POSTs to the URL. */
export function listUnsubscribeHeaders(links: TPreferenceLinks): Record<string, string> {
  return { "List-Unsubscribe": `<${links.unsubscribeUrl}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" };
}
