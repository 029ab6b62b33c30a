import { z } from "zod";

// The Smart Filter language, v1 — exactly ../shared/FILTERS.md. The same JSON is what the builder
// saves, what Groups store and what the API takes; ZFilter validates it and yields its JSON Schema.

export const MAX_DEPTH = 12;
export const MAX_CONDITIONS = 200;

export const WEEKDAY_KEYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;
export const RFM_SEGMENTS = ["champions", "loyal", "potential_loyalist", "new", "promising", "needs_attention", "at_risk", "cant_lose", "hibernating", "lost"] as const;

const Int = z.number().int("Numbers must be integers.");
const NonNegInt = Int.min(0);
const Rating = Int.min(1).max(3);
const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Dates are YYYY-MM-DD.")
  .refine((s) => new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), "Not a real date.");

export const ZDateRef = z.union([z.object({ daysAgo: NonNegInt }).strict(), IsoDate]);
export type TDateRef = z.infer<typeof ZDateRef>;

const Range = z.tuple([NonNegInt, NonNegInt]).refine(([a, b]) => a <= b, "The first bound must not exceed the second.");
const Strings = z.array(z.string().max(100)).max(200);

const cond = <F extends string, O extends string, V extends z.ZodType>(field: F, op: O, value: V) =>
  z.object({ field: z.literal(field), op: z.literal(op), value }).strict();

const dateField = <F extends string>(field: F) =>
  z.discriminatedUnion("op", [cond(field, "before", ZDateRef), cond(field, "after", ZDateRef)]);

export const ZCondition = z.discriminatedUnion("field", [
  z.discriminatedUnion("op", [
    cond("rating", "eq", Rating),
    cond("rating", "in", z.array(Rating).max(3)),
    cond("rating", "gte", Rating),
    cond("rating", "lte", Rating),
    cond("rating", "isNull", z.boolean()),
  ]),
  z.discriminatedUnion("op", [cond("visitCount", "eq", NonNegInt), cond("visitCount", "gte", NonNegInt), cond("visitCount", "lte", NonNegInt), cond("visitCount", "between", Range)]),
  z.discriminatedUnion("op", [cond("totalSpentCents", "gte", NonNegInt), cond("totalSpentCents", "lte", NonNegInt), cond("totalSpentCents", "between", Range)]),
  dateField("lastVisitAt"),
  dateField("firstVisitAt"),
  dateField("createdAt"),
  z.discriminatedUnion("op", [cond("tags", "hasAny", Strings), cond("tags", "hasAll", Strings), cond("tags", "hasNone", Strings)]),
  z.discriminatedUnion("op", [cond("zip", "in", Strings), cond("zip", "startsWith", z.string().max(20))]),
  z.discriminatedUnion("op", [cond("birthday", "inNextDays", NonNegInt.max(3660)), cond("birthday", "inMonth", Int.min(1).max(12))]),
  z.discriminatedUnion("op", [cond("anniversary", "inNextDays", NonNegInt.max(3660)), cond("anniversary", "inMonth", Int.min(1).max(12))]),
  cond("emailConsent", "eq", z.boolean()),
  z.discriminatedUnion("op", [cond("socialScore", "gte", Int), cond("socialScore", "lte", Int)]),
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
    minSpentCents: NonNegInt.optional(),
    maxSpentCents: NonNegInt.optional(),
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
        count: z.object({ gte: NonNegInt.optional(), lte: NonNegInt.optional() }).strict().optional(),
      })
      .strict(),
  })
  .strict();
export type TVisitCondition = z.infer<typeof ZVisitCondition>;

export type TFilter = { and: TFilter[] } | { or: TFilter[] } | { not: TFilter } | TCondition | TVisitCondition;

const ZAnd = z.object({ get and() { return z.array(ZFilterNode); } }).strict();
const ZOr = z.object({ get or() { return z.array(ZFilterNode); } }).strict();
const ZNot = z.object({ get not() { return ZFilterNode; } }).strict();

/** The grammar as one schema: what GET /api/v1/filters/schema publishes as JSON Schema. */
const ZFilterNode: z.ZodType<TFilter> = z.union([ZAnd, ZOr, ZNot, ZCondition, ZVisitCondition]) as z.ZodType<TFilter>;
export const ZFilterGrammar = ZFilterNode;

type TPath = (string | number)[];

/**
 * Validates a filter node by node, so a fault is reported at its exact JSON path (a plain union
 * would only say "invalid input" at the root), and enforces depth and condition limits.
 */
function validate(value: unknown, ctx: z.RefinementCtx, path: TPath, depth: number, counter: { n: number }): void {
  const issue = (message: string, at: TPath = path) => ctx.addIssue({ code: "custom", message, path: at });
  if (depth > MAX_DEPTH) return issue(`Filters nest at most ${MAX_DEPTH} levels.`);
  if (typeof value !== "object" || value === null || Array.isArray(value)) return issue("Expected a filter object.");
  const keys = Object.keys(value);
  const v = value as Record<string, unknown>;
  if (keys.includes("and") || keys.includes("or")) {
    const key = keys.includes("and") ? "and" : "or";
    if (keys.length !== 1) return issue(`“${key}” stands alone: remove ${keys.filter((k) => k !== key).map((k) => `“${k}”`).join(", ")}.`);
    if (!Array.isArray(v[key])) return issue(`“${key}” takes a list of filters.`, [...path, key]);
    (v[key] as unknown[]).forEach((child, i) => validate(child, ctx, [...path, key, i], depth + 1, counter));
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
export const ZFilter = z.unknown().superRefine((value, ctx) => validate(value, ctx, [], 1, { n: 0 })) as unknown as z.ZodType<TFilter>;

/** Zod issues as the API reports them: JSON paths (/and/0/value) and messages. */
export function filterErrors(error: z.ZodError, prefix = ""): { path: string; message: string }[] {
  return error.issues.map((i) => ({ path: `${prefix}/${i.path.join("/")}`, message: i.message }));
}
