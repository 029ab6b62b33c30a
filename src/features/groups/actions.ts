"use server";

import { z } from "zod";
import type { Prisma } from "@/generated/prisma/client";
import { db } from "@/lib/db";
import { merchantAction } from "@/features/tenancy/request-chain";
import { AppError } from "@/lib/errors";
import { zText } from "@/lib/text";
import { ZFilter } from "@/features/filters/schemas";
import { recordAudit } from "@/lib/audit";
import { createGroup, ZGroupName } from "./service";

export const createGroupFromFilterAction = merchantAction(
  { permission: "groups.manage", schema: z.object({ name: ZGroupName, filter: ZFilter }), name: "createGroupFromFilter" },
  (input, ctx) => createGroup(ctx.merchant, input, { userId: ctx.user.id }),
);

/** Saves a filter as one of the merchant's pinned Smart Filters (shown beside the presets). */
export const saveSmartFilterAction = merchantAction(
  { permission: "groups.manage", schema: z.object({ name: zText("The name").min(1, "Name the Smart Filter.").max(60), filter: ZFilter }), name: "saveSmartFilter" },
  async (input, ctx) => {
    const saved = await db.smartFilter.upsert({
      where: { merchantId_name: { merchantId: ctx.merchant.id, name: input.name } },
      create: { merchantId: ctx.merchant.id, name: input.name, filter: input.filter as Prisma.InputJsonValue, pinned: true, createdById: ctx.user.id },
      update: { filter: input.filter as Prisma.InputJsonValue, pinned: true },
      select: { id: true, name: true },
    });
    await recordAudit({ merchantId: ctx.merchant.id, actorUserId: ctx.user.id, action: "smart_filter.saved", entityType: "SmartFilter", entityId: saved.id });
    return saved;
  },
);

const ZAddToGroup = z
  .object({
    customerIds: z.array(z.string().uuid()).min(1, "Tick at least one customer.").max(1000),
    groupId: z.string().uuid().optional(),
    newGroupName: ZGroupName.optional(),
  })
  .refine((v) => v.groupId || v.newGroupName, { message: "Pick a group or name a new one.", path: ["groupId"] });

/** Hand-picks customers into a static group (a new one, or one that exists). */
export const addToStaticGroupAction = merchantAction({ permission: "groups.manage", schema: ZAddToGroup, name: "addToStaticGroup" }, async (input, ctx) => {
  if (input.newGroupName) return createGroup(ctx.merchant, { name: input.newGroupName, customerIds: input.customerIds }, { userId: ctx.user.id });
  return db.$transaction(async (tx) => {
    const group = await tx.group.findUnique({ where: { merchantId_id: { merchantId: ctx.merchant.id, id: input.groupId! } }, select: { id: true, name: true, kind: true } });
    if (!group || group.kind !== "static") throw new AppError("NOT_FOUND", "That group was not found.");
    const found = await tx.customer.count({ where: { merchantId: ctx.merchant.id, id: { in: input.customerIds } } });
    if (found !== new Set(input.customerIds).size) throw new AppError("NOT_FOUND", "Some of those customers were not found.");
    await tx.groupMember.createMany({ data: input.customerIds.map((customerId) => ({ merchantId: ctx.merchant.id, groupId: group.id, customerId })), skipDuplicates: true });
    await recordAudit({ merchantId: ctx.merchant.id, actorUserId: ctx.user.id, action: "group.members_added", entityType: "Group", entityId: group.id, data: { added: input.customerIds.length } }, tx);
    return { id: group.id, name: group.name, count: await tx.groupMember.count({ where: { merchantId: ctx.merchant.id, groupId: group.id } }) };
  });
});
