"""Documents that expire soon or have expired: the selector behind the worker's home and the
lead's team page, and what the rights scan reads."""

import datetime as dt

import pytest

from clients.models import Client
from documents.models import Document, DocumentType
from documents.selectors import (
    _current_documents,
    _current_documents_built,
    documents_expiring,
    expired_document_types,
)
from tests.factories import (
    DocumentFactory,
    DocumentTypeFactory,
    HouseholdMemberFactory,
    WijkteamFactory,
    client_of,
    social_worker,
)
from wijkteams.models import User, Wijkteam


@pytest.fixture
def identity_card(db: None) -> DocumentType:
    return DocumentTypeFactory.create(code="identity_card", expires=True)


@pytest.fixture
def medical(db: None) -> DocumentType:
    return DocumentTypeFactory.create(code="medical_certificate", expires=True, confidential=True)


@pytest.fixture
def file(worker: User) -> Client:
    return client_of(worker, first_name="Ann", last_name="Quist")


def _document(
    client: Client, kind: DocumentType, valid_until: dt.date, **fields: object
) -> Document:
    fields.setdefault("document_date", valid_until - dt.timedelta(days=3650))
    return DocumentFactory.create(
        client=client, document_type=kind, valid_until=valid_until, **fields
    )


def _listed(user: User, today: dt.date, scope: str = "assigned") -> list[int]:
    return [row.pk for row in documents_expiring(user=user, scope=scope, today=today, days=30)]  # type: ignore[arg-type]


def test_a_document_expiring_within_the_period_is_listed_and_a_later_one_not(
    worker: User, file: Client, identity_card: DocumentType, today: dt.date
) -> None:
    soon = _document(file, identity_card, today + dt.timedelta(days=30))
    _document(
        file,
        identity_card,
        today + dt.timedelta(days=31),
        member=HouseholdMemberFactory.create(client=file),
    )
    rows = documents_expiring(user=worker, scope="assigned", today=today, days=30)
    assert [row.pk for row in rows] == [soon.pk]
    assert rows[0].client_name == "Ann Quist"
    assert rows[0].days_left == 30
    assert not rows[0].expired


def test_an_expired_document_is_listed_first_as_expired(
    worker: User, file: Client, identity_card: DocumentType, today: dt.date
) -> None:
    member = HouseholdMemberFactory.create(client=file, first_name="Bo")
    soon = _document(file, identity_card, today + dt.timedelta(days=5))
    expired = _document(file, identity_card, today - dt.timedelta(days=1), member=member)
    rows = documents_expiring(user=worker, scope="assigned", today=today, days=30)
    assert [row.pk for row in rows] == [expired.pk, soon.pk]
    assert rows[0].expired
    assert rows[0].person_name.startswith("Bo ")


def test_a_withdrawn_document_is_not_listed(
    worker: User, file: Client, identity_card: DocumentType, today: dt.date
) -> None:
    _document(
        file,
        identity_card,
        today - dt.timedelta(days=1),
        withdrawn_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        withdrawn_by=worker,
    )
    assert _listed(worker, today) == []


def test_a_document_replaced_by_a_newer_one_is_not_listed(
    worker: User, file: Client, identity_card: DocumentType, today: dt.date
) -> None:
    old = _document(file, identity_card, today - dt.timedelta(days=10))
    assert _listed(worker, today) == [old.pk]
    _document(file, identity_card, today + dt.timedelta(days=3650), document_date=today)
    assert _listed(worker, today) == []


def test_a_newer_card_of_another_person_does_not_replace_the_clients(
    worker: User, file: Client, identity_card: DocumentType, today: dt.date
) -> None:
    old = _document(file, identity_card, today - dt.timedelta(days=10))
    member = HouseholdMemberFactory.create(client=file)
    _document(
        file, identity_card, today + dt.timedelta(days=3650), document_date=today, member=member
    )
    assert _listed(worker, today) == [old.pk]


def test_a_withdrawn_newer_document_does_not_replace_the_older(
    worker: User, file: Client, identity_card: DocumentType, today: dt.date
) -> None:
    old = _document(file, identity_card, today - dt.timedelta(days=10))
    _document(
        file,
        identity_card,
        today + dt.timedelta(days=3650),
        document_date=today,
        withdrawn_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        withdrawn_by=worker,
    )
    assert _listed(worker, today) == [old.pk]


