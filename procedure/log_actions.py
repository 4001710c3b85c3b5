"""What the requests tab and its services write in a client's access log: each key and the text
it shows, translated when shown (clients.access_log). A key, once written, is never renamed."""

from django.utils.translation import gettext_lazy as _

from clients.access_log import access_log_key

# --- pages looked at ---------------------------------------------------------------------------
SEEN_REQUESTS = access_log_key("procedure.tab", _("requests for help"))
SEEN_RECEIPT = access_log_key(
    "procedure.receipt", _("receipt of request %(request)s (%(language)s)")
)
SEEN_DECISION_LETTER = access_log_key(
    "procedure.decision_letter", _("decision letter of request %(request)s (%(language)s)")
)
SEEN_REGISTER = access_log_key("procedure.register_listed", _("request register (team list)"))
EXPORTED_REGISTER = access_log_key(
    "procedure.register_exported", _("request register exported (CSV)")
)
SEEN_DEADLINES_LISTED = access_log_key(
    "procedure.deadlines_listed", _("list of requests near or past a deadline")
)

# --- changes -----------------------------------------------------------------------------------
LOG_REGISTERED = access_log_key("procedure.registered", _("request %(request)s registered"))
LOG_WITHDRAWN = access_log_key("procedure.withdrawn", _("request %(request)s withdrawn"))
LOG_FORWARDED = access_log_key(
    "procedure.forwarded", _("request %(request)s forwarded to another OCMW")
)
LOG_INQUIRY = access_log_key("procedure.inquiry", _("social inquiry of request %(request)s saved"))
LOG_PROPOSED = access_log_key(
    "procedure.proposed", _("proposal on request %(request)s, decided by %(decider)s")
)
LOG_DECIDED = access_log_key(
    "procedure.decided", _("decision on request %(request)s recorded (%(outcome)s)")
)
LOG_NOTIFIED = access_log_key(
    "procedure.notified", _("notification of the decision on request %(request)s recorded")
)
LOG_APPEALED = access_log_key("procedure.appealed", _("appeal against request %(request)s"))
LOG_JUDGED = access_log_key(
    "procedure.judged", _("judgment on the appeal against request %(request)s recorded")
)
LOG_DOCUMENTS_ADDED = access_log_key(
    "procedure.documents_added", _("documents added to request %(request)s (%(count)s)")
)

# --- committee sessions (procedure/services/sessions.py, procedure/session_views.py) ----------
SEEN_SESSION = access_log_key("procedure.session", _("agenda of committee session %(session)s"))
SEEN_AGENDA = access_log_key(
    "procedure.agenda_printed", _("printable agenda of committee session %(session)s")
)
SEEN_AGENDA_PSEUDONYMISED = access_log_key(
    "procedure.agenda_pseudonymised", _("pseudonymised agenda of committee session %(session)s")
)
SEEN_AGENDA_ITEM = access_log_key(
    "procedure.agenda_item", _("item %(position)s of committee session %(session)s")
)
LOG_ON_AGENDA = access_log_key(
    "procedure.on_agenda", _("request put on the agenda of committee session %(session)s")
)
LOG_POSTPONED = access_log_key(
    "procedure.postponed", _("request %(request)s postponed by committee session %(session)s")
)
LOG_RATIFIED = access_log_key(
    "procedure.ratified",
    _("urgent decision on request %(request)s ratified by committee session %(session)s"),
)
LOG_NOT_RATIFIED = access_log_key(
    "procedure.not_ratified",
    _("urgent decision on request %(request)s not ratified by committee session %(session)s"),
)
LOG_MINUTES = access_log_key(
    "procedure.minutes", _("minutes of committee session %(session)s saved")
)
LOG_SESSION_CLOSED = access_log_key(
    "procedure.session_closed", _("committee session %(session)s closed")
)
