"""crispy's bootstrap5 field.html drawn in Python (core/crispy_fields.py): for every field of
every form and filter of the app, unbound and with errors, the same markup as crispy's own
template, runs of whitespace made one; what the fast path does not draw goes to that template."""

import copy
import importlib
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import django_filters
import pytest
from django import forms
from django.template import Context, engines
from django.template.loader import get_template
from django.utils.safestring import mark_safe

from core import crispy_fields

ROOT = Path(__file__).resolve().parents[2]
APPS = (
    "core",
    "wijkteams",
    "clients",
    "documents",
    "procedure",
    "budgets",
    "integration",
    "rights",
)
FIELD_TEMPLATE = "bootstrap5/field.html"


def _normalised(html: str) -> str:
    return re.sub(r"\s+", " ", html).strip()


def _crispy_template() -> Any:
    """crispy's own bootstrap5/field.html: the one after the project's."""
    engine = engines["django"].engine  # type: ignore[attr-defined]
    _ours, origin = engine.find_template(FIELD_TEMPLATE)
    assert origin.name == str(ROOT / "templates" / FIELD_TEMPLATE)
    theirs, their_origin = engine.find_template(FIELD_TEMPLATE, skip=[origin])
    assert "crispy_bootstrap5" in their_origin.name
    return theirs


def _import_app_modules() -> None:
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            parts = path.relative_to(ROOT).with_suffix("").parts
            if "migrations" in parts or "management" in parts or "tests" in parts:
                continue
            importlib.import_module(".".join(p for p in parts if p != "__init__"))


def _subclasses(cls: type) -> Iterator[type]:
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def _app_field_sets() -> list[tuple[str, type[forms.Form]]]:
    """A plain form per form class and filter set of the app, with its declared fields and
    its css classes for required and invalid fields."""
    _import_app_modules()
    found: dict[str, type[forms.Form]] = {}
    for form_class in _subclasses(forms.BaseForm):
        if form_class.__module__.split(".")[0] not in APPS:
            continue
        declared = getattr(form_class, "base_fields", {})
        fields = {name: copy.deepcopy(field) for name, field in declared.items()}
        attrs: dict[str, Any] = dict(fields)
        for name in ("required_css_class", "error_css_class"):
            if getattr(form_class, name, None):
                attrs[name] = getattr(form_class, name)
        label = f"{form_class.__module__}.{form_class.__qualname__}"
        found[label] = type(form_class.__name__, (forms.Form,), attrs)
    for filter_class in _subclasses(django_filters.FilterSet):
        if filter_class.__module__.split(".")[0] not in APPS:
            continue
        fields = {}
        for name, one in getattr(filter_class, "base_filters", {}).items():
            try:
                # On a copy: a filter caches its field, and the class's own filters are copied
                # into every filter set made later (with the field built here).
                fields[name] = copy.deepcopy(one).field
            except Exception:  # noqa: S112 (a queryset read from the request)
                continue
        label = f"{filter_class.__module__}.{filter_class.__qualname__}"
        found[label] = type(filter_class.__name__, (forms.Form,), fields)
    return sorted(found.items())


def _both_ways(form: forms.Form, other: forms.Form, name: str) -> tuple[str, str]:
    """The field drawn by the project's field.html and by crispy's (each on its own form:
    crispy sets the widget's classes on it)."""
    context = {
        "field": form[name],
        "form_show_errors": True,
        "form_show_labels": True,
        "label_class": "",
        "field_class": "",
    }
    fast = get_template(FIELD_TEMPLATE).render(context)
    slow = _crispy_template().render(Context({**context, "field": other[name]}))
    return fast, slow


