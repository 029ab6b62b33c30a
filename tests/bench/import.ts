// CSV import throughput: a 1,000,000-row customers file (BENCH_IMPORT_ROWS), uploaded as a
// stream, checked row by row, then imported (COPY into staging, set-based merge), with the
// import's seconds split by phase. Used by bench:capture and bench:import.
import { createReadStream, createWriteStream } from "node:fs";
import { rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import type { TImportTimings } from "@/features/imports/customer-import";
import { runImport, storeUpload, validateImport } from "@/features/imports/service";
import { createMerchant } from "@/features/tenancy/admin-commands";
import { createUser } from "@/features/tenancy/admin-commands";
import { db } from "@/lib/db";
import { withPlatform, withTenant } from "@/lib/tenant";

/** WAL written and checkpoints started so far, cluster-wide (a checkpoint during the import adds full-page images). */
const walState = async () =>
  (
    await db.$queryRaw<{ bytes: number; fpi: number; checkpoints: number }[]>`
    SELECT (SELECT wal_bytes FROM pg_stat_wal)::float8 AS bytes, (SELECT wal_fpi FROM pg_stat_wal)::float8 AS fpi,
           (SELECT num_timed + num_requested FROM pg_stat_checkpointer)::float8 AS checkpoints`
  )[0]!;

export async function benchImport(rows = Number(process.env.BENCH_IMPORT_ROWS ?? 1_000_000)) {
  const file = path.join(os.tmpdir(), `regulars-import-${rows}.csv`);
  await new Promise<void>((resolve, reject) => {
    const out = createWriteStream(file);
    out.on("error", reject);
    out.write("email,first name,last name,phone,zip,birthday,consent\n");
    let i = 0;
    const write = () => {
      let ok = true;
      while (i < rows && ok) {
        i += 1;
        ok = out.write(
          `guest${i}@example.net,First${i},Last${i},+1415${String(1_000_000 + i).slice(-7)},9410${i % 10},1980-0${1 + (i % 9)}-1${i % 9},${i % 3 ? "yes" : "no"}\n`,
        );
      }
      if (i < rows) out.once("drain", write);
      else out.end(resolve);
    };
    write();
  });
  // Set up as the operator CLI does (the platform scope); the import runs in the merchant's tenant
  // scope, as the import wizard's routes run it.
  const { merchant, owner } = await withPlatform("benchmark setup", async () => {
    const merchant = await createMerchant({ name: "Import Bench", slug: `import-bench-${Date.now()}`, timeZone: "America/Los_Angeles" });
    const owner = await createUser({ email: `import-bench-${Date.now()}@example.com`, merchantSlug: merchant.slug, role: "owner" });
    return { merchant, owner };
  });
  return withTenant(merchant.id, () => measureImport(file, rows, merchant, owner));
}

async function measureImport(file: string, rows: number, merchant: Awaited<ReturnType<typeof createMerchant>>, owner: { id: string }) {
  const memory = { peak: 0 };
  const sampler = setInterval(() => (memory.peak = Math.max(memory.peak, process.memoryUsage().rss)), 100);
  const t0 = performance.now();
  const upload = await storeUpload(merchant, "customers", "bench.csv", Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>, owner.id);
  const t1 = performance.now();
  await validateImport(merchant, upload.id, upload.mapping);
  const t2 = performance.now();
  const peakBeforeImport = memory.peak;
  memory.peak = process.memoryUsage().rss;
  const timings: TImportTimings = {};
  const wal0 = await walState();
  const imported = await runImport(merchant, upload.id, owner.id, timings);
  const t3 = performance.now();
  const wal1 = await walState();
  clearInterval(sampler);
  await rm(file, { force: true });
  const rate = (ms: number) => Math.round(rows / (ms / 1000)).toLocaleString("en-US");
  return [
    { phase: "upload (stream to disk)", rows, seconds: +((t1 - t0) / 1000).toFixed(1), "rows/s": rate(t1 - t0) },
    { phase: "check every row", rows, seconds: +((t2 - t1) / 1000).toFixed(1), "rows/s": rate(t2 - t1) },
    { phase: "import (COPY + set-based merge)", rows: imported, seconds: +((t3 - t2) / 1000).toFixed(1), "rows/s": rate(t3 - t2) },
    ...split(timings, (t3 - t2) / 1000),
    {
      phase: "  WAL written during the import (cluster)",
      rows: "",
      seconds: "",
      "rows/s": `${Math.round((wal1.bytes - wal0.bytes) / 1e6)} MB, ${wal1.fpi - wal0.fpi} full pages, ${wal1.checkpoints - wal0.checkpoints} checkpoints`,
    },
    {
      phase: "peak RSS of the process: upload + check / import",
      rows: "",
      seconds: "",
      "rows/s": `${Math.round(peakBeforeImport / 1024 ** 2)} MB / ${Math.round(memory.peak / 1024 ** 2)} MB`,
    },
  ];
}

const PHASES: [string, string][] = [
  ["copy", "  COPY into staging (beside the previous chunk's merge)"],
  ["match", "  match by identity + mark repeats"],
  ["insert", "  insert new customers"],
  ["update", "  update matched customers"],
  ["tags", "  tags"],
  ["exact", "  exact merge of repeats"],
  ["truncate", "  clear staging"],
  ["progress", "  progress updates"],
];

/**
 * The import's seconds by phase. Chunks merge one after another, and the next chunk's COPY runs
 * beside a merge, so the time outside the merge phases is COPY that no merge hid, plus bookkeeping.
 */
function split(timings: TImportTimings, total: number) {
  const rows = PHASES.filter(([k]) => timings[k] !== undefined).map(([k, label]) => ({
    phase: label,
    rows: "",
    seconds: +timings[k]!.toFixed(1),
    share: `${Math.round((timings[k]! / total) * 100)}%`,
  }));
  const other = total - Object.entries(timings).reduce((a, [k, v]) => a + (k === "copy" ? 0 : v), 0);
  return [
    ...rows,
    { phase: "  outside the merges (first COPY, job bookkeeping)", rows: "", seconds: +other.toFixed(1), share: `${Math.round((other / total) * 100)}%` },
  ];
}
