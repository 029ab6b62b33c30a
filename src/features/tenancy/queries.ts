import "server-only";
import { forbidden, notFound, redirect } from "next/navigation";
import { cache } from "react";
import { getCurrentUser, type TSessionUser } from "@/lib/auth";
import { db } from "@/lib/db";
import { allows, type TPermission, type TRole, type TSessionKind } from "@/lib/permissions";
import { AppError } from "@/lib/errors";
import { hasControlCharacters } from "@/lib/text";
import { enterRequestScope, withPlatform, withTenant } from "@/lib/tenant";
import { resolveViewAs, type TViewAs } from "./view-as";

export type TMerchantContext = {
  user: TSessionUser;
  merchant: {
    id: string;
    slug: string;
    name: string;
    timeZone: string;
    currency: string;
    category: string;
    publisherId: string | null;
    promotionFrequencyCapDays: number;
    suspendedAt: Date | null;
    suspendedReason: string | null;
  };
  role: TRole;
  /** "counter" for a PIN session on a paired tablet, "view" for a publisher admin's read-only view: lib/permissions.ts says what each may use. */
  sessionKind: TSessionKind;
  /** Set for a read-only "view as" (view-as.ts): whose view it is, and when it ends. */
  viewAs?: TViewAs;
};

const merchantSelect = {
  id: true,
  slug: true,
  name: true,
  timeZone: true,
  currency: true,
  category: true,
  publisherId: true,
  promotionFrequencyCapDays: true,
  suspendedAt: true,
  suspendedReason: true,
} as const;

/**
 * The membership behind every merchant page, action and route: the merchant comes from the URL
 * slug and the user's own membership, never from the client. A non-member gets a 404 — the same
 * answer as for a merchant that does not exist, so existence is never confirmed.
 * A publisher admin may manage the merchants of their publisher as a manager (the console's
 * voucher import uses it) — unless they opened a read-only "view as" of it (view-as.ts), which
 * then holds for that merchant's pages (resolveMerchantContext below).
 */
export const resolveMerchantMembership = cache(
  async (userId: string, merchantSlug: string): Promise<{ merchant: TMerchantContext["merchant"]; role: TRole; viaPublisher?: true } | null> => {
    // A slug from the URL that no merchant can have (a NUL byte would be a database error) names nobody.
    if (merchantSlug.length > 200 || hasControlCharacters(merchantSlug)) return null;
    const merchant = await merchantBySlug(merchantSlug);
    if (!merchant) return null;
    const membership = await withTenant(merchant.id, () =>
      db.membership.findUnique({ where: { merchantId_userId: { merchantId: merchant.id, userId } }, select: { role: true } }),
    );
    if (membership) return { merchant, role: membership.role };
    if (merchant.publisherId) {
      const pm = await db.publisherMembership.findUnique({
        where: { publisherId_userId: { publisherId: merchant.publisherId, userId } },
        select: { role: true },
      });
      if (pm?.role === "admin") return { merchant, role: "manager", viaPublisher: true };
    }
    return null;
  },
);

const merchantBySlug = cache(async (merchantSlug: string) => {
  if (merchantSlug.length > 200 || hasControlCharacters(merchantSlug)) return null;
  return db.merchant.findUnique({ where: { slug: merchantSlug }, select: merchantSelect });
});

/**
 * The one context resolution behind pages, actions and route handlers: the membership from the
 * slug, and the kind of session. A PIN session reaches only the merchant whose tablet opened it;
 * anywhere else it gets the same null as a non-member.
 */
export async function resolveMerchantContext(user: TSessionUser, merchantSlug: string): Promise<TMerchantContext | null> {
  const resolved = await resolveMerchantMembership(user.id, merchantSlug);
  // Not a member: only a view (view-as.ts) lets them in; a publisher admin's own view of the
  // merchant, when they opened one, holds over their manager access: read only until it ends.
  if (!resolved || resolved.viaPublisher) {
    const view = await resolveViewContext(user, merchantSlug);
    if (view || !resolved) return view;
  }
  if (user.counterMerchantId && user.counterMerchantId !== resolved.merchant.id) return null;
  // The one place a signed-in request gets its merchant, so the one place its tenant opens: for a
  // page, the rest of the request (actions, routes and the API wrap their handler in withTenant too).
  enterRequestScope({ kind: "merchant", merchantId: resolved.merchant.id });
  return { user, merchant: resolved.merchant, role: resolved.role, sessionKind: user.counterMerchantId ? "counter" : "password" };
}

/** No membership: a publisher admin's read-only view of the merchant, if one holds now (view-as.ts), else null. */
async function resolveViewContext(user: TSessionUser, merchantSlug: string): Promise<TMerchantContext | null> {
  if (user.counterMerchantId) return null;
  const merchant = await merchantBySlug(merchantSlug);
  const viewAs = merchant ? await resolveViewAs(user, merchant) : null;
  if (!merchant || !viewAs) return null;
  enterRequestScope({ kind: "merchant", merchantId: merchant.id });
  return { user, merchant, role: "manager", sessionKind: "view", viewAs };
}

/**
 * For merchant pages: signed in or sent to /sign-in; a member or a 404. A PIN session gets the
 * counter page and, anywhere else, a 403 page that offers password sign-in (forbidden.tsx).
 * A suspended merchant's pages send its members to the page that says why (`suspended` is for
 * that page and the layout).
 */
