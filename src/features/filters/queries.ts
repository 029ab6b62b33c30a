import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { db } from "@/lib/db";
import { customerSearchSql, searchTerm } from "./search";
import { compileWhere, type TCompileContext } from "./compile";
import { AppError } from "@/lib/errors";
import { decodeCursor, encodeCursor, SORTS, sortFromParam, type TSort } from "./cursor";
import type { TFilter } from "./schemas";

export type TFilterMerchant = { id: string; timeZone: string };

const ctxOf = (m: TFilterMerchant, now?: Date): TCompileContext => ({ merchantId: m.id, timeZone: m.timeZone, now });

export async function countCustomers(merchant: TFilterMerchant, filter: TFilter, now?: Date): Promise<number> {
  const [row] = await db.$queryRaw<{ n: number }[]>(Prisma.sql`SELECT count(*)::int AS n FROM customers c WHERE ${compileWhere(filter, ctxOf(merchant, now))}`);
  return row?.n ?? 0;
}

export { SORTS, type TSort } from "./cursor";

export type TCustomerRow = {
  id: string;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  phone: string | null;
  visitCount: number;
  totalSpentCents: bigint;
  lastVisitAt: Date | null;
  lastRating: number | null;
  /** The mean of the 5 most recent ratings, rounded (docs/filters.md "usualRating"). */
  usualRating: number | null;
  rfmSegment: string | null;
  emailConsent: boolean;
  /** 0–100 (docs/social-score.md). */
  socialScore: number;
};

/**
 * One page of the merchant's customers matching the filter, sorted descending (nulls last) with
 * keyset pagination on (sort value, id): every page costs the same, however deep. `cursor` asks
 * for the page after a row (nextCursor); `before` for the page before a row (prevCursor), read
 * backwards on the same index and turned round.
 */
export async function listCustomers(
  merchant: TFilterMerchant,
  filter: TFilter,
  opts: { sort?: TSort; limit: number; cursor?: string | null; before?: string | null; now?: Date; search?: string; memberOf?: string },
) {
  // Own keys only: a sort named "constructor" must not find Object's.
  const sortKey = sortFromParam(opts.sort ?? "lastVisit");
  if (!sortKey) throw new AppError("BAD_REQUEST", `Sort by ${Object.keys(SORTS).join(", ")}.`, { fieldErrors: { sort: "Not a sort of this list." } });
  const sort = SORTS[sortKey];
  const col = Prisma.raw(`c."${sort.column}"`); // a column name from SORTS, never input text
  const backwards = !!opts.before;
  const cursor = decodeCursor(backwards ? opts.before : opts.cursor, sortKey);
  // Descending with nulls last: rows with a value come first, then the nulls by id.
  const after = !cursor
    ? Prisma.sql`TRUE`
    : backwards
      ? cursor.v === null
        ? Prisma.sql`(${col} IS NOT NULL OR c.id > ${cursor.id}::uuid)`
        : Prisma.sql`(${col} > ${sortValue(sort.column, cursor.v)} OR (${col} = ${sortValue(sort.column, cursor.v)} AND c.id > ${cursor.id}::uuid))`
      : cursor.v === null
        ? Prisma.sql`(${col} IS NULL AND c.id < ${cursor.id}::uuid)`
        : Prisma.sql`(${col} IS NULL OR ${col} < ${sortValue(sort.column, cursor.v)} OR (${col} = ${sortValue(sort.column, cursor.v)} AND c.id < ${cursor.id}::uuid))`;
  const order = backwards
    ? Prisma.sql`${col} ASC${Prisma.raw(sort.nullable ? " NULLS FIRST" : "")}, c.id ASC`
    : Prisma.sql`${col} DESC${Prisma.raw(sort.nullable ? " NULLS LAST" : "")}, c.id DESC`;
  const rows = await db.$queryRaw<(TCustomerRow & { sortValue: unknown })[]>(Prisma.sql`
    SELECT c.id, c."firstName", c."lastName", c.email, c.phone, c."visitCount", c."totalSpentCents", c."lastVisitAt", c."lastRating", c."usualRating", c."socialScore",
           (SELECT r.segment FROM customer_rfm r WHERE r."merchantId" = c."merchantId" AND r."customerId" = c.id) AS "rfmSegment",
           (c."emailConsent" AND c."unsubscribedAt" IS NULL AND c."suppressedAt" IS NULL) AS "emailConsent", ${col} AS "sortValue"
      FROM customers c
     WHERE ${compileWhere(filter, ctxOf(merchant, opts.now))} AND ${after} AND ${searchSql(opts.search)} AND ${memberSql(merchant, opts.memberOf)}
     ORDER BY ${order}
     LIMIT ${opts.limit + 1}`);
  const more = rows.length > opts.limit;
  const page = backwards ? rows.slice(0, opts.limit).reverse() : rows.slice(0, opts.limit);
  const first = page[0];
  const last = page.at(-1);
  const cursorOf = (r: (typeof page)[number]) => encodeCursor({ v: cursorValue(r.sortValue), id: r.id });
  // Going forward there are earlier rows exactly when we started after one; going back, when the
  // backwards read found more than a page (and later rows always exist: we came from there).
  const nextCursor = last && (backwards || more) ? cursorOf(last) : null;
  const prevCursor = first && (backwards ? more : !!cursor) ? cursorOf(first) : null;
  return { data: page.map(({ sortValue: _s, ...r }) => r), nextCursor, prevCursor };
}

function cursorValue(v: unknown): string | number | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.toISOString();
  if (typeof v === "bigint") return v.toString();
  return v as number;
}

function sortValue(column: string, v: string | number): Prisma.Sql {
  if (column === "lastVisitAt" || column === "createdAt") return Prisma.sql`${String(v)}::timestamptz`;
  return Prisma.sql`${String(v)}::bigint`;
}

/** The search box (features/filters/search.ts); TRUE when there is none. */
export function searchSql(search: string | undefined): Prisma.Sql {
  const term = searchTerm(search);
  return term ? customerSearchSql(term) : Prisma.sql`TRUE`;
}

/** A hand-picked (static) group's members; TRUE when there is no group. */
function memberSql(merchant: TFilterMerchant, groupId: string | undefined): Prisma.Sql {
  return groupId
    ? Prisma.sql`c.id IN (SELECT gm."customerId" FROM group_members gm WHERE gm."merchantId" = ${merchant.id}::uuid AND gm."groupId" = ${groupId}::uuid)`
    : Prisma.sql`TRUE`;
}

export async function countCustomersWithSearch(merchant: TFilterMerchant, filter: TFilter, search?: string, memberOf?: string): Promise<number> {
  if (!searchTerm(search) && !memberOf) return countCustomers(merchant, filter);
  const [row] = await db.$queryRaw<{ n: number }[]>(
    Prisma.sql`SELECT count(*)::int AS n FROM customers c WHERE ${compileWhere(filter, ctxOf(merchant))} AND ${searchSql(search)} AND ${memberSql(merchant, memberOf)}`,
  );
  return row?.n ?? 0;
}
