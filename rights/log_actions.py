"""What the rights tab, its services and the non-take-up scan write in a client's access log:
each key and the text it shows, translated when shown (clients.access_log). The texts are the
msgids the log stored before the keys, so their Dutch translations stay. A key, once written,
is never renamed."""

from django.utils.translation import gettext_lazy as _

from clients.access_log import access_log_key

SEEN_RIGHTS = access_log_key("rights.tab", _("rights and non-take-up"))
LOGGED_REGISTER = access_log_key("rights.register", _("rights register"))
LOGGED_FLAG = access_log_key("rights.flag", _("non-take-up flag"))
LOGGED_SCAN = access_log_key("rights.scan", _("rights check"))
SEEN_FLAGS_LISTED = access_log_key("rights.flags_listed", _("non-take-up flags (list)"))
