"""The screens of the rights app: the client file's "Rechten" tab, the list of flags, the home
page's count, the team lead's scan runs, and the administrator's catalogue and parameters."""

import datetime as dt
import re
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext

from clients.models import AccessLog
from rights.facts import Line
from rights.log_actions import SEEN_RIGHTS
from rights.models import (
    ClientRight,
    FlagEvent,
    NonTakeUpFlag,
    RightParameters,
    ScanRun,
)
from tests.conftest import TODAY, login
from tests.factories import (
    ClientRightFactory,
    DataMissingNoteFactory,
    FlagEventFactory,
    IncomeFactory,
    ScanRunFactory,
    WijkteamFactory,
    client_of,
    flag_for,
    right_of,
    right_parameters,
    social_worker,
    team_lead,
)
from wijkteams.models import User, Wijkteam

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("today")]

Status = NonTakeUpFlag.Status

MATCHED: tuple[str, dict[str, str]] = ("Receives the income guarantee for the elderly (IGO).", {})
MISSING: tuple[str, dict[str, str]] = (
    "Last year's gross taxable income is missing for an income of the household: the income "
    "test cannot be made.",
    {},
)


def _text(response: Any) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def _tab(pk: int) -> str:
    return reverse("rights:file_rights", args=[pk])


def _act(client: HttpClient, flag: Any, action: str, **data: str) -> Any:
    url = reverse("rights:flag_act", args=[flag.client_id, flag.pk])
    prefix = f"flag{flag.pk}"
    return client.post(
        url, {f"{prefix}-action": action, **{f"{prefix}-{k}": v for k, v in data.items()}}
    )


# --- the client file's tab --------------------------------------------------------------------


def test_tab_shows_why_the_client_seems_eligible(client: HttpClient, worker: User) -> None:
    flag = flag_for(client_of(worker), matched=(MATCHED,))
    page = _text(login(client, worker).get(_tab(flag.client_id)))
    assert Line(MATCHED[0]).render() in page


def test_tab_shows_the_missing_data(client: HttpClient, worker: User) -> None:
    flag = flag_for(client_of(worker), missing=(MISSING,))
    page = _text(login(client, worker).get(_tab(flag.client_id)))
    assert Line(MISSING[0]).render().replace("'", "&#x27;") in page


def test_tab_shows_what_data_the_scan_missed_to_decide(client: HttpClient, worker: User) -> None:
    mine = client_of(worker)
    right = right_of("test_recht", name_nl="Testrecht")
    parameters = right_parameters(right)
    DataMissingNoteFactory.create(
        client=mine,
        right=right,
        parameters=parameters,
        explanation={"missing": [{"text": MISSING[0], "values": {}}]},
        facts_fingerprint="x",
        noted_at=timezone.now(),
    )
    page = _text(login(client, worker).get(_tab(mine.pk)))
    assert "Ontbrekende gegevens om een recht te controleren" in page
    assert "Testrecht" in page
    assert Line(MISSING[0]).render().replace("'", "&#x27;") in page


def test_tab_shows_the_parameter_version_used(client: HttpClient, worker: User) -> None:
    flag = flag_for(client_of(worker))
    page = _text(login(client, worker).get(_tab(flag.client_id)))
    assert date_format(flag.parameters.valid_from, "SHORT_DATE_FORMAT") in page


def test_tab_shows_how_to_apply_and_the_documents(client: HttpClient, worker: User) -> None:
    right = right_of("test_recht", how_to_apply_nl="Loket 3 van het OCMW", documents_nl="Attest")
    flag = flag_for(client_of(worker), right_code=right.code)
    page = _text(login(client, worker).get(_tab(flag.client_id)))
    assert "Loket 3 van het OCMW" in page
    assert "Attest" in page


def test_tab_is_logged_as_a_view(client: HttpClient, worker: User) -> None:
    mine = client_of(worker)
    login(client, worker).get(_tab(mine.pk))
    log = AccessLog.objects.get(client=mine)
    assert (log.action, log.what_key, log.actor) == (AccessLog.Action.VIEW, SEEN_RIGHTS, worker)


def test_tab_offers_the_steps_to_the_assigned_worker(client: HttpClient, worker: User) -> None:
    flag = flag_for(client_of(worker))
    response = login(client, worker).get(_tab(flag.client_id))
    assert f'name="flag{flag.pk}-action"' in _text(response)


