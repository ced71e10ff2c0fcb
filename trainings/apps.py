from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingsConfig(AppConfig):
    name = "trainings"
    verbose_name = _("Trainings, experts and contracts")

    def ready(self):
        # The courses' part of the kept kinds and solution groups of support.
        from . import support_pairs  # noqa: F401
