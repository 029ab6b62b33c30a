import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { db, type Tx } from "./db";
import { withPlatform } from "./tenant";

export type TAuditEntry = {
  merchantId?: string | null;
  publisherId?: string | null;
  actorUserId?: string | null;
  actorApiKeyId?: string | null;
  action: string;
  entityType: string;
  entityId?: string | null;
  data?: Prisma.InputJsonValue;
};

/** Appends to the audit log; pass the transaction so the entry commits with the change it records. */
export async function recordAudit(entry: TAuditEntry, tx: Tx | typeof db = db): Promise<void> {
  const write = () => tx.auditLog.create({ data: { ...entry, data: entry.data ?? {} } });
  // An entry of no merchant (a publisher's, a sign-in's) is a platform row; in a caller's
  // transaction the caller's scope decides.
  if (!entry.merchantId && tx === db) await withPlatform("audit entry outside any merchant", write);
  else await write();
}
