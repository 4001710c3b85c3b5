"""The rights catalogue as data: for each right with a rule, its names, what it gives, where and
how to apply and the documents needed, in Dutch and English (clients and partners read them).

`catalogue_sync()` puts it in the database after every `migrate` (see rights.apps): it creates
the rights that are missing, and adds the parameter versions shipped in rules.DEFAULTS that are
newer than every version a right has (so a release brings the newly indexed figures, and no
version is ever slipped under one that exists). It never changes what is there: texts and
thresholds belong to the administrators once the rows exist.

One module per topic, as rights.rules (care, children, education, health, housing, income,
integration, utilities), each with the ENTRIES of its rights; entry (CatalogueEntry), listing
(CATALOGUE, all of them in order) and sync (catalogue_sync). Callers import from here.
"""

from rights.catalogue.entry import CatalogueEntry
from rights.catalogue.listing import CATALOGUE
from rights.catalogue.sync import TEXT_FIELDS, catalogue_sync

__all__ = ["CATALOGUE", "TEXT_FIELDS", "CatalogueEntry", "catalogue_sync"]
