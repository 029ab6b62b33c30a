import "server-only";
import { z } from "zod";
import type { Prisma } from "@/generated/prisma/client";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { zText } from "@/lib/text";
import { countCustomers } from "@/features/filters/queries";
import { ZFilter } from "@/features/filters/schemas";
import { recordAudit } from "@/lib/audit";

/** A group's name: what the Groups page and campaign pickers list. */
export const ZGroupName = zText("The group name").min(1, "Name the group.").max(80, "Keep the name under 80 characters.");

/** A static group is made from at most this many customer ids in one request. */
export const MAX_STATIC_GROUP_IDS = 50_000;

export const ZCreateGroup = z.union([
  z.object({ name: ZGroupName, filter: ZFilter }).strict(),
  z.object({ name: ZGroupName, customerIds: z.array(z.string().uuid()).max(MAX_STATIC_GROUP_IDS) }).strict(),
]);
export type TCreateGroup = z.infer<typeof ZCreateGroup>;

/** A dynamic group (a filter) or a static one (hand-picked customers of this merchant only). */
export async function createGroup(
  merchant: { id: string; timeZone: string },
  input: TCreateGroup,
  actor: { userId?: string | null; apiKeyId?: string | null },
) {
  if (await db.group.findUnique({ where: { merchantId_name: { merchantId: merchant.id, name: input.name } }, select: { id: true } })) {
    throw new AppError("CONFLICT", `A group named “${input.name}” already exists.`, { fieldErrors: { name: "Choose another name." } });
  }
  if ("filter" in input) {
    const group = await db.group.create({
      data: { merchantId: merchant.id, name: input.name, kind: "dynamic", filter: input.filter as Prisma.InputJsonValue, createdById: actor.userId ?? null },
      select: { id: true, name: true },
    });
    await recordAudit({
      merchantId: merchant.id,
      actorUserId: actor.userId,
      actorApiKeyId: actor.apiKeyId,
      action: "group.created",
      entityType: "Group",
      entityId: group.id,
      data: { kind: "dynamic" },
    });
    return { ...group, count: await countCustomers(merchant, input.filter) };
  }
  const ids = [...new Set(input.customerIds)];
  return db.$transaction(async (tx) => {
    const found = await tx.customer.findMany({ where: { merchantId: merchant.id, id: { in: ids } }, select: { id: true } });
    // Ids of other merchants' customers are indistinguishable from ids that do not exist.
    if (found.length !== ids.length)
      throw new AppError("NOT_FOUND", "Some of those customers were not found.", { fieldErrors: { customerIds: "Unknown customers." } });
    const group = await tx.group.create({
      data: { merchantId: merchant.id, name: input.name, kind: "static", createdById: actor.userId ?? null },
      select: { id: true, name: true },
    });
    await tx.groupMember.createMany({ data: ids.map((customerId) => ({ merchantId: merchant.id, groupId: group.id, customerId })) });
    await recordAudit(
      {
        merchantId: merchant.id,
        actorUserId: actor.userId,
        actorApiKeyId: actor.apiKeyId,
        action: "group.created",
        entityType: "Group",
        entityId: group.id,
        data: { kind: "static", members: ids.length },
      },
      tx,
    );
    return { ...group, count: ids.length };
  });
}
