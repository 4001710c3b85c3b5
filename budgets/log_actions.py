"""What the aid pages and services write in a client's access log: each key and the text it
shows, translated when shown (clients.access_log). The texts are the msgids the log stored
before the keys, so their Dutch translations stay. A key, once written, is never renamed."""

from django.utils.translation import gettext_lazy as _

from clients.access_log import access_log_key

# --- pages looked at ---------------------------------------------------------------------------
SEEN_AID = access_log_key("budgets.aid", _("financial aid"))
SEEN_CALCULATION = access_log_key("budgets.calculation", _("aid calculation"))
SEEN_WHAT_IF = access_log_key("budgets.what_if", _("aid calculation (what-if)"))
SEEN_SAVED = access_log_key("budgets.saved_calculation", _("saved aid calculation"))
SEEN_PROPOSE = access_log_key("budgets.proposal_new", _("aid proposal (new)"))
SEEN_DECISION = access_log_key("budgets.proposal", _("aid proposal"))
SEEN_LETTER = access_log_key("budgets.decision_letter", _("aid decision letter"))

# --- changes -----------------------------------------------------------------------------------
LOG_CALCULATION_SAVED = access_log_key("budgets.calculation_saved", _("aid calculation saved"))
LOG_PROPOSED = access_log_key("budgets.proposal_made", _("aid proposal made"))
LOG_APPROVED = access_log_key("budgets.proposal_approved", _("aid proposal approved"))
LOG_REJECTED = access_log_key("budgets.proposal_rejected", _("aid proposal rejected"))
LOG_REOPENED = access_log_key(
    "budgets.proposal_reopened", _("aid proposal open again: the urgent decision was not ratified")
)
LOG_WITHDRAWN = access_log_key("budgets.proposal_withdrawn", _("aid proposal withdrawn"))
LOG_LISTED = access_log_key("budgets.proposals_listed", _("aid proposals (list)"))
