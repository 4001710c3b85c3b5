"""One right of the catalogue: its names, what it gives, how to apply and the documents
needed, in Dutch and English."""

from dataclasses import dataclass


@dataclass(frozen=True)
class CatalogueEntry:
    code: str
    name_nl: str
    name_en: str
    gives_nl: str
    gives_en: str
    how_to_apply_nl: str
    how_to_apply_en: str
    documents_nl: str
    documents_en: str
    automatic: str  # Right.Automatic: "yes", "partly" or "no"
    order: int
