import "server-only";
import { randomUUID } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, stat, unlink } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { createInterface } from "node:readline";
import { finished, pipeline } from "node:stream/promises";
import { parse } from "csv-parse";
import pgCopy from "pg-copy-streams";
import { Prisma } from "@/generated/prisma/client";
import { db, pool } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/logger";
import { toLocalTime } from "@/lib/time";
import { recordAudit } from "@/features/tenancy/audit";
import { recomputeCustomerAggregates } from "@/features/visits/aggregates";
import { ensureTags } from "@/features/visits/tags";
import { recomputeRfm } from "@/features/insights/rfm";
import { suggestMapping, type TImportKind, type TMapping } from "./fields";
import { parseRecord, type TCustomerRow, type TRowResult, type TVisitRow, type TVoucherRow } from "./rows";

// CSV import: upload (streamed to disk), map columns, check every row, import the valid ones in
// batches with a progress count. Files are read as streams end to end, so a 1,000,000-row file
// never sits in memory.

const BATCH = 5_000;
/** Customers are staged with COPY and merged set-based this many rows at a time (one progress step). */
const STAGE_CHUNK = 100_000;
const MAX_BYTES = 2 * 1024 ** 3;
// Under the project unless IMPORT_DIR says otherwise (kept statically scoped, so the build does not trace the whole project).
const importsDir = () => (process.env.IMPORT_DIR ? path.resolve(/*turbopackIgnore: true*/ process.env.IMPORT_DIR) : path.join(process.cwd(), ".data", "imports"));
const fileOf = (merchantId: string, id: string, suffix = "csv") => path.join(importsDir(), merchantId, `${id}.${suffix}`);

function records(file: string) {
  return createReadStream(file).pipe(parse({ bom: true, relax_column_count: true, skip_empty_lines: true, trim: true }));
}

export async function storeUpload(merchant: { id: string }, kind: TImportKind, fileName: string, body: ReadableStream<Uint8Array>, userId: string) {
  const id = randomUUID();
  const file = fileOf(merchant.id, id);
  await mkdir(path.dirname(file), { recursive: true });
  let bytes = 0;
  const counted = Readable.fromWeb(body as never).on("data", (chunk: Buffer) => {
    bytes += chunk.length;
    if (bytes > MAX_BYTES) counted.destroy(new AppError("BAD_REQUEST", "Files are limited to 2 GB."));
  });
  await pipeline(counted, createWriteStream(file));

  // Header and a short preview.
  const preview: string[][] = [];
  for await (const r of records(file)) {
    preview.push(r as string[]);
    if (preview.length > 10) break;
  }
  const headers = preview.shift() ?? [];
  if (headers.length === 0) {
    await unlink(file).catch(() => {});
    throw new AppError("BAD_REQUEST", "That file is empty. Export a CSV with a header row and try again.");
  }
  const previous = await db.importJob.findFirst({ where: { merchantId: merchant.id, kind, status: "done" }, orderBy: { createdAt: "desc" }, select: { mapping: true } });
  const mapping = suggestMapping(kind, headers, previous?.mapping as TMapping | null);
  await db.importJob.create({ data: { merchantId: merchant.id, id, kind, fileName: fileName.slice(0, 200), fileBytes: bytes, mapping, createdById: userId } });
  return { id, headers, preview, mapping };
}

export async function getImportJob(merchantId: string, id: string) {
  const job = await db.importJob.findUnique({ where: { merchantId_id: { merchantId, id } } });
  if (!job) throw new AppError("NOT_FOUND", "That import was not found.");
  return job;
}

async function* rows(merchant: { id: string; timeZone: string }, job: { id: string; kind: TImportKind }, mapping: TMapping) {
  let headers: string[] | null = null;
  let line = 1;
  for await (const r of records(fileOf(merchant.id, job.id))) {
    const record = r as string[];
    if (!headers) {
      headers = record;
      continue;
    }
    line += 1;
    yield { line, record, result: parseRecord(job.kind, record, headers, mapping, merchant.timeZone) };
  }
}

