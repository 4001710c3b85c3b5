"""The GDPR export of one client file (clients/gdpr.py, clients/views/gdpr.py): everything in
it, as JSON or as a ZIP of CSV files, for the team lead of the client's team only, logged."""

import csv
import datetime as dt
import io
import json
import zipfile
from dataclasses import replace
from decimal import Decimal
from typing import Any

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db import models
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from budgets.calculation import costs_from_client
from budgets.services.calculations import aid_calculation_save
from clients.gdpr import (
    client_export,
    client_export_document,
)
from clients.log_actions import LOGGED_EXPORT_CSV, LOGGED_EXPORT_JSON
from clients.models import (
    AccessLog,
    Assignment,
    Client,
    JournalEntry,
)
from clients.national_number import national_number_for
from clients.registry import export_sections
from procedure.models import (
    Appeal,
    Decision,
    Inquiry,
    Notification,
    Proposal,
    RequestDocument,
)
from rights.models import FlagEvent
from tests.conftest import login
from tests.factories import (
    AgendaItemFactory,
    AidDecisionFactory,
    Art60ContractFactory,
    AssignmentFactory,
    ClientRightFactory,
    ClientScanStateFactory,
    DataMissingNoteFactory,
    DebtFactory,
    DocumentFactory,
    EligibilityFactory,
    FlagEventFactory,
    ForwardingFactory,
    GpmiContractFactory,
    GpmiEvaluationFactory,
    GrantAmountFactory,
    HelpRequestFactory,
    HouseholdMemberFactory,
    IncomeFactory,
    JournalEntryFactory,
    LeefloonCalculationFactory,
    LeefloonGrantFactory,
    TrajectoryEventFactory,
    TrajectoryFactory,
    TrajectoryStepFactory,
    WijkteamFactory,
    administrator,
    aid_policy,
    budget_version,
    client_of,
    data_protection_officer,
    flag_for,
    request_kind,
    social_worker,
    team_lead,
)
from wijkteams.models import User, Wijkteam

pytestmark = pytest.mark.django_db

NATIONAL_NUMBER = national_number_for(dt.date(1961, 3, 17), 5)
OTHER_NUMBER = national_number_for(dt.date(1961, 3, 17), 7)
# What the file says about the client that identifies them: the anonymisation tests look for
# each of these in the export afterwards.
PERSONAL = {
    "first_name": "Zerafina",
    "last_name": "Quackenbosch",
    "member": "Yolanthe",
    "phone": "0470 12 34 56",
    "email": "zerafina@example.org",
    "street": "Wolvenstraat",
    "national_number": NATIONAL_NUMBER,
    "birth_date": "1961-03-17",
    "doctor": "Xylander",
    "reference": "REF-998877",
}


def staff(team: Wijkteam) -> dict[str, User]:
    """A worker, a colleague and a lead of `team` with fixed names (a random name could be one
    of the client's)."""
    return {
        "worker": social_worker(team, first_name="Mira", last_name="Maes"),
        "colleague": social_worker(team, first_name="Bart", last_name="Claes"),
        "lead": team_lead(team, first_name="Lien", last_name="Peeters"),
    }


