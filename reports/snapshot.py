"""A year's frozen figures: every indicator's actual, target, status and projection, the
breakdowns, the task-group sections and the annexes of the annual report, as plain JSON.

Built in Vietnamese (labels are frozen as text), so a report built from it twice is the same
report. The records each figure counts are kept as ids, so a locked year's drill-down lists
exactly what was counted.
"""

import hashlib
import json
from decimal import Decimal

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.db.models import Count, Sum
from django.utils import timezone, translation

from awards import selectors as awards
from enterprises import ledger_totals
from enterprises import selectors as enterprises
from portal import selectors as portal
from portal.models import ProgramSettings
from trainings import selectors as trainings

from .figures import FigureBook, num
from .registry import (
    REGISTRY,
    Scope,
    pilot_models_counted_built,
    supported_breakdown,
    supported_organizations,
)

# 2: each figure's counting rule ("rule"), the policies section, the pilot models' selected and
# built counts, sharing events and replications. Older snapshots lack them and still render.
# 3: the number of conformity assessment bodies strengthened in the year beside their (capped)
# list ("this_year_total"), so the PDF says when the list is cut.
SCHEMA_VERSION = 3
BREAKDOWN_DIMENSIONS = ("commune", "industry_section", "size_class", "solution_group", "kind")


class SnapshotEncoder(DjangoJSONEncoder):
    """Decimals as plain numbers, lazy translations as text, dates as ISO strings."""

    def default(self, o):
        if isinstance(o, Decimal):
            return num(o)
        return super().default(o)


def annex_cap() -> int:
    return settings.REPORTS_ANNEX_MAX_ROWS


def checksum(data: dict) -> str:
    """SHA-256 of the canonical JSON of `data` (sorted keys, no spaces)."""
    canonical = json.dumps(
        data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), cls=SnapshotEncoder
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _d(value) -> str | None:
    return value.isoformat() if value else None


def sorted_ids(queryset) -> list[int]:
    """The distinct ids of a queryset's records, ascending, made by PostgreSQL as one array
    (`array_agg`): no set or second list of a million ids in Python, only the result."""
    ids = queryset.order_by().values("pk").distinct()
    if connection.vendor != "postgresql":
        return sorted(set(ids.values_list("pk", flat=True)))
    sql, params = ids.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COALESCE(array_agg(ids.pk ORDER BY ids.pk), '{{}}') FROM ({sql}) ids(pk)",  # noqa: S608
            params,
        )
        return cursor.fetchone()[0]


def record_ids(book: FigureBook, indicator, year: int) -> dict[str, list[int]]:
    computation = REGISTRY.get(indicator.code)
    if computation is None or indicator.source != indicator.Source.COMPUTED:
        return {}
    return {
        section.key: sorted_ids(section.queryset)
        for section in computation.sections(book.scope(indicator, year))
    }


def _program() -> dict:
    program = ProgramSettings.load()
    return {
        "province_name": program.province_name,
        "agency_name": program.agency_name,
        "people_committee_name": program.people_committee_name,
        "agency_address": program.agency_address,
        "plan_number": program.plan_number,
        "plan_date": _d(program.plan_date),
        "plan_title": program.plan_title,
        "signer_name": program.report_signer_name,
        "signer_title": program.report_signer_title,
    }


def _communication(year: int, cap: int) -> dict:
    activities = portal.communication_activities_in(year)
    by_channel = [
        {"channel": row["channel"], "count": row["n"], "people": row["people"] or 0}
        for row in activities.order_by()
        .values("channel")
        .annotate(n=Count("id"), people=Sum("people_reached"))
        .order_by("channel")
    ]
    labels = dict(activities.model.Channel.choices)
    for row in by_channel:
        row["label"] = str(labels.get(row["channel"], row["channel"]))
    rows = [
        {
            "date": _d(activity.date),
            "title": activity.title,
            "channel": activity.get_channel_display(),
            "partner": activity.partner,
            "people": activity.people_reached,
            "organizations": activity.organizations_reached,
        }
        for activity in activities[:cap]
    ]
    return {
        "reach": portal.communication_reach(year),
        "by_channel": by_channel,
        "activities": {"total": activities.count(), "rows": rows},
    }


