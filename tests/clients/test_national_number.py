import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from clients.models import mask_national_number
from clients.national_number import national_number_clean, national_number_for


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
