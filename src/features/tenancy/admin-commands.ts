import "server-only";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { hashPassword } from "@/lib/password";
import { withPlatform } from "@/lib/tenant";
import { createApiKey } from "./api-keys";
import { recordAudit } from "@/lib/audit";
import { ZCreateApiKey, ZCreateMerchant, ZCreateUser, type TCreateMerchant, type TCreateUser } from "./schemas";

// Operations behind the CLI (and the publisher/admin consoles): validated, audited, idempotent
// where it matters (creating a user that exists updates their memberships instead of failing).
// Each is a named platform path (row-level security; docs/operations.md): an operator's command acts
// on a merchant from outside it — creating it, or granting a membership in it.

export function createMerchant(input: TCreateMerchant) {
  return withPlatform("operator command: create a merchant", () => createMerchantAsOperator(input));
}

async function createMerchantAsOperator(input: TCreateMerchant) {
  const data = ZCreateMerchant.parse(input);
  const publisher = data.publisherSlug ? await db.publisher.findUnique({ where: { slug: data.publisherSlug }, select: { id: true } }) : null;
  if (data.publisherSlug && !publisher) throw new AppError("NOT_FOUND", `No publisher with slug “${data.publisherSlug}”.`);
  if (await db.merchant.findUnique({ where: { slug: data.slug }, select: { id: true } })) {
    throw new AppError("CONFLICT", `A merchant with slug “${data.slug}” already exists.`, { fieldErrors: { slug: "This slug is taken." } });
  }
  const { publisherSlug: _p, ...fields } = data;
  const merchant = await db.merchant.create({
    data: { ...fields, publisherId: publisher?.id ?? null, subscription: { create: {} } },
    select: { id: true, slug: true, name: true, timeZone: true, currency: true },
  });
  await recordAudit({ merchantId: merchant.id, publisherId: publisher?.id, action: "merchant.created", entityType: "Merchant", entityId: merchant.id });
  return merchant;
}

export function createUser(input: TCreateUser) {
  return withPlatform("operator command: create a user", () => createUserAsOperator(input));
}

async function createUserAsOperator(input: TCreateUser) {
  const data = ZCreateUser.parse(input);
  const merchant = data.merchantSlug ? await db.merchant.findUnique({ where: { slug: data.merchantSlug }, select: { id: true } }) : null;
  if (data.merchantSlug && !merchant) throw new AppError("NOT_FOUND", `No merchant with slug “${data.merchantSlug}”.`);
  const publisher = data.publisherSlug ? await db.publisher.findUnique({ where: { slug: data.publisherSlug }, select: { id: true } }) : null;
  if (data.publisherSlug && !publisher) throw new AppError("NOT_FOUND", `No publisher with slug “${data.publisherSlug}”.`);
  const passwordHash = data.password ? await hashPassword(data.password) : undefined;

  return db.$transaction(async (tx) => {
    const user = await tx.user.upsert({
      where: { email: data.email },
      create: { email: data.email, name: data.name, passwordHash, isPlatformAdmin: data.platformAdmin },
      update: { ...(data.name ? { name: data.name } : {}), ...(passwordHash ? { passwordHash } : {}), ...(data.platformAdmin ? { isPlatformAdmin: true } : {}) },
      select: { id: true, email: true, name: true, isPlatformAdmin: true },
    });
    if (merchant) {
      const role = data.role ?? "staff";
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
  await recordAudit({ merchantId: merchant.id, actorUserId: createdById, action: "api_key.created", entityType: "ApiKey", entityId: key.id, data: { name: key.name, prefix: key.prefix } });
  return key;
}
