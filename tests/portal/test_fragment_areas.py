"""The page cache's rule (portal.areas, portal.fragments): a write moves only its areas, a
fragment is rebuilt only when one of its areas moved, sign-ins and sessions move nothing, a
fragment never reads what it did not declare and never sees the viewer."""

import pytest
from django.db import connection
from django.template import engines
from django.test.utils import CaptureQueriesContext

from portal import fragments
from portal.areas import AREAS
from tests.enterprises.factories import OrganizationFactory, SupportActivityFactory
from tests.portal.test_fragments import counting_build, request_for
from tests.reports.factories import NominationFactory
from tests.trainings.factories import CourseFactory

pytestmark = pytest.mark.django_db
REGISTRY = "/enterprises/staff/organizations/"


@pytest.fixture(autouse=True)
def program_settings_row(db):
    """The settings row exists (the first page view would create it, a write to "program")."""
    from portal.models import ProgramSettings

    ProgramSettings.load()


def all_versions() -> dict[str, int]:
    return dict(zip(AREAS, fragments.versions(AREAS), strict=True))


def moved_since(before: dict[str, int]) -> list[str]:
    after = all_versions()
    return [area for area in AREAS if after[area] != before[area]]


def registry_queries(client) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(REGISTRY)
    assert response.status_code == 200
    return [query["sql"] for query in queries.captured_queries]


def reads_organizations(sqls) -> bool:
    return any('"enterprises_organization"' in sql for sql in sqls)


def test_writing_courses_keeps_the_registry_cached(staff_client):
    OrganizationFactory(name="Công ty Giữ Nguyên")
    assert reads_organizations(registry_queries(staff_client))  # built once
    assert not reads_organizations(registry_queries(staff_client))  # then served
    before = all_versions()
    course = CourseFactory()
    course.title = "Khoá học đổi tên"
    course.save()
    assert moved_since(before) == ["courses"]
    # The registry does not depend on courses: served from the cache, no query for its rows.
    sqls = registry_queries(staff_client)
    assert not reads_organizations(sqls)
    # Writing an organization rebuilds it.
    OrganizationFactory(name="Công ty Mới Vào Sổ")
    sqls = registry_queries(staff_client)
    assert reads_organizations(sqls)
    assert "Công ty Mới Vào Sổ" in staff_client.get(REGISTRY).content.decode()


def test_signing_in_moves_no_area(client, staff_user):
    staff_user.set_password("mat-khau-dai-du-12")
    staff_user.save()
    before = all_versions()
    # A real sign-in through the form (axes records it; last_login and the session are written).
    response = client.post(
        "/accounts/login/", {"username": "staff@example.vn", "password": "mat-khau-dai-du-12"}
    )
    assert response.status_code == 302
    staff_user.refresh_from_db()
    assert staff_user.last_login is not None
    client.force_login(staff_user)  # and Django's own login()
    assert moved_since(before) == []


def test_session_writes_and_unrelated_tables_move_no_area(staff_client, staff_user):
    before = all_versions()
    session = staff_client.session
    session["seen"] = "yes"
    session.save()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE django_session SET expire_date = expire_date")
        cursor.execute(
            'UPDATE "portal_user" SET "last_login" = NULL WHERE "id" = %s', [staff_user.pk]
        )
        cursor.execute("DELETE FROM axes_accesslog")
    assert moved_since(before) == []


def test_a_history_row_alone_moves_nothing_but_its_record_moves_its_area():
    organization = OrganizationFactory()
    before = all_versions()
    organization.history.all().update(history_change_reason="x")  # a history table only
    assert moved_since(before) == []
    organization.name = "Tên mới của công ty"
    organization.save()  # the row and its history row (the whole row: its contacts too)
    assert moved_since(before) == ["organizations", "organization-contacts"]


def test_a_user_change_other_than_signing_in_moves_the_people_area(staff_user):
    before = all_versions()
    staff_user.full_name = "Tên khác"
    staff_user.save()
    assert moved_since(before) == ["people"]


def test_a_fragment_reading_an_undeclared_area_is_refused():
    def build():
        list(OrganizationFactory._meta.model.objects.only("name"))  # no contact column
        return {"content": "rows"}

    with pytest.raises(fragments.UndeclaredDependency, match="organizations"):
        fragments.cached(request_for(), "reads-registry", build, depends_on=("content",))
    seen = fragments.cached(request_for(), "reads-registry", build, depends_on=("organizations",))
    assert seen == {"content": "rows"}


def test_an_unknown_area_is_an_error():
    with pytest.raises(ValueError, match="Unknown areas"):
        fragments.cached(request_for(), "page", lambda: {}, depends_on=("registry",))


@pytest.mark.parametrize(
    "source",
    [
        "{{ user.email }}",
        "{% if user.is_authenticated %}x{% endif %}",
        "{% if perms.enterprises.change_organization %}x{% endif %}",
        "{{ request.path }}",
    ],
)
def test_a_fragment_template_that_reaches_for_the_viewer_fails_loudly(monkeypatch, source):
    monkeypatch.setattr(
        fragments, "get_template", lambda name: engines["django"].from_string(source)
    )
    with pytest.raises(fragments.ViewerInFragment):
        fragments.render_fragment("any.html", {"rows": []})