def full_file(
    users: dict[str, User], *, rows: int = 1, national_number: str = NATIONAL_NUMBER
) -> Client:
    """A client file with `rows` rows in every table an export covers (calculations need a
    published budget version and policy)."""
    worker, colleague = users["worker"], users["colleague"]
    client = client_of(
        worker,
        complete=True,
        first_name=PERSONAL["first_name"],
        last_name=PERSONAL["last_name"],
        national_number=national_number,
        birth_date=dt.date(1961, 3, 17),
        phone=PERSONAL["phone"],
        email=PERSONAL["email"],
        street=PERSONAL["street"],
        house_number="17",
        postcode="8500",
        rent=Decimal("600.00"),
        team_override_reason="Zerafina woont tijdelijk bij haar zus",
    )
    today = timezone.localdate()
    # A transfer and back: assignments with an end reason.
    Assignment.objects.filter(client=client).update(
        ended_at=timezone.now(), end_reason="Zerafina vroeg een andere MA"
    )
    AssignmentFactory.create(
        client=client, worker=colleague, started_at=timezone.now(), assigned_by=users["lead"]
    )
    for n in range(rows):
        member = HouseholdMemberFactory.create(
            client=client,
            first_name=PERSONAL["member"],
            last_name=PERSONAL["last_name"],
            birth_date=dt.date(2010 + n, 5, 9),
            sex="F",
            relation="child",
        )
        IncomeFactory.create(client=client, member=member, kind="wage", net_monthly=Decimal(100))
        trajectory = TrajectoryFactory.create(
            client=client,
            kind="debt_help",
            opened_on=today,
            partner="Bakkerij Quackenbosch",
            outcome_note="Zerafina betaalt af",
            created_by=worker,
        )
        TrajectoryStepFactory.create(trajectory=trajectory, description="Zerafina brengt fiches")
        TrajectoryEventFactory.create(
            trajectory=trajectory,
            at=timezone.now(),
            actor=worker,
            description="Stap toegevoegd: Zerafina brengt fiches",
        )
        DebtFactory.create(
            trajectory=trajectory,
            creditor="Quackenbosch Incasso",
            reference=PERSONAL["reference"],
            original_amount=Decimal("1200.00"),
            outstanding_amount=Decimal("800.00"),
        )
        JournalEntryFactory.create(
            client=client,
            author=worker,
            occurred_on=today,
            kind="phone",
            partners=f"Dokter {PERSONAL['doctor']}",
            text="Zerafina Quackenbosch belde over de huur",
        )
        JournalEntryFactory.create(
            client=client,
            author=worker,
            occurred_on=today,
            kind="note",
            text="Gezondheid: Zerafina is opgenomen",
            confidential=True,
        )
        flag = flag_for(
            client,
            right_code=f"recht_{n}",
            matched=(("%(names)s is 65 or older.", {"names": "Zerafina Quackenbosch"}),),
            close_reason="Zerafina ontvangt het al",
        )
        FlagEventFactory.create(
            flag=flag, at=timezone.now(), actor=worker, status="contacted", note="Zerafina gebeld"
        )
        # The scan rewrote the explanation: the one before, naming the child, is in the history.
        FlagEventFactory.create(
            flag=flag,
            at=timezone.now(),
            kind=FlagEvent.Kind.EXPLANATION,
            status="contacted",
            previous_explanation={
                **flag.explanation,
                "matched": [
                    {
                        "text": "Child with a recognised disability of at least %(threshold)s%%: "
                        "%(names)s.",
                        "values": {"names": PERSONAL["member"], "threshold": "66"},
                    },
                    {
                        "text": "%(holder)s receives leefloon.",
                        "values": {"holder": f"{PERSONAL['first_name']} {PERSONAL['last_name']}"},
                    },
                ],
            },
        )
        ClientRightFactory.create(
            client=client,
            right=flag.right,
            status="applied",
            since=today,
            evidence="Brief aan Zerafina",
            recorded_by=worker,
        )
        DataMissingNoteFactory.create(
            client=client,
            right=flag.right,
            parameters=flag.parameters,
            explanation=flag.explanation,
            facts_fingerprint="x",
            noted_at=timezone.now(),
        )
        ClientScanStateFactory.create(client=client)
        document = DocumentFactory.create(client=client, uploaded_by=worker)
        ForwardingFactory.create(
            request=HelpRequestFactory.create(client=client, received_by=worker, state="forwarded"),
            forwarded_by=worker,
        )
        # A request taken to the end: inquiry, proposal, decision, notification with its letter
        # (the document above), appeal.
        decided = HelpRequestFactory.create(client=client, received_by=worker, state="notified")
        Inquiry.objects.create(
            request=decided,
            written_by=worker,
            findings_family="Zerafina woont bij haar zus",
            home_visit_on=today,
        )
        Proposal.objects.create(
            request=decided,
            outcome="refuse",
            motivation="Zerafina heeft een inkomen",
            decider="team_lead",
            proposed_by=worker,
            proposed_at=timezone.now(),
        )
        decision = Decision.objects.create(
            request=decided,
            outcome="refused",
            motivation="Zerafina heeft een inkomen",
            decided_on=today,
            body="team_lead",
            decided_by=users["lead"],
            proposed_by=worker,
        )
        Notification.objects.create(
            request=decided,
            decision=decision,
            notified_on=today,
            way="registered",
            letter=document,
            recorded_by=worker,
        )
        Appeal.objects.create(
            request=decided,
            lodged_on=today,
            court="Arbeidsrechtbank Gent",
            note="Zerafina ging in beroep",
            recorded_by=worker,
        )
        RequestDocument.objects.create(request=decided, document=document)
        # A leefloon request with its eligibility check, calculation and grant (integration).
        leefloon_request = HelpRequestFactory.create(
            client=client, received_by=worker, state="notified", kind=request_kind("leefloon")
        )
        EligibilityFactory.create(
            request=leefloon_request, checked_by=worker, actual_residence_note="Zerafina woont er"
        )
        grant = LeefloonGrantFactory.create(
            calculation=LeefloonCalculationFactory.create(
                request=leefloon_request, created_by=worker
            ),
            decision__decided_by=users["lead"],
            decision__proposed_by=worker,
        )
        GrantAmountFactory.create(grant=grant)
        # integration: GPMI and art. 60 rows (below this line)
        # A signed GPMI contract on that request, with an evaluation held.
        contract = GpmiContractFactory.create(
            client=client,
            request=leefloon_request,
            created_by=worker,
            goals="Zerafina leert Nederlands",
            signed_by_client_on=today,
            signed_by_ocmw_on=today,
            signed_for_ocmw_by=users["lead"],
        )
        GpmiEvaluationFactory.create(
            contract=contract,
            held_on=today,
            report="Zerafina volgt de lessen",
            recorded_by=worker,
        )
        # An art. 60 job at a partner, with what the worker noted.
        Art60ContractFactory.create(
            client=client, created_by=worker, note="Zerafina werkt graag in de keuken"
        )
        # The committee postponed it once before the decision, saying why.
        AgendaItemFactory.create(
            request=decided,
            result="postponed",
            reason="Zerafina bezorgt eerst haar loonbrieven",
            recorded_by=users["lead"],
        )
    client.refresh_from_db()
    if not apps.get_model("budgets", "BudgetVersion").objects.exists():
        budget_version(actor=administrator())
        aid_policy()
    for _n in range(rows):
        calculation = aid_calculation_save(
            actor=colleague,
            client=client,
            on=today,
            costs=replace(costs_from_client(client), rent=Decimal("650.00")),
            reasons={"rent": "Zerafina toonde het nieuwe huurcontract"},
            note="Berekend met Zerafina",
        )
        AidDecisionFactory.create(
            client=client,
            calculation=calculation,
            amount=Decimal("100.00"),
            starts_on=today.replace(day=1),
            months=3,
            motivation="Zerafina kan de huur niet betalen",
            activation_commitment="Zerafina volgt een opleiding",
            status="withdrawn",
            proposed_by=colleague,
            proposed_at=timezone.now(),
        )
    return client


