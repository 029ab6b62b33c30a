// npm run bench:import — the CSV customer import alone (the last table of bench:capture), on a
// fresh database of the test cluster.
import { db } from "@/lib/db";
import { freshDatabase, printTable } from "./lib";
import { withPlatform } from "@/lib/tenant";

async function main() {
  const database = await freshDatabase("regulars_bench_import");
  try {
    const { benchImport } = await import("./import");
    printTable("CSV import of customers (streamed; dedupe by externalId, email, phone)", await benchImport());
  } finally {
    await db.$disconnect();
    await database.drop();
    await database.stop();
  }
}

// This process sets up and checks as the operator would (row-level security's platform scope); the
// apps and workers it starts open each request's and job's tenant themselves.
withPlatform("benchmark setup", main).then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
