import "server-only";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { hashPassword } from "@/lib/password";
import { assertWithinLimit, newMerchantSubscription } from "@/features/plans/state";
import { withPlatform } from "@/lib/tenant";
import { createApiKey } from "./api-keys";
import { recordAudit } from "@/lib/audit";
import { ZCreateApiKey, ZCreateMerchant, ZCreateUser, ZUpdateMerchant, type TCreateMerchant, type TCreateUser, type TUpdateMerchant } from "./schemas";

// Operations behind the CLI (and the publisher/admin consoles): validated, audited, idempotent
// where it matters (creating a user that exists updates their memberships instead of failing).
// Each is a named platform path (row-level security; docs/operations.md): an operator's command acts
// on a merchant from outside it — creating it, or granting a membership in it.

export function createMerchant(input: TCreateMerchant, actorUserId: string | null = null) {
  return withPlatform("operator command: create a merchant", () => createMerchantAsOperator(input, actorUserId));
}

async function createMerchantAsOperator(input: TCreateMerchant, actorUserId: string | null) {
  const data = ZCreateMerchant.parse(input);
  const publisher = data.publisherSlug ? await db.publisher.findUnique({ where: { slug: data.publisherSlug }, select: { id: true } }) : null;
  if (data.publisherSlug && !publisher) throw new AppError("NOT_FOUND", `No publisher with slug “${data.publisherSlug}”.`);
  if (await db.merchant.findUnique({ where: { slug: data.slug }, select: { id: true } })) {
    throw new AppError("CONFLICT", `A merchant with slug “${data.slug}” already exists.`, { fieldErrors: { slug: "This slug is taken." } });
  }
  const { publisherSlug: _p, ...fields } = data;
  const merchant = await db.merchant.create({
    data: { ...fields, publisherId: publisher?.id ?? null, subscription: { create: newMerchantSubscription() } },
    select: { ...MERCHANT_SETTINGS, publisherId: true },
  });
  await recordAudit({
    merchantId: merchant.id,
    publisherId: publisher?.id,
    actorUserId: actorUserId,
    action: "merchant.created",
    entityType: "Merchant",
    entityId: merchant.id,
  });
  return merchant;
}

/** What a merchant's settings answer shows (GET/PATCH /api/v1/merchant, the CLI's --json). */
export const MERCHANT_SETTINGS = {
  id: true,
  slug: true,
  name: true,
  timeZone: true,
  currency: true,
  category: true,
  addressLine1: true,
  addressLine2: true,
  city: true,
  region: true,
  postalCode: true,
  country: true,
  brandColor: true,
  logoUrl: true,
  promotionFrequencyCapDays: true,
} as const;

/**
 * Changes the given settings of a merchant (the rest stay); audited with what changed. Runs in its
 * caller's scope: the API's and the settings page's merchant, or the operator's platform path below.
 */
export async function updateMerchant(merchantId: string, input: TUpdateMerchant, actor: { userId?: string | null; apiKeyId?: string | null } = {}) {
  const data = ZUpdateMerchant.parse(input);
  return db.$transaction(async (tx) => {
    const merchant = await tx.merchant.update({ where: { id: merchantId }, data, select: MERCHANT_SETTINGS });
    await recordAudit(
      {
        merchantId,
        actorUserId: actor.userId ?? null,
        actorApiKeyId: actor.apiKeyId ?? null,
        action: "merchant.updated",
        entityType: "Merchant",
        entityId: merchantId,
        data: { changed: Object.keys(data) },
      },
      tx,
    );
    return merchant;
  });
}

/** The CLI's merchant:update: the merchant by slug. */
export function updateMerchantBySlug(slug: string, input: TUpdateMerchant) {
  return withPlatform("operator command: update a merchant", async () => {
    const merchant = await db.merchant.findUnique({ where: { slug }, select: { id: true } });
    if (!merchant) throw new AppError("NOT_FOUND", `No merchant with slug “${slug}”.`);
    return updateMerchant(merchant.id, input);
  });
}

export function createUser(input: TCreateUser) {
  return withPlatform("operator command: create a user", () => createUserAsOperator(input));
}

async function createUserAsOperator(input: TCreateUser) {
  const data = ZCreateUser.parse(input);
  const merchant = data.merchantSlug ? await db.merchant.findUnique({ where: { slug: data.merchantSlug }, select: { id: true, slug: true } }) : null;
  if (data.merchantSlug && !merchant) throw new AppError("NOT_FOUND", `No merchant with slug “${data.merchantSlug}”.`);
  const publisher = data.publisherSlug ? await db.publisher.findUnique({ where: { slug: data.publisherSlug }, select: { id: true } }) : null;
  if (data.publisherSlug && !publisher) throw new AppError("NOT_FOUND", `No publisher with slug “${data.publisherSlug}”.`);
  const passwordHash = data.password ? await hashPassword(data.password) : undefined;

  return db.$transaction(async (tx) => {
    const user = await tx.user.upsert({
      where: { email: data.email },
      create: { email: data.email, name: data.name, passwordHash, isPlatformAdmin: data.platformAdmin },
      update: {
        ...(data.name ? { name: data.name } : {}),
        ...(passwordHash ? { passwordHash } : {}),
        ...(data.platformAdmin ? { isPlatformAdmin: true } : {}),
      },
      select: { id: true, email: true, name: true, isPlatformAdmin: true },
    });
    if (merchant) {
      const role = data.role ?? "staff";
      // A new member takes a seat of the merchant's plan; changing an existing member's role does not.
      const existing = await tx.membership.findUnique({ where: { merchantId_userId: { merchantId: merchant.id, userId: user.id } }, select: { role: true } });
      if (!existing) await assertWithinLimit(merchant, "staffSeats", { tx });
      await tx.membership.upsert({
        where: { merchantId_userId: { merchantId: merchant.id, userId: user.id } },
        create: { merchantId: merchant.id, userId: user.id, role },
        update: { role },
      });
      await recordAudit({ merchantId: merchant.id, action: "membership.granted", entityType: "User", entityId: user.id, data: { role } }, tx);
    }
    if (publisher) {
      await tx.publisherMembership.upsert({
        where: { publisherId_userId: { publisherId: publisher.id, userId: user.id } },
        create: { publisherId: publisher.id, userId: user.id },
        update: {},
      });
      await recordAudit({ publisherId: publisher.id, action: "publisher_membership.granted", entityType: "User", entityId: user.id }, tx);
    }
    return user;
  });
}

export function createApiKeyForMerchant(input: { merchantSlug: string; name: string }, createdById: string | null = null) {
  return withPlatform("operator command: create an API key", () => createApiKeyForMerchantAsOperator(input, createdById));
}

async function createApiKeyForMerchantAsOperator(input: { merchantSlug: string; name: string }, createdById: string | null = null) {
  const data = ZCreateApiKey.parse(input);
  const merchant = await db.merchant.findUnique({ where: { slug: data.merchantSlug }, select: { id: true } });
  if (!merchant) throw new AppError("NOT_FOUND", `No merchant with slug “${data.merchantSlug}”.`);
  const key = await createApiKey(merchant.id, data.name, createdById);
  await recordAudit({
    merchantId: merchant.id,
    actorUserId: createdById,
    action: "api_key.created",
    entityType: "ApiKey",
    entityId: key.id,
    data: { name: key.name, prefix: key.prefix },
  });
  return key;
}
