"""crispy-forms' bootstrap5 `field.html` drawn in Python for the fields the app uses.

`{{ form.x|as_crispy_field }}` (and `|crispy`) render every field through crispy's
`bootstrap5/field.html`: some 70 lines of `{% if %}`, two includes and three more templates for
the help text and the errors, the widget's classes set by its `{% crispy_field %}` tag. On the
tabs with forms that was a quarter to two fifths of the page's CPU (bench/README.md, issue 21).

templates/bootstrap5/field.html (found before crispy's own) is one tag, `{% crispy_field_fast %}`,
which calls `render` below. For a plain field, an input, a select or a text area with its label,
or a single checkbox, in crispy's default layout (no `tag`, no horizontal form, no label, field
or wrapper class, labels shown, help text and errors as blocks), it builds the markup crispy's
templates make, with the same widget classes set the same way; the text equals crispy's with
runs of whitespace between the tags made one (tests/core/test_crispy_fields.py renders every
form of the app both ways and compares). Anything else (a hidden field aside), or a value it
does not print as the template would, is drawn by crispy's template as before.

templates/bootstrap5/uni_form.html (what `|crispy` draws a form with) is `{% crispy_form_fast %}`
in the same way: `render_form` below gives the template's text byte for byte, each field as its
`{% include %}` would draw it, without a template include per field.
"""

from collections.abc import Callable
from typing import Any

from crispy_forms.templatetags.crispy_forms_utils import remove_spaces
from django import forms
from django.utils.safestring import SafeString, mark_safe

from core.form_rendering import TemplateNeededError as TemplateNeededError  # re-exported
from core.form_rendering import text as _text


def _context_is_plain(context: Any) -> bool:
    """crispy's default layout: what `as_crispy_field` without a helper gives the template."""
    if context.get("tag") or context.get("label_class") or context.get("field_class"):
        return False
    if context.get("wrapper_class") or context.get("help_text_inline"):
        return False
    if context.get("error_text_inline"):
        return False
    form_class = context.get("form_class")
    if form_class and "form-horizontal" in form_class:
        return False
    return bool(context.get("form_show_labels"))


def _add_classes(field: forms.BoundField, classes: str) -> None:
    """crispy's `{% crispy_field field 'class' classes %}` (CrispyFieldNode.render), for a
    widget that wraps no other: its class name, then each class it does not have yet."""
    widget = field.field.widget
    class_name = widget.__class__.__name__.lower()
    css_class = widget.attrs.get("class", "")
    if css_class:
        if css_class.find(class_name) == -1:
            css_class += " %s" % class_name  # noqa: UP031 (crispy's own expression)
    else:
        css_class = class_name
    widget.attrs["class"] = css_class
    for name in classes.split():
        if name not in widget.attrs["class"].split():
            widget.attrs["class"] += " " + name


def _errors_and_help(field: forms.BoundField, show_errors: bool) -> str:
    """bootstrap5/layout/help_text_and_errors.html: the errors as a block, then the help."""
    parts = []
    errors = field.errors
    if show_errors and errors:
        field_id = getattr(errors, "field_id", None)
        auto_id = _text(field.auto_id)
        parts.append(f'<div id="{_text(field_id)}_error" class="invalid-feedback">')
        for number, error in enumerate(errors, start=1):
            parts.append(f'<p id="error_{number}_{auto_id}"><strong>{_text(error)}</strong></p>')
        parts.append("</div>")
    help_text = field.help_text
    if help_text:
        own_id = f'id="{_text(field.auto_id)}_helptext" ' if field.auto_id else ""
        parts.append(f'<div {own_id}class="form-text">{mark_safe(str(help_text))}</div>')  # noqa: S308 (crispy's |safe)
    return "\n".join(parts)


def _required(field: forms.BoundField) -> tuple[str, str]:
    """The label's class and its asterisk for a required field."""
    if field.field.required:
        return " requiredField", '<span class="asteriskField">*</span>'
    return "", ""


def _css_classes(field: forms.BoundField) -> str:
    """`{% if field.css_classes %} {{ field.css_classes }}{% endif %}`."""
    css = field.css_classes()
    return " " + _text(css) if css else ""


