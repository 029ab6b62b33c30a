import "server-only";
import { randomUUID } from "node:crypto";
import { once } from "node:events";
import { finished } from "node:stream/promises";
import type pg from "pg";
import pgCopy from "pg-copy-streams";
import { Prisma } from "@/generated/prisma/client";
import { db, pool } from "@/lib/db";
import { ensureTags } from "@/features/customers/tags";
import { FILE_WINS, POLICY_FIELDS, type TCustomerImportPreview, type TImportPolicy, type TMapping } from "./fields";
import type { TCustomerRow } from "./rows";

// The customer import: the valid rows of a checked file, in COPY text format, go into an unlogged
// staging table 100,000 at a time and are merged into `customers` set-based. Merge rule (the same
// as writeCustomers() row by row, in file order, and as every other door: docs/architecture.md,
// "Customer identity"): a row matches a customer by externalId, then email (case-insensitive), then
// phone (E.164); it keeps the keys the customer has, fills blank ones no other customer holds and
// fills in what else it adds; otherwise it is a new customer. Rows that name a customer another row of the chunk also names take the exact
// row-by-row merge after the rest, in file order, so later values win.

/** Rows staged and merged per step; one progress step each. */
const STAGE_CHUNK = 100_000;
/** Rows per writeCustomers() call on the exact path. */
const EXACT_BATCH = 5_000;

// COPY text format: backslash, tab, newline and carriage return escaped, \N for null.
const copyField = (v: string | boolean | null | undefined) =>
  v === null || v === undefined
    ? "\\N"
    : typeof v === "boolean"
      ? v
        ? "t"
        : "f"
      : v.replace(/[\\\t\n\r]/g, (c) => (c === "\\" ? "\\\\" : c === "\t" ? "\\t" : c === "\n" ? "\\n" : "\\r"));

const STAGE_COLUMNS = "ord, ext, email, email_norm, phone, first, last, zip, bday, anniv, consent, tags";

/** One valid customer row as a COPY text line (STAGE_COLUMNS); `line` is its line in the file. */
export function copyLine(line: number, r: TCustomerRow): string {
  const tags = r.tags?.length ? JSON.stringify(r.tags) : null;
  return `${[String(line), r.externalId, r.email, r.email?.toLowerCase(), r.phone, r.firstName, r.lastName, r.zip, r.birthday, r.anniversary, r.emailConsent, tags].map(copyField).join("\t")}\n`;
}

/**
 * Cuts a stream of COPY text (whole lines overall, pieces of any size) into runs of `lines` lines
 * without parsing it: each piece is yielded as it comes, `last` marks the piece that ends a run.
 */
export async function* copyRuns(source: AsyncIterable<Buffer | string>, lines: number): AsyncGenerator<{ data: Buffer; last: boolean }> {
  let inRun = 0;
  for await (const piece of source) {
    const buf = typeof piece === "string" ? Buffer.from(piece) : piece;
    let start = 0;
    for (let nl = buf.indexOf(10); nl !== -1; nl = buf.indexOf(10, nl + 1)) {
      if (++inRun < lines) continue;
      yield { data: buf.subarray(start, nl + 1), last: true };
      inRun = 0;
      start = nl + 1;
    }
    if (start < buf.length) yield { data: buf.subarray(start), last: false };
  }
  if (inRun > 0) yield { data: Buffer.alloc(0), last: true };
}

/** Identity columns of the staging table and the customers columns they match. */
const IDENTITY = [
  { key: "externalId", stage: "ext", column: `"externalId"` },
  { key: "email", stage: "email_norm", column: `"emailNormalized"` },
  { key: "phone", stage: "phone", column: "phone" },
] as const;

export type TImportTimings = Record<string, number>;

/**
 * What a matched row writes into one of the POLICY_FIELDS of customer `c` from the row `r`: the
 * policy for customers that existed before the import began (`since`, a SQL timestamptz); a
 * customer this file created takes the file's later values, as the row-by-row merge does.
 */
export function policyExpr(policy: TImportPolicy, since: string | null, r: string, field: (typeof POLICY_FIELDS)[number], firstValue?: string): string {
  const c = `c.${field.column}`;
  const value = `${r}.${field.stage}`;
  const file = `COALESCE(${value}, ${c})`;
  const p = policy[field.key];
  if (p === "file" || !since) return file;
  // Several rows merged into one (writeCustomers): a blank is filled by the first of them that has a value, as row by row.
  return `CASE WHEN c."createdAt" < ${since} THEN ${p === "keep" ? c : `COALESCE(${c}, ${firstValue ?? value})`} ELSE ${file} END`;
}

/** The database's clock now, as a SQL timestamptz literal (the `since` of policyExpr). */
export async function databaseNow(client: { query: pg.PoolClient["query"] }): Promise<string> {
  const t = (await client.query<{ t: string }>(`SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS t`)).rows[0]!.t;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/.test(t)) throw new Error(`Unexpected timestamp ${t}`);
  return `'${t}'::timestamptz`;
}

