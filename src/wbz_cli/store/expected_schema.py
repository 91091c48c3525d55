"""The triggers and views the whole migration list creates, as SQLite keeps them:
(type, name, table, SQL as written), for the migrations ``MIGRATIONS``.

Every opening of a file that records exactly ``MIGRATIONS`` (the usual case) compares its
triggers and views with ``CODE`` instead of running the migrations in memory
(``schema_check.written_code``). Generated from the migrations by ``make schema``
(``python -m wbz_cli.store.schema_writer``): do not edit by hand.
"""

# ruff: noqa: E501

MIGRATIONS: tuple[str, ...] = (
    "m0001_initial",
    "m0101_visits",
    "m0201_leads",
    "m0301_care_record",
    "m0401_report_indexes",
    "m0501_privacy",
    "m0601_child_merges",
    "m0701_report_snapshots",
    "m0702_dated_visit_policy",
    "m0703_report_parts",
    "m0801_check_lists",
    "m0802_application_id",
    "m0901_voids",
    "m0902_resource_voids",
    "m0903_agreement_voids",
    "m0904_plan_voids",
    "m0905_assessment_voids",
    "m0906_category_voids",
    "m0907_case_voids",
    "m0908_plan_review_voids",
    "m0910_lead_reversals",
    "m0911_merge_records",
    "m0930_attachments",
    "m0931_projects",
    "m0932_gifts",
)

