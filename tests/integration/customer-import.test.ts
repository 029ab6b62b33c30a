import pg from "pg";
import { describe, expect, it } from "vitest";
import { copyLine, databaseNow, importCustomers as importCustomersOf, writeCustomers as writeCustomersOf } from "@/features/imports/customer-import";
import { DEFAULT_POLICY } from "@/features/imports/fields";
import { pool } from "@/lib/db";
import type { TCustomerRow } from "@/features/imports/rows";
import { db, inTenantOf, makeMerchant } from "./helpers";

// Feature functions run as their entry points run them: in the tenant scope of their merchant.
const importCustomers = inTenantOf(importCustomersOf);
const writeCustomers = inTenantOf(writeCustomersOf);

// The staged, set-based customer import must end in the same customers as merging the rows one by
// one in file order, however the file is cut into chunks and whatever repeats within a chunk.

const MAPPING = {
  externalId: "id",
  email: "email",
  phone: "phone",
  firstName: "first",
  lastName: "last",
  zip: "zip",
  birthday: "birthday",
  emailConsent: "consent",
  tags: "tags",
};

/** A small deterministic generator (the same file on every run). */
function lcg(seed: number) {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

/**
 * Rows about 60 people, each with an external id, an email and a phone. Every row of a person
 * carries that person's one "anchor" key plus any of the others, so each person is one customer
 * (rows never tie two people together, which the merge rule would refuse as a duplicate key).
 */
function personRows(n: number, seed: number): TCustomerRow[] {
  const rnd = lcg(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)]!;
  return Array.from({ length: n }, () => {
    const p = Math.floor(rnd() * 60);
    const anchor = p % 3;
    const row: TCustomerRow = {};
    if (anchor === 0 || rnd() < 0.3) row.externalId = `pos-${p}`;
    if (anchor === 1 || rnd() < 0.3) row.email = rnd() < 0.5 ? `P${p}@Example.com` : `p${p}@example.com`;
    if (anchor === 2 || rnd() < 0.3) row.phone = `+1415555${String(1000 + p)}`;
    if (rnd() < 0.6) row.firstName = pick(["Ana", "Ben", "Cy", "Dee"]);
    if (rnd() < 0.4) row.lastName = pick(["Lima", "Ng", "Ortiz"]);
    if (rnd() < 0.3) row.zip = pick(["94103", "10001"]);
    if (rnd() < 0.3) row.birthday = pick(["1990-04-02", "1985-12-31"]);
    if (rnd() < 0.5) row.emailConsent = rnd() < 0.5;
    if (rnd() < 0.3) row.tags = [pick(["vip", "VIP", "family", "brunch"])];
    return row;
  });
}

/** A third of the people are already customers, known by their anchor key. */
async function seed(merchantId: string) {
  for (let p = 0; p < 60; p += 3) {
    const anchor = p % 3;
    await db.customer.create({
      data: {
        merchantId,
        firstName: "Seed",
        zip: "02110",
        ...(anchor === 0 ? { externalId: `pos-${p}` } : {}),
        ...(p % 2 ? { email: `p${p}@example.com`, emailNormalized: `p${p}@example.com` } : {}),
        ...(p % 4 === 0 ? { phone: `+1415555${String(1000 + p)}` } : {}),
      },
    });
  }
}

async function* linesOf(rows: TCustomerRow[]) {
  for (let i = 0; i < rows.length; i++) yield copyLine(i + 2, rows[i]!);
}