def test_a_colleague_reads_the_tab_without_the_steps(
    client: HttpClient, team: Wijkteam, worker: User
) -> None:
    flag = flag_for(client_of(worker), matched=(MATCHED,))
    response = login(client, social_worker(team)).get(_tab(flag.client_id))
    assert Line(MATCHED[0]).render() in _text(response)
    assert "-action" not in _text(response)
    assert "register-right" not in _text(response)


def test_tab_lists_the_register(client: HttpClient, worker: User) -> None:
    mine = client_of(worker)
    ClientRightFactory.create(
        client=mine,
        right=right_of("test_recht", name_nl="Testrecht"),
        status="refused",
        since=TODAY,
        evidence="brief van 3 maart",
        recorded_by=worker,
    )
    page = _text(login(client, worker).get(_tab(mine.pk)))
    assert "Testrecht" in page
    assert "brief van 3 maart" in page


def test_tab_shows_closed_flags_without_steps(client: HttpClient, worker: User) -> None:
    flag = flag_for(client_of(worker), status=Status.DISMISSED, close_reason="Verhuisd")
    page = _text(login(client, worker).get(_tab(flag.client_id)))
    assert "Verhuisd" in page
    assert f'name="flag{flag.pk}-action"' not in page


def test_tab_queries_do_not_grow_with_flags(
    client: HttpClient, worker: User, django_assert_num_queries: Any
) -> None:
    mine = client_of(worker)
    for n in range(5):
        flag = flag_for(mine, right_code=f"recht_{n}")
        _event(flag, worker)
        FlagEventFactory.create(  # an explanation the scan replaced: rendered from the event
            flag=flag,
            at=timezone.now(),
            kind=FlagEvent.Kind.EXPLANATION,
            status=flag.status,
            previous_explanation=flag.explanation,
        )
        flag_for(mine, right_code=f"recht_{n}", status=Status.DISMISSED)
    login(client, worker)
    # session, user, roles, client with its current assignment (which also says who may edit),
    # access log, open flags, their events (with the explanations they replaced), closed flags,
    # their events, register, data-missing notes, rights for the form
    with django_assert_num_queries(12):
        response = client.get(_tab(mine.pk))
    assert response.status_code == 200


def _event(flag: Any, actor: User) -> None:
    FlagEventFactory.create(flag=flag, at=timezone.now(), actor=actor, status=Status.OPEN)


# --- steps through the tab ------------------------------------------------------------------


def test_recording_a_step_redirects_to_the_flag(client: HttpClient, worker: User) -> None:
    flag = flag_for(client_of(worker))
    response = _act(login(client, worker), flag, "applied")
    assert response.status_code == 302
    assert response["Location"] == f"{_tab(flag.client_id)}#signaal-{flag.pk}"
    assert NonTakeUpFlag.objects.get(pk=flag.pk).status == Status.APPLIED


def test_granted_through_the_tab_records_the_evidence(client: HttpClient, worker: User) -> None:
    flag = flag_for(client_of(worker))
    _act(login(client, worker), flag, "granted", evidence="attest")
    line = ClientRight.objects.get(client=flag.client)
    assert (line.status, line.evidence) == ("receives", "attest")


def test_dismissing_without_a_reason_shows_the_error_at_the_field(
    client: HttpClient, worker: User
) -> None:
    flag = flag_for(client_of(worker))
    response = _act(login(client, worker), flag, "dismissed", note="geen zin")
    assert response.status_code == 200
    form = response.context["open_cards"][0].action_form
    assert form.errors["reason"]
    assert form["note"].value() == "geen zin"  # nothing typed is lost
    assert NonTakeUpFlag.objects.get(pk=flag.pk).status == Status.OPEN


def test_a_step_on_a_closed_flag_is_refused_with_a_message(
    client: HttpClient, worker: User
) -> None:
    flag = flag_for(client_of(worker), status=Status.GRANTED)
    response = _act(login(client, worker), flag, "contacted")
    assert response.status_code == 302
    assert NonTakeUpFlag.objects.get(pk=flag.pk).status == Status.GRANTED


def test_a_flag_of_another_client_is_not_found(client: HttpClient, worker: User) -> None:
    flag = flag_for(client_of(worker))
    other = client_of(worker)
    url = reverse("rights:flag_act", args=[other.pk, flag.pk])
    response = login(client, worker).post(url, {f"flag{flag.pk}-action": "applied"})
    assert response.status_code == 404


