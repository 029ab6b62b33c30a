-- Hand-written. Finding a customer by what a person types (the counter's walk-in search, the list's
-- search box; features/customers/search.ts) reads index ranges instead of every customer of the
-- merchant: a contains-search ('%…%') took 1.2 s at 1M customers for a term few of them match.
-- Names are matched from their start: the full name ("maria", "maria lo") and the last name
-- ("lopez"). COLLATE "C" orders them by code point, so "starts with p" is the range [p, p + U+10FFFF)
-- whatever the database's collation.
-- Email and phone starts use the identity indexes of migration customers_import_indexes.
CREATE INDEX "customers_search_name_idx" ON "customers" ("merchantId", (lower(coalesce("firstName", '') || ' ' || coalesce("lastName", '')) COLLATE "C"));
-- Not partial: the planner takes its estimates for the expression from the index's statistics, and
-- a partial index has none.
CREATE INDEX "customers_search_last_name_idx" ON "customers" ("merchantId", (lower("lastName") COLLATE "C"));
