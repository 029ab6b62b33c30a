-- Hand-written. Under row-level security (migration row_level_security) PostgreSQL evaluates the
-- policy before any condition of the query that calls a function it does not know to be leakproof,
-- and such a condition can then no longer be an index condition. The counter's name search
-- (lower(…) ranges) and the birthday and anniversary filters (EXTRACT(…) codes) had expression
-- indexes: under RLS they read every customer of the merchant instead (EXPLAIN: the search went
-- from an index range to a filter over the merchant's rows). So the expressions become stored
-- columns, which queries compare with plain, leakproof operators (text and int comparisons), and the
-- indexes cover the columns. Writes compute them (a few string and date operations per row).
ALTER TABLE "customers"
  ADD COLUMN "searchName" text COLLATE "C" GENERATED ALWAYS AS (lower(coalesce("firstName", '') || ' ' || coalesce("lastName", ''))) STORED,
  ADD COLUMN "searchLastName" text COLLATE "C" GENERATED ALWAYS AS (lower("lastName")) STORED,
  ADD COLUMN "birthdayCode" int GENERATED ALWAYS AS ((EXTRACT(MONTH FROM "birthday") * 100 + EXTRACT(DAY FROM "birthday"))::int) STORED,
  ADD COLUMN "anniversaryCode" int GENERATED ALWAYS AS ((EXTRACT(MONTH FROM "anniversary") * 100 + EXTRACT(DAY FROM "anniversary"))::int) STORED;

-- The same indexes as before (migrations customers_search_indexes, customers_import_indexes), on the columns.
DROP INDEX "customers_search_name_idx";
CREATE INDEX "customers_search_name_idx" ON "customers" ("merchantId", "searchName");
DROP INDEX "customers_search_last_name_idx";
CREATE INDEX "customers_search_last_name_idx" ON "customers" ("merchantId", "searchLastName");
DROP INDEX "customers_birthday_code_idx";
CREATE INDEX "customers_birthday_code_idx" ON "customers" ("merchantId", "birthdayCode") WHERE "birthdayCode" IS NOT NULL;
DROP INDEX "customers_anniversary_code_idx";
CREATE INDEX "customers_anniversary_code_idx" ON "customers" ("merchantId", "anniversaryCode") WHERE "anniversaryCode" IS NOT NULL;
-- A column has statistics of its own: the expression statistics that stood in for them go.
DROP STATISTICS "customers_birthday_code_stats";
DROP STATISTICS "customers_anniversary_code_stats";
