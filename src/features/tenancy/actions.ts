"use server";

import { db } from "@/lib/db";
import { merchantAction } from "@/features/tenancy/request-chain";
import { AppError } from "@/lib/errors";
import { createApiKey } from "./api-keys";
import { recordAudit } from "@/lib/audit";
import { ZNewApiKey, ZRevokeApiKey } from "./schemas";

/** Creates an API key; the full key is returned this once and never again. */
export const createApiKeyAction = merchantAction({ permission: "apiKeys.manage", schema: ZNewApiKey, name: "createApiKey" }, async (input, ctx) => {
  const key = await createApiKey(ctx.merchant.id, input.name, ctx.user.id);
  await recordAudit({ merchantId: ctx.merchant.id, actorUserId: ctx.user.id, action: "api_key.created", entityType: "ApiKey", entityId: key.id, data: { name: key.name, prefix: key.prefix } });
  return { id: key.id, name: key.name, key: key.key };
});

export const revokeApiKeyAction = merchantAction({ permission: "apiKeys.manage", schema: ZRevokeApiKey, name: "revokeApiKey" }, async (input, ctx) => {
  const { count } = await db.apiKey.updateMany({ where: { merchantId: ctx.merchant.id, id: input.apiKeyId, revokedAt: null }, data: { revokedAt: new Date() } });
  if (count === 0) throw new AppError("NOT_FOUND", "That key was not found.");
  await recordAudit({ merchantId: ctx.merchant.id, actorUserId: ctx.user.id, action: "api_key.revoked", entityType: "ApiKey", entityId: input.apiKeyId });
  return { revoked: true };
});
