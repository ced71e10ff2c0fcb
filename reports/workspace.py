"""What waits on the role home pages: the latest report for officials; years awaiting
approval and failed builds for staff."""

from django.urls import reverse
from django.utils.translation import gettext as _

from portal.hooks import WorkItem

from .models import AnnualReport, YearClosing
from .permissions import is_lead


def official_tasks(user) -> list[WorkItem]:
    latest = (
        AnnualReport.objects.filter(status=AnnualReport.Status.SUCCEEDED)
        .defer("figures")
        .order_by("-year", "-version")
        .first()
    )
    if latest is None:
        return [WorkItem(_("Annual reports ready"), 0, reverse("reports:report_list"))]
    return [
        WorkItem(
            _("Latest annual report: %(year)s, version %(version)s")
            % {"year": latest.year, "version": latest.version},
            1,
            reverse("reports:report_download", args=[latest.pk]),
        )
    ]


def staff_tasks(user) -> list[WorkItem]:
    awaiting = YearClosing.objects.filter(status=YearClosing.Status.SUBMITTED).count()
    failed = AnnualReport.objects.filter(status=AnnualReport.Status.FAILED).count()
    return [
        WorkItem(
            _("Years awaiting approval"),
            awaiting,
            reverse("reports:year_list"),
            urgent=bool(awaiting and is_lead(user)),
        ),
        WorkItem(_("Failed report builds"), failed, reverse("reports:report_list"), urgent=True),
    ]
