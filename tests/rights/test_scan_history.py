"""A flag's history on the client file starts with the scan's "found" line, drawn from the
flag's `opened_at`: the scan stores no event for it (rights/scan/), and migration 0003 removed
the events it stored before. Old flags look the same after the migration."""

import datetime as dt
import importlib
import re

import pytest
from django.apps import apps
from django.template import Context, Template
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext

from rights.models import FlagEvent, NonTakeUpFlag
from rights.scan import OPENED_NOTE
from rights.services import flag_contacted
from tests.conftest import login
from tests.factories import FlagEventFactory, client_of, flag_for
from wijkteams.models import User

pytestmark = pytest.mark.django_db

Status = NonTakeUpFlag.Status
migration = importlib.import_module("rights.migrations.0003_drop_scan_opened_events")

# The history as templates/rights/flag_card.html showed it before: only the stored events.
OLD_HISTORY = Template(
    "{% load i18n %}{% for event in flag.events.all %}"
    '<li>{{ event.at|date:"SHORT_DATETIME_FORMAT" }} · {{ event.get_status_display|capfirst }}'
    "{% if event.actor %} · {{ event.actor.get_full_name|default:event.actor.username }}"
    "{% endif %}{% if event.note %}: {% translate event.note %}{% endif %}</li>{% endfor %}"
)


def _history(client: HttpClient, flag: NonTakeUpFlag) -> list[str]:
    """The lines of the flag's history on the client file's rights tab."""
    page = client.get(reverse("rights:file_rights", args=[flag.client_id])).content.decode()
    card = page.split(f'id="signaal-{flag.pk}"', 1)[1].split("</article>", 1)[0]
    heading = re.escape(gettext("History"))
    lines = re.search(heading + r'</h4>\s*<ul class="list-unstyled small">(.*?)</ul>', card, re.S)
    assert lines is not None, "the card has a history"
    return [re.sub(r"\s+", " ", line) for line in re.findall(r"<li>(.*?)</li>", lines[1], re.S)]


def _found_line(opened_at: dt.datetime) -> str:
    when = date_format(timezone.localtime(opened_at), "SHORT_DATETIME_FORMAT")
    return f"{when} · {capfirst(str(Status.OPEN.label))}: {gettext(OPENED_NOTE)}"


def test_a_scanned_flag_without_events_shows_the_found_line(
    client: HttpClient, worker: User
) -> None:
    flag = flag_for(client_of(worker), opened_at=timezone.now() - dt.timedelta(days=3))
    assert not FlagEvent.objects.filter(flag=flag).exists()
    login(client, worker)
    assert _history(client, flag) == [_found_line(flag.opened_at)]


def test_the_found_line_comes_before_what_a_person_recorded(
    client: HttpClient, worker: User
) -> None:
    flag = flag_for(client_of(worker), opened_at=timezone.now() - dt.timedelta(days=3))
    flag_contacted(actor=worker, flag=flag, note="Gebeld")
    login(client, worker)
    found, contacted = _history(client, flag)
    assert found == _found_line(flag.opened_at)
    assert contacted.endswith(f"{worker.get_full_name()}: Gebeld")


def _old_flag(worker: User, days_ago: int) -> NonTakeUpFlag:
    """A flag as the scan stored it before: with an "opened" event at its opened_at."""
    opened_at = timezone.now() - dt.timedelta(days=days_ago)
    flag: NonTakeUpFlag = flag_for(
        client_of(worker), right_code=f"recht_{days_ago}", opened_at=opened_at
    )
    FlagEventFactory.create(
        flag=flag, at=opened_at, actor=None, status=Status.OPEN, note=OPENED_NOTE
    )
    return flag


def test_after_the_migration_old_flags_look_the_same(client: HttpClient, worker: User) -> None:
    untouched = _old_flag(worker, days_ago=9)
    acted_on = _old_flag(worker, days_ago=5)
    flag_contacted(actor=worker, flag=acted_on, note="Gebeld")
    closed = _old_flag(worker, days_ago=2)
    FlagEventFactory.create(
        flag=closed,
        at=timezone.now(),
        actor=None,
        status=Status.CLOSED,
        note="The conditions for this right no longer hold.",
    )
    flags = (untouched, acted_on, closed)
    login(client, worker)
    with translation.override("nl-be"):
        before = {
            flag.pk: [
                re.sub(r"\s+", " ", line)
                for line in re.findall(
                    r"<li>(.*?)</li>", OLD_HISTORY.render(Context({"flag": flag})), re.S
                )
            ]
            for flag in flags
        }
    stored = list(FlagEvent.objects.order_by("pk").values_list("flag", "at", "status", "note"))

    migration.drop_opened_events(apps, None)

    assert not FlagEvent.objects.filter(status=Status.OPEN).exists()
    assert FlagEvent.objects.filter(status=Status.CLOSED, flag=closed).count() == 1
    assert FlagEvent.objects.filter(actor=worker, flag=acted_on).count() == 1
    assert {flag.pk: _history(client, flag) for flag in flags} == before
    assert [len(lines) for lines in before.values()] == [1, 2, 2]

    migration.restore_opened_events(apps, None)

    restored = list(FlagEvent.objects.order_by("pk").values_list("flag", "at", "status", "note"))
    assert sorted(restored, key=str) == sorted(stored, key=str)
    assert not FlagEvent.objects.filter(status=Status.OPEN, actor__isnull=False).exists()


def test_the_migration_also_removes_an_anonymised_found_event(worker: User) -> None:
    flag = _old_flag(worker, days_ago=3)
    FlagEvent.objects.filter(flag=flag).update(note="[geanonimiseerd]")
    later = FlagEventFactory.create(
        flag=flag, at=timezone.now(), actor=None, status=Status.OPEN, note="[geanonimiseerd]"
    )

    migration.drop_opened_events(apps, None)

    assert list(FlagEvent.objects.filter(flag=flag)) == [later]  # not at the opening moment
