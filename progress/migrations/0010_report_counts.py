"""The kept counts of reports (progress.models.counts): the table, the triggers that keep it
on PostgreSQL and on SQLite, and the counts of the reports there are already."""

import django.db.models.deletion
from django.db import migrations, models

_TABLE, _COUNTS = "progress_progressreport", "progress_reportcount"

# A statement's reports, grouped, added to (sign 1) or taken from (-1) the kept counts; in
# the order of the unique key, so that two statements never wait for each other's rows.
_PG_ADD = f"""
    INSERT INTO {_COUNTS} (period_id, unit_id, reports)
    SELECT period_id, unit_id, {{sign}} * count(*) FROM {{rows}} GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (period_id, unit_id)
    DO UPDATE SET reports = {_COUNTS}.reports + EXCLUDED.reports;"""

REPORT_COUNT_TRIGGERS = {
    "postgresql": [
        f"""CREATE FUNCTION progress_reports_added() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN {_PG_ADD.format(sign=1, rows="added")} RETURN NULL; END $$""",
        f"""CREATE FUNCTION progress_reports_removed() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN {_PG_ADD.format(sign=-1, rows="removed")} RETURN NULL; END $$""",
        f"""CREATE FUNCTION progress_report_moved() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          UPDATE {_COUNTS} SET reports = reports - 1
          WHERE period_id = OLD.period_id AND unit_id = OLD.unit_id;
          INSERT INTO {_COUNTS} (period_id, unit_id, reports)
          VALUES (NEW.period_id, NEW.unit_id, 1)
          ON CONFLICT (period_id, unit_id) DO UPDATE SET reports = {_COUNTS}.reports + 1;
          RETURN NULL;
        END $$""",
        f"""CREATE TRIGGER progress_reports_added AFTER INSERT ON {_TABLE}
        REFERENCING NEW TABLE AS added FOR EACH STATEMENT
        EXECUTE FUNCTION progress_reports_added()""",
        f"""CREATE TRIGGER progress_reports_removed AFTER DELETE ON {_TABLE}
        REFERENCING OLD TABLE AS removed FOR EACH STATEMENT
        EXECUTE FUNCTION progress_reports_removed()""",
        # Transition tables cannot go with a column list: a row trigger, whose WHEN leaves
        # out a save that writes the same period and unit (Model.save() writes every column).
        f"""CREATE TRIGGER progress_report_moved AFTER UPDATE OF period_id, unit_id ON {_TABLE}
        FOR EACH ROW WHEN (OLD.period_id <> NEW.period_id OR OLD.unit_id <> NEW.unit_id)
        EXECUTE FUNCTION progress_report_moved()""",
    ],
    "sqlite": [
        f"""CREATE TRIGGER progress_reports_added AFTER INSERT ON {_TABLE}
        BEGIN
          INSERT INTO {_COUNTS} (period_id, unit_id, reports)
          VALUES (NEW.period_id, NEW.unit_id, 1)
          ON CONFLICT (period_id, unit_id) DO UPDATE SET reports = reports + 1;
        END""",
        f"""CREATE TRIGGER progress_reports_removed AFTER DELETE ON {_TABLE}
        BEGIN
          UPDATE {_COUNTS} SET reports = reports - 1
          WHERE period_id = OLD.period_id AND unit_id = OLD.unit_id;
        END""",
        f"""CREATE TRIGGER progress_report_moved AFTER UPDATE OF period_id, unit_id ON {_TABLE}
        WHEN OLD.period_id <> NEW.period_id OR OLD.unit_id <> NEW.unit_id
        BEGIN
          UPDATE {_COUNTS} SET reports = reports - 1
          WHERE period_id = OLD.period_id AND unit_id = OLD.unit_id;
          INSERT INTO {_COUNTS} (period_id, unit_id, reports)
          VALUES (NEW.period_id, NEW.unit_id, 1)
          ON CONFLICT (period_id, unit_id) DO UPDATE SET reports = reports + 1;
        END""",
    ],
}

REPORT_COUNT_TRIGGERS_DROPPED = {
    "postgresql": [
        f"DROP TRIGGER IF EXISTS {name} ON {_TABLE}"
        for name in ("progress_reports_added", "progress_reports_removed", "progress_report_moved")
    ]
    + [
        "DROP FUNCTION IF EXISTS progress_reports_added()",
        "DROP FUNCTION IF EXISTS progress_reports_removed()",
        "DROP FUNCTION IF EXISTS progress_report_moved()",
    ],
    "sqlite": [
        f"DROP TRIGGER IF EXISTS {name}"
        for name in ("progress_reports_added", "progress_reports_removed", "progress_report_moved")
    ],
}

# The counts of the reports there are already (the migration, after the triggers exist).
REPORT_COUNTS_FILLED = f"""
    INSERT INTO {_COUNTS} (period_id, unit_id, reports)
    SELECT period_id, unit_id, count(*) FROM {_TABLE} GROUP BY period_id, unit_id"""


def triggers_created(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    with schema_editor.connection.cursor() as cursor:
        for statement in REPORT_COUNT_TRIGGERS[vendor]:
            cursor.execute(statement)
        if vendor == "postgresql":
            # Nobody adds a report between the count and the commit, uncounted (CREATE
            # TRIGGER has locked the table already; said here, not left to it).
            cursor.execute(f"LOCK TABLE {_TABLE} IN SHARE MODE")
        cursor.execute(REPORT_COUNTS_FILLED)


def triggers_dropped(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        for statement in REPORT_COUNT_TRIGGERS_DROPPED[schema_editor.connection.vendor]:
            cursor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0003_layout_labels"),
        ("progress", "0009_judged_period_index_covered"),
    ]

    operations = [
        migrations.CreateModel(
            name="ReportCount",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("reports", models.IntegerField(default=0)),
                (
                    "period",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="progress.period",
                    ),
                ),
                (
                    "unit",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="plans.unit",
                    ),
                ),
            ],
            options={
                "verbose_name": "报告数",
                "verbose_name_plural": "报告数",
                "constraints": [
                    models.UniqueConstraint(fields=("period", "unit"), name="report_count_per_unit")
                ],
            },
        ),
        migrations.RunPython(triggers_created, triggers_dropped),
    ]
