import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { customerSearchSql, searchTerm } from "@/features/filters/search";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { allows, type TRole, type TSessionKind } from "@/lib/permissions";
import { formatCounterTime, toLocalTime } from "@/lib/time";
import { recordAudit } from "@/lib/audit";
import { recomputeCustomerAggregates } from "@/features/customers/aggregates";
import type { TCounterCustomer, TEditVisit, TRecentCapture, TVisitCorrected, TVisitUndone, TVoucherLookup } from "./schemas";
import { promotionWindowProblem } from "@/features/promotions/validity";
import { voucherRefusalError, type TVoucherRefusal } from "./voucher-refusals";
import { storedVoucherForm, voucherCodeForms } from "@/features/campaigns/codes";
import { campaignWindow } from "@/features/campaigns/content";
import { ensureTags } from "@/features/customers/tags";

const UNDO_WINDOW_MS = 10 * 60_000;

/** What the counter shows after a code is typed or scanned, before anything is recorded. */
export async function lookupVoucher(merchant: { id: string; timeZone: string }, code: string): Promise<TVoucherLookup> {
  // Only this merchant's codes: another business's code is "not found", like a typo (no one
  // learns which codes exist elsewhere).
  const forms = voucherCodeForms(code);
  const found = await db.voucher.findMany({
    where: { merchantId: merchant.id, code: { in: forms } },
    select: {
      code: true,
      status: true,
      expiresAt: true,
      redeemedAt: true,
      redeemedByUserId: true,
      purchaserName: true,
      customerId: true,
      campaignId: true,
      deal: { select: { title: true } },
    },
  });
  const v = found.find(
    (f) =>
      f.code ===
      storedVoucherForm(
        forms,
        found.map((x) => x.code),
      ),
  );
  const refused = (r: TVoucherRefusal) => ({ ok: false as const, message: voucherRefusalError(v?.code ?? code.toUpperCase(), r, merchant.timeZone).message });
  if (!v) return refused({ reason: "voucher_unknown" });
  if (v.status === "void") return refused({ reason: "voucher_void" });
  if (v.status === "redeemed") {
    const by = v.redeemedByUserId ? await db.user.findUnique({ where: { id: v.redeemedByUserId }, select: { name: true } }) : null;
    return refused({ reason: "voucher_redeemed", redeemedAt: v.redeemedAt, redeemedBy: by?.name ?? null });
  }
  if (v.expiresAt && v.expiresAt < new Date()) return refused({ reason: "voucher_expired", expiresAt: v.expiresAt });
  if (v.campaignId) {
    const campaign = await db.campaign.findUnique({
      where: { merchantId_id: { merchantId: merchant.id, id: v.campaignId } },
      select: { content: true, promotion: { select: { validDaysOfWeek: true, validHourFrom: true, validHourTo: true } } },
    });
    const window = campaign ? campaignWindow(campaign.content, campaign.promotion) : null;
    const local = toLocalTime(new Date(), merchant.timeZone);
    if (window && promotionWindowProblem(v.code, window, local)) return refused({ reason: "voucher_window", window, local });
  }
  const customer = v.customerId
    ? await db.customer.findUnique({
        where: { merchantId_id: { merchantId: merchant.id, id: v.customerId } },
        select: { id: true, firstName: true, lastName: true, visitCount: true, lastRating: true },
      })
    : null;
  return {
    ok: true,
    code: v.code,
    dealTitle: v.deal.title,
    customer: customer ? { ...customer, name: [customer.firstName, customer.lastName].filter(Boolean).join(" ") } : null,
    purchaserName: v.purchaserName,
  };
}

