"""Reads of a client's documents. The client comes from clients' scoping selector
(`open_client_file`), so these only narrow down to what the file holds. The expiry lists start
from clients' scoping selectors too (`clients_assigned_to`, `clients_visible_to`)."""

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Literal

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Coalesce

from clients.models import Assignment, Client, Debt, HouseholdMember, Trajectory
from clients.selectors import clients_assigned_to, clients_visible_to
from documents.models import Document, DocumentType
from wijkteams.models import User
from wijkteams.selectors import Roles, roles_for

# The most rows an expiry list shows (the longest expired first); the file's tab has them all.
EXPIRY_LIST_LIMIT = 50


def client_documents(*, client: Client, health_data: bool) -> QuerySet[Document]:
    """The file's documents, newest first, with what the list shows: one query. Without
    `health_data` (clients.selectors.confidential_readable_by) the confidential types are left
    out, as confidential journal entries are."""
    documents = Document.objects.filter(client=client)
    if not health_data:
        documents = documents.exclude(document_type__confidential=True)
    return documents.select_related(
        "document_type", "member", "uploaded_by", "withdrawn_by", "trajectory", "debt"
    )


def client_document_get(*, client: Client, pk: int, health_data: bool) -> Document:
    """One document of the client the user may see (Document.DoesNotExist otherwise)."""
    return client_documents(client=client, health_data=health_data).get(pk=pk)


def document_types_active() -> QuerySet[DocumentType]:
    return DocumentType.objects.filter(is_active=True)


def household_members(*, client: Client) -> QuerySet[HouseholdMember]:
    return HouseholdMember.objects.filter(client=client)


def client_trajectories(*, client: Client) -> QuerySet[Trajectory]:
    """The trajectories a document of the file can belong to, newest first."""
    return Trajectory.objects.filter(client=client).order_by("-opened_on", "-pk")


def client_debts(*, client: Client) -> QuerySet[Debt]:
    """The debts of the client's trajectories a document can be about."""
    return Debt.objects.filter(trajectory__client=client).order_by("creditor", "pk")


# What templates/documents/trajectory_documents.html shows of a document.
TRAJECTORY_DOCUMENT_FIELDS = (
    "client_id",
    "trajectory_id",
    "document_date",
    "original_name",
    "document_type__name_nl",
    "document_type__name_en",
    "debt__creditor",
)


def trajectory_documents(
    *, client: Client, trajectory_ids: Sequence[int], health_data: bool
) -> dict[int, list[Document]]:
    """The documents in force (not withdrawn) of each of these trajectories of the client, newest
    first, by trajectory, with what a trajectory's list shows (TRAJECTORY_DOCUMENT_FIELDS): one
    query."""
    by_trajectory: dict[int, list[Document]] = defaultdict(list)
    # Not the five users, members and trajectories of the documents tab's list: the columns
    # of six tables took two thirds of this query's CPU to build.
    documents = (
        client_documents(client=client, health_data=health_data)
        .filter(trajectory_id__in=trajectory_ids, withdrawn_at__isnull=True)
        .select_related(None)
        .select_related("document_type", "debt")
        .only(*TRAJECTORY_DOCUMENT_FIELDS)
    )
    for document in documents:
        assert document.trajectory_id is not None  # noqa: S101  # filtered on it
        by_trajectory[document.trajectory_id].append(document)
    return dict(by_trajectory)


# --- expiry: the worker's home, the lead's team page, the rights scan -------------------------

ExpiryScope = Literal["assigned", "led"]


@dataclass(frozen=True)
class ExpiringDocument:
    """A row of the expiry lists: a document that expires soon or has expired."""

    pk: int
    client_id: int
    client_name: str
    type_name: str
    person_name: str  # "" when the document concerns the household as a whole
    valid_until: dt.date
    days_left: int  # negative once expired

    @property
    def expired(self) -> bool:
        return self.days_left < 0


def _current_documents() -> QuerySet[Document]:
    """The documents in force per client, person and type: not withdrawn, and no newer one (by
    date of the document, then upload order) of the same type for the same person. An identity
    card replaced by a newer one no longer says anything about the person.

    A fresh clone each call (`.all()`) of one queryset built once: it depends on nothing of the
    caller, and building its subquery (the outer references resolved) cost about 1 ms of CPU a
    call, a quarter of the worker home's expiry list. Django's generic views clone a shared
    class-level queryset per request the same way."""
    return _current_documents_built().all()


