-- Row-level security on every tenant table (issue 12), FORCEd so the owner is bound too. A row is
-- visible and writable only inside a tenant scope the app opened (src/lib/tenant.ts; src/lib/db.ts
-- puts these settings on each connection it hands out, from the scope of the caller):
--   app.merchant_id  — one merchant's work (a page, action, route, API key, worker job);
--   app.publisher_id — a publisher's console: the merchants whose "publisherId" it is;
--   app.scope = 'platform' — the named cross-merchant paths (sign-in lookups, the worker's sweeps,
--                    the platform admin, the CLI and the seed), each entered by withPlatform(reason).
-- With none set, a query sees and changes nothing.
--
-- Each setting is read once per statement: the policy compares against scalar subqueries
-- (InitPlans, evaluated only when first needed), so a row of the scope's merchant costs one uuid
-- comparison, not a call of current_setting() and a cast. Every cast goes through nullif: an
-- unset or empty setting is NULL, which matches no row. The merchant and platform tests are
-- written out in the policy (stored parsed, so planning a statement costs nothing more); the
-- publisher's merchants come from a PL/pgSQL function, which the planner does not inline or plan
-- into each statement and which runs only in a publisher's scope.

-- The merchants of the publisher of the scope (none without one).
CREATE FUNCTION app_scope_publisher_merchant_ids() RETURNS uuid[]
LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, public AS $$
DECLARE publisher uuid := nullif(current_setting('app.publisher_id', true), '')::uuid;
BEGIN
  IF publisher IS NULL THEN RETURN '{}'::uuid[]; END IF;
  RETURN ARRAY(SELECT m.id FROM public.merchants m WHERE m."publisherId" = publisher);
END $$;

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
    -- One policy for reads and writes alike (USING: what a statement sees, updates and deletes;
    -- WITH CHECK, the same: the rows it writes). The merchant's comparison comes first, so in the
    -- usual scope a row is decided by it and the other subqueries never run.
    EXECUTE format($p$CREATE POLICY tenant ON %I
      USING ("merchantId" = (SELECT nullif(current_setting('app.merchant_id', true), '')::uuid)
             OR (SELECT current_setting('app.scope', true) = 'platform')
             OR "merchantId" = ANY ((SELECT app_scope_publisher_merchant_ids())::uuid[]))
      WITH CHECK ("merchantId" = (SELECT nullif(current_setting('app.merchant_id', true), '')::uuid)
             OR (SELECT current_setting('app.scope', true) = 'platform')
             OR "merchantId" = ANY ((SELECT app_scope_publisher_merchant_ids())::uuid[]))$p$, t);
  END LOOP;
END $$;

-- The API key behind a request (features/tenancy/api-keys.ts), looked up by its hash before any
-- merchant is known: a named cross-merchant path in SQL. It enters the platform scope for its own
-- lookup and puts the caller's value back before it returns (an error aborts the statement, which
-- undoes the local setting too), so the connection keeps its tenant scope and a busy API pays no
-- round trips to switch scopes and back. (A function's own SET clause would be neater, but
-- PostgreSQL lets only a superuser attach an unregistered setting such as app.scope to a function.)
CREATE FUNCTION api_key_by_hash(p_hash text)
RETURNS TABLE (id uuid, "merchantId" uuid, slug text, name text, "timeZone" text, currency text, touch boolean)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, public AS $$
DECLARE caller_scope text := coalesce(current_setting('app.scope', true), '');
BEGIN
  PERFORM set_config('app.scope', 'platform', true);
  RETURN QUERY
    SELECT k.id, k."merchantId", m.slug::text, m.name::text, m."timeZone"::text, m.currency::text,
           k."lastUsedAt" IS NULL OR k."lastUsedAt" < now() - interval '1 minute'
      FROM api_keys k JOIN merchants m ON m.id = k."merchantId"
     WHERE k."hashedKey" = p_hash AND k."revokedAt" IS NULL;
  PERFORM set_config('app.scope', caller_scope, true);
END $$;
