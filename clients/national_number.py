"""National register (rijksregisternummer) and BIS numbers, validated with python-stdnum."""

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum.be import bis, nn
from stdnum.exceptions import ValidationError as StdnumError

# Sex.MALE and Sex.FEMALE of clients.models, which this module does not import: it is loaded
# before the app registry is ready (by the test suite's log guard, a pytest plugin).
MALE: Literal["M"] = "M"
FEMALE: Literal["F"] = "F"


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


@dataclass(frozen=True)
class EncodedIdentity:
    """What a national register or BIS number says about its holder; None where it does not.

    A number given while the birth date was not (fully) known has zeroes for the unknown parts
    (a month 00 also means the serials of that day ran out: then only the year is sure). A BIS
    number adds 20 to the month when the sex was unknown, 40 when it was known.
    """

    birth_year: int | None
    birth_month: int | None
    birth_date: dt.date | None  # only when the year, the month and the day are all known
    sex: Literal["M", "F"] | None

    def contradicts_birth_date(self, birth_date: dt.date) -> bool:
        if self.birth_date is not None:
            return birth_date != self.birth_date
        return (self.birth_year is not None and birth_date.year != self.birth_year) or (
            self.birth_month is not None and birth_date.month != self.birth_month
        )

    def contradicts_sex(self, sex: str) -> bool:
        """X (other or unknown) contradicts no number."""
        return self.sex is not None and sex in (MALE, FEMALE) and sex != self.sex


def national_number_identity(number: str) -> EncodedIdentity:
    """The birth date, or what is known of it, and the sex that a valid number encodes."""
    digits = national_number_clean(number)
    module = bis if bis.is_valid(digits) else nn
    gender = module.get_gender(digits)  # "M", "F", or None (a BIS number without the sex)
    return EncodedIdentity(
        birth_year=module.get_birth_year(digits),
        birth_month=module.get_birth_month(digits),
        birth_date=module.get_birth_date(digits),
        sex=MALE if gender == "M" else FEMALE if gender == "F" else None,
    )


def national_number_check_match(number: str, *, birth_date: dt.date | None, sex: str) -> None:
    """Refuse a birth date or a sex that the national register or BIS number contradicts: a
    ValidationError with a Dutch message on each such field, never quoting the number.

    Only what the number knows is compared; an empty value is left to the field's own check.
    """
    identity = national_number_identity(number)
    errors: dict[str, ValidationError] = {}
    if birth_date is not None and identity.contradicts_birth_date(birth_date):
        errors["birth_date"] = ValidationError(
            _("The birth date does not match the national number."), code="birth_date_mismatch"
        )
    if identity.contradicts_sex(sex):
        errors["sex"] = ValidationError(
            _("The sex does not match the national number."), code="sex_mismatch"
        )
    if errors:
        raise ValidationError(errors)
