"""What the demo seeding writes in a client's access log (clients.access_log)."""

from django.utils.translation import gettext_lazy as _

from clients.access_log import access_log_key

DEMO_FILE = access_log_key("demo.client_file", _("client file (demo)"))
