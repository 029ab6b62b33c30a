-- DropIndex
DROP INDEX "customers_merchantId_createdAt_idx";

-- Hand-written. Every index on customers is written for each imported row (a CSV import of 1M
-- customers spent ~85% of its time maintaining them). These drop what nobody reads:
-- "Customer since" sorts and filters use customers_list_created_idx (merchantId, createdAt DESC, id
-- DESC), which covers the index dropped above.
-- The identity keys and the day codes of birthday and anniversary are only ever looked up by
-- value (equality, or a strict expression that is never true for NULL), so rows without them need
-- no index entry. Uniqueness is unchanged: NULLs never conflicted.
DROP INDEX "customers_merchantId_externalId_key";
CREATE UNIQUE INDEX "customers_merchantId_externalId_key" ON "customers" ("merchantId", "externalId") WHERE "externalId" IS NOT NULL;
DROP INDEX "customers_merchantId_emailNormalized_key";
CREATE UNIQUE INDEX "customers_merchantId_emailNormalized_key" ON "customers" ("merchantId", "emailNormalized") WHERE "emailNormalized" IS NOT NULL;
DROP INDEX "customers_merchantId_phone_key";
CREATE UNIQUE INDEX "customers_merchantId_phone_key" ON "customers" ("merchantId", "phone") WHERE "phone" IS NOT NULL;
DROP INDEX "customers_birthday_code_idx";
CREATE INDEX "customers_birthday_code_idx" ON "customers" ("merchantId", ((EXTRACT(MONTH FROM "birthday") * 100 + EXTRACT(DAY FROM "birthday"))::int))
  WHERE "birthday" IS NOT NULL;
DROP INDEX "customers_anniversary_code_idx";
CREATE INDEX "customers_anniversary_code_idx" ON "customers" ("merchantId", ((EXTRACT(MONTH FROM "anniversary") * 100 + EXTRACT(DAY FROM "anniversary"))::int))
  WHERE "anniversary" IS NOT NULL;
-- The planner takes no statistics from a partial index, and the day-code estimates of the filters
-- came from these indexes' expressions: keep them as expression statistics, so birthday and
-- anniversary filters keep their plans.
CREATE STATISTICS "customers_birthday_code_stats" ON ((EXTRACT(MONTH FROM "birthday") * 100 + EXTRACT(DAY FROM "birthday"))::int) FROM "customers";
CREATE STATISTICS "customers_anniversary_code_stats" ON ((EXTRACT(MONTH FROM "anniversary") * 100 + EXTRACT(DAY FROM "anniversary"))::int) FROM "customers";

-- A customer import stages each chunk of rows in unlogged tables of its own here
-- (features/imports/customer-import.ts): several connections read them, and they write no WAL.
-- Anything left in this schema belongs to an import that was cut short and can be dropped.
CREATE SCHEMA IF NOT EXISTS "import_staging";
