import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { db, type Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { fromLocalTime, toLocalTime } from "@/lib/time";
import { recordAudit } from "@/lib/audit";
import { isUuid } from "@/lib/ids";
import { voucherCodeForms } from "@/features/campaigns/codes";
import { ZVoucherCodeAsTyped } from "@/features/visits/schemas";
import { decodePathParam } from "@/lib/api";
import type { z } from "zod";
import { dealRuleProblems, type TDealData, type ZDealForm } from "./schemas";

// Daily deals a publisher sells for one of its merchants, and their sold vouchers. Every function
// takes the merchant (already resolved through the publisher) first; a deal or voucher of any
// other merchant is a NOT_FOUND.

type TMerchantRef = { id: string; timeZone: string; publisherId: string | null };
/** Who acts: a publisher's admin in the console, or a merchant's API key (REST API v1). */
type TActor = { userId?: string | null; publisherId?: string | null; apiKeyId?: string | null };

const auditActor = (actor: TActor) => ({ publisherId: actor.publisherId, actorUserId: actor.userId ?? null, actorApiKeyId: actor.apiKeyId ?? null });

/** Days of the form → instants: a start at local midnight, an end and an expiry at 23:59 local. */
function dealData(deal: z.output<typeof ZDealForm>, timeZone: string): TDealData {
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
 * Creates a deal, or updates one, from the console's form (local days, money as text). Vouchers
 * that carry the deal's old expiry follow a changed expiry; see storeDeal.
 */
export async function saveDeal(merchant: TMerchantRef, dealId: string | undefined, form: z.output<typeof ZDealForm>, actor: TActor) {
  return storeDeal(merchant, dealId, dealData(form, merchant.timeZone), actor, { fieldPrefix: "deal." });
}

/**
 * Creates a deal (all of `data`), or changes the fields of one that `data` names (the rest stay).
 * The deal's rules (dealRuleProblems) are checked on the result, under the row's lock. Vouchers
 * that carry the deal's old expiry (they took the deal's) follow a changed expiry; a voucher given
 * its own expiry keeps it. A quantity below the vouchers already sold is refused. Runs in `tx`
 * when given (an Idempotency-Key's transaction), else in its own; field errors are named
 * `fieldPrefix` + field ("deal.quantity" for the form, "quantity" for the API).
 */
export async function storeDeal(
  merchant: { id: string; publisherId: string | null },
  dealId: string | undefined,
  data: Partial<TDealData>,
  actor: TActor,
  opts: { tx?: Tx; fieldPrefix?: string } = {},
) {
  const prefix = opts.fieldPrefix ?? "";
  const refuse = (problems: { field: string; message: string }[]) => {
    if (problems.length)
      throw new AppError("BAD_REQUEST", problems[0]!.message, { fieldErrors: Object.fromEntries(problems.map((p) => [`${prefix}${p.field}`, p.message])) });
  };
  const write = async (tx: Tx) => {
    if (!dealId) {
      const full = data as TDealData;
      refuse(dealRuleProblems(full));
      const deal = await tx.deal.create({
        data: { merchantId: merchant.id, publisherId: merchant.publisherId, kind: "daily_deal", ...full },
        select: { id: true, title: true },
      });
      await recordAudit(
        { merchantId: merchant.id, ...auditActor(actor), action: "deal.created", entityType: "Deal", entityId: deal.id, data: { title: deal.title } },
        tx,
      );
      return deal;
    }
    const [before] = await tx.$queryRaw<(TDealData & { kind: string })[]>(Prisma.sql`
      SELECT title, "priceCents", "valueCents", "startsAt", "endsAt", "voucherExpiresAt", quantity, kind::text
        FROM deals WHERE "merchantId" = ${merchant.id}::uuid AND id = ${dealId}::uuid FOR UPDATE`);
    if (before?.kind !== "daily_deal") throw new AppError("NOT_FOUND", "That deal was not found.");
    refuse(dealRuleProblems({ ...before, ...data }));
    if (data.quantity !== undefined && data.quantity !== null) {
      const sold = await tx.voucher.count({ where: { merchantId: merchant.id, dealId } });
      if (sold > data.quantity)
        throw new AppError("CONFLICT", `${sold.toLocaleString("en-US")} vouchers are already loaded for this deal.`, {
          fieldErrors: { [`${prefix}quantity`]: `At least ${sold.toLocaleString("en-US")} (already loaded).` },
        });
    }
    const deal = await tx.deal.update({ where: { merchantId_id: { merchantId: merchant.id, id: dealId } }, data, select: { id: true, title: true } });
    if (data.voucherExpiresAt !== undefined && (before.voucherExpiresAt?.getTime() ?? null) !== (data.voucherExpiresAt?.getTime() ?? null)) {
      await tx.voucher.updateMany({
        where: { merchantId: merchant.id, dealId, status: "active", expiresAt: before.voucherExpiresAt },
        data: { expiresAt: data.voucherExpiresAt },
      });
    }
    await recordAudit(
      { merchantId: merchant.id, ...auditActor(actor), action: "deal.updated", entityType: "Deal", entityId: dealId, data: { title: deal.title } },
      tx,
    );
    return deal;
  };
  return opts.tx ? write(opts.tx) : db.$transaction(write);
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
        ...auditActor(actor),
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

/** Moves an active voucher's expiry to the end of a later local day (the console's form). */
export async function extendVoucherExpiry(merchant: { id: string; timeZone: string }, voucherId: string, expiresOn: string, actor: TActor) {
  return extendVoucherExpiryTo(merchant.id, voucherId, fromLocalTime(expiresOn, 23, 59, merchant.timeZone), actor, "expiresOn");
}

/** Moves an active voucher's expiry to a later instant; `field` names the input in field errors. */
export async function extendVoucherExpiryTo(merchantId: string, voucherId: string, expiresAt: Date, actor: TActor, field = "expiresAt") {
  if (expiresAt.getTime() <= Date.now())
    throw new AppError("BAD_REQUEST", "Choose a day in the future.", { fieldErrors: { [field]: "Choose a day in the future." } });
  return db.$transaction(async (tx) => {
    const v = await tx.voucher.findUnique({
      where: { merchantId_id: { merchantId, id: voucherId } },
      select: { status: true, expiresAt: true, code: true, campaignId: true },
    });
    if (!v || v.campaignId) throw new AppError("NOT_FOUND", "That voucher was not found.");
    if (v.status !== "active") throw new AppError("CONFLICT", v.status === "redeemed" ? "This voucher was already redeemed." : "This voucher is void.");
    if (v.expiresAt && expiresAt <= v.expiresAt)
      throw new AppError("BAD_REQUEST", "An extension moves the expiry later.", { fieldErrors: { [field]: "Choose a day after the current expiry." } });
    await tx.voucher.updateMany({ where: { merchantId, id: voucherId, status: "active" }, data: { expiresAt } });
    await recordAudit(
      {
        merchantId,
        ...auditActor(actor),
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

// ── REST API v1 (src/app/api/v1/deals, vouchers/{code}/…): the same deals, in the API's shapes ──

const API_DEAL_SELECT = {
  id: true,
  title: true,
  priceCents: true,
  valueCents: true,
  startsAt: true,
  endsAt: true,
  voucherExpiresAt: true,
  quantity: true,
  createdAt: true,
} as const;
type TApiDealRow = TDealData & { id: string; createdAt: Date };

/** A deal as the API answers it: instants as RFC 3339 (UTC), money in cents with the merchant's currency, its sold and redeemed vouchers. */
function serializeApiDeal(d: TApiDealRow, currency: string, counts: { sold: number; redeemed: number }) {
  const iso = (x: Date | null) => x?.toISOString() ?? null;
  return {
    id: d.id,
    title: d.title,
    priceCents: d.priceCents,
    valueCents: d.valueCents,
    currency,
    startsAt: iso(d.startsAt),
    endsAt: iso(d.endsAt),
    voucherExpiresAt: iso(d.voucherExpiresAt),
    quantity: d.quantity,
    createdAt: d.createdAt.toISOString(),
    sold: counts.sold,
    redeemed: counts.redeemed,
  };
}
export type TApiDeal = ReturnType<typeof serializeApiDeal>;

/** Sold (every loaded voucher) and redeemed counts of some deals: one grouped probe of vouchers (merchantId, dealId). */
async function voucherCounts(merchantId: string, dealIds: string[], tx: Tx | typeof db = db) {
  const counts = new Map<string, { sold: number; redeemed: number }>(dealIds.map((id) => [id, { sold: 0, redeemed: 0 }]));
  if (!dealIds.length) return counts;
  const groups = await tx.voucher.groupBy({ by: ["dealId", "status"], where: { merchantId, dealId: { in: dealIds } }, _count: { _all: true } });
  for (const g of groups) {
    const c = counts.get(g.dealId)!;
    c.sold += g._count._all;
    if (g.status === "redeemed") c.redeemed += g._count._all;
  }
  return counts;
}

/** One daily deal of the merchant with its sold and redeemed counts; a malformed id, another merchant's deal or a campaign's is a 404. */
export async function getApiDealOrThrow(merchant: { id: string; currency: string }, dealId: string, tx: Tx | typeof db = db) {
  const deal = isUuid(dealId)
    ? await tx.deal.findUnique({ where: { merchantId_id: { merchantId: merchant.id, id: dealId } }, select: { ...API_DEAL_SELECT, kind: true } })
    : null;
  if (deal?.kind !== "daily_deal") throw new AppError("NOT_FOUND", "That deal was not found.");
  return serializeApiDeal(deal, merchant.currency, (await voucherCounts(merchant.id, [deal.id], tx)).get(deal.id)!);
}

/** The merchant's daily deals, newest first, a page at a time (cursor: the last id of the previous page). */
export async function listApiDealsPage(merchant: { id: string; currency: string }, opts: { limit: number; cursor?: string }) {
  const rows = await db.deal.findMany({
    where: { merchantId: merchant.id, kind: "daily_deal" },
    select: API_DEAL_SELECT,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: opts.limit + 1,
    ...(opts.cursor ? { cursor: { merchantId_id: { merchantId: merchant.id, id: opts.cursor } }, skip: 1 } : {}),
  });
  const page = rows.slice(0, opts.limit);
  const counts = await voucherCounts(
    merchant.id,
    page.map((d) => d.id),
  );
  return { data: page.map((d) => serializeApiDeal(d, merchant.currency, counts.get(d.id)!)), nextCursor: rows.length > opts.limit ? page.at(-1)!.id : null };
}

/** The merchant as a deal needs it: its publisher (a deal made through the API is its publisher's too). */
export async function getDealMerchant(merchantId: string) {
  return db.merchant.findUniqueOrThrow({ where: { id: merchantId }, select: { id: true, publisherId: true } });
}

const API_VOUCHER_SELECT = {
  id: true,
  code: true,
  dealId: true,
  status: true,
  purchaserName: true,
  purchaserEmail: true,
  purchasedAt: true,
  expiresAt: true,
  redeemedAt: true,
  voidedAt: true,
} as const;

/**
 * The {code} of a voucher route, decoded once more as the counter's lookup does (codes typed with
 * spaces or slashes): 400 for broken percent-encoding, 404 for what cannot be a code at all.
 */
export function voucherCodeParam(raw: string): string {
  const decoded = decodePathParam(raw);
  if (decoded === null) throw new AppError("BAD_REQUEST", "That is not a voucher code: check what was typed or scanned.");
  const code = ZVoucherCodeAsTyped.safeParse(decoded);
  if (!code.success || /[\u0000-\u001f\u007f]/.test(code.data)) throw new AppError("NOT_FOUND", "No deal voucher has that code. Check it for typos.");
  return code.data;
}

/** A deal's sold voucher by its code, as typed or printed (voucherCodeForms); a campaign's code or another merchant's is a 404. */
export async function getDealVoucherByCodeOrThrow(merchantId: string, typed: string) {
  const forms = voucherCodeForms(typed);
  const rows = await db.voucher.findMany({ where: { merchantId, code: { in: forms }, campaignId: null }, select: API_VOUCHER_SELECT });
  const found = forms.map((f) => rows.find((r) => r.code === f)).find(Boolean);
  if (!found) throw new AppError("NOT_FOUND", `No deal voucher has the code ${typed.trim().toUpperCase()}. Check it for typos.`);
  return found;
}

/** A voucher as the API answers it, read again after a change. */
export async function getApiVoucher(merchantId: string, voucherId: string) {
  const v = await db.voucher.findUniqueOrThrow({ where: { merchantId_id: { merchantId, id: voucherId } }, select: API_VOUCHER_SELECT });
  const iso = (x: Date | null) => x?.toISOString() ?? null;
  return { ...v, purchasedAt: iso(v.purchasedAt), expiresAt: iso(v.expiresAt), redeemedAt: iso(v.redeemedAt), voidedAt: iso(v.voidedAt) };
}
