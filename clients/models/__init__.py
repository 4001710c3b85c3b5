"""Client files: the person, the household, incomes, housing, statuses, the one social worker,
trajectories with their steps and debts, the journal, and the access log.

One module per topic: client (the client record, the date validators and national-number
helpers), household (members, incomes and the checks of their periods), assignment (the one
social worker), casework (trajectories, steps, events, debts, journal), access_log, and caseload
(the figures the database triggers keep). Callers import from here, and migrations name
`clients.models.<name>`: every name stays importable from the package."""

# isort: off
# The order the models were defined in one module, and so their order in the app registry.
from clients.models.client import (
    NON_NEGATIVE,
    Client,
    Sex,
    age_on,
    future_date_errors,
    household_confirmation_ends,
    mask_national_number,
    validate_not_in_future,
)
from clients.models.household import (
    DatedMember,
    HouseholdMember,
    Income,
    income_period_errors,
    leefloon_category_errors,
    member_lives_there_on,
    member_period_errors,
    runs_on,
)
from clients.models.assignment import Assignment
from clients.models.casework import Debt, JournalEntry, Trajectory, TrajectoryEvent, TrajectoryStep
from clients.models.access_log import AccessLog
from clients.models.caseload import CaseloadCount, FollowUpCount

# isort: on

__all__ = [
    "NON_NEGATIVE",
    "AccessLog",
    "Assignment",
    "CaseloadCount",
    "Client",
    "DatedMember",
    "Debt",
    "FollowUpCount",
    "HouseholdMember",
    "Income",
    "JournalEntry",
    "Sex",
    "Trajectory",
    "TrajectoryEvent",
    "TrajectoryStep",
    "age_on",
    "future_date_errors",
    "household_confirmation_ends",
    "income_period_errors",
    "leefloon_category_errors",
    "mask_national_number",
    "member_lives_there_on",
    "member_period_errors",
    "runs_on",
    "validate_not_in_future",
]
