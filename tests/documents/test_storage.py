"""The documents' files at rest: encrypted, under random names, readable only with the key."""

import pytest
from django.core.files.base import ContentFile
from django.test import override_settings

from documents import storage
from tests.factories import TINY_PDF


def test_the_bytes_on_disk_are_not_the_file_and_decrypt_back() -> None:
    name = storage.file_store(TINY_PDF)

    with storage.documents_storage().open(name, "rb") as handle:
        on_disk = handle.read()
    assert on_disk != TINY_PDF
    assert b"%PDF" not in on_disk
    assert storage.file_read(name) == TINY_PDF


def test_each_file_gets_a_new_random_name_that_says_nothing() -> None:
    first, second = storage.file_store(TINY_PDF), storage.file_store(TINY_PDF)
    assert first != second
    assert "pdf" not in first.lower()


def test_a_file_does_not_decrypt_with_another_key() -> None:
    name = storage.file_store(TINY_PDF)
    other = "b3RoZXItb2Ntdy1kb2N1bWVudHMta2V5LTMyLWJ5dGU="
    with override_settings(DOCUMENTS_KEY=other), pytest.raises(storage.DocumentUnreadableError):
        storage.file_read(name)


def test_a_file_copied_over_another_name_does_not_decrypt() -> None:
    first, second = storage.file_store(TINY_PDF), storage.file_store(b"%PDF-other")
    files = storage.documents_storage()
    with files.open(first, "rb") as handle:
        stolen = handle.read()
    files.delete(second)
    files.save(second, ContentFile(stolen))
    with pytest.raises(storage.DocumentUnreadableError):
        storage.file_read(second)
