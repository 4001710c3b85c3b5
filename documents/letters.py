"""Letters as PDF, for every app that keeps the letters it sends in the file's documents (the
aid decision letter, the receipt of a request): the letter's template rendered to HTML without
a request and converted by WeasyPrint. Import it inside the function that needs it: WeasyPrint
loads Pango when imported, and the app must start without it. Stylesheets are read from the
static files on this machine (the finders, or STATIC_ROOT after collectstatic); any other URL
is refused, so rendering never goes out on the network."""

from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

# Relative URLs in the letter resolve against this; `.invalid` never resolves (RFC 2606).
BASE_URL = "https://ocmw.invalid/"

_CONTENT_TYPES = {".css": "text/css", ".png": "image/png", ".svg": "image/svg+xml"}


class LetterResourceError(FatalURLFetchingError):  # type: ignore[misc]  # untyped base
    """The letter links something that is not one of the app's static files."""


def static_path(url: str) -> Path | None:
    """The file on disk behind a static URL of the letter, or None."""
    static_url = urlsplit(settings.STATIC_URL or "/static/")
    static_prefix = static_url.path if static_url.path.startswith("/") else "/" + static_url.path
    # The letter's own relative links, or an absolute STATIC_URL (a static host).
    hosts = {urlsplit(BASE_URL).netloc, static_url.netloc} - {""}
    parts = urlsplit(url)
    if (
        parts.scheme not in ("http", "https")
        or parts.netloc not in hosts
        or not parts.path.startswith(static_prefix)
    ):
        return None
    relative = unquote(parts.path[len(static_prefix) :])
    if not relative or ".." in Path(relative).parts:
        return None
    found = finders.find(relative)
    if isinstance(found, str):
        return Path(found)
    collected = Path(settings.STATIC_ROOT) / relative
    return collected if collected.is_file() else None


class StaticFilesFetcher(URLFetcher):  # type: ignore[misc]  # untyped base
    """Serves the letter's stylesheets (and the data: URIs inside them) from disk."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols=("data",), fail_on_errors=True)

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        if url.startswith("data:"):
            return super().fetch(url, headers)  # decoded in memory (urllib's DataHandler)
        path = static_path(url)
        if path is None:
            raise LetterResourceError(f"not a static file of the app: {url}")
        content_type = _CONTENT_TYPES.get(path.suffix, "application/octet-stream")
        return URLFetcherResponse(
            url, path.read_bytes(), headers={"Content-Type": content_type}, status=200
        )


def letter_pdf(template: str, context: dict[str, Any]) -> bytes:
    """The letter `template` with `context` as PDF bytes."""
    html = render_to_string(template, context)
    pdf: bytes = HTML(string=html, base_url=BASE_URL, url_fetcher=StaticFilesFetcher()).write_pdf()
    return pdf