def test_the_type_is_recorded_through_the_tab(client: HttpClient, worker: User) -> None:
    flag = flag_for(client_of(worker))
    url = reverse("rights:flag_review", args=[flag.client_id, flag.pk])
    response = login(client, worker).post(
        url, {f"flag{flag.pk}-type-non_take_up_type": "not_offered"}
    )
    assert response.status_code == 302
    assert NonTakeUpFlag.objects.get(pk=flag.pk).non_take_up_type == "not_offered"


def test_the_register_is_recorded_through_the_tab(client: HttpClient, worker: User) -> None:
    mine = client_of(worker)
    right = right_of()
    url = reverse("rights:client_right_record", args=[mine.pk])
    response = login(client, worker).post(
        url,
        {
            "register-right": right.pk,
            "register-status": "applied",
            "register-since": TODAY.isoformat(),
            "register-evidence": "aanvraag 2/5",
        },
    )
    assert response.status_code == 302
    assert ClientRight.objects.get(client=mine).evidence == "aanvraag 2/5"


def test_a_register_date_in_the_future_comes_back_with_the_error(
    client: HttpClient, worker: User
) -> None:
    mine = client_of(worker)
    url = reverse("rights:client_right_record", args=[mine.pk])
    response = login(client, worker).post(
        url,
        {
            "register-right": right_of().pk,
            "register-status": "applied",
            "register-since": (TODAY + dt.timedelta(days=3)).isoformat(),
        },
    )
    assert response.status_code == 200
    assert response.context["register_form"].errors["since"]
    assert not ClientRight.objects.exists()


# --- the list of flags ------------------------------------------------------------------------


def _listed(response: Any) -> list[int]:
    return [flag.pk for flag in response.context["page"]]


def test_list_shows_the_open_flags_of_my_clients(client: HttpClient, worker: User) -> None:
    mine = flag_for(client_of(worker))
    flag_for(client_of(worker), right_code="schooltoeslag", status=Status.DISMISSED)
    response = login(client, worker).get(reverse("rights:flags"))
    assert _listed(response) == [mine.pk]


def test_list_puts_the_highest_estimated_value_first(client: HttpClient, worker: User) -> None:
    """A worklist a person can finish: the most valuable rights first, those without an
    estimate last (newest first among equals)."""
    unknown = flag_for(client_of(worker), right_code="uitpas_kansentarief")
    small = flag_for(client_of(worker), estimated_yearly_value=Decimal("60.00"))
    large = flag_for(client_of(worker), estimated_yearly_value=Decimal("2400.00"))
    middle = flag_for(
        client_of(worker), right_code="schooltoeslag", estimated_yearly_value=Decimal("300.00")
    )
    response = login(client, worker).get(reverse("rights:flags"))
    assert _listed(response) == [large.pk, middle.pk, small.pk, unknown.pk]
    assert "€&nbsp;2.400" in response.content.decode()


def test_the_tab_orders_a_clients_flags_by_value_and_explains_it(
    client: HttpClient, worker: User
) -> None:
    file = client_of(worker)
    cheap = flag_for(file, right_code="uitpas_kansentarief", estimated_yearly_value=Decimal("50"))
    dear = flag_for(file, estimated_yearly_value=Decimal("900"))
    html = login(client, worker).get(_tab(file.pk)).content.decode()
    assert html.index(f'id="signaal-{dear.pk}"') < html.index(f'id="signaal-{cheap.pk}"')
    assert "Geschatte waarde" in html
    assert "€&nbsp;900,00 <span" in html


def test_list_leaves_out_the_flags_of_colleagues(
    client: HttpClient, team: Wijkteam, worker: User
) -> None:
    flag_for(client_of(social_worker(team)))
    assert _listed(login(client, worker).get(reverse("rights:flags"))) == []


def test_list_shows_closed_flags_on_request(client: HttpClient, worker: User) -> None:
    closed = flag_for(client_of(worker), status=Status.GRANTED)
    response = login(client, worker).get(reverse("rights:flags"), {"status": "all"})
    assert _listed(response) == [closed.pk]


def test_list_filters_by_status(client: HttpClient, worker: User) -> None:
    flag_for(client_of(worker))
    applied = flag_for(client_of(worker), status=Status.APPLIED)
    response = login(client, worker).get(reverse("rights:flags"), {"status": "applied"})
    assert _listed(response) == [applied.pk]


def test_list_filters_by_right(client: HttpClient, worker: User) -> None:
    flag_for(client_of(worker))
    school = flag_for(client_of(worker), right_code="schooltoeslag")
    response = login(client, worker).get(reverse("rights:flags"), {"right": school.right_id})
    assert _listed(response) == [school.pk]


