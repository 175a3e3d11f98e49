-- Org isolation, second line of defence: row-level security.
-- Tenant work runs inside a transaction that does
--   set_config('app.org_id', <org>, true) and SET LOCAL ROLE reconstream_app,
-- so even a query that forgets its org filter only sees the caller's org.
-- System lookups that must cross orgs (API key by hash, session by token)
-- run as the connecting role, which owns the tables and bypasses RLS.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'reconstream_app') THEN
    CREATE ROLE reconstream_app NOLOGIN;
  END IF;
END
$$;
--> statement-breakpoint
DO $$
BEGIN
  EXECUTE format('GRANT reconstream_app TO %I', current_user);
EXCEPTION WHEN others THEN
  -- Already a member (or a superuser that needs no grant).
  NULL;
END
$$;
--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO reconstream_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO reconstream_app;
--> statement-breakpoint
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO reconstream_app;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO reconstream_app;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO reconstream_app;
--> statement-breakpoint
-- Tables the tenant role has no business reading at all.
REVOKE ALL ON sessions, rate_limit_buckets, worker_heartbeats FROM reconstream_app;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION app_current_org_id() RETURNS text
LANGUAGE sql STABLE AS $$ SELECT nullif(current_setting('app.org_id', true), '') $$;
--> statement-breakpoint
-- Later migrations call this for every new tenant table.
CREATE OR REPLACE FUNCTION app_enable_tenant_isolation(target regclass) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', target);
  EXECUTE format('DROP POLICY IF EXISTS tenant_isolation ON %s', target);
  EXECUTE format(
    'CREATE POLICY tenant_isolation ON %s USING (org_id = app_current_org_id()) WITH CHECK (org_id = app_current_org_id())',
    target
  );
END
$$;
--> statement-breakpoint
SELECT app_enable_tenant_isolation('organizations');
--> statement-breakpoint
SELECT app_enable_tenant_isolation('memberships');
--> statement-breakpoint
SELECT app_enable_tenant_isolation('invitations');
--> statement-breakpoint
SELECT app_enable_tenant_isolation('api_keys');
--> statement-breakpoint
SELECT app_enable_tenant_isolation('org_feature_flags');
--> statement-breakpoint
SELECT app_enable_tenant_isolation('idempotency_keys');
--> statement-breakpoint
SELECT app_enable_tenant_isolation('audit_events');
--> statement-breakpoint
-- Users are not owned by one org; a tenant sees only its members.
ALTER TABLE users ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY users_visible_to_org ON users FOR SELECT
  USING (EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = users.id));
--> statement-breakpoint
-- Append-only tables: the database, not convention, refuses changes.
CREATE OR REPLACE FUNCTION app_reject_mutation() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege';
END
$$;
--> statement-breakpoint
CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION app_reject_mutation();
--> statement-breakpoint
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION app_reject_mutation();
--> statement-breakpoint
REVOKE UPDATE, DELETE, TRUNCATE ON audit_events FROM reconstream_app;
