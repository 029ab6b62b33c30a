import { beforeAll, describe, expect, it } from "vitest";
import { countCustomersWithSearch as countCustomersWithSearchOf, listCustomers as listCustomersOf, SORTS, type TSort } from "@/features/filters/queries";
import { searchCustomersForCounter as searchCustomersForCounterOf } from "@/features/visits/counter";
import { withPlatform } from "@/lib/tenant";
import { db, inTenantOf, makeMerchant } from "./helpers";

// Feature functions run as their entry points run them: in the tenant scope of their merchant.
const countCustomersWithSearch = inTenantOf(countCustomersWithSearchOf);
const listCustomers = inTenantOf(listCustomersOf);
const searchCustomersForCounter = inTenantOf(searchCustomersForCounterOf);

// Finding a customer by what staff type (features/filters/search.ts): the start of the name or
// last name, the start of the email, phone digits with or without the country code; only ever the
// merchant's own customers, best customers first. The list's search box matches the same way.

let a: Awaited<ReturnType<typeof makeMerchant>>;
let b: Awaited<ReturnType<typeof makeMerchant>>;

beforeAll(async () => {
  a = await makeMerchant("Search Cafe");
  b = await makeMerchant("Other Cafe");
  const people = [
    { firstName: "Maria", lastName: "Lopez", email: "maria.lopez@example.com", phone: "+14155550123", visitCount: 2 },
    { firstName: "Mario", lastName: "Rossi", email: "mr@example.org", phone: "+14155559876", visitCount: 9 },
    { firstName: "Ana", lastName: "Marín", email: "a_b@example.net", phone: null, visitCount: 0 },
    { firstName: null, lastName: null, email: "axb@example.net", phone: "+447700900123", visitCount: 1 },
  ];
  await db.customer.createMany({ data: people.map((p) => ({ merchantId: a.merchant.id, ...p, emailNormalized: p.email.toLowerCase() })) });
  await db.customer.create({
    data: {
      merchantId: b.merchant.id,
      firstName: "Maria",
      lastName: "Lopez",
      email: "maria@b.example",
      emailNormalized: "maria@b.example",
      phone: "+14155550123",
      visitCount: 50,
    },
  });
});

const names = async (q: string) => (await searchCustomersForCounter(a.merchant.id, q)).map((c) => c.name);

describe("walk-in search at the counter", () => {
  it("matches the start of the name or of the last name, in any case, best customers first", async () => {
    expect(await names("mar")).toEqual(["Mario Rossi", "Maria Lopez", "Ana Marín"]);
    expect(await names("MARIA")).toEqual(["Maria Lopez"]);
    expect(await names("maria  lo")).toEqual(["Maria Lopez"]);
    expect(await names("lop")).toEqual(["Maria Lopez"]);
    expect(await names("marí")).toEqual(["Ana Marín"]);
    // Starts of names, not any part of them.
    expect(await names("ria")).toEqual([]);
  });

  it("matches the start of an email, with LIKE's wildcards taken literally", async () => {
    expect(await names("maria.lopez@")).toEqual(["Maria Lopez"]);
    expect(await names("mr@")).toEqual(["Mario Rossi"]);
    expect(await names("a_b")).toEqual(["Ana Marín"]);
    expect(await names("a%")).toEqual([]);
  });

  it("matches phone digits typed with or without the country code", async () => {
    expect(await names("(415) 555-0123")).toEqual(["Maria Lopez"]);
    expect(await names("415 555")).toEqual(["Mario Rossi", "Maria Lopez"]);
    expect(await names("+1 415 555 98")).toEqual(["Mario Rossi"]);
    expect(await names("+44 7700")).toEqual(["axb@example.net"]);
    expect(await names("555 0123")).toEqual([]);
  });

  it("never finds another merchant's customers, and ignores one-letter terms", async () => {
    const found = await searchCustomersForCounter(b.merchant.id, "maria");
    expect(found.map((c) => c.email)).toEqual(["maria@b.example"]);
    // In the platform scope, where row-level security hides no merchant: the query's own filter is under test.
    const own = await withPlatform("test: the search's own filter", () => searchCustomersForCounterOf(b.merchant.id, "maria"));
    expect(own.map((c) => c.email)).toEqual(["maria@b.example"]);
    expect(await withPlatform("test: the search's own filter", () => countCustomersWithSearchOf(b.merchant, { and: [] }, "mario"))).toBe(0);
    expect(await names("m")).toEqual([]);
  });
});

describe("the list's search box", () => {
  it("finds and counts the same customers", async () => {
    const everyone = { and: [] };
    const page = await listCustomers(a.merchant, everyone, { limit: 10, search: "415 555", sort: "visits" });
    expect(page.data.map((c) => c.firstName)).toEqual(["Mario", "Maria"]);
    expect(await countCustomersWithSearch(a.merchant, everyone, "415 555")).toBe(2);
    expect(await countCustomersWithSearch(a.merchant, everyone, "lopez")).toBe(1);
    expect(await countCustomersWithSearch(b.merchant, everyone, "mario")).toBe(0);
  });

  it("pages through every customer once, in the order of each sort", async () => {
    const m = await makeMerchant("Sort Cafe");
    const at = (d: number) => new Date(Date.UTC(2026, 10, d));
    // Ties on every sort value, and customers who never visited (lastVisitAt NULL, last of all).
    await db.customer.createMany({
      data: Array.from({ length: 23 }, (_, i) => ({
        merchantId: m.merchant.id,
        firstName: `C${i}`,
        visitCount: i % 4,
        totalSpentCents: BigInt((i % 3) * 1000),
        lastVisitAt: i % 5 === 0 ? null : at(1 + (i % 6)),
        createdAt: at(1 + (i % 2)),
      })),
    });
    const all = await db.customer.findMany({
      where: { merchantId: m.merchant.id },
      select: { id: true, visitCount: true, totalSpentCents: true, lastVisitAt: true, createdAt: true },
    });
    for (const sort of Object.keys(SORTS) as TSort[]) {
      const key = (c: (typeof all)[number]) => {
        const v = c[SORTS[sort].column as keyof typeof c];
        return v === null ? -Infinity : v instanceof Date ? v.getTime() : Number(v);
      };
      const expected = [...all].sort((x, y) => key(y) - key(x) || (y.id > x.id ? 1 : -1)).map((c) => c.id);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: Awaited<ReturnType<typeof listCustomers>> = await listCustomers(m.merchant, { and: [] }, { limit: 4, sort, cursor });
        seen.push(...page.data.map((c) => c.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen, sort).toEqual(expected);
    }
  });
});
