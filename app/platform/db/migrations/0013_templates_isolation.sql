-- Template packs: public ones (org_id NULL, registered by the loader with the
-- owner connection) are visible to every org; an uploaded pack only to its
-- org. A tenant may add and remove its own packs, never touch a public one.
ALTER TABLE reconciliation_templates ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY templates_visible ON reconciliation_templates FOR SELECT
  USING (org_id IS NULL OR org_id = app_current_org_id());
--> statement-breakpoint
CREATE POLICY templates_insert_own ON reconciliation_templates FOR INSERT
  WITH CHECK (org_id = app_current_org_id());
--> statement-breakpoint
CREATE POLICY templates_delete_own ON reconciliation_templates FOR DELETE
  USING (org_id = app_current_org_id());
--> statement-breakpoint
-- A registered (id, version) never changes: a changed pack is a new version.
CREATE TRIGGER reconciliation_templates_immutable BEFORE UPDATE ON reconciliation_templates
  FOR EACH ROW EXECUTE FUNCTION app_reject_mutation();
--> statement-breakpoint
REVOKE UPDATE ON reconciliation_templates FROM reconstream_app;
