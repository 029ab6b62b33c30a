import { Prisma } from "@/generated/prisma/client";
import { addDays, fromLocalTime, localToday } from "@/lib/time";
import { WEEKDAY_KEYS, type TCondition, type TDateRef, type TFilter, type TVisitCondition, type TVisitWhere } from "./schemas";

// The Smart Filter compiler: a filter becomes one boolean SQL expression over `customers c`, built
// only from Prisma.sql fragments, so every value is a bound parameter. The merchant scope is added
// here, never taken from the filter. Every expression is two-valued (never NULL): a condition on a
// value the customer lacks is false, and `not` of it is true (FILTERS.md "Missing values").
//
// Customer conditions read the per-customer aggregates; visit conditions use them where they answer
// the question exactly (weekday/hour masks, the three most recent visit times, visit count) and
// otherwise an EXISTS or counted subquery over the merchant-first visits index.

export type TCompileContext = { merchantId: string; timeZone: string; now?: Date };

const TRUE = Prisma.sql`TRUE`;
const FALSE = Prisma.sql`FALSE`;
// Under a `not` (neg = true), a NULL must become FALSE before it is negated (two-valued logic).
// Outside any `not`, WHERE already treats NULL as false through AND/OR, and leaving the bare
// predicate lets PostgreSQL use indexes on it.
const ff = (neg: boolean, expr: Prisma.Sql) => (neg ? Prisma.sql`COALESCE((${expr}), FALSE)` : Prisma.sql`(${expr})`);
const and = (parts: Prisma.Sql[]) => (parts.length === 0 ? TRUE : parts.length === 1 ? parts[0]! : Prisma.sql`(${Prisma.join(parts, " AND ")})`);
const or = (parts: Prisma.Sql[]) => (parts.length === 0 ? FALSE : parts.length === 1 ? parts[0]! : Prisma.sql`(${Prisma.join(parts, " OR ")})`);

/** The merchant-local calendar date a DateRef names. */
export function resolveDate(ref: TDateRef, ctx: TCompileContext): string {
  return typeof ref === "string" ? ref : addDays(localToday(ctx.timeZone, ctx.now), -ref.daysAgo);
}

/** The first instant whose merchant-local date is `date` ("before D" ⇔ instant < this). */
function startOfLocalDate(date: string, ctx: TCompileContext): Date {
  return fromLocalTime(date, 0, 0, ctx.timeZone);
}

/** Month×100+day codes of every calendar day from today through today+n (29 Feb counts on 28 Feb in other years). */
export function upcomingDayCodes(n: number, ctx: TCompileContext): number[] {
  const today = localToday(ctx.timeZone, ctx.now);
  const codes = new Set<number>();
  for (let i = 0; i <= Math.min(n, 366); i++) {
    const d = addDays(today, i);
    const [y, m, day] = d.split("-").map(Number) as [number, number, number];
    codes.add(m * 100 + day);
    const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
    if (m === 2 && day === 28 && !leap) codes.add(229);
  }
  return [...codes].sort((a, b) => a - b);
}

const TAGGED = Prisma.sql`cardinality(c."tagIds") > 0`;
const normalizeTags = (names: string[]) => [...new Set(names.map((n) => n.trim().toLowerCase()))];

function tagIdsOf(names: string[], ctx: TCompileContext): Prisma.Sql {
  return Prisma.sql`(SELECT COALESCE(array_agg(t.id), '{}') FROM tags t WHERE t."merchantId" = ${ctx.merchantId}::uuid AND t."normalizedName" = ANY(${names}::text[]))`;
}

