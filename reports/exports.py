"""The Excel exports of the reports app (portal.exports): the targets of the plan."""

from django.utils.translation import gettext_lazy as _

from portal.exports import Column, ListExport
from portal.permissions import can_read_monitoring

from .filters import TargetFilter
from .models import Target


def _bounds(target) -> str:
    from .views.targets import target_bounds_label

    return target_bounds_label(target)


EXPORTS = [
    ListExport(
        name="targets",
        title=_("Targets of the plan"),
        stem="chi-tieu-ke-hoach",
        columns=[
            Column(_("Indicator"), "indicator.display_name", width=50),
            Column(_("Unit"), "indicator.get_unit_display", width=14),
            Column(_("Phase"), "phase.name", width=20),
            Column(_("Year"), "year", "int", width=10),
            Column(_("Kind"), "get_kind_display", width=22),
            Column(_("Target"), _bounds, width=30),
            Column(_("Value"), "value", "number"),
            Column(_("Minimum"), "minimum", "number"),
            Column(_("Maximum"), "maximum", "number"),
            Column(_("Minimum growth (%)"), "growth_min_percent", "number"),
            Column(_("Maximum growth (%)"), "growth_max_percent", "number"),
        ],
        permission=can_read_monitoring,
        list_url="reports:target_list",
        queryset=lambda user: Target.objects.select_related("indicator", "phase"),
        filterset=TargetFilter,
    ),
]


def _breakdown_sheets(query, user):
    from .views.dashboard import breakdown_rows

    year, rows = breakdown_rows(query, user)
    columns = [
        Column(_("Breakdown"), "breakdown", width=40),
        Column(_("Group"), "group", width=50),
        Column(_("Organizations"), "count", "int", width=14),
    ]
    return [(_("Breakdowns %(year)s") % {"year": year}, columns, rows)]


def _figure_rows(query, user):
    from .views.dashboard import figure_rows

    return figure_rows(query, user)


def _item(key: str):
    return lambda row: row[key]


EXPORTS.append(
    ListExport(
        name="dashboard",
        title=_("Targets and actuals"),
        stem="chi-tieu-thuc-hien",
        columns=[
            Column(_("Indicator"), _item("indicator"), width=60),
            Column(_("Unit"), _item("unit"), width=14),
            Column(_("Counting"), _item("counting"), width=22),
            Column(_("Year"), _item("year"), "int", width=8),
            Column(_("Target"), _item("target"), width=28),
            Column(_("Minimum"), _item("minimum"), "number", width=12),
            Column(_("Maximum"), _item("maximum"), "number", width=12),
            Column(_("Actual"), _item("actual"), "number", width=16),
            Column(_("Source of the figure"), _item("source"), width=28),
            Column(_("Status"), _item("status"), width=22),
            Column(_("Projection to the phase's end"), _item("projection"), "number", width=18),
            Column(_("Frozen (year locked)"), _item("frozen"), width=12),
        ],
        permission=can_read_monitoring,
        list_url="reports:dashboard",
        rows=_figure_rows,
        more_sheets=_breakdown_sheets,
    )
)