type TStage = {
  merchantId: string;
  rows: string;
  matches: string;
  /** Identity columns the mapping fills (the others are NULL on every row). */
  keys: (typeof IDENTITY)[number][];
  hasTags: boolean;
  policy: TImportPolicy;
  /** When the import began (policyExpr). */
  since: string;
  /** emailConsentSource for consent the file grants. */
  consentSource: string;
  /** The connections a chunk's probes and inserts are split over; the first one runs everything else. */
  clients: pg.PoolClient[];
  time: <T>(phase: string, work: () => Promise<T>) => Promise<T>;
};

export type TCustomerImport = {
  merchantId: string;
  importId: string;
  /** COPY text lines of the valid rows (copyLine), in file order. */
  source: AsyncIterable<Buffer | string>;
  mapping: TMapping;
  /** Called after each chunk with the rows done so far. */
  progress: (imported: number) => Promise<void>;
  /** Seconds spent per phase are added here. */
  timings?: TImportTimings;
  chunkRows?: number;
  /** How matched rows change existing customers' fields (default: the file's values win). */
  policy?: TImportPolicy;
  /** Stored as the consent's source where the file grants consent (default "import"). */
  consentSource?: string;
};

/** Imports valid customer rows for a merchant. Only one chunk is ever staged, in PostgreSQL. */
export async function importCustomers({
  merchantId,
  importId,
  source,
  mapping,
  progress,
  timings = {},
  chunkRows = STAGE_CHUNK,
  policy = FILE_WINS,
  consentSource = "import",
}: TCustomerImport): Promise<number> {
  const time = async <T>(phase: string, work: () => Promise<T>) => {
    const t0 = performance.now();
    try {
      return await work();
    } finally {
      timings[phase] = (timings[phase] ?? 0) + (performance.now() - t0) / 1000;
    }
  };
  // Maintaining the dozen indexes of `customers` is CPU-bound, so a chunk's probes and inserts are
  // split over two connections (two cores) when the pool has room for them beside the Prisma client.
  const p = pool();
  const clients = [await p.connect()];
  if (p.options.max >= 4) clients.push(await p.connect());
  const [main] = clients as [pg.PoolClient];
  // With room in the pool, a third connection stages the next chunk while this one merges
  // (COPY is one core's work, and the merge leaves a core idle between its parallel steps).
  const copier = clients.length > 1 && p.options.max >= 6 ? await p.connect() : main;
  // The import is its own record: the row triggers of outbound webhooks skip its rows (prisma/sql/webhooks.sql).
  for (const c of new Set([...clients, copier])) await c.query("SET regulars.bulk_write = 'on'");
  // Unlogged tables in their own schema (see migration customers_import_indexes), the one place the
  // app's role may create tables (migration app_role): every connection reads them, and staging writes no WAL. Two sets, so one can fill while the other merges.
  const name = importId.replace(/-/g, "");
  const buffers = [0, 1].map((i) => ({ rows: `import_staging."rows_${name}_${i}"`, matches: `import_staging."matches_${name}_${i}"` }));
  const since = await databaseNow(main);
  const base = { merchantId, keys: IDENTITY.filter((k) => mapping[k.key]), hasTags: Boolean(mapping.tags), clients, time, policy, since, consentSource };
  const drop = `DROP TABLE IF EXISTS ${buffers.map((b) => `${b.rows}, ${b.matches}`).join(", ")}`;
  let imported = 0;
  let merging: Promise<void> = Promise.resolve();
  let copy: ReturnType<typeof pgCopy.from> | null = null;
  try {
    await main.query(drop);
    for (const b of buffers) {
      // new_id: time-ordered ids (uuidv7), so the id-keyed indexes grow at their right edge.
      // skip: matched or exact-path rows, not inserted; exact: rows for the row-by-row merge.
      await main.query(`CREATE UNLOGGED TABLE ${b.rows} (
        ord int NOT NULL, ext text, email text, email_norm text, phone text, first text, last text, zip text, bday date, anniv date, consent boolean, tags text,
        new_id uuid NOT NULL DEFAULT uuidv7(), skip boolean NOT NULL DEFAULT false, exact boolean NOT NULL DEFAULT false) WITH (autovacuum_enabled = false)`);
      await main.query(`CREATE UNLOGGED TABLE ${b.matches} (ord int NOT NULL, existing uuid NOT NULL) WITH (autovacuum_enabled = false)`);
    }
    let copyStarted = 0;
    let next = 0;
    for await (const { data, last } of copyRuns(source, chunkRows)) {
      if (data.length) {
        if (!copy) {
          copyStarted = performance.now();
          copy = copier.query(pgCopy.from(`COPY ${buffers[next]!.rows} (${STAGE_COLUMNS}) FROM STDIN`));
        }
        if (!copy.write(data)) await once(copy, "drain");
      }
      if (!last || !copy) continue;
      copy.end();
      await finished(copy);
      timings.copy = (timings.copy ?? 0) + (performance.now() - copyStarted) / 1000;
      const staged = copy.rowCount;
      copy = null;
      // Chunks merge one after another, in file order; the previous one also frees the buffer after this one.
      await merging;
      const b = buffers[next]!;
      merging = (async () => {
        await mergeChunk({ ...base, ...b });
        await time("truncate", () => main.query(`TRUNCATE ${b.rows}, ${b.matches}`));
        // The planner's statistics may predate this merchant's customers (a new merchant has none):
        // then it looks the next chunks' identities up by the merchant alone rather than through the
        // unique indexes, and each probe reads every customer the first chunk added (an import after
        // bench:capture's load ran for minutes on one chunk). One ANALYZE after a first full chunk,
        // through analyze_customers(): ANALYZE needs the table's owner (migration app_role).
        if (imported === 0 && staged >= chunkRows) await time("analyze", () => main.query("SELECT analyze_customers()"));
        imported += staged;
        await time("progress", () => progress(imported));
      })();
      merging.catch(() => {}); // awaited before the next chunk merges and at the end
      if (copier === main) await merging;
      next = 1 - next;
    }
    await merging;
  } finally {
    if (copy) {
      // Stopped mid-chunk (the file could not be read): abort the COPY so its table can be dropped.
      copy.destroy(new Error("import stopped"));
      await finished(copy).catch(() => {});
    }
    await merging.catch(() => {});
    await main.query(drop).catch(() => {});
    for (const c of new Set([...clients, copier])) {
      await c.query("RESET regulars.bulk_write").catch(() => {});
      c.release();
    }
  }
  return imported;
}

