import "server-only";
import { db, type Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { recordAudit } from "@/lib/audit";
import type { TBranding, TPromotion } from "./schemas";

// Writes of promotions and of the merchant's branding. Every function takes merchantId first and
// records who did it in the audit log, in the same transaction as the change.

export type TActor = { userId?: string; apiKeyId?: string };

const columns = (input: TPromotion) => ({
  name: input.name,
  title: input.title,
  offer: input.offer,
  terms: input.terms,
  validDaysOfWeek: input.validDaysOfWeek,
  validHourFrom: input.validHours?.from ?? null,
  validHourTo: input.validHours?.to ?? null,
  expiresInDays: input.expiresInDays,
  oncePerCustomer: input.oncePerCustomer,
  subject: input.subject,
  preheader: input.preheader,
  body: input.body,
});

const audit = (merchantId: string, actor: TActor, action: string, entityId: string, data: object = {}) => ({
  merchantId,
  actorUserId: actor.userId ?? null,
  actorApiKeyId: actor.apiKeyId ?? null,
  action,
  entityType: "Promotion",
  entityId,
  data,
});

export async function createPromotion(merchantId: string, input: TPromotion, actor: TActor, tx?: Tx): Promise<{ id: string }> {
  const write = async (t: Tx) => {
    const row = await t.promotion.create({ data: { merchantId, ...columns(input) }, select: { id: true } });
    await recordAudit(audit(merchantId, actor, "promotion.created", row.id, { name: input.name }), t);
    return row;
  };
  return tx ? write(tx) : db.$transaction(write);
}

export async function updatePromotion(merchantId: string, id: string, input: TPromotion, actor: TActor): Promise<{ id: string }> {
  return db.$transaction(async (tx) => {
    const updated = await tx.promotion.updateMany({ where: { merchantId, id, archivedAt: null }, data: columns(input) });
    if (updated.count === 0) throw new AppError("NOT_FOUND", "That promotion was not found.");
    await recordAudit(audit(merchantId, actor, "promotion.updated", id), tx);
    return { id };
  });
}

export async function setPromotionArchived(merchantId: string, id: string, archived: boolean, actor: TActor): Promise<{ id: string }> {
  return db.$transaction(async (tx) => {
    const updated = await tx.promotion.updateMany({ where: { merchantId, id }, data: { archivedAt: archived ? new Date() : null } });
    if (updated.count === 0) throw new AppError("NOT_FOUND", "That promotion was not found.");
    await recordAudit(audit(merchantId, actor, archived ? "promotion.archived" : "promotion.restored", id), tx);
    return { id };
  });
}

export async function updateMerchantBranding(merchantId: string, data: TBranding, actor: TActor) {
  return db.$transaction(async (tx) => {
    await tx.merchant.update({ where: { id: merchantId }, data });
    await recordAudit(
      { merchantId, actorUserId: actor.userId ?? null, action: "merchant.branding_updated", entityType: "Merchant", entityId: merchantId, data },
      tx,
    );
    return { id: merchantId };
  });
}