/** The merchant's customers, without ids and times, in a stable order. */
async function customersOf(merchantId: string, withTags = true) {
  const tags = new Map((await db.tag.findMany({ where: { merchantId } })).map((t) => [t.id, t.normalizedName]));
  const list = await db.customer.findMany({ where: { merchantId } });
  return list
    .map((c) => ({
      externalId: c.externalId,
      email: c.email,
      emailNormalized: c.emailNormalized,
      phone: c.phone,
      firstName: c.firstName,
      lastName: c.lastName,
      zip: c.zip,
      birthday: c.birthday?.toISOString().slice(0, 10) ?? null,
      emailConsent: c.emailConsent,
      emailConsentSource: c.emailConsentSource,
      ...(withTags ? { tags: c.tagIds.map((t) => tags.get(t)).sort() } : {}),
    }))
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

async function importInChunks(rows: TCustomerRow[], chunkRows: number, policy?: typeof DEFAULT_POLICY) {
  const m = await makeMerchant(`Chunks ${chunkRows}`);
  await seed(m.merchant.id);
  const steps: number[] = [];
  const imported = await importCustomers({
    merchantId: m.merchant.id,
    importId: crypto.randomUUID(),
    source: linesOf(rows),
    mapping: MAPPING,
    chunkRows,
    progress: async (n) => void steps.push(n),
    policy,
  });
  return { merchantId: m.merchant.id, imported, steps };
}

describe("customer import merge", () => {
  it("ends in the same customers as the row-by-row merge, for any chunk size", { timeout: 240_000 }, async () => {
    const rows = personRows(400, 7);
    // The rule itself: each row merged alone, in file order.
    const reference = await makeMerchant("Row by row");
    await seed(reference.merchant.id);
    for (const row of rows) await writeCustomers(reference.merchant.id, [row]);
    const expected = await customersOf(reference.merchant.id, false);
    expect(expected.length).toBe(60);

    const one = await importInChunks(rows, 1);
    expect(one.imported).toBe(400);
    expect(await customersOf(one.merchantId, false)).toEqual(expected);
    const withTags = await customersOf(one.merchantId);
    for (const chunkRows of [37, 100_000]) {
      const run = await importInChunks(rows, chunkRows);
      expect(run.imported).toBe(400);
      expect(run.steps.at(-1)).toBe(400);
      expect(run.steps.length).toBe(Math.ceil(400 / chunkRows));
      expect(await customersOf(run.merchantId)).toEqual(withTags);
    }
    // Tags: case-insensitive, one vocabulary row each.
    expect(await db.tag.count({ where: { merchantId: one.merchantId, normalizedName: "vip" } })).toBe(1);
  }); // 400 rows merged one at a time, then three chunked imports: 57 s on a loaded 2-core machine

  it("with the default policy (fill blanks only) ends as the row-by-row merge with that policy: existing customers keep their values, new ones take later rows", {
    timeout: 240_000,
  }, async () => {
    const rows = personRows(300, 11);
    const reference = await makeMerchant("Row by row, blanks only");
    await seed(reference.merchant.id);
    const since = await databaseNow(pool());
    for (const row of rows) await writeCustomers(reference.merchant.id, [row], { policy: DEFAULT_POLICY, since });
    const expected = await customersOf(reference.merchant.id, false);
    // The seeded customers keep their first name and ZIP.
    expect(expected.filter((c) => c.firstName === "Seed").length).toBe(20);
    expect(expected.filter((c) => c.zip === "02110").length).toBe(20);
    for (const chunkRows of [1, 37, 100_000]) {
      const run = await importInChunks(rows, chunkRows, DEFAULT_POLICY);
      expect(await customersOf(run.merchantId, false)).toEqual(expected);
    }
  });

  it("merges again, skipping the conflict, when a customer with the same email appears during the insert", { timeout: 120_000 }, async () => {
    // A capture that creates a customer between the match and the insert: a trigger that fires once
    // (a sequence is not rolled back) inserts the conflicting customer inside the import's statement.
    // The trigger is schema, so the owner adds it; the import runs as the app's role.
    const owner = new pg.Client({ connectionString: process.env.DATABASE_OWNER_URL });
    await owner.connect();
    await owner.query(`CREATE SEQUENCE import_race_once`);
    await owner.query(`CREATE FUNCTION import_race() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW."firstName" = 'Racer' AND nextval('import_race_once') = 1 THEN
          INSERT INTO customers ("merchantId", email, "emailNormalized", "firstName", source, "updatedAt")
          VALUES (NEW."merchantId", 'race@example.com', 'race@example.com', 'Captured', 'counter', now());
        END IF;
        RETURN NEW;
      END $$`);
    await owner.query(`CREATE TRIGGER import_race BEFORE INSERT ON customers FOR EACH ROW EXECUTE FUNCTION import_race()`);
    try {
      const m = await makeMerchant("Race");
      const rows: TCustomerRow[] = [
        { email: "racer@example.com", firstName: "Racer" },
        { email: "race@example.com", firstName: "FromFile" },
        ...Array.from({ length: 40 }, (_, i) => ({ email: `other${i}@example.com`, firstName: "Other" })),
      ];
      const imported = await importCustomers({
        merchantId: m.merchant.id,
        importId: crypto.randomUUID(),
        source: linesOf(rows),
        mapping: MAPPING,
        progress: async () => {},
      });
      expect(imported).toBe(42);
      const customers = await db.customer.findMany({ where: { merchantId: m.merchant.id }, select: { emailNormalized: true, firstName: true } });
      expect(customers.length).toBe(42);
      expect(customers.find((c) => c.emailNormalized === "race@example.com")?.firstName).toBe("FromFile");
      expect(customers.filter((c) => c.firstName === "Other").length).toBe(40);
      // Nothing is left in the staging schema.
      expect(await db.$queryRaw<unknown[]>`SELECT 1 FROM pg_tables WHERE schemaname = 'import_staging'`).toEqual([]);
    } finally {
      await owner.query(`DROP TRIGGER import_race ON customers`);
      await owner.query(`DROP FUNCTION import_race()`);
      await owner.query(`DROP SEQUENCE import_race_once`);
      await owner.end();
    }
  });
});
