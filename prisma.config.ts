import { defineConfig } from "prisma/config";

// The CLI reads this; the app connects through the pg driver adapter in src/lib/db.ts.
// `prisma migrate deploy` works on a connected machine with DATABASE_URL set; offline,
// `npm run db:migrate` applies the same migrations with the WebAssembly schema engine.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations", seed: "tsx prisma/seed.ts" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://postgres:postgres@127.0.0.1:54329/regulars" },
});
