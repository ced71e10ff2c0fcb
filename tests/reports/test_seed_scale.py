"""`manage.py seed_scale`: a province-sized data set, here with a small N."""

import datetime as dt
from collections import Counter

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from awards.models import AwardCycle, Nomination
from demo.scale import SEED_EMAIL, foreign_key_triggers_off, generated_organizations_count
from enterprises.models import Organization, PilotModel, SupportActivity, SupportYear
from enterprises.services import search_text_for
from enterprises.taxcode import is_personal_id, validate_tax_code
from portal.models import AdministrativeUnit, ProgramSettings
from tests.conftest import require_service
from trainings.models import Contract, Course, Enrollment

from .factories import CommuneFactory, OrganizationFactory, ProvinceFactory

N = 300

pytestmark = pytest.mark.django_db


@pytest.fixture
def province():
    """The demo province (code 25) with a few communes, and one other province."""
    home = ProvinceFactory(code="25", name="Phú Thọ")
    for number in range(6):
        CommuneFactory(code=f"25{number:03d}", name=f"Phường Việt Trì {number}", parent=home)
    other = ProvinceFactory(code="01", name="Thành phố Hà Nội")
    for number in range(3):
        CommuneFactory(code=f"01{number:03d}", name=f"Phường Ba Đình {number}", parent=other)
    return home


def seed(**options):
    call_command("seed_scale", organizations=N, **options)


def generated():
    return Organization.objects.filter(decided_by__email=SEED_EMAIL)


def test_seed_writes_the_counts_asked_with_valid_distinct_tax_codes(province):
    existing = OrganizationFactory(tax_code="0100233488")
    seed()

    organizations = list(generated())
    assert len(organizations) == N
    codes = [o.tax_code for o in organizations]
    assert len(set(codes)) == N
    assert existing.tax_code not in codes
    for organization in organizations:
        validate_tax_code(organization.tax_code)  # raises on a wrong check digit
        if is_personal_id(organization.tax_code):
            assert organization.legal_form == Organization.LegalForm.HOUSEHOLD
        assert organization.search_text == search_text_for(
            name=organization.name,
            short_name=organization.short_name,
            tax_code=organization.tax_code,
        )
        assert organization.industry_section
        assert organization.size_class
    # Mostly the province's communes, some elsewhere; industries and sizes vary.
    provinces = Counter(o.commune.parent.code for o in generated().select_related("commune"))
    assert provinces["25"] > provinces["01"] > 0
    assert len({o.industry_section for o in organizations}) >= 5
    assert len({o.size_class for o in organizations}) == 4
    assert ProgramSettings.load().province_code == "25"
    # The organizations' creation is in their history, written in bulk.
    assert Organization.history.filter(history_change_reason="seed_scale").count() == N


def test_seed_writes_about_five_supports_each_and_the_other_records(province):
    seed()

    activities = SupportActivity.objects.filter(organization__in=generated())
    supported = generated().filter(status__in=["active", "inactive"]).count()
    assert 4 * supported <= activities.count() <= 6 * supported
    today = timezone.localdate()
    assert activities.filter(date__lt=dt.date(2021, 1, 1)).count() == 0
    assert activities.filter(date__gt=today).count() == 0
    years = set(activities.values_list("date__year", flat=True))
    assert years == set(range(2021, today.year + 1))
    assert activities.filter(solutions__isnull=True).count() == 0
    assert (
        SupportActivity.solutions.through.objects.filter(supportactivity__in=activities).count()
        >= activities.count()
    )
    assert Course.objects.count() >= 4 * len(years)
    assert Enrollment.objects.filter(course__in=Course.objects.all()).count() > 0
    certificates = Enrollment.objects.exclude(certificate_number=None)
    assert certificates.count() > 0
    assert certificates.values("verification_code").distinct().count() == certificates.count()
    assert Contract.objects.filter(status=Contract.Status.SETTLED).count() > 0
    assert PilotModel.objects.filter(organization__in=generated()).count() >= 2
    assert set(AwardCycle.objects.values_list("year", flat=True)) >= years
    assert Nomination.objects.filter(organization__in=generated()).count() >= 3 * len(years)


