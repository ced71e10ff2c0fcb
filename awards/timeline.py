"""An organization's award history for its timeline (discovered by the enterprises app through
`portal.hooks.app_hook_modules("timeline")`)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Nomination


def _local(moment):
    return timezone.localdate(moment) if moment else None


def entries(organization) -> list[dict]:
    rows = []
    nominations = Nomination.objects.filter(organization=organization).select_related(
        "cycle", "level"
    )
    for nomination in nominations:
        url = reverse("awards:nomination_detail", args=[nomination.pk])
        year = nomination.cycle.year

        def add(date, title, _url=url):
            if date is not None:
                rows.append({"date": date, "title": title, "url": _url, "kind": "award"})

        encouraged = (
            nomination.encouraged_by_id is not None
            or nomination.status == Nomination.Status.ENCOURAGED
        )
        add(
            _local(nomination.created_at) if encouraged else None,
            _("Encouraged to apply for the National Quality Award %(year)s") % {"year": year},
        )
        add(
            _local(nomination.registered_at),
            _("Registered for the National Quality Award %(year)s") % {"year": year},
        )
        add(
            _local(nomination.submitted_at),
            _("Award dossier submitted (%(year)s)") % {"year": year},
        )
        if nomination.forwarded_on:
            if nomination.not_forwarded:
                add(
                    nomination.forwarded_on,
                    _("Not forwarded by the provincial council (%(year)s)") % {"year": year},
                )
            else:
                add(
                    nomination.forwarded_on,
                    _("Forwarded to the national council (%(year)s)") % {"year": year},
                )
        if nomination.status == Nomination.Status.AWARDED:
            add(
                nomination.decision_date or nomination.forwarded_on,
                _("Won the National Quality Award %(year)s: %(level)s")
                % {"year": year, "level": nomination.level.name if nomination.level else ""},
            )
        elif nomination.status == Nomination.Status.NOT_AWARDED and not nomination.not_forwarded:
            add(
                nomination.decision_date or nomination.forwarded_on,
                _("Not awarded the National Quality Award %(year)s") % {"year": year},
            )
        if nomination.status == Nomination.Status.WITHDRAWN:
            add(
                _local(nomination.updated_at),
                _("Withdrew from the National Quality Award %(year)s") % {"year": year},
            )
    rows.sort(key=lambda row: row["date"], reverse=True)
    return rows
