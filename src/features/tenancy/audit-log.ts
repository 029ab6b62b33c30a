import "server-only";
import { z } from "zod";
import { Prisma } from "@/generated/prisma/client";
import { db } from "@/lib/db";
import { fromLocalTime } from "@/lib/time";

// The owner's audit log page: who did what and when, newest first, filtered by kind of change,
// by person and by days (the merchant's), a page at a time. Keyset paging on (createdAt, id) walks
// audit_logs_merchantId_createdAt_idx backwards; the filters are conditions on that walk.

/** Kinds of change the filter offers: a label and the action prefixes they cover. */
export const AUDIT_KINDS = {
  captures: { label: "Captures and corrections", prefixes: ["visit."] },
  customers: { label: "Customers and consent", prefixes: ["customer.", "customers."] },
  imports: { label: "Imports", prefixes: ["import."] },
  exports: { label: "Exports", prefixes: ["customers.exported", "deal_report.exported"] },
  campaigns: { label: "Campaigns, groups and filters", prefixes: ["campaign.", "group.", "smart_filter."] },
  deals: { label: "Deals and vouchers", prefixes: ["deal.", "voucher.", "vouchers."] },
  team: { label: "Team and invitations", prefixes: ["membership.", "invitation."] },
  access: { label: "Keys, tablets and PINs", prefixes: ["api_key.", "device.", "counter."] },
  settings: { label: "Settings", prefixes: ["merchant."] },
} as const;
export type TAuditKind = keyof typeof AUDIT_KINDS;

const ZDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)));
export const ZAuditQuery = z.object({
  kind: z
    .enum(Object.keys(AUDIT_KINDS) as [TAuditKind, ...TAuditKind[]])
    .optional()
    .catch(undefined),
  actor: z.string().uuid().optional().catch(undefined),
  from: ZDay.optional().catch(undefined),
  to: ZDay.optional().catch(undefined),
  /** "<createdAt ISO>_<id>" of the last row of the previous page. */
  before: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}T[\d:.]+Z_[0-9a-f-]{36}$/)
    .optional()
    .catch(undefined),
});
export type TAuditQuery = z.infer<typeof ZAuditQuery>;

export type TAuditRow = { id: string; createdAt: Date; action: string; entityType: string; entityId: string | null; data: unknown; actor: string };

export async function listAuditLog(merchant: { id: string; timeZone: string }, query: TAuditQuery, take = 50) {
  const conditions: Prisma.Sql[] = [Prisma.sql`a."merchantId" = ${merchant.id}::uuid`];
  if (query.kind) {
    const prefixes = AUDIT_KINDS[query.kind].prefixes.map((p) => `${p.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    conditions.push(Prisma.sql`a.action LIKE ANY (${prefixes}::text[])`);
  }
  if (query.actor) conditions.push(Prisma.sql`a."actorUserId" = ${query.actor}::uuid`);
  if (query.from) conditions.push(Prisma.sql`a."createdAt" >= ${fromLocalTime(query.from, 0, 0, merchant.timeZone)}`);
  if (query.to) conditions.push(Prisma.sql`a."createdAt" < ${fromLocalTime(query.to, 23, 59, merchant.timeZone)}::timestamptz + interval '1 minute'`);
  if (query.before) {
    const [at, id] = query.before.split("_") as [string, string];
    conditions.push(Prisma.sql`(a."createdAt", a.id) < (${new Date(at)}::timestamptz, ${id}::uuid)`);
  }
  const rows = await db.$queryRaw<(Omit<TAuditRow, "actor"> & { user_name: string | null; user_email: string | null; key_name: string | null })[]>(Prisma.sql`
    SELECT a.id, a."createdAt", a.action, a."entityType", a."entityId", a.data,
           u.name AS user_name, u.email AS user_email, k.name AS key_name
      FROM audit_logs a
      LEFT JOIN users u ON u.id = a."actorUserId"
      LEFT JOIN api_keys k ON k."merchantId" = a."merchantId" AND k.id = a."actorApiKeyId"
     WHERE ${Prisma.join(conditions, " AND ")}
     ORDER BY a."createdAt" DESC, a.id DESC
     LIMIT ${take + 1}`);
  const page = rows.slice(0, take).map(({ user_name, user_email, key_name, ...r }) => ({
    ...r,
    actor: user_name || user_email || (key_name ? `API key “${key_name}”` : "System"),
  }));
  const last = page.at(-1);
  return { rows: page, next: rows.length > take && last ? `${last.createdAt.toISOString()}_${last.id}` : null };
}

/** The people who appear in this merchant's log, for the filter. */
export async function listAuditActors(merchantId: string) {
  return db.$queryRaw<{ id: string; name: string }[]>(Prisma.sql`
    SELECT u.id, coalesce(nullif(u.name, ''), u.email) AS name
      FROM users u
     WHERE u.id IN (SELECT m."userId" FROM memberships m WHERE m."merchantId" = ${merchantId}::uuid)
        OR u.id IN (SELECT DISTINCT a."actorUserId" FROM audit_logs a WHERE a."merchantId" = ${merchantId}::uuid AND a."actorUserId" IS NOT NULL AND a."createdAt" > now() - interval '90 days')
     ORDER BY 2`);
}

/** "invitation.resent" → "Invitation resent". */
export const describeAction = (action: string) => {
  const s = action.replace(/[._]/g, " ");
  return s[0]!.toUpperCase() + s.slice(1);
};
