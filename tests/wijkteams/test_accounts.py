"""Issue 17 point 4: an administrator cannot take over a staff account. No password is ever
set in the admin; a reset sends a one-time enrolment link with which the person chooses a
password and sets up a new app, and the person is told of the reset at the next login."""

import hashlib
import logging
import re
from typing import Any

import pytest
from django.contrib.auth.hashers import make_password
from django.core import mail
from django.test import Client, RequestFactory
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from pytest_django.fixtures import Settings as SettingsWrapper

from tests.conftest import NOW, login
from tests.factories import (
    PASSWORD,
    MembershipFactory,
    StaticDeviceFactory,
    TOTPDeviceFactory,
    WijkteamFactory,
)
from wijkteams.models import AccountLog, EnrolmentLink, Membership, User, Wijkteam

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:wijkteams_user_changelist")
NEW_PASSWORD = "Zomer-aan-de-Leie-2026"  # noqa: S105  # passes the password rules
TAKEOVER_PASSWORD = "Overname-door-beheer-1"  # noqa: S105
LINK = re.compile(r"/inschrijven/([A-Za-z0-9_-]{20,})/")


@pytest.fixture
def frozen(time_machine: Any) -> Any:
    # TOTP codes, the link's expiry and django-otp's throttling all read the clock.
    time_machine.move_to(NOW, tick=False)
    return time_machine


def _reset(client: Client, *users: User) -> Any:
    """The administrator confirms the action "reset and send an enrolment link"."""
    return client.post(
        CHANGELIST,
        {
            "action": "send_enrolment_link",
            "_selected_action": [user.pk for user in users],
            "post": "yes",
        },
    )


def _token(text: str) -> str:
    match = LINK.search(text)
    assert match, "no enrolment link in the text"
    return match.group(1)


def _url(token: str) -> str:
    return reverse("wijkteams:enrolment", args=[token])


def _enrol(client: Client, token: str, user: User, **fields: str) -> Any:
    """Open the link (which prepares the new app) and post the form with the app's code."""
    assert client.get(_url(token)).status_code == 200
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    data = {
        "new_password1": NEW_PASSWORD,
        "new_password2": NEW_PASSWORD,
        "otp_token": f"{totp(device.bin_key):06d}",
    } | fields
    return client.post(_url(token), data)


def _logs_in(user: User, password: str) -> bool:
    request = RequestFactory().post("/aanmelden/")
    return Client().login(request=request, username=user.username, password=password)


def _actions(user: User) -> list[str]:
    return list(
        AccountLog.objects.filter(subject=user).order_by("pk").values_list("action", flat=True)
    )


def _user_form(user: User, **changes: str) -> dict[str, Any]:
    """The admin's change form of `user` as the browser posts it, with its team roles."""
    data: dict[str, Any] = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
    }
    for flag in ("is_active", "is_staff", "is_data_protection_officer", "is_committee_member"):
        if getattr(user, flag):
            data[flag] = "on"
    memberships = list(user.memberships.order_by("pk"))
    data |= {
        "memberships-TOTAL_FORMS": str(len(memberships)),
        "memberships-INITIAL_FORMS": str(len(memberships)),
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
    }
    for i, membership in enumerate(memberships):
        data |= {
            f"memberships-{i}-id": str(membership.pk),
            f"memberships-{i}-user": str(user.pk),
            f"memberships-{i}-team": str(membership.team_id),
            f"memberships-{i}-role": membership.role,
            f"memberships-{i}-starts_on": membership.starts_on.strftime("%d/%m/%Y"),
            f"memberships-{i}-ends_on": (
                membership.ends_on.strftime("%d/%m/%Y") if membership.ends_on else ""
            ),
        }
    return data | changes


# --- no password in the admin ------------------------------------------------------------------


