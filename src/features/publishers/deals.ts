import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { fromLocalTime, toLocalTime } from "@/lib/time";
import { recordAudit } from "@/lib/audit";
import type { z } from "zod";
import type { ZDealForm } from "./schemas";

// Daily deals a publisher sells for one of its merchants, and their sold vouchers. Every function
// takes the merchant (already resolved through the publisher) first; a deal or voucher of any
// other merchant is a NOT_FOUND.

type TMerchantRef = { id: string; timeZone: string; publisherId: string | null };
type TActor = { userId: string | null; publisherId?: string | null };

/** Days of the form → instants: a start at local midnight, an end and an expiry at 23:59 local. */
function dealData(deal: z.output<typeof ZDealForm>, timeZone: string) {
  return {
    title: deal.title,
    priceCents: deal.price,
    valueCents: deal.value,
    startsAt: deal.startsOn ? fromLocalTime(deal.startsOn, 0, 0, timeZone) : null,
    endsAt: deal.endsOn ? fromLocalTime(deal.endsOn, 23, 59, timeZone) : null,
    voucherExpiresAt: deal.voucherExpiresOn ? fromLocalTime(deal.voucherExpiresOn, 23, 59, timeZone) : null,
    quantity: deal.quantity,
  };
}

/** The deal's instants back as the form's local days. */
export function dealFormValues(
  deal: {
    title: string;
    priceCents: number;
    valueCents: number;
    startsAt: Date | null;
    endsAt: Date | null;
    voucherExpiresAt: Date | null;
    quantity: number | null;
  },
  timeZone: string,
) {
  const day = (d: Date | null) => (d ? toLocalTime(d, timeZone).date : "");
  return {
    title: deal.title,
    price: (deal.priceCents / 100).toFixed(2),
    value: (deal.valueCents / 100).toFixed(2),
    startsOn: day(deal.startsAt),
    endsOn: day(deal.endsAt),
    voucherExpiresOn: day(deal.voucherExpiresAt),
    quantity: deal.quantity === null ? "" : String(deal.quantity),
  };
}

export async function getDealOrThrow(merchantId: string, dealId: string) {
  const deal = await db.deal.findUnique({ where: { merchantId_id: { merchantId, id: dealId } } });
  if (deal?.kind !== "daily_deal") throw new AppError("NOT_FOUND", "That deal was not found.");
  return deal;
}

/**
 * Creates a deal, or updates one. Vouchers that carry the deal's old expiry (they took the deal's)
 * follow a changed expiry; a voucher given its own expiry keeps it. A quantity below the vouchers
 * already sold is refused.
 */
export async function saveDeal(merchant: TMerchantRef, dealId: string | undefined, form: z.output<typeof ZDealForm>, actor: TActor) {
  const data = dealData(form, merchant.timeZone);
  return db.$transaction(async (tx) => {
    if (!dealId) {
      const deal = await tx.deal.create({
        data: { merchantId: merchant.id, publisherId: merchant.publisherId, kind: "daily_deal", ...data },
        select: { id: true, title: true },
      });
      await recordAudit(
        {
          merchantId: merchant.id,
          publisherId: actor.publisherId,
          actorUserId: actor.userId,
          action: "deal.created",
          entityType: "Deal",
          entityId: deal.id,
          data: { title: deal.title },
        },
        tx,
      );
      return deal;
    }
    const [before] = await tx.$queryRaw<{ voucherExpiresAt: Date | null; kind: string }[]>(Prisma.sql`
      SELECT "voucherExpiresAt", kind::text FROM deals WHERE "merchantId" = ${merchant.id}::uuid AND id = ${dealId}::uuid FOR UPDATE`);
    if (before?.kind !== "daily_deal") throw new AppError("NOT_FOUND", "That deal was not found.");
    if (data.quantity !== null) {
      const sold = await tx.voucher.count({ where: { merchantId: merchant.id, dealId } });
      if (sold > data.quantity)
        throw new AppError("CONFLICT", `${sold.toLocaleString("en-US")} vouchers are already loaded for this deal.`, {
          fieldErrors: { "deal.quantity": `At least ${sold.toLocaleString("en-US")} (already loaded).` },
        });
    }
    const deal = await tx.deal.update({ where: { merchantId_id: { merchantId: merchant.id, id: dealId } }, data, select: { id: true, title: true } });
    if ((before.voucherExpiresAt?.getTime() ?? null) !== (data.voucherExpiresAt?.getTime() ?? null)) {
      await tx.voucher.updateMany({
        where: { merchantId: merchant.id, dealId, status: "active", expiresAt: before.voucherExpiresAt },
        data: { expiresAt: data.voucherExpiresAt },
      });
    }
    await recordAudit(
      {
        merchantId: merchant.id,
        publisherId: actor.publisherId,
        actorUserId: actor.userId,
        action: "deal.updated",
        entityType: "Deal",
        entityId: dealId,
        data: { title: deal.title },
      },
      tx,
    );
    return deal;
  });
}

