import { z } from "zod";
import { zText } from "@/lib/text";

// The Smart Filter language, v1 — exactly ../shared/FILTERS.md. The same JSON is what the builder
// saves, what Groups store and what the API takes; ZFilter validates it and yields its JSON Schema.

export const MAX_DEPTH = 12;
export const MAX_CONDITIONS = 200;
/**
 * Every node counts here, and/or/not included: the condition limit alone let 200,000 empty
 * groups through (seconds of server time). A filter at the condition limit with each condition
 * negated and grouped in pairs has about 600 nodes, well inside this.
 */
export const MAX_NODES = 1000;

// Bounds on every number and date (docs/filters.md "Bounds"). They sit far beyond any real
// merchant's data, so they change no meaningful filter, and keep every value inside what the
// date arithmetic and the database columns can hold (int4 counts, timestamptz dates).
export const MAX_DAYS_AGO = 36_500; // about 100 years
export const MIN_DATE = "1900-01-01";
export const MAX_DATE = "9999-12-31";
export const MAX_VISIT_COUNT = 1_000_000;
export const MAX_TOTAL_SPENT_CENTS = 1_000_000_000_000_000; // 10^15, inside JavaScript's exact integers
export const MAX_VISIT_SPENT_CENTS = 2_147_483_647; // a visit's amountCents is a PostgreSQL integer
export const MAX_SOCIAL_SCORE = 2_147_483_647;

export const WEEKDAY_KEYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;
export const RFM_SEGMENTS = [
  "champions",
  "loyal",
  "potential_loyalist",
  "new",
  "promising",
  "needs_attention",
  "at_risk",
  "cant_lose",
  "hibernating",
  "lost",
] as const;

const Int = z.number().int("Numbers must be integers.");
const bounded = (min: number, max: number) =>
  Int.min(min, `Use a number from ${min.toLocaleString("en-US")} to ${max.toLocaleString("en-US")}.`).max(
    max,
    `Use a number from ${min.toLocaleString("en-US")} to ${max.toLocaleString("en-US")}.`,
  );
const VisitCount = bounded(0, MAX_VISIT_COUNT);
const TotalSpent = bounded(0, MAX_TOTAL_SPENT_CENTS);
const VisitSpent = bounded(0, MAX_VISIT_SPENT_CENTS);
const Rating = Int.min(1).max(3);
const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Dates are YYYY-MM-DD.")
  .refine((s) => new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), "Not a real date.")
  .refine((s) => s >= MIN_DATE && s <= MAX_DATE, `Use a date from ${MIN_DATE} to ${MAX_DATE}.`);

export const ZDateRef = z.union([z.object({ daysAgo: bounded(0, MAX_DAYS_AGO) }).strict(), IsoDate]);
export type TDateRef = z.infer<typeof ZDateRef>;

const range = (item: z.ZodNumber) => z.tuple([item, item]).refine(([a, b]) => a <= b, "The first bound must not exceed the second.");
const FilterText = (label: string, max: number) => zText(label).max(max, `Keep ${label.toLowerCase()} under ${max} characters.`);
const Strings = z.array(FilterText("A value", 100)).max(200, "At most 200 values.");

const cond = <F extends string, O extends string, V extends z.ZodType>(field: F, op: O, value: V) =>
  z.object({ field: z.literal(field), op: z.literal(op), value }).strict();

const dateField = <F extends string>(field: F) => z.discriminatedUnion("op", [cond(field, "before", ZDateRef), cond(field, "after", ZDateRef)]);

