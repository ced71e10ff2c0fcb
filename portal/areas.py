"""What a cached fragment may depend on: the program's records, grouped into *areas*.

This table is the whole rule of the page cache (see `portal.fragments`):

- every write to a table of an area (an ORM save or delete, a many-to-many change, a bulk
  insert, `.update()`, raw SQL, COPY: anything through Django's connection) moves that area's
  version, and only that area's;
- a fragment names the areas it reads (`depends_on=("organizations", "support")`) and is
  served only while their versions are those it was rendered at;
- a fragment that reads a table outside its areas is refused while it is built (an error
  under DEBUG and in the tests, not kept in production), so a missing area cannot leak;
- writes to tables of no area move nothing: sessions, sign-in attempts (axes), the visitor
  counters, the cache's own repair list, Celery's results, and history tables (a history row
  is written with the row it records, which moves its area already);
- an UPDATE that sets only the columns of `UNWATCHED_COLUMNS` moves nothing: signing in
  writes `portal_user.last_login`, which no page shows.

Areas are named by model labels (strings, so this module imports no app); a model's
automatic many-to-many tables and its history tables belong to its area.
"""

from __future__ import annotations

from functools import lru_cache

AREAS: dict[str, tuple[str, ...]] = {
    # The people and their roles (names on pages, the signed-in user kept per process).
    "people": ("portal.User", "auth.Group", "auth.Permission"),
    # The program's settings, phases and the list of communes.
    "program": ("portal.ProgramSettings", "portal.Phase", "portal.AdministrativeUnit"),
    # Public content: articles, communication activities, policies.
    "content": ("portal.Article", "portal.CommunicationActivity", "portal.Policy"),
    # The registry: organizations, who acts for them, their consents, reviews, changes.
    "organizations": (
        "enterprises.Organization",
        "enterprises.Membership",
        "enterprises.ConsentRecord",
        "enterprises.ReviewDecision",
        "enterprises.OrganizationChangeRequest",
        "enterprises.IndustryConcordance",
        # How many organizations of each status and kind (kept on every organization write).
        "enterprises.OrganizationTally",
    ),
    # Support given to organizations: requests, the ledger, evidence, pilot models.
    "support": (
        "enterprises.Solution",
        "enterprises.SupportRequest",
        "enterprises.SupportActivity",
        "enterprises.SupportEvidence",
        "enterprises.PilotModel",
        "enterprises.SharingEvent",
        "enterprises.PilotReplication",
        # Who was supported each year (kept by the ledger's and the courses' services).
        "enterprises.SupportYear",
        # Their counts per year, commune, industry and size (kept by the same writes and by
        # organization updates).
        "enterprises.SupportTally",
        # The ledger's totals per year, kind and status (kept by the ledger's services).
        "enterprises.LedgerTally",
        # The CABs strengthened each year (kept by the ledger's services and kind changes).
        "enterprises.CabStrengthenedYear",
    ),
    # Training: courses, enrollments, experts, consultants and their contracts.
    "courses": (
        "trainings.Course",
        "trainings.Enrollment",
        "trainings.Expert",
        "trainings.ExpertAssignment",
        "trainings.Consultant",
        "trainings.Contract",
        "trainings.ContractLogEntry",
        "trainings.ContractDocument",
        # Who was trained each year, and how many (kept by the courses' services).
        "trainings.PersonTrainedYear",
        "trainings.PersonTrainedCount",
    ),
    # The quality award: cycles, criteria, nominations, reviews and scores.
    "awards": (
        "awards.AwardCycle",
        "awards.Criterion",
        "awards.AwardLevel",
        "awards.Nomination",
        "awards.NominationDocument",
        "awards.Review",
        "awards.Score",
        "awards.SelfAssessmentScore",
        "awards.Reminder",
    ),
    # Indicators, targets, manual figures, closed years and annual reports.
    "figures": (
        "reports.Indicator",
        "reports.Target",
        "reports.TargetRevision",
        "reports.ManualActual",
        "reports.YearClosing",
        "reports.YearClosingEvent",
        "reports.AnnualReport",
    ),
    # Open data API clients: their tokens and the log of each use (the staff token pages).
    "api": ("api.ApiToken", "api.ApiTokenUse"),
    # The national roll-up: the provincial portals and what was pulled from them.
    "national": (
        "national.ProvincialPortal",
        "national.Pull",
        "national.ProvincialFigure",
        "national.ProvincialReport",
    ),
}

# Tables a fragment may read whatever its areas: they change only with a migration (which
# comes with a new release, and fragments of another release are never served).
SCHEMA_TABLES = frozenset({"django_content_type", "django_migrations"})

# Columns whose update alone changes nothing any page shows.
UNWATCHED_COLUMNS: dict[str, frozenset[str]] = {"portal_user": frozenset({"last_login"})}


@lru_cache(maxsize=1)
def tables() -> tuple[dict[str, frozenset[str]], dict[str, frozenset[str]]]:
    """(table → areas its writes move, table → areas that may read it)."""
    from django.apps import apps

    written: dict[str, set[str]] = {}
    readable: dict[str, set[str]] = {}
    for area, labels in AREAS.items():
        for label in labels:
            model = apps.get_model(label)
            own = [model._meta.db_table]
            own += [
                field.remote_field.through._meta.db_table
                for field in model._meta.local_many_to_many
                if field.remote_field.through._meta.auto_created
            ]
            for table in own:
                written.setdefault(table, set()).add(area)
                readable.setdefault(table, set()).add(area)
            history = getattr(model, "history", None)
            history_model = getattr(history, "model", None)
            if history_model is not None:
                history_table = history_model._meta.db_table
                for other in apps.get_models(include_auto_created=True):
                    table = other._meta.db_table
                    if table == history_table or table.startswith(history_table + "_"):
                        readable.setdefault(table, set()).add(area)
    return (
        {table: frozenset(areas) for table, areas in written.items()},
        {table: frozenset(areas) for table, areas in readable.items()},
    )


def areas_written(table: str) -> frozenset[str]:
    return tables()[0].get(table, frozenset())


def readable_by(table: str) -> frozenset[str]:
    return tables()[1].get(table, frozenset())


# For pages that show a bit of everything (the home page, the dashboard).
# (Not the API's token log nor the national register: an API call writes a token's use, which
# must not empty the home page.)
EVERY_AREA = (
    "people",
    "program",
    "content",
    "organizations",
    "support",
    "courses",
    "awards",
    "figures",
)
