"use server";

import { z } from "zod";
import type { Prisma } from "@/generated/prisma/client";
import { db } from "@/lib/db";
import { merchantAction } from "@/features/tenancy/request-chain";
import { AppError } from "@/lib/errors";
import { ZFilter } from "@/features/filters/schemas";
import { recordAudit } from "@/lib/audit";
import { createGroup, ZGroupName } from "./service";
import {
  deleteGroup,
  deleteSmartFilter,
  moveSmartFilter,
  nextSmartFilterPosition,
  renameGroup,
  renameSmartFilter,
  ZGroupId,
  ZMoveSmartFilter,
  ZRenameGroup,
  ZRenameSmartFilter,
  ZSmartFilterId,
  ZSmartFilterName,
} from "./manage";

export const createGroupFromFilterAction = merchantAction(
  { permission: "groups.manage", schema: z.object({ name: ZGroupName, filter: ZFilter }), name: "createGroupFromFilter" },
  (input, ctx) => createGroup(ctx.merchant, input, { userId: ctx.user.id }),
);

/** Saves a filter as one of the merchant's pinned Smart Filters (shown beside the presets). */
export const saveSmartFilterAction = merchantAction(
  { permission: "groups.manage", schema: z.object({ name: ZSmartFilterName, filter: ZFilter }), name: "saveSmartFilter" },
  async (input, ctx) => {
    const position = await nextSmartFilterPosition(ctx.merchant.id);
    const saved = await db.smartFilter.upsert({
      where: { merchantId_name: { merchantId: ctx.merchant.id, name: input.name } },
      create: {
        merchantId: ctx.merchant.id,
        name: input.name,
        filter: input.filter as Prisma.InputJsonValue,
        pinned: true,
        position,
        createdById: ctx.user.id,
      },
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
    const group = await tx.group.findUnique({
      where: { merchantId_id: { merchantId: ctx.merchant.id, id: input.groupId! } },
      select: { id: true, name: true, kind: true },
    });
    if (group?.kind !== "static") throw new AppError("NOT_FOUND", "That group was not found.");
    const found = await tx.customer.count({ where: { merchantId: ctx.merchant.id, id: { in: input.customerIds } } });
    if (found !== new Set(input.customerIds).size) throw new AppError("NOT_FOUND", "Some of those customers were not found.");
    await tx.groupMember.createMany({
      data: input.customerIds.map((customerId) => ({ merchantId: ctx.merchant.id, groupId: group.id, customerId })),
      skipDuplicates: true,
    });
    await recordAudit(
      {
        merchantId: ctx.merchant.id,
        actorUserId: ctx.user.id,
        action: "group.members_added",
        entityType: "Group",
        entityId: group.id,
        data: { added: input.customerIds.length },
      },
      tx,
    );
    return { id: group.id, name: group.name, count: await tx.groupMember.count({ where: { merchantId: ctx.merchant.id, groupId: group.id } }) };
  });
});

const actor = (ctx: { merchant: { id: string }; user: { id: string } }) => ({ merchantId: ctx.merchant.id, userId: ctx.user.id });

/** Renames one of the merchant's saved (pinned) Smart Filters. */
export const renameSmartFilterAction = merchantAction({ permission: "groups.manage", schema: ZRenameSmartFilter, name: "renameSmartFilter" }, (input, ctx) =>
  renameSmartFilter(actor(ctx), input),
);

/** Moves a saved Smart Filter one place up or down among the merchant's saved filters. */
export const moveSmartFilterAction = merchantAction({ permission: "groups.manage", schema: ZMoveSmartFilter, name: "moveSmartFilter" }, (input, ctx) =>
  moveSmartFilter(actor(ctx), input),
);

/** Deletes a saved Smart Filter (the presets are built in and cannot be deleted). */
export const deleteSmartFilterAction = merchantAction({ permission: "groups.manage", schema: ZSmartFilterId, name: "deleteSmartFilter" }, (input, ctx) =>
  deleteSmartFilter(actor(ctx), input),
);

export const renameGroupAction = merchantAction({ permission: "groups.manage", schema: ZRenameGroup, name: "renameGroup" }, (input, ctx) =>
  renameGroup(actor(ctx), input),
);

export const deleteGroupAction = merchantAction({ permission: "groups.manage", schema: ZGroupId, name: "deleteGroup" }, (input, ctx) =>
  deleteGroup(actor(ctx), input),
);