/** Voids a sold voucher that is not redeemed: the counter then refuses it as void. */
export async function voidVoucher(merchantId: string, voucherId: string, actor: TActor) {
  return db.$transaction(async (tx) => {
    const rows = await tx.voucher.updateManyAndReturn({
      where: { merchantId, id: voucherId, status: "active", campaignId: null },
      data: { status: "void", voidedAt: new Date() },
      select: { code: true, dealId: true },
    });
    if (!rows[0]) {
      const v = await tx.voucher.findUnique({ where: { merchantId_id: { merchantId, id: voucherId } }, select: { status: true, campaignId: true } });
      if (!v || v.campaignId) throw new AppError("NOT_FOUND", "That voucher was not found.");
      throw new AppError(
        "CONFLICT",
        v.status === "redeemed" ? "This voucher was already redeemed; a redeemed voucher cannot be voided." : "This voucher is already void.",
      );
    }
    await recordAudit(
      {
        merchantId,
        publisherId: actor.publisherId,
        actorUserId: actor.userId,
        action: "voucher.voided",
        entityType: "Voucher",
        entityId: voucherId,
        data: { code: rows[0].code },
      },
      tx,
    );
    return { voided: true };
  });
}

/** Moves an active voucher's expiry to the end of a later local day. */
export async function extendVoucherExpiry(merchant: { id: string; timeZone: string }, voucherId: string, expiresOn: string, actor: TActor) {
  const expiresAt = fromLocalTime(expiresOn, 23, 59, merchant.timeZone);
  if (expiresAt.getTime() <= Date.now())
    throw new AppError("BAD_REQUEST", "Choose a day in the future.", { fieldErrors: { expiresOn: "Choose a day in the future." } });
  return db.$transaction(async (tx) => {
    const v = await tx.voucher.findUnique({
      where: { merchantId_id: { merchantId: merchant.id, id: voucherId } },
      select: { status: true, expiresAt: true, code: true, campaignId: true },
    });
    if (!v || v.campaignId) throw new AppError("NOT_FOUND", "That voucher was not found.");
    if (v.status !== "active") throw new AppError("CONFLICT", v.status === "redeemed" ? "This voucher was already redeemed." : "This voucher is void.");
    if (v.expiresAt && expiresAt <= v.expiresAt)
      throw new AppError("BAD_REQUEST", "An extension moves the expiry later.", { fieldErrors: { expiresOn: "Choose a day after the current expiry." } });
    await tx.voucher.updateMany({ where: { merchantId: merchant.id, id: voucherId, status: "active" }, data: { expiresAt } });
    await recordAudit(
      {
        merchantId: merchant.id,
        publisherId: actor.publisherId,
        actorUserId: actor.userId,
        action: "voucher.extended",
        entityType: "Voucher",
        entityId: voucherId,
        data: { code: v.code, from: v.expiresAt?.toISOString() ?? null, to: expiresAt.toISOString() },
      },
      tx,
    );
    return { expiresAt };
  });
}

/** A deal's vouchers, a page at a time (by code), optionally those whose code or buyer starts with `q`. */
export async function listDealVouchers(merchantId: string, dealId: string, opts: { q?: string; after?: string; take?: number } = {}) {
  const q = opts.q?.trim();
  const take = opts.take ?? 25;
  const rows = await db.voucher.findMany({
    where: {
      merchantId,
      dealId,
      ...(q
        ? {
            OR: [
              { code: { startsWith: q.toUpperCase() } },
              { purchaserEmail: { startsWith: q.toLowerCase() } },
              { purchaserName: { startsWith: q, mode: "insensitive" } },
            ],
          }
        : {}),
      ...(opts.after ? { code: { gt: opts.after } } : {}),
    },
    orderBy: { code: "asc" },
    take: take + 1,
    select: {
      id: true,
      code: true,
      status: true,
      purchaserName: true,
      purchaserEmail: true,
      purchasedAt: true,
      expiresAt: true,
      redeemedAt: true,
      voidedAt: true,
      customerId: true,
    },
  });
  return { vouchers: rows.slice(0, take), next: rows.length > take ? rows[take - 1]!.code : null };
}

/** The merchant's daily deals, newest first, with their sold and redeemed counts. */
export async function listMerchantDeals(merchantId: string) {
  return db.$queryRaw<
    {
      id: string;
      title: string;
      priceCents: number;
      valueCents: number;
      startsAt: Date | null;
      endsAt: Date | null;
      quantity: number | null;
      sold: number;
      redeemed: number;
    }[]
  >(Prisma.sql`
    SELECT d.id, d.title, d."priceCents", d."valueCents", d."startsAt", d."endsAt", d.quantity,
           (SELECT count(*)::int FROM vouchers v WHERE v."merchantId" = d."merchantId" AND v."dealId" = d.id) AS sold,
           (SELECT count(*)::int FROM vouchers v WHERE v."merchantId" = d."merchantId" AND v."dealId" = d.id AND v.status = 'redeemed') AS redeemed
      FROM deals d
     WHERE d."merchantId" = ${merchantId}::uuid AND d.kind = 'daily_deal'
     ORDER BY d."createdAt" DESC`);
}
