import "server-only";
import { z } from "zod";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { recordAudit } from "@/lib/audit";
import { ZInstant, ZVoucherCode } from "./schemas";

export const ZLoadVouchers = z
  .object({
    dealId: z.string().uuid(),
    vouchers: z
      .array(
        z
          .object({
            code: ZVoucherCode,
            purchaserName: z.string().trim().max(160).optional(),
            purchaserEmail: z.string().trim().email().max(254).optional(),
            purchasedAt: ZInstant.optional(),
            expiresAt: ZInstant.optional(),
          })
          .strict(),
      )
      .min(1)
      .max(1000, "At most 1,000 vouchers per call."),
  })
  .strict();
export type TLoadVouchers = z.infer<typeof ZLoadVouchers>;

/**
 * Loads sold vouchers for a deal. Safe to repeat: codes already loaded for this merchant are left
 * as they are (a retry changes nothing). Codes are unique per merchant, so another business's
 * codes neither block a load nor show through it.
 */
export async function loadVouchers(merchantId: string, input: TLoadVouchers, actor: { apiKeyId?: string | null }) {
  const deal = await db.deal.findUnique({ where: { merchantId_id: { merchantId, id: input.dealId } }, select: { id: true, voucherExpiresAt: true } });
  if (!deal) throw new AppError("NOT_FOUND", "No deal with that id.", { fieldErrors: { dealId: "Unknown deal." } });
  const codes = [...new Set(input.vouchers.map((v) => v.code))];
  if (codes.length !== input.vouchers.length) throw new AppError("BAD_REQUEST", "The batch repeats a code.", { fieldErrors: { vouchers: "Duplicate codes." } });
  return db.$transaction(async (tx) => {
    const existing = await tx.voucher.findMany({ where: { merchantId, code: { in: codes } }, select: { code: true } });
    const known = new Set(existing.map((e) => e.code));
    const fresh = input.vouchers.filter((v) => !known.has(v.code));
    // A concurrent load of the same codes for this merchant may win some rows: those count as unchanged.
    const created = await tx.voucher.createManyAndReturn({
      data: fresh.map((v) => ({
        merchantId,
        dealId: deal.id,
        code: v.code,
        purchaserName: v.purchaserName,
        purchaserEmail: v.purchaserEmail?.toLowerCase(),
        purchasedAt: v.purchasedAt,
        expiresAt: v.expiresAt ?? deal.voucherExpiresAt,
      })),
      skipDuplicates: true,
      select: { code: true },
    });
    const createdCodes = new Set(created.map((c) => c.code));
    const unchanged = input.vouchers.length - createdCodes.size;
    await recordAudit(
      {
        merchantId,
        actorApiKeyId: actor.apiKeyId,
        action: "vouchers.loaded",
        entityType: "Deal",
        entityId: deal.id,
        data: { created: createdCodes.size, unchanged },
      },
      tx,
    );
    return {
      created: createdCodes.size,
      unchanged,
      results: input.vouchers.map((v) => ({ code: v.code, result: createdCodes.has(v.code) ? ("created" as const) : ("unchanged" as const) })),
    };
  });
}
