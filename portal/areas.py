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
  writes `portal_user.last_login`, which no page shows;
- some columns of a table are an area of their own (`COLUMN_GROUPS`): an UPDATE that sets only
  them moves only that area, not the table's. An organization's contacts (phone, e-mail,
  address…) show only on its own page (and in the exports): a new phone number rebuilds that
  page, never the registry, the ledger or the nominations. A fragment that reads such a column
  (selects it, filters or orders by it) must name its area too: reading it without is refused
  like an undeclared table, so a list selects the columns it shows (`.only()`, `.defer()`,
  `.values()`) and cannot come to show a contact silently stale. An INSERT, a DELETE or an
  UPDATE whose columns cannot be read from its SQL moves the table's areas and its groups'.

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
    # An organization's contacts and the time of its last edit: the columns of
    # COLUMN_GROUPS["enterprises.Organization"], shown only on its own page (and exported).
    "organization-contacts": (),
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

# Columns (field names) of a model that are an area of their own, apart from the model's area:
# model label → {area: fields}. The area must be in AREAS (with no model of its own).
COLUMN_GROUPS: dict[str, dict[str, tuple[str, ...]]] = {
    "enterprises.Organization": {
        # Shown on the organization's own page (`_profile.html`) and in the exports, in no
        # list. `updated_at` is written by every edit (a phone number's too) and shown nowhere:
        # here, a page that comes to show it has to name this area.
        "organization-contacts": (
            "address",
            "phone",
            "email",
            "website",
            "legal_representative",
            "contact_name",
            "contact_phone",
            "contact_email",
            "main_products",
            "updated_at",
        ),
    },
}


def group_fields(label: str, area: str) -> tuple[str, ...]:
    """The fields of `label` that are the area `area` (for `.defer()`)."""
    return COLUMN_GROUPS[label][area]


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


@lru_cache(maxsize=1)
def column_areas() -> dict[str, dict[str, str]]:
    """table → {column: its area} for the columns of COLUMN_GROUPS."""
    from django.apps import apps

    found: dict[str, dict[str, str]] = {}
    for label, groups in COLUMN_GROUPS.items():
        meta = apps.get_model(label)._meta
        for area, fields in groups.items():
            if area not in AREAS or AREAS[area]:
                raise ValueError(f"{area!r} must be in AREAS with no model of its own")
            for name in fields:
                found.setdefault(meta.db_table, {})[meta.get_field(name).column] = area
    return found


def areas_written(table: str, columns=None) -> frozenset[str]:
    """The areas a write to `table` moves: setting `columns` (an UPDATE's), or the whole row
    (None: an INSERT, a DELETE, an UPDATE whose columns are not known)."""
    own = tables()[0].get(table, frozenset())
    groups = column_areas().get(table, {})
    if columns is None:
        return own | frozenset(groups.values())
    moved: set[str] = set()
    unwatched = UNWATCHED_COLUMNS.get(table, frozenset())
    for column in columns:
        if column in groups:
            moved.add(groups[column])
        elif column not in unwatched:
            moved |= own
    return frozenset(moved)


def column_area(table: str, column: str) -> str | None:
    """The area of `table`.`column` when it is one of COLUMN_GROUPS (reading it needs it)."""
    return column_areas().get(table, {}).get(column)


def readable_by(table: str) -> frozenset[str]:
    return tables()[1].get(table, frozenset())


# For pages that show a bit of everything (the home page, the dashboard).
# (Not the API's token log nor the national register: an API call writes a token's use, which
# must not empty the home page; nor the organizations' contacts, which no such page shows.)
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
