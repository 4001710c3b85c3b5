"""crispy's bootstrap5 uni_form.html (what `|crispy` draws a form with) in Python
(core.crispy_fields.render_form): for every form and filter of the app, unbound and with
errors, byte for byte what crispy's own uni_form.html draws around the same fields; what the
fast path leaves to that template (a form's own errors, media, radios' template) as before."""

from typing import Any

import pytest
from crispy_forms.helper import FormHelper
from django import forms
from django.template import Context, engines

from core import crispy_fields
from tests.core.test_crispy_fields import ROOT, Edges, _app_field_sets

FORM_TEMPLATE = "bootstrap5/uni_form.html"
ENGINE = engines["django"].engine  # type: ignore[attr-defined]
CRISPY = engines["django"].from_string("{% load crispy_forms_tags %}{{ form|crispy }}")


def _crispys_uni_form() -> Any:
    """crispy's own bootstrap5/uni_form.html: the one after the project's."""
    _ours, origin = ENGINE.find_template(FORM_TEMPLATE)
    assert origin.name == str(ROOT / "templates" / FORM_TEMPLATE)
    theirs, their_origin = ENGINE.find_template(FORM_TEMPLATE, skip=[origin])
    assert "crispy_bootstrap5" in their_origin.name
    return theirs


def _as_crispy_draws_it(form: forms.BaseForm) -> str:
    """What `|crispy` drew before: crispy's uni_form.html, with the context its filter makes."""
    context = {
        "field_class": "",
        "field_template": "bootstrap5/field.html",
        "form_show_errors": True,
        "form_show_labels": True,
        "label_class": "",
        "form": form,
    }
    return str(_crispys_uni_form().render(Context(context)))


class Radios(forms.Form):
    name = forms.CharField()
    pick = forms.ChoiceField(choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)
    many = forms.MultipleChoiceField(
        choices=[("a", "A"), ("b", "B")], widget=forms.CheckboxSelectMultiple
    )


class Refused(forms.Form):
    name = forms.CharField(required=False)

    def clean(self) -> dict[str, Any]:
        raise forms.ValidationError("The whole <form> is refused.")


@pytest.mark.django_db
def test_every_form_of_the_app_as_crispy_draws_it() -> None:
    field_sets = _app_field_sets()
    assert len(field_sets) > 40
    drawn_fast = 0
    for label, form_class in field_sets:
        bound: tuple[dict[str, str] | None, ...] = (None, {})  # unbound; the required errors
        for data in bound:
            form, other = form_class(data=data), form_class(data=data)
            if data is not None:
                form.is_valid()
                other.is_valid()
            assert CRISPY.render({"form": form}) == _as_crispy_draws_it(other), (label, data)
            try:
                crispy_fields.render_form(
                    Context(
                        {
                            "form": form,
                            "form_show_errors": True,
                            "form_show_labels": True,
                            "field_template": "bootstrap5/field.html",
                        }
                    ),
                    lambda: ENGINE.get_template("bootstrap5/field.html"),
                )
                drawn_fast += 1
            except crispy_fields.TemplateNeededError:
                pass
    assert drawn_fast > 60  # most forms are drawn in Python


@pytest.mark.parametrize("data", [None, {}, {"pick": "x", "many": ["x"]}])
@pytest.mark.parametrize("form_class", [Edges, Radios, Refused])
def test_radios_errors_and_a_forms_own_errors_as_crispy_draws_them(
    form_class: type[forms.Form], data: dict[str, Any] | None
) -> None:
    form, other = form_class(data=data), form_class(data=data)
    assert CRISPY.render({"form": form}) == _as_crispy_draws_it(other)
    # Drawn twice (the widgets' classes are already there): the same again.
    assert CRISPY.render({"form": form}) == _as_crispy_draws_it(other)


def test_a_forms_own_errors_and_its_media_go_to_crispys_template() -> None:
    refused = Refused(data={})
    refused.is_valid()
    context = Context(
        {"form": refused, "form_show_errors": True, "field_template": "bootstrap5/field.html"}
    )
    with pytest.raises(crispy_fields.TemplateNeededError):
        crispy_fields.render_form(context, lambda: None)
    assert "The whole &lt;form&gt; is refused." in CRISPY.render({"form": refused})
    with pytest.raises(crispy_fields.TemplateNeededError):
        crispy_fields.render_form(
            Context(
                {"form": Radios(), "include_media": True, "field_template": "bootstrap5/field.html"}
            ),
            lambda: None,
        )


def test_the_crispy_tag_with_a_helper_draws_as_before(monkeypatch: pytest.MonkeyPatch) -> None:
    # {% crispy %} with a helper and no layout reaches uni_form.html too, with its own context.
    helper = FormHelper()
    helper.form_tag = False
    helper.form_show_labels = False
    tag = engines["django"].from_string("{% load crispy_forms_tags %}{% crispy form helper %}")
    fast = tag.render({"form": Radios(data={}), "helper": helper})

    def template_needed(*args: Any) -> Any:
        raise crispy_fields.TemplateNeededError

    monkeypatch.setattr(crispy_fields, "render_form", template_needed)
    assert fast == tag.render({"form": Radios(data={}), "helper": helper})