export type TImportOptions = {
  /** A voucher import: the merchant's deal the vouchers were sold for… */
  dealId?: string;
  /** …or the title of a new deal to create for them. */
  newDealTitle?: string;
};

/** The deal a voucher import loads into: the merchant's own, or a new one with this title. */
async function dealFor(merchantId: string, options: TImportOptions, userId: string | null): Promise<string> {
  if (options.dealId) {
    const deal = await db.deal.findUnique({ where: { merchantId_id: { merchantId, id: options.dealId } }, select: { id: true } });
    if (!deal) throw new AppError("NOT_FOUND", "That deal was not found.", { fieldErrors: { dealId: "Unknown deal." } });
    return deal.id;
  }
  const title = options.newDealTitle?.trim();
  if (!title) throw new AppError("BAD_REQUEST", "Choose the deal these vouchers were sold for, or name a new one.", { fieldErrors: { dealId: "Required." } });
  const deal = await db.deal.create({ data: { merchantId, title: title.slice(0, 200) }, select: { id: true } });
  await recordAudit({ merchantId, actorUserId: userId, action: "deal.created", entityType: "Deal", entityId: deal.id, data: { title, via: "import" } });
  return deal.id;
}

type TChecked = { line: number; record: string[]; result: TRowResult<unknown> };

/**
 * Voucher rows need the database too: a code another merchant already has is refused on its row,
 * and a code repeated in the file is refused after its first line. Checked per batch, in order.
 */
async function* checkVoucherRows(merchantId: string, source: AsyncIterable<TChecked>): AsyncGenerator<TChecked> {
  const firstLine = new Map<string, number>();
  let pending: TChecked[] = [];
  const settle = async function* () {
    const codes = pending.flatMap((p) => (p.result.ok ? [(p.result.row as TVoucherRow).code] : []));
    const foreign = new Set(
      codes.length ? (await db.voucher.findMany({ where: { code: { in: codes }, NOT: { merchantId } }, select: { code: true } })).map((v) => v.code) : [],
    );
    for (const p of pending) {
      if (p.result.ok) {
        const code = (p.result.row as TVoucherRow).code;
        const seen = firstLine.get(code);
        if (foreign.has(code)) p.result = { ok: false, errors: [`code: ${code} belongs to another business; it cannot be imported here.`] };
        else if (seen !== undefined) p.result = { ok: false, errors: [`code: ${code} repeats line ${seen}.`] };
        else firstLine.set(code, p.line);
      }
      yield p;
    }
    pending = [];
  };
  for await (const p of source) {
    pending.push(p);
    if (pending.length >= 1000) yield* settle();
  }
  yield* settle();
}

/** Checks every row; invalid ones go to a downloadable CSV with their reasons. */
export async function validateImport(merchant: { id: string; timeZone: string }, id: string, mapping: TMapping, options: TImportOptions = {}, userId: string | null = null) {
  const job = await getImportJob(merchant.id, id);
  if (job.status === "importing" || job.status === "done") throw new AppError("CONFLICT", "This file is already imported.");
  let dealId: string | null = null;
  if (job.kind === "vouchers") {
    if (!mapping.code) throw new AppError("BAD_REQUEST", "Map the column that holds the voucher codes.");
    dealId = await dealFor(merchant.id, options, userId ?? job.createdById);
  } else if (!mapping.email && !mapping.phone && !mapping.externalId) {
    throw new AppError("BAD_REQUEST", "Map at least one of email, phone or external id, so customers can be recognised.");
  }
  const errorsOut = createWriteStream(fileOf(merchant.id, id, "errors.csv"));
  errorsOut.write("line,errors,row\n");
  const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
  let total = 0;
  let valid = 0;
  const sample: { line: number; errors: string[] }[] = [];
  // Valid customer rows are also written in COPY format, so the import streams them to PostgreSQL
  // without parsing and checking the file a second time.
  const validOut = job.kind === "customers" ? createWriteStream(fileOf(merchant.id, id, "valid.copy")) : null;
  const checked = job.kind === "vouchers" ? checkVoucherRows(merchant.id, rows(merchant, job, mapping)) : rows(merchant, job, mapping);
  for await (const { line, record, result } of checked) {
    total += 1;
    if (result.ok) {
      valid += 1;
      if (validOut && !validOut.write(copyLine(line, result.row as TCustomerRow))) await new Promise<void>((r) => validOut.once("drain", () => r()));
    } else {
      if (sample.length < 50) sample.push({ line, errors: result.errors });
      if (!errorsOut.write(`${line},${quote(result.errors.join("; "))},${quote(record.join(","))}\n`)) await new Promise<void>((r) => errorsOut.once("drain", () => r()));
    }
  }
  await new Promise<void>((r) => errorsOut.end(() => r()));
  if (validOut) await new Promise<void>((r) => validOut.end(() => r()));
  return db.importJob.update({
    where: { merchantId_id: { merchantId: merchant.id, id } },
    data: { mapping, status: "validated", totalRows: total, validRows: valid, invalidRows: total - valid, errorSample: sample, dealId },
  });
}

