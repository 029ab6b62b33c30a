import "server-only";
import { db } from "@/lib/db";
import { sha256 } from "@/lib/tokens";

/** The merchant a paired counter tablet belongs to, and who can sign in on it with a PIN. */
export async function getPairedCounter(deviceSecret: string) {
  const device = await db.counterDevice.findUnique({
    where: { tokenHash: sha256(deviceSecret) },
    select: { revokedAt: true, merchantId: true, merchant: { select: { slug: true, name: true } } },
  });
  if (!device || device.revokedAt) return null;
  const members = await db.membership.findMany({
    where: { merchantId: device.merchantId, pinHash: { not: null } },
    select: { userId: true, user: { select: { name: true, email: true } } },
    orderBy: { user: { name: "asc" } },
  });
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
