"""The documents' files at rest: encrypted, under random names, readable only with the key."""

import secrets

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
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


def test_a_file_stored_whole_by_aesgcm_before_streaming_still_reads() -> None:
    """Files stored before encryption streamed (one AESGCM call) have the same format."""
    name = "aa/" + "a" * 32 + ".bin"
    nonce = secrets.token_bytes(storage.NONCE_BYTES)
    sealed = AESGCM(storage._key()).encrypt(nonce, TINY_PDF, name.encode())
    storage.documents_storage().save(name, ContentFile(storage.MAGIC + nonce + sealed))
    assert storage.file_read(name) == TINY_PDF


def test_a_large_file_is_streamed_into_the_format_aesgcm_reads() -> None:
    """Larger than what stays in memory on its way to the storage (a temporary file then)."""
    plain = secrets.token_bytes(3 * 1024 * 1024 + 5)
    name = storage.file_store(plain)
    with storage.documents_storage().open(name, "rb") as handle:
        stored = handle.read()
    assert len(stored) == len(storage.MAGIC) + storage.NONCE_BYTES + len(plain) + 16
    nonce = stored[len(storage.MAGIC) : len(storage.MAGIC) + storage.NONCE_BYTES]
    body = stored[len(storage.MAGIC) + storage.NONCE_BYTES :]
    assert AESGCM(storage._key()).decrypt(nonce, body, name.encode()) == plain
    assert storage.file_read(name) == plain
