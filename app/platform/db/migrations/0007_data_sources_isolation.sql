-- Data sources and their snapshots are tenant data: the same RLS policy as every other org table.
SELECT app_enable_tenant_isolation('data_sources');
--> statement-breakpoint
SELECT app_enable_tenant_isolation('data_source_snapshots');
--> statement-breakpoint
-- A data source is deleted by erasing its credentials and setting deleted_at,
-- never by removing the row: its snapshots must keep saying where their bytes
-- came from. The tenant role cannot remove one even by mistake.
REVOKE DELETE, TRUNCATE ON data_sources FROM reconstream_app;
--> statement-breakpoint
-- A snapshot records what was run and what it produced; that never changes.
-- (It goes away with its file: the foreign key's cascade runs as the table owner.)
REVOKE UPDATE, TRUNCATE ON data_source_snapshots FROM reconstream_app;
