"""The scan reads the types of a file's expired documents into the facts (issue 18 point 5):
available to the rules, one query per batch."""

import datetime as dt

from clients.models import Client
from rights.scan.reads import _batch_facts
from tests.factories import ClientFactory, DocumentFactory, DocumentTypeFactory


def _document(client: Client, code: str, valid_until: dt.date, document_date: dt.date) -> None:
    DocumentFactory.create(
        client=client,
        document_type=DocumentTypeFactory.create(code=code, expires=True),
        document_date=document_date,
        valid_until=valid_until,
    )


def test_the_batch_facts_carry_the_expired_document_types(db: None, today: dt.date) -> None:
    expired, renewed, without = ClientFactory.create_batch(3)
    long_ago = today - dt.timedelta(days=3000)
    _document(expired, "residence_permit", today - dt.timedelta(days=1), long_ago)
    _document(expired, "identity_card", today + dt.timedelta(days=10), long_ago)
    _document(renewed, "residence_permit", today - dt.timedelta(days=1), long_ago)
    _document(renewed, "residence_permit", today + dt.timedelta(days=1800), today)
    facts = _batch_facts([expired, renewed, without], on=today).facts
    assert facts[expired.pk].expired_documents == frozenset({"residence_permit"})
    assert facts[renewed.pk].expired_documents == frozenset()
    assert facts[without.pk].expired_documents == frozenset()
