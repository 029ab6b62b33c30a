-- Row-level security on every tenant table (issue 12), FORCEd so the owner is bound too. A row is
-- visible and writable only inside a tenant scope the app opened (src/lib/tenant.ts; src/lib/db.ts
-- puts these settings on each connection it hands out, from the scope of the caller):
--   app.merchant_id  — one merchant's work (a page, action, route, API key, worker job);
--   app.publisher_id — a publisher's console: the merchants whose "publisherId" it is;
--   app.scope = 'platform' — the named cross-merchant paths (sign-in lookups, the worker's sweeps,
--                    the platform admin, the CLI and the seed), each entered by withPlatform(reason).
-- With none set, a query sees and changes nothing.
--
-- Each setting is read once per statement: the policies compare against scalar subqueries
-- (InitPlans), so a row costs one uuid comparison, not a call of current_setting() and a cast, and
-- "merchantId" = (InitPlan) is a plain equality the planner can use as an index condition. Every
-- cast goes through nullif: an unset or empty setting is NULL, which matches no row.

-- The merchant of the scope, or NULL.
CREATE FUNCTION app_scope_merchant_id() RETURNS uuid
LANGUAGE sql STABLE PARALLEL SAFE SET search_path = pg_catalog AS $$
  SELECT nullif(current_setting('app.merchant_id', true), '')::uuid
$$;

-- The merchants of the publisher of the scope (none without one).
CREATE FUNCTION app_scope_publisher_merchant_ids() RETURNS uuid[]
LANGUAGE sql STABLE PARALLEL SAFE SET search_path = pg_catalog, public AS $$
  SELECT CASE WHEN nullif(current_setting('app.publisher_id', true), '') IS NULL THEN '{}'::uuid[]
    ELSE ARRAY(SELECT m.id FROM public.merchants m WHERE m."publisherId" = nullif(current_setting('app.publisher_id', true), '')::uuid) END
$$;

-- A named cross-merchant path (withPlatform) is running.
CREATE FUNCTION app_scope_is_platform() RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE SET search_path = pg_catalog AS $$
  SELECT coalesce(current_setting('app.scope', true), '') = 'platform'
$$;

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY[
    'memberships', 'counter_devices', 'customers', 'customer_rfm', 'tags', 'customer_tags', 'visits',
    'visit_tags', 'deals', 'vouchers', 'smart_filters', 'groups', 'group_members', 'promotions',
    'campaigns', 'campaign_recipients', 'automations', 'api_keys', 'idempotency_keys', 'audit_logs',
    'subscriptions', 'email_messages', 'import_jobs'
  ] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    -- Reads and writes alike (USING for what a statement sees, updates and deletes; WITH CHECK,
    -- the same, for the rows it writes): three permissive policies, OR-ed by PostgreSQL.
    EXECUTE format('CREATE POLICY tenant_merchant ON %I USING ("merchantId" = (SELECT app_scope_merchant_id())) WITH CHECK ("merchantId" = (SELECT app_scope_merchant_id()))', t);
    EXECUTE format('CREATE POLICY tenant_publisher ON %I USING ("merchantId" = ANY ((SELECT app_scope_publisher_merchant_ids()))) WITH CHECK ("merchantId" = ANY ((SELECT app_scope_publisher_merchant_ids())))', t);
    EXECUTE format('CREATE POLICY platform ON %I USING ((SELECT app_scope_is_platform())) WITH CHECK ((SELECT app_scope_is_platform()))', t);
  END LOOP;
END $$;