/** Find-as-you-type for walk-ins (features/filters/search.ts), best customers first. */
export async function searchCustomersForCounter(merchantId: string, q: string): Promise<TCounterCustomer[]> {
  const term = searchTerm(q);
  if (!term || term.length < 2) return [];
  const rows = await db.$queryRaw<
    {
      id: string;
      firstName: string | null;
      lastName: string | null;
      email: string | null;
      phone: string | null;
      visitCount: number;
      lastRating: number | null;
    }[]
  >(Prisma.sql`
    SELECT c.id, c."firstName", c."lastName", c.email, c.phone, c."visitCount", c."lastRating"
      FROM customers c
     WHERE c."merchantId" = ${merchantId}::uuid AND ${customerSearchSql(term)}
     ORDER BY c."visitCount" DESC, c."lastVisitAt" DESC NULLS LAST, c.id
     LIMIT 8`);
  return rows.map((r) => ({ ...r, name: [r.firstName, r.lastName].filter(Boolean).join(" ") || r.email || r.phone || "Unnamed" }));
}

/** The latest captures at this merchant, for the counter's "recent" list. */
export async function listRecentCaptures(merchantId: string, limit = 12, timeZone = "UTC"): Promise<TRecentCapture[]> {
  const rows = await db.visit.findMany({
    where: { merchantId },
    orderBy: { createdAt: "desc" },
    take: limit,
    select: {
      id: true,
      occurredAt: true,
      createdAt: true,
      amountCents: true,
      partySize: true,
      rating: true,
      staffUserId: true,
      voucherId: true,
      customer: { select: { id: true, firstName: true, lastName: true, email: true, phone: true } },
      tags: { select: { tag: { select: { name: true } } } },
    },
  });
  return rows.map((r) => ({
    id: r.id,
    occurredAt: r.occurredAt.toISOString(),
    createdAt: r.createdAt.toISOString(),
    amountCents: r.amountCents,
    partySize: r.partySize,
    rating: r.rating,
    staffUserId: r.staffUserId,
    redemption: r.voucherId !== null,
    customerName: [r.customer.firstName, r.customer.lastName].filter(Boolean).join(" ") || r.customer.email || "Customer",
    tags: r.tags.map((t) => t.tag.name),
    localTime: formatCounterTime(r.occurredAt, timeZone),
    contactHint: contactHint(r.customer),
  }));
}

/** Tells two customers of the same name apart on the counter: the phone's last digits, else the email. */
export function contactHint(c: { phone: string | null; email: string | null }): string | null {
  return c.phone ? `phone …${c.phone.slice(-4)}` : c.email;
}

/**
 * The merchant's most recent customers, kept on the tablet so the counter's search still finds the
 * common case offline (FindCustomer). Most recent visit first; `limit` bounds what the device holds.
 */
export async function listCustomersForOffline(merchantId: string, limit = 300): Promise<TCounterCustomer[]> {
  const rows = await db.customer.findMany({
    where: { merchantId, OR: [{ lastVisitAt: { not: null } }, { createdAt: { gte: new Date(Date.now() - 30 * 86_400_000) } }] },
    orderBy: [{ lastVisitAt: { sort: "desc", nulls: "last" } }, { id: "asc" }],
    take: limit,
    select: { id: true, firstName: true, lastName: true, email: true, phone: true, visitCount: true, lastRating: true },
  });
  return rows.map((r) => ({
    ...r,
    lastRating: r.lastRating ?? null,
    name: [r.firstName, r.lastName].filter(Boolean).join(" ") || r.email || r.phone || "Unnamed",
  }));
}

function assertMayChange(
  ctx: { user: { id: string }; role: TRole; sessionKind?: TSessionKind },
  visit: { staffUserId: string | null; createdAt: Date },
  verb: string,
) {
  // A manager's PIN session on the tablet has the counter's rules, like everyone's.
  if (allows({ role: ctx.role, sessionKind: ctx.sessionKind ?? "password" }, "visits.editAny")) return;
  if (visit.staffUserId !== ctx.user.id) throw new AppError("FORBIDDEN", `You can only ${verb} your own captures. Ask a manager.`);
  if (Date.now() - visit.createdAt.getTime() > UNDO_WINDOW_MS)
    throw new AppError("FORBIDDEN", `Captures can be changed for 10 minutes. Ask a manager to ${verb} it.`);
}

