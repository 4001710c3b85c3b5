"""`{% page_query number %}`: the query string of another page of a list, keeping the other
parameters (the filters), for templates/pager.html."""

from django import template
from django.template.context import RequestContext

from core import paging

register = template.Library()


@register.filter
def page_param(prefix: str = "") -> str:
    return paging.page_param(prefix)


@register.simple_tag(takes_context=True)
def page_query(context: template.Context, number: int, prefix: str = "") -> str:
    # As `{% querystring page=number %}`, with the parameter's name from a variable.
    if not isinstance(context, RequestContext):
        raise template.TemplateSyntaxError("page_query needs the request: render with it")
    params = context.request.GET.copy()
    params[paging.page_param(prefix)] = str(number)
    return f"?{params.urlencode()}"
