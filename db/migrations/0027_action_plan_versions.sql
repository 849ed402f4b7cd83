-- The version of what an action plan's period report reads, so that the report page can keep a
-- built report while nothing it shows has changed (lib/action-plans/report.ts): the id of the
-- last transaction that wrote any of it. The triggers are deferred to commit, so the version
-- becomes visible together with the change, and a page that reads the version before the data
-- can only ever keep data newer than its version (never older). Each plan's row is written once
-- per transaction (a later row of the same transaction finds its own id there and writes
-- nothing), and only at commit, after the transaction's other locks: concurrent returns of one
-- plan wait for each other only for that last statement. Drafts are not in the report: a draft
-- save writes nothing here; its submission does. A transaction id can be handed out again after
-- a failover to a standby that had not received it, so each write also draws a random stamp: the
-- version a page compares is the two together. TRUNCATE fires no row trigger: it touches every
-- plan. (Writing with triggers disabled, or session_replication_role = replica, as a restore may,
-- bypasses all this: restart the app servers after such maintenance.)
CREATE TABLE "action_plan_versions" (
	"plan_id" uuid PRIMARY KEY NOT NULL,
	"version" bigint NOT NULL,
	"stamp" uuid DEFAULT gen_random_uuid() NOT NULL
);
--> statement-breakpoint
CREATE FUNCTION action_plan_touch(plan uuid) RETURNS void LANGUAGE sql AS $$
  INSERT INTO action_plan_versions AS v (plan_id, version) SELECT plan, txid_current() WHERE plan IS NOT NULL
  ON CONFLICT (plan_id) DO UPDATE SET version = excluded.version, stamp = gen_random_uuid() WHERE v.version <> excluded.version
$$;
--> statement-breakpoint
CREATE FUNCTION action_plan_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  r record;
  plan uuid;
BEGIN
  IF TG_OP = 'DELETE' THEN r := OLD; ELSE r := NEW; END IF;
  CASE TG_TABLE_NAME
    WHEN 'action_plans' THEN
      plan := r.id;
    WHEN 'plan_priorities', 'plan_indicators', 'plan_items', 'reporting_periods' THEN
      plan := r.plan_id;
      IF TG_OP = 'UPDATE' THEN
        IF OLD.plan_id IS DISTINCT FROM NEW.plan_id THEN PERFORM action_plan_touch(OLD.plan_id); END IF;
      END IF;
    WHEN 'plan_risks' THEN
      SELECT p.plan_id INTO plan FROM plan_priorities p WHERE p.id = r.priority_id;
      IF TG_OP = 'UPDATE' THEN
        IF OLD.priority_id IS DISTINCT FROM NEW.priority_id THEN
          PERFORM action_plan_touch((SELECT p.plan_id FROM plan_priorities p WHERE p.id = OLD.priority_id));
        END IF;
      END IF;
    WHEN 'plan_returns' THEN
      SELECT p.plan_id INTO plan FROM reporting_periods p WHERE p.id = r.period_id;
    WHEN 'return_items' THEN
      -- Only a submitted return's items are in the report (read at commit: a return submitted in
      -- this transaction is submitted here, and its own row's trigger touches the plan anyway).
      SELECT p.plan_id INTO plan FROM plan_returns x JOIN reporting_periods p ON p.id = x.period_id
        WHERE x.id = r.return_id AND x.status = 'submitted';
  END CASE;
  PERFORM action_plan_touch(plan);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION action_plans_all_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE action_plan_versions SET version = txid_current(), stamp = gen_random_uuid() WHERE version <> txid_current();
  RETURN NULL;
END $$;
--> statement-breakpoint
-- Every write to these tables; plan_returns below, whose updates count only when they change what the report shows.
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['action_plans', 'plan_priorities', 'plan_indicators', 'plan_items', 'plan_risks', 'reporting_periods', 'return_items'] LOOP
    EXECUTE format('CREATE CONSTRAINT TRIGGER %I AFTER INSERT OR UPDATE OR DELETE ON %I DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION action_plan_changed()', t || '_version', t);
  END LOOP;
END $$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER plan_returns_version AFTER INSERT OR DELETE ON plan_returns
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION action_plan_changed();
--> statement-breakpoint
-- A draft's save changes when it was last edited, which the report does not show.
CREATE CONSTRAINT TRIGGER plan_returns_version_update AFTER UPDATE ON plan_returns
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
  WHEN ((OLD.status, OLD.revision, OLD.reference, OLD.submitted_at, OLD.organisation_id, OLD.period_id)
    IS DISTINCT FROM (NEW.status, NEW.revision, NEW.reference, NEW.submitted_at, NEW.organisation_id, NEW.period_id))
  EXECUTE FUNCTION action_plan_changed();
--> statement-breakpoint
-- The report names the owners of what it lists; a rename is rare, and touches every plan.
CREATE CONSTRAINT TRIGGER organisations_action_plan_version AFTER UPDATE OF name ON organisations
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name)
  EXECUTE FUNCTION action_plans_all_changed();
--> statement-breakpoint
-- TRUNCATE fires no row trigger: it touches every plan.
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['action_plans', 'plan_priorities', 'plan_indicators', 'plan_items', 'plan_risks', 'reporting_periods', 'plan_returns', 'return_items'] LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION action_plans_all_changed()', t || '_version_truncate', t);
  END LOOP;
END $$;
--> statement-breakpoint
INSERT INTO action_plan_versions (plan_id, version) SELECT id, txid_current() FROM action_plans;
