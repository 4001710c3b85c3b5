"""Who may open each page of the committee (issue 19 point 5: "a committee member sees the
agenda, not the files"): every URL under /comite/ for anonymous, the client's social worker,
the lead of the client's team, the lead of another team, a committee member who does not sit
in the session, one who does, and an administrator; a refused POST changes nothing. And a
committee member against every other URL of the project: no client file, ever."""

import datetime as dt
from typing import Any

import pytest
from django.apps import apps
from django.test import Client as HttpClient
from django.urls import reverse

from clients.models import AccessLog
from procedure.log_actions import SEEN_AGENDA_PSEUDONYMISED
from procedure.services import sessions as services
from tests import test_permission_matrix as project
from tests.conftest import login
from tests.factories import (
    WijkteamFactory,
    administrator,
    client_of,
    committee_member,
    social_worker,
    team_lead,
)
from tests.procedure.committee import proposed
from tests.test_permission_matrix import world  # noqa: F401  # the project's world, a fixture
from wijkteams.models import User
from wijkteams.selectors import roles_for

ROLES = ["anonymous", "worker", "lead", "other_lead", "member_out", "member_in", "admin"]
LOGIN = "login"


def _row(*codes: int | str | None) -> dict[str, int | str | None]:
    assert len(codes) == len(ROLES)
    return dict(zip(ROLES, codes, strict=True))


#                       anon   worker lead other_lead member_out member_in admin
LEADS = _row(LOGIN, 403, 200, 200, 403, 403, 403)
LEAD_POST_ONLY = _row(LOGIN, 403, 405, 405, 403, 403, 403)
GET: dict[str, dict[str, int | str | None]] = {
    "session_list": _row(LOGIN, 403, 200, 200, 200, 200, 403),
    "session_plan": LEADS,
    "session_detail": LEADS,
    "session_refresh": LEAD_POST_ONLY,
    "session_minutes": LEAD_POST_ONLY,
    "session_close": LEAD_POST_ONLY,
    "agenda_item": _row(LOGIN, 403, 200, 404, 403, 403, 403),
    "agenda_print": LEADS,
    "agenda_pseudonymised": _row(LOGIN, 403, 200, 200, 404, 200, 403),
}
# The POSTs each refused role sends: nothing of the session or the file may change.
REFUSED_POST = {
    "session_plan": _row(LOGIN, 403, None, None, 403, 403, 403),
    "session_refresh": _row(LOGIN, 403, None, None, 403, 403, 403),
    "session_minutes": _row(LOGIN, 403, None, None, 403, 403, 403),
    "session_close": _row(LOGIN, 403, None, None, 403, 403, 403),
    "agenda_item": _row(LOGIN, 403, None, 404, 403, 403, 403),
}


def test_every_committee_url_is_in_this_matrix() -> None:
    names = {name.split(":")[1] for name in project.MATRIX if name.startswith("procedure:")}
    committee = {n for n in names if n.startswith(("session_", "agenda_"))}
    assert committee == set(GET)


@pytest.fixture
def committee(db: None, today: dt.date) -> dict[str, object]:
    centrum = WijkteamFactory.create(name="Centrum")
    heule = WijkteamFactory.create(name="Heule")
    users = {
        "worker": social_worker(centrum),
        "lead": team_lead(centrum),
        "other_lead": team_lead(heule),
        "member_out": committee_member(),
        "member_in": committee_member(),
        "admin": administrator(),
    }
    client = client_of(users["worker"], team=centrum, first_name="Zenobia", last_name="Quist")
    proposed(users["worker"], client)
    session = services.session_plan(
        actor=users["lead"],
        held_on=today,
        place="Raadzaal",
        member_ids=[users["member_in"].pk],
    )
    item = session.items.get()
    return {"users": users, "session": session, "item": item, "client": client}


def _url(name: str, committee: dict[str, object]) -> str:
    session, item = committee["session"], committee["item"]
    if name == "agenda_item":
        return reverse(f"procedure:{name}", args=[session.pk, item.pk])  # type: ignore[attr-defined]
    if name in ("session_list", "session_plan"):
        return reverse(f"procedure:{name}")
    return reverse(f"procedure:{name}", args=[session.pk])  # type: ignore[attr-defined]


def _log_in(http: HttpClient, committee: dict[str, object], role: str) -> User | None:
    if role == "anonymous":
        return None
    user: User = committee["users"][role]  # type: ignore[index]
    login(http, user)
    return user


def _answers(response: Any, expected: int | str | None) -> bool:
    if expected == LOGIN:
        return bool(
            response.status_code == 302 and response["Location"].startswith(reverse("login"))
        )
    return bool(response.status_code == expected)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(GET))
