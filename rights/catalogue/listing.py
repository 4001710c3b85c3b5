"""The whole catalogue: every right of the topic modules, in the order of their `order` (the
first ten rights have 10 to 100, those added after them 110 and on)."""

from rights.catalogue import (
    care,
    children,
    education,
    health,
    housing,
    income,
    integration,
    utilities,
)
from rights.catalogue.entry import CatalogueEntry

CATALOGUE: tuple[CatalogueEntry, ...] = tuple(
    sorted(
        (
            *care.ENTRIES,
            *children.ENTRIES,
            *education.ENTRIES,
            *health.ENTRIES,
            *housing.ENTRIES,
            *income.ENTRIES,
            *integration.ENTRIES,
            *utilities.ENTRIES,
        ),
        key=lambda entry: entry.order,
    )
)
