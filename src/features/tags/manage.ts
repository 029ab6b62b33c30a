import "server-only";
import { z } from "zod";
import { Prisma } from "@/generated/prisma/client";
import { db, type Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { zText } from "@/lib/text";
import { ZFilter } from "@/features/filters/schemas";
import { recordAudit } from "@/lib/audit";
import { renameTagInFilter } from "./rename-in-filter";

// The merchant's tag vocabulary, managed: rename, merge one tag into another, retire (the counter
// stops offering it; history and filters keep it) and restore. Every lookup names the merchant.

type TActor = { merchantId: string; userId: string };

export const ZTagName = zText("The tag name").min(1, "Name the tag.").max(100, "Keep tag names under 100 characters.");
export const ZRenameTag = z.object({ tagId: z.string().uuid(), name: ZTagName }).strict();
export const ZMergeTags = z
  .object({ tagId: z.string().uuid(), intoTagId: z.string().uuid() })
  .strict()
  .refine((v) => v.tagId !== v.intoTagId, { message: "Pick another tag to merge into.", path: ["intoTagId"] });
export const ZRetireTag = z.object({ tagId: z.string().uuid(), retired: z.boolean() }).strict();

const notFound = () => new AppError("NOT_FOUND", "That tag was not found.");

/** Every tag with how often it is used (visits and customers carrying it), live ones first. */
export async function listTagsWithUse(merchantId: string) {
  return db.$queryRaw<{ id: string; name: string; retired: boolean; visits: number; customers: number }[]>(Prisma.sql`
    SELECT t.id, t.name, t."archivedAt" IS NOT NULL AS retired,
           (SELECT count(*)::int FROM visit_tags vt WHERE vt."merchantId" = t."merchantId" AND vt."tagId" = t.id) AS visits,
           (SELECT count(*)::int FROM customers c WHERE c."merchantId" = t."merchantId" AND cardinality(c."tagIds") > 0 AND c."tagIds" @> ARRAY[t.id]) AS customers
      FROM tags t
     WHERE t."merchantId" = ${merchantId}::uuid
     ORDER BY t."archivedAt" IS NOT NULL, lower(t.name)`);
}

async function tagOrThrow(tx: Tx | typeof db, merchantId: string, id: string) {
  const tag = await tx.tag.findUnique({
    where: { merchantId_id: { merchantId, id } },
    select: { id: true, name: true, normalizedName: true, archivedAt: true },
  });
  if (!tag) throw notFound();
  return tag;
}

/** Rewrites the tag name in the merchant's saved Smart Filters and Smart Filter groups. */
async function rewriteFilters(tx: Tx, merchantId: string, from: string, to: string) {
  const swap = (raw: unknown) => {
    const parsed = ZFilter.safeParse(raw);
    if (!parsed.success) return null;
    const next = renameTagInFilter(parsed.data, from, to);
    return JSON.stringify(next) === JSON.stringify(parsed.data) ? null : (next as Prisma.InputJsonValue);
  };
  for (const f of await tx.smartFilter.findMany({ where: { merchantId }, select: { id: true, filter: true } })) {
    const next = swap(f.filter);
    if (next) await tx.smartFilter.update({ where: { merchantId_id: { merchantId, id: f.id } }, data: { filter: next } });
  }
  for (const g of await tx.group.findMany({ where: { merchantId, kind: "dynamic" }, select: { id: true, filter: true } })) {
    const next = swap(g.filter);
    if (next) await tx.group.update({ where: { merchantId_id: { merchantId, id: g.id } }, data: { filter: next } });
  }
}

export async function renameTag(actor: TActor, input: z.infer<typeof ZRenameTag>) {
  return db.$transaction(async (tx) => {
    const tag = await tagOrThrow(tx, actor.merchantId, input.tagId);
    const name = input.name.trim();
    const norm = name.toLowerCase();
    if (norm !== tag.normalizedName) {
      const clash = await tx.tag.findUnique({
        where: { merchantId_normalizedName: { merchantId: actor.merchantId, normalizedName: norm } },
        select: { id: true },
      });
      if (clash)
        throw new AppError("CONFLICT", `“${name}” is already a tag. Merge into it instead.`, { fieldErrors: { name: "Already a tag: merge instead." } });
    }
    const saved = await tx.tag.update({
      where: { merchantId_id: { merchantId: actor.merchantId, id: tag.id } },
      data: { name, normalizedName: norm },
      select: { id: true, name: true },
    });
    await rewriteFilters(tx, actor.merchantId, tag.name, name);
    await recordAudit(
      {
        merchantId: actor.merchantId,
        actorUserId: actor.userId,
        action: "tag.renamed",
        entityType: "Tag",
        entityId: tag.id,
        data: { from: tag.name, to: name },
      },
      tx,
    );
    return saved;
  });
}

/**
 * Merges a tag into another: its visits and customers carry the other tag instead (once), the
 * customers' tag aggregate follows, filters naming it are rewritten, and the merged tag is gone.
 */
export async function mergeTags(actor: TActor, input: z.infer<typeof ZMergeTags>) {
  return db.$transaction(async (tx) => {
    const from = await tagOrThrow(tx, actor.merchantId, input.tagId);
    const into = await tagOrThrow(tx, actor.merchantId, input.intoTagId);
    const m = actor.merchantId;
    await tx.$executeRaw(
      Prisma.sql`INSERT INTO visit_tags ("merchantId", "visitId", "tagId") SELECT "merchantId", "visitId", ${into.id}::uuid FROM visit_tags WHERE "merchantId" = ${m}::uuid AND "tagId" = ${from.id}::uuid ON CONFLICT DO NOTHING`,
    );
    await tx.$executeRaw(
      Prisma.sql`INSERT INTO customer_tags ("merchantId", "customerId", "tagId") SELECT "merchantId", "customerId", ${into.id}::uuid FROM customer_tags WHERE "merchantId" = ${m}::uuid AND "tagId" = ${from.id}::uuid ON CONFLICT DO NOTHING`,
    );
    // customers.tagIds (the filter aggregate): the merged id becomes the kept one, once.
    const customers = await tx.$executeRaw(Prisma.sql`
      UPDATE customers c SET "tagIds" = ARRAY(SELECT DISTINCT x FROM unnest(array_replace(c."tagIds", ${from.id}::uuid, ${into.id}::uuid)) AS x), "updatedAt" = now()
       WHERE c."merchantId" = ${m}::uuid AND cardinality(c."tagIds") > 0 AND c."tagIds" @> ARRAY[${from.id}::uuid]`);
    await tx.tag.delete({ where: { merchantId_id: { merchantId: m, id: from.id } } }); // cascades its visit_tags and customer_tags rows
    if (into.archivedAt) await tx.tag.update({ where: { merchantId_id: { merchantId: m, id: into.id } }, data: { archivedAt: null } });
    await rewriteFilters(tx, m, from.name, into.name);
    await recordAudit(
      {
        merchantId: m,
        actorUserId: actor.userId,
        action: "tag.merged",
        entityType: "Tag",
        entityId: into.id,
        data: { merged: from.name, into: into.name, customers },
      },
      tx,
    );
    return { id: into.id, name: into.name, customers };
  });
}

/** Retires a tag (the counter no longer offers it) or brings it back. */
export async function retireTag(actor: TActor, input: z.infer<typeof ZRetireTag>) {
  const tag = await tagOrThrow(db, actor.merchantId, input.tagId);
  await db.tag.update({ where: { merchantId_id: { merchantId: actor.merchantId, id: tag.id } }, data: { archivedAt: input.retired ? new Date() : null } });
  await recordAudit({
    merchantId: actor.merchantId,
    actorUserId: actor.userId,
    action: input.retired ? "tag.retired" : "tag.restored",
    entityType: "Tag",
    entityId: tag.id,
    data: { name: tag.name },
  });
  return { id: tag.id, name: tag.name, retired: input.retired };
}