@pytest.fixture
def team(db: None) -> Wijkteam:
    return WijkteamFactory.create(name="Centrum")


@pytest.fixture
def users(team: Wijkteam) -> dict[str, User]:
    return staff(team)


@pytest.fixture
def file(users: dict[str, User]) -> Client:
    return full_file(users)


def download(http: HttpClient, client: Client, export_format: str) -> Any:
    return http.post(
        reverse("clients:file_gdpr", args=[client.pk]), {"export_format": export_format}
    )


def test_the_json_export_holds_every_part_of_the_file(
    client: HttpClient, users: dict[str, User], file: Client
) -> None:
    response = download(login(client, users["lead"]), file, "json")

    assert response.status_code == 200
    # The file has a document: the JSON goes in a ZIP with its file (tests/documents).
    assert response["Content-Type"] == "application/zip"
    document = json.loads(zipfile.ZipFile(io.BytesIO(response.getvalue())).read("data.json"))
    assert document["client"]["national_number"] == NATIONAL_NUMBER  # the subject's own data
    assert document["client"]["team"] == "Centrum"
    for section in export_sections():
        assert document[section.name], f"{section.name} is empty"
    assert [e["confidential"] for e in document["journal"]] == [False, True]
    assert {a["worker"] for a in document["assignments"]} == {"Mira Maes", "Bart Claes"}
    snapshot = document["aid_calculations"][0]["inputs"]
    assert snapshot["persons"][0]["name"] == "Zerafina Quackenbosch"
    assert document["debts"][0]["outstanding_amount"] == "800.00"
    assert document["rights_register"][0]["evidence"] == "Brief aan Zerafina"
    # The explanation a flag had before the scan rewrote it, as stored: the rule's finding.
    (update,) = [e for e in document["flag_events"] if e["kind"] == "explanation"]
    assert update["previous_explanation"]["matched"][0]["values"]["names"] == PERSONAL["member"]
    # The export's own row is in the access log it exports.
    assert document["access_log"][-1]["action"] == "export"


