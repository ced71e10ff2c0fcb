"""The awards services record who acted (history) and check the acting user themselves."""

import pytest
from django.core.exceptions import PermissionDenied

from awards import services
from awards.models import Nomination, Review
from tests.conftest import make_user

from .factories import NominationFactory, add_document, assign, member_of

pytestmark = pytest.mark.django_db


def _author(record):
    return record.history.latest().history_user


@pytest.fixture
def registered(cycle, organization):
    return NominationFactory(cycle=cycle, organization=organization)


def test_submit_and_withdraw_name_the_representative(enterprise_user, registered):
    add_document(registered, by=enterprise_user)
    add_document(registered, by=enterprise_user, kind="self_assessment")
    services.nomination_submit(nomination=registered, by=enterprise_user)
    registered.refresh_from_db()
    assert registered.status == Nomination.Status.DOSSIER_SUBMITTED
    assert _author(registered) == enterprise_user
    services.nomination_withdraw(nomination=registered, by=enterprise_user, reason="Chưa đủ")
    registered.refresh_from_db()
    assert registered.status == Nomination.Status.WITHDRAWN
    assert _author(registered) == enterprise_user


def test_assigning_reviews_names_the_staff_member(staff_user, council_user, registered):
    registered.status = Nomination.Status.DOSSIER_SUBMITTED
    registered.save()
    [review] = services.reviews_assign(
        nomination=registered, reviewers=[council_user], by=staff_user
    )
    assert review.assigned_by == staff_user
    assert _author(review) == staff_user
    registered.refresh_from_db()
    assert registered.status == Nomination.Status.UNDER_REVIEW
    assert _author(registered) == staff_user


def test_only_the_organizations_representatives_submit(registered):
    stranger = make_user("enterprise", "nguoi-la@example.vn")
    member_of(stranger)  # a representative, of another organization
    with pytest.raises(PermissionDenied):
        services.nomination_submit(nomination=registered, by=stranger)
    with pytest.raises(PermissionDenied):
        services.nomination_withdraw(nomination=registered, by=stranger, reason="x")
    registered.refresh_from_db()
    assert registered.status == Nomination.Status.REGISTERED


def test_only_staff_assign_and_decide(enterprise_user, council_user, registered):
    registered.status = Nomination.Status.DOSSIER_SUBMITTED
    registered.save()
    for user in (enterprise_user, council_user):
        with pytest.raises(PermissionDenied):
            services.reviews_assign(nomination=registered, reviewers=[council_user], by=user)
        with pytest.raises(PermissionDenied):
            services.nomination_decide(nomination=registered, by=user, forward=True, minutes="x")
    assert not Review.objects.exists()


def test_only_the_assigned_member_scores(council_user, council_user2, registered):
    review = assign(registered, council_user)
    with pytest.raises(PermissionDenied):
        services.review_save(review=review, by=council_user2, scores={})
    review = services.review_save(review=review, by=council_user, scores={})
    assert review.status == Review.Status.DRAFT
    assert _author(review) == council_user
