"""portal's services take the acting user as a required keyword and name it in the history."""

import datetime as dt

import pytest
from django.utils.translation import gettext

from portal import services
from tests.services_walk import by_problems, changing_functions


def test_every_changing_service_requires_by():
    assert "article_publish" in changing_functions(services)
    assert by_problems(services, exempt={}) == []


@pytest.mark.django_db
def test_publish_archive_and_settings_name_the_user(staff_user):
    article = services.article_create(title="Tin mới", body="Nội dung", by=staff_user)
    from portal.models import Role
    from tests.conftest import make_user

    other = make_user(Role.PROGRAM_STAFF, "other@example.vn")
    services.article_publish(article=article, by=other)
    assert article.history.latest().history_user == other
    services.article_archive(article=article, by=staff_user)
    assert article.history.latest().history_user == staff_user
    row = services.program_settings_update(by=other, agency_phone="0210 3846 123")
    assert row.history.latest().history_user == other
    activity = services.communication_activity_record(
        title="Hội thảo", channel="seminar", date=dt.date(2024, 5, 1), people_reached=40, by=other
    )
    assert activity.created_by == other
    assert activity.history.latest().history_user == other


def test_article_workflow_matches_the_documented_flow():
    from portal.models import Article

    assert set(Article.WORKFLOW.edges()) == {
        ("draft", "publish", "published"),
        ("archived", "publish", "published"),
        ("published", "archive", "archived"),
    }


@pytest.mark.django_db
def test_article_refusals_keep_their_message():
    from django.core.exceptions import ValidationError

    article = services.article_create(title="Tin", body="Nội dung", by=None)
    with pytest.raises(ValidationError) as refused:
        services.article_archive(article=article, by=None)
    assert refused.value.messages == [gettext("Only a published article can be withdrawn.")]
    services.article_publish(article=article, by=None)
    with pytest.raises(ValidationError) as refused:
        services.article_publish(article=article, by=None)
    assert refused.value.messages == [gettext("This article is already published.")]


@pytest.mark.django_db
def test_services_refuse_users_without_the_right(official_user, staff_user):
    from django.core.exceptions import PermissionDenied

    from portal.models import Role
    from tests.conftest import make_user

    article = services.article_create(title="Tin", body="Nội dung", by=staff_user)
    with pytest.raises(PermissionDenied):
        services.article_publish(article=article, by=official_user)
    enterprise_user = make_user(Role.ENTERPRISE, "dn@example.vn")
    with pytest.raises(PermissionDenied):
        services.program_settings_update(by=enterprise_user, agency_phone="0210 000")
    with pytest.raises(PermissionDenied):
        services.user_deactivate(user=enterprise_user, by=staff_user)  # not an administrator
    enterprise_user.refresh_from_db()
    article.refresh_from_db()
    assert enterprise_user.is_active
    assert article.status == "draft"


def test_policy_workflow_matches_the_documented_flow():
    from portal.models import Policy

    early = ("researching", "proposed")
    assert set(Policy.WORKFLOW.edges()) == {
        *((source, "research", "researching") for source in early),
        *((source, "propose", "proposed") for source in early),
        *((source, "issue", "issued") for source in (*early, "issued")),
        ("issued", "expire", "expired"),
        ("expired", "expire", "expired"),
    }
