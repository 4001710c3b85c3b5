import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from stdnum.be import nn

from clients.models import Sex, mask_national_number
from clients.national_number import (
    EncodedIdentity,
    national_number_check_match,
    national_number_clean,
    national_number_for,
    national_number_identity,
)


def test_valid_national_number_with_punctuation_is_compacted() -> None:
    assert national_number_clean("85.07.30-033.28") == "85073003328"


def test_valid_bis_number_is_accepted() -> None:
    assert national_number_clean("98.47.28-997.65") == "98472899765"


def test_born_in_this_century_uses_the_2_prefix_for_the_check() -> None:
    number = national_number_for(dt.date(2003, 1, 2), 33)
    assert national_number_clean(number) == number


def test_wrong_check_digits_are_refused_without_echoing_the_number() -> None:
    with pytest.raises(ValidationError) as error:
        national_number_clean("85073003329")
    assert "geen geldig rijksregister- of BIS-nummer" in error.value.messages[0]
    assert "85073003329" not in str(error.value)


def test_wrong_length_is_refused() -> None:
    with pytest.raises(ValidationError, match="11 cijfers"):
        national_number_clean("8507300332")


def test_mask_shows_only_the_last_two_digits() -> None:
    assert mask_national_number("85073003328") == "••.••.••-•••.28"


# --- what a number tells, checked against the typed birth date and sex -----------------------


def _number(first_nine: str, *, born_after_1999: bool = False) -> str:
    """A number with valid check digits: YYMMDD and a serial (odd for men). Born in 2000 or
    later, the check digits are computed over 2YYMMDD..., as in the register."""
    check = 97 - int(("2" if born_after_1999 else "") + first_nine) % 97
    return f"{first_nine}{check:02d}"


ANNA = _number("850730034")  # 30/07/1985, a woman
THEO = _number("030102033", born_after_1999=True)  # 02/01/2003, a man
DAY_UNKNOWN = _number("850700033")  # July 1985, a man
MONTH_UNKNOWN = _number("850000033")  # 1985 (or the day's serials ran out), a man
NOTHING_KNOWN = _number("000001001")  # the register's fictitious date, a man
BIS_SEX_KNOWN = _number("854730034")  # month + 40: 30/07/1985, a woman
BIS_SEX_UNKNOWN = _number("852730033")  # month + 20: 30/07/1985, sex unknown
BIS_ONLY_YEAR = _number("852000034")  # 1985, sex unknown
BIS_ONLY_YEAR_WOMAN = _number("854000034")  # 1985, a woman
BIS_AFTER_1999 = _number("034201034", born_after_1999=True)  # 01/02/2003, a woman
BIS_NOTHING_KNOWN = _number("002001001")  # no birth date, sex unknown