export const invalidRowsFile = (merchantId: string, id: string) => fileOf(merchantId, id, "errors.csv");

/** Starts the import of the valid rows in the background; progress is read from the job row. */
export async function startImport(merchant: { id: string; timeZone: string }, id: string, userId: string) {
  const { count } = await db.importJob.updateMany({ where: { merchantId: merchant.id, id, status: "validated" }, data: { status: "importing", importedRows: 0 } });
  if (count === 0) throw new AppError("CONFLICT", "Check the file first; an import runs once.");
  void runImport(merchant, id, userId).catch(async (err) => {
    log.error("import failed", { err, importId: id });
    await db.importJob.update({ where: { merchantId_id: { merchantId: merchant.id, id } }, data: { status: "failed", error: "The import stopped on an unexpected error; rows imported so far are kept.", finishedAt: new Date() } });
  });
}

export async function runImport(merchant: { id: string; timeZone: string }, id: string, userId: string | null) {
  const job = await getImportJob(merchant.id, id);
  const mapping = job.mapping as TMapping;
  let batch: TVisitRow[] = [];
  let imported = 0;
  const flush = async () => {
    if (!batch.length) return;
    await writeVisits(merchant, batch);
    imported += batch.length;
    batch = [];
    await db.importJob.update({ where: { merchantId_id: { merchantId: merchant.id, id } }, data: { importedRows: imported } });
  };
  const progress = (n: number) => db.importJob.update({ where: { merchantId_id: { merchantId: merchant.id, id } }, data: { importedRows: n } }).then(() => undefined);
  let auditData: Record<string, number | string> = {};
  if (job.kind === "vouchers") {
    const counts = await importVouchers(merchant, job, mapping, progress);
    imported = counts.created + counts.unchanged;
    auditData = { ...counts, dealId: job.dealId ?? "" };
  } else if (job.kind === "customers") {
    imported = await importCustomersStaged(merchant, job, mapping, (n) =>
      db.importJob.update({ where: { merchantId_id: { merchantId: merchant.id, id } }, data: { importedRows: n } }).then(() => undefined),
    );
  } else {
    for await (const { result } of rows(merchant, job, mapping)) {
      if (!result.ok) continue;
      batch.push(result.row as TVisitRow);
      if (batch.length >= BATCH) await flush();
    }
    await flush();
  }
  if (job.kind === "visits") {
    await recomputeCustomerAggregates(db, merchant.id);
    await recomputeRfm(db, merchant.id);
  }
  await db.importJob.update({ where: { merchantId_id: { merchantId: merchant.id, id } }, data: { status: "done", importedRows: imported, finishedAt: new Date() } });
  await recordAudit({ merchantId: merchant.id, actorUserId: userId, action: `import.${job.kind}`, entityType: "ImportJob", entityId: id, data: { rows: imported, file: job.fileName, ...auditData } });
  await unlink(fileOf(merchant.id, id)).catch(() => {});
  return imported;
}

// COPY text format: backslash, tab, newline and carriage return escaped, \N for null.
const copyField = (v: string | boolean | null | undefined) =>
  v === null || v === undefined ? "\\N" : typeof v === "boolean" ? (v ? "t" : "f") : v.replace(/[\\\t\n\r]/g, (c) => (c === "\\" ? "\\\\" : c === "\t" ? "\\t" : c === "\n" ? "\\n" : "\\r"));

