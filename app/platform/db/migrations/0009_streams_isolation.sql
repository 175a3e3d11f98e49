-- Stream definitions, runs, artifacts, lineage, triggers and exceptions are tenant data.
SELECT app_enable_tenant_isolation('reconciliation_streams');
--> statement-breakpoint
SELECT app_enable_tenant_isolation('reconciliation_stream_versions');
--> statement-breakpoint
SELECT app_enable_tenant_isolation('reconciliation_steps');
--> statement-breakpoint
SELECT app_enable_tenant_isolation('stream_triggers');
--> statement-breakpoint
SELECT app_enable_tenant_isolation('stream_trigger_firings');
--> statement-breakpoint
SELECT app_enable_tenant_isolation('reconciliation_runs');
--> statement-breakpoint
SELECT app_enable_tenant_isolation('reconciliation_step_runs');
--> statement-breakpoint
SELECT app_enable_tenant_isolation('reconciliation_artifacts');
--> statement-breakpoint
SELECT app_enable_tenant_isolation('reconciliation_lineage_events');
--> statement-breakpoint
SELECT app_enable_tenant_isolation('exceptions');
--> statement-breakpoint
-- A stream version and its steps are what a run points at to show which
-- pipeline produced it: the database refuses changes (app_reject_mutation is from 0001).
CREATE TRIGGER reconciliation_stream_versions_immutable BEFORE UPDATE OR DELETE ON reconciliation_stream_versions
  FOR EACH ROW EXECUTE FUNCTION app_reject_mutation();
--> statement-breakpoint
CREATE TRIGGER reconciliation_stream_versions_no_truncate BEFORE TRUNCATE ON reconciliation_stream_versions
  FOR EACH STATEMENT EXECUTE FUNCTION app_reject_mutation();
--> statement-breakpoint
CREATE TRIGGER reconciliation_steps_immutable BEFORE UPDATE OR DELETE ON reconciliation_steps
  FOR EACH ROW EXECUTE FUNCTION app_reject_mutation();
--> statement-breakpoint
CREATE TRIGGER reconciliation_steps_no_truncate BEFORE TRUNCATE ON reconciliation_steps
  FOR EACH STATEMENT EXECUTE FUNCTION app_reject_mutation();
--> statement-breakpoint
-- Lineage is the auditor's trail from a final artifact back to the input
-- files: append-only, enforced by the database, never by convention.
CREATE TRIGGER reconciliation_lineage_events_append_only BEFORE UPDATE OR DELETE ON reconciliation_lineage_events
  FOR EACH ROW EXECUTE FUNCTION app_reject_mutation();
--> statement-breakpoint
CREATE TRIGGER reconciliation_lineage_events_no_truncate BEFORE TRUNCATE ON reconciliation_lineage_events
  FOR EACH STATEMENT EXECUTE FUNCTION app_reject_mutation();
--> statement-breakpoint
REVOKE UPDATE, DELETE, TRUNCATE ON reconciliation_stream_versions, reconciliation_steps, reconciliation_lineage_events FROM reconstream_app;
--> statement-breakpoint
-- Runs, step runs, artifacts and exceptions are records: the tenant role
-- changes their state but never removes them.
REVOKE DELETE, TRUNCATE ON reconciliation_runs, reconciliation_step_runs, reconciliation_artifacts, exceptions, stream_trigger_firings FROM reconstream_app;
--> statement-breakpoint
-- Queues one of the stream runtime's jobs for the current org, in the
-- caller's transaction (a state change and the job that acts on it commit
-- together). SECURITY DEFINER for the same reason as app_enqueue_file_profiling:
-- the tenant role has no rights on graphile_worker's tables. The gate: only
-- these tasks, and the payload's orgId is always app.org_id, so a tenant can
-- only ever queue work on its own org.
CREATE OR REPLACE FUNCTION app_enqueue_org_job(task text, payload jsonb, key text, run_at timestamptz) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
  current_org text := public.app_current_org_id();
BEGIN
  IF current_org IS NULL THEN
    RAISE EXCEPTION 'app_enqueue_org_job needs app.org_id to be set' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF task NOT IN ('run_step', 'fire_trigger', 'start_triggered_run') THEN
    RAISE EXCEPTION 'task % cannot be queued by a tenant', task USING ERRCODE = 'insufficient_privilege';
  END IF;
  PERFORM graphile_worker.add_job(
    task,
    (coalesce(payload, '{}'::jsonb) || jsonb_build_object('orgId', current_org))::json,
    job_key => key,
    run_at => coalesce(run_at, now()),
    max_attempts => 25
  );
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION app_enqueue_org_job(text, jsonb, text, timestamptz) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app_enqueue_org_job(text, jsonb, text, timestamptz) TO reconstream_app;