def test_seed_is_idempotent_and_reset_replaces_only_its_own_rows(province):
    other = OrganizationFactory(tax_code="0100233488")
    seed()
    before = (generated().count(), SupportActivity.objects.count(), Course.objects.count())

    seed()  # same N: nothing added
    assert (generated().count(), SupportActivity.objects.count(), Course.objects.count()) == before

    with pytest.raises(CommandError, match="--reset"):
        call_command("seed_scale", organizations=N + 10)

    call_command("seed_scale", organizations=120, reset=True)
    assert generated_organizations_count() == 120
    assert Organization.objects.filter(pk=other.pk).exists()
    assert SupportActivity.objects.exclude(organization__in=generated()).count() == 0
    assert AdministrativeUnit.objects.filter(code="25").exists()


def test_courses_are_open_for_registration_at_every_size(province):
    """The home page lists open courses: a province of any size has some, so the home page
    does the same work at 20,000 and 200,000 organizations."""
    from demo.scale import UPCOMING_COURSES
    from trainings.selectors import open_courses

    seed()
    today = timezone.localdate()
    upcoming = [course for course in open_courses() if course.starts_on > today]
    assert len(upcoming) >= UPCOMING_COURSES
    assert all(course.registration_deadline >= today for course in upcoming)


def test_derived_rows_are_rebuilt_without_queued_foreign_key_checks():
    """The rebuild after a bulk load writes millions of rows taken from the organizations: on
    PostgreSQL it runs with the row-by-row foreign key triggers off, so no check is queued for
    COMMIT (minutes at 1,000,000 organizations), and the normal checks are back afterwards."""
    require_service("PostgreSQL (DATABASE_URL)", connection.vendor == "postgresql")
    missing_organization = 2_000_000_000
    with transaction.atomic(), connection.cursor() as cursor:
        with foreign_key_triggers_off():
            SupportYear.objects.create(
                organization_id=missing_organization, year=2025, source=SupportYear.Source.ACTIVITY
            )
            # A queued check would fail right here; none was queued.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SHOW session_replication_role")
        assert cursor.fetchone()[0] == "origin"
        transaction.set_rollback(True)
    with transaction.atomic(), connection.cursor() as cursor:
        SupportYear.objects.create(
            organization_id=missing_organization, year=2025, source=SupportYear.Source.ACTIVITY
        )
        with pytest.raises(IntegrityError):
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        transaction.set_rollback(True)


def test_seed_writes_support_requests_in_every_status_and_only_requests_rewrites_them(province):
    from enterprises.models import SupportRequest

    seed()
    requests = SupportRequest.objects.filter(organization__in=generated())
    supported = generated().filter(status__in=["active", "inactive"]).count()
    assert 0.02 * supported <= requests.count() <= 0.05 * supported
    assert set(requests.values_list("status", flat=True)) == set(SupportRequest.Status.values)
    assert len(set(requests.values_list("created_at__year", flat=True))) >= 2
    assert not requests.filter(solutions__isnull=True).exists()
    before = requests.count()

    # An earlier seed without requests gets them (as many, in every status) without reseeding.
    SupportRequest.solutions.through.objects.all().delete()
    SupportRequest.objects.all().delete()
    activities = SupportActivity.objects.count()
    call_command("seed_scale", organizations=N, only_requests=True)
    assert 0.8 * before <= requests.count() <= 1.2 * before
    assert set(requests.values_list("status", flat=True)) == set(SupportRequest.Status.values)
    assert SupportActivity.objects.count() == activities
    again = requests.count()
    call_command("seed_scale", organizations=N, only_requests=True)  # replaces, not adds
    assert requests.count() == again
    with pytest.raises(CommandError, match="not 310"):
        call_command("seed_scale", organizations=N + 10, only_requests=True)

    call_command("seed_scale", organizations=120, reset=True)  # removes them first
    assert not SupportRequest.objects.exclude(organization__in=generated()).exists()