function compileCondition(cnd: TCondition, ctx: TCompileContext, neg: boolean): Prisma.Sql {
  switch (cnd.field) {
    case "rating":
    case "usualRating":
    case "feedbackRating": {
      // rating: the latest rated visit's; usualRating: the mean of the 5 latest ratings, rounded
      // (both maintained by capture_visit() and features/visits/aggregates.ts; partial indexes
      // customers_merchantId_lastRating_idx / customers_merchantId_usualRating_idx).
      // feedbackRating: the customer's own latest answer to "How was it?" (features/social/feedback.ts).
      const r =
        cnd.field === "rating" ? Prisma.sql`c."lastRating"` : cnd.field === "usualRating" ? Prisma.sql`c."usualRating"` : Prisma.sql`c."feedbackRating"`;
      switch (cnd.op) {
        case "eq":
          return ff(neg, Prisma.sql`${r} = ${cnd.value}`);
        case "in":
          return cnd.value.length ? ff(neg, Prisma.sql`${r} = ANY(${cnd.value}::int[])`) : FALSE;
        case "gte":
          return ff(neg, Prisma.sql`${r} >= ${cnd.value}`);
        case "lte":
          return ff(neg, Prisma.sql`${r} <= ${cnd.value}`);
        case "isNull":
          return cnd.value ? Prisma.sql`(${r} IS NULL)` : Prisma.sql`(${r} IS NOT NULL)`;
      }
      break;
    }
    case "visitCount":
    case "totalSpentCents": {
      const col = cnd.field === "visitCount" ? Prisma.sql`c."visitCount"` : Prisma.sql`c."totalSpentCents"`;
      switch (cnd.op) {
        case "eq":
          return Prisma.sql`(${col} = ${cnd.value})`;
        case "gte":
          return Prisma.sql`(${col} >= ${cnd.value})`;
        case "lte":
          return Prisma.sql`(${col} <= ${cnd.value})`;
        case "between":
          return Prisma.sql`(${col} BETWEEN ${cnd.value[0]} AND ${cnd.value[1]})`;
      }
      break;
    }
    case "lastVisitAt":
    case "firstVisitAt":
    case "createdAt": {
      const col = Prisma.raw(`c."${cnd.field}"`); // field names come from the zod enum, never from input text
      const boundary = startOfLocalDate(resolveDate(cnd.value, ctx), ctx);
      return cnd.op === "before" ? ff(neg, Prisma.sql`${col} < ${boundary}::timestamptz`) : ff(neg, Prisma.sql`${col} >= ${boundary}::timestamptz`);
    }
    case "tags": {
      const names = normalizeTags(cnd.value);
      // "cardinality > 0" is implied, and repeated so the planner may use the tags index, which
      // holds only tagged customers (migration customers_cheaper_writes).
      if (cnd.op === "hasAny") return names.length ? Prisma.sql`(${TAGGED} AND c."tagIds" && ${tagIdsOf(names, ctx)})` : FALSE;
      if (cnd.op === "hasNone") return names.length ? Prisma.sql`(NOT (c."tagIds" && ${tagIdsOf(names, ctx)}))` : TRUE;
      // hasAll: every name must be one of the merchant's tags (an unknown name matches nothing).
      if (!names.length) return TRUE;
      return Prisma.sql`((SELECT count(*) FROM tags t WHERE t."merchantId" = ${ctx.merchantId}::uuid AND t."normalizedName" = ANY(${names}::text[])) = ${names.length}
                         AND ${TAGGED} AND c."tagIds" @> ${tagIdsOf(names, ctx)})`;
    }
    case "zip":
      if (cnd.op === "in") return cnd.value.length ? ff(neg, Prisma.sql`c.zip = ANY(${cnd.value}::text[])`) : FALSE;
      return ff(neg, Prisma.sql`left(c.zip, ${cnd.value.length}) = ${cnd.value}`);
    case "birthday":
    case "anniversary": {
      // month×100+day, stored as a column with a (merchantId, …) index (migration
      // customers_columns_for_rls): a plain int comparison stays an index condition under RLS.
      const code = Prisma.raw(`c."${cnd.field}Code"`);
      if (cnd.op === "inMonth") return ff(neg, Prisma.sql`${code} BETWEEN ${cnd.value * 100 + 1} AND ${cnd.value * 100 + 31}`);
      return ff(neg, Prisma.sql`${code} = ANY(${upcomingDayCodes(cnd.value, ctx)}::int[])`);
    }
    case "emailConsent": {
      const may = Prisma.sql`(c."emailConsent" AND c."unsubscribedAt" IS NULL AND c."suppressedAt" IS NULL)`;
      return cnd.value ? may : Prisma.sql`(NOT ${may})`;
    }
    case "socialScore":
      return cnd.op === "gte" ? Prisma.sql`(c."socialScore" >= ${cnd.value})` : Prisma.sql`(c."socialScore" <= ${cnd.value})`;
    case "rfmSegment":
      // Scores live in customer_rfm (features/insights/rfm.ts); a customer without a row has no segment.
      return cnd.value.length
        ? Prisma.sql`EXISTS (SELECT 1 FROM customer_rfm r WHERE r."merchantId" = ${ctx.merchantId}::uuid AND r."customerId" = c.id AND r.segment = ANY(${cnd.value}::text[]))`
        : FALSE;
  }
  throw new Error(`unhandled condition ${JSON.stringify(cnd)}`);
}

