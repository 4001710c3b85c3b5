"""The documents' files in the GDPR export (issue 18 point 7): every document that is not
withdrawn goes into the ZIP decrypted, as `documents/<id>-<safe name>`, health data included;
the documents' table names each file's path; a file that cannot be read is listed as missing in
README.txt instead of failing the export; the access-log row says how many files went out.
Before, the export held the documents' rows only."""

import csv
import datetime as dt
import hashlib
import io
import json
import zipfile
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.test import Client as HttpClient
from django.urls import reverse

from clients import gdpr
from clients.gdpr import client_export
from clients.models import AccessLog, Client
from clients.registry import ExportedFile
from documents.export import safe_name
from documents.models import Document
from documents.services import document_withdraw, documents_upload
from tests.conftest import login
from tests.documents.helpers import jpeg_with_exif, pdf, pdf_with, seeded_type
from tests.factories import TINY_PDF, DocumentFactory, client_of
from wijkteams.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def file(worker: User) -> Client:
    return client_of(worker)


def _upload(worker: User, file: Client, *uploads: Any, code: str = "payslip") -> list[Document]:
    document_type = seeded_type(code)
    return documents_upload(
        actor=worker,
        client=file,
        files=list(uploads),
        document_type=document_type,
        document_date=dt.date(2026, 3, 1),
        valid_until=dt.date(2026, 12, 31) if document_type.expires else None,
    )


def _zip(lead: User, file: Client, export_format: str) -> zipfile.ZipFile:
    export = client_export(actor=lead, client=file, export_format=export_format)
    assert export.content_type == "application/zip"
    assert export.filename.endswith(".zip")
    return zipfile.ZipFile(io.BytesIO(export.content))


def _documents_table(archive: zipfile.ZipFile, export_format: str) -> list[dict[str, Any]]:
    if export_format == "json":
        rows: list[dict[str, Any]] = json.loads(archive.read("data.json"))["documents"]
        return rows
    text = archive.read("documents.csv").decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text), delimiter=";"))


def _export_row(file: Client) -> AccessLog:
    return AccessLog.objects.get(client=file, action=AccessLog.Action.EXPORT)


@pytest.mark.parametrize("export_format", ["json", "csv"])
def test_the_zip_holds_each_documents_decrypted_file_named_in_its_table(
    worker: User, lead: User, file: Client, export_format: str
) -> None:
    payslip = pdf_with(b"4 0 obj<</Loon 1834>>endobj")
    documents = _upload(worker, file, pdf("loonbrief.pdf", payslip), jpeg_with_exif("foto.jpg"))
    # Health data: the lead exports and reads it, and it is the client's own.
    (certificate,) = _upload(worker, file, pdf("attest.pdf"), code="medical_certificate")
    assert certificate.document_type.confidential

    archive = _zip(lead, file, export_format)

    files = {
        name: archive.read(name) for name in archive.namelist() if name.startswith("documents/")
    }
    expected = {f"documents/{d.pk}-{d.original_name}": d for d in [*documents, certificate]}
    assert set(files) == set(expected)
    for name, document in expected.items():
        assert hashlib.sha256(files[name]).hexdigest() == document.sha256, name
        assert len(files[name]) == document.size
    pdf_document, photo = documents
    assert files[f"documents/{pdf_document.pk}-loonbrief.pdf"] == payslip  # as uploaded
    assert files[f"documents/{photo.pk}-foto.jpg"].startswith(b"\xff\xd8\xff")  # encoded again
    table = {int(row["id"]): row["export_file"] for row in _documents_table(archive, export_format)}
    assert table == {d.pk: name for name, d in expected.items()}
    readme = archive.read("README.txt").decode()  # in the language of the export (Dutch)
    assert "3 bestanden van de cliënt" in readme
    assert "niet gelezen" not in readme
    assert _export_row(file).what_params == {"files": 3, "files_missing": 0}


def test_withdrawn_documents_and_other_clients_files_are_not_in_it(
    worker: User, lead: User, file: Client
) -> None:
    kept, withdrawn = _upload(worker, file, pdf("blijft.pdf"), pdf("weg.pdf"))
    document_withdraw(actor=worker, document=withdrawn, reason="Verkeerd dossier")
    _upload(worker, client_of(worker), pdf("ander.pdf"))

    archive = _zip(lead, file, "csv")

    assert [n for n in archive.namelist() if n.startswith("documents/")] == [
        f"documents/{kept.pk}-blijft.pdf"
    ]
    table = {int(row["id"]): row["export_file"] for row in _documents_table(archive, "csv")}
    assert table == {kept.pk: f"documents/{kept.pk}-blijft.pdf", withdrawn.pk: ""}
    assert _export_row(file).what_params == {"files": 1, "files_missing": 0}