/** The staged chunk's ord range, cut into one contiguous part per connection. */
async function parts(s: TStage): Promise<[number, number][]> {
  const { lo, hi } = (await s.clients[0]!.query<{ lo: number; hi: number }>(`SELECT min(ord) AS lo, max(ord) AS hi FROM ${s.rows}`)).rows[0]!;
  const step = Math.ceil((hi - lo + 1) / s.clients.length);
  return s.clients.map((_, i) => [lo + i * step, Math.min(hi, lo + (i + 1) * step - 1)]);
}

/** Runs a statement over each part ($2..$3), each on its own connection, side by side; returns the rows it touched. */
async function onParts(s: TStage, range: [number, number][], sql: string): Promise<number> {
  const counts = await Promise.all(s.clients.map((c, i) => c.query(sql, [s.merchantId, range[i]![0], range[i]![1]]).then((r) => r.rowCount ?? 0)));
  return counts.reduce((a, b) => a + b, 0);
}

/** Merges the staged chunk (see importCustomers). */
async function mergeChunk(s: TStage, retry = false): Promise<void> {
  const main = s.clients[0]!;
  const range = await parts(s);
  // 1. Each row's customer, if it has one: externalId first, then email, then phone (probes of the
  //    unique indexes; only matched rows are kept).
  const probes = s.keys.map((k) => `(SELECT c.id FROM customers c WHERE c."merchantId" = $1 AND c.${k.column} = r.${k.stage})`);
  const matched = !probes.length
    ? 0
    : await s.time("match", () =>
        onParts(
          s,
          range,
          `INSERT INTO ${s.matches} (ord, existing)
       SELECT ord, existing FROM (SELECT r.ord, coalesce(${probes.join(", ")}) AS existing FROM ${s.rows} r WHERE r.ord BETWEEN $2 AND $3) x
        WHERE existing IS NOT NULL`,
        ),
      );
  // 2. Rows for the exact path: a row that repeats an identity of an earlier row of the chunk, and
  //    every row of a customer matched by more than one row. Neither they nor matched rows are inserted.
  const repeats = s.keys.map(
    (k) => `SELECT ord FROM (SELECT ord, row_number() OVER (PARTITION BY ${k.stage} ORDER BY ord) AS n FROM ${s.rows}
                                       WHERE ${k.stage} IN (SELECT ${k.stage} FROM ${s.rows} WHERE ${k.stage} IS NOT NULL GROUP BY 1 HAVING count(*) > 1)) d WHERE n > 1`,
  );
  await s.time("match", () =>
    main.query(`WITH exact AS (
      ${[...repeats, `SELECT ord FROM ${s.matches} WHERE existing IN (SELECT existing FROM ${s.matches} GROUP BY 1 HAVING count(*) > 1)`].join(" UNION ")})
    UPDATE ${s.rows} r SET skip = true, exact = r.ord IN (SELECT ord FROM exact)
     WHERE r.ord IN (SELECT ord FROM exact) OR r.ord IN (SELECT ord FROM ${s.matches})`),
  );
  // 3. New customers, split over the connections. Every row left was checked against each unique key
  //    above, so no ON CONFLICT (a quarter faster). A customer created meanwhile by a capture makes it
  //    fail: then the chunk is merged again on one connection, skipping what conflicts (rows a part
  //    already inserted match themselves; nothing after this step has run yet).
  try {
    await s.time("insert", () =>
      onParts(
        s,
        range,
        `INSERT INTO customers ("merchantId", id, "externalId", email, "emailNormalized", phone, "firstName", "lastName", zip, birthday, anniversary,
                                                "emailConsent", "emailConsentSource", "emailConsentAt", source, "updatedAt")
         SELECT $1, r.new_id, r.ext, r.email, r.email_norm, r.phone, r.first, r.last, r.zip, r.bday, r.anniv,
                COALESCE(r.consent, false), CASE WHEN r.consent THEN ${main.escapeLiteral(s.consentSource)} END, CASE WHEN r.consent THEN now() END, 'import', now()
           FROM ${s.rows} r WHERE r.ord BETWEEN $2 AND $3 AND NOT r.skip ${retry ? "ON CONFLICT DO NOTHING" : ""}`,
      ),
    );
  } catch (err) {
    if (retry || (err as { code?: string }).code !== "23505") throw err;
    await main.query(`TRUNCATE ${s.matches}`);
    await main.query(`UPDATE ${s.rows} SET skip = false, exact = false WHERE skip`);
    return mergeChunk({ ...s, clients: [main] }, true);
  }
  await finishChunk(s, range, matched);
}

