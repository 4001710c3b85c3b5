"""What higher apps give integration: the rights scan's open findings for a client, shown in a
leefloon request's eligibility check as "rights to use first" (law of 26 May 2002, art. 3 6°).
Rights may import integration, never the other way round (scripts/layout_check.py): rights
registers its provider from rights/hooks.py."""

from collections.abc import Callable
from dataclasses import dataclass

from clients.models import Client


@dataclass(frozen=True)
class RightToUseFirst:
    """One open finding of the rights scan: the right, where it stands, where to see it."""

    name: str
    status: str
    url: str


RightsProvider = Callable[[Client], list[RightToUseFirst]]
_providers: list[RightsProvider] = []


def first_to_use_register(provider: RightsProvider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def first_to_use(client: Client) -> list[RightToUseFirst] | None:
    """The open findings of every provider; None when no app provides them (unknown, not
    "none")."""
    if not _providers:
        return None
    return [finding for provider in _providers for finding in provider(client)]
