"""Batched inserts for large demo data sets: moved to wijkteams.bulk (the scan uses them too)."""

from wijkteams.bulk import COPY_SAFE, chunked, insert_in_batches, insert_rows

__all__ = ["COPY_SAFE", "chunked", "insert_in_batches", "insert_rows"]
