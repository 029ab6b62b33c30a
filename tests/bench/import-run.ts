// npm run bench:import — the CSV customer import alone (the last table of bench:capture), on a
// fresh database of the test cluster.
import { db } from "@/lib/db";
import { freshDatabase, printTable } from "./lib";

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

main().then(() => process.exit(0), (err) => {
  console.error(err);
  process.exit(1);
});
