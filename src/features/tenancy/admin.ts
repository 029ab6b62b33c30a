import "server-only";
import type { z } from "zod";
import type { Prisma } from "@/generated/prisma/client";
import { recordAudit } from "@/lib/audit";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { QUEUES, queue } from "@/lib/queue";
import type { ZAdminSearch, ZAssignMerchant, ZCreatePublisher, ZRenamePublisher, ZSetUserDisabled, ZSuspendMerchant, ZUnsuspendMerchant } from "./schemas";

// The platform admin's work (/admin): publishers, merchants and people across the installation.
// Every function here runs in the platform scope its caller opened (requirePlatformAdmin for the
// pages, platformAction for the changes) and every change writes its audit entry in the same
// transaction. A change that is already so (suspending a suspended merchant for the same reason,
// disabling a disabled user) changes nothing and records nothing, so a retried click does not double.

type TActor = { userId: string };
export const ADMIN_PAGE_SIZE = 50;

/** Platform-wide counts for the admin overview (platform admins only; the page checks). */
export async function getPlatformOverview() {
  const [publishers, merchantCount, suspendedCount, userCount, disabledCount, customerCount] = await Promise.all([
    db.publisher.findMany({ select: { id: true, slug: true, name: true, _count: { select: { merchants: true } } }, orderBy: { name: "asc" } }),
    db.merchant.count(),
    db.merchant.count({ where: { suspendedAt: { not: null } } }),
    db.user.count(),
    db.user.count({ where: { disabledAt: { not: null } } }),
    db.customer.count(),
  ]);
  return { publishers, merchantCount, suspendedCount, userCount, disabledCount, customerCount };
}

// ── Publishers ──────────────────────────────────────────────────────────────────────────────────

export async function listPublishersForAdmin() {
  return db.publisher.findMany({
    select: { id: true, slug: true, name: true, createdAt: true, _count: { select: { merchants: true, memberships: true } } },
    orderBy: { name: "asc" },
  });
}

export async function createPublisher(input: z.output<typeof ZCreatePublisher>, actor: TActor) {
  if (await db.publisher.findUnique({ where: { slug: input.slug }, select: { id: true } })) {
    throw new AppError("CONFLICT", `A publisher with the address “${input.slug}” already exists.`, { fieldErrors: { slug: "This address is taken." } });
  }
  return db.$transaction(async (tx) => {
    const publisher = await tx.publisher.create({ data: { name: input.name, slug: input.slug }, select: { id: true, slug: true, name: true } });
    await recordAudit(
      {
        publisherId: publisher.id,
        actorUserId: actor.userId,
        action: "publisher.created",
        entityType: "Publisher",
        entityId: publisher.id,
        data: { name: publisher.name, slug: publisher.slug },
      },
      tx,
    );
    return publisher;
  });
}

export async function renamePublisher(input: z.output<typeof ZRenamePublisher>, actor: TActor) {
  return db.$transaction(async (tx) => {
    const before = await tx.publisher.findUnique({ where: { id: input.publisherId }, select: { name: true } });
    if (!before) throw new AppError("NOT_FOUND", "That publisher was not found.");
    if (before.name === input.name) return { id: input.publisherId, name: input.name };
    const publisher = await tx.publisher.update({ where: { id: input.publisherId }, data: { name: input.name }, select: { id: true, name: true } });
    await recordAudit(
      {
        publisherId: publisher.id,
        actorUserId: actor.userId,
        action: "publisher.renamed",
        entityType: "Publisher",
        entityId: publisher.id,
        data: { from: before.name, to: publisher.name },
      },
      tx,
    );
    return publisher;
  });
}

/**
 * Moves a merchant to a publisher, or to none. Its new publisher's console sees it at once; its old
 * publisher's stops seeing it, and any "view as" opened from there ends on the next request
 * (features/tenancy/view-as.ts re-checks the publisher every time).
 */
export async function assignMerchantToPublisher(input: z.output<typeof ZAssignMerchant>, actor: TActor) {
  const moved = await db.$transaction(async (tx) => {
    const merchant = await tx.merchant.findUnique({ where: { id: input.merchantId }, select: { id: true, publisherId: true } });
    if (!merchant) throw new AppError("NOT_FOUND", "That merchant was not found.");
    if (input.publisherId && !(await tx.publisher.findUnique({ where: { id: input.publisherId }, select: { id: true } }))) {
      throw new AppError("NOT_FOUND", "That publisher was not found.", { fieldErrors: { publisherId: "That publisher was not found." } });
    }
    if (merchant.publisherId === input.publisherId) return { id: merchant.id, publisherId: merchant.publisherId, from: null };
    await tx.merchant.update({ where: { id: merchant.id }, data: { publisherId: input.publisherId } });
    await recordAudit(
      {
        merchantId: merchant.id,
        publisherId: input.publisherId,
        actorUserId: actor.userId,
        action: "merchant.publisher_changed",
        entityType: "Merchant",
        entityId: merchant.id,
        data: { from: merchant.publisherId, to: input.publisherId },
      },
      tx,
    );
    return { id: merchant.id, publisherId: input.publisherId, from: merchant.publisherId };
  });
  // Both publishers' subscription quantities follow (a publisher paying per merchant, features/billing):
  // a job each, so Stripe being slow or down never fails the move, and the job recounts when it runs.
  const changed = moved.from === moved.publisherId ? [] : [moved.from, moved.publisherId].filter((id): id is string => !!id);
  if (changed.length) {
    const boss = await queue();
    for (const publisherId of changed) await boss.send(QUEUES.publisherQuantity, { publisherId }, { retryLimit: 5, retryDelay: 60, retryBackoff: true });
  }
  return { id: moved.id, publisherId: moved.publisherId };
}