const STAGE_COLUMNS = "ord, ext, email, email_norm, phone, first, last, zip, bday, anniv, consent, tags";

/** One valid customer row as a COPY text line (STAGE_COLUMNS). */
function copyLine(line: number, r: TCustomerRow): string {
  const tags = r.tags?.length ? JSON.stringify(r.tags) : null;
  return [String(line), r.externalId, r.email, r.email?.toLowerCase(), r.phone, r.firstName, r.lastName, r.zip, r.birthday, r.anniversary, r.emailConsent, tags].map(copyField).join("\t") + "\n";
}

/** The valid rows as COPY lines: from the file the check wrote, or by checking the CSV again (a job checked before that file existed). */
async function* validCopyLines(merchant: { id: string; timeZone: string }, job: { id: string; kind: TImportKind }, mapping: TMapping): AsyncGenerator<string> {
  const file = fileOf(merchant.id, job.id, "valid.copy");
  if (await stat(file).then(() => true, () => false)) {
    for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) if (line) yield line + "\n";
    return;
  }
  for await (const { line, result } of rows(merchant, job, mapping)) if (result.ok) yield copyLine(line, result.row as TCustomerRow);
}

/**
 * Imports the valid customer rows of a file: COPY into a temporary staging table, then a few
 * set-based statements per chunk — match by externalId, then email, then phone; update the
 * matched customers; insert the new ones. Rows that name a customer another row of the chunk
 * also names (duplicates in the file) take the exact row-by-row merge of writeCustomers() after
 * that, in file order, so later values win as before. Streams: one chunk of rows at most is in
 * flight, and it is in PostgreSQL, not in this process.
 */
async function importCustomersStaged(
  merchant: { id: string; timeZone: string },
  job: { id: string; kind: TImportKind },
  mapping: TMapping,
  progress: (imported: number) => Promise<void>,
): Promise<number> {
  const client = await pool().connect();
  let imported = 0;
  try {
    await client.query(`CREATE TEMP TABLE IF NOT EXISTS import_raw (
      ord int NOT NULL, ext text, email text, email_norm text, phone text, first text, last text, zip text, bday date, anniv date, consent boolean, tags text)`);
    await client.query("TRUNCATE import_raw");
    let copy: ReturnType<typeof pgCopy.from> | null = null;
    let inChunk = 0;
    const mergeChunk = async () => {
      if (!copy) return;
      copy.end();
      await finished(copy);
      copy = null;
      try {
        await mergeStagedCustomers(client, merchant.id);
      } catch (err) {
        // The new rows were checked against every unique key when staged, so the insert runs without
        // ON CONFLICT (a quarter faster). A customer written meanwhile by a capture makes it fail: match
        // again, and this time skip what conflicts. The updates before it are safe to repeat.
        if ((err as { code?: string }).code !== "23505") throw err;
        await mergeStagedCustomers(client, merchant.id, false);
      }
      await client.query("TRUNCATE import_raw");
      imported += inChunk;
      inChunk = 0;
      await progress(imported);
    };
    for await (const text of validCopyLines(merchant, job, mapping)) {
      copy ??= client.query(pgCopy.from(`COPY import_raw (${STAGE_COLUMNS}) FROM STDIN`));
      if (!copy.write(text)) await new Promise<void>((resolve) => copy!.once("drain", () => resolve()));
      inChunk += 1;
      if (inChunk >= STAGE_CHUNK) await mergeChunk();
    }
    await mergeChunk();
  } finally {
    await client.query("DROP TABLE IF EXISTS import_raw, import_stage").catch(() => {});
    client.release();
  }
  await unlink(fileOf(merchant.id, job.id, "valid.copy")).catch(() => {});
  return imported;
}

