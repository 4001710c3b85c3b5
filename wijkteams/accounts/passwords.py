"""The password rules' messages in Dutch where Django's catalogue has none."""

from django.contrib.auth import password_validation
from django.utils.translation import ngettext


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's, with its message in this project's catalogue: Django 5.2 changed the message's
    msgid and its Dutch catalogue still has the old one, so the enrolment page said it in
    English."""

    def get_error_message(self) -> str:
        return ngettext(
            "This password is too short: it needs at least %(min_length)d character.",
            "This password is too short: it needs at least %(min_length)d characters.",
            self.min_length,
        ) % {"min_length": self.min_length}
