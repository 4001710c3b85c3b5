"""Every write to a client file: atomic, checked against the actor's rights, and logged.

One module per topic: base (the change signal, optimistic locking), record (the
client record, intake, closing, team and transfer), household (members, incomes and the
statement that they are complete), casework (trajectories, steps, debts, journal). Callers import
from here."""

from clients.access_log import access_log_record
from clients.log_actions import (
    LOGGED_CLOSED,
    LOGGED_HOUSEHOLD_CONFIRMED,
    LOGGED_HOUSEHOLD_UNCONFIRMED,
    LOGGED_REOPENED,
)
from clients.services.base import (
    ADDRESS_FIELDS,
    IDENTITY_FIELDS,
    EditConflictError,
    RecordRemovedError,
    client_file_change_notify,
    client_require_editor,
    client_require_open,
)
from clients.services.casework import (
    EVENT_LENGTH,
    debt_save,
    journal_add,
    journal_follow_up_done,
    step_done,
    step_save,
    trajectory_activate,
    trajectory_close,
    trajectory_open,
    trajectory_save,
)
from clients.services.household import (
    Period,
    household_confirm,
    household_member_remove,
    household_member_save,
    income_change_from,
    income_remove,
    income_save,
)
from clients.services.record import (
    ErrorDict,
    IntakeError,
    NationalNumberTakenError,
    assignment_transfer,
    client_close,
    client_intake,
    client_register,
    client_reopen,
    client_set_team,
    client_update,
    national_number_lookup_log,
)

__all__ = [
    "ADDRESS_FIELDS",
    "EVENT_LENGTH",
    "IDENTITY_FIELDS",
    "LOGGED_CLOSED",
    "LOGGED_HOUSEHOLD_CONFIRMED",
    "LOGGED_HOUSEHOLD_UNCONFIRMED",
    "LOGGED_REOPENED",
    "EditConflictError",
    "ErrorDict",
    "IntakeError",
    "NationalNumberTakenError",
    "Period",
    "RecordRemovedError",
    "access_log_record",
    "assignment_transfer",
    "client_close",
    "client_file_change_notify",
    "client_intake",
    "client_register",
    "client_reopen",
    "client_require_editor",
    "client_require_open",
    "client_set_team",
    "client_update",
    "debt_save",
    "household_confirm",
    "household_member_remove",
    "household_member_save",
    "income_change_from",
    "income_remove",
    "income_save",
    "journal_add",
    "journal_follow_up_done",
    "national_number_lookup_log",
    "step_done",
    "step_save",
    "trajectory_activate",
    "trajectory_close",
    "trajectory_open",
    "trajectory_save",
]
