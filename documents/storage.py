"""The documents' files: encrypted with AES-256-GCM before they reach the `documents` storage
(settings.STORAGES), under random names, and decrypted only by the views that checked scope.

A stored file is MAGIC + a 12-byte nonce + the ciphertext with its tag. The storage name is
the associated data, so a file copied over another one's name does not decrypt.
"""

import base64
import hashlib
import secrets

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, storages

MAGIC = b"OCMWDOC1"
NONCE_BYTES = 12


class DocumentUnreadableError(Exception):
    """The stored file is missing, or does not decrypt with the key (tampered, wrong key)."""


def _key() -> bytes:
    if settings.DOCUMENTS_KEY:
        return base64.urlsafe_b64decode(settings.DOCUMENTS_KEY.encode("ascii"))
    # Only with DEBUG on (the settings refuse to start otherwise): the demo's files are
    # readable with the demo's SECRET_KEY, and only with it.
    return hashlib.sha256(b"ocmw-documents:" + settings.SECRET_KEY.encode()).digest()


def documents_storage() -> Storage:
    return storages["documents"]


def encrypt(plain: bytes, *, name: str) -> bytes:
    nonce = secrets.token_bytes(NONCE_BYTES)
    return MAGIC + nonce + AESGCM(_key()).encrypt(nonce, plain, name.encode())


def decrypt(stored: bytes, *, name: str) -> bytes:
    if not stored.startswith(MAGIC):
        raise DocumentUnreadableError(name)
    nonce = stored[len(MAGIC) : len(MAGIC) + NONCE_BYTES]
    try:
        return AESGCM(_key()).decrypt(nonce, stored[len(MAGIC) + NONCE_BYTES :], name.encode())
    except InvalidTag:
        raise DocumentUnreadableError(name) from None


def file_store(plain: bytes) -> str:
    """Encrypt and store `plain` under a new random name; returns that name."""
    token = secrets.token_hex(16)
    name = f"{token[:2]}/{token}.bin"
    saved = documents_storage().save(name, ContentFile(encrypt(plain, name=name)))
    if saved != name:  # the storage renamed it (a clash): the name is part of the encryption
        documents_storage().delete(saved)
        raise DocumentUnreadableError(name)
    return name


def file_read(name: str) -> bytes:
    storage = documents_storage()
    try:
        with storage.open(name, "rb") as handle:
            stored = handle.read()
    except FileNotFoundError:
        raise DocumentUnreadableError(name) from None
    return decrypt(stored, name=name)


def file_delete(name: str) -> None:
    documents_storage().delete(name)