def _checkbox(field: forms.BoundField, show_errors: bool) -> str:
    required_class, asterisk = _required(field)
    wrapper = f'<div id="div_{_text(field.auto_id)}" class="form-check{_css_classes(field)}">'
    _add_classes(field, "form-check-input is-invalid" if field.errors else "form-check-input")
    widget_html = str(field)
    label = (
        f'<label for="{_text(field.id_for_label)}" class="form-check-label{required_class}">\n'
        f"{_text(field.label)}{asterisk}\n</label>"
    )
    inner = "\n".join(p for p in (widget_html, label, _errors_and_help(field, show_errors)) if p)
    return f'<div class="mb-3">\n{wrapper}\n{inner}\n</div>\n</div>'


def _plain(field: forms.BoundField, show_errors: bool) -> str:
    widget = field.field.widget
    parts = []
    parts.append(f'<div id="div_{_text(field.auto_id)}" class="mb-3{_css_classes(field)}">')
    if field.label:
        required_class, asterisk = _required(field)
        target = f'for="{_text(field.id_for_label)}" ' if field.id_for_label else ""
        parts.append(
            f'<label {target}class="form-label{required_class}">\n'
            f"{_text(field.label)}{asterisk}\n</label>"
        )
    kind = "form-select" if isinstance(widget, forms.Select) else "form-control"
    _add_classes(field, f"{kind} is-invalid" if field.errors else kind)
    parts.append(str(field))
    errors_and_help = _errors_and_help(field, show_errors)
    if errors_and_help:
        parts.append(errors_and_help)
    parts.append("</div>")
    return "\n".join(parts)


def render(context: Any) -> SafeString:
    """The field of `context` as crispy's bootstrap5/field.html draws it; TemplateNeededError
    for what the fast path leaves to that template."""
    field = context.get("field")
    if not isinstance(field, forms.BoundField):
        raise TemplateNeededError
    if field.is_hidden:
        return mark_safe(str(field))  # noqa: S308 (the widget's own safe HTML)
    widget = field.field.widget
    if hasattr(widget, "widgets") or hasattr(widget, "widget") or field.use_fieldset:
        raise TemplateNeededError  # a MultiWidget, a wrapper, a fieldset (radios, checkboxes)
    if isinstance(widget, forms.RadioSelect | forms.FileInput):
        raise TemplateNeededError
    if not _context_is_plain(context):
        raise TemplateNeededError
    show_errors = bool(context.get("form_show_errors"))
    if isinstance(widget, forms.CheckboxInput):
        return mark_safe(_checkbox(field, show_errors))  # noqa: S308 (built escaped)
    return mark_safe(_plain(field, show_errors))  # noqa: S308 (built escaped)


# --- crispy's bootstrap5/uni_form.html: the form as `|crispy` draws it -----------------------

FIELD_TEMPLATE = "bootstrap5/field.html"


def _loop(index: int, count: int) -> dict[str, Any]:
    """The `forloop` of uni_form.html's `{% for field in form %}` (a field template that is
    drawn by crispy's template may read it: radios read `forloop.parentloop`)."""
    return {
        "parentloop": {},
        "counter0": index,
        "counter": index + 1,
        "revcounter": count - index,
        "revcounter0": count - index - 1,
        "first": index == 0,
        "last": index == count - 1,
    }


def render_form(context: Any, field_template: Callable[[], Any]) -> SafeString:
    """The form of `context` as crispy's bootstrap5/uni_form.html draws it, byte for byte (tests/
    core/test_crispy_forms.py): each field as its `{% include field_template %}` would, in
    the same context, without a template include per field; TemplateNeededError for what the
    template draws itself (a form's own errors, its media, another field template, a formset).
    `field_template`: gives the project's bootstrap5/field.html, for a field `render` leaves to
    it."""
    form = context.get("form")
    if not isinstance(form, forms.BaseForm) or context.get("include_media"):
        raise TemplateNeededError
    if context.get("field_template") != FIELD_TEMPLATE or "forloop" in context:
        raise TemplateNeededError
    show_errors = bool(context.get("form_show_errors"))
    if show_errors and form.non_field_errors():
        raise TemplateNeededError  # bootstrap5/errors.html draws them
    fields = list(form)
    drawn = []
    for index, field in enumerate(fields):
        with context.push(forloop=_loop(index, len(fields)), field=field):
            try:
                html = str(render(context))
            except TemplateNeededError:
                with context.push():  # as {% include %} does
                    html = str(field_template().render(context))
        drawn.append(f"\n        {html}\n    ")
    # The template's text around its tags; the empty errors.html is one newline.
    errors = "\n        \n\n    " if show_errors else ""
    inner = f"\n    \n    {errors}\n    {''.join(drawn)}\n"
    return mark_safe(f"\n\n{remove_spaces(inner.strip())}\n")  # noqa: S308 (drawn escaped)
