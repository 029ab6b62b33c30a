import "server-only";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { createMerchant } from "@/features/tenancy/admin-commands";
import { inviteMember } from "@/features/accounts/invitations";
import { syncPublisherQuantity } from "@/features/billing/publisher";
import type { TPublisherContext } from "@/features/tenancy/queries";
import { slugify, ZOnboardMerchant, type TOnboardMerchant } from "./schemas";

/** A free slug for a new merchant named `name`: its slugify, else with -2, -3 … appended. */
export async function suggestMerchantSlug(name: string): Promise<string> {
  const base = slugify(name) || "merchant";
  const taken = new Set((await db.merchant.findMany({ where: { slug: { startsWith: base } }, select: { slug: true }, take: 1000 })).map((m) => m.slug));
  if (!taken.has(base) && base.length >= 2) return base;
  for (let i = 2; i < 1000; i++) {
    const candidate = `${base.slice(0, 55)}-${i}`;
    if (!taken.has(candidate)) return candidate;
  }
  return `${base.slice(0, 50)}-${Date.now().toString(36)}`;
}

/**
 * Onboards a merchant for the publisher: the merchant with its zone, currency, address and
 * branding, then an invitation for its owner (emailed through the mail layer). When the publisher
 * pays for its merchants, its subscription's quantity follows (prorated by Stripe).
 */
export async function onboardMerchant(ctx: Pick<TPublisherContext, "user" | "publisher">, input: TOnboardMerchant) {
  const { ownerEmail, ...fields } = ZOnboardMerchant.parse(input);
  if (await db.merchant.findUnique({ where: { slug: fields.slug }, select: { id: true } })) {
    const suggestion = await suggestMerchantSlug(fields.slug);
    throw new AppError("CONFLICT", `The address /m/${fields.slug} is taken.`, { fieldErrors: { slug: `Taken — try ${suggestion}.` } });
  }
  const merchant = await createMerchant({ ...fields, publisherSlug: ctx.publisher.slug }, ctx.user.id);
  const invitation = await inviteMember(merchant.id, { email: ownerEmail, role: "owner" }, { userId: ctx.user.id, publisherId: ctx.publisher.id });
  await syncPublisherQuantity(ctx.publisher.id);
  return { merchant: { id: merchant.id, slug: merchant.slug, name: merchant.name }, invitationId: invitation.id };
}