/**
 * Corrects a visit's spend, party size, rating, tags or note: staff their own within 10 minutes,
 * managers any visit. The customer's aggregates are recomputed and the change is audited with
 * its before and after values.
 */
export async function editVisit(
  ctx: { merchant: { id: string }; user: { id: string }; role: TRole; sessionKind?: TSessionKind },
  input: TEditVisit,
): Promise<TVisitCorrected> {
  return db.$transaction(async (tx) => {
    const visit = await tx.visit.findUnique({
      where: { merchantId_id: { merchantId: ctx.merchant.id, id: input.visitId } },
      include: { tags: { select: { tag: { select: { name: true } } } } },
    });
    if (!visit) throw new AppError("NOT_FOUND", "That visit was not found.");
    assertMayChange(ctx, visit, "correct");
    const before = {
      amountCents: visit.amountCents,
      partySize: visit.partySize,
      rating: visit.rating,
      note: visit.note,
      tags: visit.tags.map((t) => t.tag.name),
    };
    await tx.visit.update({
      where: { merchantId_id: { merchantId: ctx.merchant.id, id: visit.id } },
      data: {
        ...(input.amountCents !== undefined ? { amountCents: input.amountCents } : {}),
        ...(input.partySize !== undefined ? { partySize: input.partySize } : {}),
        ...(input.rating !== undefined ? { rating: input.rating } : {}),
        ...(input.note !== undefined ? { note: input.note } : {}),
      },
    });
    if (input.tags) {
      const tagIds = await ensureTags(tx, ctx.merchant.id, input.tags);
      await tx.visitTag.deleteMany({ where: { merchantId: ctx.merchant.id, visitId: visit.id } });
      if (tagIds.length) await tx.visitTag.createMany({ data: tagIds.map((tagId) => ({ merchantId: ctx.merchant.id, visitId: visit.id, tagId })) });
    }
    await recomputeCustomerAggregates(tx, ctx.merchant.id, [visit.customerId]);
    const { visitId: _v, ...after } = input;
    await recordAudit(
      { merchantId: ctx.merchant.id, actorUserId: ctx.user.id, action: "visit.corrected", entityType: "Visit", entityId: visit.id, data: { before, after } },
      tx,
    );
    return { corrected: true } as const;
  });
}

/**
 * Undoes a capture: staff may undo their own within 10 minutes, managers any visit. A redeemed
 * voucher becomes redeemable again; the customer's aggregates are recomputed; it is audited.
 */
export async function undoVisit(
  ctx: { merchant: { id: string }; user: { id: string }; role: TRole; sessionKind?: TSessionKind },
  visitId: string,
): Promise<TVisitUndone> {
  return db.$transaction(async (tx) => {
    const visit = await tx.visit.findUnique({ where: { merchantId_id: { merchantId: ctx.merchant.id, id: visitId } } });
    if (!visit) throw new AppError("NOT_FOUND", "That visit was not found.");
    assertMayChange(ctx, visit, "undo");
    if (visit.voucherId) {
      await tx.voucher.update({
        where: { merchantId_id: { merchantId: ctx.merchant.id, id: visit.voucherId } },
        data: { status: "active", redeemedAt: null, redeemedByUserId: null, visitId: null },
      });
    }
    await tx.visit.delete({ where: { merchantId_id: { merchantId: ctx.merchant.id, id: visitId } } });
    await recomputeCustomerAggregates(tx, ctx.merchant.id, [visit.customerId]);
    await recordAudit(
      {
        merchantId: ctx.merchant.id,
        actorUserId: ctx.user.id,
        action: "visit.undone",
        entityType: "Visit",
        entityId: visitId,
        data: { customerId: visit.customerId, amountCents: visit.amountCents },
      },
      tx,
    );
    return { undone: true } as const;
  });
}
