"""A closed file's documents go when the file is anonymised (issue 18 point 7): the rows, the
encrypted files in storage (once the transaction commits) and an access-log row that says how
many. Before, the anonymiser of clients left the documents and their files in place."""

import datetime as dt

import pytest
from django.core.files.storage import Storage
from django.utils import timezone

from clients.gdpr import ANONYMISATION_ACTOR, client_anonymise
from clients.models import AccessLog, Client
from documents.log_actions import LOG_DELETED_AT_ANONYMISATION
from documents.models import Document
from documents.storage import documents_storage
from tests.factories import DocumentFactory, client_of
from wijkteams.models import User


def _closed_long_ago(client: Client) -> Client:
    day = timezone.localdate()
    Client.objects.filter(pk=client.pk).update(
        closed_on=day.replace(year=day.year - 11, day=min(day.day, 28)), closed_reason="Verhuisd"
    )
    client.refresh_from_db()
    return client


@pytest.mark.django_db(transaction=True)  # the files are deleted when the transaction commits
def test_anonymising_a_file_deletes_its_documents_and_their_files(worker: User) -> None:
    client = client_of(worker)
    kept = DocumentFactory.create(client=client_of(worker), uploaded_by=worker)
    documents = DocumentFactory.create_batch(2, client=client, uploaded_by=worker)
    storage: Storage = documents_storage()
    assert all(storage.exists(d.storage_name) for d in documents)

    assert client_anonymise(client=_closed_long_ago(client), now=timezone.now()) is True

    assert not Document.objects.filter(client=client).exists()
    assert not any(storage.exists(d.storage_name) for d in documents)
    assert storage.exists(kept.storage_name)  # another client's document stays
    row = AccessLog.objects.get(client=client, what_key=LOG_DELETED_AT_ANONYMISATION)
    assert (row.actor_label, row.what_params) == (ANONYMISATION_ACTOR, {"count": 2})


@pytest.mark.django_db
def test_a_file_without_documents_writes_no_documents_row(worker: User) -> None:
    client = _closed_long_ago(client_of(worker))
    assert client_anonymise(client=client, now=timezone.now() + dt.timedelta(0)) is True
    assert not AccessLog.objects.filter(what_key=LOG_DELETED_AT_ANONYMISATION).exists()
