import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { db, type Tx } from "@/lib/db";

/** The ids of these tag names in the merchant's vocabulary, adding the new ones (case-insensitive). */
export async function ensureTags(tx: Tx, merchantId: string, names: string[]): Promise<string[]> {
  const unique = [...new Map(names.map((n) => [n.trim().toLowerCase(), n.trim()])).entries()].filter(([k]) => k);
  if (unique.length === 0) return [];
  const rows = await tx.$queryRaw<{ id: string }[]>(Prisma.sql`
    INSERT INTO tags ("merchantId", name, "normalizedName")
    SELECT ${merchantId}::uuid, n.name, n.norm FROM unnest(${unique.map(([, n]) => n)}::text[], ${unique.map(([k]) => k)}::text[]) AS n(name, norm)
    ON CONFLICT ("merchantId", "normalizedName") DO UPDATE SET "archivedAt" = NULL
    RETURNING id`);
  return rows.map((r) => r.id);
}

export async function listTags(merchantId: string) {
  return db.tag.findMany({ where: { merchantId, archivedAt: null }, select: { id: true, name: true }, orderBy: { name: "asc" } });
}
