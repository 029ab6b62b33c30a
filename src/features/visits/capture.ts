import "server-only";
import { Prisma } from "@/generated/prisma/client";
import type { Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { formatLocalDateTime, toLocalTime } from "@/lib/time";
import { recordAudit } from "@/features/tenancy/audit";
import { upsertCustomer } from "@/features/customers/upsert";
import { aggregatesUpdateSql } from "./aggregates";
import { promotionWindowProblem } from "./promotion-rules";
import { ensureTags } from "./tags";
import type { TCaptureVisit } from "./schemas";

export type TCaptureActor = { userId?: string | null; apiKeyId?: string | null; source: "counter" | "api" | "import" };
export type TCaptureMerchant = { id: string; timeZone: string };

export type TCapturedVisit = {
  id: string;
  customerId: string;
  occurredAt: string;
  localDate: string;
  localDayOfWeek: number;
  localHour: number;
  amountCents: number;
  customerCreated: boolean;
  voucher: { code: string; dealTitle: string } | null;
};

type TVoucherRow = {
  id: string;
  merchantId: string;
  code: string;
  status: "active" | "redeemed" | "void";
  customerId: string | null;
  purchaserName: string | null;
  purchaserEmail: string | null;
  expiresAt: Date | null;
  redeemedAt: Date | null;
  redeemedByUserId: string | null;
  dealTitle: string;
  /** Set for a Social Select code: its promotion's window. */
  validDaysOfWeek: number[] | null;
  validHourFrom: number | null;
  validHourTo: number | null;
};

/**
 * Locks and checks a voucher for redemption at this merchant. The row lock (FOR UPDATE) makes two
 * concurrent redemptions of one code queue up: the second sees it redeemed and gets a 409.
 * Nothing is recorded when a check fails.
 */
async function lockVoucherForRedemption(tx: Tx, merchant: TCaptureMerchant, code: string, at: Date): Promise<TVoucherRow> {
  const rows = await tx.$queryRaw<TVoucherRow[]>`
    SELECT v.id, v."merchantId", v.code, v.status, v."customerId", v."purchaserName", v."purchaserEmail", v."expiresAt",
           v."redeemedAt", v."redeemedByUserId", d.title AS "dealTitle",
           p."validDaysOfWeek", p."validHourFrom", p."validHourTo"
      FROM vouchers v JOIN deals d ON d."merchantId" = v."merchantId" AND d.id = v."dealId"
      LEFT JOIN campaigns c ON c."merchantId" = v."merchantId" AND c.id = v."campaignId"
      LEFT JOIN promotions p ON p."merchantId" = c."merchantId" AND p.id = c."promotionId"
     WHERE v.code = ${code}
     FOR UPDATE OF v`;
  const v = rows[0];
  if (!v) throw new AppError("UNPROCESSABLE", `No voucher has the code ${code}. Check it for typos.`, { fieldErrors: { voucherCode: "Unknown code." } });
  if (v.merchantId !== merchant.id) {
    throw new AppError("UNPROCESSABLE", `${code} is another business's voucher; it cannot be redeemed here.`, { fieldErrors: { voucherCode: "Not this merchant's voucher." } });
  }
  if (v.status === "void") throw new AppError("UNPROCESSABLE", `${code} was voided and cannot be redeemed.`, { fieldErrors: { voucherCode: "Voided." } });
  if (v.status === "redeemed") {
    const by = v.redeemedByUserId ? await tx.user.findUnique({ where: { id: v.redeemedByUserId }, select: { name: true } }) : null;
    const when = v.redeemedAt ? formatLocalDateTime(v.redeemedAt, merchant.timeZone) : "earlier";
    throw new AppError("CONFLICT", `${code} was already redeemed on ${when}${by?.name ? ` by ${by.name}` : ""}.`, {
      fieldErrors: { voucherCode: "Already redeemed." },
      details: { redeemedAt: v.redeemedAt?.toISOString() ?? null, redeemedBy: by?.name ?? null },
    });
  }
  if (v.expiresAt && v.expiresAt < at) {
    throw new AppError("UNPROCESSABLE", `${code} expired on ${formatLocalDateTime(v.expiresAt, merchant.timeZone)}.`, { fieldErrors: { voucherCode: "Expired." } });
  }
  if (v.validDaysOfWeek) {
    const problem = promotionWindowProblem(code, { validDaysOfWeek: v.validDaysOfWeek, validHourFrom: v.validHourFrom, validHourTo: v.validHourTo }, toLocalTime(at, merchant.timeZone));
    if (problem) throw new AppError("UNPROCESSABLE", problem, { fieldErrors: { voucherCode: "Outside the promotion's days or hours." } });
  }
  return v;
}

function splitName(full: string | null): { firstName?: string; lastName?: string } {
  if (!full) return {};
  const [first, ...rest] = full.trim().split(/\s+/);
  return { firstName: first, lastName: rest.join(" ") || undefined };
}

/**
 * Records one visit — a redemption when it carries a voucher code — inside the caller's transaction:
 * the customer (found, created or taken from the voucher), the visit with its merchant-local date,
 * weekday and hour, its tags, the voucher marked redeemed, the customer's aggregates, and an audit entry.
 */
export async function captureVisit(tx: Tx, merchant: TCaptureMerchant, actor: TCaptureActor, input: TCaptureVisit): Promise<TCapturedVisit> {
  const occurredAt = input.occurredAt ?? new Date();
  if (occurredAt.getTime() > Date.now() + 5 * 60_000) {
    throw new AppError("UNPROCESSABLE", "That visit is in the future. Check the device clock.", { fieldErrors: { occurredAt: "In the future." } });
  }
  const voucher = input.voucherCode ? await lockVoucherForRedemption(tx, merchant, input.voucherCode, occurredAt) : null;

  let customerId: string;
  let customerCreated = false;
  if (input.customerId) {
    const found = await tx.customer.findUnique({ where: { merchantId_id: { merchantId: merchant.id, id: input.customerId } }, select: { id: true } });
    if (!found) throw new AppError("NOT_FOUND", "That customer was not found.", { fieldErrors: { customerId: "Unknown customer." } });
    customerId = found.id;
  } else if (input.customer) {
    ({ id: customerId, created: customerCreated } = await upsertCustomer(tx, merchant.id, input.customer, actor.source));
  } else if (voucher?.customerId) {
    customerId = voucher.customerId;
  } else if (voucher) {
    // A daily-deal buyer seen for the first time: the purchaser becomes the customer.
    const created = await upsertCustomer(
      tx,
      merchant.id,
      { ...splitName(voucher.purchaserName), ...(voucher.purchaserEmail ? { email: voucher.purchaserEmail } : {}), ...(voucher.purchaserName || voucher.purchaserEmail ? {} : { firstName: "Deal customer" }) },
      "deal",
    );
    customerId = created.id;
    customerCreated = created.created;
  } else {
    throw new AppError("BAD_REQUEST", "Say who the customer is: a customerId, a customer, or a voucher code.", { fieldErrors: { customerId: "Required." } });
  }

  const local = toLocalTime(occurredAt, merchant.timeZone);
  const tagIds = input.tags?.length ? await ensureTags(tx, merchant.id, input.tags) : [];
  // One statement: the visit, its tags and the customer's aggregates (PERF-LIMITS.md: round trips
  // are what capture throughput pays for).
  const folded = { customerId, occurredAt, amountCents: input.amountCents, rating: input.rating ?? null, localDayOfWeek: local.dayOfWeek, localHour: local.hour, hasVoucher: !!voucher, tagIds };
  const [visit] = await tx.$queryRaw<{ id: string }[]>(Prisma.sql`
    WITH v AS (
      INSERT INTO visits ("merchantId", "customerId", "occurredAt", "localDate", "localDayOfWeek", "localHour", "amountCents", "partySize", rating,
                          "staffUserId", "voucherId", note, source, "updatedAt")
      VALUES (${merchant.id}::uuid, ${customerId}::uuid, ${occurredAt}::timestamptz, ${local.date}::date, ${local.dayOfWeek}::smallint, ${local.hour}::smallint,
              ${input.amountCents}::int, ${input.partySize ?? 1}::smallint, ${input.rating ?? null}::smallint, ${actor.userId ?? null}::uuid,
              ${voucher?.id ?? null}::uuid, ${input.note ?? null}, ${actor.source}::"RecordSource", now())
      RETURNING id
    ), tagged AS (
      INSERT INTO visit_tags ("merchantId", "visitId", "tagId") SELECT ${merchant.id}::uuid, v.id, t FROM v, unnest(${tagIds}::uuid[]) AS t
    ), folded AS (${aggregatesUpdateSql(merchant.id, folded)})
    SELECT id FROM v`);
  if (!visit) throw new Error("visit insert returned no row");
  if (voucher) {
    await tx.voucher.update({
      where: { merchantId_id: { merchantId: merchant.id, id: voucher.id } },
      data: { status: "redeemed", redeemedAt: occurredAt, redeemedByUserId: actor.userId ?? null, visitId: visit.id, customerId },
    });
  }
  await recordAudit(
    { merchantId: merchant.id, actorUserId: actor.userId, actorApiKeyId: actor.apiKeyId, action: voucher ? "visit.redeemed" : "visit.recorded", entityType: "Visit", entityId: visit.id, data: { customerId, amountCents: input.amountCents, voucherCode: voucher?.code ?? null } },
    tx,
  );

  return {
    id: visit.id,
    customerId,
    occurredAt: occurredAt.toISOString(),
    localDate: local.date,
    localDayOfWeek: local.dayOfWeek,
    localHour: local.hour,
    amountCents: input.amountCents,
    customerCreated,
    voucher: voucher ? { code: voucher.code, dealTitle: voucher.dealTitle } : null,
  };
}