@cache
def _current_documents_built() -> QuerySet[Document]:
    """Never evaluated itself (its clones are): it holds no rows."""
    newer = (
        Document.objects.filter(
            client_id=OuterRef("client_id"),
            document_type_id=OuterRef("document_type_id"),
            withdrawn_at__isnull=True,
        )
        # A document about the household (no member) is replaced by another about the household.
        .annotate(person_key=Coalesce("member_id", Value(0)))
        .filter(person_key=OuterRef("person_key"))
        .filter(
            Q(document_date__gt=OuterRef("document_date"))
            | Q(document_date=OuterRef("document_date"), pk__gt=OuterRef("pk"))
        )
    )
    return (
        Document.objects.filter(withdrawn_at__isnull=True, valid_until__isnull=False)
        .annotate(person_key=Coalesce("member_id", Value(0)))
        .exclude(Exists(newer))
    )


def _health_data_readable(user: User, roles: Roles) -> Q:
    """A confidential type only where the user may read health data: the client's social worker
    and the team lead (clients.selectors.confidential_readable_by), checked in the query so that
    a wider list never shows a medical certificate to a colleague."""
    own = Assignment.objects.filter(client_id=OuterRef("client_id"), worker=user, ended_at=None)
    return (
        Q(document_type__confidential=False)
        | Q(client__team_id__in=roles.lead_team_ids)
        | Q(Exists(own))
    )


def _expiring_of(
    clients: QuerySet[Client],
    *,
    user: User,
    roles: Roles,
    today: dt.date,
    days: int,
    limit: int,
    all_readable: bool = False,
) -> list[ExpiringDocument]:
    horizon = today + dt.timedelta(days=days)
    documents = _current_documents().filter(
        client__in=clients.values("pk"), valid_until__lte=horizon
    )
    if not all_readable:
        documents = documents.filter(_health_data_readable(user, roles))
    documents = (
        documents.select_related("client", "document_type", "member")
        .only(
            "client_id",
            "valid_until",
            "client__first_name",
            "client__last_name",
            "document_type__name_nl",
            "document_type__name_en",
            "member__first_name",
            "member__last_name",
        )
        .order_by("valid_until", "client__last_name", "client__first_name", "pk")[:limit]
    )
    return [
        ExpiringDocument(
            pk=d.pk,
            client_id=d.client_id,
            client_name=d.client.full_name,
            type_name=d.document_type.name,
            person_name=str(d.member) if d.member is not None else "",
            valid_until=d.valid_until,
            days_left=(d.valid_until - today).days,
        )
        for d in documents
        if d.valid_until is not None  # always: the query asks for it (for mypy)
    ]


def documents_expiring(
    *,
    user: User,
    scope: ExpiryScope,
    today: dt.date,
    roles: Roles | None = None,
    days: int | None = None,
    limit: int = EXPIRY_LIST_LIMIT,
) -> list[ExpiringDocument]:
    """The documents in force that have expired or expire within `days`
    (DOCUMENTS_EXPIRY_WARNING_DAYS), of the open files assigned to the user ("assigned": the
    worker's home) or of the teams the user leads ("led": the team page); longest expired
    first, at most `limit` rows. One query."""
    roles = roles if roles is not None else roles_for(user)
    if scope == "assigned":
        clients = clients_assigned_to(user, roles=roles)
    else:
        clients = clients_visible_to(user, roles=roles).filter(team_id__in=roles.lead_team_ids)
    return _expiring_of(
        clients.filter(closed_on__isnull=True),
        user=user,
        roles=roles,
        today=today,
        days=days if days is not None else settings.DOCUMENTS_EXPIRY_WARNING_DAYS,
        limit=limit,
        # The user's own clients: the open assignment that makes them so is the one that lets
        # the social worker read health data (_health_data_readable's `own`), so the filter
        # would keep every row; not built into the query.
        all_readable=scope == "assigned",
    )


def expired_document_types(client_ids: Sequence[int], *, on: dt.date) -> dict[int, set[str]]:
    """Per client, the codes of the types whose document in force (of anyone in the file) had
    expired by `on` (valid until the day before or earlier): what the rights scan reads. One
    query for the whole batch; a client without any is left out."""
    expired: dict[int, set[str]] = defaultdict(set)
    rows = (
        _current_documents()
        .filter(client_id__in=client_ids, valid_until__lt=on)
        .values_list("client_id", "document_type__code")
    )
    for client_id, code in rows:
        expired[client_id].add(code)
    return dict(expired)
