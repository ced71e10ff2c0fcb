from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self):
        from django.core import checks
        from django.core.signals import request_finished, request_started
        from django.db.backends.signals import connection_created

        from . import form_labels, form_safety, fragments, signing

        form_safety.install()
        form_labels.install()
        checks.register(signing.check_signing_configuration, "portal")
        # A sign-in only stamps last_login: it is not a change of the account worth a version
        # in the user's history (which keeps who had which roles when).
        from django.contrib.auth import signals

        signals.user_logged_in.disconnect(dispatch_uid="update_last_login")
        signals.user_logged_in.connect(_update_last_login, dispatch_uid="update_last_login")
        # Cached page fragments go out of date when a project table is written.
        connection_created.connect(fragments.install, dispatch_uid="portal.fragments")
        request_started.connect(fragments.request_started, dispatch_uid="portal.fragments")
        request_finished.connect(fragments.request_finished, dispatch_uid="portal.fragments")


def _update_last_login(sender, user, **kwargs):
    from django.contrib.auth.models import update_last_login

    user.skip_history_when_saving = True
    try:
        update_last_login(sender, user, **kwargs)
    finally:
        del user.skip_history_when_saving
