"""Migration operations the project's migrations share."""

from typing import Any

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import ProjectState


class DropFieldIndex(migrations.AlterField):
    """A field's `db_index` turned off: only its own index is dropped (and made again when the
    migration is reversed). Django's AlterField also drops and adds back a foreign key's
    constraint, and adding it checks every row of the table again under a lock that stops
    writes: minutes for an access log of tens of millions of rows. The field given must be the
    old one with `db_index=False`, as makemigrations writes it."""

    def database_forwards(
        self,
        app_label: str,
        schema_editor: BaseDatabaseSchemaEditor,
        from_state: ProjectState,
        to_state: ProjectState,
    ) -> None:
        model: Any = from_state.apps.get_model(app_label, self.model_name)
        if not self.allow_migrate_model(schema_editor.connection.alias, model):
            return
        column = model._meta.get_field(self.name).column
        # The name Django gave the field's index when it made it (private to Django's schema
        # editors, hence Any: tests/test_migration_ops.py checks it on both databases).
        editor: Any = schema_editor
        name = editor._create_index_name(model._meta.db_table, [column])
        schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(name)}")

    def database_backwards(
        self,
        app_label: str,
        schema_editor: BaseDatabaseSchemaEditor,
        from_state: ProjectState,
        to_state: ProjectState,
    ) -> None:
        model: Any = to_state.apps.get_model(app_label, self.model_name)
        if not self.allow_migrate_model(schema_editor.connection.alias, model):
            return
        field = model._meta.get_field(self.name)
        editor: Any = schema_editor
        schema_editor.execute(editor._create_index_sql(model, fields=[field]))

    def describe(self) -> str:
        return f"Drop the own index of {self.model_name}.{self.name}"