export const ZCondition = z.discriminatedUnion("field", [
  z.discriminatedUnion("op", [
    cond("rating", "eq", Rating),
    cond("rating", "in", z.array(Rating).max(3)),
    cond("rating", "gte", Rating),
    cond("rating", "lte", Rating),
    cond("rating", "isNull", z.boolean()),
  ]),
  z.discriminatedUnion("op", [
    cond("usualRating", "eq", Rating),
    cond("usualRating", "in", z.array(Rating).max(3)),
    cond("usualRating", "gte", Rating),
    cond("usualRating", "lte", Rating),
    cond("usualRating", "isNull", z.boolean()),
  ]),
  z.discriminatedUnion("op", [
    cond("feedbackRating", "eq", Rating),
    cond("feedbackRating", "in", z.array(Rating).max(3)),
    cond("feedbackRating", "gte", Rating),
    cond("feedbackRating", "lte", Rating),
    cond("feedbackRating", "isNull", z.boolean()),
  ]),
  z.discriminatedUnion("op", [
    cond("visitCount", "eq", VisitCount),
    cond("visitCount", "gte", VisitCount),
    cond("visitCount", "lte", VisitCount),
    cond("visitCount", "between", range(VisitCount)),
  ]),
  z.discriminatedUnion("op", [
    cond("totalSpentCents", "gte", TotalSpent),
    cond("totalSpentCents", "lte", TotalSpent),
    cond("totalSpentCents", "between", range(TotalSpent)),
  ]),
  dateField("lastVisitAt"),
  dateField("firstVisitAt"),
  dateField("createdAt"),
  z.discriminatedUnion("op", [cond("tags", "hasAny", Strings), cond("tags", "hasAll", Strings), cond("tags", "hasNone", Strings)]),
  z.discriminatedUnion("op", [cond("zip", "in", Strings), cond("zip", "startsWith", FilterText("A ZIP prefix", 20))]),
  z.discriminatedUnion("op", [cond("birthday", "inNextDays", bounded(0, 3660)), cond("birthday", "inMonth", Int.min(1).max(12))]),
  z.discriminatedUnion("op", [cond("anniversary", "inNextDays", bounded(0, 3660)), cond("anniversary", "inMonth", Int.min(1).max(12))]),
  cond("emailConsent", "eq", z.boolean()),
  z.discriminatedUnion("op", [
    cond("socialScore", "gte", bounded(-MAX_SOCIAL_SCORE, MAX_SOCIAL_SCORE)),
    cond("socialScore", "lte", bounded(-MAX_SOCIAL_SCORE, MAX_SOCIAL_SCORE)),
  ]),
  cond("rfmSegment", "in", z.array(z.enum(RFM_SEGMENTS)).max(RFM_SEGMENTS.length)),
]);
export type TCondition = z.infer<typeof ZCondition>;

export const ZVisitWhere = z
  .object({
    dayOfWeek: z.array(z.enum(WEEKDAY_KEYS)).max(7).optional(),
    hour: z
      .object({ from: Int.min(0).max(23), to: Int.min(1).max(24) })
      .strict()
      .refine((h) => h.from !== h.to, "An hour range needs from ≠ to.")
      .optional(),
    rating: z.array(Rating).max(3).optional(),
    tags: z.union([z.object({ hasAny: Strings }).strict(), z.object({ hasAll: Strings }).strict()]).optional(),
    minSpentCents: VisitSpent.optional(),
    maxSpentCents: VisitSpent.optional(),
    voucher: z.boolean().optional(),
    dealId: z.string().uuid().optional(),
  })
  .strict();
export type TVisitWhere = z.infer<typeof ZVisitWhere>;

export const ZVisitCondition = z
  .object({
    visits: z
      .object({
        where: ZVisitWhere.optional(),
        window: z.object({ after: ZDateRef.optional(), before: ZDateRef.optional() }).strict().optional(),
        count: z.object({ gte: VisitCount.optional(), lte: VisitCount.optional() }).strict().optional(),
      })
      .strict(),
  })
  .strict();
export type TVisitCondition = z.infer<typeof ZVisitCondition>;

export type TFilter = { and: TFilter[] } | { or: TFilter[] } | { not: TFilter } | TCondition | TVisitCondition;

const ZAnd = z
  .object({
    get and() {
      return z.array(ZFilterNode);
    },
  })
  .strict();
const ZOr = z
  .object({
    get or() {
      return z.array(ZFilterNode);
    },
  })
  .strict();
const ZNot = z
  .object({
    get not() {
      return ZFilterNode;
    },
  })
  .strict();

