"""Putting the catalogue in the database after every `migrate` (see rights.apps): the missing
rights, and the shipped parameter versions newer than every version a right has; what exists
is never changed."""

import datetime as dt

from django.apps import apps as global_apps
from django.apps.registry import Apps
from django.db import DEFAULT_DB_ALIAS

from rights.catalogue.listing import CATALOGUE
from rights.rules import DEFAULTS

TEXT_FIELDS = (
    "name_nl",
    "name_en",
    "gives_nl",
    "gives_en",
    "how_to_apply_nl",
    "how_to_apply_en",
    "documents_nl",
    "documents_en",
    "automatic",
    "order",
)


def catalogue_sync(*, using: str = DEFAULT_DB_ALIAS, apps: Apps = global_apps) -> tuple[int, int]:
    """Create the missing rights, and the shipped parameter versions newer than a right's newest.

    Idempotent and additive: an existing right keeps its texts, and every existing parameter
    version stays as it is. `apps` is the registry of the migration state when called after
    `migrate` (rights.apps); without the rights tables in it, nothing happens. Returns the
    number of rights and of parameter versions created.
    """
    try:
        right_model = apps.get_model("rights", "Right")
        parameters_model = apps.get_model("rights", "RightParameters")
    except LookupError:  # migrated back to before the rights tables
        return 0, 0
    existing = set(right_model._default_manager.using(using).values_list("code", flat=True))
    new_rights = [
        right_model(code=entry.code, **{name: getattr(entry, name) for name in TEXT_FIELDS})
        for entry in CATALOGUE
        if entry.code not in existing
    ]
    # ignore_conflicts: two processes migrating at once must not fail on the unique code.
    right_model._default_manager.using(using).bulk_create(new_rights, ignore_conflicts=True)

    # The newest version each right has; a shipped version is added only after it.
    newest: dict[int, dt.date] = {}
    for right_id, valid_from in parameters_model._default_manager.using(using).values_list(
        "right_id", "valid_from"
    ):
        newest[right_id] = max(valid_from, newest.get(right_id, valid_from))
    rights = right_model._default_manager.using(using).filter(code__in=DEFAULTS)
    new_parameters = [
        parameters_model(
            right_id=right.pk,
            valid_from=seed.valid_from,
            values=dict(seed.values),
            source=seed.source,
            created_by=None,
        )
        for right in rights
        for seed in DEFAULTS[right.code]
        if right.pk not in newest or seed.valid_from > newest[right.pk]
    ]
    parameters_model._default_manager.using(using).bulk_create(
        new_parameters, ignore_conflicts=True
    )
    return len(new_rights), len(new_parameters)
