import "server-only";
import { randomUUID } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, stat, unlink } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { parse } from "csv-parse";
import { csvRows } from "@/lib/csv";
import { Prisma } from "@/generated/prisma/client";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { assertWithinLimit } from "@/features/plans/state";
import { log } from "@/lib/logger";
import { toLocalTime } from "@/lib/time";
import { recordAudit } from "@/lib/audit";
import { recomputeCustomerAggregates } from "@/features/customers/aggregates";
import { ensureTags } from "@/features/customers/tags";
import { recomputeRfm } from "@/features/insights/rfm";
import { csvProblem } from "./csv-errors";
import { refreshSocialScores } from "@/features/social/score";
import { copyLine, importCustomers, previewCustomerImport, writeCustomers, type TImportTimings } from "./customer-import";
import {
  DEFAULT_POLICY,
  suggestMapping,
  type TCustomerImportOptions,
  type TCustomerImportPreview,
  type TImportKind,
  type TMapping,
  type TUploadStored,
} from "./fields";
import { parseRecord, type TCustomerRow, type TRowResult, type TVisitRow, type TVoucherRow } from "./rows";
import { env } from "@/lib/env";

// CSV import: upload (streamed to disk), map columns, check every row, import the valid ones in
// batches with a progress count. Files are read as streams end to end, so a 1,000,000-row file
// never sits in memory.

const BATCH = 5_000;
const MAX_BYTES = 2 * 1024 ** 3;
// Under the project (.data/imports) unless IMPORT_DIR (validated in lib/env.ts; a shared volume when
// several instances run) says otherwise. The project path is spelled
// out from process.cwd() where it is built, so the build's file tracer sees it is scoped to that
// folder instead of tracing the whole project; IMPORT_DIR is opted out of tracing.
function fileOf(merchantId: string, id: string, suffix = "csv") {
  const name = `${id}.${suffix}`;
  const dir = env().IMPORT_DIR;
  return dir ? path.join(/*turbopackIgnore: true*/ path.resolve(dir), merchantId, name) : path.join(process.cwd(), ".data", "imports", merchantId, name);
}

function records(file: string) {
  return createReadStream(file).pipe(parse({ bom: true, relax_column_count: true, skip_empty_lines: true, trim: true }));
}

