import contextlib

from django.conf import settings
from django.http import HttpRequest
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class DutchFirstLocaleMiddleware(LocaleMiddleware):
    """Dutch unless the user chose otherwise: the browser's Accept-Language does not decide.

    Staff of a Flemish OCMW often run an English browser; the interface must still be Dutch
    until they pick English at the bottom of the page (the language cookie).
    """

    def process_request(self, request: HttpRequest) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = settings.LANGUAGE_CODE
        if chosen and translation.check_for_language(chosen):
            with contextlib.suppress(LookupError):
                language = translation.get_supported_language_variant(chosen)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
