"use server";

import { merchantAction } from "@/features/tenancy/request-chain";
import { mergeTags, renameTag, retireTag, ZMergeTags, ZRenameTag, ZRetireTag } from "./manage";

const actor = (ctx: { merchant: { id: string }; user: { id: string } }) => ({ merchantId: ctx.merchant.id, userId: ctx.user.id });

export const renameTagAction = merchantAction({ permission: "settings.manage", schema: ZRenameTag, name: "renameTag" }, (input, ctx) =>
  renameTag(actor(ctx), input),
);

export const mergeTagsAction = merchantAction({ permission: "settings.manage", schema: ZMergeTags, name: "mergeTags" }, (input, ctx) =>
  mergeTags(actor(ctx), input),
);

export const retireTagAction = merchantAction({ permission: "settings.manage", schema: ZRetireTag, name: "retireTag" }, (input, ctx) =>
  retireTag(actor(ctx), input),
);
