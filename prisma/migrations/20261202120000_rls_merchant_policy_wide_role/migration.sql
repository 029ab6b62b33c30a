-- Row-level security without a per-row filter in the merchant's scope (issue 12: RLS may cost the
-- Smart Filter p95 no more than 10%). The one policy `tenant` OR-ed the merchant's comparison with
-- the platform's and the publisher's, so PostgreSQL checked it on every row an index scan returned
-- (the Off Peak count at 100,000 customers: 17 ms without RLS, 35 ms with). Now:
--   tenant      — every role: "merchantId" = the scope's merchant, a single equality. The planner
--                 matches it with the query's own "merchantId" = $1 and keeps one One-Time Filter
--                 per statement instead of a Filter per row: the plan without RLS.
--   tenant_wide — only the NOLOGIN role regulars_wide: the platform scope and a publisher's
--                 merchants (as a hashed IN subquery, as migration publisher_scope_hashed wrote it). The app's role is a member of it WITHOUT inheritance (SET only), so
--                 this policy never applies to its merchant queries; src/lib/db.ts switches the
--                 connection's role to regulars_wide for the platform and publisher scopes.
-- docs/operations.md ("Row-level security") explains the roles; prisma/sql/row_level_security.sql
-- is the readable copy.

-- The wide role. Where the operator created it already (docs/operations.md; the embedded
-- PostgreSQL does it in scripts/lib/postgres.ts) this only checks; otherwise an owner with
-- CREATEROLE creates it here.
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'regulars_wide') THEN
    CREATE ROLE regulars_wide NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS;
  END IF;
EXCEPTION
  WHEN duplicate_object OR unique_violation THEN NULL; -- created meanwhile by a concurrent migration
  WHEN insufficient_privilege THEN
    RAISE EXCEPTION 'role "regulars_wide" does not exist and % may not create it', current_user
      USING HINT = 'As a role with CREATEROLE: CREATE ROLE regulars_wide NOLOGIN; GRANT regulars_wide TO regulars_app WITH INHERIT FALSE, SET TRUE; GRANT regulars_wide TO <owner role> WITH INHERIT TRUE; then run db:migrate again (docs/operations.md).';
END $$;

