import "server-only";
import { Prisma, type MerchantRole } from "@/generated/prisma/client";
import { db, type Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { recordAudit } from "@/lib/audit";

// A merchant's team: change a member's role, remove a member. The merchant always keeps an owner:
// the owners' rows are locked before the count, so two owners demoting each other at the same
// moment cannot both succeed.

async function lockOwners(tx: Tx, merchantId: string): Promise<string[]> {
  const rows = await tx.$queryRaw<{ userId: string }[]>(Prisma.sql`
    SELECT "userId" FROM memberships WHERE "merchantId" = ${merchantId}::uuid AND role = 'owner' FOR UPDATE`);
  return rows.map((r) => r.userId);
}

const LAST_OWNER = "A merchant needs at least one owner. Make someone else an owner first.";

export async function changeMemberRole(merchantId: string, userId: string, role: MerchantRole, actor: { userId: string }) {
  return db.$transaction(async (tx) => {
    const owners = await lockOwners(tx, merchantId);
    const target = await tx.membership.findUnique({ where: { merchantId_userId: { merchantId, userId } }, select: { role: true } });
    if (!target) throw new AppError("NOT_FOUND", "That team member was not found.");
    if (target.role === role) return { role };
    if (target.role === "owner" && owners.length <= 1) throw new AppError("CONFLICT", LAST_OWNER);
    await tx.membership.update({ where: { merchantId_userId: { merchantId, userId } }, data: { role } });
    await recordAudit(
      {
        merchantId,
        actorUserId: actor.userId,
        action: "membership.role_changed",
        entityType: "Membership",
        entityId: userId,
        data: { from: target.role, to: role },
      },
      tx,
    );
    return { role };
  });
}

export async function removeMember(merchantId: string, userId: string, actor: { userId: string }) {
  return db.$transaction(async (tx) => {
    const owners = await lockOwners(tx, merchantId);
    const target = await tx.membership.findUnique({ where: { merchantId_userId: { merchantId, userId } }, select: { role: true } });
    if (!target) throw new AppError("NOT_FOUND", "That team member was not found.");
    if (target.role === "owner" && owners.length <= 1) throw new AppError("CONFLICT", LAST_OWNER);
    await tx.membership.delete({ where: { merchantId_userId: { merchantId, userId } } });
    await recordAudit(
      { merchantId, actorUserId: actor.userId, action: "membership.removed", entityType: "Membership", entityId: userId, data: { role: target.role } },
      tx,
    );
    return { removed: true };
  });
}