def test_another_teams_client_is_not_listed(
    worker: User, lead: User, identity_card: DocumentType, today: dt.date
) -> None:
    elsewhere = WijkteamFactory.create(name="Zuid")
    other = client_of(social_worker(elsewhere))
    _document(other, identity_card, today - dt.timedelta(days=1))
    assert _listed(worker, today) == []
    assert _listed(lead, today, "led") == []


def test_the_lead_sees_the_whole_team_and_the_worker_only_her_own(
    worker: User,
    lead: User,
    team: Wijkteam,
    file: Client,
    identity_card: DocumentType,
    today: dt.date,
) -> None:
    colleague = social_worker(team)
    theirs = _document(client_of(colleague), identity_card, today - dt.timedelta(days=2))
    mine = _document(file, identity_card, today - dt.timedelta(days=1))
    assert _listed(worker, today) == [mine.pk]
    assert _listed(lead, today, "led") == [theirs.pk, mine.pk]


def test_a_closed_file_is_not_listed(
    worker: User, file: Client, identity_card: DocumentType, today: dt.date
) -> None:
    _document(file, identity_card, today - dt.timedelta(days=1))
    Client.objects.filter(pk=file.pk).update(closed_on=today)
    assert _listed(worker, today) == []


def test_a_medical_certificate_is_listed_to_the_worker_and_the_lead_only(
    worker: User,
    lead: User,
    team: Wijkteam,
    file: Client,
    identity_card: DocumentType,
    medical: DocumentType,
    today: dt.date,
) -> None:
    from clients.selectors import clients_visible_to
    from documents.selectors import _expiring_of
    from wijkteams.selectors import roles_for

    card = _document(file, identity_card, today - dt.timedelta(days=1))
    certificate = _document(file, medical, today + dt.timedelta(days=2))
    assert _listed(worker, today) == [card.pk, certificate.pk]
    assert _listed(lead, today, "led") == [card.pk, certificate.pk]
    # A colleague of the team may see the file, but not its health data: a list over every
    # visible file leaves the certificate out.
    colleague = social_worker(team)
    roles = roles_for(colleague)
    rows = _expiring_of(
        clients_visible_to(colleague, roles=roles),
        user=colleague,
        roles=roles,
        today=today,
        days=30,
        limit=50,
    )
    assert [row.pk for row in rows] == [card.pk]


def test_the_list_is_one_query(
    worker: User,
    file: Client,
    identity_card: DocumentType,
    today: dt.date,
    django_assert_num_queries: object,
) -> None:
    from wijkteams.selectors import roles_for

    roles = roles_for(worker)
    for n in range(10):
        _document(client_of(worker), identity_card, today + dt.timedelta(days=n))
    with django_assert_num_queries(1):  # type: ignore[operator]
        rows = documents_expiring(user=worker, roles=roles, scope="assigned", today=today, days=30)
    assert len(rows) == 10


def test_the_scan_reads_the_expired_types_per_client(
    worker: User,
    file: Client,
    identity_card: DocumentType,
    today: dt.date,
    django_assert_num_queries: object,
) -> None:
    permit = DocumentTypeFactory.create(code="residence_permit", expires=True)
    _document(file, permit, today - dt.timedelta(days=1))
    _document(file, identity_card, today)  # valid through today: not expired
    replaced = client_of(worker)
    _document(replaced, permit, today - dt.timedelta(days=100))
    _document(replaced, permit, today + dt.timedelta(days=900), document_date=today)
    with django_assert_num_queries(1):  # type: ignore[operator]
        expired = expired_document_types([file.pk, replaced.pk], on=today)
    assert expired == {file.pk: {"residence_permit"}}


def test_each_read_starts_from_a_fresh_clone_of_the_documents_in_force(
    worker: User, file: Client, identity_card: DocumentType, today: dt.date
) -> None:
    """The queryset of the documents in force is built once and cloned per call: a call that
    reads its rows leaves the next one to read the table again, not the rows it saw."""
    first = _current_documents()
    assert first is not _current_documents()
    assert list(first) == []
    card = _document(file, identity_card, today + dt.timedelta(days=10))
    assert _current_documents_built()._result_cache is None
    assert list(_current_documents()) == [card]
    assert _listed(worker, today) == [card.pk]
    _document(file, identity_card, today + dt.timedelta(days=400))  # the newer card replaces it
    assert _listed(worker, today) == []
