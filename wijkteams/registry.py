"""What the apps above `wijkteams` add to its pages, registered in their `AppConfig.ready()`
(wijkteams never names a URL or template of an app above it: DESIGN.md)."""

from typing import Literal

# The wijkteams pages that take sections from above: the administrators' configuration page
# (budgets: its links) and the lead's team page (clients: the caseload link).
Page = Literal["configuration", "my_team"]

_sections: dict[tuple[Page, str], int] = {}


def page_section_register(*, page: Page, template: str, order: int) -> None:
    """A template included at the end of a wijkteams page (it gets the page's context).
    Registering a template again replaces it."""
    _sections[(page, template)] = order


def page_sections(page: Page) -> tuple[str, ...]:
    chosen = [(order, template) for (on, template), order in _sections.items() if on == page]
    return tuple(template for _order, template in sorted(chosen))
