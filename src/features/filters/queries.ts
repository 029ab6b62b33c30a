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
  rfmSegment: string | null;
  emailConsent: boolean;
};

/**
 * One page of the merchant's customers matching the filter, sorted descending (nulls last) with
 * keyset pagination on (sort value, id): every page costs the same, however deep.
 */
export async function listCustomers(merchant: TFilterMerchant, filter: TFilter, opts: { sort?: TSort; limit: number; cursor?: string | null; now?: Date; search?: string }) {
  // Own keys only: a sort named "constructor" must not find Object's.
  const sortKey = sortFromParam(opts.sort ?? "lastVisit");
  if (!sortKey) throw new AppError("BAD_REQUEST", `Sort by ${Object.keys(SORTS).join(", ")}.`, { fieldErrors: { sort: "Not a sort of this list." } });
  const sort = SORTS[sortKey];
  const col = Prisma.raw(`c."${sort.column}"`); // a column name from SORTS, never input text
  const cursor = decodeCursor(opts.cursor, sortKey);
  // Descending with nulls last: rows with a value come first, then the nulls by id.
  const after = !cursor
    ? Prisma.sql`TRUE`
    : cursor.v === null
      ? Prisma.sql`(${col} IS NULL AND c.id < ${cursor.id}::uuid)`
      : Prisma.sql`(${col} IS NULL OR ${col} < ${sortValue(sort.column, cursor.v)} OR (${col} = ${sortValue(sort.column, cursor.v)} AND c.id < ${cursor.id}::uuid))`;
  const rows = await db.$queryRaw<(TCustomerRow & { sortValue: unknown })[]>(Prisma.sql`
    SELECT c.id, c."firstName", c."lastName", c.email, c.phone, c."visitCount", c."totalSpentCents", c."lastVisitAt", c."lastRating",
           (SELECT r.segment FROM customer_rfm r WHERE r."merchantId" = c."merchantId" AND r."customerId" = c.id) AS "rfmSegment",
           (c."emailConsent" AND c."unsubscribedAt" IS NULL AND c."suppressedAt" IS NULL) AS "emailConsent", ${col} AS "sortValue"
      FROM customers c
     WHERE ${compileWhere(filter, ctxOf(merchant, opts.now))} AND ${after} AND ${searchSql(opts.search)}
     ORDER BY ${col} DESC${Prisma.raw(sort.nullable ? " NULLS LAST" : "")}, c.id DESC
     LIMIT ${opts.limit + 1}`);
  const page = rows.slice(0, opts.limit);
  const last = page.at(-1);
  const nextCursor = rows.length > opts.limit && last ? encodeCursor({ v: cursorValue(last.sortValue), id: last.id }) : null;
  return { data: page.map(({ sortValue: _s, ...r }) => r), nextCursor };
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

export async function countCustomersWithSearch(merchant: TFilterMerchant, filter: TFilter, search?: string): Promise<number> {
  if (!searchTerm(search)) return countCustomers(merchant, filter);
  const [row] = await db.$queryRaw<{ n: number }[]>(Prisma.sql`SELECT count(*)::int AS n FROM customers c WHERE ${compileWhere(filter, ctxOf(merchant))} AND ${searchSql(search)}`);
  return row?.n ?? 0;
}