def test_the_csv_export_is_a_zip_with_one_semicolon_csv_per_table(
    client: HttpClient, users: dict[str, User], file: Client
) -> None:
    response = download(login(client, users["lead"]), file, "csv")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.getvalue()))
    names = set(archive.namelist())
    csv_names = {"client.csv"} | {f"{section.name}.csv" for section in export_sections()}
    (document,) = file.documents.all()
    assert names == csv_names | {"README.txt", f"documents/{document.pk}-attest.pdf"}
    tables = {}
    for name in csv_names:
        raw = archive.read(name)
        assert raw.startswith(b"\xef\xbb\xbf"), name  # UTF-8 with a byte order mark
        tables[name] = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert tables["client.csv"][0]["national_number"] == NATIONAL_NUMBER
    assert tables["client.csv"][0]["rent"] == "600,00"  # a decimal comma, as Excel reads it
    assert len(tables["journal.csv"]) == 2
    events = {row["kind"]: row for row in tables["flag_events.csv"]}
    assert json.loads(events["explanation"]["previous_explanation"])["right"] == "recht_0"
    assert events["status"]["previous_explanation"] == ""
    assert tables["debts.csv"][0]["creditor"] == "Quackenbosch Incasso"
    inputs = json.loads(tables["aid_calculations.csv"][0]["inputs"])
    assert inputs["persons"][0]["name"] == "Zerafina Quackenbosch"


@pytest.mark.parametrize(
    ("export_format", "what"), [("json", LOGGED_EXPORT_JSON), ("csv", LOGGED_EXPORT_CSV)]
)
def test_a_download_writes_one_export_row_without_personal_data(
    client: HttpClient, users: dict[str, User], file: Client, export_format: str, what: str
) -> None:
    response = download(login(client, users["lead"]), file, export_format)

    row = AccessLog.objects.get(client=file, action=AccessLog.Action.EXPORT)
    assert (row.actor, row.what_key) == (users["lead"], what)
    disposition = response["Content-Disposition"]
    today = timezone.localdate().isoformat()
    # Both are ZIPs: the file has a document, whose file goes with the data.
    assert disposition == f'attachment; filename="client-{file.pk}-{today}.zip"'
    assert row.what_params == {"files": 1, "files_missing": 0}
    assert "no-store" in response["Cache-Control"]
    for text in (row.what, row.purpose, disposition, response.request["PATH_INFO"]):
        assert NATIONAL_NUMBER not in text
        assert PERSONAL["last_name"] not in text