const weekdayMask = (days: readonly string[]) => days.reduce((m, d) => m | (1 << WEEKDAY_KEYS.indexOf(d as (typeof WEEKDAY_KEYS)[number])), 0);

/** Local clock hours h with from ≤ h < to, wrapping midnight when from > to (22→2 is 22, 23, 0, 1). */
export function hoursOf({ from, to }: { from: number; to: number }): number[] {
  const hours: number[] = [];
  for (let h = 0; h < 24; h++) if (from < to ? h >= from && h < to : h >= from || h < to) hours.push(h);
  return hours;
}

/** A predicate over one visit row `v` for `where` and `window`. */
/** Inside the visits subquery a NULL simply excludes the visit, whatever surrounds the condition. */
function visitPredicate(where: TVisitWhere | undefined, window: TVisitCondition["visits"]["window"], ctx: TCompileContext): Prisma.Sql {
  const parts: Prisma.Sql[] = [];
  const w = where ?? {};
  if (w.dayOfWeek) parts.push(w.dayOfWeek.length ? Prisma.sql`v."localDayOfWeek" = ANY(${w.dayOfWeek.map((d) => WEEKDAY_KEYS.indexOf(d))}::int[])` : FALSE);
  if (w.hour) parts.push(Prisma.sql`v."localHour" = ANY(${hoursOf(w.hour)}::int[])`);
  if (w.rating) parts.push(w.rating.length ? Prisma.sql`v.rating = ANY(${w.rating}::int[])` : FALSE);
  if (w.minSpentCents !== undefined) parts.push(Prisma.sql`v."amountCents" >= ${w.minSpentCents}`);
  if (w.maxSpentCents !== undefined) parts.push(Prisma.sql`v."amountCents" <= ${w.maxSpentCents}`);
  if (w.voucher !== undefined) parts.push(w.voucher ? Prisma.sql`v."voucherId" IS NOT NULL` : Prisma.sql`v."voucherId" IS NULL`);
  if (w.dealId) {
    parts.push(
      Prisma.sql`EXISTS (SELECT 1 FROM vouchers vo WHERE vo."merchantId" = v."merchantId" AND vo.id = v."voucherId" AND vo."dealId" = ${w.dealId}::uuid)`,
    );
  }
  if (w.tags) {
    const names = normalizeTags("hasAny" in w.tags ? w.tags.hasAny : w.tags.hasAll);
    // The visits carrying the tags, read from the (merchantId, tagId, visitId) index of visit_tags
    // and semi-joined: one pass instead of one visit_tags probe per candidate visit. A visit has
    // each tag at most once and tag names are unique per merchant, so hasAll is "as many of the
    // named tags as there are names".
    const tagged = (having: Prisma.Sql) =>
      Prisma.sql`v.id IN (SELECT vt."visitId" FROM visit_tags vt
                           WHERE vt."merchantId" = ${ctx.merchantId}::uuid
                             AND vt."tagId" IN (SELECT t.id FROM tags t WHERE t."merchantId" = ${ctx.merchantId}::uuid AND t."normalizedName" = ANY(${names}::text[]))${having})`;
    if ("hasAny" in w.tags) parts.push(names.length ? tagged(Prisma.empty) : FALSE);
    else if (names.length) parts.push(tagged(Prisma.sql` GROUP BY vt."visitId" HAVING count(*) = ${names.length}`));
  }
  // after ≤ local date < before, as instants: local date ≥ D ⇔ occurredAt ≥ the first instant of D
  // in the merchant's zone. Instants use the (merchantId, occurredAt) index; local dates cannot.
  if (window?.after !== undefined) parts.push(Prisma.sql`v."occurredAt" >= ${startOfLocalDate(resolveDate(window.after, ctx), ctx)}::timestamptz`);
  if (window?.before !== undefined) parts.push(Prisma.sql`v."occurredAt" < ${startOfLocalDate(resolveDate(window.before, ctx), ctx)}::timestamptz`);
  return and(parts);
}