// ── Merchants ───────────────────────────────────────────────────────────────────────────────────

const contains = (q: string) => ({ contains: q, mode: "insensitive" as const });

/** Merchants by name or slug (all when `q` is empty), newest first, a page at a time. */
export async function searchMerchantsForAdmin(input: z.output<typeof ZAdminSearch>) {
  const where: Prisma.MerchantWhereInput = input.q ? { OR: [{ name: contains(input.q) }, { slug: contains(input.q) }] } : {};
  const [rows, total] = await Promise.all([
    db.merchant.findMany({
      where,
      select: { id: true, slug: true, name: true, createdAt: true, suspendedAt: true, suspendedReason: true, publisher: { select: { id: true, name: true } } },
      orderBy: [{ createdAt: "desc" }, { id: "asc" }],
      take: ADMIN_PAGE_SIZE,
      skip: (input.page - 1) * ADMIN_PAGE_SIZE,
    }),
    db.merchant.count({ where }),
  ]);
  return { rows, total, page: input.page, pages: Math.max(1, Math.ceil(total / ADMIN_PAGE_SIZE)) };
}

/** Suspends a merchant (lib/suspension.ts says what that does at each door); its data is kept. */
export async function suspendMerchant(input: z.output<typeof ZSuspendMerchant>, actor: TActor) {
  return db.$transaction(async (tx) => {
    const merchant = await tx.merchant.findUnique({ where: { id: input.merchantId }, select: { id: true, suspendedAt: true, suspendedReason: true } });
    if (!merchant) throw new AppError("NOT_FOUND", "That merchant was not found.");
    if (merchant.suspendedAt && merchant.suspendedReason === input.reason) return { id: merchant.id, suspendedAt: merchant.suspendedAt };
    const suspendedAt = merchant.suspendedAt ?? new Date();
    await tx.merchant.update({ where: { id: merchant.id }, data: { suspendedAt, suspendedReason: input.reason } });
    await recordAudit(
      {
        merchantId: merchant.id,
        actorUserId: actor.userId,
        action: "merchant.suspended",
        entityType: "Merchant",
        entityId: merchant.id,
        data: { reason: input.reason },
      },
      tx,
    );
    return { id: merchant.id, suspendedAt };
  });
}

export async function unsuspendMerchant(input: z.output<typeof ZUnsuspendMerchant>, actor: TActor) {
  return db.$transaction(async (tx) => {
    const merchant = await tx.merchant.findUnique({ where: { id: input.merchantId }, select: { id: true, suspendedAt: true, suspendedReason: true } });
    if (!merchant) throw new AppError("NOT_FOUND", "That merchant was not found.");
    if (!merchant.suspendedAt) return { id: merchant.id, suspendedAt: null };
    await tx.merchant.update({ where: { id: merchant.id }, data: { suspendedAt: null, suspendedReason: null } });
    await recordAudit(
      {
        merchantId: merchant.id,
        actorUserId: actor.userId,
        action: "merchant.unsuspended",
        entityType: "Merchant",
        entityId: merchant.id,
        data: { reason: merchant.suspendedReason, since: merchant.suspendedAt.toISOString() },
      },
      tx,
    );
    return { id: merchant.id, suspendedAt: null };
  });
}

// ── Users ───────────────────────────────────────────────────────────────────────────────────────

/** People by email or name (all when `q` is empty), a page at a time. */
export async function searchUsersForAdmin(input: z.output<typeof ZAdminSearch>) {
  const where: Prisma.UserWhereInput = input.q ? { OR: [{ email: contains(input.q) }, { name: contains(input.q) }] } : {};
  const [rows, total] = await Promise.all([
    db.user.findMany({
      where,
      select: {
        id: true,
        email: true,
        name: true,
        isPlatformAdmin: true,
        disabledAt: true,
        lastSignInAt: true,
        memberships: { select: { role: true, merchant: { select: { name: true } } }, take: 5, orderBy: { createdAt: "asc" } },
        publisherMemberships: { select: { role: true, publisher: { select: { name: true } } }, take: 5 },
      },
      orderBy: [{ email: "asc" }],
      take: ADMIN_PAGE_SIZE,
      skip: (input.page - 1) * ADMIN_PAGE_SIZE,
    }),
    db.user.count({ where }),
  ]);
  return { rows, total, page: input.page, pages: Math.max(1, Math.ceil(total / ADMIN_PAGE_SIZE)) };
}

/**
 * Disables or re-enables a user. Disabled: no sign-in by password, email link or PIN, and every
 * session already open resolves to nobody on its next request (lib/auth.ts getCurrentUser).
 */
export async function setUserDisabled(input: z.output<typeof ZSetUserDisabled>, actor: TActor) {
  if (input.disabled && input.userId === actor.userId) throw new AppError("BAD_REQUEST", "You cannot disable your own account.");
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: input.userId }, select: { id: true, email: true, disabledAt: true } });
    if (!user) throw new AppError("NOT_FOUND", "That user was not found.");
    if (!!user.disabledAt === input.disabled) return { id: user.id, disabledAt: user.disabledAt };
    const disabledAt = input.disabled ? new Date() : null;
    await tx.user.update({ where: { id: user.id }, data: { disabledAt } });
    await recordAudit(
      {
        actorUserId: actor.userId,
        action: input.disabled ? "user.disabled" : "user.enabled",
        entityType: "User",
        entityId: user.id,
        data: { email: user.email },
      },
      tx,
    );
    return { id: user.id, disabledAt };
  });
}
