"use server";

import { db } from "@/lib/db";
import { merchantAction } from "@/features/tenancy/request-chain";
import { AppError } from "@/lib/errors";
import { createApiKey } from "./api-keys";
import { recordAudit } from "@/lib/audit";
import { ZNewApiKey, ZRevokeApiKey } from "./schemas";
import { z } from "zod";
import { chain, defineAction, withUser } from "@/lib/chain";
import { endViewAs } from "./view-as";

/** Creates an API key; the full key is returned this once and never again. */
export const createApiKeyAction = merchantAction({ permission: "apiKeys.manage", schema: ZNewApiKey, name: "createApiKey" }, async (input, ctx) => {
  const key = await createApiKey(ctx.merchant.id, input.name, ctx.user.id);
  await recordAudit({
    merchantId: ctx.merchant.id,
    actorUserId: ctx.user.id,
    action: "api_key.created",
    entityType: "ApiKey",
    entityId: key.id,
    data: { name: key.name, prefix: key.prefix },
  });
  return { id: key.id, name: key.name, key: key.key };
});

export const revokeApiKeyAction = merchantAction({ permission: "apiKeys.manage", schema: ZRevokeApiKey, name: "revokeApiKey" }, async (input, ctx) => {
  const { count } = await db.apiKey.updateMany({
    where: { merchantId: ctx.merchant.id, id: input.apiKeyId, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  if (count === 0) throw new AppError("NOT_FOUND", "That key was not found.");
  await recordAudit({ merchantId: ctx.merchant.id, actorUserId: ctx.user.id, action: "api_key.revoked", entityType: "ApiKey", entityId: input.apiKeyId });
  return { revoked: true };
});

/**
 * Ends a read-only "view as" of the merchant of the slug (the banner's button), called as
 * `(merchantSlug, {})`. Only the signed-in user is needed — not the view itself, which may have
 * lapsed — and it changes nothing of the merchant's: it drops the grant cookie and audits the end.
 */
export const endViewAsAction = defineAction(
  chain<string>()
    .use(withUser)
    .use((_ctx, merchantSlug) => ({ merchantSlug: typeof merchantSlug === "string" ? merchantSlug.slice(0, 200) : "" })),
  { name: "endViewAs", schema: z.object({}).strict() },
  (_input, ctx) => endViewAs(ctx.user, ctx.merchantSlug),
);