/** The limits in words, for the published JSON Schema and the OpenAPI document. */
export const FILTER_LIMITS =
  `Limits: nesting at most ${MAX_DEPTH} levels, at most ${MAX_CONDITIONS} conditions, at most ${MAX_NODES} parts in all (and/or/not groups included). ` +
  `daysAgo 0–${MAX_DAYS_AGO.toLocaleString("en-US")}; dates ${MIN_DATE} to ${MAX_DATE}; visit counts 0–${MAX_VISIT_COUNT.toLocaleString("en-US")}; ` +
  `totalSpentCents 0–${MAX_TOTAL_SPENT_CENTS.toLocaleString("en-US")}; a visit's min/maxSpentCents 0–${MAX_VISIT_SPENT_CENTS.toLocaleString("en-US")}; ` +
  `socialScore ±${MAX_SOCIAL_SCORE.toLocaleString("en-US")}; text values without control characters. Out of bounds is a 400 with the JSON path.`;

/** The grammar as one schema: what GET /api/v1/filters/schema publishes as JSON Schema. */
const ZFilterNode: z.ZodType<TFilter> = z.union([ZAnd, ZOr, ZNot, ZCondition, ZVisitCondition]) as z.ZodType<TFilter>;
export const ZFilterGrammar = ZFilterNode;

type TPath = (string | number)[];

/**
 * Validates a filter node by node, so a fault is reported at its exact JSON path (a plain union
 * would only say "invalid input" at the root), and enforces depth and condition limits.
 */
function validate(value: unknown, ctx: z.RefinementCtx, path: TPath, depth: number, counter: { n: number; nodes: number }): void {
  const issue = (message: string, at: TPath = path) => ctx.addIssue({ code: "custom", message, path: at });
  // Past the node limit, stop walking: one issue, and no more work for a hostile filter.
  if (counter.nodes > MAX_NODES) return;
  counter.nodes += 1;
  if (counter.nodes > MAX_NODES) return issue(`A filter has at most ${MAX_NODES} parts, and/or/not groups included.`);
  if (depth > MAX_DEPTH) return issue(`Filters nest at most ${MAX_DEPTH} levels.`);
  if (typeof value !== "object" || value === null || Array.isArray(value)) return issue("Expected a filter object.");
  const keys = Object.keys(value);
  const v = value as Record<string, unknown>;
  if (keys.includes("and") || keys.includes("or")) {
    const key = keys.includes("and") ? "and" : "or";
    if (keys.length !== 1)
      return issue(
        `“${key}” stands alone: remove ${keys
          .filter((k) => k !== key)
          .map((k) => `“${k}”`)
          .join(", ")}.`,
      );
    if (!Array.isArray(v[key])) return issue(`“${key}” takes a list of filters.`, [...path, key]);
    const children = v[key] as unknown[];
    for (let i = 0; i < children.length && counter.nodes <= MAX_NODES; i++) validate(children[i], ctx, [...path, key, i], depth + 1, counter);
    return;
  }
  if (keys.includes("not")) {
    if (keys.length !== 1) return issue("“not” stands alone.");
    return validate(v.not, ctx, [...path, "not"], depth + 1, counter);
  }
  const leaf = keys.includes("visits") ? ZVisitCondition : keys.includes("field") ? ZCondition : null;
  if (!leaf) return issue("Expected and, or, not, a condition { field, op, value } or a { visits } condition.");
  counter.n += 1;
  if (counter.n === MAX_CONDITIONS + 1) issue(`A filter has at most ${MAX_CONDITIONS} conditions.`);
  const parsed = leaf.safeParse(value);
  if (!parsed.success) for (const i of parsed.error.issues) ctx.addIssue({ ...i, code: "custom", message: i.message, path: [...path, ...i.path] } as never);
}

/** Validation with exact error paths; the value is returned unchanged when valid. */
export const ZFilter = z.unknown().superRefine((value, ctx) => validate(value, ctx, [], 1, { n: 0, nodes: 0 })) as unknown as z.ZodType<TFilter>;

/** Zod issues as the API reports them: JSON paths (/and/0/value) and messages. */
export function filterErrors(error: z.ZodError, prefix = ""): { path: string; message: string }[] {
  return error.issues.map((i) => ({ path: `${prefix}/${i.path.join("/")}`, message: i.message }));
}

/** POST /m/{merchant}/customers/count — the filter builder's live count and its summary in words. */
export type TCustomerCount = { count: number; summary: string };