def test_the_user_forms_have_no_password_field(
    client: Client, admin_user: User, worker: User
) -> None:
    login(client, admin_user)
    for url in (
        reverse("admin:wijkteams_user_add"),
        reverse("admin:wijkteams_user_change", args=[worker.pk]),
    ):
        page = client.get(url).content.decode()
        assert 'name="username"' in page
        for name in ("password", "password1", "password2", "usable_password"):
            assert f'name="{name}"' not in page, (url, name)
        assert reverse("admin:auth_user_password_change", args=[worker.pk]) not in page


def test_the_password_change_screen_is_refused(
    client: Client, admin_user: User, worker: User
) -> None:
    login(client, admin_user)
    url = reverse("admin:auth_user_password_change", args=[worker.pk])
    assert client.get(url).status_code == 403
    posted = {"password1": TAKEOVER_PASSWORD, "password2": TAKEOVER_PASSWORD}
    assert client.post(url, posted).status_code == 403
    assert not _logs_in(worker, TAKEOVER_PASSWORD)
    assert _logs_in(worker, PASSWORD)


def test_a_user_made_in_the_admin_has_no_usable_password(client: Client, admin_user: User) -> None:
    login(client, admin_user)
    response = client.post(
        reverse("admin:wijkteams_user_add"),
        {
            "username": "ma.nieuw",
            "first_name": "Nieuwe",
            "last_name": "Collega",
            "email": "nieuw@ocmw.example.be",
            # What Django's own add form took: ignored.
            "password1": TAKEOVER_PASSWORD,
            "password2": TAKEOVER_PASSWORD,
            "usable_password": "true",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(username="ma.nieuw")
    assert not user.has_usable_password()
    assert not _logs_in(user, TAKEOVER_PASSWORD)
    row = AccountLog.objects.get(subject=user)
    assert (row.action, row.actor) == (AccountLog.Action.CREATED, admin_user)


def test_a_password_posted_with_the_change_form_is_ignored(
    client: Client, admin_user: User, worker: User
) -> None:
    login(client, admin_user)
    stored = worker.password
    response = client.post(
        reverse("admin:wijkteams_user_change", args=[worker.pk]),
        _user_form(
            worker,
            password=make_password(TAKEOVER_PASSWORD),
            password1=TAKEOVER_PASSWORD,
            password2=TAKEOVER_PASSWORD,
        ),
    )
    assert response.status_code == 302, response.content.decode()
    worker.refresh_from_db()
    assert worker.password == stored
    assert not _logs_in(worker, TAKEOVER_PASSWORD)


# --- the reset and its link --------------------------------------------------------------------


def test_the_reset_asks_for_confirmation_first(
    client: Client, admin_user: User, worker: User
) -> None:
    login(client, admin_user)
    response = client.post(
        CHANGELIST,
        {"action": "send_enrolment_link", "_selected_action": [worker.pk], "index": "0"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Herstellen en inschrijvingslink sturen?" in page
    assert 'name="post" value="yes"' in page
    assert not EnrolmentLink.objects.exists()
    assert _logs_in(worker, PASSWORD)


def test_the_change_page_leads_to_the_same_confirmation(
    client: Client, admin_user: User, worker: User
) -> None:
    login(client, admin_user)
    change = client.get(reverse("admin:wijkteams_user_change", args=[worker.pk])).content
    url = reverse("admin:wijkteams_user_enrolment_link", args=[worker.pk])
    assert url in change.decode()
    response = client.get(url)
    assert "Herstellen en inschrijvingslink sturen?" in response.content.decode()
    assert not EnrolmentLink.objects.exists()


def test_a_reset_ends_the_password_the_app_and_every_session(
    client: Client,
    admin_user: User,
    worker: User,
    frozen: Any,
    caplog: pytest.LogCaptureFixture,
) -> None:
    TOTPDeviceFactory.create(user=worker)
    StaticDeviceFactory.create(user=worker)
    worker_session = login(Client(), worker)
    assert worker_session.get(reverse("clients:my_cases")).status_code == 200
    login(client, admin_user)

    with caplog.at_level(logging.INFO):
        response = _reset(client, worker)

    page = response.content.decode()
    assert response.status_code == 200
    assert "19 maart 2026 11:00" in page  # valid until
    token = _token(page)
    assert not _logs_in(worker, PASSWORD)
    assert not TOTPDevice.objects.filter(user=worker).exists()
    assert not StaticDevice.objects.filter(user=worker).exists()
    # The worker's session ended with the password.
    assert worker_session.get(reverse("clients:my_cases"))["Location"].startswith(reverse("login"))
    # Only a hash of the token is stored, and no log line carries the token.
    link = EnrolmentLink.objects.get(user=worker)
    assert link.token_hash == hashlib.sha256(token.encode()).hexdigest()
    # Audited by ids (the account log has the names), without the token.
    assert f"user {admin_user.pk} reset the account of user {worker.pk}" in caplog.text
    assert worker.username not in caplog.text
    assert token not in caplog.text
    row = AccountLog.objects.get(subject=worker)
    assert (row.action, row.actor) == (AccountLog.Action.RESET, admin_user)
    assert row.params == {"expires_at": "2026-03-19T10:00:00+00:00", "delivery": "shown"}


def test_the_link_is_mailed_not_shown_when_mail_is_set_up(
    client: Client, admin_user: User, worker: User, settings: SettingsWrapper
) -> None:
    settings.EMAIL_HOST = "smtp.example.be"
    worker.email = "ma.test@ocmw.example.be"
    worker.save()
    login(client, admin_user)

    page = _reset(client, worker).content.decode()

    [sent] = mail.outbox
    assert sent.to == ["ma.test@ocmw.example.be"]
    token = _token(str(sent.body))
    assert "Open deze link" in sent.body  # Dutch, whatever the administrator reads
    assert token not in page
    assert "/inschrijven/" not in page
    assert "Gemaild naar ma.test@ocmw.example.be" in page
    row = AccountLog.objects.get(subject=worker)
    assert row.params["delivery"] == "mail"
    assert row.params["email"] == "ma.test@ocmw.example.be"


def test_without_mail_set_up_the_link_is_shown_once(
    client: Client, admin_user: User, worker: User, settings: SettingsWrapper
) -> None:
    settings.EMAIL_HOST = ""
    worker.email = "ma.test@ocmw.example.be"
    worker.save()
    login(client, admin_user)
    token = _token(_reset(client, worker).content.decode())
    assert mail.outbox == []
    # Nowhere to see it again: the user list and the change page do not hold it.
    assert token not in client.get(CHANGELIST).content.decode()
    change = reverse("admin:wijkteams_user_change", args=[worker.pk])
    assert token not in client.get(change).content.decode()


def test_an_administrator_with_a_session_cannot_log_in_as_the_worker_without_the_link(
    client: Client, admin_user: User, worker: User, settings: SettingsWrapper
) -> None:
    """Every way the admin offers to a password ends without one the administrator knows."""
    settings.EMAIL_HOST = "smtp.example.be"
    worker.email = "ma.test@ocmw.example.be"
    worker.save()
    login(client, admin_user)
    password_url = reverse("admin:auth_user_password_change", args=[worker.pk])
    form = {"password1": TAKEOVER_PASSWORD, "password2": TAKEOVER_PASSWORD}
    client.post(password_url, form)
    client.post(
        reverse("admin:wijkteams_user_change", args=[worker.pk]),
        _user_form(worker, password=make_password(TAKEOVER_PASSWORD), **form),
    )
    page = _reset(client, worker).content.decode()

    assert not _logs_in(worker, TAKEOVER_PASSWORD)
    assert not _logs_in(worker, PASSWORD)
    assert "/inschrijven/" not in page
    # The link went to the worker only; the database holds its hash, which opens nothing.
    token = _token(str(mail.outbox[0].body))
    stored = EnrolmentLink.objects.get(user=worker).token_hash
    assert stored != token
    assert client.get(_url(stored)).status_code == 404


def test_the_first_enrolment_after_a_reset_needs_the_link(
    client: Client, admin_user: User, worker: User, settings: SettingsWrapper
) -> None:
    """Whoever knew the old password cannot reach the app set-up any more."""
    login(client, admin_user)
    _reset(client, worker)
    settings.OTP_REQUIRED = True
    someone = Client()
    response = someone.post(reverse("login"), {"username": worker.username, "password": PASSWORD})
    assert response.status_code == 200  # the login form again, with its error
    assert someone.get(reverse("wijkteams:two_factor_setup"))["Location"].startswith(
        reverse("login")
    )
    assert not TOTPDevice.objects.filter(user=worker).exists()


# --- the enrolment page ------------------------------------------------------------------------


def test_an_enrolment_link_works_once(
    client: Client, admin_user: User, worker: User, frozen: Any
) -> None:
    login(client, admin_user)
    token = _token(_reset(client, worker).content.decode())
    person = Client()

    page = person.get(_url(token)).content.decode()
    assert "Je account instellen" in page
    assert worker.username in page
    response = _enrol(person, token, worker)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Je account is klaar" in page
    assert len(re.findall(r"<li><code>([a-z2-7]{8})</code></li>", page)) == 10
    assert response["Referrer-Policy"] == "strict-origin"
    assert _logs_in(worker, NEW_PASSWORD)
    assert TOTPDevice.objects.get(user=worker).confirmed
    assert _actions(worker) == [AccountLog.Action.RESET, AccountLog.Action.ENROLLED]
    enrolled = AccountLog.objects.get(action=AccountLog.Action.ENROLLED)
    assert enrolled.actor is None
    assert enrolled.params == {"address": "127.0.0.1"}

    # Once: the page and the form both refuse now, and say when it was used.
    again = person.get(_url(token))
    assert again.status_code == 410
    assert "al gebruikt, op 16 maart 2026 11:00" in again.content.decode()
    assert _enrol_again(person, token).status_code == 410
    assert _actions(worker) == [AccountLog.Action.RESET, AccountLog.Action.ENROLLED]


def _enrol_again(client: Client, token: str) -> Any:
    data = {"new_password1": "x", "new_password2": "x", "otp_token": "123456"}
    return client.post(_url(token), data)


def test_an_enrolment_link_expires(
    client: Client, admin_user: User, worker: User, frozen: Any, settings: SettingsWrapper
) -> None:
    settings.ACCOUNT_ENROLMENT_HOURS = 24
    login(client, admin_user)
    token = _token(_reset(client, worker).content.decode())
    person = Client()
    assert person.get(_url(token)).status_code == 200

    frozen.shift(24 * 3600)

    response = person.get(_url(token))
    assert response.status_code == 410
    assert "verliep op 17 maart 2026 11:00" in response.content.decode()
    assert _enrol_again(person, token).status_code == 410
    assert not User.objects.get(pk=worker.pk).has_usable_password()


def test_a_new_link_ends_the_earlier_one(
    client: Client, admin_user: User, worker: User, frozen: Any
) -> None:
    login(client, admin_user)
    first = _token(_reset(client, worker).content.decode())
    second = _token(_reset(client, worker).content.decode())
    person = Client()

    response = person.get(_url(first))
    assert response.status_code == 410
    assert "Er werd een nieuwere inschrijvingslink gemaakt" in response.content.decode()
    assert _enrol(person, second, worker).status_code == 200
    assert _logs_in(worker, NEW_PASSWORD)


def test_an_unknown_link_answers_404(client: Client, db: None) -> None:
    response = client.get(_url("abcdefghijklmnopqrstuvwxyz"))
    assert response.status_code == 404
    assert "Deze inschrijvingslink is niet gekend" in response.content.decode()


def test_enrolment_checks_the_password_rules_and_the_code_keeping_the_link(
    client: Client, admin_user: User, worker: User, frozen: Any
) -> None:
    login(client, admin_user)
    token = _token(_reset(client, worker).content.decode())
    person = Client()

    short = _enrol(person, token, worker, new_password1="kort", new_password2="kort")
    too_short = "Dit wachtwoord is te kort: het moet minstens 12 tekens lang zijn."
    assert too_short in short.content.decode()
    differ = _enrol(person, token, worker, new_password2=NEW_PASSWORD + "x")
    assert "De twee wachtwoorden verschillen." in differ.content.decode()
    device = TOTPDevice.objects.get(user=worker, confirmed=False)
    wrong = "000000" if f"{totp(device.bin_key):06d}" != "000000" else "111111"
    refused = person.post(
        _url(token),
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD, "otp_token": wrong},
    )
    assert "Deze code klopt niet" in refused.content.decode()

    # Nothing changed, the link still works, and the wrong code counts for the throttle.
    device.refresh_from_db()
    assert device.throttling_failure_count == 1
    assert not device.confirmed
    assert not User.objects.get(pk=worker.pk).has_usable_password()
    assert _actions(worker) == [AccountLog.Action.RESET]
    frozen.shift(2)  # past the throttle's first wait
    assert "Je account is klaar" in _enrol(person, token, worker).content.decode()


def test_enrolment_logs_out_whoever_was_logged_in_in_that_browser(
    client: Client, admin_user: User, worker: User, frozen: Any
) -> None:
    login(client, admin_user)
    token = _token(_reset(client, worker).content.decode())
    assert _enrol(client, token, worker).status_code == 200
    assert client.get(CHANGELIST).status_code == 302


# --- the notice at the next login --------------------------------------------------------------


def _reset_and_enrol(admin: User, user: User) -> None:
    administrator = login(Client(), admin)
    token = _token(_reset(administrator, user).content.decode())
    response = _enrol(Client(), token, user)
    assert response.status_code == 200


def _log_in_through_the_form(client: Client, user: User, password: str) -> str:
    response = client.post(
        reverse("login"), {"username": user.username, "password": password}, follow=True
    )
    return response.content.decode()


def test_the_next_login_tells_who_reset_the_account_once(
    client: Client, admin_user: User, worker: User, frozen: Any
) -> None:
    _reset_and_enrol(admin_user, worker)
    notice = f"Je account werd op 16 maart 2026 11:00 hersteld door {admin_user.get_full_name()}."

    assert notice in _log_in_through_the_form(client, worker, NEW_PASSWORD)
    client.post(reverse("logout"))
    assert notice not in _log_in_through_the_form(Client(), worker, NEW_PASSWORD)
    assert _actions(worker)[-1] == AccountLog.Action.NOTICE_SHOWN


def test_with_two_factor_the_notice_waits_for_the_second_step(
    client: Client, admin_user: User, worker: User, frozen: Any, settings: SettingsWrapper
) -> None:
    _reset_and_enrol(admin_user, worker)
    settings.OTP_REQUIRED = True
    page = _log_in_through_the_form(client, worker, NEW_PASSWORD)
    assert "Aanmelden: tweede stap" in page
    assert "hersteld door" not in page
    frozen.shift(30)  # the next code of the app
    device = TOTPDevice.objects.get(user=worker)
    response = client.post(
        reverse("wijkteams:two_factor_verify"),
        {"otp_token": f"{totp(device.bin_key):06d}"},
        follow=True,
    )
    assert f"hersteld door {admin_user.get_full_name()}" in response.content.decode()


# --- what else the admin logs ------------------------------------------------------------------


def test_activation_status_and_details_changed_in_the_admin_are_logged(
    client: Client, admin_user: User, worker: User
) -> None:
    login(client, admin_user)
    url = reverse("admin:wijkteams_user_change", args=[worker.pk])
    data = _user_form(worker, email="nieuw@ocmw.example.be")
    del data["is_active"]
    assert client.post(url, data).status_code == 302
    worker.refresh_from_db()
    data = _user_form(worker, is_active="on", is_data_protection_officer="on")
    assert client.post(url, data).status_code == 302

    rows = list(AccountLog.objects.filter(subject=worker).order_by("pk"))
    assert [(row.action, row.actor) for row in rows] == [
        (AccountLog.Action.DEACTIVATED, admin_user),
        (AccountLog.Action.DETAILS_CHANGED, admin_user),
        (AccountLog.Action.ACTIVATED, admin_user),
        (AccountLog.Action.OFFICER_GRANTED, admin_user),
    ]
    assert rows[1].params == {"fields": ["email"], "email": ["", "nieuw@ocmw.example.be"]}


def test_team_roles_changed_in_the_admin_are_logged(
    client: Client, admin_user: User, worker: User, team: Wijkteam
) -> None:
    login(client, admin_user)
    heule = WijkteamFactory.create(name="Heule")
    response = client.post(
        reverse("admin:wijkteams_membership_add"),
        {
            "user": worker.pk,
            "team": heule.pk,
            "role": Membership.Role.TEAM_LEAD,
            "starts_on": "01/04/2026",
            "ends_on": "",
        },
    )
    assert response.status_code == 302
    added = Membership.objects.get(team=heule)
    response = client.post(
        reverse("admin:wijkteams_membership_change", args=[added.pk]),
        {
            "user": worker.pk,
            "team": heule.pk,
            "role": Membership.Role.TEAM_LEAD,
            "starts_on": "01/04/2026",
            "ends_on": "30/06/2026",
        },
    )
    assert response.status_code == 302
    response = client.post(
        reverse("admin:wijkteams_membership_delete", args=[added.pk]), {"post": "yes"}
    )
    assert response.status_code == 302

    rows = list(AccountLog.objects.filter(subject=worker).order_by("pk"))
    assert [row.action for row in rows] == [
        AccountLog.Action.ROLE_ADDED,
        AccountLog.Action.ROLE_CHANGED,
        AccountLog.Action.ROLE_REMOVED,
    ]
    assert rows[0].params == {
        "membership_id": added.pk,
        "team_id": heule.pk,
        "team": "Heule",
        "role": "team_lead",
        "starts_on": "2026-04-01",
        "ends_on": None,
    }
    assert rows[1].params["changed"] == ["ends_on"]
    assert rows[1].params["ends_on"] == "2026-06-30"


def test_team_roles_edited_on_the_user_page_are_logged(
    client: Client, admin_user: User, worker: User
) -> None:
    login(client, admin_user)
    membership = worker.memberships.get()
    data = _user_form(worker, **{"memberships-0-ends_on": "31/03/2026"})
    response = client.post(reverse("admin:wijkteams_user_change", args=[worker.pk]), data)
    assert response.status_code == 302, response.content.decode()
    row = AccountLog.objects.get(subject=worker)
    assert row.action == AccountLog.Action.ROLE_CHANGED
    assert row.params["membership_id"] == membership.pk
    assert row.params["changed"] == ["ends_on"]


def test_a_role_added_on_the_team_page_is_logged(
    client: Client, admin_user: User, team: Wijkteam
) -> None:
    other = MembershipFactory.create(team=WijkteamFactory.create(name="Heule")).user
    login(client, admin_user)
    data = {
        "name": team.name,
        "is_active": "on",
        "locations-TOTAL_FORMS": "0",
        "locations-INITIAL_FORMS": "0",
        "locations-MIN_NUM_FORMS": "0",
        "locations-MAX_NUM_FORMS": "1000",
        "memberships-TOTAL_FORMS": "1",
        "memberships-INITIAL_FORMS": "0",
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
        "memberships-0-user": str(other.pk),
        "memberships-0-team": str(team.pk),
        "memberships-0-role": Membership.Role.SOCIAL_WORKER,
        "memberships-0-starts_on": "01/04/2026",
        "memberships-0-ends_on": "",
    }
    response = client.post(reverse("admin:wijkteams_wijkteam_change", args=[team.pk]), data)
    assert response.status_code == 302, response.content.decode()
    row = AccountLog.objects.get(subject=other)
    assert (row.action, row.params["team"]) == (AccountLog.Action.ROLE_ADDED, team.name)
