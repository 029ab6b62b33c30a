import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { AppError } from "@/lib/errors";
import { addDays, fromLocalTime } from "@/lib/time";
import { compileWhere } from "@/features/filters/compile";
import { presetsFor } from "@/features/filters/presets";
import { ZFilter, type TFilter } from "@/features/filters/schemas";
import { segmentLabel } from "@/features/insights/segments";
import { type TAutomationKind, type TDateSettings, type TSecondVisitSettings, type TThankYouSettings, type TWinBackSettings, welcomeSegment } from "./schemas";
import { dateTargets } from "./window";

// Each kind of automation as one set-based query: the customers (`customers c`) whose occasion is
// due on a merchant-local day in [from, to], with the occasion's key (what makes it once per
// customer and occasion) and its due date. Every branch reads a range of a merchant-first index:
//   second visit  customers (merchantId, firstVisitAt)        first visit N days before the due day
//   win-back      customers (merchantId, lastVisitAt)          last visit N days before the due day
//                 (usual-gap mode reads the merchant's repeat customers: its due day is per customer)
//   birthday      customers_birthday_code_idx (month·100+day)   the day `daysBefore` after the due day
//   thank-you     visits (merchantId, occurredAt)              a 3-star visit N days before the due day
//   welcome       the Smart Filter's own plan, against automation_members (who matched last time)

export type TOccasionSql = { from: Prisma.Sql; where: Prisma.Sql; key: Prisma.Sql; due: Prisma.Sql };
export type TOccasionContext = { merchantId: string; timeZone: string; automationId: string; from: string; to: string; now: Date };

const startOf = (date: string, tz: string) => fromLocalTime(date, 0, 0, tz);
const localDate = (col: Prisma.Sql, tz: string) => Prisma.sql`((${col}) AT TIME ZONE ${tz})::date`;

/** The instants whose local date, plus `days`, falls in [from, to]: [start(from − days), start(to − days + 1)). */
function shiftedRange(ctx: TOccasionContext, days: number) {
  return { lo: startOf(addDays(ctx.from, -days), ctx.timeZone), hi: startOf(addDays(ctx.to, -days + 1), ctx.timeZone) };
}

export function secondVisitSql(ctx: TOccasionContext, s: TSecondVisitSettings): TOccasionSql {
  const { lo, hi } = shiftedRange(ctx, s.days);
  return {
    from: Prisma.sql`customers c`,
    // Came once, that once was a daily-deal redemption, and has not been back since.
    where: Prisma.sql`c."merchantId" = ${ctx.merchantId}::uuid AND c."firstVisitAt" >= ${lo} AND c."firstVisitAt" < ${hi}
      AND c."visitCount" = 1 AND c."voucherVisitCount" = 1
      AND EXISTS (SELECT 1 FROM visits v JOIN vouchers vo ON vo."merchantId" = v."merchantId" AND vo.id = v."voucherId"
                   JOIN deals d ON d."merchantId" = vo."merchantId" AND d.id = vo."dealId"
                  WHERE v."merchantId" = c."merchantId" AND v."customerId" = c.id AND d.kind = 'daily_deal')`,
    key: Prisma.sql`'first-deal'`,
    due: Prisma.sql`${localDate(Prisma.sql`c."firstVisitAt"`, ctx.timeZone)} + ${s.days}::int`,
  };
}

/** Twice the customer's usual gap between visits, at least a week: (last − first) / (visits − 1). */
const usualGapDue = (tz: string) =>
  localDate(Prisma.sql`c."lastVisitAt" + 2 * greatest(interval '7 days', (c."lastVisitAt" - c."firstVisitAt") / (c."visitCount" - 1))`, tz);

export function winBackSql(ctx: TOccasionContext, s: TWinBackSettings): TOccasionSql {
  const key = Prisma.sql`'lapse:' || ${localDate(Prisma.sql`c."lastVisitAt"`, ctx.timeZone)}::text`;
  if (s.mode === "usualGap") {
    const due = usualGapDue(ctx.timeZone);
    return {
      from: Prisma.sql`customers c`,
      // Two visits at least, so there is a gap; due two gaps (at least 14 days) after the last one.
      where: Prisma.sql`c."merchantId" = ${ctx.merchantId}::uuid AND c."visitCount" >= 2 AND c."lastVisitAt" < ${startOf(addDays(ctx.to, -13), ctx.timeZone)}
        AND ${due} BETWEEN ${ctx.from}::date AND ${ctx.to}::date`,
      key,
      due,
    };
  }
  const { lo, hi } = shiftedRange(ctx, s.days);
  return {
    from: Prisma.sql`customers c`,
    where: Prisma.sql`c."merchantId" = ${ctx.merchantId}::uuid AND c."lastVisitAt" >= ${lo} AND c."lastVisitAt" < ${hi}`,
    key,
    due: Prisma.sql`${localDate(Prisma.sql`c."lastVisitAt"`, ctx.timeZone)} + ${s.days}::int`,
  };
}

