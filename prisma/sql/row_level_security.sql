-- Row-level security: the scope functions, the policies of every tenant table and the API-key
-- lookup, as the migrations left them (20261202070000_row_level_security, then
-- 20261202120000_rls_merchant_policy_wide_role, which replaced the one OR-ed policy by two and
-- added app_tenant_policies()). docs/operations.md ("Row-level security") explains the scopes.
--
-- A row is visible and writable only inside a tenant scope the app opened (src/lib/tenant.ts;
-- src/lib/db.ts puts these settings, and the role, on each connection it hands out):
--   app.merchant_id  — one merchant's work (a page, action, route, API key, worker job), as the
--                      login role (regulars_app): policy `tenant`, one equality;
--   app.publisher_id — a publisher's console: the merchants whose "publisherId" it is, and
--   app.scope = 'platform' — the named cross-merchant paths (sign-in lookups, the worker's sweeps,
--                    the platform admin, the CLI and the seed), each entered by withPlatform(reason):
--                      both as the role regulars_wide, the only role policy `tenant_wide` applies
--                      to. The app's role may SET ROLE to it but does not inherit it, so the wide
--                      policy is never OR-ed into a merchant query; the owner inherits it.
-- With none set, a query sees and changes nothing.
--
-- Each setting is read once per statement: the policies compare against scalar subqueries
-- (InitPlans). In the merchant's scope the policy is `"merchantId" = (InitPlan)`, and the query's own
-- `"merchantId" = $1` lets the planner turn it into one One-Time Filter `(InitPlan) = $1` per
-- statement: no per-row filter, the plan without row-level security. Every cast goes through
-- nullif: an unset or empty setting is NULL, which matches no row. The publisher's merchants come
-- from a PL/pgSQL function, which the planner does not inline and which runs only in a publisher's
-- scope — as an uncorrelated IN subquery, which PostgreSQL runs once per statement into a hash
-- table (one probe per row; an = ANY(array) compared each row with every merchant of the publisher:
-- migration publisher_scope_hashed).

-- The merchants of the publisher of the scope (none without one).
CREATE FUNCTION app_scope_publisher_merchant_ids() RETURNS uuid[]
LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, public AS $$
DECLARE publisher uuid := nullif(current_setting('app.publisher_id', true), '')::uuid;
BEGIN
  IF publisher IS NULL THEN RETURN '{}'::uuid[]; END IF;
  RETURN ARRAY(SELECT m.id FROM public.merchants m WHERE m."publisherId" = publisher);
END $$;

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
-- tests/integration/rls.test.ts reads from the live schema). A later migration adding one calls
-- SELECT app_tenant_policies('its_table'); in its own file.
SELECT app_tenant_policies(c.oid::regclass)
  FROM pg_class c
 WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p')
   AND EXISTS (SELECT FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'merchantId' AND NOT a.attisdropped)
 ORDER BY c.relname;

-- The API key behind a request (features/tenancy/api-keys.ts), looked up by its hash before any
-- merchant is known: a named cross-merchant path in SQL. It enters the platform scope — the wide
-- role and its setting — for its own lookup and puts the caller's back before it returns (an
-- error aborts the statement, which undoes the local settings too), so the connection keeps its
-- tenant scope and a busy API pays no round trips to switch scopes and back. (A function's own SET
-- clause would be neater, but PostgreSQL lets only a superuser attach an unregistered setting such
-- as app.scope to a function, and SECURITY DEFINER functions may not change the role.)
CREATE FUNCTION api_key_by_hash(p_hash text)
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
