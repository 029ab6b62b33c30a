import "server-only";
import { db } from "@/lib/db";
import { withPlatform, withTenant } from "@/lib/tenant";
import { sha256 } from "@/lib/tokens";
import { PIN_AUDIT_ACTIONS } from "@/lib/counter-pin";

/** The merchant a paired counter tablet belongs to, and who can sign in on it with a PIN. */
export async function getPairedCounter(deviceSecret: string) {
  // Before anyone signs in, the tablet's secret is all there is: a named platform path finds its
  // merchant, and the PIN pad's names are read in that merchant's scope.
  const device = await withPlatform("counter tablet lookup by secret", () =>
    db.counterDevice.findUnique({
      where: { tokenHash: sha256(deviceSecret) },
      select: { revokedAt: true, merchantId: true, merchant: { select: { slug: true, name: true } } },
    }),
  );
  if (!device || device.revokedAt) return null;
  const members = await withTenant(device.merchantId, () =>
    db.membership.findMany({
      where: { merchantId: device.merchantId, pinHash: { not: null } },
      select: { userId: true, user: { select: { name: true, email: true } } },
      orderBy: { user: { name: "asc" } },
    }),
  );
  return {
    merchant: device.merchant,
    staff: members.map((m) => ({ userId: m.userId, name: m.user.name || m.user.email })),
  };
}

export async function listCounterDevices(merchantId: string) {
  return db.counterDevice.findMany({
    where: { merchantId },
    select: { id: true, name: true, createdAt: true, lastSeenAt: true, revokedAt: true },
    orderBy: { createdAt: "desc" },
  });
}

export async function listTeam(merchantId: string) {
  const rows = await db.membership.findMany({
    where: { merchantId },
    select: { userId: true, role: true, pinHash: true, user: { select: { name: true, email: true, lastSignInAt: true } } },
    orderBy: [{ role: "asc" }, { user: { name: "asc" } }],
  });
  return rows.map((r) => ({ userId: r.userId, role: r.role, hasPin: r.pinHash !== null, ...r.user }));
}

export type TPinTrouble = { id: string; at: Date; kind: "failed" | "locked"; memberName: string | null; deviceName: string; lockedUntil: Date | null };

/** Wrong PINs and lockouts on this merchant's tablets in the last week, newest first (from the audit log). */
export async function listRecentPinTrouble(merchantId: string, limit = 20): Promise<TPinTrouble[]> {
  const rows = await db.auditLog.findMany({
    where: {
      merchantId,
      action: { in: [PIN_AUDIT_ACTIONS.failed, PIN_AUDIT_ACTIONS.locked] },
      createdAt: { gt: new Date(Date.now() - 7 * 24 * 60 * 60 * 1000) },
    },
    select: { id: true, action: true, createdAt: true, entityType: true, entityId: true, data: true },
    orderBy: { createdAt: "desc" },
    take: limit,
  });
  const memberIds = [...new Set(rows.filter((r) => r.entityType === "Membership" && r.entityId).map((r) => r.entityId!))];
  const members = await db.membership.findMany({
    where: { merchantId, userId: { in: memberIds } },
    select: { userId: true, user: { select: { name: true, email: true } } },
  });
  const names = new Map(members.map((m) => [m.userId, m.user.name || m.user.email]));
  return rows.map((r) => {
    const data = (r.data ?? {}) as { deviceName?: string; lockedUntil?: string };
    return {
      id: r.id,
      at: r.createdAt,
      kind: r.action === PIN_AUDIT_ACTIONS.locked ? "locked" : "failed",
      memberName: r.entityType === "Membership" && r.entityId ? (names.get(r.entityId) ?? null) : null,
      deviceName: data.deviceName ?? "A tablet",
      lockedUntil: data.lockedUntil ? new Date(data.lockedUntil) : null,
    };
  });
}