D = dt.date
MATCH_CASES = [
    # (number, typed birth date, typed sex, fields that disagree)
    (ANNA, D(1985, 7, 30), Sex.FEMALE, set()),
    (ANNA, D(1985, 7, 30), Sex.X, set()),
    (ANNA, D(1985, 7, 31), Sex.FEMALE, {"birth_date"}),
    (ANNA, D(1985, 8, 30), Sex.FEMALE, {"birth_date"}),
    (ANNA, D(1984, 7, 30), Sex.FEMALE, {"birth_date"}),
    (ANNA, D(1985, 7, 30), Sex.MALE, {"sex"}),
    (ANNA, D(1985, 7, 31), Sex.MALE, {"birth_date", "sex"}),
    (THEO, D(2003, 1, 2), Sex.MALE, set()),
    (THEO, D(1903, 1, 2), Sex.MALE, {"birth_date"}),  # the century is in the check digits
    (THEO, D(2003, 1, 2), Sex.FEMALE, {"sex"}),
    (DAY_UNKNOWN, D(1985, 7, 14), Sex.MALE, set()),
    (DAY_UNKNOWN, D(1985, 8, 14), Sex.MALE, {"birth_date"}),
    (MONTH_UNKNOWN, D(1985, 12, 31), Sex.MALE, set()),
    (MONTH_UNKNOWN, D(1986, 1, 1), Sex.MALE, {"birth_date"}),
    (NOTHING_KNOWN, D(1970, 5, 5), Sex.MALE, set()),
    (NOTHING_KNOWN, D(1970, 5, 5), Sex.FEMALE, {"sex"}),  # the serial still tells the sex
    (BIS_SEX_KNOWN, D(1985, 7, 30), Sex.FEMALE, set()),
    (BIS_SEX_KNOWN, D(1985, 7, 30), Sex.MALE, {"sex"}),
    (BIS_SEX_KNOWN, D(1985, 7, 29), Sex.FEMALE, {"birth_date"}),
    (BIS_SEX_UNKNOWN, D(1985, 7, 30), Sex.FEMALE, set()),
    (BIS_SEX_UNKNOWN, D(1985, 7, 30), Sex.MALE, set()),  # an odd serial says nothing here
    (BIS_SEX_UNKNOWN, D(1985, 7, 30), Sex.X, set()),
    (BIS_SEX_UNKNOWN, D(1985, 6, 30), Sex.MALE, {"birth_date"}),
    (BIS_ONLY_YEAR, D(1985, 3, 3), Sex.MALE, set()),
    (BIS_ONLY_YEAR, D(1990, 3, 3), Sex.MALE, {"birth_date"}),
    (BIS_ONLY_YEAR_WOMAN, D(1985, 3, 3), Sex.MALE, {"sex"}),
    (BIS_AFTER_1999, D(2003, 2, 1), Sex.FEMALE, set()),
    (BIS_AFTER_1999, D(1903, 2, 1), Sex.FEMALE, {"birth_date"}),
    (BIS_NOTHING_KNOWN, D(1970, 5, 5), Sex.FEMALE, set()),
    (BIS_NOTHING_KNOWN, D(1970, 5, 5), Sex.MALE, set()),
]


@pytest.mark.parametrize(("number", "birth_date", "sex", "disagree"), MATCH_CASES)
def test_birth_date_and_sex_are_checked_against_what_the_number_knows(
    number: str, birth_date: dt.date, sex: Sex, disagree: set[str]
) -> None:
    if not disagree:
        national_number_check_match(number, birth_date=birth_date, sex=sex)
        return
    with pytest.raises(ValidationError) as error:
        national_number_check_match(number, birth_date=birth_date, sex=sex)
    assert set(error.value.message_dict) == disagree


@pytest.mark.parametrize(
    ("number", "identity"),
    [
        (ANNA, EncodedIdentity(1985, 7, dt.date(1985, 7, 30), "F")),
        (THEO, EncodedIdentity(2003, 1, dt.date(2003, 1, 2), "M")),
        (DAY_UNKNOWN, EncodedIdentity(1985, 7, None, "M")),
        (MONTH_UNKNOWN, EncodedIdentity(1985, None, None, "M")),
        (NOTHING_KNOWN, EncodedIdentity(None, None, None, "M")),
        (BIS_SEX_KNOWN, EncodedIdentity(1985, 7, dt.date(1985, 7, 30), "F")),
        (BIS_SEX_UNKNOWN, EncodedIdentity(1985, 7, dt.date(1985, 7, 30), None)),
        (BIS_ONLY_YEAR, EncodedIdentity(1985, None, None, None)),
        (BIS_AFTER_1999, EncodedIdentity(2003, 2, dt.date(2003, 2, 1), "F")),
        (BIS_NOTHING_KNOWN, EncodedIdentity(None, None, None, None)),
    ],
)
def test_the_identity_a_number_encodes(number: str, identity: EncodedIdentity) -> None:
    assert national_number_identity(nn.format(number)) == identity


def test_a_mismatch_says_which_field_in_dutch_without_the_number() -> None:
    with pytest.raises(ValidationError) as error:
        national_number_check_match(ANNA, birth_date=dt.date(1985, 7, 31), sex=Sex.MALE)
    assert error.value.message_dict == {
        "birth_date": ["De geboortedatum komt niet overeen met het rijksregisternummer."],
        "sex": ["Het geslacht komt niet overeen met het rijksregisternummer."],
    }
    assert not any(char.isdigit() for char in str(error.value))  # no number, no date


def test_an_empty_birth_date_or_sex_is_left_to_its_own_field() -> None:
    national_number_check_match(ANNA, birth_date=None, sex="")
