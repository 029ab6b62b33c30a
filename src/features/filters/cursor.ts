import { AppError } from "@/lib/errors";
import { isUuid } from "@/lib/ids";

// The customer list's sorts and its keyset cursor. Pure, so the page, the API and the export
// share one reading of `?sort=` and `?cursor=`, and unit tests can reach it.

// Each sort is read backwards from its (merchantId, column, id) index (migration
// customers_cheaper_writes). Only lastVisitAt can be NULL; a NULLS LAST on the others would not
// match their index and turn the first page into a sort of the whole merchant.
export const SORTS = {
  lastVisit: { column: "lastVisitAt", label: "Last visit", nullable: true, kind: "time" },
  totalSpent: { column: "totalSpentCents", label: "Total spent", nullable: false, kind: "integer" },
  visits: { column: "visitCount", label: "Visits", nullable: false, kind: "integer" },
  created: { column: "createdAt", label: "Customer since", nullable: false, kind: "time" },
} as const;
export type TSort = keyof typeof SORTS;
export const SORT_KEYS = Object.keys(SORTS) as TSort[];

/** A `?sort=` value, or null. Own keys only: `constructor` or `__proto__` are not sorts. */
export function sortFromParam(raw: unknown): TSort | null {
  return typeof raw === "string" && Object.hasOwn(SORTS, raw) ? (raw as TSort) : null;
}

/** The last row of a page: its sort value (ISO instant, or an integer as a string) and id. */
export type TCursor = { v: string | number | null; id: string };

export const encodeCursor = (c: TCursor) => Buffer.from(JSON.stringify(c)).toString("base64url");

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;
const COUNT = /^\d{1,18}$/; // non-negative and inside PostgreSQL's bigint

/** An instant PostgreSQL reads back exactly: a real calendar date (no 31 February) from year 1 on (there is no year 0). */
function isInstant(v: string): boolean {
  if (!INSTANT.test(v) || v.startsWith("0000")) return false;
  const d = new Date(v);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 19) === v.slice(0, 19);
}

/** The cursor's sort value when it is one `sort` can hold; undefined when it is not. */
function sortValueOf(v: unknown, sort: TSort): string | number | null | undefined {
  const { kind, nullable } = SORTS[sort];
  if (v === null) return nullable ? null : undefined;
  if (kind === "time") return typeof v === "string" && isInstant(v) ? v : undefined;
  if (typeof v === "number") return Number.isSafeInteger(v) && v >= 0 ? v : undefined;
  return typeof v === "string" && COUNT.test(v) ? v : undefined;
}

/**
 * The cursor a previous page handed out, checked against the sort it must continue. Absent: null.
 * Anything else (forged, truncated, or from another sort) is a 400 that names the cursor, never a
 * value that reaches SQL as a uuid or a timestamp the database would refuse.
 */
export function decodeCursor(raw: string | null | undefined, sort: TSort): TCursor | null {
  if (raw === null || raw === undefined || raw === "") return null;
  const cursor = readCursor(raw, sort);
  if (!cursor) {
    throw new AppError("BAD_REQUEST", "That page cursor is not valid: pass the nextCursor of the previous page, with the same sort.", {
      fieldErrors: { cursor: "Not a cursor this list handed out." },
    });
  }
  return cursor;
}

/** The cursor, or null when it is not valid for `sort`. */
export function readCursor(raw: string, sort: TSort): TCursor | null {
  if (raw.length > 500 || !/^[A-Za-z0-9_-]+$/.test(raw)) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, "base64url").toString("utf8"));
  } catch {
    return null;
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) return null;
  const keys = Object.keys(parsed);
  if (keys.length !== 2 || !Object.hasOwn(parsed, "v") || !Object.hasOwn(parsed, "id")) return null;
  const { v, id } = parsed as { v: unknown; id: unknown };
  const value = sortValueOf(v, sort);
  return value !== undefined && isUuid(id) ? { v: value, id } : null;
}

type TSearchParams = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/**
 * The Best Customer List's URL, read once: a repeated parameter counts once, an unknown sort is
 * the default, and a cursor that is not valid for the sort opens the first page with a notice
 * (a stale bookmark should still show the list, not an error page).
 */
export function customerListParams(sp: TSearchParams) {
  const sortParam = one(sp.sort);
  const sort = sortFromParam(sortParam) ?? "lastVisit";
  const rawCursor = one(sp.cursor);
  const cursor = rawCursor && readCursor(rawCursor, sort) ? rawCursor : undefined;
  const rawBefore = one(sp.before);
  const before = !cursor && rawBefore && readCursor(rawBefore, sort) ? rawBefore : undefined;
  // The page number only words "Showing 51–100"; the cursor decides what is shown.
  const pageNo = Number(one(sp.p));
  const rawGroup = one(sp.group);
  return {
    preset: one(sp.preset),
    f: one(sp.f),
    q: one(sp.q),
    edit: one(sp.edit),
    /** The sort as given, when it is one (for links that keep it). */
    sortParam: sortFromParam(sortParam) ?? undefined,
    sort,
    cursor,
    before,
    page: cursor || before ? (Number.isSafeInteger(pageNo) && pageNo >= 2 ? pageNo : 2) : 1,
    group: rawGroup && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(rawGroup) ? rawGroup : undefined,
    notice:
      (rawCursor && !cursor) || (rawBefore && !before)
        ? "That page link is out of date, so this is the first page."
        : sortParam && !sortFromParam(sortParam)
          ? `There is no sort called “${sortParam.slice(0, 40)}”; sorted by last visit.`
          : null,
  };
}
