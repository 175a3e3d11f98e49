-- Exception events, manual matches, SLA policies and classic reconciliations are tenant data.
SELECT app_enable_tenant_isolation('exception_events');
--> statement-breakpoint
SELECT app_enable_tenant_isolation('manual_matches');
--> statement-breakpoint
SELECT app_enable_tenant_isolation('exception_sla_policies');
--> statement-breakpoint
SELECT app_enable_tenant_isolation('reconciliations');
--> statement-breakpoint
-- An exception's history is what an auditor reads to see who closed what and
-- why: append-only, enforced by the database (app_reject_mutation is from 0001).
CREATE TRIGGER exception_events_append_only BEFORE UPDATE OR DELETE ON exception_events
  FOR EACH ROW EXECUTE FUNCTION app_reject_mutation();
--> statement-breakpoint
CREATE TRIGGER exception_events_no_truncate BEFORE TRUNCATE ON exception_events
  FOR EACH STATEMENT EXECUTE FUNCTION app_reject_mutation();
--> statement-breakpoint
REVOKE UPDATE, DELETE, TRUNCATE ON exception_events FROM reconstream_app;
--> statement-breakpoint
-- A manual match is undone by marking it, never by removing it; a
-- reconciliation is a record like the run it points at.
REVOKE DELETE, TRUNCATE ON manual_matches, reconciliations FROM reconstream_app;
