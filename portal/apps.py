from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self):
        from django.core import checks
        from django.core.signals import request_finished, request_started
        from django.db.backends.signals import connection_created

        from . import (
            form_labels,
            form_safety,
            fragments,
            lookups,  # noqa: F401 - registers field__any_of
            signing,
        )

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
    """Stamp last_login with an UPDATE, not `user.save()`: no post_save, so no history version.

    (It used to set and then delete a `skip_history_when_saving` flag on `user`: two sign-ins
    of one shared user object at once, as two threads do, deleted each other's flag and the
    second raised AttributeError.)"""
    from django.utils import timezone

    user.last_login = timezone.now()
    type(user)._default_manager.filter(pk=user.pk).update(last_login=user.last_login)
