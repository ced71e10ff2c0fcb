"""The trainings part of seed_demo: realistic, idempotent, with or without organizations."""

import io

import pytest
from django.db.models import Count

from demo import trainings as demo
from demo.scale import rebuild_derived
from trainings import selectors
from trainings.models import Consultant, Contract, Course, Enrollment, Expert

from .factories import OrganizationFactory, member


def counts():
    return (
        Course.objects.count(),
        Enrollment.objects.count(),
        Expert.objects.count(),
        Consultant.objects.count(),
        Contract.objects.count(),
    )


@pytest.mark.django_db
def test_demo_without_organizations_is_realistic_and_idempotent():
    out = io.StringIO()
    demo.seed(out)
    first = counts()
    demo.seed(out)
    assert counts() == first
    rebuild_derived()  # as seed_demo does: some demo rows are bulk-inserted, past the services
    assert "trainings:" in out.getvalue()

    assert set(Course.objects.values_list("kind", flat=True)) == set(Course.Kind.values)
    years = set(Course.objects.values_list("starts_on__year", flat=True))
    assert set(range(2021, 2026)) <= years
    assert 10 <= selectors.persons_trained_in_depth_count(2021, 2025) <= 20
    assert selectors.awareness_participants_count(2024) >= 100
    assert selectors.management_staff_trained_count(2021, 2025) > 0
    assert set(Contract.objects.values_list("status", flat=True)) == set(Contract.Status.values)
    assert Expert.objects.filter(source=Expert.Source.TRAINED).count() >= 10
    assert Expert.objects.filter(source=Expert.Source.ADDED).exists()
    assert Course.objects.filter(status=Course.Status.OPEN).exists()
    assert Enrollment.objects.filter(status=Enrollment.Status.WAITLISTED).exists()
    settled = Contract.objects.filter(status=Contract.Status.SETTLED)
    assert all(c.settled_amount <= c.accepted_amount <= c.value for c in settled)
    assert all(10_000_000 <= c.value <= 1_000_000_000 for c in Contract.objects.all())
    assert not Enrollment.objects.filter(organization__isnull=False).exists()


@pytest.mark.django_db
def test_demo_links_people_to_existing_organizations():
    from tests.conftest import make_user

    organizations = OrganizationFactory.create_batch(5)
    enterprise = make_user("enterprise", "enterprise@nscl.local", full_name="Lê Minh Tuấn")
    member(enterprise, organizations[0])
    demo.seed(io.StringIO())
    linked = (
        Enrollment.objects.filter(organization__isnull=False)
        .values("organization")
        .annotate(n=Count("id"))
    )
    assert len(linked) == 5
    mine = Enrollment.objects.filter(user=enterprise)
    assert mine.filter(certificate_number__isnull=False).exists()
    assert mine.filter(status=Enrollment.Status.CONFIRMED).exists()
    assert set(mine.values_list("organization", flat=True)) == {organizations[0].pk}