def test_get_answers_as_the_matrix_says(
    client: HttpClient, committee: dict[str, object], name: str, role: str
) -> None:
    _log_in(client, committee, role)
    response = client.get(_url(name, committee))
    assert _answers(response, GET[name][role]), (name, role, response.status_code)
    if role.startswith("member"):
        assert "Quist" not in response.content.decode()


def _state() -> dict[str, list[tuple[object, ...]]]:
    """Every row of the procedure and of the clients' files, but the access log's views."""
    data = {}
    for label in ("clients", "procedure"):
        for model in apps.get_app_config(label).get_models():
            rows = model._default_manager.order_by("pk")
            if model is AccessLog:
                rows = rows.exclude(action=AccessLog.Action.VIEW)
            data[model._meta.label] = list(rows.values_list())
    return data


REFUSED = [(name, role) for name, row in REFUSED_POST.items() for role, code in row.items() if code]


@pytest.mark.parametrize(("name", "role"), REFUSED)
def test_a_refused_post_changes_nothing(
    client: HttpClient, committee: dict[str, object], name: str, role: str
) -> None:
    _log_in(client, committee, role)
    item = committee["item"]
    before = _state()
    response = client.post(
        _url(name, committee),
        {
            "version": item.request.version,  # type: ignore[attr-defined]
            "result": "postponed",
            "reason": "x",
            "minutes": "x",
            "held_on": "2026-03-20",
            "place": "x",
            "members": [committee["users"]["member_in"].pk],  # type: ignore[index]
        },
    )
    assert _answers(response, REFUSED_POST[name][role]), (name, role, response.status_code)
    assert _state() == before


def test_the_same_posts_by_the_lead_do_change(
    client: HttpClient, committee: dict[str, object]
) -> None:
    """The refusals above are refusals, not forms that never work."""
    _log_in(client, committee, "lead")
    item = committee["item"]
    response = client.post(
        _url("agenda_item", committee),
        {"version": item.request.version, "result": "postponed", "reason": "x"},  # type: ignore[attr-defined]
    )
    assert response.status_code == 302
    item.refresh_from_db()  # type: ignore[attr-defined]
    assert item.result == "postponed"  # type: ignore[attr-defined]


# --- a committee member and the rest of the project ---------------------------------------------


def test_a_committee_member_has_no_team_and_sees_no_client(db: None) -> None:
    from clients.selectors import clients_visible_to

    member = committee_member()
    client_of(social_worker(WijkteamFactory.create(name="Centrum")))
    roles = roles_for(member)
    assert roles.is_committee_member
    assert roles.has_any
    assert not (roles.worker_team_ids)
    assert not (roles.lead_team_ids)
    assert not clients_visible_to(member).exists()


# What a committee member may open of the project's other URLs: only what every logged-in
# user gets (the same answer for every role of the project matrix: login, language, two
# factor, health), plus the committee's own list and pseudonymised agenda.
MEMBER_PAGES = {"procedure:session_list", "procedure:agenda_pseudonymised"}
LOGGED_IN = [role for role in project.ROLES if role != "anonymous"]


def _for_a_member(name: str) -> int | str:
    answers = {project.MATRIX[name][role] for role in LOGGED_IN}
    if len(answers) == 1:
        return answers.pop()
    return 200 if name in MEMBER_PAGES else 403


@pytest.mark.parametrize("name", sorted(project.MATRIX))
def test_a_committee_member_opens_no_client_file(
    client: HttpClient,
    world: dict[str, object],  # noqa: F811  # the fixture imported above
    name: str,
) -> None:
    """Every URL of the project with the project matrix's world (its client Zenobia Quist, a
    session with her request on the agenda), as a member who sits in that session: a page for
    everybody or the committee's own, else 403; never the client's name, and no look at her
    file in the access log but the pseudonymised agenda's."""
    member = committee_member()
    session_pk = world["kwargs"]["session_pk"]  # type: ignore[index]
    apps.get_model("procedure", "CommitteeSession").objects.get(pk=session_pk).members.add(member)
    login(client, member)
    url = project._reverse_with_subset(name, world["kwargs"])  # type: ignore[arg-type]
    response = client.get(url)
    expected = _for_a_member(name)
    assert response.status_code == expected, (url, response.status_code, expected)
    body = (
        b"".join(response.streaming_content)  # type: ignore[attr-defined]
        if response.streaming
        else response.content
    )
    assert "Quist" not in body.decode(errors="replace")
    looks = AccessLog.objects.filter(actor=member).exclude(what_key=SEEN_AGENDA_PSEUDONYMISED)
    assert not looks.exists()