@pytest.mark.parametrize("damage", ["deleted", "tampered"])
@pytest.mark.parametrize("export_format", ["json", "csv"])
def test_a_file_that_cannot_be_read_is_listed_as_missing_and_the_rest_exported(
    worker: User, lead: User, file: Client, damage: str, export_format: str
) -> None:
    good, bad = _upload(worker, file, pdf("goed.pdf"), pdf("kapot.pdf"))
    storage = storages["documents"]
    storage.delete(bad.storage_name)
    if damage == "tampered":
        assert storage.save(bad.storage_name, ContentFile(b"OCMWDOC1" + bytes(60)))

    archive = _zip(lead, file, export_format)

    names = archive.namelist()
    assert f"documents/{good.pk}-goed.pdf" in names
    assert f"documents/{bad.pk}-kapot.pdf" not in names
    readme = archive.read("README.txt").decode()
    assert "1 bestand kon niet gelezen worden" in readme
    assert f"- documents/{bad.pk}-kapot.pdf" in readme
    assert _export_row(file).what_params == {"files": 1, "files_missing": 1}


def test_a_path_in_the_uploaded_name_does_not_leave_the_documents_folder(
    client: HttpClient, worker: User, lead: User, file: Client
) -> None:
    (uploaded,) = _upload(worker, file, pdf("../../etc/passwd.pdf"))
    # Names the upload does not clean (a letter the application names, a row from before).
    odd = [
        DocumentFactory.create(client=file, uploaded_by=worker, original_name=name)
        for name in ("..\\..\\boot.ini.pdf", "../..", 'a<b>:"c|?*.pdf', "attest.pdf")
    ]
    twin = DocumentFactory.create(client=file, uploaded_by=worker, original_name="attest.pdf")

    archive = _zip(lead, file, "csv")

    names = [n for n in archive.namelist() if n.startswith("documents/")]
    assert names == [
        f"documents/{uploaded.pk}-passwd.pdf",
        f"documents/{odd[0].pk}-boot.ini.pdf",
        f"documents/{odd[1].pk}-document",
        f"documents/{odd[2].pk}-a_b___c___.pdf",
        f"documents/{odd[3].pk}-attest.pdf",
        f"documents/{twin.pk}-attest.pdf",  # the same name twice: the ids keep them apart
    ]
    for name in archive.namelist():
        assert not name.startswith("/")
        assert "\\" not in name
        assert ".." not in name.split("/"), name


@pytest.mark.parametrize(
    ("original", "safe"),
    [
        ("loonbrief.pdf", "loonbrief.pdf"),
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\an\\scan.jpg", "scan.jpg"),
        ("..pdf", "pdf"),
        ("scan..backup.pdf", "scan.backup.pdf"),
        ("  .verborgen.pdf ", "verborgen.pdf"),
        ("nul\x00byte.pdf", "nul_byte.pdf"),
        ("", "document"),
        ("x" * 300 + ".pdf", "x" * 96 + ".pdf"),
    ],
)
def test_safe_name(original: str, safe: str) -> None:
    assert safe_name(original) == safe


def test_the_lead_downloads_the_zip_over_http(
    client: HttpClient, worker: User, lead: User, file: Client
) -> None:
    (document,) = _upload(worker, file, pdf("loonbrief.pdf"))

    response = login(client, lead).post(
        reverse("clients:file_gdpr", args=[file.pk]), {"export_format": "json"}
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].endswith('.zip"')
    assert "no-store" in response["Cache-Control"]
    archive = zipfile.ZipFile(io.BytesIO(response.getvalue()))
    assert archive.read(f"documents/{document.pk}-loonbrief.pdf") == TINY_PDF
    assert json.loads(archive.read("data.json"))["client"]["id"] == file.pk


def test_without_documents_json_stays_one_document_and_csv_has_only_tables(
    lead: User, file: Client
) -> None:
    export = client_export(actor=lead, client=file, export_format="json")
    assert export.filename.endswith(".json")
    assert json.loads(export.content)["documents"] == []

    names = zipfile.ZipFile(
        io.BytesIO(client_export(actor=lead, client=file, export_format="csv").content)
    ).namelist()
    assert "documents.csv" in names
    assert all(name.endswith(".csv") for name in names)  # no README, no folder of files
    rows = AccessLog.objects.filter(client=file, action=AccessLog.Action.EXPORT)
    assert [row.what_params for row in rows] == [{"files": 0, "files_missing": 0}] * 2


@pytest.mark.parametrize("path", ["../x.pdf", "x.pdf", "a/../b.pdf", "a\\b.pdf", "/a/b.pdf"])
def test_the_export_refuses_a_file_path_that_could_leave_its_folder(
    lead: User, file: Client, monkeypatch: pytest.MonkeyPatch, path: str
) -> None:
    def provider(client_id: int) -> Iterator[ExportedFile]:
        yield ExportedFile(path, b"x")

    monkeypatch.setattr(gdpr, "export_file_providers", lambda: (provider,))

    with pytest.raises(ValueError, match="not a safe, unique path"):
        client_export(actor=lead, client=file, export_format="csv")
    assert not AccessLog.objects.filter(action=AccessLog.Action.EXPORT).exists()


def test_the_export_refuses_the_same_path_twice(
    lead: User, file: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    def provider(client_id: int) -> Iterator[ExportedFile]:
        yield ExportedFile("a/b.pdf", b"x")
        yield ExportedFile("a/b.pdf", b"y")

    monkeypatch.setattr(gdpr, "export_file_providers", lambda: (provider,))

    with pytest.raises(ValueError, match="not a safe, unique path"):
        client_export(actor=lead, client=file, export_format="json")
