"""What integration's pages and services write in a client's access log: each key and the text
it shows, translated when shown (clients.access_log). A key, once written, is never renamed."""

from django.utils.translation import gettext_lazy as _

from clients.access_log import access_log_key

# --- pages looked at ---------------------------------------------------------------------------
SEEN_LEEFLOON = access_log_key("integration.tab", _("leefloon, GPMI and art. 60 work"))
SEEN_LEEFLOON_REQUEST = access_log_key(
    "integration.request", _("leefloon request %(request)s: eligibility and calculation")
)
SEEN_CALCULATION = access_log_key(
    "integration.calculation", _("leefloon calculation %(calculation)s")
)
SEEN_GRANT = access_log_key("integration.grant", _("leefloon %(grant)s and its payments"))
SEEN_GPMI = access_log_key("integration.gpmi", _("GPMI contract %(contract)s"))
SEEN_ART60 = access_log_key("integration.art60", _("art. 60 contract %(contract)s"))
SEEN_OVERDUE_LISTED = access_log_key(
    "integration.overdue_listed", _("list of GPMI evaluations due or overdue")
)

# --- changes -----------------------------------------------------------------------------------
LOG_ELIGIBILITY = access_log_key(
    "integration.eligibility", _("eligibility check of leefloon request %(request)s saved")
)
LOG_CALCULATED = access_log_key(
    "integration.calculated", _("leefloon calculation saved for request %(request)s")
)
LOG_GRANTED = access_log_key(
    "integration.granted", _("leefloon granted from %(day)s (request %(request)s)")
)
LOG_GRANT_ENDED = access_log_key("integration.grant_ended", _("leefloon %(grant)s ended"))
LOG_GRANT_REMOVED = access_log_key(
    "integration.grant_removed",
    _("leefloon %(grant)s removed with its income lines: its decision no longer stands"),
)
LOG_INDEXED = access_log_key("integration.indexed", _("leefloon indexed from %(day)s"))
LOG_GPMI_SAVED = access_log_key("integration.gpmi_saved", _("GPMI contract saved"))
LOG_GPMI_SIGNED = access_log_key("integration.gpmi_signed", _("GPMI contract signed"))
LOG_EVALUATION = access_log_key("integration.evaluation", _("GPMI evaluation of %(day)s recorded"))
LOG_ART60_SAVED = access_log_key("integration.art60_saved", _("art. 60 contract saved"))
LOG_ART60_ENDED = access_log_key("integration.art60_ended", _("art. 60 contract ended early"))
