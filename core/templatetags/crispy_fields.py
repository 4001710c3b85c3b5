"""`{% crispy_field_fast %}`: templates/bootstrap5/field.html, which takes the place of
crispy-forms' own: the field drawn by core.crispy_fields where it can, else by crispy's
template (the next `bootstrap5/field.html` the loaders find after this one)."""

from django import template
from django.utils.safestring import SafeString

from core import crispy_fields
from core.form_rendering import TemplateNeededError

register = template.Library()

CRISPY_FIELD_TEMPLATE = "bootstrap5/field.html"


def _engine(context: template.Context) -> template.Engine:
    return context.template.engine if context.template else template.engines["django"].engine  # type: ignore[attr-defined]


def _crispy_own(node: template.Node, context: template.Context, name: str) -> SafeString | str:
    """crispy's own template `name`: the same name, skipping the project's file (as a
    recursive extends does)."""
    crispy_template, _origin = _engine(context).find_template(name, skip=[node.origin])
    return crispy_template.render(context)


class CrispyFieldFastNode(template.Node):
    def render(self, context: template.Context) -> SafeString | str:
        try:
            return crispy_fields.render(context)
        except TemplateNeededError:
            return _crispy_own(self, context, CRISPY_FIELD_TEMPLATE)


@register.tag
def crispy_field_fast(parser: template.base.Parser, token: template.base.Token) -> template.Node:
    if len(token.split_contents()) != 1:
        raise template.TemplateSyntaxError("crispy_field_fast takes no arguments")
    return CrispyFieldFastNode()


FORM_TEMPLATE = "bootstrap5/uni_form.html"


class CrispyFormFastNode(template.Node):
    def render(self, context: template.Context) -> SafeString | str:
        engine = _engine(context)
        try:
            return crispy_fields.render_form(
                context, lambda: engine.get_template(CRISPY_FIELD_TEMPLATE)
            )
        except TemplateNeededError:
            return _crispy_own(self, context, FORM_TEMPLATE)


@register.tag
def crispy_form_fast(parser: template.base.Parser, token: template.base.Token) -> template.Node:
    if len(token.split_contents()) != 1:
        raise template.TemplateSyntaxError("crispy_form_fast takes no arguments")
    return CrispyFormFastNode()