def _training(year: int, phase, cap: int) -> dict:
    courses = list(trainings.courses_in(year))
    kinds: dict[str, dict] = {}
    for course in courses:
        entry = kinds.setdefault(
            course.kind, {"kind": course.kind, "label": course.get_kind_display(), "count": 0}
        )
        entry["count"] += 1
    start = phase.start_year if phase else year
    return {
        "courses_by_kind": sorted(kinds.values(), key=lambda row: row["kind"]),
        "courses": {
            "total": len(courses),
            "rows": [
                {
                    "code": course.code,
                    "title": course.title,
                    "kind": course.get_kind_display(),
                    "starts_on": _d(course.starts_on),
                    "ends_on": _d(course.ends_on),
                    "venue": course.venue,
                    "enrolled": getattr(course, "enrolled", None),
                }
                for course in courses[:cap]
            ],
        },
        "in_depth_this_year": trainings.persons_trained_in_depth_count(year, year),
        "in_depth_phase": trainings.persons_trained_in_depth_count(start, year),
        "management_this_year": trainings.management_staff_trained_count(year, year),
        "awareness_participants": trainings.awareness_participants_count(year),
    }


def _organization_rows(queryset, cap: int, industry) -> list[dict]:
    """`industry` converts each organization's code to the report's one classification."""
    return [
        {
            "name": org.name,
            "tax_code": org.tax_code,
            "commune": org.commune.name if org.commune_id else "",
            "size_class": org.get_size_class_display() if org.size_class else "",
            "industry_section": industry.section(
                org.industry_classification, org.industry_code, org.industry_section
            ),
        }
        for org in queryset.select_related("commune").order_by("name", "pk")[:cap]
    ]


def _pilot_models(year: int, phase, cap: int, industry) -> dict:
    from enterprises.models import PilotModel

    statuses = enterprises.pilot_models_by_status(year)
    labels = dict(PilotModel.Status.choices)
    start = phase.start_year if phase else year
    selected = enterprises.organizations_with_pilot_model(start, year)
    built = enterprises.organizations_with_pilot_model_built(start, year)
    counted_built = pilot_models_counted_built(Scope(year=year, start_year=start))
    organizations = built if counted_built else selected
    models = enterprises.pilot_models_between(start, year)
    sharing = enterprises.sharing_events_in(year)
    replications = enterprises.pilot_replications_in(year)
    return {
        "by_status": [
            {"status": key, "label": str(labels.get(key, key)), "count": value}
            for key, value in statuses.items()
        ],
        "counts_built": counted_built,
        "selected_phase": selected.count(),
        "built_phase": built.count(),
        "organizations": {
            "total": organizations.count(),
            "rows": _organization_rows(organizations, cap, industry),
        },
        "models": {
            "total": models.count(),
            "rows": [
                {
                    "organization": model.organization.name,
                    "title": model.title,
                    "status": model.get_status_display(),
                    "selected_on": _d(model.selected_on),
                    "built_on": _d(getattr(model, "built_on", None)),  # annotated by the selector
                }
                for model in models[:cap]
            ],
        },
        "sharing": {
            **enterprises.sharing_totals_in(year),
            "rows": [
                {
                    "date": _d(event.date),
                    "kind": event.get_kind_display(),
                    "title": event.title,
                    "model_organization": event.pilot_model.organization.name,
                    "participants": event.participants,
                    "organizations_attending": event.organizations_attending,
                }
                for event in sharing[:cap]
            ],
        },
        "replications": {
            "organizations": enterprises.organizations_replicating_in(year).count(),
            "total": replications.count(),
            "rows": [
                {
                    "date": _d(replication.replicated_on),
                    "organization": replication.organization.name,
                    "model_organization": replication.pilot_model.organization.name,
                    "model": replication.pilot_model.title,
                }
                for replication in replications[:cap]
            ],
        },
    }


def _policy_rows(policies, cap: int) -> list[dict]:
    return [
        {
            "title": policy.title,
            "decision_number": policy.decision_number,
            "decision_date": _d(policy.decision_date),
            "issuing_body": policy.issuing_body,
            "effective_from": _d(policy.effective_from),
            "effective_to": _d(policy.effective_to),
            "status": policy.get_status_display(),
        }
        for policy in policies[:cap]
    ]


def _policies(year: int, cap: int) -> dict:
    in_force = portal.policies_in_force(year)
    adopted = portal.policies_adopted_in(year)
    preparing = portal.policies_in_preparation()
    return {
        "in_force": {"total": in_force.count(), "rows": _policy_rows(in_force, cap)},
        "adopted": {"total": adopted.count(), "rows": _policy_rows(adopted, cap)},
        "preparing": {"total": preparing.count(), "rows": _policy_rows(preparing, cap)},
    }