/** Merges the chunk in import_raw into the merchant's customers (see importCustomersStaged). */
async function mergeStagedCustomers(client: import("pg").PoolClient, merchantId: string, optimistic = true) {
  // One pass over the chunk: each row's match — externalId first, then email, then phone (like
  // writeCustomers) — and whether it is a "follower": it shares an identity with an earlier row, or
  // its customer is matched by more than one row. New customers get time-ordered ids (uuidv7), so
  // the id-keyed indexes grow at their right edge instead of dirtying a random page per row.
  await client.query("ANALYZE import_raw");
  await client.query("DROP TABLE IF EXISTS import_stage");
  await client.query(
    `CREATE TEMP TABLE import_stage AS
     SELECT x.*, ((x.ext IS NOT NULL AND x.by_ext > 1) OR (x.email_norm IS NOT NULL AND x.by_email > 1) OR (x.phone IS NOT NULL AND x.by_phone > 1)
                  OR (x.existing IS NOT NULL AND x.per_existing > 1)) AS follower
       FROM (SELECT m.*,
                    row_number() OVER (PARTITION BY m.ext ORDER BY m.ord) AS by_ext,
                    row_number() OVER (PARTITION BY m.email_norm ORDER BY m.ord) AS by_email,
                    row_number() OVER (PARTITION BY m.phone ORDER BY m.ord) AS by_phone,
                    count(*) OVER (PARTITION BY m.existing) AS per_existing
               FROM (SELECT r.*, uuidv7() AS new_id, coalesce(ce.id, cm.id, cp.id) AS existing
                       FROM import_raw r
                       LEFT JOIN customers ce ON ce."merchantId" = $1 AND ce."externalId" = r.ext
                       LEFT JOIN customers cm ON cm."merchantId" = $1 AND cm."emailNormalized" = r.email_norm
                       LEFT JOIN customers cp ON cp."merchantId" = $1 AND cp.phone = r.phone) m) x`,
    [merchantId],
  );
  await client.query(
    `UPDATE customers c SET
       "externalId" = COALESCE(c."externalId", m.ext), email = COALESCE(m.email, c.email), "emailNormalized" = COALESCE(m.email_norm, c."emailNormalized"),
       phone = COALESCE(c.phone, m.phone), "firstName" = COALESCE(m.first, c."firstName"), "lastName" = COALESCE(m.last, c."lastName"),
       zip = COALESCE(m.zip, c.zip), birthday = COALESCE(m.bday, c.birthday), anniversary = COALESCE(m.anniv, c.anniversary),
       "emailConsent" = COALESCE(m.consent, c."emailConsent"),
       "emailConsentSource" = CASE WHEN m.consent THEN 'import' ELSE c."emailConsentSource" END,
       "emailConsentAt" = CASE WHEN m.consent THEN now() ELSE c."emailConsentAt" END,
       "updatedAt" = now()
      FROM import_stage m WHERE c."merchantId" = $1 AND c.id = m.existing AND NOT m.follower`,
    [merchantId],
  );
  await client.query(
    `INSERT INTO customers ("merchantId", id, "externalId", email, "emailNormalized", phone, "firstName", "lastName", zip, birthday, anniversary,
                            "emailConsent", "emailConsentSource", "emailConsentAt", source, "updatedAt")
     SELECT $1, m.new_id, m.ext, m.email, m.email_norm, m.phone, m.first, m.last, m.zip, m.bday, m.anniv,
            COALESCE(m.consent, false), CASE WHEN m.consent THEN 'import' END, CASE WHEN m.consent THEN now() END, 'import', now()
       FROM import_stage m WHERE m.existing IS NULL AND NOT m.follower
     ${optimistic ? "" : "ON CONFLICT DO NOTHING"}`,
    [merchantId],
  );
  // Tags of the rows merged above: the vocabulary first (its new rows are visible to the next statement
  // only), then customer_tags and the tagIds aggregate.
  const tagged = `SELECT DISTINCT coalesce(m.existing, m.new_id) AS customer, btrim(n) AS name, lower(btrim(n)) AS norm
                    FROM import_stage m, jsonb_array_elements_text(m.tags::jsonb) AS n
                   WHERE m.tags IS NOT NULL AND NOT m.follower AND btrim(n) <> ''`;
  const vocab = await client.query<{ n: number }>(
    `SELECT count(*)::int AS n, ensure_tags($1, array_agg(name), array_agg(norm)) FROM (SELECT DISTINCT ON (norm) name, norm FROM (${tagged}) t) d HAVING count(*) > 0`,
    [merchantId],
  );
  if (vocab.rows.length) {
    await client.query(
      `WITH pairs AS (
         SELECT t.customer, g.id AS tag FROM (${tagged}) t JOIN tags g ON g."merchantId" = $1 AND g."normalizedName" = t.norm
       ), ins AS (
         INSERT INTO customer_tags ("merchantId", "customerId", "tagId") SELECT $1, customer, tag FROM pairs ON CONFLICT DO NOTHING
       )
       UPDATE customers c SET "tagIds" = ARRAY(SELECT DISTINCT unnest(c."tagIds" || g.tags))
         FROM (SELECT customer, array_agg(tag) AS tags FROM pairs GROUP BY customer) g
        WHERE c."merchantId" = $1 AND c.id = g.customer`,
      [merchantId],
    );
  }
  // Duplicates within the chunk: the exact merge, in file order.
  const followers = await client.query<{ ext: string | null; email: string | null; phone: string | null; first: string | null; last: string | null; zip: string | null; bday: string | null; anniv: string | null; consent: boolean | null; tags: string | null }>(
    `SELECT ext, email, phone, first, last, zip, to_char(bday, 'YYYY-MM-DD') AS bday, to_char(anniv, 'YYYY-MM-DD') AS anniv, consent, tags
       FROM import_stage WHERE follower ORDER BY ord`,
  );
  const clean = <T>(v: T | null) => (v === null ? undefined : v);
  for (let i = 0; i < followers.rows.length; i += BATCH) {
    const batch: TCustomerRow[] = followers.rows.slice(i, i + BATCH).map((f) => ({
      externalId: clean(f.ext), email: clean(f.email), phone: clean(f.phone), firstName: clean(f.first), lastName: clean(f.last), zip: clean(f.zip),
      birthday: clean(f.bday), anniversary: clean(f.anniv), emailConsent: clean(f.consent), tags: f.tags ? (JSON.parse(f.tags) as string[]) : undefined,
    }));
    await attachCustomerTags(merchantId, await writeCustomers(merchantId, batch), batch.map((r) => r.tags ?? []));
  }
}