export function dateSql(ctx: TOccasionContext, s: TDateSettings, column: "birthday" | "anniversary"): TOccasionSql {
  const targets = dateTargets(ctx.from, ctx.to, s.daysBefore);
  const col = Prisma.raw(`"${column}"`);
  // The stored month×100+day column of customers_birthday_code_idx / customers_anniversary_code_idx
  // (a column, not the EXTRACT expression: under row-level security only a leakproof comparison
  // stays an index condition; migration customers_columns_for_rls).
  const code = Prisma.raw(`c."${column}Code"`);
  return {
    from: Prisma.sql`customers c JOIN unnest(${targets.map((t) => t.code)}::int[], ${targets.map((t) => t.occasion)}::date[], ${targets.map((t) => t.due)}::date[]) AS t(code, occasion, due) ON ${code} = t.code`,
    where: Prisma.sql`c."merchantId" = ${ctx.merchantId}::uuid AND c.${col} IS NOT NULL`,
    key: Prisma.sql`${column} || ':' || extract(year FROM t.occasion)::int::text`,
    due: Prisma.sql`t.due`,
  };
}

export function thankYouSql(ctx: TOccasionContext, s: TThankYouSettings): TOccasionSql {
  const { lo, hi } = shiftedRange(ctx, s.days);
  return {
    from: Prisma.sql`visits v JOIN customers c ON c."merchantId" = v."merchantId" AND c.id = v."customerId"`,
    where: Prisma.sql`v."merchantId" = ${ctx.merchantId}::uuid AND v."occurredAt" >= ${lo} AND v."occurredAt" < ${hi} AND v.rating = 3`,
    key: Prisma.sql`'visit:' || v.id::text`,
    due: Prisma.sql`${localDate(Prisma.sql`v."occurredAt"`, ctx.timeZone)} + ${s.days}::int`,
  };
}

/**
 * The Smart Filter a "welcome to the best" automation watches: a preset, one of the merchant's
 * saved filters, or an RFM segment (the rfmSegment condition: membership of customer_rfm's
 * segment, as the nightly RFM job last scored it).
 */
export function resolveWelcomeFilter(ref: string, today: string, saved: { id: string; filter: unknown }[]): { filter: TFilter; name: string } | null {
  if (ref.startsWith("preset:")) {
    const preset = presetsFor(today).find((p) => p.key === ref.slice(7));
    return preset ? { filter: preset.filter, name: preset.name } : null;
  }
  if (ref.startsWith("segment:")) {
    const segment = welcomeSegment(ref);
    return segment ? { filter: { field: "rfmSegment", op: "in", value: [segment] }, name: segmentLabel(segment) } : null;
  }
  if (!ref.startsWith("saved:")) return null;
  const row = saved.find((f) => f.id === ref.slice(6));
  const parsed = row ? ZFilter.safeParse(row.filter) : null;
  return parsed?.success ? { filter: parsed.data, name: (row as { name?: string }).name ?? "Smart Filter" } : null;
}

/** Members now of the watched filter who were not members at the last evaluation. */
export function welcomeSql(ctx: TOccasionContext, filter: TFilter): TOccasionSql {
  const member = compileWhere(filter, { merchantId: ctx.merchantId, timeZone: ctx.timeZone, now: ctx.now });
  return {
    from: Prisma.sql`customers c`,
    where: Prisma.sql`${member} AND NOT EXISTS (SELECT 1 FROM automation_members am WHERE am."merchantId" = c."merchantId" AND am."automationId" = ${ctx.automationId}::uuid AND am."customerId" = c.id)`,
    key: Prisma.sql`'joined:' || ${ctx.to}::text`,
    due: Prisma.sql`${ctx.to}::date`,
  };
}

export function occasionSql(kind: TAutomationKind, ctx: TOccasionContext, settings: unknown, welcome?: TFilter): TOccasionSql {
  switch (kind) {
    case "second_visit":
      return secondVisitSql(ctx, settings as TSecondVisitSettings);
    case "win_back":
      return winBackSql(ctx, settings as TWinBackSettings);
    case "birthday":
      return dateSql(ctx, settings as TDateSettings, "birthday");
    case "anniversary":
      return dateSql(ctx, settings as TDateSettings, "anniversary");
    case "thank_you":
      return thankYouSql(ctx, settings as TThankYouSettings);
    case "welcome_best":
      if (!welcome) throw new AppError("UNPROCESSABLE", "This automation's Smart Filter no longer exists; pick another one.");
      return welcomeSql(ctx, welcome);
  }
}