def _award(year: int, cap: int) -> dict:
    nominations = awards.nominations_between(year, year)
    return {
        "nominations": {
            "total": nominations.count(),
            "rows": [
                {
                    "organization": nomination.organization.name,
                    "status": nomination.get_status_display(),
                    "category": nomination.get_category_display() if nomination.category else "",
                    "level": nomination.level.name if nomination.level else "",
                }
                for nomination in nominations.order_by("organization__name", "pk")[:cap]
            ],
        }
    }


def _budget(year: int, cap: int, support_budget: dict) -> dict:
    settled = trainings.settled_by_year([year])[year]
    active = trainings.contracts_active_in(year)
    return {
        "settled_total": settled["total"],
        "settled_count": settled["count"],
        "support_budget": support_budget,
        "contracts": {
            "total": active.count(),
            "rows": [
                {
                    "number": contract.contract_number,
                    "title": contract.title,
                    "consultant": contract.consultant.name,
                    "method": contract.get_selection_method_display(),
                    "status": contract.get_status_display(),
                    "signed_on": _d(contract.signed_on),
                    "value": contract.value,
                    "settled_amount": contract.settled_amount,
                }
                for contract in active[:cap]
            ],
        },
    }


def build_snapshot(year: int, *, source: str = "provisional") -> dict:
    """The year's figures computed now from the records (the year's own lock is ignored)."""
    cap = annex_cap()
    with translation.override("vi"):
        book = FigureBook()
        phase = book.phase_for(year)
        indicators = []
        for indicator in book.indicators:
            figure = dict(book.figure(indicator, year, live=True))
            figure.pop("frozen", None)
            if source == "locked":
                # A locked year's drill-down lists exactly the records frozen here; a
                # provisional report shows no drill-down, so it keeps no ids (at 1,000,000
                # organizations, hundreds of thousands of them a figure).
                figure["record_ids"] = record_ids(book, indicator, year)
            indicators.append(figure)
        supported = supported_organizations(year)
        start = phase.start_year if phase else year
        # Every count and column by industry is in one classification (program settings).
        industry = enterprises.industry_converter()
        # The year's recorded activities summed (`enterprises.selectors.support_budget_in`),
        # read from the ledger's kept totals (a scan of the year's ledger at 1,000,000
        # organizations otherwise): once, for the support section and the budget section alike.
        support_budget = ledger_totals.year_budget(year)
        snapshot = {
            "schema": SCHEMA_VERSION,
            "year": year,
            "source": source,
            "taken_at": timezone.now().isoformat(timespec="seconds"),
            "phase": (
                {
                    "code": phase.code,
                    "name": phase.name,
                    "start_year": phase.start_year,
                    "end_year": phase.end_year,
                }
                if phase
                else None
            ),
            "program": _program(),
            "document": {
                "symbol": settings.REPORTS_DOCUMENT_SYMBOL,
                "recipients": list(settings.REPORTS_RECIPIENTS),
            },
            "indicators": indicators,
            "industry_classification": {
                "code": industry.target,
                "name": enterprises.classification_name(industry.target),
            },
            "breakdowns": {by: supported_breakdown(year, by) for by in BREAKDOWN_DIMENSIONS},
            "sections": {
                "communication": _communication(year, cap),
                "training": _training(year, phase, cap),
                "support": {"budget": support_budget},
                "cab": {
                    # Through the kept table CAB_STRENGTHENED counts (held equal to the live
                    # rule, tests/reports/test_cab_kept.py), with the year's total so the PDF
                    # says when the list is cut.
                    "this_year": _organization_rows(
                        enterprises.cab_strengthened_listed(year, year), cap, industry
                    ),
                    "this_year_total": enterprises.cab_strengthened_counted(year, year).count(),
                    "phase_total": enterprises.cab_strengthened_counted(start, year).count(),
                },
                "policies": _policies(year, cap),
                "pilot_models": _pilot_models(year, phase, cap, industry),
                "award": _award(year, cap),
                "budget": _budget(year, cap, support_budget),
            },
            "annexes": {
                "cap": cap,
                "organizations": {
                    "total": supported.count(),
                    "rows": _organization_rows(supported, cap, industry),
                },
            },
        }
        # Lazy translations become text now, in Vietnamese, and numbers plain JSON.
        return json.loads(json.dumps(snapshot, cls=SnapshotEncoder))
