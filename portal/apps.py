from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self):
        from django.core import checks
        from django.core.signals import request_finished, request_started
        from django.db.backends.signals import connection_created

        from . import form_safety, fragments, signing

        form_safety.install()
        checks.register(signing.check_signing_configuration, "portal")
        # Cached page fragments go out of date when a project table is written.
        connection_created.connect(fragments.install, dispatch_uid="portal.fragments")
        request_started.connect(fragments.request_started, dispatch_uid="portal.fragments")
        request_finished.connect(fragments.request_finished, dispatch_uid="portal.fragments")