def test_a_lead_sees_the_flags_of_the_team_with_the_worker(
    client: HttpClient, worker: User, lead: User
) -> None:
    flag = flag_for(client_of(worker))
    response = login(client, lead).get(reverse("rights:flags"))
    assert _listed(response) == [flag.pk]
    assert worker.last_name in _text(response)


def test_a_lead_of_two_teams_filters_by_team(client: HttpClient, worker: User, lead: User) -> None:
    other_team = WijkteamFactory.create(name="Heule")
    lead.memberships.create(role="team_lead", team=other_team, starts_on=dt.date(2024, 1, 1))
    flag_for(client_of(worker))
    theirs = flag_for(client_of(social_worker(other_team)))
    response = login(client, lead).get(reverse("rights:flags"), {"team": other_team.pk})
    assert _listed(response) == [theirs.pk]


def test_a_lead_does_not_see_flags_of_other_teams(client: HttpClient, lead: User) -> None:
    flag_for(client_of(social_worker(WijkteamFactory.create(name="Heule"))))
    assert _listed(login(client, lead).get(reverse("rights:flags"))) == []


def test_list_paginates_by_25(client: HttpClient, worker: User) -> None:
    mine = [client_of(worker) for _n in range(26)]
    for person in mine:
        flag_for(person)
    login(client, worker)
    assert len(client.get(reverse("rights:flags")).context["page"]) == 25
    assert len(client.get(reverse("rights:flags"), {"page": 2}).context["page"]) == 1


def test_list_links_each_flag_on_its_client_rights_tab(client: HttpClient, worker: User) -> None:
    flags = [flag_for(client_of(worker)) for _n in range(3)]
    html = login(client, worker).get(reverse("rights:flags")).content.decode()
    for flag in flags:
        assert f'href="{_tab(flag.client_id)}#signaal-{flag.pk}"' in html


@pytest.mark.parametrize("size", [2, 30])
def test_list_query_count_does_not_grow_with_flags(
    client: HttpClient, worker: User, lead: User, size: int, django_assert_num_queries: Any
) -> None:
    for n in range(size):
        flag_for(client_of(worker), right_code="schooltoeslag" if n % 2 else "test_recht")
    login(client, lead)
    # session, user, roles, the led teams, the rights of the filter, the page of flags with
    # their number (one query), the access-log rows of the clients shown (one insert)
    with django_assert_num_queries(7):
        response = client.get(reverse("rights:flags"))
    assert len(response.context["page"]) == min(size, 25)


# --- the worker's home --------------------------------------------------------------------------


def test_home_shows_the_number_of_open_flags(
    client: HttpClient, worker: User, team: Wijkteam
) -> None:
    flag_for(client_of(worker))
    flag_for(client_of(worker), right_code="schooltoeslag")
    flag_for(client_of(worker), status=Status.DISMISSED)
    flag_for(client_of(social_worker(team)))  # a colleague's client in the same team
    response = login(client, worker).get(reverse("clients:my_cases"))
    page = _text(response)
    assert reverse("rights:flags") in page
    expected = ngettext(
        "%(counter)s open flag for your clients", "%(counter)s open flags for your clients", 2
    ) % {"counter": 2}
    assert expected in page


def test_home_without_open_flags_says_so(client: HttpClient, worker: User) -> None:
    page = _text(login(client, worker).get(reverse("clients:my_cases")))
    assert gettext("No possible rights not taken up have been detected yet.") in page


# --- scan runs --------------------------------------------------------------------------------


def test_scan_runs_are_listed_for_a_lead(client: HttpClient, lead: User) -> None:
    run = ScanRunFactory.create(
        kind=ScanRun.Kind.NIGHTLY,
        status=ScanRun.Status.DONE,
        started_at=timezone.now(),
        finished_at=timezone.now(),
        scan_date=TODAY,
        clients=1234,
        clients_evaluated=89,
        flags_opened=56,
        flags_closed=7,
        errors=2,
    )
    response = login(client, lead).get(reverse("rights:scan_runs"))
    assert list(response.context["page"]) == [run]
    text = _text(response)
    assert "1234" in text
    assert "Beoordeeld" in text  # the clients the rules ran for
    assert "89" in text


def test_a_lead_starts_a_scan(
    client: HttpClient, worker: User, lead: User, django_capture_on_commit_callbacks: Any
) -> None:
    client_of(worker)
    login(client, lead)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("rights:scan_start"))
    assert response.status_code == 302
    run = ScanRun.objects.get()
    # Without a broker the scan runs in the request: it is done when the page comes back.
    assert (run.kind, run.started_by, run.status) == (
        ScanRun.Kind.MANUAL,
        lead,
        ScanRun.Status.DONE,
    )
    assert run.clients >= 1