@pytest.mark.django_db
def test_every_field_of_the_app_as_crispy_draws_it() -> None:
    field_sets = _app_field_sets()
    assert len(field_sets) > 40  # the app's forms and filters were found
    drawn_fast = 0
    for label, form_class in field_sets:
        bound: tuple[dict[str, str] | None, ...] = (None, {})  # unbound; the required errors
        for data in bound:
            form, other = form_class(data=data), form_class(data=data)
            if data is not None:
                form.is_valid()
                other.is_valid()
            for name in form.fields:
                fast, slow = _both_ways(form, other, name)
                assert _normalised(fast) == _normalised(slow), (label, name, data)
                # Both ways the widget ends with the same classes.
                assert form.fields[name].widget.attrs == other.fields[name].widget.attrs
                try:
                    crispy_fields.render({"field": form[name], "form_show_labels": True})
                    drawn_fast += 1
                except crispy_fields.TemplateNeededError:
                    pass
    assert drawn_fast > 200  # most fields are drawn in Python


class Edges(forms.Form):
    required_css_class = "required"
    error_css_class = "error"
    text = forms.CharField(help_text=mark_safe("<b>Safe</b> help"), label='A "label" & <more>')
    no_label = forms.CharField(label="", required=False)
    check = forms.BooleanField(help_text="Tick it")
    optional_check = forms.BooleanField(required=False, label="")
    choice = forms.ChoiceField(choices=[("", "---"), ("a", "A")], help_text="Pick")
    note = forms.CharField(widget=forms.Textarea(attrs={"class": "text-small"}))
    number = forms.IntegerField(widget=forms.NumberInput(attrs={"class": "numberinput x"}))
    hidden = forms.CharField(widget=forms.HiddenInput, required=False)
    radio = forms.ChoiceField(choices=[("a", "A")], widget=forms.RadioSelect, required=False)
    many = forms.MultipleChoiceField(
        choices=[("a", "A")], widget=forms.CheckboxSelectMultiple, required=False
    )
    upload = forms.FileField(required=False)
    when = forms.SplitDateTimeField(required=False)


@pytest.mark.parametrize("auto_id", ["id_%s", "", "f-%s"])
@pytest.mark.parametrize("data", [None, {"text": "x", "number": "a"}, {}])
def test_edges_as_crispy_draws_them(auto_id: str, data: dict[str, str] | None) -> None:
    form, other = Edges(data=data, auto_id=auto_id), Edges(data=data, auto_id=auto_id)
    if data is not None:
        form.add_error("text", "Second <error>")
        other.add_error("text", "Second <error>")
    for name in form.fields:
        fast, slow = _both_ways(form, other, name)
        assert _normalised(fast) == _normalised(slow), name
        # Drawn twice (the classes are already there): the same again.
        again, again_slow = _both_ways(form, other, name)
        assert _normalised(again) == _normalised(again_slow), name


@pytest.mark.parametrize(
    "context",
    [
        {"tag": "td"},
        {"label_class": "col-4"},
        {"field_class": "col-8"},
        {"wrapper_class": "w"},
        {"form_class": "form-horizontal"},
        {"form_show_labels": False},
        {"help_text_inline": True},
        {"error_text_inline": True},
    ],
)
def test_other_layouts_go_to_crispy_template(context: dict[str, Any]) -> None:
    form, other = Edges(data={}), Edges(data={})
    for name in ("text", "check", "choice"):
        base = {"form_show_errors": True, "form_show_labels": True, "label_class": ""}
        with pytest.raises(crispy_fields.TemplateNeededError):
            crispy_fields.render({**base, "field_class": "", **context, "field": form[name]})
        fast = get_template(FIELD_TEMPLATE).render({**base, **context, "field": form[name]})
        slow = _crispy_template().render(Context({**base, **context, "field": other[name]}))
        assert fast == slow


def test_widgets_it_does_not_draw_go_to_crispy_template() -> None:
    form = Edges()
    for name in ("radio", "many", "upload", "when"):
        with pytest.raises(crispy_fields.TemplateNeededError):
            crispy_fields.render({"field": form[name], "form_show_labels": True})
    # A label that is not text (a number) is printed by the template.
    numbered = Edges()
    numbered.fields["text"].label = 7  # type: ignore[assignment]
    with pytest.raises(crispy_fields.TemplateNeededError):
        crispy_fields.render({"field": numbered["text"], "form_show_labels": True})
