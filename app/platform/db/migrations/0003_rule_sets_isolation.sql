-- Rule sets are tenant data: the same RLS policy as every other org table.
SELECT app_enable_tenant_isolation('rule_sets');
--> statement-breakpoint
SELECT app_enable_tenant_isolation('rule_set_versions');
--> statement-breakpoint
-- A version is what a run points at to prove which rules produced it, so it
-- must never change: new rules are a new version. The database refuses
-- changes, not just the service (app_reject_mutation is from 0001).
CREATE TRIGGER rule_set_versions_immutable BEFORE UPDATE OR DELETE ON rule_set_versions
  FOR EACH ROW EXECUTE FUNCTION app_reject_mutation();
--> statement-breakpoint
CREATE TRIGGER rule_set_versions_no_truncate BEFORE TRUNCATE ON rule_set_versions
  FOR EACH STATEMENT EXECUTE FUNCTION app_reject_mutation();
--> statement-breakpoint
REVOKE UPDATE, DELETE, TRUNCATE ON rule_set_versions FROM reconstream_app;