def test_no_second_scan_while_one_runs(client: HttpClient, lead: User) -> None:
    ScanRunFactory.create(kind=ScanRun.Kind.NIGHTLY, started_at=timezone.now(), scan_date=TODAY)
    login(client, lead).post(reverse("rights:scan_start"))
    assert ScanRun.objects.count() == 1


def test_a_run_older_than_the_time_limit_does_not_block_a_scan(
    client: HttpClient, lead: User
) -> None:
    ScanRunFactory.create(
        kind=ScanRun.Kind.NIGHTLY,
        started_at=timezone.now() - dt.timedelta(days=1),
        scan_date=TODAY - dt.timedelta(days=1),
    )
    login(client, lead).post(reverse("rights:scan_start"))
    assert ScanRun.objects.filter(kind=ScanRun.Kind.MANUAL).exists()


@pytest.mark.parametrize("size", [2, 40])
def test_scan_runs_query_count_does_not_grow(
    client: HttpClient, lead: User, size: int, django_assert_num_queries: Any
) -> None:
    for _n in range(size):
        ScanRunFactory.create(
            kind=ScanRun.Kind.MANUAL,
            started_by=lead,
            started_at=timezone.now(),
            scan_date=TODAY,
            status=ScanRun.Status.DONE,
        )
    login(client, lead)
    # session, user, roles, count, page of runs (with who started them), a run in progress
    with django_assert_num_queries(6):
        client.get(reverse("rights:scan_runs"))


# --- administrators: catalogue, texts, parameters with preview -------------------------------

VALUES = {"limit": "1000.00", "months": "3"}


@pytest.fixture
def test_right(db: None) -> Any:
    right = right_of("test_recht", name_nl="Testrecht")
    right_parameters(right, valid_from=dt.date(2020, 1, 1), values=VALUES)
    return right


def _version_data(valid_from: dt.date, **extra: str) -> dict[str, str]:
    return {
        "valid_from": valid_from.isoformat(),
        "source": "test 2026",
        "value_limit": "1.100,50",
        "value_months": "4",
        **extra,
    }


def test_catalogue_lists_the_rights(client: HttpClient, admin_user: User, test_right: Any) -> None:
    response = login(client, admin_user).get(reverse("rights:catalogue"))
    assert "Testrecht" in _text(response)


def test_an_administrator_edits_the_texts(
    client: HttpClient, admin_user: User, test_right: Any
) -> None:
    data = {
        "name_nl": "Nieuw",
        "name_en": "New",
        "gives_nl": "a",
        "gives_en": "b",
        "how_to_apply_nl": "c",
        "how_to_apply_en": "d",
        "documents_nl": "",
        "documents_en": "",
    }
    url = reverse("rights:right_edit", args=[test_right.pk])
    assert login(client, admin_user).post(url, data).status_code == 302
    test_right.refresh_from_db()
    assert (test_right.name_nl, test_right.how_to_apply_en) == ("Nieuw", "d")


def test_the_new_version_form_is_filled_in_from_the_current_one(
    client: HttpClient, admin_user: User, test_right: Any
) -> None:
    response = login(client, admin_user).get(reverse("rights:parameters", args=[test_right.pk]))
    form = response.context["form"]
    assert form["value_months"].value() == 3
    assert str(form["value_limit"].value()) == "1000.00"


def test_preview_shows_the_numbers_and_saves_nothing(
    client: HttpClient, admin_user: User, test_right: Any
) -> None:
    url = reverse("rights:parameters", args=[test_right.pk])
    data = _version_data(TODAY + dt.timedelta(days=5), action="preview")
    response = login(client, admin_user).post(url, data)
    assert response.status_code == 200
    preview = response.context["preview"]
    assert (preview.would_open, preview.would_close) == (0, 0)  # no rule for a test right
    assert test_right.parameters.count() == 1
    assert response.context["form"]["previewed"].value()


def test_saving_without_a_preview_shows_the_preview_first(
    client: HttpClient, admin_user: User, test_right: Any
) -> None:
    url = reverse("rights:parameters", args=[test_right.pk])
    response = login(client, admin_user).post(
        url, _version_data(TODAY + dt.timedelta(days=5), action="save")
    )
    assert response.status_code == 200
    assert response.context["preview"] is not None
    assert test_right.parameters.count() == 1


