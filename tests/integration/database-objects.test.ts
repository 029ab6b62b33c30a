import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase, dropDatabase, withDatabase } from "../../scripts/lib/postgres";
import { diffSchemas, schemaPath } from "../../scripts/lib/schema-engine";
import type { TTestServer } from "./setup/database";

// Does the repository say what the database is? The database every migration built (this file's
// clone of the template) is compared with one built from what a reader reads: the tables, indexes
// and constraints schema.prisma creates, plus every readable SQL file of prisma/sql/ (functions
// and triggers). Functions and triggers must be equal — pg_get_functiondef of each, so a readable
// copy cannot drift from the migration that applied it — and every other difference (an index
// Prisma cannot express, a constraint written by hand, a foreign key replaced by triggers) must be
// named in the checked list of prisma/sql/README.md. A new hand-made object fails here until it is
// described.

const root = path.resolve(import.meta.dirname, "../..");
const sqlDir = path.join(root, "prisma/sql");

type TObjects = Map<string, string>; // "index customers_tagIds_idx" → its definition

const CATALOG = `
  SELECT 'index ' || c.relname AS key, pg_get_indexdef(i.indexrelid) AS def
    FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
   WHERE c.relnamespace = 'public'::regnamespace
  UNION ALL
  SELECT 'constraint ' || conname, conrelid::regclass::text || ' ' || pg_get_constraintdef(oid)
    FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND contype <> 'n'
  UNION ALL
  SELECT 'trigger ' || t.tgname, pg_get_triggerdef(t.oid)
    FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
   WHERE c.relnamespace = 'public'::regnamespace AND NOT t.tgisinternal
  UNION ALL
  SELECT 'function ' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')', pg_get_functiondef(p.oid)
    FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace AND p.prokind = 'f'
  UNION ALL
  SELECT 'policy ' || polrelid::regclass::text || '.' || polname, pg_get_expr(polqual, polrelid) || ' CHECK ' || coalesce(pg_get_expr(polwithcheck, polrelid), '')
         || ' TO ' || array_to_string(ARRAY(SELECT CASE r WHEN 0 THEN 'public' ELSE r::regrole::text END FROM unnest(polroles) r ORDER BY 1), ', ')
    FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid WHERE c.relnamespace = 'public'::regnamespace
  UNION ALL
  SELECT 'table ' || relname, concat_ws(' ', CASE relpersistence WHEN 'u' THEN 'UNLOGGED' END, CASE WHEN relrowsecurity THEN 'ROW LEVEL SECURITY' END, array_to_string(reloptions, ', '))
    FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'p')`;

// Prisma's own bookkeeping table exists only where migrations ran.
const ignored = (key: string) => key.includes("_prisma_migrations");

async function objectsOf(url: string): Promise<TObjects> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ key: string; def: string }>(CATALOG);
    return new Map(rows.filter((r) => !ignored(r.key)).map((r) => [r.key, r.def]));
  } finally {
    await client.end();
  }
}

/** "only in the database" / "only in schema.prisma" / "differs", for each object whose definitions are not the same. */
function differences(database: TObjects, described: TObjects): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, def] of database) {
    if (!described.has(key)) out.set(key, "only in the database");
    else if (described.get(key) !== def) out.set(key, "differs");
  }
  for (const key of described.keys()) if (!database.has(key)) out.set(key, "only in schema.prisma");
  return out;
}

/** The checked list: the rows of prisma/sql/README.md's table "| `kind name` | difference | why |". */
function documentedDifferences(): Map<string, string> {
  const text = readFileSync(path.join(sqlDir, "README.md"), "utf8");
  const rows = [...text.matchAll(/^\| `([a-z]+ [^`]+)` +\| (only in the database|only in schema\.prisma|differs) +\|/gm)];
  return new Map(rows.map((m) => [m[1]!, m[2]!]));
}

let database: TObjects;
let described: TObjects;
let scratch: { name: string; adminUrl: string } | undefined;

beforeAll(async () => {
  database = await objectsOf(process.env.DATABASE_OWNER_URL!);
  // An empty database given schema.prisma's tables and then prisma/sql's files, as the owner.
  const server = JSON.parse(process.env.TEST_DATABASE_SERVER!) as TTestServer;
  const name = `regulars_test_${process.pid}_${randomBytes(4).toString("hex")}`;
  await createDatabase(server.adminUrl, name, undefined, server.owner);
  scratch = { name, adminUrl: server.adminUrl };
  const url = withDatabase(server.ownerUrl, name);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(await diffSchemas(null, readFileSync(schemaPath, "utf8")));
    for (const file of readdirSync(sqlDir)
      .filter((f) => f.endsWith(".sql"))
      .sort()) {
      await client.query(readFileSync(path.join(sqlDir, file), "utf8")).catch((err: Error) => {
        throw new Error(`prisma/sql/${file}: ${err.message}`, { cause: err });
      });
    }
  } finally {
    await client.end();
  }
  described = await objectsOf(url);
}, 120_000);

afterAll(async () => {
  if (scratch) await dropDatabase(scratch.adminUrl, scratch.name);
});

describe("the database is what schema.prisma and prisma/sql say", () => {
  it("has each function and trigger exactly as its readable copy in prisma/sql/ defines it", () => {
    const kinds = /^(function|trigger) /;
    const inDatabase = [...database].filter(([k]) => kinds.test(k));
    expect(inDatabase.length).toBeGreaterThanOrEqual(8);
    for (const [key, def] of inDatabase) {
      expect(described.get(key), `${key}: no readable copy in prisma/sql/ defines it`).toBeDefined();
      expect(described.get(key), `${key}: prisma/sql/ defines it differently from the applied migration`).toBe(def);
    }
    const copiesOnly = [...described.keys()].filter((k) => kinds.test(k) && !database.has(k));
    expect(copiesOnly, "defined in prisma/sql/ but not in the database").toEqual([]);
  });

  it("differs from schema.prisma only where prisma/sql/README.md says so", () => {
    const actual = Object.fromEntries([...differences(database, described)].sort(([a], [b]) => a.localeCompare(b)));
    const documented = Object.fromEntries([...documentedDifferences()].sort(([a], [b]) => a.localeCompare(b)));
    // A failure lists what to add to (or remove from) the table in prisma/sql/README.md.
    expect(actual).toEqual(documented);
  });

  it("sees the objects it compares (the comparison cannot pass by reading nothing)", () => {
    expect([...database.keys()].filter((k) => k.startsWith("index ")).length).toBeGreaterThan(40);
    expect([...described.keys()].filter((k) => k.startsWith("constraint ")).length).toBeGreaterThan(40);
    expect(database.get("table rate_limits")).toContain("UNLOGGED");
  });
});
