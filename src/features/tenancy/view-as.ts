import "server-only";
import { cookies } from "next/headers";
import type { TSessionUser } from "@/lib/auth";
import { recordAudit } from "@/lib/audit";
import { db } from "@/lib/db";
import { env, sessionSecret } from "@/lib/env";
import { withTenant } from "@/lib/tenant";
import { signPayload, verifySignedPayload } from "@/lib/tokens";

// "View as this merchant" (issue 15): a publisher admin on the phone with one of their merchants
// sees that merchant's app as a manager would, read only, for 30 minutes.
//
// The grant is a cookie the server signed (HMAC with a key derived from the session secret) naming
// the user, the merchant, the publisher it was opened from and when it ends; it is sent only to
// that merchant's paths. It grants nothing by itself: on every request resolveMerchantContext
// (queries.ts) reaches here only for a signed-in user who is NOT a member of the merchant, and the
// view holds only while all of these are true at that moment —
//   the signature checks out, and the cookie names this user and this merchant (a copied or forged
//   cookie, another merchant's slug in the URL: refused);
//   it has not expired (the end is inside the signed part: it cannot be stretched);
//   the merchant still belongs to the publisher the view was opened from (moved to another
//   publisher, or to none: the view ends), and the user is still that publisher's admin (or a
//   platform admin).
// The context it yields is sessionKind "view" with the manager's pages: the chain refuses every
// server action and every non-GET route to it, and bulk exports (request-chain.ts, permissions.ts).
// Starting is audited (who, which merchant, from which publisher, until when); so is ending.

export const VIEW_AS_COOKIE = "regulars_view_as";
export const VIEW_AS_MINUTES = 30;

type TViewAsClaims = { k: "view-as"; u: string; m: string; p: string; exp: number };
export type TViewAs = { publisherId: string; publisherName: string; expiresAt: Date };

// Its own key, so no other signed payload of the app (preference links) can pass for a grant.
const viewAsKey = () => `view-as:${sessionSecret() ?? env().NEXTAUTH_SECRET}`;
const cookiePath = (merchantSlug: string) => `/m/${merchantSlug}`;

export function signViewAs(claims: Omit<TViewAsClaims, "k">): string {
  return signPayload({ k: "view-as", ...claims } satisfies TViewAsClaims, viewAsKey());
}

/** The grant's claims when the signature checks out, it names this user and merchant, and it has not expired. */
export function readViewAs(token: string | undefined, userId: string, merchantId: string, now = Date.now()): TViewAsClaims | null {
  if (!token || token.length > 1000) return null;
  const c = verifySignedPayload<TViewAsClaims>(token, viewAsKey());
  if (c?.k !== "view-as" || c.u !== userId || c.m !== merchantId || typeof c.exp !== "number" || c.exp <= now) return null;
  return c;
}

async function cookieValue(): Promise<string | undefined> {
  try {
    return (await cookies()).get(VIEW_AS_COOKIE)?.value;
  } catch {
    return undefined; // outside a request (the worker, a script): no browser, no view
  }
}

/**
 * The read-only view this request holds of `merchant`, or null. Called only for a user with no
 * membership in the merchant; re-checks the publisher every time (see the top of this file).
 */
export async function resolveViewAs(user: TSessionUser, merchant: { id: string; publisherId: string | null }): Promise<TViewAs | null> {
  if (user.counterMerchantId || !merchant.publisherId) return null;
  const claims = readViewAs(await cookieValue(), user.id, merchant.id);
  if (!claims || claims.p !== merchant.publisherId) return null;
  const [publisher, pm] = await Promise.all([
    db.publisher.findUnique({ where: { id: claims.p }, select: { name: true } }),
    db.publisherMembership.findUnique({ where: { publisherId_userId: { publisherId: claims.p, userId: user.id } }, select: { role: true } }),
  ]);
  if (!publisher || !(pm?.role === "admin" || user.isPlatformAdmin)) return null;
  return { publisherId: claims.p, publisherName: publisher.name, expiresAt: new Date(claims.exp) };
}

/** Opens the view (the caller checked the merchant is its publisher's), audited; returns where to go. */
export async function startViewAs(actor: { userId: string; publisherId: string }, merchant: { id: string; slug: string; name: string }) {
  const expiresAt = new Date(Date.now() + VIEW_AS_MINUTES * 60_000);
  await recordAudit({
    merchantId: merchant.id,
    publisherId: actor.publisherId,
    actorUserId: actor.userId,
    action: "merchant.view_as.started",
    entityType: "Merchant",
    entityId: merchant.id,
    data: { expiresAt: expiresAt.toISOString(), merchant: merchant.name },
  });
  (await cookies()).set(VIEW_AS_COOKIE, signViewAs({ u: actor.userId, m: merchant.id, p: actor.publisherId, exp: expiresAt.getTime() }), {
    httpOnly: true,
    sameSite: "lax",
    secure: env().NODE_ENV === "production" && !env().APP_URL.startsWith("http://"),
    path: cookiePath(merchant.slug),
    maxAge: VIEW_AS_MINUTES * 60,
  });
  return { path: `/m/${merchant.slug}`, expiresAt };
}

/**
 * Ends the view of the merchant whose path this is (the button on the banner), audited when there
 * was one; returns where to go: the merchant's page in the publisher console.
 */
export async function endViewAs(user: TSessionUser, merchantSlug: string): Promise<{ path: string }> {
  if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(merchantSlug) || merchantSlug.length > 200) return { path: "/" };
  const jar = await cookies();
  const token = jar.get(VIEW_AS_COOKIE)?.value;
  jar.delete({ name: VIEW_AS_COOKIE, path: cookiePath(merchantSlug) });
  const merchant = await db.merchant.findUnique({ where: { slug: merchantSlug }, select: { id: true } });
  const claims = merchant ? readViewAs(token, user.id, merchant.id, 0) : null;
  if (!merchant || !claims) return { path: "/" };
  const publisher = await db.publisher.findUnique({ where: { id: claims.p }, select: { slug: true } });
  // The merchant's own audit log, in its scope: the viewer is no member, so no chain opened one.
  await withTenant(merchant.id, () =>
    recordAudit({
      merchantId: merchant.id,
      publisherId: claims.p,
      actorUserId: user.id,
      action: "merchant.view_as.ended",
      entityType: "Merchant",
      entityId: merchant.id,
    }),
  );
  return { path: publisher ? `/p/${publisher.slug}/merchants/${merchantSlug}` : "/" };
}