export async function storeUpload(
  merchant: { id: string },
  kind: TImportKind,
  fileName: string,
  body: ReadableStream<Uint8Array>,
  userId: string,
): Promise<TUploadStored> {
  const id = randomUUID();
  const file = fileOf(merchant.id, id);
  await mkdir(path.dirname(file), { recursive: true });
  let bytes = 0;
  const counted = Readable.fromWeb(body as never).on("data", (chunk: Buffer) => {
    bytes += chunk.length;
    if (bytes > MAX_BYTES) counted.destroy(new AppError("BAD_REQUEST", "Files are limited to 2 GB."));
  });
  await pipeline(counted, createWriteStream(file));

  // Header and a short preview. A malformed file is refused here, naming its line.
  const preview: string[][] = [];
  try {
    for await (const r of records(file)) {
      preview.push(r as string[]);
      if (preview.length > 10) break;
    }
  } catch (err) {
    await unlink(file).catch(() => {});
    throw csvProblem(err) ?? err;
  }
  const headers = preview.shift() ?? [];
  if (headers.length === 0) {
    await unlink(file).catch(() => {});
    throw new AppError("BAD_REQUEST", "That file is empty. Export a CSV with a header row and try again.");
  }
  const previous = await db.importJob.findFirst({
    where: { merchantId: merchant.id, kind, status: "done" },
    orderBy: { createdAt: "desc" },
    select: { mapping: true },
  });
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
 * Voucher rows: a code repeated in the file is refused after its first line, a code this merchant
 * already has is refused naming its deal, and rows beyond the deal's quantity are refused. Codes
 * are unique per merchant, so another business's codes are no concern here (and never shown).
 */
async function* checkVoucherRows(merchantId: string, dealId: string, source: AsyncIterable<TChecked>): AsyncGenerator<TChecked> {
  const deal = await db.deal.findUnique({ where: { merchantId_id: { merchantId, id: dealId } }, select: { quantity: true } });
  let room = deal?.quantity == null ? Infinity : deal.quantity - (await db.voucher.count({ where: { merchantId, dealId } }));
  const firstLine = new Map<string, number>();
  let pending: TChecked[] = [];
  const settle = async function* () {
    const codes = pending.filter((p) => p.result.ok).map((p) => (p.result as { row: TVoucherRow }).row.code);
    const existing = codes.length
      ? await db.$queryRaw<{ code: string; title: string }[]>(Prisma.sql`
          SELECT v.code, d.title FROM vouchers v JOIN deals d ON d."merchantId" = v."merchantId" AND d.id = v."dealId"
           WHERE v."merchantId" = ${merchantId}::uuid AND v.code = ANY(${codes}::text[])`)
      : [];
    const known = new Map(existing.map((e) => [e.code, e.title]));
    for (const p of pending) {
      if (p.result.ok) {
        const code = (p.result.row as TVoucherRow).code;
        const seen = firstLine.get(code);
        if (seen !== undefined) p.result = { ok: false, errors: [`Voucher code ${code} repeats line ${seen}.`] };
        else {
          firstLine.set(code, p.line);
          if (known.has(code)) p.result = { ok: false, errors: [`Voucher code ${code} already exists (deal “${known.get(code)}”).`] };
          else if (room <= 0) p.result = { ok: false, errors: [`Over the deal's quantity of ${deal!.quantity!.toLocaleString("en-US")} vouchers.`] };
          else room -= 1;
        }
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
export async function validateImport(
  merchant: { id: string; timeZone: string },
  id: string,
  mapping: TMapping,
  options: TImportOptions = {},
  userId: string | null = null,
) {
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
  let total = 0;
  let valid = 0;
  const sample: { line: number; errors: string[] }[] = [];
  // Valid customer rows are also written in COPY format, so the import streams them to PostgreSQL
  // without parsing and checking the file a second time.
  const validOut = job.kind === "customers" ? createWriteStream(fileOf(merchant.id, id, "valid.copy")) : null;
  const checked = job.kind === "vouchers" ? checkVoucherRows(merchant.id, dealId!, rows(merchant, job, mapping)) : rows(merchant, job, mapping);
  try {
    for await (const { line, record, result } of checked) {
      total += 1;
      if (result.ok) {
        valid += 1;
        if (validOut && !validOut.write(copyLine(line, result.row as TCustomerRow))) await new Promise<void>((r) => validOut.once("drain", () => r()));
      } else {
        if (sample.length < 50) sample.push({ line, errors: result.errors });
        if (!errorsOut.write(csvRows([[line, result.errors.join("; "), record.join(",")]]))) await new Promise<void>((r) => errorsOut.once("drain", () => r()));
      }
    }
  } catch (err) {
    // A malformed line (a stray quote): the check stops there and says which line and why; the job stays unchecked.
    await new Promise<void>((r) => errorsOut.end(() => r()));
    if (validOut) await new Promise<void>((r) => validOut.end(() => r()));
    throw csvProblem(err) ?? err;
  }
  await new Promise<void>((r) => errorsOut.end(() => r()));
  if (validOut) await new Promise<void>((r) => validOut.end(() => r()));
  // What the valid rows would do to existing customers, shown before anything is imported.
  const preview: TCustomerImportPreview | null = validOut
    ? await previewCustomerImport({
        merchantId: merchant.id,
        importId: id,
        source: createReadStream(fileOf(merchant.id, id, "valid.copy"), { highWaterMark: 1 << 20 }),
        mapping,
      })
    : null;
  return db.importJob.update({
    where: { merchantId_id: { merchantId: merchant.id, id } },
    data: {
      mapping,
      status: "validated",
      totalRows: total,
      validRows: valid,
      invalidRows: total - valid,
      errorSample: sample,
      dealId,
      preview: preview ?? Prisma.DbNull,
    },
  });
}

export const invalidRowsFile = (merchantId: string, id: string) => fileOf(merchantId, id, "errors.csv");

/** Starts the import of the valid rows in the background; progress is read from the job row. */
export async function startImport(merchant: { id: string; slug?: string; timeZone: string }, id: string, userId: string, options: TCustomerImportOptions = {}) {
  // A customer import may not take the list past the plan (every valid row counted as new: the
  // file's matches are only known while merging). Capture at the counter is never limited.
  const checked = await db.importJob.findUnique({
    where: { merchantId_id: { merchantId: merchant.id, id } },
    select: { kind: true, status: true, validRows: true },
  });
  if (checked?.kind === "customers" && checked.status === "validated") await assertWithinLimit(merchant, "customers", { adding: checked.validRows });
  const { count } = await db.importJob.updateMany({
    where: { merchantId: merchant.id, id, status: "validated" },
    data: { status: "importing", importedRows: 0, options },
  });
  if (count === 0) throw new AppError("CONFLICT", "Check the file first; an import runs once.");
  void runImport(merchant, id, userId).catch(async (err) => {
    log.error("import failed", { err, importId: id });
    await db.importJob.update({
      where: { merchantId_id: { merchantId: merchant.id, id } },
      data: { status: "failed", error: "The import stopped on an unexpected error; rows imported so far are kept.", finishedAt: new Date() },
    });
  });
}

/** Imports the valid rows of a checked file. For customers, the seconds spent per phase are added to `timings`. */
export async function runImport(merchant: { id: string; timeZone: string }, id: string, userId: string | null, timings: TImportTimings = {}) {
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
  const progress = (n: number) =>
    db.importJob.update({ where: { merchantId_id: { merchantId: merchant.id, id } }, data: { importedRows: n } }).then(() => undefined);
  let auditData: Record<string, number | string> = {};
  if (job.kind === "vouchers") {
    const counts = await importVouchers(merchant, job, mapping, progress);
    imported = counts.created + counts.unchanged;
    auditData = { ...counts, dealId: job.dealId ?? "" };
  } else if (job.kind === "customers") {
    // Existing customers' fields change only as the manager chose (default: fill blanks only).
    const options = (job.options ?? {}) as TCustomerImportOptions;
    const policy = { ...DEFAULT_POLICY, ...options.policy };
    const consentSource = options.consentSource ? `import: ${options.consentSource}` : "import";
    imported = await importCustomers({
      merchantId: merchant.id,
      importId: id,
      source: validCopyText(merchant, job, mapping),
      mapping,
      progress,
      timings,
      policy,
      consentSource,
    });
    // Reach (a column the merge does not carry): matched to the customers just written, then their social scores.
    if (mapping.reach) await applyImportedReach(merchant, job, mapping);
    await unlink(fileOf(merchant.id, id, "valid.copy")).catch(() => {});
    log.info("customer import", { importId: id, rows: imported, seconds: Object.fromEntries(Object.entries(timings).map(([k, v]) => [k, +v.toFixed(2)])) });
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
  await db.importJob.update({
    where: { merchantId_id: { merchantId: merchant.id, id } },
    data: { status: "done", importedRows: imported, finishedAt: new Date() },
  });
  await recordAudit({
    merchantId: merchant.id,
    actorUserId: userId,
    action: `import.${job.kind}`,
    entityType: "ImportJob",
    entityId: id,
    data: { rows: imported, file: job.fileName, ...auditData, ...(job.kind === "customers" ? { options: job.options as Prisma.InputJsonObject } : {}) },
  });
  await unlink(fileOf(merchant.id, id)).catch(() => {});
  return imported;
}

/**
 * The reach column of a customer file, after the merge: each valid row's reach (with its source,
 * the row's own or "import") on the customer the identity rule picks (externalId, then email, then
 * phone), 5,000 rows a statement, then those customers' social scores.
 */
async function applyImportedReach(merchant: { id: string; timeZone: string }, job: { id: string; kind: TImportKind }, mapping: TMapping) {
  let chunk: TCustomerRow[] = [];
  const flush = async () => {
    if (!chunk.length) return;
    const rows = await db.$queryRaw<{ id: string }[]>`
      UPDATE customers c SET reach = u.reach, "reachSource" = u.src
        FROM unnest(${chunk.map((r) => r.externalId ?? null)}::text[], ${chunk.map((r) => r.email?.toLowerCase() ?? null)}::text[], ${chunk.map((r) => r.phone ?? null)}::text[],
                    ${chunk.map((r) => r.reach ?? null)}::int[], ${chunk.map((r) => r.reachSource ?? "import")}::text[]) AS u(ext, email, phone, reach, src)
       WHERE c."merchantId" = ${merchant.id}::uuid AND c."erasedAt" IS NULL
         AND c.id = COALESCE(
               (SELECT x.id FROM customers x WHERE x."merchantId" = ${merchant.id}::uuid AND x."externalId" = u.ext),
               (SELECT x.id FROM customers x WHERE x."merchantId" = ${merchant.id}::uuid AND x."emailNormalized" = u.email),
               (SELECT x.id FROM customers x WHERE x."merchantId" = ${merchant.id}::uuid AND x.phone = u.phone))
      RETURNING c.id`;
    if (rows.length)
      await refreshSocialScores(
        merchant.id,
        rows.map((r) => r.id),
      );
    chunk = [];
  };
  for await (const { result } of rows(merchant, job, mapping)) {
    if (!result.ok || (result.row as TCustomerRow).reach === undefined) continue;
    chunk.push(result.row as TCustomerRow);
    if (chunk.length >= 5000) await flush();
  }
  await flush();
}

/**
 * The valid customer rows as COPY text: the file the check wrote, or, for a job checked before
 * that file existed, the CSV checked again.
 */
async function* validCopyText(
  merchant: { id: string; timeZone: string },
  job: { id: string; kind: TImportKind },
  mapping: TMapping,
): AsyncGenerator<Buffer | string> {
  const file = fileOf(merchant.id, job.id, "valid.copy");
  if (
    await stat(file).then(
      () => true,
      () => false,
    )
  ) {
    yield* createReadStream(file, { highWaterMark: 1 << 20 });
    return;
  }
  for await (const { line, result } of rows(merchant, job, mapping)) if (result.ok) yield copyLine(line, result.row as TCustomerRow);
}

/**
 * Loads the valid voucher rows into the job's deal, like POST /api/v1/vouchers: codes this
 * merchant already has stay as they are; the purchaser email is stored lower-cased; a voucher
 * without an expiry takes the deal's. A buyer with an email becomes (or is matched to) the
 * merchant's customer, with "deal purchase" as the source of their email consent — recorded, but
 * never restoring the consent of a customer who unsubscribed — and the voucher names them, so the
 * counter's redemption lands on that customer.
 */
async function importVouchers(
  merchant: { id: string; timeZone: string },
  job: { id: string; kind: TImportKind; dealId: string | null },
  mapping: TMapping,
  progress: (n: number) => Promise<void>,
) {
  if (!job.dealId) throw new AppError("CONFLICT", "Check the file first; a voucher import needs its deal.");
  const deal = await db.deal.findUnique({
    where: { merchantId_id: { merchantId: merchant.id, id: job.dealId } },
    select: { id: true, voucherExpiresAt: true },
  });
  if (!deal) throw new AppError("NOT_FOUND", "That deal was not found.");
  let created = 0;
  let unchanged = 0;
  let customers = 0;
  let batch: TVoucherRow[] = [];
  const flush = async () => {
    if (!batch.length) return;
    const inserted = await db.$queryRaw<{ code: string; name: string | null; email: string | null }[]>(Prisma.sql`
      INSERT INTO vouchers ("merchantId", "dealId", code, "purchaserName", "purchaserEmail", "purchasedAt", "expiresAt")
      SELECT ${merchant.id}::uuid, ${deal.id}::uuid, t.code, t.name, t.email, t.bought, coalesce(t.expires, ${deal.voucherExpiresAt}::timestamptz)
        FROM unnest(${batch.map((v) => v.code)}::text[], ${batch.map((v) => v.purchaserName ?? null)}::text[], ${batch.map((v) => v.purchaserEmail ?? null)}::text[],
                    ${batch.map((v) => v.purchasedAt ?? null)}::timestamptz[], ${batch.map((v) => v.expiresAt ?? null)}::timestamptz[]) AS t(code, name, email, bought, expires)
      ON CONFLICT ("merchantId", code) DO NOTHING
      RETURNING code, "purchaserName" AS name, "purchaserEmail" AS email`);
    created += inserted.length;
    unchanged += batch.length - inserted.length;
    const buyers = inserted.filter((v) => v.email);
    if (buyers.length) {
      const ids = await writeCustomers(
        merchant.id,
        buyers.map((b) => {
          const [first, ...rest] = (b.name ?? "").trim().split(/\s+/).filter(Boolean);
          return { email: b.email!, ...(first ? { firstName: first } : {}), ...(rest.length ? { lastName: rest.join(" ") } : {}), emailConsent: true };
        }),
        { consentSource: "deal purchase", recordSource: "deal" },
      );
      await db.$executeRaw(Prisma.sql`
        UPDATE vouchers v SET "customerId" = t.customer
          FROM unnest(${buyers.map((b) => b.code)}::text[], ${ids}::uuid[]) AS t(code, customer)
         WHERE v."merchantId" = ${merchant.id}::uuid AND v.code = t.code AND v."customerId" IS NULL`);
      customers += new Set(ids).size;
    }
    batch = [];
    await progress(created + unchanged);
  };
  for await (const { result } of checkVoucherRows(merchant.id, deal.id, rows(merchant, job, mapping))) {
    if (!result.ok) continue;
    batch.push(result.row as TVoucherRow);
    if (batch.length >= BATCH) await flush();
  }
  await flush();
  return { created, unchanged, customers };
}

async function writeVisits(merchant: { id: string; timeZone: string }, input: TVisitRow[]) {
  const customerIds = await writeCustomers(
    merchant.id,
    input.map((r) => r.customer),
  );
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
    const tags = await db.tag.findMany({
      where: { merchantId: merchant.id, normalizedName: { in: tagNames.map((n) => n.toLowerCase()) } },
      select: { id: true, normalizedName: true },
    });
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
