"""The form renderer draws inputs, selects and text areas in Python (core/form_rendering.py):
byte for byte what Django's own templates draw, for every kind of value they meet."""

import datetime as dt
from decimal import Decimal

import pytest
from django import forms
from django.conf import settings
from django.forms.renderers import DjangoTemplates, get_default_renderer
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy, override

from core.form_rendering import INPUT_TEMPLATES, FastWidgetRenderer

CHOICES = [
    ("", "---------"),
    ("a", "Plain"),
    ("b", '<b>Escaped</b> & "quoted"'),
    ("c", mark_safe("<i>Safe</i>")),
    ("d", gettext_lazy("Household and income")),
    (
        "Group <1>",
        [("e", "In a group"), (5, "A number as value"), ("f", gettext_lazy("Journal"))],
    ),
    (7, 8),  # a number as label: drawn by the template
]


class AllWidgets(forms.Form):
    text = forms.CharField(
        widget=forms.TextInput(
            attrs={"class": "form-control", "autofocus": True, "hidden": False, "x": '"<>&'}
        )
    )
    empty = forms.CharField(required=False)
    email = forms.EmailField()
    number = forms.DecimalField()
    integer = forms.IntegerField(widget=forms.NumberInput(attrs={"min": 0, "step": 1}))
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    when = forms.DateTimeField(required=False)
    hour = forms.TimeField(required=False)
    phone = forms.CharField(required=False, widget=forms.TelInput)
    look_for = forms.CharField(required=False, widget=forms.SearchInput)
    hidden = forms.CharField(widget=forms.HiddenInput)
    password = forms.CharField(widget=forms.PasswordInput)
    url = forms.URLField(assume_scheme="https")
    check = forms.BooleanField(required=False)
    choice = forms.ChoiceField(choices=CHOICES, required=False)
    plain_choice = forms.ChoiceField(choices=CHOICES[:6])
    many = forms.MultipleChoiceField(choices=CHOICES[:6], required=False)
    yes_no = forms.NullBooleanField()
    typed = forms.TypedChoiceField(choices=[(1, "One"), (2, "Two")], coerce=int)
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 3, "maxlength": 500}))
    radio = forms.ChoiceField(choices=CHOICES[:3], widget=forms.RadioSelect)


BOUND = [
    {},
    {
        "text": "<script>x</script> & 'q'",
        "empty": "",
        "email": "a@b.be",
        "number": "12.50",
        "integer": "3",
        "day": "2026-12-07",
        "when": "2026-12-07 10:30",
        "hour": "10:30",
        "phone": "+32 56 00 00 00",
        "look_for": "<zoek>",
        "hidden": mark_safe("<safe>"),
        "password": "secret",
        "url": "https://example.org/?a=1&b=2",
        "check": "on",
        "choice": "b",
        "plain_choice": "e",
        "many": ["a", "d"],
        "yes_no": "true",
        "typed": "2",
        "note": "line 1\n<line 2> & more",
        "radio": "a",
    },
    {"choice": "7", "plain_choice": "5", "many": ["5"], "yes_no": "false", "note": ""},
]
INITIAL = {
    "text": "initial",
    "number": Decimal("1234.5"),
    "integer": 0,
    "day": dt.date(2026, 3, 1),
    "when": dt.datetime(2026, 3, 1, 9, 15),
    "hour": dt.time(9, 15),
    "check": True,
    "choice": 7,
    "typed": 1,
    "note": "A <note>",
}


def _widgets(form: forms.Form) -> list[tuple[str, dict[str, object]]]:
    drawn = []
    for bound_field in form:
        widget = bound_field.field.widget
        attrs = bound_field.build_widget_attrs({"class": "form-control"})
        context = widget.get_context(bound_field.html_name, bound_field.value(), attrs)
        drawn.append((widget.template_name, context))
    return drawn


def test_the_setting_uses_it() -> None:
    assert settings.FORM_RENDERER == "core.form_rendering.FastWidgetRenderer"
    assert isinstance(get_default_renderer(), FastWidgetRenderer)


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("data", [*BOUND, None])
def test_the_same_text_as_the_templates(data: dict[str, object] | None, language: str) -> None:
    fast, templates = FastWidgetRenderer(), DjangoTemplates()
    form = AllWidgets(data) if data is not None else AllWidgets(initial=INITIAL)
    with override(language):
        for template_name, context in _widgets(form):
            assert fast.render(template_name, context) == templates.render(
                template_name, context
            ), template_name


def test_whole_forms_are_the_same() -> None:
    for data in BOUND:
        form = AllWidgets(data)
        fast = str(AllWidgets(data, renderer=FastWidgetRenderer()))
        assert fast == str(AllWidgets(data, renderer=DjangoTemplates()))
        assert form.is_bound


class NoTemplates(FastWidgetRenderer):
    def get_template(self, template_name: str) -> object:
        raise AssertionError(f"drawn through {template_name}")


@pytest.mark.parametrize("data", [*BOUND, None])
def test_no_template_for_the_common_widgets(data: dict[str, object] | None) -> None:
    renderer = NoTemplates()
    form = AllWidgets(data) if data is not None else AllWidgets(initial=INITIAL)
    for template_name, context in _widgets(form):
        # A number as a label goes through the template; radio buttons always do.
        widget = context["widget"]
        assert isinstance(widget, dict)
        if template_name.endswith("radio.html") or widget["name"] == "choice":
            continue
        assert renderer.render(template_name, context).startswith("<")


@pytest.mark.parametrize(
    "template_name", sorted(INPUT_TEMPLATES - {"django/forms/widgets/input.html"})
)
def test_the_input_templates_are_still_the_input(template_name: str) -> None:
    """What the fast path assumes of Django's templates (a new Django version could change it:
    then the fast path must change too)."""
    source = DjangoTemplates().get_template(template_name).template.source
    assert source.strip() == '{% include "django/forms/widgets/input.html" %}'
