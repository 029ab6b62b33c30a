// An in-memory evaluator written straight from ../shared/FILTERS.md, independent of the SQL
// compiler: the property tests check that both agree on random data and random filters.
import type { TCondition, TDateRef, TFilter, TVisitCondition } from "@/features/filters/schemas";
import { addDays, localToday, toLocalTime } from "@/lib/time";

export type TRefVisit = {
  occurredAt: Date;
  createdSeq: number;
  amountCents: number;
  rating: number | null;
  tags: string[];
  voucher: boolean;
  dealId: string | null;
};
export type TRefCustomer = {
  id: string;
  createdAt: Date;
  zip: string | null;
  birthday: string | null;
  anniversary: string | null;
  emailConsent: boolean;
  unsubscribed: boolean;
  socialScore: number;
  /** The customer's own answer to "How was it?" (absent: never answered). */
  feedbackRating?: number | null;
  rfmSegment: string | null;
  tags: string[];
  visits: TRefVisit[];
};
export type TRefContext = { timeZone: string; now: Date };

const DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
const lower = (xs: string[]) => xs.map((x) => x.toLowerCase());

function dateOf(ref: TDateRef, ctx: TRefContext) {
  return typeof ref === "string" ? ref : addDays(localToday(ctx.timeZone, ctx.now), -ref.daysAgo);
}
const localDate = (d: Date, ctx: TRefContext) => toLocalTime(d, ctx.timeZone).date;

function latestRating(c: TRefCustomer): number | null {
  const rated = c.visits.filter((v) => v.rating !== null);
  rated.sort((a, b) => b.occurredAt.getTime() - a.occurredAt.getTime() || b.createdSeq - a.createdSeq);
  return rated[0]?.rating ?? null;
}

/** The mean of the 5 most recent ratings (same order as latestRating), rounded half up. */
function usualRating(c: TRefCustomer): number | null {
  const rated = c.visits.filter((v) => v.rating !== null);
  rated.sort((a, b) => b.occurredAt.getTime() - a.occurredAt.getTime() || b.createdSeq - a.createdSeq);
  const last = rated.slice(0, 5).map((v) => v.rating!);
  return last.length ? Math.floor(last.reduce((s, r) => s + r, 0) / last.length + 0.5) : null;
}

function nextOccurrenceWithin(md: string | null, n: number, ctx: TRefContext): boolean {
  if (!md) return false;
  const [, m, d] = md.split("-").map(Number) as [number, number, number];
  const today = localToday(ctx.timeZone, ctx.now);
  for (let i = 0; i <= n && i <= 366; i++) {
    const day = addDays(today, i);
    const [y, mm, dd] = day.split("-").map(Number) as [number, number, number];
    const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
    const target = m === 2 && d === 29 && !leap ? 28 : d;
    if (mm === m && dd === target) return true;
  }
  return false;
}

function condition(c: TRefCustomer, f: TCondition, ctx: TRefContext, allTags: Set<string>): boolean {
  const times = c.visits.map((v) => v.occurredAt.getTime());
  switch (f.field) {
    case "rating":
    case "usualRating":
    case "feedbackRating": {
      const r = f.field === "rating" ? latestRating(c) : f.field === "usualRating" ? usualRating(c) : (c.feedbackRating ?? null);
      if (f.op === "isNull") return f.value ? r === null : r !== null;
      if (r === null) return false;
      if (f.op === "eq") return r === f.value;
      if (f.op === "in") return f.value.includes(r as 1);
      if (f.op === "gte") return r >= f.value;
      return r <= f.value;
    }
    case "visitCount":
    case "totalSpentCents": {
      const x = f.field === "visitCount" ? c.visits.length : c.visits.reduce((s, v) => s + v.amountCents, 0);
      if (f.op === "eq") return x === f.value;
      if (f.op === "gte") return x >= f.value;
      if (f.op === "lte") return x <= f.value;
      return x >= f.value[0] && x <= f.value[1];
    }
    case "lastVisitAt":
    case "firstVisitAt":
    case "createdAt": {
      const t = f.field === "createdAt" ? c.createdAt : times.length ? new Date(f.field === "lastVisitAt" ? Math.max(...times) : Math.min(...times)) : null;
      if (!t) return false;
      const D = dateOf(f.value, ctx);
      return f.op === "before" ? localDate(t, ctx) < D : localDate(t, ctx) >= D;
    }
    case "tags": {
      const have = new Set(lower([...c.tags, ...c.visits.flatMap((v) => v.tags)]));
      const want = [...new Set(lower(f.value))];
      if (f.op === "hasAny") return want.some((t) => have.has(t));
      if (f.op === "hasNone") return !want.some((t) => have.has(t));
      return want.every((t) => have.has(t) && allTags.has(t));
    }
    case "zip":
      if (c.zip === null) return false;
      return f.op === "in" ? f.value.includes(c.zip) : c.zip.startsWith(f.value);
    case "birthday":
    case "anniversary": {
      const v = c[f.field];
      if (!v) return false;
      return f.op === "inMonth" ? Number(v.slice(5, 7)) === f.value : nextOccurrenceWithin(v, f.value, ctx);
    }
    case "emailConsent":
      return (c.emailConsent && !c.unsubscribed) === f.value;
    case "socialScore":
      return f.op === "gte" ? c.socialScore >= f.value : c.socialScore <= f.value;
    case "rfmSegment":
      return c.rfmSegment !== null && (f.value as string[]).includes(c.rfmSegment);
  }
}

function visitCondition(c: TRefCustomer, f: TVisitCondition, ctx: TRefContext): boolean {
  const { where = {}, window, count } = f.visits;
  const n = c.visits.filter((v) => {
    const l = toLocalTime(v.occurredAt, ctx.timeZone);
    if (where.dayOfWeek && !where.dayOfWeek.includes(DAYS[l.dayOfWeek] as "sun")) return false;
    if (where.hour) {
      const { from, to } = where.hour;
      if (!(from < to ? l.hour >= from && l.hour < to : l.hour >= from || l.hour < to)) return false;
    }
    if (where.rating && (v.rating === null || !where.rating.includes(v.rating as 1))) return false;
    if (where.tags) {
      const have = new Set(lower(v.tags));
      if ("hasAny" in where.tags && !lower(where.tags.hasAny).some((t) => have.has(t))) return false;
      if ("hasAll" in where.tags && !lower(where.tags.hasAll).every((t) => have.has(t))) return false;
    }
    if (where.minSpentCents !== undefined && v.amountCents < where.minSpentCents) return false;
    if (where.maxSpentCents !== undefined && v.amountCents > where.maxSpentCents) return false;
    if (where.voucher !== undefined && v.voucher !== where.voucher) return false;
    if (where.dealId !== undefined && v.dealId !== where.dealId) return false;
    if (window?.after !== undefined && l.date < dateOf(window.after, ctx)) return false;
    if (window?.before !== undefined && !(l.date < dateOf(window.before, ctx))) return false;
    return true;
  }).length;
  const gte = count ? (count.gte ?? 0) : 1;
  return n >= gte && (count?.lte === undefined || n <= count.lte);
}

export function evaluate(f: TFilter, c: TRefCustomer, ctx: TRefContext, allTags: Set<string>): boolean {
  if ("and" in f) return f.and.every((x) => evaluate(x, c, ctx, allTags));
  if ("or" in f) return f.or.some((x) => evaluate(x, c, ctx, allTags));
  if ("not" in f) return !evaluate(f.not, c, ctx, allTags);
  if ("visits" in f) return visitCondition(c, f, ctx);
  return condition(c, f, ctx, allTags);
}
