"""An organization's timeline: everything the program did with it.

Other apps add their sections without enterprises importing them: an app that has a
`<app>/timeline.py` module with `entries(organization) -> list[TimelineEntry]` is discovered
through `portal.hooks.app_hook_modules("timeline")` (this module is the enterprises app's own
contribution, found the same way). Trainings adds courses, awards adds nominations.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from portal.hooks import app_hook_modules


@dataclass
class TimelineEntry:
    date: dt.date
    title: str
    category: str  # a stable code: "support", "request", "pilot_model", "registration", ...
    category_label: str = ""
    detail: str = ""
    url: str = ""  # a staff page about the entry, if any
    icon: str = "circle"
    cancelled: bool = False


def _as_date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    return value


def entries(organization) -> list[TimelineEntry]:
    """The enterprises app's own entries: registration steps, support, requests, pilot models."""
    from .models import PilotModel, SharingEvent

    items: list[TimelineEntry] = []
    for decision in organization.decisions.all():
        items.append(
            TimelineEntry(
                date=_as_date(decision.created_at),
                title=decision.get_action_display(),
                category="registration",
                category_label=_("Registration"),
                detail=decision.reason,
                icon="clipboard-check",
            )
        )
    activities = organization.support_activities.prefetch_related("solutions")
    for activity in activities:
        solutions = ", ".join(s.name for s in activity.solutions.all())
        detail = activity.get_kind_display() + (f" · {solutions}" if solutions else "")
        if activity.status == activity.Status.CANCELLED:
            detail += " · " + _("cancelled: %(reason)s") % {"reason": activity.cancel_reason}
        items.append(
            TimelineEntry(
                date=activity.date,
                title=activity.title,
                category="support",
                category_label=_("Support"),
                detail=detail,
                url=reverse("enterprises:activity_detail", kwargs={"pk": activity.pk}),
                icon="hand-thumbs-up",
                cancelled=activity.status == activity.Status.CANCELLED,
            )
        )
    for request in organization.support_requests.prefetch_related("solutions"):
        items.append(
            TimelineEntry(
                date=_as_date(request.created_at),
                title=_("Support request: %(status)s") % {"status": request.get_status_display()},
                category="request",
                category_label=_("Support request"),
                detail=", ".join(s.name for s in request.solutions.all()),
                url=reverse("enterprises:request_detail", kwargs={"pk": request.pk}),
                icon="envelope",
            )
        )
    pilots = list(organization.pilot_models.all())
    for pilot in pilots:
        url = reverse("enterprises:pilot_detail", kwargs={"pk": pilot.pk})
        steps = [
            (pilot.selected_on, PilotModel.Status.SELECTED.label),
            (pilot.implementation_started_on, PilotModel.Status.IMPLEMENTING.label),
            (pilot.evaluated_on, PilotModel.Status.EVALUATED.label),
            (pilot.recognized_on, PilotModel.Status.RECOGNIZED.label),
        ]
        for date, label in steps:
            if date:
                items.append(
                    TimelineEntry(
                        date=date,
                        title=_("Pilot model “%(title)s”: %(step)s")
                        % {"title": pilot.title, "step": str(label).lower()},
                        category="pilot_model",
                        category_label=_("Pilot model"),
                        detail=pilot.recognition_decision
                        if label == PilotModel.Status.RECOGNIZED.label
                        else "",
                        url=url,
                        icon="star",
                    )
                )
    for event in SharingEvent.objects.filter(pilot_model__in=pilots):
        items.append(
            TimelineEntry(
                date=event.date,
                title=event.title,
                category="sharing_event",
                category_label=_("Sharing event"),
                detail=_("%(kind)s, %(people)s participants")
                % {"kind": event.get_kind_display(), "people": event.participants},
                url=reverse("enterprises:pilot_detail", kwargs={"pk": event.pilot_model_id}),
                icon="people",
            )
        )
    return items


OTHER_APP_CATEGORIES = {
    "training": (_lazy("Training"), "mortarboard"),
    "award": (_lazy("National Quality Award"), "trophy"),
}


def _coerce(item) -> TimelineEntry:
    """Other apps may return plain dicts (date, title, url, kind, detail)."""
    if isinstance(item, TimelineEntry):
        return item
    kind = item.get("kind", "other")
    label, icon = OTHER_APP_CATEGORIES.get(kind, (kind, "circle"))
    return TimelineEntry(
        date=_as_date(item["date"]),
        title=item["title"],
        category=kind,
        category_label=str(label),
        detail=item.get("detail", ""),
        url=item.get("url", ""),
        icon=item.get("icon", icon),
        cancelled=item.get("cancelled", False),
    )


def organization_timeline(organization) -> list[TimelineEntry]:
    """Every app's entries for the organization, newest first."""
    items: list[TimelineEntry] = []
    for module in app_hook_modules("timeline"):
        function = getattr(module, "entries", None)
        if function is not None:
            items.extend(_coerce(item) for item in function(organization))
    return sorted(items, key=lambda e: e.date, reverse=True)