/**
 * Updates the matched customers (split over the connections: no two unmarked rows share a
 * customer), attaches tags, then runs the exact path for the rows marked for it.
 */
async function finishChunk(s: TStage, range: [number, number][], matched: number) {
  const main = s.clients[0]!;
  const m = s.merchantId;
  if (matched) {
    // The identity rule: keys the customer has stay; a blank one is filled unless another customer holds the value.
    const free = (stage: string, column: string) => `NOT EXISTS (SELECT FROM customers o WHERE o."merchantId" = $1 AND o.${column} = r.${stage})`;
    await s.time("update", () =>
      onParts(
        s,
        range,
        `UPDATE customers c SET
         "externalId" = COALESCE(c."externalId", CASE WHEN ${free("ext", `"externalId"`)} THEN r.ext END),
         email = CASE WHEN c."emailNormalized" IS NULL AND ${free("email_norm", `"emailNormalized"`)} THEN r.email ELSE c.email END,
         "emailNormalized" = COALESCE(c."emailNormalized", CASE WHEN ${free("email_norm", `"emailNormalized"`)} THEN r.email_norm END),
         phone = COALESCE(c.phone, CASE WHEN ${free("phone", "phone")} THEN r.phone END),
         ${POLICY_FIELDS.map((f) => `${f.column} = ${policyExpr(s.policy, s.since, "r", f)}`).join(", ")},
         -- A file never restores consent the customer withdrew (unsubscribedAt): it only records it.
         "emailConsent" = CASE WHEN r.consent AND c."unsubscribedAt" IS NOT NULL THEN c."emailConsent" ELSE COALESCE(r.consent, c."emailConsent") END,
         "emailConsentSource" = CASE WHEN r.consent AND c."unsubscribedAt" IS NULL THEN ${main.escapeLiteral(s.consentSource)} ELSE c."emailConsentSource" END,
         "emailConsentAt" = CASE WHEN r.consent AND c."unsubscribedAt" IS NULL THEN now() ELSE c."emailConsentAt" END,
         "updatedAt" = now()
        FROM ${s.matches} x JOIN ${s.rows} r ON r.ord = x.ord
       WHERE c."merchantId" = $1 AND c.id = x.existing AND x.ord BETWEEN $2 AND $3 AND NOT r.exact`,
      ),
    );
  }
  if (s.hasTags) {
    // The vocabulary first (its new rows are visible to the next statement only), then
    // customer_tags and the tagIds aggregate.
    const tagged = `SELECT DISTINCT coalesce(x.existing, r.new_id) AS customer, btrim(n) AS name, lower(btrim(n)) AS norm
                      FROM ${s.rows} r LEFT JOIN ${s.matches} x ON x.ord = r.ord, jsonb_array_elements_text(r.tags::jsonb) AS n
                     WHERE r.tags IS NOT NULL AND NOT r.exact AND btrim(n) <> ''`;
    await s.time("tags", async () => {
      const vocab = await main.query(
        `SELECT count(*)::int AS n, ensure_tags($1, array_agg(name), array_agg(norm)) FROM (SELECT DISTINCT ON (norm) name, norm FROM (${tagged}) t) d HAVING count(*) > 0`,
        [m],
      );
      if (!vocab.rows.length) return;
      await main.query(
        `WITH pairs AS (
           SELECT t.customer, g.id AS tag FROM (${tagged}) t JOIN tags g ON g."merchantId" = $1 AND g."normalizedName" = t.norm
         ), ins AS (
           INSERT INTO customer_tags ("merchantId", "customerId", "tagId") SELECT $1, customer, tag FROM pairs ON CONFLICT DO NOTHING
         )
         UPDATE customers c SET "tagIds" = ARRAY(SELECT DISTINCT unnest(c."tagIds" || g.tags))
           FROM (SELECT customer, array_agg(tag) AS tags FROM pairs GROUP BY customer) g
          WHERE c."merchantId" = $1 AND c.id = g.customer`,
        [m],
      );
    });
  }
  // Repeats within the chunk: the exact merge, in file order.
  type TExactRow = {
    ext: string | null;
    email: string | null;
    phone: string | null;
    first: string | null;
    last: string | null;
    zip: string | null;
    bday: string | null;
    anniv: string | null;
    consent: boolean | null;
    tags: string | null;
  };
  await s.time("exact", async () => {
    const exact = await main.query<TExactRow>(
      `SELECT ext, email, phone, first, last, zip, to_char(bday, 'YYYY-MM-DD') AS bday, to_char(anniv, 'YYYY-MM-DD') AS anniv, consent, tags
         FROM ${s.rows} WHERE exact ORDER BY ord`,
    );
    const clean = <T>(v: T | null) => (v === null ? undefined : v);
    for (let i = 0; i < exact.rows.length; i += EXACT_BATCH) {
      const batch: TCustomerRow[] = exact.rows.slice(i, i + EXACT_BATCH).map((f) => ({
        externalId: clean(f.ext),
        email: clean(f.email),
        phone: clean(f.phone),
        firstName: clean(f.first),
        lastName: clean(f.last),
        zip: clean(f.zip),
        birthday: clean(f.bday),
        anniversary: clean(f.anniv),
        emailConsent: clean(f.consent),
        tags: f.tags ? (JSON.parse(f.tags) as string[]) : undefined,
      }));
      await attachCustomerTags(
        m,
        await writeCustomers(m, batch, { policy: s.policy, since: s.since, consentSource: s.consentSource }),
        batch.map((r) => r.tags ?? []),
      );
    }
  });
}