/**
 * Loads the valid voucher rows into the job's deal, like POST /api/v1/vouchers: codes this
 * merchant already has stay as they are; the purchaser email is stored lower-cased; a voucher
 * without an expiry takes the deal's. A code taken by another merchant since the check is skipped.
 */
async function importVouchers(
  merchant: { id: string; timeZone: string },
  job: { id: string; kind: TImportKind; dealId: string | null },
  mapping: TMapping,
  progress: (n: number) => Promise<void>,
) {
  if (!job.dealId) throw new AppError("CONFLICT", "Check the file first; a voucher import needs its deal.");
  const deal = await db.deal.findUnique({ where: { merchantId_id: { merchantId: merchant.id, id: job.dealId } }, select: { id: true, voucherExpiresAt: true } });
  if (!deal) throw new AppError("NOT_FOUND", "That deal was not found.");
  let created = 0;
  let unchanged = 0;
  let batch: TVoucherRow[] = [];
  const flush = async () => {
    if (!batch.length) return;
    const inserted = await db.$executeRaw(Prisma.sql`
      INSERT INTO vouchers ("merchantId", "dealId", code, "purchaserName", "purchaserEmail", "purchasedAt", "expiresAt")
      SELECT ${merchant.id}::uuid, ${deal.id}::uuid, t.code, t.name, t.email, t.bought, coalesce(t.expires, ${deal.voucherExpiresAt}::timestamptz)
        FROM unnest(${batch.map((v) => v.code)}::text[], ${batch.map((v) => v.purchaserName ?? null)}::text[], ${batch.map((v) => v.purchaserEmail ?? null)}::text[],
                    ${batch.map((v) => v.purchasedAt ?? null)}::timestamptz[], ${batch.map((v) => v.expiresAt ?? null)}::timestamptz[]) AS t(code, name, email, bought, expires)
      ON CONFLICT (code) DO NOTHING`);
    created += inserted;
    unchanged += batch.length - inserted;
    batch = [];
    await progress(created + unchanged);
  };
  for await (const { result } of checkVoucherRows(merchant.id, rows(merchant, job, mapping))) {
    if (!result.ok) continue;
    batch.push(result.row as TVoucherRow);
    if (batch.length >= BATCH) await flush();
  }
  await flush();
  return { created, unchanged };
}

