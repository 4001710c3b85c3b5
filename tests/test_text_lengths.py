"""Unbounded text (issue 17 point 9): journal entries, notes, reasons and motivations have a
maximum length in the model (full_clean) and in the form (an error next to the field, what was
typed kept, nothing saved), and the textarea carries it as `maxlength` for the counter
(static/js/text-counter.js; its browser test is in tests/e2e/test_text_counter.py).

Before: a journal entry of a million characters was saved, and the model forms' textareas had
no maximum.
"""

from typing import Any

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from clients.models import JournalEntry
from clients.services import journal_add
from core.fields import TEXT_MAX
from tests.app_fields import form_fields, model_fields
from tests.conftest import login
from tests.factories import client_of
from wijkteams.models import User

pytestmark = pytest.mark.usefixtures("today")


def _bounded(field: models.Field[Any, Any]) -> bool:
    return any(isinstance(v, MaxLengthValidator) for v in field.validators)


def test_every_model_text_field_is_bounded() -> None:
    texts = [(name, field) for name, field in model_fields() if isinstance(field, models.TextField)]
    assert "clients.JournalEntry.text" in dict(texts)
    unbounded = [name for name, field in texts if not _bounded(field)]
    assert not unbounded, f"use core.fields.TextField (with max_length) for {unbounded}"


def test_every_textarea_of_every_form_is_bounded() -> None:
    areas = [
        (name, field)
        for name, field in form_fields()
        if isinstance(field, forms.CharField) and isinstance(field.widget, forms.Textarea)
    ]
    assert "budgets.forms.decisions.ProposalForm.motivation" in dict(areas)
    unbounded = [name for name, field in areas if field.max_length is None]
    assert not unbounded, f"give these form fields a max_length: {unbounded}"
    for name, field in areas:
        assert field.widget_attrs(field.widget)["maxlength"] == str(field.max_length), name


def test_every_text_field_of_every_form_is_bounded() -> None:
    """Not only textareas: a one-line reason is stored in a bounded text column too."""
    unbounded = [
        name
        for name, field in form_fields()
        if isinstance(field, forms.CharField)
        and not isinstance(field.widget, forms.HiddenInput)
        and field.max_length is None
    ]
    assert not unbounded, f"give these form fields a max_length: {unbounded}"


def test_the_journal_entry_refuses_text_beyond_its_maximum(worker: User) -> None:
    client = client_of(worker)
    entry = JournalEntry(occurred_on=timezone.localdate(), kind="note", text="x" * (TEXT_MAX + 1))
    with pytest.raises(ValidationError) as excinfo:
        journal_add(actor=worker, client=client, entry=entry)
    assert "text" in excinfo.value.message_dict
    assert not JournalEntry.objects.exists()


def test_the_journal_form_says_so_next_to_the_field_and_keeps_the_text(
    client: HttpClient, worker: User
) -> None:
    file = client_of(worker)
    login(client, worker)
    typed = "huisbezoek " * 1000  # 11,000 characters
    response = client.post(
        reverse("clients:journal_add", args=[file.pk]),
        {
            "entry-occurred_on": timezone.localdate().isoformat(),
            "entry-kind": "note",
            "entry-text": typed,
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    error = page[page.index('id="id_entry-text_error"') :][:300]
    assert "Zorg dat deze waarde niet meer dan 10000 tekens bevat" in error
    assert typed.strip() in page
    assert not JournalEntry.objects.exists()


def test_a_text_at_its_maximum_is_saved(worker: User) -> None:
    client = client_of(worker)
    journal_add(
        actor=worker,
        client=client,
        entry=JournalEntry(occurred_on=timezone.localdate(), kind="note", text="x" * TEXT_MAX),
    )
    assert len(JournalEntry.objects.get().text) == TEXT_MAX
