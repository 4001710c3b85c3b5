"""What the client file's pages and services write in its access log: each key and the text it
shows, translated when shown (clients.access_log). The texts are the msgids the log stored
before the keys, so their Dutch translations stay. A key, once written, is never renamed."""

from django.utils.translation import gettext_lazy as _

from clients.access_log import access_log_key

# --- pages looked at ---------------------------------------------------------------------------
SEEN_OVERVIEW = access_log_key("clients.overview", _("overview"))
SEEN_RECORD_EDIT = access_log_key("clients.record_edit", _("client record (edit)"))
SEEN_TRAJECTORIES = access_log_key("clients.trajectories", _("trajectories"))
SEEN_JOURNAL = access_log_key("clients.journal", _("journal"))
SEEN_ACCESS = access_log_key("clients.access_history", _("access history"))
SEEN_TRANSFER = access_log_key("clients.transfer", _("assignment and transfer"))
SEEN_HOUSEHOLD = access_log_key("clients.household", _("household and income"))
SEEN_BY_LOOKUP = access_log_key(
    "clients.intake_lookup", _("intake lookup: an existing file was found")
)
SEEN_NUMBER_TAKEN = access_log_key(
    "clients.number_taken", _("national number typed for another file: this file was found")
)
SEEN_CASES_LISTED = access_log_key("clients.cases_listed", _("client list (my cases)"))
SEEN_WORKER_CLIENTS_LISTED = access_log_key(
    "clients.worker_clients_listed", _("client list (a social worker's clients)")
)
SEEN_SEARCH_LISTED = access_log_key("clients.search_listed", _("search results"))
SEEN_EXPORT = access_log_key("clients.gdpr_export_page", _("data export (GDPR)"))

# --- the record, closing, team and transfer ----------------------------------------------------
LOGGED_INTAKE = access_log_key("clients.intake", _("client file (intake)"))
# `fields`: the names of the changed fields (comma-separated), never their values.
LOGGED_RECORD_CHANGED = access_log_key("clients.record_changed", _("client record: %(fields)s"))
# The reasons for closing are free text: they stay on the client (anonymised with it), never in
# the log.
LOGGED_CLOSED = access_log_key("clients.closed", _("client file closed"))
LOGGED_REOPENED = access_log_key("clients.reopened", _("client file reopened"))
LOGGED_TEAM_SET = access_log_key("clients.team_set", _("team set to %(team)s"))
LOGGED_TRANSFERRED = access_log_key("clients.transferred", _("transferred to %(worker)s"))
LOGGED_IMPORTED = access_log_key("clients.imported", _("client file (import)"))

# --- household and incomes ---------------------------------------------------------------------
LOGGED_MEMBER_SAVED = access_log_key("clients.member_saved", _("household member"))
LOGGED_MEMBER_REMOVED = access_log_key("clients.member_removed", _("household member removed"))
LOGGED_HOUSEHOLD_CONFIRMED = access_log_key(
    "clients.household_confirmed", _("household and income confirmed complete")
)
LOGGED_HOUSEHOLD_UNCONFIRMED = access_log_key(
    "clients.household_unconfirmed", _("household and income no longer confirmed")
)
LOGGED_INCOME_SAVED = access_log_key("clients.income_saved", _("income"))
LOGGED_INCOME_ENDED = access_log_key(
    "clients.income_ended", _("income ended (changed from a date)")
)
LOGGED_INCOME_REMOVED = access_log_key("clients.income_removed", _("income removed"))

# --- casework ----------------------------------------------------------------------------------
LOGGED_TRAJECTORY_OPENED = access_log_key("clients.trajectory_opened", _("trajectory opened"))
LOGGED_TRAJECTORY_CHANGED = access_log_key("clients.trajectory_changed", _("trajectory changed"))
LOGGED_TRAJECTORY_ACTIVE = access_log_key("clients.trajectory_active", _("trajectory active"))
LOGGED_TRAJECTORY_CLOSED = access_log_key("clients.trajectory_closed", _("trajectory closed"))
LOGGED_STEP_SAVED = access_log_key("clients.step_saved", _("trajectory step"))
LOGGED_STEP_DONE = access_log_key("clients.step_done", _("trajectory step done"))
LOGGED_DEBT_SAVED = access_log_key("clients.debt_saved", _("debt"))
LOGGED_JOURNAL_ADDED = access_log_key("clients.journal_added", _("journal entry"))
LOGGED_FOLLOW_UP_DONE = access_log_key("clients.follow_up_done", _("follow-up done"))

# --- data protection ---------------------------------------------------------------------------
LOGGED_EXPORT_JSON = access_log_key(
    "clients.gdpr_export_json", _("all data of the file (GDPR export, JSON)")
)
LOGGED_EXPORT_CSV = access_log_key(
    "clients.gdpr_export_csv", _("all data of the file (GDPR export, CSV)")
)
LOGGED_ANONYMISED = access_log_key("clients.anonymised", _("personal data removed (anonymised)"))
