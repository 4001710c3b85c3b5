"""Selects of model instances read their choices with an ordinary query (core.forms.
ListModelChoiceIterator), not Django's server-side cursor: the same choices, in the same order,
one query per drawing as before."""

import pytest
from django import forms
from django.db import connection
from django.forms.models import ModelChoiceIterator
from django.test.utils import CaptureQueriesContext

from core.forms import ListModelChoiceIterator
from tests.factories import WijkteamFactory
from wijkteams.models import Wijkteam


def test_every_model_select_uses_it() -> None:
    assert forms.ModelChoiceField.iterator is ListModelChoiceIterator
    assert forms.ModelMultipleChoiceField.iterator is ListModelChoiceIterator


@pytest.mark.django_db
@pytest.mark.parametrize("empty_label", ["---------", None])
def test_the_same_choices_as_django_one_query_each_time(empty_label: str | None) -> None:
    for name in ("Oost", "Centrum", "Marke"):
        WijkteamFactory.create(name=name)
    field = forms.ModelChoiceField(
        queryset=Wijkteam.objects.order_by("name"), empty_label=empty_label
    )
    django_choices = [(str(value), label) for value, label in ModelChoiceIterator(field)]
    with CaptureQueriesContext(connection) as queries:
        ours = [(str(value), label) for value, label in ListModelChoiceIterator(field)]
        again = [(str(value), label) for value, label in ListModelChoiceIterator(field)]
    assert ours == again == django_choices
    assert [label for _value, label in ours if label != empty_label] == ["Centrum", "Marke", "Oost"]
    assert len(queries) == 2  # read again for each drawing, as Django's does
    assert not any("DECLARE" in query["sql"] for query in queries)  # no server-side cursor
    # The field's choices are read the same way, and the form draws them.
    assert isinstance(field.choices, ListModelChoiceIterator)
    form = forms.Form()
    form.fields["team"] = field
    html = str(form["team"])
    assert html.count("<option") == len(ours)


@pytest.mark.django_db
def test_a_queryset_with_prefetch_reads_as_django_reads_it() -> None:
    for name in ("Oost", "Centrum"):
        WijkteamFactory.create(name=name)

    def two_drawings(iterator: type[ModelChoiceIterator]) -> tuple[list[str], int]:
        field = forms.ModelChoiceField(
            queryset=Wijkteam.objects.order_by("name").prefetch_related("memberships")
        )
        with CaptureQueriesContext(connection) as queries:
            labels = [str(label) for _value, label in iterator(field)]
            labels += [str(label) for _value, label in iterator(field)]
        return labels, len(queries)

    assert two_drawings(ListModelChoiceIterator) == two_drawings(ModelChoiceIterator)