/**
 * Upserts a batch of customers in one statement: each row matches an existing customer by
 * externalId, email or phone (in that order) and fills in what it adds; the rest are inserted.
 * Returns the customer id of every input row, in order.
 */
export async function writeCustomers(
  merchantId: string,
  rowsIn: TCustomerRow[],
  opts: { policy?: TImportPolicy; since?: string | null; consentSource?: string; recordSource?: "import" | "deal" } = {},
): Promise<string[]> {
  const { policy = FILE_WINS, since = null, consentSource: source = "import", recordSource = "import" } = opts;
  // Rows of one batch that name the same customer are merged first (later values win), so the
  // statement below sees each customer once.
  // A row that gave consent leaves "import" as the consent's source even if a later row takes it back.
  const slot = new Map<string, number>();
  const input: TCustomerRow[] = [];
  const consented: boolean[] = [];
  /** Per merged row, the first value each policy field had (a blank is filled by the first, as row by row). */
  const firstValues: Partial<TCustomerRow>[] = [];
  const slotOf = rowsIn.map((r) => {
    const keysOf = (x: TCustomerRow) =>
      [x.externalId && `x:${x.externalId}`, x.email && `e:${x.email.toLowerCase()}`, x.phone && `p:${x.phone}`].filter(Boolean) as string[];
    // By priority (externalId, email, phone), as the statement below matches.
    const hit = keysOf(r)
      .map((k) => slot.get(k))
      .find((i) => i !== undefined);
    const i = hit ?? input.length;
    if (hit === undefined) input.push({ ...r });
    else {
      // The identity rule within the batch too: the keys the merged row has stay, blanks are filled
      // with values no other row of the batch holds, the other fields take the later value.
      const prev = input[i]!;
      const free = (k: string | undefined) => !!k && slot.get(k) === undefined;
      input[i] = {
        ...prev,
        ...Object.fromEntries(Object.entries(r).filter(([k, v]) => v !== undefined && !["externalId", "email", "phone"].includes(k))),
        externalId: prev.externalId ?? (free(r.externalId && `x:${r.externalId}`) ? r.externalId : undefined),
        email: prev.email ?? (free(r.email && `e:${r.email.toLowerCase()}`) ? r.email : undefined),
        phone: prev.phone ?? (free(r.phone && `p:${r.phone}`) ? r.phone : undefined),
      };
    }
    consented[i] = consented[i] || r.emailConsent === true;
    const firsts = (firstValues[i] ??= {});
    for (const f of POLICY_FIELDS) if (firsts[f.key] === undefined && r[f.key] !== undefined) firsts[f.key] = r[f.key];
    for (const k of keysOf(input[i]!)) slot.set(k, i);
    return i;
  });
  const n = input.length;
  const ids = input.map(() => randomUUID());
  const col = <T>(f: (r: TCustomerRow) => T) => input.map(f);
  const rows = await db.$queryRaw<{ ord: number; id: string }[]>(Prisma.sql`
    WITH input AS (
      SELECT * FROM unnest(
        ${Array.from({ length: n }, (_, i) => i)}::int[], ${ids}::uuid[], ${col((r) => r.externalId ?? null)}::text[], ${col((r) => r.email ?? null)}::text[],
        ${col((r) => r.email?.toLowerCase() ?? null)}::text[], ${col((r) => r.phone ?? null)}::text[], ${col((r) => r.firstName ?? null)}::text[],
        ${col((r) => r.lastName ?? null)}::text[], ${col((r) => r.zip ?? null)}::text[], ${col((r) => r.birthday ?? null)}::date[],
        ${col((r) => r.anniversary ?? null)}::date[], ${col((r) => (r.emailConsent === undefined ? null : r.emailConsent))}::bool[],
        ${input.map((_, i) => consented[i] ?? false)}::bool[],
        ${firstValues.map((f) => f.firstName ?? null)}::text[], ${firstValues.map((f) => f.lastName ?? null)}::text[], ${firstValues.map((f) => f.zip ?? null)}::text[],
        ${firstValues.map((f) => f.birthday ?? null)}::date[], ${firstValues.map((f) => f.anniversary ?? null)}::date[]
      ) AS t(ord, new_id, ext, email, email_norm, phone, first, last, zip, bday, anniv, consent, consented, first_first, first_last, first_zip, first_bday, first_anniv)
    ), matched AS (
      SELECT i.*, COALESCE(
        (SELECT c.id FROM customers c WHERE c."merchantId" = ${merchantId}::uuid AND c."externalId" = i.ext),
        (SELECT c.id FROM customers c WHERE c."merchantId" = ${merchantId}::uuid AND c."emailNormalized" = i.email_norm),
        (SELECT c.id FROM customers c WHERE c."merchantId" = ${merchantId}::uuid AND c.phone = i.phone)) AS existing
      FROM input i
    ), updated AS (
      UPDATE customers c SET
        -- The identity rule: keys the customer has stay; a blank one is filled unless another customer holds the value.
        "externalId" = COALESCE(c."externalId", CASE WHEN NOT EXISTS (SELECT FROM customers o WHERE o."merchantId" = c."merchantId" AND o."externalId" = m.ext) THEN m.ext END),
        email = CASE WHEN c."emailNormalized" IS NULL AND NOT EXISTS (SELECT FROM customers o WHERE o."merchantId" = c."merchantId" AND o."emailNormalized" = m.email_norm) THEN m.email ELSE c.email END,
        "emailNormalized" = COALESCE(c."emailNormalized", CASE WHEN NOT EXISTS (SELECT FROM customers o WHERE o."merchantId" = c."merchantId" AND o."emailNormalized" = m.email_norm) THEN m.email_norm END),
        phone = COALESCE(c.phone, CASE WHEN NOT EXISTS (SELECT FROM customers o WHERE o."merchantId" = c."merchantId" AND o.phone = m.phone) THEN m.phone END),
        ${Prisma.raw(POLICY_FIELDS.map((f) => `${f.column} = ${policyExpr(policy, since, "m", f, `m.first_${f.stage}`)}`).join(", "))},
        -- Never restores consent the customer withdrew (unsubscribedAt): an import only records it.
        "emailConsent" = CASE WHEN m.consent AND c."unsubscribedAt" IS NOT NULL THEN c."emailConsent" ELSE COALESCE(m.consent, c."emailConsent") END,
        "emailConsentSource" = CASE WHEN m.consented AND c."unsubscribedAt" IS NULL THEN ${source} ELSE c."emailConsentSource" END,
        "emailConsentAt" = CASE WHEN m.consented AND c."unsubscribedAt" IS NULL THEN now() ELSE c."emailConsentAt" END,
        "updatedAt" = now()
      FROM matched m WHERE c."merchantId" = ${merchantId}::uuid AND c.id = m.existing
      RETURNING c.id
    ), inserted AS (
      INSERT INTO customers ("merchantId", id, "externalId", email, "emailNormalized", phone, "firstName", "lastName", zip, birthday, anniversary,
                             "emailConsent", "emailConsentSource", "emailConsentAt", source, "updatedAt")
      SELECT ${merchantId}::uuid, m.new_id, m.ext, m.email, m.email_norm, m.phone, m.first, m.last, m.zip, m.bday, m.anniv,
             COALESCE(m.consent, false), CASE WHEN m.consented THEN ${source} END, CASE WHEN m.consented THEN now() END, ${recordSource}::"RecordSource", now()
        FROM matched m WHERE m.existing IS NULL
      ON CONFLICT DO NOTHING
      RETURNING id
    )
    SELECT m.ord, COALESCE(m.existing, m.new_id) AS id FROM matched m ORDER BY m.ord`);
  return slotOf.map((i) => rows[i]!.id);
}