CODE: tuple[tuple[str, str, str, str], ...] = (
    (
        "trigger",
        "report_track_case_periods_delete",
        "case_periods",
        "CREATE TRIGGER report_track_case_periods_delete AFTER DELETE ON case_periods BEGIN INSERT INTO report_changes (part, stamp) VALUES (coalesce((SELECT 'b' || (coalesce(c.household_id, c.id) / 4096) FROM children c WHERE c.id = OLD.child_id), CASE WHEN OLD.child_id IS NULL THEN 'nochild' ELSE '*' END), coalesce((SELECT stamp FROM data_stamp WHERE id = 1), 0)) ON CONFLICT (part) DO UPDATE SET stamp = excluded.stamp; END",
    ),
    (
        "trigger",
        "report_track_case_periods_insert",
        "case_periods",
        "CREATE TRIGGER report_track_case_periods_insert AFTER INSERT ON case_periods BEGIN INSERT INTO report_changes (part, stamp) VALUES (coalesce((SELECT 'b' || (coalesce(c.household_id, c.id) / 4096) FROM children c WHERE c.id = NEW.child_id), CASE WHEN NEW.child_id IS NULL THEN 'nochild' ELSE '*' END), coalesce((SELECT stamp FROM data_stamp WHERE id = 1), 0)) ON CONFLICT (part) DO UPDATE SET stamp = excluded.stamp; END",
    ),
    (
        "trigger",
        "report_track_case_periods_update",
        "case_periods",
        "CREATE TRIGGER report_track_case_periods_update AFTER UPDATE ON case_periods BEGIN INSERT INTO report_changes (part, stamp) VALUES (coalesce((SELECT 'b' || (coalesce(c.household_id, c.id) / 4096) FROM children c WHERE c.id = OLD.child_id), CASE WHEN OLD.child_id IS NULL THEN 'nochild' ELSE '*' END), coalesce((SELECT stamp FROM data_stamp WHERE id = 1), 0)), (coalesce((SELECT 'b' || (coalesce(c.household_id, c.id) / 4096) FROM children c WHERE c.id = NEW.child_id), CASE WHEN NEW.child_id IS NULL THEN 'nochild' ELSE '*' END), coalesce((SELECT stamp FROM data_stamp WHERE id = 1), 0)) ON CONFLICT (part) DO UPDATE SET stamp = excluded.stamp; END",
    ),
    (
        "trigger",
        "report_track_child_categories_delete",
        "child_categories",
        "CREATE TRIGGER report_track_child_categories_delete AFTER DELETE ON child_categories BEGIN INSERT INTO report_changes (part, stamp) VALUES (coalesce((SELECT 'b' || (coalesce(c.household_id, c.id) / 4096) FROM children c WHERE c.id = OLD.child_id), CASE WHEN OLD.child_id IS NULL THEN 'nochild' ELSE '*' END), coalesce((SELECT stamp FROM data_stamp WHERE id = 1), 0)) ON CONFLICT (part) DO UPDATE SET stamp = excluded.stamp; END",
    ),
    (
        "trigger",
        "report_track_child_categories_insert",
        "child_categories",
        "CREATE TRIGGER report_track_child_categories_insert AFTER INSERT ON child_categories BEGIN INSERT INTO report_changes (part, stamp) VALUES (coalesce((SELECT 'b' || (coalesce(c.household_id, c.id) / 4096) FROM children c WHERE c.id = NEW.child_id), CASE WHEN NEW.child_id IS NULL THEN 'nochild' ELSE '*' END), coalesce((SELECT stamp FROM data_stamp WHERE id = 1), 0)) ON CONFLICT (part) DO UPDATE SET stamp = excluded.stamp; END",
    ),
    (
        "trigger",
        "report_track_child_categories_update",
        "child_categories",
        "CREATE TRIGGER report_track_child_categories_update AFTER UPDATE ON child_categories BEGIN INSERT INTO report_changes (part, stamp) VALUES (coalesce((SELECT 'b' || (coalesce(c.household_id, c.id) / 4096) FROM children c WHERE c.id = OLD.child_id), CASE WHEN OLD.child_id IS NULL THEN 'nochild' ELSE '*' END), coalesce((SELECT stamp FROM data_stamp WHERE id = 1), 0)), (coalesce((SELECT 'b' || (coalesce(c.household_id, c.id) / 4096) FROM children c WHERE c.id = NEW.child_id), CASE WHEN NEW.child_id IS NULL THEN 'nochild' ELSE '*' END), coalesce((SELECT stamp FROM data_stamp WHERE id = 1), 0)) ON CONFLICT (part) DO UPDATE SET stamp = excluded.stamp; END",
    ),
    (
        "trigger",
        "report_track_children_delete",
        "children",
        "CREATE TRIGGER report_track_children_delete AFTER DELETE ON children BEGIN INSERT INTO report_changes (part, stamp) VALUES ('b' || (coalesce(OLD.household_id, OLD.id) / 4096), coalesce((SELECT stamp FROM data_stamp WHERE id = 1), 0)) ON CONFLICT (part) DO UPDATE SET stamp = excluded.stamp; END",
    ),
    (
        "trigger",
        "report_track_children_insert",
        "children",
        "CREATE TRIGGER report_track_children_insert AFTER INSERT ON children BEGIN INSERT INTO report_changes (part, stamp) VALUES ('b' || (coalesce(NEW.household_id, NEW.id) / 4096), coalesce((SELECT stamp FROM data_stamp WHERE id = 1), 0)) ON CONFLICT (part) DO UPDATE SET stamp = excluded.stamp; END",
    ),
    (
        "trigger",
        "report_track_children_update",
        "children",
        "CREATE TRIGGER report_track_children_update AFTER UPDATE ON children BEGIN INSERT INTO report_changes (part, stamp) VALUES ('b' || (coalesce(OLD.household_id, OLD.id) / 4096), coalesce((SELECT stamp FROM data_stamp WHERE id = 1), 0)), ('b' || (coalesce(NEW.household_id, NEW.id) / 4096), coalesce((SELECT stamp FROM data_stamp WHERE id = 1), 0)) ON CONFLICT (part) DO UPDATE SET stamp = excluded.stamp; END",
    ),
    (
        "trigger",
        "report_track_lead_events_delete",
        "lead_events",
        "CREATE TRIGGER report_track_lead_events_delete AFTER DELETE ON lead_events BEGIN INSERT INTO report_changes (part, stamp) VALUES (CASE WHEN EXISTS (SELECT 1 FROM leads l WHERE l.id = OLD.lead_id) THEN coalesce((SELECT 'b' || (coalesce(c.household_id, c.id) / 4096) FROM children c WHERE c.id = (SELECT l.child_id FROM leads l WHERE l.id = OLD.lead_id)), CASE WHEN (SELECT l.child_id FROM leads l WHERE l.id = OLD.lead_id) IS NULL THEN 'nochild' ELSE '*' END) ELSE '*' END, coalesce((SELECT stamp FROM data_stamp WHERE id = 1), 0)) ON CONFLICT (part) DO UPDATE SET stamp = excluded.stamp; END",
    ),
    (
        "trigger",
        "report_track_lead_events_insert",
        "lead_events",
        "CREATE TRIGGER report_track_lead_events_insert AFTER INSERT ON lead_events BEGIN INSERT INTO report_changes (part, stamp) VALUES (CASE WHEN EXISTS (SELECT 1 FROM leads l WHERE l.id = NEW.lead_id) THEN coalesce((SELECT 'b' || (coalesce(c.household_id, c.id) / 4096) FROM children c WHERE c.id = (SELECT l.child_id FROM leads l WHERE l.id = NEW.lead_id)), CASE WHEN (SELECT l.child_id FROM leads l WHERE l.id = NEW.lead_id) IS NULL THEN 'nochild' ELSE '*' END) ELSE '*' END, coalesce((SELECT stamp FROM data_stamp WHERE id = 1), 0)) ON CONFLICT (part) DO UPDATE SET stamp = excluded.stamp; END",
    ),
    (
        "trigger",
        "report_track_lead_events_update",
        "lead_events",
        "CREATE TRIGGER report_track_lead_events_update AFTER UPDATE ON lead_events BEGIN INSERT INTO report_changes (part, stamp) VALUES (CASE WHEN EXISTS (SELECT 1 FROM leads l WHERE l.id = OLD.lead_id) THEN coalesce((SELECT 'b' || (coalesce(c.household_id, c.id) / 4096) FROM children c WHERE c.id = (SELECT l.child_id FROM leads l WHERE l.id = OLD.lead_id)), CASE WHEN (SELECT l.child_id FROM leads l WHERE l.id = OLD.lead_id) IS NULL THEN 'nochild' ELSE '*' END) ELSE '*' END, coalesce((SELECT stamp FROM data_stamp WHERE id = 1), 0)), (CASE WHEN EXISTS (SELECT 1 FROM leads l WHERE l.id = NEW.lead_id) THEN coalesce((SELECT 'b' || (coalesce(c.household_id, c.id) / 4096) FROM children c WHERE c.id = (SELECT l.child_id FROM leads l WHERE l.id = NEW.lead_id)), CASE WHEN (SELECT l.child_id FROM leads l WHERE l.id = NEW.lead_id) IS NULL THEN 'nochild' ELSE '*' END) ELSE '*' END, coalesce((SELECT stamp FROM data_stamp WHERE id = 1), 0)) ON CONFLICT (part) DO UPDATE SET stamp = excluded.stamp; END",
    ),
    (
        "trigger",
        "report_track_lead_policy_delete",
        "lead_policy",
        "CREATE TRIGGER report_track_lead_policy_delete AFTER DELETE ON lead_policy BEGIN INSERT INTO report_changes (part, stamp) VALUES ('*', coalesce((SELECT stamp FROM data_stamp WHERE id = 1), 0)) ON CONFLICT (part) DO UPDATE SET stamp = excluded.stamp; END",
    ),
    (
        "trigger",
        "report_track_lead_policy_insert",
        "lead_policy",
        "CREATE TRIGGER report_track_lead_policy_insert AFTER INSERT ON lead_policy BEGIN INSERT INTO report_changes (part, stamp) VALUES ('*', coalesce((SELECT stamp FROM data_stamp WHERE id = 1), 0)) ON CONFLICT (part) DO UPDATE SET stamp = excluded.stamp; END",
    ),
    (
        "trigger",
        "report_track_lead_policy_update",
        "lead_policy",
        "CREATE TRIGGER report_track_lead_policy_update AFTER UPDATE ON lead_policy BEGIN INSERT INTO report_changes (part, stamp) VALUES ('*', coalesce((SELECT stamp FROM data_stamp WHERE id = 1), 0)), ('*', coalesce((SELECT stamp FROM data_stamp WHERE id = 1), 0)) ON CONFLICT (part) DO UPDATE SET stamp = excluded.stamp; END",
    ),
    (
        "trigger",
        "report_track_leads_delete",
        "leads",
        "CREATE TRIGGER report_track_leads_delete AFTER DELETE ON leads BEGIN INSERT INTO report_changes (part, stamp) VALUES (coalesce((SELECT 'b' || (coalesce(c.household_id, c.id) / 4096) FROM children c WHERE c.id = OLD.child_id), CASE WHEN OLD.child_id IS NULL THEN 'nochild' ELSE '*' END), coalesce((SELECT stamp FROM data_stamp WHERE id = 1), 0)), ('m' || substr(OLD.found_on, 1, 7), coalesce((SELECT stamp FROM data_stamp WHERE id = 1), 0)) ON CONFLICT (part) DO UPDATE SET stamp = excluded.stamp; END",
    ),
    (
        "trigger",
        "report_track_leads_insert",
        "leads",
        "CREATE TRIGGER report_track_leads_insert AFTER INSERT ON leads BEGIN INSERT INTO report_changes (part, stamp) VALUES (coalesce((SELECT 'b' || (coalesce(c.household_id, c.id) / 4096) FROM children c WHERE c.id = NEW.child_id), CASE WHEN NEW.child_id IS NULL THEN 'nochild' ELSE '*' END), coalesce((SELECT stamp FROM data_stamp WHERE id = 1), 0)), ('m' || substr(NEW.found_on, 1, 7), coalesce((SELECT stamp FROM data_stamp WHERE id = 1), 0)) ON CONFLICT (part) DO UPDATE SET stamp = excluded.stamp; END",
    ),
    (
        "trigger",
        "report_track_leads_update",
        "leads",
        "CREATE TRIGGER report_track_leads_update AFTER UPDATE ON leads BEGIN INSERT INTO report_changes (part, stamp) VALUES (coalesce((SELECT 'b' || (coalesce(c.household_id, c.id) / 4096) FROM children c WHERE c.id = OLD.child_id), CASE WHEN OLD.child_id IS NULL THEN 'nochild' ELSE '*' END), coalesce((SELECT stamp FROM data_stamp WHERE id = 1), 0)), ('m' || substr(OLD.found_on, 1, 7), coalesce((SELECT stamp FROM data_stamp WHERE id = 1), 0)), (coalesce((SELECT 'b' || (coalesce(c.household_id, c.id) / 4096) FROM children c WHERE c.id = NEW.child_id), CASE WHEN NEW.child_id IS NULL THEN 'nochild' ELSE '*' END), coalesce((SELECT stamp FROM data_stamp WHERE id = 1), 0)), ('m' || substr(NEW.found_on, 1, 7), coalesce((SELECT stamp FROM data_stamp WHERE id = 1), 0)) ON CONFLICT (part) DO UPDATE SET stamp = excluded.stamp; END",
    ),
    (
        "trigger",
        "report_track_risk_history_delete",
        "risk_history",
        "CREATE TRIGGER report_track_risk_history_delete AFTER DELETE ON risk_history BEGIN INSERT INTO report_changes (part, stamp) VALUES (coalesce((SELECT 'b' || (coalesce(c.household_id, c.id) / 4096) FROM children c WHERE c.id = OLD.child_id), CASE WHEN OLD.child_id IS NULL THEN 'nochild' ELSE '*' END), coalesce((SELECT stamp FROM data_stamp WHERE id = 1), 0)) ON CONFLICT (part) DO UPDATE SET stamp = excluded.stamp; END",
    ),
    (
        "trigger",
        "report_track_risk_history_insert",
        "risk_history",
        "CREATE TRIGGER report_track_risk_history_insert AFTER INSERT ON risk_history BEGIN INSERT INTO report_changes (part, stamp) VALUES (coalesce((SELECT 'b' || (coalesce(c.household_id, c.id) / 4096) FROM children c WHERE c.id = NEW.child_id), CASE WHEN NEW.child_id IS NULL THEN 'nochild' ELSE '*' END), coalesce((SELECT stamp FROM data_stamp WHERE id = 1), 0)) ON CONFLICT (part) DO UPDATE SET stamp = excluded.stamp; END",
    ),
    (
        "trigger",
        "report_track_risk_history_update",
        "risk_history",
        "CREATE TRIGGER report_track_risk_history_update AFTER UPDATE ON risk_history BEGIN INSERT INTO report_changes (part, stamp) VALUES (coalesce((SELECT 'b' || (coalesce(c.household_id, c.id) / 4096) FROM children c WHERE c.id = OLD.child_id), CASE WHEN OLD.child_id IS NULL THEN 'nochild' ELSE '*' END), coalesce((SELECT stamp FROM data_stamp WHERE id = 1), 0)), (coalesce((SELECT 'b' || (coalesce(c.household_id, c.id) / 4096) FROM children c WHERE c.id = NEW.child_id), CASE WHEN NEW.child_id IS NULL THEN 'nochild' ELSE '*' END), coalesce((SELECT stamp FROM data_stamp WHERE id = 1), 0)) ON CONFLICT (part) DO UPDATE SET stamp = excluded.stamp; END",
    ),
    (
        "trigger",
        "report_track_services_delete",
        "services",
        "CREATE TRIGGER report_track_services_delete AFTER DELETE ON services BEGIN INSERT INTO report_changes (part, stamp) VALUES (coalesce((SELECT 'b' || (coalesce(c.household_id, c.id) / 4096) FROM children c WHERE c.id = OLD.child_id), CASE WHEN OLD.child_id IS NULL THEN 'nochild' ELSE '*' END), coalesce((SELECT stamp FROM data_stamp WHERE id = 1), 0)) ON CONFLICT (part) DO UPDATE SET stamp = excluded.stamp; END",
    ),
    (
        "trigger",
        "report_track_services_insert",
        "services",
        "CREATE TRIGGER report_track_services_insert AFTER INSERT ON services BEGIN INSERT INTO report_changes (part, stamp) VALUES (coalesce((SELECT 'b' || (coalesce(c.household_id, c.id) / 4096) FROM children c WHERE c.id = NEW.child_id), CASE WHEN NEW.child_id IS NULL THEN 'nochild' ELSE '*' END), coalesce((SELECT stamp FROM data_stamp WHERE id = 1), 0)) ON CONFLICT (part) DO UPDATE SET stamp = excluded.stamp; END",
    ),
    (
        "trigger",
        "report_track_services_update",
        "services",
        "CREATE TRIGGER report_track_services_update AFTER UPDATE ON services BEGIN INSERT INTO report_changes (part, stamp) VALUES (coalesce((SELECT 'b' || (coalesce(c.household_id, c.id) / 4096) FROM children c WHERE c.id = OLD.child_id), CASE WHEN OLD.child_id IS NULL THEN 'nochild' ELSE '*' END), coalesce((SELECT stamp FROM data_stamp WHERE id = 1), 0)), (coalesce((SELECT 'b' || (coalesce(c.household_id, c.id) / 4096) FROM children c WHERE c.id = NEW.child_id), CASE WHEN NEW.child_id IS NULL THEN 'nochild' ELSE '*' END), coalesce((SELECT stamp FROM data_stamp WHERE id = 1), 0)) ON CONFLICT (part) DO UPDATE SET stamp = excluded.stamp; END",
    ),
    (
        "trigger",
        "report_track_subsidies_delete",
        "subsidies",
        "CREATE TRIGGER report_track_subsidies_delete AFTER DELETE ON subsidies BEGIN INSERT INTO report_changes (part, stamp) VALUES (coalesce((SELECT 'b' || (coalesce(c.household_id, c.id) / 4096) FROM children c WHERE c.id = OLD.child_id), CASE WHEN OLD.child_id IS NULL THEN 'nochild' ELSE '*' END), coalesce((SELECT stamp FROM data_stamp WHERE id = 1), 0)) ON CONFLICT (part) DO UPDATE SET stamp = excluded.stamp; END",
    ),
    (
        "trigger",
        "report_track_subsidies_insert",
        "subsidies",
        "CREATE TRIGGER report_track_subsidies_insert AFTER INSERT ON subsidies BEGIN INSERT INTO report_changes (part, stamp) VALUES (coalesce((SELECT 'b' || (coalesce(c.household_id, c.id) / 4096) FROM children c WHERE c.id = NEW.child_id), CASE WHEN NEW.child_id IS NULL THEN 'nochild' ELSE '*' END), coalesce((SELECT stamp FROM data_stamp WHERE id = 1), 0)) ON CONFLICT (part) DO UPDATE SET stamp = excluded.stamp; END",
    ),
    (
        "trigger",
        "report_track_subsidies_update",
        "subsidies",
        "CREATE TRIGGER report_track_subsidies_update AFTER UPDATE ON subsidies BEGIN INSERT INTO report_changes (part, stamp) VALUES (coalesce((SELECT 'b' || (coalesce(c.household_id, c.id) / 4096) FROM children c WHERE c.id = OLD.child_id), CASE WHEN OLD.child_id IS NULL THEN 'nochild' ELSE '*' END), coalesce((SELECT stamp FROM data_stamp WHERE id = 1), 0)), (coalesce((SELECT 'b' || (coalesce(c.household_id, c.id) / 4096) FROM children c WHERE c.id = NEW.child_id), CASE WHEN NEW.child_id IS NULL THEN 'nochild' ELSE '*' END), coalesce((SELECT stamp FROM data_stamp WHERE id = 1), 0)) ON CONFLICT (part) DO UPDATE SET stamp = excluded.stamp; END",
    ),
    (
        "trigger",
        "report_track_visit_policy_delete",
        "visit_policy",
        "CREATE TRIGGER report_track_visit_policy_delete AFTER DELETE ON visit_policy BEGIN INSERT INTO report_changes (part, stamp) VALUES ('*', coalesce((SELECT stamp FROM data_stamp WHERE id = 1), 0)) ON CONFLICT (part) DO UPDATE SET stamp = excluded.stamp; END",
    ),
    (
        "trigger",
        "report_track_visit_policy_insert",
        "visit_policy",
        "CREATE TRIGGER report_track_visit_policy_insert AFTER INSERT ON visit_policy BEGIN INSERT INTO report_changes (part, stamp) VALUES ('*', coalesce((SELECT stamp FROM data_stamp WHERE id = 1), 0)) ON CONFLICT (part) DO UPDATE SET stamp = excluded.stamp; END",
    ),
    (
        "trigger",
        "report_track_visit_policy_update",
        "visit_policy",
        "CREATE TRIGGER report_track_visit_policy_update AFTER UPDATE ON visit_policy BEGIN INSERT INTO report_changes (part, stamp) VALUES ('*', coalesce((SELECT stamp FROM data_stamp WHERE id = 1), 0)), ('*', coalesce((SELECT stamp FROM data_stamp WHERE id = 1), 0)) ON CONFLICT (part) DO UPDATE SET stamp = excluded.stamp; END",
    ),
    (
        "trigger",
        "report_track_visits_delete",
        "visits",
        "CREATE TRIGGER report_track_visits_delete AFTER DELETE ON visits BEGIN INSERT INTO report_changes (part, stamp) VALUES (coalesce((SELECT 'b' || (coalesce(c.household_id, c.id) / 4096) FROM children c WHERE c.id = OLD.child_id), CASE WHEN OLD.child_id IS NULL THEN 'nochild' ELSE '*' END), coalesce((SELECT stamp FROM data_stamp WHERE id = 1), 0)), ('m' || substr(OLD.visited_on, 1, 7), coalesce((SELECT stamp FROM data_stamp WHERE id = 1), 0)) ON CONFLICT (part) DO UPDATE SET stamp = excluded.stamp; END",
    ),
    (
        "trigger",
        "report_track_visits_insert",
        "visits",
        "CREATE TRIGGER report_track_visits_insert AFTER INSERT ON visits BEGIN INSERT INTO report_changes (part, stamp) VALUES (coalesce((SELECT 'b' || (coalesce(c.household_id, c.id) / 4096) FROM children c WHERE c.id = NEW.child_id), CASE WHEN NEW.child_id IS NULL THEN 'nochild' ELSE '*' END), coalesce((SELECT stamp FROM data_stamp WHERE id = 1), 0)), ('m' || substr(NEW.visited_on, 1, 7), coalesce((SELECT stamp FROM data_stamp WHERE id = 1), 0)) ON CONFLICT (part) DO UPDATE SET stamp = excluded.stamp; END",
    ),
    (
        "trigger",
        "report_track_visits_update",
        "visits",
        "CREATE TRIGGER report_track_visits_update AFTER UPDATE ON visits BEGIN INSERT INTO report_changes (part, stamp) VALUES (coalesce((SELECT 'b' || (coalesce(c.household_id, c.id) / 4096) FROM children c WHERE c.id = OLD.child_id), CASE WHEN OLD.child_id IS NULL THEN 'nochild' ELSE '*' END), coalesce((SELECT stamp FROM data_stamp WHERE id = 1), 0)), ('m' || substr(OLD.visited_on, 1, 7), coalesce((SELECT stamp FROM data_stamp WHERE id = 1), 0)), (coalesce((SELECT 'b' || (coalesce(c.household_id, c.id) / 4096) FROM children c WHERE c.id = NEW.child_id), CASE WHEN NEW.child_id IS NULL THEN 'nochild' ELSE '*' END), coalesce((SELECT stamp FROM data_stamp WHERE id = 1), 0)), ('m' || substr(NEW.visited_on, 1, 7), coalesce((SELECT stamp FROM data_stamp WHERE id = 1), 0)) ON CONFLICT (part) DO UPDATE SET stamp = excluded.stamp; END",
    ),
)
