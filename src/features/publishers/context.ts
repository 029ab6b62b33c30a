import "server-only";
import { notFound, redirect } from "next/navigation";
import type { z } from "zod";
import { getCurrentUser, type TSessionUser } from "@/lib/auth";
import { chain, defineAction, defineRoute, withUser, type TRouteSeed } from "@/lib/chain";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { hasControlCharacters } from "@/lib/text";

// The publisher console's tenant step. A publisher is reached only through a membership of the
// signed-in user (or a platform admin); everyone else — a merchant's owner, another publisher's
// admin, a counter PIN session — gets the same 404 as a publisher that does not exist. A merchant
// is reached through its publisher: another publisher's merchant is a 404 too.

export type TPublisherContext = {
  user: TSessionUser;
  publisher: { id: string; slug: string; name: string };
  /** "admin" changes things; "member" only reads. A platform admin counts as an admin. */
  role: "admin" | "member";
};

export async function resolvePublisherContext(user: TSessionUser, publisherSlug: string): Promise<TPublisherContext | null> {
  if (user.counterMerchantId) return null;
  if (publisherSlug.length > 200 || hasControlCharacters(publisherSlug)) return null;
  const publisher = await db.publisher.findUnique({ where: { slug: publisherSlug }, select: { id: true, slug: true, name: true } });
  if (!publisher) return null;
  const pm = await db.publisherMembership.findUnique({ where: { publisherId_userId: { publisherId: publisher.id, userId: user.id } }, select: { role: true } });
  if (pm) return { user, publisher, role: pm.role };
  if (user.isPlatformAdmin) return { user, publisher, role: "admin" };
  return null;
}

/** For publisher pages: signed in or sent to sign-in; a member of the publisher or a 404. */
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

/** Step: the publisher from its slug; an admin, unless `read` (404 for anyone else, like a missing publisher). */
export const withPublisher =
  (opts: { read?: boolean } = {}) =>
  async (ctx: { user: TSessionUser }, publisherSlug: string): Promise<Omit<TPublisherContext, "user">> => {
    const resolved = await resolvePublisherContext(ctx.user, publisherSlug);
    if (!resolved || (!opts.read && resolved.role !== "admin")) throw new AppError("NOT_FOUND", "That publisher was not found.");
    return { publisher: resolved.publisher, role: resolved.role };
  };

/** A server action of the publisher console, called as `(publisherSlug, input)`; admins only. */
export function publisherAction<S extends z.ZodType, R>(opts: { schema: S; name: string }, handler: (input: z.infer<S>, ctx: TPublisherContext) => Promise<R>) {
  const steps = chain<string>().use(withUser).use(withPublisher());
  return defineAction(steps, { ...opts, context: (publisherSlug) => ({ publisherSlug }) }, (input, ctx) => handler(input, ctx));
}

/** A route under /p/[publisher] (CSV exports); any member of the publisher may read. */
export function publisherRoute<P extends { publisher: string }>(handler: (request: Request, ctx: TPublisherContext, params: P) => Promise<Response>) {
  const steps = chain<TRouteSeed<P>>()
    .use(withUser)
    .use((ctx, { params }) => withPublisher({ read: true })(ctx, params.publisher));
  return defineRoute(steps, handler);
}