def test_the_page_shows_the_choice_and_logs_a_view_but_no_export(
    client: HttpClient, users: dict[str, User], file: Client
) -> None:
    response = login(client, users["lead"]).get(reverse("clients:file_gdpr", args=[file.pk]))

    assert response.status_code == 200
    assert b'name="export_format"' in response.content
    actions = list(AccessLog.objects.filter(actor=users["lead"]).values_list("action", flat=True))
    assert actions == [AccessLog.Action.VIEW]


def test_the_lead_sees_the_export_button_on_the_file_and_the_worker_does_not(
    client: HttpClient, users: dict[str, User], file: Client
) -> None:
    url = reverse("clients:file_gdpr", args=[file.pk]).encode()
    overview = reverse("clients:file", args=[file.pk])

    assert url in login(client, users["lead"]).get(overview).content
    assert url not in login(client, users["colleague"]).get(overview).content


def test_an_unknown_format_downloads_nothing(
    client: HttpClient, users: dict[str, User], file: Client
) -> None:
    response = download(login(client, users["lead"]), file, "xml")

    assert response.status_code == 200
    assert "Content-Disposition" not in response
    assert not AccessLog.objects.filter(action=AccessLog.Action.EXPORT).exists()


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("worker", 403),  # the assigned social worker asks the lead
        ("colleague", 403),
        ("outsider", 403),
        ("other_lead", 404),
        ("admin", 403),
        ("dpo", 403),
    ],
)
def test_refused_roles_get_nothing_and_change_nothing(
    client: HttpClient, users: dict[str, User], file: Client, role: str, status: int
) -> None:
    heule = WijkteamFactory.create(name="Heule")
    others = {
        "outsider": social_worker(heule),
        "other_lead": team_lead(heule),
        "admin": administrator(),
        "dpo": data_protection_officer(),
    }
    user = users.get(role) or others[role]
    rows_before = AccessLog.objects.count()

    response = download(login(client, user), file, "json")

    assert response.status_code == status
    assert "Content-Disposition" not in response
    assert AccessLog.objects.count() == rows_before


def test_the_service_refuses_anyone_but_the_lead(users: dict[str, User], file: Client) -> None:
    with pytest.raises(PermissionDenied):
        client_export(actor=users["worker"], client=file, export_format="json")
    assert not AccessLog.objects.filter(action=AccessLog.Action.EXPORT).exists()


def test_a_formula_in_a_text_is_not_a_formula_in_the_csv(
    users: dict[str, User], file: Client
) -> None:
    JournalEntry.objects.filter(client=file).update(text='=HYPERLINK("http://x")')

    content = client_export(actor=users["lead"], client=file, export_format="csv").content
    journal = zipfile.ZipFile(io.BytesIO(content)).read("journal.csv").decode("utf-8-sig")

    assert "'=HYPERLINK" in journal
    assert ";=HYPERLINK" not in journal


def test_the_export_takes_one_query_per_table_whatever_the_size_of_the_file(
    users: dict[str, User], django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    small = full_file(users, rows=1)
    large_users = staff(WijkteamFactory.create(name="Noord"))
    Client.objects.filter(pk=small.pk).update(
        national_number=national_number_for(small.birth_date, 7)
    )
    large = full_file(large_users, rows=4)
    assert JournalEntry.objects.filter(client=large).count() == 8

    # One query for the client with its team, then one per table (with their labels joined).
    for client in (small, large):
        with django_assert_num_queries(1 + len(export_sections())):
            client_export_document(client_id=client.pk)


def _reaches_client(model: type[models.Model], depth: int = 2) -> bool:
    """The model has a foreign key (or a one-to-one key) to Client, directly or through one
    other model."""
    for field in model._meta.concrete_fields:
        target = field.related_model if field.many_to_one or field.one_to_one else None
        if target is Client or (
            depth > 1
            and isinstance(target, type)
            and target is not model
            and _reaches_client(target, depth - 1)
        ):
            return True
    return False


def test_every_table_that_reaches_a_client_is_exported() -> None:
    reaching = {
        model._meta.label
        for model in apps.get_models()
        if model is not Client and _reaches_client(model)
    }

    assert reaching == {section.model for section in export_sections()}
