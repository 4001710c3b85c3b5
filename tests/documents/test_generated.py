"""Files the application makes (a letter it sent), kept through documents_store_generated:
checked by content as an upload, encrypted, with the SHA-256 of the plain bytes."""

import hashlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from documents.models import LETTER_SENT, Document, DocumentType
from documents.services import document_store_generated
from documents.storage import documents_storage, file_read
from tests.conftest import TODAY
from tests.documents.helpers import pdf_with
from tests.factories import TINY_PDF, WijkteamFactory, client_of, social_worker
from wijkteams.models import User

pytestmark = pytest.mark.usefixtures("today")


def test_generated_pdf_is_kept_encrypted_with_its_hash(worker: User) -> None:
    client = client_of(worker)
    document = document_store_generated(
        actor=worker,
        client=client,
        data=TINY_PDF,
        name="brief.pdf",
        type_code=LETTER_SENT,
        document_date=TODAY,
    )
    assert document.sha256 == hashlib.sha256(TINY_PDF).hexdigest()
    assert file_read(document.storage_name) == TINY_PDF
    with documents_storage().open(document.storage_name, "rb") as handle:
        assert TINY_PDF not in handle.read()


def test_generated_file_with_active_content_is_refused(worker: User) -> None:
    with pytest.raises(ValidationError):
        document_store_generated(
            actor=worker,
            client=client_of(worker),
            data=pdf_with(b"4 0 obj<</S/JavaScript/JS(app.alert(1))>>endobj"),
            name="brief.pdf",
            type_code=LETTER_SENT,
            document_date=TODAY,
        )
    assert not Document.objects.exists()


def test_generated_file_for_a_client_out_of_sight_is_refused(worker: User) -> None:
    outsider = social_worker(WijkteamFactory.create(name="Heule"))
    with pytest.raises(PermissionDenied):
        document_store_generated(
            actor=outsider,
            client=client_of(worker),
            data=TINY_PDF,
            name="brief.pdf",
            type_code=LETTER_SENT,
            document_date=TODAY,
        )
    assert not Document.objects.exists()


def test_the_letter_type_is_made_again_when_it_is_missing(worker: User) -> None:
    """The seeded "letter sent" type gone (a flushed database: the browser tests' transactional
    tests empty it): the letter is still kept, under the type made again."""
    DocumentType.objects.filter(code=LETTER_SENT).delete()
    document = document_store_generated(
        actor=worker,
        client=client_of(worker),
        data=TINY_PDF,
        name="brief.pdf",
        type_code=LETTER_SENT,
        document_date=TODAY,
    )
    assert (document.document_type.code, document.document_type.name_nl) == (
        LETTER_SENT,
        "Verstuurde brief",
    )