export async function getMerchantContextOrNotFound(merchantSlug: string, opts: { counter?: boolean; suspended?: boolean } = {}): Promise<TMerchantContext> {
  const user = await getCurrentUser();
  if (!user) redirect(`/sign-in?callbackUrl=${encodeURIComponent(`/m/${merchantSlug}${opts.counter ? "/counter" : ""}`)}`);
  const ctx = await resolveMerchantContext(user, merchantSlug);
  if (!ctx) notFound();
  if (ctx.merchant.suspendedAt && !opts.suspended) redirect(`/m/${ctx.merchant.slug}/suspended`);
  if (ctx.sessionKind === "counter" && !opts.counter) forbidden();
  return ctx;
}

/**
 * First line of every back-office page: the page checks the permission itself rather than trust
 * a layout above it (a hand-made RSC request can render a page without its layouts' checks).
 */
export async function requireMerchantPage(merchantSlug: string, permission: TPermission): Promise<TMerchantContext> {
  const ctx = await getMerchantContextOrNotFound(merchantSlug);
  if (!allows(ctx, permission)) notFound();
  return ctx;
}

/** Merchants the user can switch between. */
export const listMerchantsForUser = cache(async (userId: string) => {
  // A user's own memberships span merchants: a named cross-merchant read, by the signed-in user's id.
  const memberships = await withPlatform("memberships of the signed-in user", () =>
    db.membership.findMany({
      where: { userId },
      select: { role: true, merchant: { select: { slug: true, name: true } } },
      orderBy: { merchant: { name: "asc" } },
    }),
  );
  return memberships.map((m) => ({ slug: m.merchant.slug, name: m.merchant.name, role: m.role }));
});

// ── The publisher console ───────────────────────────────────────────────────────────────────────
// A publisher is reached only through a membership of the signed-in user (or a platform admin);
// everyone else — a merchant's owner, another publisher's admin, a counter PIN session — gets the
// same 404 as a publisher that does not exist. Its work runs in the publisher's tenant scope: the
// rows of its own merchants and no other's (docs/operations.md). A merchant is reached through its
// publisher: another publisher's merchant is a 404 too.

export type TPublisherContext = {
  user: TSessionUser;
  publisher: { id: string; slug: string; name: string };
  /** "admin" changes things; "member" only reads. A platform admin counts as an admin. */
  role: "admin" | "member";
};

/** The user's place in the publisher of the slug, or null; opens the publisher's scope for the request. */
export async function resolvePublisherContext(user: TSessionUser, publisherSlug: string): Promise<TPublisherContext | null> {
  if (user.counterMerchantId) return null;
  if (publisherSlug.length > 200 || hasControlCharacters(publisherSlug)) return null;
  const publisher = await db.publisher.findUnique({ where: { slug: publisherSlug }, select: { id: true, slug: true, name: true } });
  if (!publisher) return null;
  const pm = await db.publisherMembership.findUnique({ where: { publisherId_userId: { publisherId: publisher.id, userId: user.id } }, select: { role: true } });
  const role = pm ? pm.role : user.isPlatformAdmin ? "admin" : null;
  if (!role) return null;
  // For a page, the rest of the request (the chain's clients wrap their handler in withPublisher too).
  enterRequestScope({ kind: "publisher", publisherId: publisher.id });
  return { user, publisher, role };
}

/** For publisher pages: signed in or sent to sign-in; a member of the publisher (an admin, with `admin`) or a 404. */
export async function requirePublisherPage(publisherSlug: string, opts: { admin?: boolean } = {}): Promise<TPublisherContext> {
  const user = await getCurrentUser();
  if (!user) redirect(`/sign-in?callbackUrl=${encodeURIComponent(`/p/${publisherSlug}`)}`);
  const ctx = await resolvePublisherContext(user, publisherSlug);
  if (!ctx || (opts.admin && ctx.role !== "admin")) notFound();
  return ctx;
}

/** One of this publisher's merchants by slug, or NOT_FOUND (another publisher's merchant included). */
export async function getPublisherMerchantOrThrow(publisherId: string, merchantSlug: string) {
  if (merchantSlug.length > 200 || hasControlCharacters(merchantSlug)) throw new AppError("NOT_FOUND", "That merchant was not found.");
  const merchant = await db.merchant.findFirst({
    where: { slug: merchantSlug, publisherId },
    select: { id: true, slug: true, name: true, timeZone: true, currency: true, category: true, publisherId: true },
  });
  if (!merchant) throw new AppError("NOT_FOUND", "That merchant was not found.");
  return merchant;
}
export type TPublisherMerchant = Awaited<ReturnType<typeof getPublisherMerchantOrThrow>>;

export async function requirePlatformAdmin(): Promise<TSessionUser> {
  const user = await getCurrentUser();
  if (!user) redirect("/sign-in?callbackUrl=%2Fadmin");
  if (!user.isPlatformAdmin || user.counterMerchantId) notFound();
  enterRequestScope({ kind: "platform", reason: "platform admin" });
  return user;
}

/** Where a user lands after signing in: their most useful home for their role. */
export async function homePathForUser(user: Pick<TSessionUser, "id" | "isPlatformAdmin" | "counterMerchantId">): Promise<string> {
  if (user.counterMerchantId) {
    const m = await db.merchant.findUnique({ where: { id: user.counterMerchantId }, select: { slug: true } });
    if (m) return `/m/${m.slug}/counter`;
  }
  if (user.isPlatformAdmin) return "/admin";
  const memberships = await listMerchantsForUser(user.id);
  const managed = memberships.find((m) => m.role !== "staff");
  if (managed) return `/m/${managed.slug}`;
  const pm = await db.publisherMembership.findFirst({ where: { userId: user.id }, select: { publisher: { select: { slug: true } } } });
  if (pm) return `/p/${pm.publisher.slug}`;
  if (memberships[0]) return `/m/${memberships[0].slug}/counter`;
  return "/welcome";
}
