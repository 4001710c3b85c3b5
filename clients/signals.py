"""Signals other apps listen to, so clients/ need not import them.

`client_file_changed` is sent once per client after a transaction that changed what the
non-take-up rules read (the record, the household, the incomes) commits. Receivers get
`client_id` (an int) and must not raise: the change is already saved.
"""

from django.dispatch import Signal

client_file_changed = Signal()