/** Adds each row's tags to its customer (customer_tags and the tagIds aggregate). */
async function attachCustomerTags(merchantId: string, customerIds: string[], tagsPerRow: string[][]) {
  const names = [
    ...new Set(
      tagsPerRow
        .flat()
        .map((t) => t.trim())
        .filter(Boolean),
    ),
  ];
  if (!names.length) return;
  await db.$transaction((tx) => ensureTags(tx, merchantId, names));
  const tags = await db.tag.findMany({
    where: { merchantId, normalizedName: { in: names.map((n) => n.toLowerCase()) } },
    select: { id: true, normalizedName: true },
  });
  const idByName = new Map(tags.map((t) => [t.normalizedName, t.id]));
  const pairs = tagsPerRow.flatMap((ts, i) =>
    [...new Set(ts.map((t) => t.trim().toLowerCase()).filter(Boolean))].map((t) => [customerIds[i]!, idByName.get(t)!] as const),
  );
  await db.$executeRaw(Prisma.sql`
    WITH p AS (SELECT * FROM unnest(${pairs.map((p) => p[0])}::uuid[], ${pairs.map((p) => p[1])}::uuid[]) AS x(customer, tag)),
    ins AS (INSERT INTO customer_tags ("merchantId", "customerId", "tagId") SELECT ${merchantId}::uuid, customer, tag FROM p ON CONFLICT DO NOTHING)
    UPDATE customers c SET "tagIds" = ARRAY(SELECT DISTINCT unnest(c."tagIds" || g.tags))
      FROM (SELECT customer, array_agg(tag) AS tags FROM p GROUP BY customer) g
     WHERE c."merchantId" = ${merchantId}::uuid AND c.id = g.customer`);
}

