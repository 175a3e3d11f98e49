-- Files are tenant data: the same RLS policy as every other org table.
SELECT app_enable_tenant_isolation('uploaded_files');
--> statement-breakpoint
-- Queues profiling of one of the current org's files, in the caller's
-- transaction: the row and its job commit or roll back together, so no file
-- can be left 'processing' with no job coming.
--
-- SECURITY DEFINER because the tenant role has no rights on graphile_worker's
-- tables (their rows are not org-scoped and must stay invisible to it). The
-- function is the narrow gate: the payload's org is app.org_id, never an
-- argument, and the file must be that org's, so a tenant can only ever
-- queue work on its own files.
--
-- plpgsql, not sql: its body is resolved when called, and graphile_worker's
-- schema is created after our migrations (app/platform/db/migrate.ts).
CREATE OR REPLACE FUNCTION app_enqueue_file_profiling(target_file_id text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
  current_org text := public.app_current_org_id();
BEGIN
  IF current_org IS NULL THEN
    RAISE EXCEPTION 'app_enqueue_file_profiling needs app.org_id to be set' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM public.uploaded_files WHERE id = target_file_id AND org_id = current_org) THEN
    RAISE EXCEPTION 'no file % in the current org', target_file_id USING ERRCODE = 'no_data_found';
  END IF;
  -- One pending job per file: the job key replaces a queued one (a PATCH
  -- while the first profiling still waits queues it once, not twice).
  PERFORM graphile_worker.add_job(
    'profile_file',
    json_build_object('orgId', current_org, 'fileId', target_file_id),
    job_key => 'profile_file:' || target_file_id,
    max_attempts => 5
  );
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION app_enqueue_file_profiling(text) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app_enqueue_file_profiling(text) TO reconstream_app;
