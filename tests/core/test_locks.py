"""core.locks: a named lock only makes sense inside a transaction (it is released at its end)."""

import pytest
from django.db import transaction

from core.locks import transaction_lock


@pytest.mark.django_db(transaction=True)
def test_a_lock_outside_a_transaction_is_refused() -> None:
    with pytest.raises(RuntimeError, match="needs a transaction"):
        transaction_lock("anything")


@pytest.mark.django_db(transaction=True)
def test_a_lock_is_taken_twice_in_one_transaction_without_waiting() -> None:
    with transaction.atomic():
        transaction_lock("anything")
        transaction_lock("anything")  # advisory locks are re-entrant for their own session
