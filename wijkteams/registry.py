"""What the apps above `wijkteams` add to its pages, registered in their `AppConfig.ready()`
(wijkteams never names a URL or template of an app above it: DESIGN.md)."""

from collections.abc import Callable, Mapping
from typing import Any, Literal

from django.http import HttpRequest

# The wijkteams pages that take sections from above: the administrators' configuration page
# (budgets: its links) and the lead's team page (clients: the caseload link).
Page = Literal["configuration", "my_team"]

SectionContext = Callable[[HttpRequest], Mapping[str, Any]]

_sections: dict[tuple[Page, str], tuple[int, SectionContext | None]] = {}


def page_section_register(
    *, page: Page, template: str, order: int, context: SectionContext | None = None
) -> None:
    """A template included at the end of a wijkteams page. It gets the page's context, and as
    `section` what `context` returns for the request (called by the view, so what a section
    reads and logs happens in the view, not while the template renders). Registering a
    template again replaces it."""
    _sections[(page, template)] = (order, context)


def page_sections(page: Page) -> tuple[str, ...]:
    chosen = [(order, template) for (on, template), (order, _c) in _sections.items() if on == page]
    return tuple(template for _order, template in sorted(chosen))


def page_sections_for(page: Page, request: HttpRequest) -> list[tuple[str, Mapping[str, Any]]]:
    """(template, its `section` context) of each section of the page, for the request."""
    sections = []
    for template in page_sections(page):
        _order, context = _sections[(page, template)]
        sections.append((template, context(request) if context else {}))
    return sections
