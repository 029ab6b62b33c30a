-- customers.merchantId → merchants, enforced by triggers instead of a per-row foreign key: one
-- check and one FOR KEY SHARE lock per statement, so an import of a million customers does not pay
-- a lookup per row (docs/architecture.md, "Data"). Together they keep what the foreign key did:
--   - an insert naming no merchant fails with foreign_key_violation, and the merchants it names
--     are locked FOR KEY SHARE, as the row check locked them, so none can be deleted before the
--     insert commits;
--   - merchantId never changes;
--   - deleting a merchant deletes its customers (an AFTER trigger: it runs once the merchant row
--     is deleted, so after any insert holding that lock committed).
--
-- Readable copy of what prisma/migrations/20261130040000_customers_cheaper_writes applied;
-- tests/integration/database-objects.test.ts checks that it equals the database's.

CREATE FUNCTION customers_merchant_exists() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  named uuid[];
  found int;
BEGIN
  SELECT array_agg(DISTINCT n."merchantId") INTO named FROM new_customers n;
  PERFORM 1 FROM merchants m WHERE m.id = ANY (named) FOR KEY SHARE;
  GET DIAGNOSTICS found = ROW_COUNT;
  IF found < coalesce(cardinality(named), 0) THEN
    RAISE EXCEPTION 'insert on table "customers" violates foreign key: "merchantId" names no merchant'
      USING ERRCODE = 'foreign_key_violation', TABLE = 'customers', CONSTRAINT = 'customers_merchantId_fkey';
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER customers_merchant_exists AFTER INSERT ON "customers"
  REFERENCING NEW TABLE AS new_customers FOR EACH STATEMENT EXECUTE FUNCTION customers_merchant_exists();

CREATE FUNCTION customers_merchant_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'a customer cannot move to another merchant' USING ERRCODE = 'foreign_key_violation', TABLE = 'customers';
END $$;
-- A column trigger: it fires only for an UPDATE that sets "merchantId", so visit captures pay nothing.
CREATE TRIGGER customers_merchant_fixed BEFORE UPDATE OF "merchantId" ON "customers"
  FOR EACH ROW WHEN (OLD."merchantId" IS DISTINCT FROM NEW."merchantId") EXECUTE FUNCTION customers_merchant_fixed();

CREATE FUNCTION merchants_delete_customers() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM customers WHERE "merchantId" = OLD.id;
  RETURN NULL;
END $$;
CREATE TRIGGER merchants_delete_customers AFTER DELETE ON "merchants"
  FOR EACH ROW EXECUTE FUNCTION merchants_delete_customers();
