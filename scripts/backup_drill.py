"""The backup drill of the production-like run (issue 7; the documents, issue 18 point 3): what
an operator backs up, restored as they would, and the restored app checked over HTTP.

    .venv/bin/python scripts/production_run.py --backup-drill

Before the backup, the smoke test's worker uploads a PDF to the client it registered, on the
Documenten tab (a multipart form, as a browser sends it). Then:

1. the backup: pg_dump of the database, then a tar of DOCUMENTS_ROOT (README, "Backup": the
   database first, so a file uploaded between the two is merely extra). DOCUMENTS_KEY is not in
   either: the operator keeps it apart, and the restored stack is given the same key;
2. the restore: the dump as the owner into a new database, the tar unpacked into a new folder,
   which holds the same files as the original;
3. the services again on the copy, as the app's role, with DOCUMENTS_ROOT on the new folder
   (the original folder is moved away meanwhile, so nothing can be read from it): the client
   registered before the dump is there with its flag, the document downloads through the app
   with the SHA-256 of the uploaded file, and the smoke test passes on the copy.

Every failed check raises SmokeError, so production_run.py exits non-zero.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

from production_roles import Roles, check_app_role_cannot_change_the_access_log, create_roles
from production_run import (
    Browser,
    SmokeError,
    Stack,
    free_port,
    log_in,
    manage,
    open_flags,
    recreate_database,
    run,
    running,
    smoke,
    wait_until_ready,
)

DOCUMENT_TYPE = "Loonbrief"  # seeded by documents/migrations/0002 (payslip)


@dataclass(frozen=True)
class Upload:
    """A file a form sends: its name, content and type."""

    name: str
    data: bytes
    content_type: str


def multipart(data: dict[str, str], files: dict[str, Upload]) -> tuple[bytes, str]:
    """A multipart/form-data body, as a browser sends a form with a file input; and its type."""
    boundary = secrets.token_hex(16)
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
        + value.encode()
        + b"\r\n"
        for name, value in data.items()
    ]
    parts += [
        f"--{boundary}\r\nContent-Disposition: form-data; "
        f'name="{name}"; filename="{upload.name}"\r\n'
        f"Content-Type: {upload.content_type}\r\n\r\n".encode()
        + upload.data
        + b"\r\n"
        for name, upload in files.items()
    ]
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


@dataclass(frozen=True)
class UploadedDocument:
    download_path: str  # the documents view that sends the file (scope-checked, logged)
    sha256: str  # of the file as uploaded: a PDF is stored as sent


def drill_pdf() -> bytes:
    """A tiny valid PDF with a token of this run in a comment, so its SHA-256 is its own."""
    return (
        b"%PDF-1.4\n%backup drill " + secrets.token_hex(16).encode() + b"\n"
        b"1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
        b"trailer<</Root 1 0 R>>\n%%EOF\n"
    )


def document_upload(browser: Browser, file_url: str) -> UploadedDocument:
    """Upload a PDF on the client's Documenten tab, as the logged-in worker; download it once
    to see it is served back as sent."""
    tab = file_url + "documenten/"
    browser.get(tab)
    browser.expect(200, "Documenten")
    option = re.search(rf'<option value="(\d+)"[^>]*>\s*{DOCUMENT_TYPE}\s*<', browser.text)
    if option is None:
        raise SmokeError(f"no document type {DOCUMENT_TYPE!r} in the upload form on {tab}")
    data = drill_pdf()
    form = browser.form("uploads")
    fields = {k: v for k, v in form.items() if k != "_action"} | {
        "document_type": option[1],
        # Yesterday: never "in the future" for the app, whatever this machine's time zone.
        "document_date": (dt.date.today() - dt.timedelta(days=1)).isoformat(),
    }
    upload = Upload("backup-drill.pdf", data, "application/pdf")
    browser.post(form["_action"], *multipart(fields, {"uploads": upload}))
    browser.expect(200, "backup-drill.pdf")
    path = urllib.parse.urlsplit(tab).path
    link = re.search(rf'href="({re.escape(path)}\d+/downloaden/)"', browser.text)
    if link is None:
        raise SmokeError(f"the uploaded document has no download link on {tab}")
    document = UploadedDocument(link[1], hashlib.sha256(data).hexdigest())
    check_download(browser, document)
    return document


def check_download(browser: Browser, document: UploadedDocument) -> None:
    browser.get(document.download_path)
    if browser.status != 200:
        raise SmokeError(f"{document.download_path}: status {browser.status}")
    sha256 = hashlib.sha256(browser.body).hexdigest()
    if sha256 != document.sha256:
        raise SmokeError(
            f"{document.download_path} sent a file with SHA-256 {sha256}, not {document.sha256}"
        )


def _files(root: Path) -> list[str]:
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


def backup_drill(
    *,
    stack: Stack,
    env: dict[str, str],
    owner_env: dict[str, str],
    server: str,
    database: str,
    roles: Roles,
    password: str,
    file_url: str,
    document: UploadedDocument,
) -> None:
    """Back up, restore into a new database and a new documents folder, run the app on the
    copy and check it (see the module's docstring). Leaves `stack.env` on the copy."""
    folder = stack.folder
    documents = Path(env["DOCUMENTS_ROOT"])
    dump, archive = folder / "backup.dump", folder / "backup-documents.tar.gz"
    run("pg_dump", "--format=custom", f"--file={dump}", owner_env["DATABASE_URL"])
    run("tar", "-C", str(documents), "-czf", str(archive), ".")

    restored = f"{database}_restored"
    recreate_database(server, restored)
    create_roles(server, restored, roles)
    # As the owner, as README's restore does: the owner owns what it restores, and the dump's
    # grants give the app's role its rights again.
    restore_url = roles.url(server, restored, owner=True)
    run("pg_restore", "--no-owner", f"--dbname={restore_url}", str(dump))
    restored_documents = folder / "documents-restored"
    restored_documents.mkdir()
    run("tar", "-C", str(restored_documents), "-xzf", str(archive))
    if not _files(documents) or _files(restored_documents) != _files(documents):
        raise SmokeError(f"{restored_documents} does not hold the files of {documents}")
    print(
        f"backup drill: pg_dump of {database} restored into {restored}, "
        f"the tar of {documents} into {restored_documents}"
    )

    stack.env = env | {
        "DATABASE_URL": roles.url(server, restored, owner=False),
        "DOCUMENTS_ROOT": str(restored_documents),
    }
    check_app_role_cannot_change_the_access_log(manage, stack.env)
    stack.port = free_port()
    # Out of the way while the copy runs: the copy must read the restored folder, not this one.
    moved = documents.with_name(documents.name + "-moved-away")
    documents.rename(moved)
    try:
        with running(stack):
            wait_until_ready(stack)
            browser = Browser(stack.base_url)
            log_in(browser, password, "smokebackup1")
            browser.get(urllib.parse.urlsplit(file_url).path + "rechten/")
            browser.expect(200, "Smoketest")
            if "Verhoogde tegemoetkoming" not in open_flags(browser.text):
                raise SmokeError("the restored copy lost the client's open flag")
            print("  the client registered before the backup is there, with its flag")
            check_download(browser, document)
            print("  its document downloads from the restored folder with the same SHA-256")
            smoke(stack, password, "smokebackup2", serial=102)
    finally:
        moved.rename(documents)
