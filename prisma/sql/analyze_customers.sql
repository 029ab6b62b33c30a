-- analyze_customers(): after the first chunk of an import the planner needs fresh statistics of
-- customers, and ANALYZE needs the table's owner: this runs it as the owner (SECURITY DEFINER),
-- for that one table only. The app's role may execute it; PUBLIC may not.
--
-- Readable copy of what prisma/migrations/20261202045500_app_role applied;
-- tests/integration/database-objects.test.ts checks that it equals the database's.

CREATE FUNCTION analyze_customers() RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  ANALYZE public.customers;
END $$;