def test_saving_the_previewed_values_adds_the_version(
    client: HttpClient, admin_user: User, test_right: Any
) -> None:
    url = reverse("rights:parameters", args=[test_right.pk])
    day = TODAY + dt.timedelta(days=5)
    login(client, admin_user)
    previewed = client.post(url, _version_data(day, action="preview")).context["form"]
    fingerprint = previewed["previewed"].value()
    response = client.post(url, _version_data(day, action="save", previewed=fingerprint))
    assert response.status_code == 302
    version = test_right.parameters.get(valid_from=day)
    assert version.values == {"limit": "1100.50", "months": "4"}


def test_changed_values_after_the_preview_are_previewed_again(
    client: HttpClient, admin_user: User, test_right: Any
) -> None:
    url = reverse("rights:parameters", args=[test_right.pk])
    day = TODAY + dt.timedelta(days=5)
    login(client, admin_user)
    fingerprint = (
        client.post(url, _version_data(day, action="preview")).context["form"]["previewed"].value()
    )
    changed = _version_data(day, action="save", previewed=fingerprint, value_months="6")
    response = client.post(url, changed)
    assert response.status_code == 200
    assert test_right.parameters.count() == 1


def test_a_start_date_in_the_past_is_refused_at_the_field(
    client: HttpClient, admin_user: User, test_right: Any
) -> None:
    url = reverse("rights:parameters", args=[test_right.pk])
    response = login(client, admin_user).post(
        url, _version_data(TODAY - dt.timedelta(days=1), action="preview")
    )
    assert response.context["form"].errors["valid_from"]
    assert response.context["preview"] is None


def test_the_preview_counts_flags_of_a_real_rule(
    client: HttpClient, admin_user: User, worker: User
) -> None:
    """The verhoogde tegemoetkoming opens for someone with an IGO: a preview counts it without
    naming anyone, and without writing a flag."""
    from clients.models import Income

    person = client_of(worker, first_name="Zichtbaar", last_name="Nergens")
    IncomeFactory.create(client=person, kind=Income.Kind.IGO, net_monthly="1000.00")
    right = right_of("verhoogde_tegemoetkoming")
    url = reverse("rights:parameters", args=[right.pk])
    login(client, admin_user)
    form = client.get(url).context["form"]
    data = {name: form[name].value() for name in form.fields if name != "previewed"}
    data |= {"valid_from": (TODAY + dt.timedelta(days=1)).isoformat(), "action": "preview"}
    response = client.post(url, {k: str(v) for k, v in data.items()})
    assert response.context["preview"].would_open == 1
    assert "Nergens" not in _text(response)
    assert not NonTakeUpFlag.objects.exists()


def test_a_planned_version_is_changed_through_its_page(
    client: HttpClient, admin_user: User, test_right: Any
) -> None:
    day = TODAY + dt.timedelta(days=5)
    planned = right_parameters(test_right, valid_from=day, values=VALUES)
    url = reverse("rights:parameters_edit", args=[test_right.pk, planned.pk])
    login(client, admin_user)
    fingerprint = (
        client.post(url, _version_data(day, action="preview")).context["form"]["previewed"].value()
    )
    response = client.post(url, _version_data(day, action="save", previewed=fingerprint))
    assert response.status_code == 302
    planned.refresh_from_db()
    assert planned.values == {"limit": "1100.50", "months": "4"}


def test_a_version_in_force_has_no_edit_page(
    client: HttpClient, admin_user: User, test_right: Any
) -> None:
    in_force = test_right.parameters.get()
    url = reverse("rights:parameters_edit", args=[test_right.pk, in_force.pk])
    response = login(client, admin_user).get(url)
    assert response.status_code == 302


def test_a_planned_version_is_deleted(
    client: HttpClient, admin_user: User, test_right: Any
) -> None:
    planned = right_parameters(test_right, valid_from=TODAY + dt.timedelta(days=5), values=VALUES)
    url = reverse("rights:parameters_delete", args=[test_right.pk, planned.pk])
    assert login(client, admin_user).post(url).status_code == 302
    assert not RightParameters.objects.filter(pk=planned.pk).exists()


def test_a_lead_cannot_reach_the_parameters(client: HttpClient, test_right: Any) -> None:
    lead = team_lead(WijkteamFactory.create(name="Heule"))
    url = reverse("rights:parameters", args=[test_right.pk])
    assert login(client, lead).get(url).status_code == 403