function compileVisitCondition(vc: TVisitCondition, ctx: TCompileContext, neg: boolean): Prisma.Sql {
  const { where, window, count } = vc.visits;
  const gte = count ? (count.gte ?? 0) : 1;
  const lte = count?.lte;
  if (lte !== undefined && lte < gte) return FALSE;
  const keys = Object.keys(where ?? {}).filter((k) => (where as Record<string, unknown>)[k] !== undefined);

  // Aggregate fast paths: exact answers without touching visits.
  if (!window && lte === undefined && gte === 1 && keys.length === 1 && where?.dayOfWeek) {
    return where.dayOfWeek.length ? Prisma.sql`((c."weekdayMask" & ${weekdayMask(where.dayOfWeek)}) <> 0)` : FALSE;
  }
  if (!window && lte === undefined && gte === 1 && keys.length === 1 && where?.hour) {
    return Prisma.sql`((c."hourMask" & ${hoursOf(where.hour).reduce((m, h) => m | (1 << h), 0)}) <> 0)`;
  }
  if (keys.length === 0 && !window) {
    return lte === undefined ? Prisma.sql`(c."visitCount" >= ${gte})` : Prisma.sql`(c."visitCount" BETWEEN ${gte} AND ${lte})`;
  }
  if (keys.length === 0 && window && window.before === undefined && window.after !== undefined && gte <= 3 && (lte === undefined || lte <= 2)) {
    // Visits since D, counted with the three most recent visit times: "≥ N" is "the N-th most
    // recent is on or after D"; "≤ L" is "the (L+1)-th most recent is before D, or missing".
    const b = startOfLocalDate(resolveDate(window.after, ctx), ctx);
    const nth = ["lastVisitAt", "secondLastVisitAt", "thirdLastVisitAt"];
    const parts: Prisma.Sql[] = [];
    if (gte >= 1) parts.push(ff(neg, Prisma.sql`${Prisma.raw(`c."${nth[gte - 1]}"`)} >= ${b}::timestamptz`));
    // Implied (the N-th most recent visit is never after the most recent), and it lets the list
    // index on lastVisitAt narrow the scan to the customers seen since D.
    if (gte >= 2) parts.push(ff(neg, Prisma.sql`c."lastVisitAt" >= ${b}::timestamptz`));
    if (lte !== undefined) parts.push(Prisma.sql`COALESCE(${Prisma.raw(`c."${nth[lte]}"`)} < ${b}::timestamptz, TRUE)`);
    return and(parts);
  }

  // General case: the customers whose matching visits number within [gte, lte], from one grouped
  // pass over the merchant's visits (a hashed semi-join), not one probe per customer.
  const predicate = visitPredicate(where, window, ctx);
  const matching = (having: Prisma.Sql) =>
    Prisma.sql`(SELECT v."customerId" FROM visits v WHERE v."merchantId" = ${ctx.merchantId}::uuid AND ${predicate} GROUP BY v."customerId" HAVING ${having})`;
  if (gte >= 1) return Prisma.sql`(c.id IN ${matching(lte === undefined ? Prisma.sql`count(*) >= ${gte}` : Prisma.sql`count(*) BETWEEN ${gte} AND ${lte}`)})`;
  if (lte === undefined) return TRUE;
  return Prisma.sql`(c.id NOT IN ${matching(Prisma.sql`count(*) > ${lte}`)})`;
}

/** The filter as a boolean expression over `customers c` (without the merchant scope). */
export function compileExpression(filter: TFilter, ctx: TCompileContext, neg = false): Prisma.Sql {
  if ("and" in filter) return and(filter.and.map((f) => compileExpression(f, ctx, neg)));
  if ("or" in filter) return or(filter.or.map((f) => compileExpression(f, ctx, neg)));
  if ("not" in filter) return Prisma.sql`(NOT ${compileExpression(filter.not, ctx, true)})`;
  if ("visits" in filter) return compileVisitCondition(filter, ctx, neg);
  return compileCondition(filter, ctx, neg);
}

/** `WHERE` for the merchant's customers matching the filter: the scope always comes first. */
export function compileWhere(filter: TFilter, ctx: TCompileContext): Prisma.Sql {
  return Prisma.sql`c."merchantId" = ${ctx.merchantId}::uuid AND ${compileExpression(filter, ctx)}`;
}