/**
 * Upserts a batch of customers in one statement: each row matches an existing customer by
 * externalId, email or phone (in that order) and fills in what it adds; the rest are inserted.
 * Returns the customer id of every input row, in order.
 */
export async function writeCustomers(merchantId: string, rowsIn: TCustomerRow[], source: "import" = "import"): Promise<string[]> {
  // Rows of one batch that name the same customer are merged first (later values win), so the
  // statement below sees each customer once.
  const slot = new Map<string, number>();
  const input: TCustomerRow[] = [];
  const slotOf = rowsIn.map((r) => {
    const keys = [r.externalId && `x:${r.externalId}`, r.email && `e:${r.email.toLowerCase()}`, r.phone && `p:${r.phone}`].filter(Boolean) as string[];
    const hit = keys.map((k) => slot.get(k)).find((i) => i !== undefined);
    const i = hit ?? input.length;
    if (hit === undefined) input.push({ ...r });
    else input[i] = { ...input[i]!, ...Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)) };
    for (const k of keys) slot.set(k, i);
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
        ${col((r) => r.anniversary ?? null)}::date[], ${col((r) => (r.emailConsent === undefined ? null : r.emailConsent))}::bool[]
      ) AS t(ord, new_id, ext, email, email_norm, phone, first, last, zip, bday, anniv, consent)
    ), matched AS (
      SELECT i.*, COALESCE(
        (SELECT c.id FROM customers c WHERE c."merchantId" = ${merchantId}::uuid AND c."externalId" = i.ext),
        (SELECT c.id FROM customers c WHERE c."merchantId" = ${merchantId}::uuid AND c."emailNormalized" = i.email_norm),
        (SELECT c.id FROM customers c WHERE c."merchantId" = ${merchantId}::uuid AND c.phone = i.phone)) AS existing
      FROM input i
    ), updated AS (
      UPDATE customers c SET
        "externalId" = COALESCE(c."externalId", m.ext), email = COALESCE(m.email, c.email), "emailNormalized" = COALESCE(m.email_norm, c."emailNormalized"),
        phone = COALESCE(c.phone, m.phone), "firstName" = COALESCE(m.first, c."firstName"), "lastName" = COALESCE(m.last, c."lastName"),
        zip = COALESCE(m.zip, c.zip), birthday = COALESCE(m.bday, c.birthday), anniversary = COALESCE(m.anniv, c.anniversary),
        "emailConsent" = COALESCE(m.consent, c."emailConsent"),
        "emailConsentSource" = CASE WHEN m.consent THEN ${source} ELSE c."emailConsentSource" END,
        "emailConsentAt" = CASE WHEN m.consent THEN now() ELSE c."emailConsentAt" END,
        "updatedAt" = now()
      FROM matched m WHERE c."merchantId" = ${merchantId}::uuid AND c.id = m.existing
      RETURNING c.id
    ), inserted AS (
      INSERT INTO customers ("merchantId", id, "externalId", email, "emailNormalized", phone, "firstName", "lastName", zip, birthday, anniversary,
                             "emailConsent", "emailConsentSource", "emailConsentAt", source, "updatedAt")
      SELECT ${merchantId}::uuid, m.new_id, m.ext, m.email, m.email_norm, m.phone, m.first, m.last, m.zip, m.bday, m.anniv,
             COALESCE(m.consent, false), CASE WHEN m.consent THEN ${source} END, CASE WHEN m.consent THEN now() END, 'import', now()
        FROM matched m WHERE m.existing IS NULL
      ON CONFLICT DO NOTHING
      RETURNING id
    )
    SELECT m.ord, COALESCE(m.existing, m.new_id) AS id FROM matched m ORDER BY m.ord`);
  return slotOf.map((i) => rows[i]!.id);
}

/** Adds each row's tags to its customer (customer_tags and the tagIds aggregate). */
async function attachCustomerTags(merchantId: string, customerIds: string[], tagsPerRow: string[][]) {
  const names = [...new Set(tagsPerRow.flat().map((t) => t.trim()).filter(Boolean))];
  if (!names.length) return;
  await db.$transaction((tx) => ensureTags(tx, merchantId, names));
  const tags = await db.tag.findMany({ where: { merchantId, normalizedName: { in: names.map((n) => n.toLowerCase()) } }, select: { id: true, normalizedName: true } });
  const idByName = new Map(tags.map((t) => [t.normalizedName, t.id]));
  const pairs = tagsPerRow.flatMap((ts, i) => [...new Set(ts.map((t) => t.trim().toLowerCase()).filter(Boolean))].map((t) => [customerIds[i]!, idByName.get(t)!] as const));
  await db.$executeRaw(Prisma.sql`
    WITH p AS (SELECT * FROM unnest(${pairs.map((p) => p[0])}::uuid[], ${pairs.map((p) => p[1])}::uuid[]) AS x(customer, tag)),
    ins AS (INSERT INTO customer_tags ("merchantId", "customerId", "tagId") SELECT ${merchantId}::uuid, customer, tag FROM p ON CONFLICT DO NOTHING)
    UPDATE customers c SET "tagIds" = ARRAY(SELECT DISTINCT unnest(c."tagIds" || g.tags))
      FROM (SELECT customer, array_agg(tag) AS tags FROM p GROUP BY customer) g
     WHERE c."merchantId" = ${merchantId}::uuid AND c.id = g.customer`);
}

async function writeVisits(merchant: { id: string; timeZone: string }, input: TVisitRow[]) {
  const customerIds = await writeCustomers(merchant.id, input.map((r) => r.customer));
  const visitIds = input.map(() => randomUUID());
  const local = input.map((r) => toLocalTime(r.occurredAt, merchant.timeZone));
  await db.$executeRaw(Prisma.sql`
    INSERT INTO visits ("merchantId", id, "customerId", "occurredAt", "localDate", "localDayOfWeek", "localHour", "amountCents", "partySize", rating, source, "updatedAt")
    SELECT ${merchant.id}::uuid, t.id, t.customer, t.at, t.d, t.dow, t.h, t.amount, t.party, t.rating, 'import', now()
      FROM unnest(${visitIds}::uuid[], ${customerIds}::uuid[], ${input.map((r) => r.occurredAt)}::timestamptz[], ${local.map((l) => l.date)}::date[],
                  ${local.map((l) => l.dayOfWeek)}::int2[], ${local.map((l) => l.hour)}::int2[], ${input.map((r) => r.amountCents)}::int[],
                  ${input.map((r) => r.partySize)}::int2[], ${input.map((r) => r.rating)}::int2[]) AS t(id, customer, at, d, dow, h, amount, party, rating)`);
  const tagNames = [...new Set(input.flatMap((r) => r.tags))];
  if (tagNames.length) {
    await db.$transaction((tx) => ensureTags(tx, merchant.id, tagNames));
    const tags = await db.tag.findMany({ where: { merchantId: merchant.id, normalizedName: { in: tagNames.map((n) => n.toLowerCase()) } }, select: { id: true, normalizedName: true } });
    const idByName = new Map(tags.map((t) => [t.normalizedName, t.id]));
    const pairs = input.flatMap((r, i) => [...new Set(r.tags.map((t) => t.toLowerCase()))].map((t) => [visitIds[i]!, idByName.get(t)!] as const));
    await db.$executeRaw(Prisma.sql`
      INSERT INTO visit_tags ("merchantId", "visitId", "tagId")
      SELECT ${merchant.id}::uuid, v, t FROM unnest(${pairs.map((p) => p[0])}::uuid[], ${pairs.map((p) => p[1])}::uuid[]) AS x(v, t)
      ON CONFLICT DO NOTHING`);
  }
}

export async function fileSize(merchantId: string, id: string) {
  return (await stat(fileOf(merchantId, id))).size;
}
