"""What the documents tab and its services write in a client's access log: each key and the
text it shows, translated when shown (clients.access_log). A key, once written, is never
renamed."""

from django.utils.translation import gettext_lazy as _

from clients.access_log import access_log_key

# --- pages and files looked at -----------------------------------------------------------------
SEEN_DOCUMENTS = access_log_key("documents.tab", _("documents"))
SEEN_DOCUMENT = access_log_key("documents.viewed", _("document %(document)s (viewed)"))
DOWNLOADED_DOCUMENT = access_log_key(
    "documents.downloaded", _("document %(document)s (downloaded)")
)
# The thumbnails asked for outside a look at the tab, which covers those it shows (views/files.py).
SEEN_THUMBNAILS = access_log_key("documents.thumbnails", _("thumbnails of the documents"))
SEEN_EXPIRING_LISTED = access_log_key(
    "documents.expiring_listed", _("list of documents that expire or have expired")
)

# --- changes -----------------------------------------------------------------------------------
LOG_UPLOADED = access_log_key("documents.uploaded", _("documents added (%(count)s)"))
LOG_UPLOAD_REFUSED = access_log_key("documents.upload_refused", _("documents refused (%(count)s)"))
LOG_GENERATED = access_log_key(
    "documents.generated", _("document %(document)s made by the application (%(name)s)")
)
LOG_WITHDRAWN = access_log_key("documents.withdrawn", _("document %(document)s withdrawn"))
LOG_DELETED_AT_ANONYMISATION = access_log_key(
    "documents.deleted_at_anonymisation", _("documents deleted at anonymisation (%(count)s)")
)
LOG_THUMBNAILS_MADE = access_log_key(
    "documents.thumbnails_made", _("thumbnails made of documents kept earlier (%(count)s)")
)