-- Memberships. The app's role may SET ROLE regulars_wide but does not inherit it (else its
-- policy would be OR-ed into every merchant query again). The owner inherits it: its own
-- sessions (the seed, operator psql, the tests' set-up) read across merchants with
-- `SET app.scope = 'platform'` as before, and keep the owner's rights (VACUUM, ALTER) meanwhile.
-- A superuser bypasses row-level security and needs neither.
DO $$
DECLARE
  wide oid := 'regulars_wide'::regrole;
  app oid := to_regrole('regulars_app');
  inherits boolean;
  sets boolean;
BEGIN
  SELECT m.inherit_option, m.set_option INTO inherits, sets FROM pg_auth_members m WHERE m.roleid = wide AND m.member = app;
  IF inherits IS DISTINCT FROM false OR sets IS DISTINCT FROM true THEN
    GRANT regulars_wide TO regulars_app WITH INHERIT FALSE, SET TRUE;
  END IF;
  IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AND NOT pg_has_role(current_user, wide, 'USAGE') THEN
    EXECUTE format('GRANT regulars_wide TO %I WITH INHERIT TRUE, SET TRUE', current_user);
  END IF;
EXCEPTION
  WHEN insufficient_privilege OR invalid_grant_operation THEN
    RAISE EXCEPTION 'the memberships of role "regulars_wide" are not set and % may not set them: %', current_user, SQLERRM
      USING HINT = format('As a role with ADMIN OPTION on regulars_wide: GRANT regulars_wide TO regulars_app WITH INHERIT FALSE, SET TRUE; GRANT regulars_wide TO %I WITH INHERIT TRUE; then run db:migrate again (docs/operations.md).', current_user);
END $$;

-- The wide role's rights are the app role's (migration app_role), now and for the objects later
-- migrations create (default privileges of the role running the migrations).
DO $$
BEGIN
  EXECUTE format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO regulars_wide', current_database());
END $$;
GRANT USAGE ON SCHEMA public TO regulars_wide;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO regulars_wide;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO regulars_wide;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO regulars_wide;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO regulars_wide;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO regulars_wide;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT EXECUTE ON FUNCTIONS TO regulars_wide;
REVOKE ALL ON public._prisma_migrations FROM regulars_wide;
GRANT USAGE, CREATE ON SCHEMA import_staging TO regulars_wide;
GRANT USAGE ON SCHEMA pgboss TO regulars_wide;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA pgboss TO regulars_wide;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA pgboss TO regulars_wide;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA pgboss TO regulars_wide;
ALTER DEFAULT PRIVILEGES IN SCHEMA pgboss GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO regulars_wide;
ALTER DEFAULT PRIVILEGES IN SCHEMA pgboss GRANT USAGE, SELECT ON SEQUENCES TO regulars_wide;
ALTER DEFAULT PRIVILEGES IN SCHEMA pgboss GRANT EXECUTE ON FUNCTIONS TO regulars_wide;

-- A tenant table's row-level security in one call, for this migration and every later one that
-- adds a table with a "merchantId" column: SELECT app_tenant_policies('new_table');
-- ENABLEs and FORCEs row-level security and (re)creates both policies; a table that has the old
-- single `tenant` policy (copied from migration webhooks) is converted.
CREATE FUNCTION app_tenant_policies(t regclass) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, public AS $$
BEGIN
  EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', t);
  EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', t);
  EXECUTE format('DROP POLICY IF EXISTS tenant ON %s', t);
  EXECUTE format('DROP POLICY IF EXISTS tenant_wide ON %s', t);
  -- For reads and writes alike (USING: what a statement sees, updates and deletes; WITH CHECK: the
  -- rows it writes). An unset or empty setting is NULL, which matches no row.
  EXECUTE format($p$CREATE POLICY tenant ON %s
    USING ("merchantId" = (SELECT nullif(current_setting('app.merchant_id', true), '')::uuid))
    WITH CHECK ("merchantId" = (SELECT nullif(current_setting('app.merchant_id', true), '')::uuid))$p$, t);
  EXECUTE format($p$CREATE POLICY tenant_wide ON %s TO regulars_wide
    USING ((SELECT current_setting('app.scope', true) = 'platform')
           OR "merchantId" IN (SELECT unnest(app_scope_publisher_merchant_ids())))
    WITH CHECK ((SELECT current_setting('app.scope', true) = 'platform')
           OR "merchantId" IN (SELECT unnest(app_scope_publisher_merchant_ids())))$p$, t);
END $$;
-- Structure, not rows: the migrations' alone.
REVOKE EXECUTE ON FUNCTION app_tenant_policies(regclass) FROM PUBLIC, regulars_app, regulars_wide;

-- Every tenant table: each table of public with a "merchantId" column (the same list
-- tests/integration/rls.test.ts reads from the live schema).
SELECT app_tenant_policies(c.oid::regclass)
  FROM pg_class c
 WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p')
   AND EXISTS (SELECT FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'merchantId' AND NOT a.attisdropped)
 ORDER BY c.relname;

-- The API key lookup enters the platform scope for its own query: now also the wide role, whose
-- policy alone honours that scope. Both are put back before it returns (an error aborts the
-- statement, which undoes the local settings too). Not SECURITY DEFINER: PostgreSQL refuses to
-- change the role inside one.
CREATE OR REPLACE FUNCTION api_key_by_hash(p_hash text)
RETURNS TABLE (id uuid, "merchantId" uuid, slug text, name text, "timeZone" text, currency text, touch boolean)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, public AS $$
DECLARE
  caller_scope text := coalesce(current_setting('app.scope', true), '');
  caller_role text := current_setting('role');
BEGIN
  PERFORM set_config('role', 'regulars_wide', true);
  PERFORM set_config('app.scope', 'platform', true);
  RETURN QUERY
    SELECT k.id, k."merchantId", m.slug::text, m.name::text, m."timeZone"::text, m.currency::text,
           k."lastUsedAt" IS NULL OR k."lastUsedAt" < now() - interval '1 minute'
      FROM api_keys k JOIN merchants m ON m.id = k."merchantId"
     WHERE k."hashedKey" = p_hash AND k."revokedAt" IS NULL;
  PERFORM set_config('app.scope', caller_scope, true);
  PERFORM set_config('role', caller_role, true);
END $$;
