import { Prisma } from "@/generated/prisma/client";

// Finding a customer by what a person types at the counter or in the list's search box: the start
// of the name ("mar", "maria lo") or of the last name ("lop"), the start of the email, or phone
// digits (with or without the country code). Every branch is a range of an index (migrations
// customers_search_indexes and customers_import_indexes), so a search costs the same at a million
// customers as at a thousand; a contains-search ('%ria%') reads every customer of the merchant.

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (ch) => `\\${ch}`);
/** Sorts after every character: [p, p + HIGHEST) is "starts with p" as an index range. */
const HIGHEST = String.fromCodePoint(0x10ffff);
const PHONE_LIKE = /^\+?[\d\s().-]+$/;

/** What a search term becomes: lower case, single spaces; null when there is nothing to search. */
export function searchTerm(q: string | null | undefined): string | null {
  // Control characters cannot be in a name, email or phone (and a NUL cannot reach PostgreSQL): they become spaces.
  const t = (q ?? "")
    .replace(/[\u0000-\u001F\u007F]/g, " ")
    .trim()
    .toLowerCase()
    .replace(/\s+/g, " ")
    .slice(0, 100);
  return t ? t : null;
}

/** A predicate on customers alias `c` for a term from searchTerm(). */
export function customerSearchSql(term: string): Prisma.Sql {
  const starts = `${escapeLike(term)}%`;
  const branches: Prisma.Sql[] = [];
  const digits = term.replace(/\D/g, "");
  if (PHONE_LIKE.test(term)) {
    // Stored E.164. Without a "+" the digits may be a North American number without its 1
    // (normalizePhone() reads them so). ":" sorts right after "9": [p, p + ":") is "starts with p".
    if (digits.length >= 3) {
      for (const p of term.startsWith("+") ? [`+${digits}`] : [`+${digits}`, `+1${digits}`])
        branches.push(Prisma.sql`(c.phone >= ${p} AND c.phone < ${`${p}:`})`);
    }
  } else {
    // The two name columns (lower-cased, COLLATE "C"; migration customers_columns_for_rls) and their
    // indexes: in code-point order a range is exact. Plain columns, so the ranges stay index
    // conditions under row-level security (an expression like lower(…) would not).
    for (const name of [Prisma.sql`c."searchName"`, Prisma.sql`c."searchLastName"`]) {
      branches.push(Prisma.sql`(${name} >= ${term} AND ${name} < ${term + HIGHEST})`);
    }
  }
  if (!term.includes(" ")) {
    // The identity index is in the database's collation: the range finds, LIKE makes it exact.
    branches.push(Prisma.sql`(c."emailNormalized" >= ${term} AND c."emailNormalized" < ${term + HIGHEST} AND c."emailNormalized" LIKE ${starts})`);
  }
  return branches.length ? Prisma.sql`(${Prisma.join(branches, " OR ")})` : Prisma.sql`FALSE`;
}
