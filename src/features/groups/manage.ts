import "server-only";
import { z } from "zod";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { zText } from "@/lib/text";
import { recordAudit } from "@/lib/audit";
import { ZGroupName } from "./service";

// Renaming, reordering and deleting what a merchant made: pinned Smart Filters (their own, beside
// the built-in presets) and Groups. Every lookup names the merchant: another merchant's id is
// "not found", exactly like an id that never existed.

type TActor = { merchantId: string; userId: string };

export const ZSmartFilterName = zText("The name").min(1, "Name the Smart Filter.").max(60, "Keep the name under 60 characters.");
export const ZRenameSmartFilter = z.object({ id: z.string().uuid(), name: ZSmartFilterName }).strict();
export const ZMoveSmartFilter = z.object({ id: z.string().uuid(), direction: z.enum(["up", "down"]) }).strict();
export const ZSmartFilterId = z.object({ id: z.string().uuid() }).strict();
export const ZRenameGroup = z.object({ groupId: z.string().uuid(), name: ZGroupName }).strict();
export const ZGroupId = z.object({ groupId: z.string().uuid() }).strict();

const filterNotFound = () => new AppError("NOT_FOUND", "That saved filter was not found.");
const groupNotFound = () => new AppError("NOT_FOUND", "That group was not found.");

/** The merchant's pinned Smart Filters in their order (position, then name). */
export function listSavedFilters(merchantId: string) {
  return db.smartFilter.findMany({
    where: { merchantId, pinned: true },
    orderBy: [{ position: "asc" }, { name: "asc" }],
    select: { id: true, name: true, filter: true, position: true },
  });
}

export async function renameSmartFilter(actor: TActor, input: z.infer<typeof ZRenameSmartFilter>) {
  const found = await db.smartFilter.findUnique({ where: { merchantId_id: { merchantId: actor.merchantId, id: input.id } }, select: { id: true, name: true } });
  if (!found) throw filterNotFound();
  if (found.name === input.name) return found;
  const clash = await db.smartFilter.findUnique({ where: { merchantId_name: { merchantId: actor.merchantId, name: input.name } }, select: { id: true } });
  if (clash) throw new AppError("CONFLICT", `A saved filter named “${input.name}” already exists.`, { fieldErrors: { name: "Choose another name." } });
  const saved = await db.smartFilter.update({
    where: { merchantId_id: { merchantId: actor.merchantId, id: input.id } },
    data: { name: input.name },
    select: { id: true, name: true },
  });
  await recordAudit({
    merchantId: actor.merchantId,
    actorUserId: actor.userId,
    action: "smart_filter.renamed",
    entityType: "SmartFilter",
    entityId: saved.id,
    data: { from: found.name, to: saved.name },
  });
  return saved;
}

/** Moves a pinned filter one place up or down; positions are renumbered 0…n-1 on the way. */
export async function moveSmartFilter(actor: TActor, input: z.infer<typeof ZMoveSmartFilter>) {
  return db.$transaction(async (tx) => {
    const all = await tx.smartFilter.findMany({
      where: { merchantId: actor.merchantId, pinned: true },
      orderBy: [{ position: "asc" }, { name: "asc" }],
      select: { id: true },
    });
    const i = all.findIndex((f) => f.id === input.id);
    if (i < 0) throw filterNotFound();
    const j = input.direction === "up" ? i - 1 : i + 1;
    const order = all.map((f) => f.id);
    if (j >= 0 && j < order.length) [order[i], order[j]] = [order[j]!, order[i]!];
    for (const [position, id] of order.entries())
      await tx.smartFilter.update({ where: { merchantId_id: { merchantId: actor.merchantId, id } }, data: { position } });
    return { order };
  });
}

export async function deleteSmartFilter(actor: TActor, input: z.infer<typeof ZSmartFilterId>) {
  const { count } = await db.smartFilter.deleteMany({ where: { merchantId: actor.merchantId, id: input.id } });
  if (!count) throw filterNotFound();
  await recordAudit({ merchantId: actor.merchantId, actorUserId: actor.userId, action: "smart_filter.deleted", entityType: "SmartFilter", entityId: input.id });
  return { id: input.id };
}

/** The next position: a newly pinned filter goes last. */
export async function nextSmartFilterPosition(merchantId: string): Promise<number> {
  const last = await db.smartFilter.aggregate({ where: { merchantId, pinned: true }, _max: { position: true } });
  return (last._max.position ?? -1) + 1;
}

export async function getGroupOrThrow(merchantId: string, groupId: string) {
  const group = await db.group.findUnique({
    where: { merchantId_id: { merchantId, id: groupId } },
    select: { id: true, name: true, kind: true, filter: true, archivedAt: true },
  });
  if (!group || group.archivedAt) throw groupNotFound();
  return group;
}

export async function renameGroup(actor: TActor, input: z.infer<typeof ZRenameGroup>) {
  const group = await getGroupOrThrow(actor.merchantId, input.groupId);
  if (group.name === input.name) return { id: group.id, name: group.name };
  const clash = await db.group.findUnique({ where: { merchantId_name: { merchantId: actor.merchantId, name: input.name } }, select: { id: true } });
  if (clash) throw new AppError("CONFLICT", `A group named “${input.name}” already exists.`, { fieldErrors: { name: "Choose another name." } });
  const saved = await db.group.update({
    where: { merchantId_id: { merchantId: actor.merchantId, id: group.id } },
    data: { name: input.name },
    select: { id: true, name: true },
  });
  await recordAudit({
    merchantId: actor.merchantId,
    actorUserId: actor.userId,
    action: "group.renamed",
    entityType: "Group",
    entityId: group.id,
    data: { from: group.name, to: saved.name },
  });
  return saved;
}

/**
 * Deletes a group. One that campaigns were sent to is archived instead (their results keep naming
 * it) and its name is freed for a new group; one never used is removed with its members.
 */
export async function deleteGroup(actor: TActor, input: z.infer<typeof ZGroupId>) {
  const group = await getGroupOrThrow(actor.merchantId, input.groupId);
  const used = await db.campaign.count({ where: { merchantId: actor.merchantId, groupId: group.id } });
  if (used) {
    const stamp = new Date().toISOString().slice(0, 10);
    await db.group.update({
      where: { merchantId_id: { merchantId: actor.merchantId, id: group.id } },
      data: { archivedAt: new Date(), name: `${group.name} (deleted ${stamp}, ${group.id.slice(0, 8)})` },
    });
  } else {
    await db.group.delete({ where: { merchantId_id: { merchantId: actor.merchantId, id: group.id } } });
  }
  await recordAudit({
    merchantId: actor.merchantId,
    actorUserId: actor.userId,
    action: "group.deleted",
    entityType: "Group",
    entityId: group.id,
    data: { name: group.name, archived: used > 0 },
  });
  return { id: group.id, archived: used > 0 };
}
