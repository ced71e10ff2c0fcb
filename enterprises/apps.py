from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnterprisesConfig(AppConfig):
    name = "enterprises"
    verbose_name = _("Enterprises and support")

    def ready(self):
        # The registry's kept total follows every save and delete of an organization.
        from . import registry_count  # noqa: F401
