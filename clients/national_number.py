"""National register (rijksregisternummer) and BIS numbers, validated with python-stdnum."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum.be import bis, nn
from stdnum.exceptions import ValidationError as StdnumError


def national_number_clean(raw: str) -> str:
    """The 11 digits of a valid national register or BIS number, or a ValidationError in Dutch.

    The number itself never appears in the message, so it cannot leak into a log line.
    """
    digits = "".join(ch for ch in raw if ch.isdigit())
    if len(digits) != 11:
        raise ValidationError(_("A national register or BIS number has 11 digits."), code="length")
    for module in (nn, bis):
        try:
            return str(module.validate(digits))
        except StdnumError:
            continue
    raise ValidationError(
        _("This is not a valid national register or BIS number: check the digits."),
        code="checksum",
    )


def national_number_for(birth_date: dt.date, serial: int) -> str:
    """A valid national register number for a birth date and a serial (1-997): demo and tests.

    Odd serials are men, even ones women, as in the real register.
    """
    if not 1 <= serial <= 997:
        raise ValueError("serial must be between 1 and 997")
    base = f"{birth_date:%y%m%d}{serial:03d}"
    prefix = "2" if birth_date.year >= 2000 else ""
    check = 97 - int(prefix + base) % 97
    return f"{base}{check:02d}"
