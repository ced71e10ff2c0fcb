"""What the award contributes to shared pages: menus, role homes, the public home page, an
organization's timeline, and the demo."""

import datetime as dt
import io

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone

from awards import navigation, services, timeline, workspace
from awards.models import AwardCycle, Nomination, Review
from enterprises.models import Organization
from portal.hooks import app_hook_modules

from .factories import NominationFactory, assign, member_of, past_cycle, submit_review

pytestmark = pytest.mark.django_db


def _labels(user):
    return {(item.section, str(item.label)) for item in navigation.items(user)}


def test_navigation_per_role(staff_user, enterprise_user, council_user, official_user):
    public = {("public", "Award winners")}
    from django.utils import translation

    with translation.override("en"):
        assert _labels(AnonymousUser()) == public
        assert {"Award cycles", "Award nominations", "Award ranking"} <= {
            label for section, label in _labels(staff_user) if section == "staff"
        }
        assert ("enterprise", "My award applications") in _labels(enterprise_user)
        assert ("council", "Assigned nominations") in _labels(council_user)
        assert _labels(official_user) == public
    for item in navigation.items(staff_user):
        assert item.url


def test_public_menu_and_home_block_show_winners(client):
    cycle = past_cycle(2024)
    winner = NominationFactory(
        cycle=cycle,
        status=Nomination.Status.AWARDED,
        level=cycle.levels.get(code="gold"),
        decision_number="701/QĐ-TTg",
    )
    page = client.get(reverse("portal:home")).content.decode()
    assert reverse("awards:winners") in page
    assert winner.organization.name in page
    assert "Giải Vàng" in page


def test_home_block_absent_without_winners(client):
    from awards.home import blocks

    assert blocks(None) == []


def test_staff_workspace_counts(staff_client, cycle):
    to_check = NominationFactory(cycle=cycle, status=Nomination.Status.DOSSIER_SUBMITTED)
    NominationFactory(cycle=cycle, status=Nomination.Status.DOSSIER_SUBMITTED)
    NominationFactory(cycle=cycle)  # registered: nothing to do yet
    items = {str(item.label): item.count for item in workspace.staff_tasks(None)}
    assert list(items.values())[:2] == [2, 2]
    services.nomination_dossier_check(nomination=to_check, by=None)
    items = [item.count for item in workspace.staff_tasks(None)]
    assert items[:2] == [1, 2]
    page = staff_client.get(reverse("portal:staff_home")).content.decode()
    assert reverse("awards:nomination_list") in page


def test_council_workspace_counts_reviews_to_submit(council_client, council_user, cycle):
    first = assign(NominationFactory(cycle=cycle), council_user)
    assign(NominationFactory(cycle=cycle), council_user)
    assert workspace.council_tasks(council_user)[0].count == 2
    submit_review(first)
    assert workspace.council_tasks(council_user)[0].count == 1
    page = council_client.get(reverse("portal:council_home")).content.decode()
    assert reverse("awards:council_reviews") in page


def test_enterprise_workspace_shows_deadlines_coming_up(enterprise_user, organization, cycle):
    item = workspace.enterprise_tasks(enterprise_user)[0]
    assert item.count == 1  # registration is open and the organization has not applied
    services.nomination_register(
        cycle=cycle, organization=organization, category="sme_services", by=enterprise_user
    )
    item = workspace.enterprise_tasks(enterprise_user)[0]
    assert item.count == 1  # now the dossier is due
    assert item.url == reverse("awards:my_nominations")


def test_timeline_entries_tell_the_award_history(staff_user, council_user):
    organization = member_of(council_user)  # any organization; the user does not matter here
    cycle = past_cycle(2024)
    nomination = NominationFactory(
        cycle=cycle,
        organization=organization,
        status=Nomination.Status.AWARDED,
        registered_at=timezone.make_aware(dt.datetime(2024, 4, 2, 9)),
        submitted_at=timezone.make_aware(dt.datetime(2024, 5, 20, 9)),
        forwarded_on=dt.date(2024, 7, 28),
        level=cycle.levels.get(code="gold"),
        decision_number="701/QĐ-TTg",
        decision_date=dt.date(2025, 4, 9),
        result_recorded_by=staff_user,
    )
    rows = timeline.entries(organization)
    assert [row["date"] for row in rows] == [
        dt.date(2025, 4, 9),
        dt.date(2024, 7, 28),
        dt.date(2024, 5, 20),
        dt.date(2024, 4, 2),
    ]
    assert all(row["kind"] == "award" for row in rows)
    assert rows[0]["url"] == reverse("awards:nomination_detail", args=[nomination.pk])
    assert "Giải Vàng" in rows[0]["title"]
    assert any(module.__name__ == "awards.timeline" for module in app_hook_modules("timeline"))


def test_demo_is_idempotent_and_works_without_organizations(db):
    from demo import awards as demo
    from demo import portal as portal_demo

    portal_demo.seed(io.StringIO())
    assert not Organization.objects.exclude(nominations__isnull=True).exists()
    demo.seed(io.StringIO())
    counts = (
        AwardCycle.objects.count(),
        Nomination.objects.count(),
        Review.objects.count(),
        Organization.objects.count(),
    )
    demo.seed(io.StringIO())
    assert counts == (
        AwardCycle.objects.count(),
        Nomination.objects.count(),
        Review.objects.count(),
        Organization.objects.count(),
    )
    this_year = timezone.localdate().year
    assert set(AwardCycle.objects.values_list("year", flat=True)) == set(range(2021, this_year + 1))
    for cycle in AwardCycle.objects.all():
        assert services.criteria_total(cycle) == 1000
        assert cycle.levels.exists()
    winners = Nomination.objects.filter(status="awarded", cycle__year__lte=2025)
    assert winners.values("organization").distinct().count() >= 3
    assert winners.values("cycle__year").distinct().count() >= 3
    current = AwardCycle.objects.get(year=this_year)
    assert current.registration_is_open(timezone.localdate())
    assert current.nominations.filter(
        status="registered", organization__memberships__user__email="enterprise@nscl.local"
    ).exists()
    assert Review.objects.filter(
        reviewer__email="council@nscl.local",
        nomination__cycle=current,
        status=Review.Status.ASSIGNED,
    ).exists()


def test_demo_uses_existing_organizations(db):
    from demo import awards as demo
    from demo import portal as portal_demo
    from portal.models import User

    portal_demo.seed(io.StringIO())
    enterprise = User.objects.get(email="enterprise@nscl.local")
    own = member_of(enterprise)
    demo.seed(io.StringIO())
    assert own.nominations.filter(cycle__year=timezone.localdate().year).exists()
