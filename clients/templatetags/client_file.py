"""The tab bar of a client file, drawn from the tabs registered in clients/registry.py (the
apps above add theirs there), for every page that extends clients/file/base.html whichever app
renders it."""

from dataclasses import dataclass
from typing import Any

from django import template

from clients.registry import file_tabs

register = template.Library()


@dataclass(frozen=True)
class DrawnTab:
    label: str
    url: str
    active: bool  # the page shown belongs to the tab
    current: bool  # the page shown is the tab's own page (aria-current)


@register.inclusion_tag("clients/file/tabs.html", takes_context=True)
def file_tab_bar(context: template.Context) -> dict[str, Any]:
    request, client, file = context["request"], context["client"], context["file"]
    drawn = []
    for tab in file_tabs():
        if not tab.visible(file):
            continue
        url = tab.url(client)
        current = request.path == url
        active = tab.active(request, url) if tab.active is not None else current
        drawn.append(DrawnTab(label=str(tab.label), url=url, active=active, current=current))
    return {"tabs": drawn}
