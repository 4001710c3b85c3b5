"""What the apps above `wijkteams` add to its pages, registered in their `AppConfig.ready()`
(wijkteams never names a URL or template of an app above it: DESIGN.md)."""

_configuration_sections: dict[str, int] = {}


def configuration_section_register(*, template: str, order: int) -> None:
    """A template included on the administrators' configuration page, below the teams (it gets
    the page's context). Registering a template again replaces it."""
    _configuration_sections[template] = order


def configuration_sections() -> tuple[str, ...]:
    return tuple(sorted(_configuration_sections, key=lambda t: (_configuration_sections[t], t)))
