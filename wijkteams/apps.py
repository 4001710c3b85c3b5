from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WijkteamsConfig(AppConfig):
    name = "wijkteams"
    verbose_name = _("Organisation")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from core.db_roles import append_only_register
        from core.request_log import secret_path_register
        from wijkteams.accounts import ENROLMENT_PATH
        from wijkteams.accounts.notices import on_password_login
        from wijkteams.models import AccountLog

        # The app's database role may only read the account log and add to it.
        append_only_register(AccountLog)
        # The enrolment link's token never reaches a log line.
        secret_path_register(ENROLMENT_PATH)
        user_logged_in.connect(on_password_login, dispatch_uid="wijkteams.reset_notices")