export type TPreviewInput = { merchantId: string; importId: string; source: AsyncIterable<Buffer | string>; mapping: TMapping };

/**
 * What importing the checked rows would do to the merchant's customers, before anything is written:
 * the rows are staged as the import stages them and compared with the customers in a few set-based
 * statements (the same probes as the import's match step), never a query per row.
 */
export async function previewCustomerImport({ merchantId, importId, source, mapping }: TPreviewInput): Promise<TCustomerImportPreview> {
  const client = await pool().connect();
  const name = importId.replace(/-/g, "");
  const rows = `import_staging."preview_${name}"`;
  const matches = `import_staging."preview_${name}_m"`;
  const keys = IDENTITY.filter((k) => mapping[k.key]);
  const drop = `DROP TABLE IF EXISTS ${rows}, ${matches}`;
  try {
    await client.query(drop);
    await client.query(`CREATE UNLOGGED TABLE ${rows} (
      ord int NOT NULL, ext text, email text, email_norm text, phone text, first text, last text, zip text, bday date, anniv date, consent boolean, tags text) WITH (autovacuum_enabled = false)`);
    const copy = client.query(pgCopy.from(`COPY ${rows} (${STAGE_COLUMNS}) FROM STDIN`));
    for await (const piece of source) if (!copy.write(piece)) await once(copy, "drain");
    copy.end();
    await finished(copy);
    const total = copy.rowCount;
    // Each row's existing customer and the key that found it: externalId, then email, then phone.
    const probes = keys.map((k) => `SELECT c.id, ${IDENTITY.indexOf(k)} AS k FROM customers c WHERE c."merchantId" = $1 AND c.${k.column} = r.${k.stage}`);
    await client.query(
      probes.length
        ? `CREATE UNLOGGED TABLE ${matches} AS SELECT r.ord, m.id AS existing, m.k AS by FROM ${rows} r CROSS JOIN LATERAL (${probes.join(" UNION ALL ")} LIMIT 1) m`
        : `CREATE UNLOGGED TABLE ${matches} AS SELECT 0 AS ord, NULL::uuid AS existing, 0 AS by WHERE false`,
      probes.length ? [merchantId] : [],
    );
    const differ = (f: (typeof POLICY_FIELDS)[number]) =>
      `r.${f.stage} IS NOT NULL AND c.${f.column} IS NOT NULL AND r.${f.stage} IS DISTINCT FROM c.${f.column}`;
    const fill = (f: (typeof POLICY_FIELDS)[number]) => `r.${f.stage} IS NOT NULL AND c.${f.column} IS NULL`;
    const summary = (
      await client.query<Record<string, number>>(
        `SELECT count(*)::int AS total, count(DISTINCT x.existing)::int AS customers,
                ${keys
                  .map((k) => `count(*) FILTER (WHERE x.by = ${IDENTITY.indexOf(k)})::int AS "by_${k.key}"`)
                  .concat("0 AS _")
                  .join(", ")},
                ${POLICY_FIELDS.map((f) => `count(*) FILTER (WHERE ${differ(f)})::int AS "differ_${f.key}", count(*) FILTER (WHERE ${fill(f)})::int AS "fill_${f.key}"`).join(", ")}
           FROM ${matches} x JOIN ${rows} r ON r.ord = x.ord JOIN customers c ON c."merchantId" = $1 AND c.id = x.existing`,
        [merchantId],
      )
    ).rows[0]!;
    // Unmatched rows that repeat a key of an earlier unmatched row are merged into that one's new customer.
    const repeats = keys.length
      ? (
          await client.query<{ n: number }>(
            `SELECT count(DISTINCT ord)::int AS n FROM (${keys
              .map(
                (k) =>
                  `SELECT ord, row_number() OVER (PARTITION BY ${k.stage} ORDER BY ord) AS n FROM ${rows} r WHERE ${k.stage} IS NOT NULL AND NOT EXISTS (SELECT FROM ${matches} x WHERE x.ord = r.ord)`,
              )
              .join(" UNION ALL ")}) d WHERE n > 1`,
          )
        ).rows[0]!.n
      : 0;
    const consent = mapping.emailConsent
      ? (
          await client.query<{ yes: number; no: number }>(
            `SELECT count(*) FILTER (WHERE consent)::int AS yes, count(*) FILTER (WHERE NOT consent)::int AS no FROM ${rows}`,
          )
        ).rows[0]!
      : null;
    const shown = (f: (typeof POLICY_FIELDS)[number], side: "r" | "c") => {
      const v = side === "r" ? `r.${f.stage}` : `c.${f.column}`;
      return f.stage === "bday" || f.stage === "anniv" ? `to_char(${v}, 'YYYY-MM-DD')` : v;
    };
    const keyFills = [
      { label: "External id", stage: "ext", column: `"externalId"` },
      { label: "Email", stage: "email", column: "email" },
      { label: "Phone", stage: "phone", column: "phone" },
    ].filter((k) => (k.stage === "email" ? mapping.email : k.stage === "phone" ? mapping.phone : mapping.externalId));
    const anyDiffer = POLICY_FIELDS.map(differ).join(" OR ");
    const anyFill = [...POLICY_FIELDS.map(fill), ...keyFills.map((k) => `r.${k.stage} IS NOT NULL AND c.${k.column} IS NULL`)].join(" OR ");
    const samples = await client.query<{
      line: number;
      by: number;
      customer: string;
      changes: { field: string; before: string | null; after: string | null }[];
    }>(
      `SELECT x.ord AS line, x.by, concat_ws(' ', c."firstName", c."lastName") AS customer,
              array_remove(ARRAY[
                ${[
                  ...POLICY_FIELDS.map(
                    (f) =>
                      `CASE WHEN ${differ(f)} OR ${fill(f)} THEN jsonb_build_object('field', ${client.escapeLiteral(f.label)}, 'before', ${shown(f, "c")}, 'after', ${shown(f, "r")}) END`,
                  ),
                  ...keyFills.map(
                    (k) =>
                      `CASE WHEN r.${k.stage} IS NOT NULL AND c.${k.column} IS NULL THEN jsonb_build_object('field', ${client.escapeLiteral(k.label)}, 'before', NULL, 'after', r.${k.stage}) END`,
                  ),
                ].join(", ")}
              ], NULL) AS changes
         FROM ${matches} x JOIN ${rows} r ON r.ord = x.ord JOIN customers c ON c."merchantId" = $1 AND c.id = x.existing
        WHERE ${anyDiffer} OR ${anyFill}
        ORDER BY (${anyDiffer}) DESC, x.ord LIMIT 10`,
      [merchantId],
    );
    const by = ["external id", "email", "phone"] as const;
    return {
      rows: total,
      created: total - summary.total! - repeats,
      repeats,
      updates: {
        total: summary.total!,
        customers: summary.customers!,
        byExternalId: summary.by_externalId ?? 0,
        byEmail: summary.by_email ?? 0,
        byPhone: summary.by_phone ?? 0,
      },
      fields: POLICY_FIELDS.map((f) => ({ key: f.key, label: f.label, differ: summary[`differ_${f.key}`]!, fill: summary[`fill_${f.key}`]! })),
      consent,
      samples: samples.rows.map((s) => ({ line: s.line, matchedBy: by[s.by]!, customer: s.customer, changes: s.changes })),
    };
  } finally {
    await client.query(drop).catch(() => {});
    client.release();
  }
}