def test_a_fragment_renders_from_its_own_data_only(monkeypatch):
    template = engines["django"].from_string(
        "{% load i18n %}{% for row in rows %}{{ row }};{% endfor %}{{ csrf_token }}"
    )
    monkeypatch.setattr(fragments, "get_template", lambda name: template)
    html = fragments.render_fragment("any.html", {"rows": ["a", "b"]})
    assert html == "a;b;" + fragments.CSRF_PLACEHOLDER


def test_the_project_fragments_render_without_the_viewer(staff_client):
    """The registry, an organization's page, the dashboard, the reports and home are built with
    the viewer-free context (they would raise ViewerInFragment otherwise)."""
    organization = OrganizationFactory()
    for url in (REGISTRY, f"/enterprises/staff/organizations/{organization.pk}/", "/"):
        assert staff_client.get(url).status_code == 200


def test_with_the_page_cache_off_every_request_builds(settings):
    settings.PAGE_CACHE = False
    build, calls = counting_build()
    fragments.cached(request_for(), "page", build, depends_on=("content",))
    fragments.cached(request_for(), "page", build, depends_on=("content",))
    assert len(calls) == 2


# --- column groups: an organization's contacts are an area of their own ----------------------


def test_a_contact_update_moves_only_the_contact_area(staff_user):
    from enterprises.services import organization_update

    organization = OrganizationFactory()
    before = all_versions()
    organization_update(organization=organization, by=staff_user, data={"phone": "0210 3999 999"})
    assert moved_since(before) == ["organization-contacts"]
    before = all_versions()
    organization_update(organization=organization, by=staff_user, data={"name": "Công ty Tên Mới"})
    assert moved_since(before) == ["organizations", "organization-contacts"]  # and updated_at


@pytest.mark.parametrize(
    ("sql", "columns"),
    [
        (
            'UPDATE "t" SET "phone" = %s, "updated_at" = %s WHERE "t"."id" = %s',
            {"phone", "updated_at"},
        ),
        # A subquery in a value has its own WHERE: the SET list goes on after it.
        (
            'UPDATE "t" SET "phone" = (SELECT U0."x" FROM "u" U0 WHERE U0."id" = 1), "name" = %s '
            'WHERE "t"."id" = %s',
            {"phone", "name", "id"},
        ),
        ('UPDATE "t" SET "name" = %s', {"name"}),
        ('INSERT INTO "t" ("phone") VALUES (%s)', None),
    ],
)
def test_the_columns_an_update_sets_are_never_fewer_than_it_sets(sql, columns):
    assert fragments.assigned_columns(sql) == columns


def test_a_fragment_reading_a_contact_without_its_area_is_refused():
    from enterprises.models import Organization
    from enterprises.selectors import CONTACT_FIELDS

    OrganizationFactory(phone="0210 3812 345")
    reads = {
        "selects": lambda: list(Organization.objects.values_list("name", "phone")),
        "filters": lambda: list(Organization.objects.filter(phone="1").values_list("name")),
        "whole rows": lambda: list(Organization.objects.all()),
    }
    for name, read in reads.items():

        def build(read=read):
            read()
            return {"content": "rows"}

        with pytest.raises(fragments.UndeclaredDependency, match="organization-contacts"):
            fragments.cached(request_for(), f"reads-{name}", build, depends_on=("organizations",))
        seen = fragments.cached(
            request_for(),
            f"reads-{name}",
            build,
            depends_on=("organizations", "organization-contacts"),
        )
        assert seen == {"content": "rows"}

    def listed():
        list(Organization.objects.only("name"))
        list(Organization.objects.defer(*CONTACT_FIELDS))
        return {"content": "names"}

    assert fragments.cached(
        request_for(), "lists-names", listed, depends_on=("organizations",)
    ) == {"content": "names"}


def test_a_contact_read_through_a_join_is_seen():
    from awards.models import Nomination

    NominationFactory()

    def build():
        list(Nomination.objects.select_related("organization"))
        return {"content": "rows"}

    with pytest.raises(fragments.UndeclaredDependency, match="phone"):
        fragments.cached(
            request_for(), "nominations", build, depends_on=("awards", "organizations")
        )


def test_a_phone_write_keeps_the_lists_and_rebuilds_the_organization_page(staff_client, staff_user):
    from enterprises.services import organization_update

    activity = SupportActivityFactory()
    organization = activity.organization
    NominationFactory(organization=organization)
    lists = {
        REGISTRY: "enterprises_organization",
        "/enterprises/staff/support/": "enterprises_supportactivity",
        "/awards/staff/nominations/": "awards_nomination",
        "/enterprises/staff/review/": "enterprises_membership",
    }
    page = f"/enterprises/staff/organizations/{organization.pk}/"
    for url in (*lists, page):
        staff_client.get(url)
    organization_update(organization=organization, by=staff_user, data={"phone": "0210 3777 777"})
    for url, table in lists.items():
        with CaptureQueriesContext(connection) as queries:
            assert staff_client.get(url).status_code == 200
        assert not any(f'"{table}"' in q["sql"] for q in queries.captured_queries), url
    with CaptureQueriesContext(connection) as queries:
        html = staff_client.get(page).content.decode()
    assert any('"enterprises_organization"' in q["sql"] for q in queries.captured_queries)
    assert "0210 3777 777" in html
    # A name shows in the lists: a new name rebuilds them.
    organization_update(organization=organization, by=staff_user, data={"name": "Công ty Đổi Tên"})
    assert "Công ty Đổi Tên" in staff_client.get(REGISTRY).content.decode()
    assert "Công ty Đổi Tên" in staff_client.get("/awards/staff/nominations/").content.decode()
