"""The documents' files: encrypted with AES-256-GCM before they reach the `documents` storage
(settings.STORAGES), under random names, and decrypted only by the views that checked scope.

A stored file is MAGIC + a 12-byte nonce + the ciphertext with its 16-byte tag (what AESGCM's
`encrypt` returns). The storage name is the associated data, so a file copied over another one's
name does not decrypt. A file is encrypted a chunk at a time into a temporary file (in memory
while small), so storing it holds no second copy of it in memory.
"""

import base64
import hashlib
import secrets
import tempfile
from typing import IO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.files.base import File
from django.core.files.storage import Storage, storages

MAGIC = b"OCMWDOC1"
NONCE_BYTES = 12
_CHUNK = 64 * 1024
# An encrypted file up to this size stays in memory on its way to the storage; a larger one goes
# through a temporary file on disk (it is encrypted: no plain bytes reach the disk).
_SPOOL_BYTES = 1024 * 1024


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


def encrypt_into(plain: bytes, out: IO[bytes], *, name: str) -> None:
    """Write `plain` encrypted into `out`, a chunk at a time, in the format `decrypt` reads."""
    nonce = secrets.token_bytes(NONCE_BYTES)
    encryptor = Cipher(algorithms.AES(_key()), modes.GCM(nonce)).encryptor()
    encryptor.authenticate_additional_data(name.encode())
    out.write(MAGIC + nonce)
    view = memoryview(plain)
    for start in range(0, len(view), _CHUNK):
        out.write(encryptor.update(view[start : start + _CHUNK]))
    out.write(encryptor.finalize())
    out.write(encryptor.tag)


def decrypt(stored: bytes, *, name: str) -> bytes:
    if not stored.startswith(MAGIC):
        raise DocumentUnreadableError(name)
    # A view, not a slice: the ciphertext is not copied before it is decrypted.
    body = memoryview(stored)[len(MAGIC) :]
    try:
        return AESGCM(_key()).decrypt(body[:NONCE_BYTES], body[NONCE_BYTES:], name.encode())
    except InvalidTag:
        raise DocumentUnreadableError(name) from None


def file_store(plain: bytes) -> str:
    """Encrypt and store `plain` under a new random name; returns that name."""
    token = secrets.token_hex(16)
    name = f"{token[:2]}/{token}.bin"
    with tempfile.SpooledTemporaryFile(max_size=_SPOOL_BYTES) as spool:
        encrypt_into(plain, spool, name=name)
        spool.seek(0)
        saved = documents_storage().save(name, File(spool, name=name))
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
