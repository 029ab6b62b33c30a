import { segmentLabel } from "@/features/insights/segments";
import { formatMoney } from "@/lib/money";
import { hourRangeWords, listWords, weekdaysWords } from "@/lib/time";
import { WEEKDAY_KEYS, type TCondition, type TDateRef, type TFilter, type TVisitCondition } from "./schemas";

// A filter in plain words, for the list header and the builder: "2–3 star customers whose last
// visit was more than 30 days ago and who visit on Sun–Wed". Days and hours are worded by
// lib/time.ts, amounts by lib/money.ts in the merchant's currency.

/** What the words depend on besides the filter. */
export type TSummaryContext = { currency: string };

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const list = (xs: string[], joiner: "and" | "or" = "or") => listWords(xs, joiner);
const days = (keys: readonly string[]) =>
  weekdaysWords(
    keys.map((k) => WEEKDAY_KEYS.indexOf(k as (typeof WEEKDAY_KEYS)[number])),
    { short: true, joiner: "or" },
  );

function when(ref: TDateRef, op: "before" | "after"): string {
  if (typeof ref === "string") return op === "before" ? `before ${ref}` : `on or after ${ref}`;
  if (ref.daysAgo === 0) return op === "before" ? "before today" : "today";
  return op === "before" ? `more than ${ref.daysAgo} days ago` : `in the last ${ref.daysAgo} days`;
}

function condition(c: TCondition, ctx: TSummaryContext): string {
  const money = (cents: number) => formatMoney(cents, ctx.currency);
  switch (c.field) {
    case "rating":
      if (c.op === "isNull") return c.value ? "never rated" : "rated";
      if (c.op === "in") return c.value.length ? `rated ${list([...c.value].sort().map(String))} stars` : "rated nothing (matches no one)";
      return `rated ${c.op === "eq" ? "" : c.op === "gte" ? "at least " : "at most "}${c.value} star${c.value === 1 ? "" : "s"}`;
    case "usualRating":
      if (c.op === "isNull") return c.value ? "never rated" : "rated";
      if (c.op === "in") return c.value.length ? `usually rated ${list([...c.value].sort().map(String))} stars` : "usually rated nothing (matches no one)";
      return `usually rated ${c.op === "eq" ? "" : c.op === "gte" ? "at least " : "at most "}${c.value} star${c.value === 1 ? "" : "s"}`;
    case "feedbackRating":
      if (c.op === "isNull") return c.value ? "who never answered “How was it?”" : "who answered “How was it?”";
      if (c.op === "in") return c.value.length ? `who rated us ${list([...c.value].sort().map(String))} stars` : "who rated us nothing (matches no one)";
      return `who rated us ${c.op === "eq" ? "" : c.op === "gte" ? "at least " : "at most "}${c.value} star${c.value === 1 ? "" : "s"}`;
    case "visitCount":
      if (c.op === "between") return `with ${c.value[0]}–${c.value[1]} visits`;
      return `with ${c.op === "eq" ? "exactly" : c.op === "gte" ? "at least" : "at most"} ${c.value} visit${c.value === 1 ? "" : "s"}`;
    case "totalSpentCents":
      if (c.op === "between") return `who spent ${money(c.value[0])}–${money(c.value[1])}`;
      return `who spent ${c.op === "gte" ? "at least" : "at most"} ${money(c.value)}`;
    case "lastVisitAt":
      return `whose last visit was ${when(c.value, c.op)}`;
    case "firstVisitAt":
      return `whose first visit was ${when(c.value, c.op)}`;
    case "createdAt":
      return `added ${when(c.value, c.op)}`;
    case "tags":
      if (!c.value.length) return c.op === "hasAny" ? "tagged with no tag named (matches no one)" : "with any tags or none";
      return c.op === "hasNone" ? `never tagged ${list(c.value)}` : `tagged ${list(c.value, c.op === "hasAll" ? "and" : "or")}`;
    case "zip":
      return c.op === "in" ? `in ZIP ${list(c.value)}` : `in a ZIP starting ${c.value}`;
    case "birthday":
    case "anniversary":
      return c.op === "inMonth" ? `with a ${c.field} in ${MONTHS[c.value - 1]}` : `with a ${c.field} in the next ${c.value} days`;
    case "emailConsent":
      return c.value ? "who may receive email" : "who may not receive email";
    case "socialScore":
      return `with a social score ${c.op === "gte" ? "of at least" : "of at most"} ${c.value}`;
    case "rfmSegment":
      return `in the ${list(c.value.map((s) => `“${segmentLabel(s)}”`))} segment${c.value.length > 1 ? "s" : ""}`;
  }
}

function visits(v: TVisitCondition, ctx: TSummaryContext): string {
  const money = (cents: number) => formatMoney(cents, ctx.currency);
  const { where = {}, window, count } = v.visits;
  const bits: string[] = [];
  if (where.dayOfWeek) bits.push(`on ${days(where.dayOfWeek)}`);
  if (where.hour) bits.push(`from ${hourRangeWords(where.hour.from, where.hour.to) ?? "any hour"}`);
  if (where.rating) bits.push(`rated ${list(where.rating.map(String))} stars`);
  if (where.tags) bits.push("hasAny" in where.tags ? `tagged ${list(where.tags.hasAny)}` : `tagged ${list(where.tags.hasAll, "and")}`);
  if (where.minSpentCents !== undefined) bits.push(`spending at least ${money(where.minSpentCents)}`);
  if (where.maxSpentCents !== undefined) bits.push(`spending at most ${money(where.maxSpentCents)}`);
  if (where.voucher !== undefined) bits.push(where.voucher ? "with a voucher" : "without a voucher");
  if (where.dealId) bits.push("redeeming a chosen deal");
  if (window?.after !== undefined) bits.push(when(window.after, "after"));
  if (window?.before !== undefined)
    bits.push(window.before && typeof window.before === "object" ? `more than ${window.before.daysAgo} days ago` : `before ${window.before}`);
  const gte = count ? (count.gte ?? 0) : 1;
  const lte = count?.lte;
  const detail = bits.join(", ");
  if (lte === 0) return `with no visits${detail ? ` ${detail}` : ""}`;
  if (!count || (gte === 1 && lte === undefined)) return detail ? `who visit ${detail}` : "who have visited";
  const n = lte === undefined ? `at least ${gte}` : gte === 0 ? `at most ${lte}` : gte === lte ? `exactly ${gte}` : `${gte}–${lte}`;
  return `with ${n} visits${detail ? ` ${detail}` : ""}`;
}

export function summarizeFilter(f: TFilter, ctx: TSummaryContext): string {
  const sub = (g: TFilter) => summarizeFilter(g, ctx);
  if ("and" in f) return f.and.length ? f.and.map(sub).join(" and ") : "all customers";
  if ("or" in f) return f.or.length ? `(${f.or.map(sub).join(", or ")})` : "no one";
  if ("not" in f) return `not (${sub(f.not)})`;
  if ("visits" in f) return visits(f, ctx);
  return condition(f, ctx);
}

/** Sentence-ready: "Customers rated 2 or 3 stars and whose last visit …". */
export function describeFilter(f: TFilter, ctx: TSummaryContext): string {
  const s = summarizeFilter(f, ctx);
  return s === "all customers" ? "All customers" : `Customers ${s}`;
}
