"""Partial indexes on the page table's schedule columns.

Every search (``Visibility.search_q``) reads the live pages off schedule
(``go_live_at`` ahead or ``expire_at`` past): without an index that read
scans the whole page table. Few pages ever carry a schedule, so indexes of
only the rows that have one stay tiny. Created here with SQL that SQLite and
PostgreSQL share: Wagtail's page model is not ours to declare indexes on.
"""

from django.conf import settings
from django.db import migrations

import swapper

INDEXES = {
    "pressroom_page_go_live_idx": "go_live_at",
    "pressroom_page_expire_idx": "expire_at",
}


def page_table(apps):
    app_label, model_name = swapper.get_model_name("wagtailcore", "Page").split(".")
    return apps.get_model(app_label, model_name)._meta.db_table


def create(apps, schema_editor):
    table = schema_editor.quote_name(page_table(apps))
    for name, column in INDEXES.items():
        column = schema_editor.quote_name(column)
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {schema_editor.quote_name(name)} "
            f"ON {table} ({column}) WHERE {column} IS NOT NULL"
        )


def drop(apps, schema_editor):
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(name)}")


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0004_add_playable_version"),
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
    ]

    operations = [migrations.RunPython(create, drop)]
