import "server-only";
import { randomUUID } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, stat, unlink } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
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
import { parseRecord, type TCustomerRow, type TVisitRow } from "./rows";

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

/** Checks every row; invalid ones go to a downloadable CSV with their reasons. */
export async function validateImport(merchant: { id: string; timeZone: string }, id: string, mapping: TMapping) {
  const job = await getImportJob(merchant.id, id);
  if (job.status === "importing" || job.status === "done") throw new AppError("CONFLICT", "This file is already imported.");
  if (!mapping.email && !mapping.phone && !mapping.externalId) throw new AppError("BAD_REQUEST", "Map at least one of email, phone or external id, so customers can be recognised.");
  const errorsOut = createWriteStream(fileOf(merchant.id, id, "errors.csv"));
  errorsOut.write("line,errors,row\n");
  const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
  let total = 0;
  let valid = 0;
  const sample: { line: number; errors: string[] }[] = [];
  for await (const { line, record, result } of rows(merchant, job, mapping)) {
    total += 1;
    if (result.ok) valid += 1;
    else {
      if (sample.length < 50) sample.push({ line, errors: result.errors });
      if (!errorsOut.write(`${line},${quote(result.errors.join("; "))},${quote(record.join(","))}\n`)) await new Promise<void>((r) => errorsOut.once("drain", () => r()));
    }
  }
  await new Promise<void>((r) => errorsOut.end(() => r()));
  return db.importJob.update({
    where: { merchantId_id: { merchantId: merchant.id, id } },
    data: { mapping, status: "validated", totalRows: total, validRows: valid, invalidRows: total - valid, errorSample: sample },
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
  if (job.kind === "customers") {
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
  await recordAudit({ merchantId: merchant.id, actorUserId: userId, action: `import.${job.kind}`, entityType: "ImportJob", entityId: id, data: { rows: imported, file: job.fileName } });
  await unlink(fileOf(merchant.id, id)).catch(() => {});
  return imported;
}

// COPY text format: backslash, tab, newline and carriage return escaped, \N for null.
const copyField = (v: string | boolean | null | undefined) =>
  v === null || v === undefined ? "\\N" : typeof v === "boolean" ? (v ? "t" : "f") : v.replace(/[\\\t\n\r]/g, (c) => (c === "\\" ? "\\\\" : c === "\t" ? "\\t" : c === "\n" ? "\\n" : "\\r"));

const STAGE_COLUMNS = "ord, ext, email, email_norm, phone, first, last, zip, bday, anniv, consent, tags";

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
    await client.query(`CREATE TEMP TABLE IF NOT EXISTS import_stage (
      ord int NOT NULL, new_id uuid NOT NULL DEFAULT gen_random_uuid(), existing uuid, follower boolean NOT NULL DEFAULT false,
      ext text, email text, email_norm text, phone text, first text, last text, zip text, bday date, anniv date, consent boolean, tags text)`);
    await client.query("TRUNCATE import_stage");
    let copy: ReturnType<typeof pgCopy.from> | null = null;
    let inChunk = 0;
    const openCopy = () => client.query(pgCopy.from(`COPY import_stage (${STAGE_COLUMNS}) FROM STDIN`));
    const mergeChunk = async () => {
      if (!copy) return;
      copy.end();
      await finished(copy);
      copy = null;
      await mergeStagedCustomers(client, merchant.id);
      await client.query("TRUNCATE import_stage");
      imported += inChunk;
      inChunk = 0;
      await progress(imported);
    };
    for await (const { line, result } of rows(merchant, job, mapping)) {
      if (!result.ok) continue;
      const r = result.row as TCustomerRow;
      copy ??= openCopy();
      const tags = r.tags?.length ? JSON.stringify(r.tags) : null;
      const text = [String(line), r.externalId, r.email, r.email?.toLowerCase(), r.phone, r.firstName, r.lastName, r.zip, r.birthday, r.anniversary, r.emailConsent, tags].map(copyField).join("\t") + "\n";
      if (!copy.write(text)) await new Promise<void>((resolve) => copy!.once("drain", () => resolve()));
      inChunk += 1;
      if (inChunk >= STAGE_CHUNK) await mergeChunk();
    }
    await mergeChunk();
  } finally {
    await client.query("DROP TABLE IF EXISTS import_stage").catch(() => {});
    client.release();
  }
  return imported;
}

/** Merges the staged chunk into the merchant's customers (see importCustomersStaged). */
async function mergeStagedCustomers(client: import("pg").PoolClient, merchantId: string) {
  await client.query("ANALYZE import_stage");
  // Match: externalId first, then email, then phone (like writeCustomers).
  await client.query(
    `UPDATE import_stage s SET existing = x.id FROM (
       SELECT s2.ord, coalesce(ce.id, cm.id, cp.id) AS id FROM import_stage s2
         LEFT JOIN customers ce ON ce."merchantId" = $1 AND ce."externalId" = s2.ext
         LEFT JOIN customers cm ON cm."merchantId" = $1 AND cm."emailNormalized" = s2.email_norm
         LEFT JOIN customers cp ON cp."merchantId" = $1 AND cp.phone = s2.phone) x
      WHERE x.ord = s.ord AND x.id IS NOT NULL`,
    [merchantId],
  );
  // Rows sharing an identity with an earlier row, and every row of a customer matched more than once.
  await client.query(`
    UPDATE import_stage s SET follower = true FROM (
      SELECT ord FROM (
        SELECT ord, ext, email_norm, phone, existing,
               row_number() OVER (PARTITION BY ext ORDER BY ord) AS by_ext,
               row_number() OVER (PARTITION BY email_norm ORDER BY ord) AS by_email,
               row_number() OVER (PARTITION BY phone ORDER BY ord) AS by_phone,
               count(*) OVER (PARTITION BY existing) AS per_existing
          FROM import_stage) w
       WHERE (ext IS NOT NULL AND by_ext > 1) OR (email_norm IS NOT NULL AND by_email > 1) OR (phone IS NOT NULL AND by_phone > 1)
          OR (existing IS NOT NULL AND per_existing > 1)) f
     WHERE f.ord = s.ord`);
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
     ON CONFLICT DO NOTHING`,
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
