"""The form renderer (settings.FORM_RENDERER): Django's own, with the commonest widgets drawn in
Python instead of through their templates.

Every `<select>` drew each of its options through two template includes (the option and its
attributes), every `<input>` through two; on a page with filters or forms that was a large
share of its CPU (bench/README.md, issue 21). For the templates below, `render` builds exactly
the text Django's templates make (tests/core/test_form_rendering.py compares both, byte for
byte); anything else, or a value it does not know how to print as the template would (a number
as an option's label, say), goes through the template as before.
"""

from collections.abc import Mapping
from typing import Any

from django.forms.renderers import DjangoTemplates
from django.http import HttpRequest
from django.utils.functional import Promise
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, mark_safe

_WIDGETS = "django/forms/widgets/"
# Templates that are `{% include "django/forms/widgets/input.html" %}` and nothing else.
INPUT_TEMPLATES = frozenset(
    f"{_WIDGETS}{name}.html"
    for name in (
        "input",
        "text",
        "email",
        "number",
        "date",
        "datetime",
        "time",
        "hidden",
        "password",
        "url",
        "tel",
        "search",
        "checkbox",
    )
)
SELECT_TEMPLATE = f"{_WIDGETS}select.html"
OPTION_TEMPLATE = f"{_WIDGETS}select_option.html"
TEXTAREA_TEMPLATE = f"{_WIDGETS}textarea.html"


class TemplateNeededError(Exception):
    """A value the fast path does not print: the template draws the widget instead."""


def text(value: object) -> str:
    """`{{ value }}` for text: escaped unless already safe (numbers, dates: the template)."""
    if isinstance(value, bool) or not isinstance(value, str | Promise):
        raise TemplateNeededError
    return conditional_escape(str(value))


def _formatted(value: object) -> str:
    """`{{ value|stringformat:'s' }}`: the value as text, escaped unless it was safe."""
    text = str(value) if isinstance(value, tuple) else "%s" % (value,)  # noqa: UP031 (the filter)
    # The filter is is_safe: a safe value stays safe (it was escaped where it was made).
    return conditional_escape(mark_safe(text) if isinstance(value, SafeData) else text)  # noqa: S308


def _attrs(attrs: Mapping[str, Any]) -> str:
    """django/forms/widgets/attrs.html."""
    parts = []
    for name, value in attrs.items():
        if value is not False:
            parts.append(" " + text(name))
            if value is not True:
                parts.append('="' + _formatted(value) + '"')
    return "".join(parts)


def _input(widget: Mapping[str, Any]) -> str:
    value = widget["value"]
    shown = f' value="{_formatted(value)}"' if value != None else ""  # noqa: E711 (the template's !=)
    return (
        f'<input type="{text(widget["type"])}" name="{text(widget["name"])}"{shown}'
        f"{_attrs(widget['attrs'])}>\n"
    )


def _option(option: Mapping[str, Any]) -> str:
    if option["template_name"] != OPTION_TEMPLATE:
        raise TemplateNeededError
    return (
        f'<option value="{_formatted(option["value"])}"{_attrs(option["attrs"])}>'
        f"{text(option['label'])}</option>\n"
    )


def _select(widget: Mapping[str, Any]) -> str:
    parts = [f'<select name="{text(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{text(group_name)}">')
        for option in group_choices:
            parts.append("\n  " + _option(option))
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>\n")
    return "".join(parts)


def _textarea(widget: Mapping[str, Any]) -> str:
    value = text(widget["value"]) if widget["value"] else ""
    start = f'<textarea name="{text(widget["name"])}"{_attrs(widget["attrs"])}>'
    return f"{start}\n{value}</textarea>\n"


class FastWidgetRenderer(DjangoTemplates):
    """Django's DjangoTemplates renderer; inputs, selects and text areas drawn in Python."""

    def render(
        self, template_name: str, context: dict[str, Any], request: HttpRequest | None = None
    ) -> str:
        widget = context.get("widget")
        if isinstance(widget, Mapping):
            try:
                if template_name in INPUT_TEMPLATES:
                    return _input(widget).strip()
                if template_name == SELECT_TEMPLATE:
                    return _select(widget).strip()
                if template_name == TEXTAREA_TEMPLATE:
                    return _textarea(widget).strip()
            except TemplateNeededError:
                pass
        return str(super().render(template_name, context, request))
