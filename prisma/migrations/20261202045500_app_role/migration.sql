-- Least privilege (issue 12). Migrations run as the role that owns the schema (the owner); the app
-- and the worker connect as `regulars_app` — or as a login role that is a member of it — which owns
-- nothing, is no superuser, has no BYPASSRLS and gets only the rights below. The name is fixed so
-- this file grants the same thing on every server; src/lib/db.ts refuses to run as anything more.

-- The role exists already where the operator created it with a password (docs/operations.md; the
-- embedded PostgreSQL does it in scripts/lib/postgres.ts). Otherwise an owner with CREATEROLE
-- creates it here without LOGIN, to be given a password or granted to the app's login role.
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'regulars_app') THEN
    CREATE ROLE regulars_app NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS;
  END IF;
EXCEPTION
  WHEN duplicate_object OR unique_violation THEN NULL; -- created meanwhile by a concurrent migration
  WHEN insufficient_privilege THEN
    RAISE EXCEPTION 'role "regulars_app" does not exist and % may not create it', current_user
      USING HINT = 'As a role with CREATEROLE: CREATE ROLE regulars_app LOGIN PASSWORD ''…''; then run db:migrate again (docs/operations.md).';
END $$;

-- Nobody but the owner creates objects in public (PostgreSQL before 15 let everyone).
DO $$
BEGIN
  IF EXISTS (SELECT FROM pg_namespace n, aclexplode(n.nspacl) a
              WHERE n.nspname = 'public' AND a.grantee = 0 AND a.privilege_type = 'CREATE') THEN
    REVOKE CREATE ON SCHEMA public FROM PUBLIC;
  END IF;
END $$;

-- Connect, and temporary tables (the RFM job's rfm_changed); PUBLIC has both by default, but a
-- server may have revoked them. Only the database's owner can grant: elsewhere this is a warning.
DO $$
BEGIN
  EXECUTE format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO regulars_app', current_database());
END $$;

-- Rows, not structure: the tables, sequences and functions of public, now and those later
-- migrations create (default privileges of the role running the migrations).
GRANT USAGE ON SCHEMA public TO regulars_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO regulars_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO regulars_app;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO regulars_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO regulars_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO regulars_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT EXECUTE ON FUNCTIONS TO regulars_app;

-- The migration history is the owner's alone.
DO $$
BEGIN
  IF to_regclass('public._prisma_migrations') IS NOT NULL THEN
    REVOKE ALL ON public._prisma_migrations FROM regulars_app;
  END IF;
END $$;

-- Customer import staging (features/imports/customer-import.ts): the app creates, fills and drops
-- its unlogged tables in this schema only, so it may create there and nowhere else.
GRANT USAGE, CREATE ON SCHEMA import_staging TO regulars_app;

-- After the first chunk of an import the planner needs fresh statistics of customers, and ANALYZE
-- needs the table's owner: this function runs it as the owner, for that one table only.
CREATE FUNCTION analyze_customers() RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  ANALYZE public.customers;
END $$;
REVOKE EXECUTE ON FUNCTION analyze_customers() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION analyze_customers() TO regulars_app;

-- The job queue (pg-boss, src/lib/queue.ts). db:migrate installs and upgrades its tables as the
-- owner right after the migrations (scripts/lib/schema-engine.ts); the app and the worker only
-- use them (pg-boss with migrate: false).
CREATE SCHEMA IF NOT EXISTS pgboss;
GRANT USAGE ON SCHEMA pgboss TO regulars_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA pgboss TO regulars_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA pgboss TO regulars_app;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA pgboss TO regulars_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA pgboss GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO regulars_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA pgboss GRANT USAGE, SELECT ON SEQUENCES TO regulars_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA pgboss GRANT EXECUTE ON FUNCTIONS TO regulars_app;
