from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Monitoring and reports")

    def ready(self):
        from portal import yearlock

        from .services import locked_years

        # Apps below reports ask `portal.yearlock` whether a date is in a locked year.
        yearlock.register(locked_years)
