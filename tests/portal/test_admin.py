"""The Django admin works for every portal model (superusers only)."""

import pytest
from django.contrib import admin
from django.urls import reverse

from portal.models import AdministrativeUnit, Phase, ProgramSettings, VisitDay
from tests.portal.factories import (
    ArticleFactory,
    CommunicationActivityFactory,
    PolicyFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

PORTAL_MODELS = [model for model in admin.site._registry if model._meta.app_label == "portal"]


@pytest.fixture
def superuser_client(client):
    user = UserFactory(email="root@example.vn", is_staff=True, is_superuser=True)
    client.force_login(user)
    return client


@pytest.fixture
def one_of_each(db):
    province = AdministrativeUnit.objects.create(
        code="25",
        name="Tỉnh Phú Thọ",
        division_type="tỉnh",
        level="province",
        effective_from="2025-07-01",
    )
    VisitDay.objects.create(date="2026-01-05", visits=42)
    return {
        "article": ArticleFactory(),
        "policy": PolicyFactory(),
        "activity": CommunicationActivityFactory(),
        "unit": province,
        "phase": Phase.objects.first(),
        "settings": ProgramSettings.load(),
    }


def test_every_portal_model_is_registered():
    names = {model.__name__ for model in PORTAL_MODELS}
    assert names >= {
        "User",
        "ProgramSettings",
        "AdministrativeUnit",
        "Phase",
        "Article",
        "CommunicationActivity",
        "Policy",
        "VisitDay",
    }


@pytest.mark.parametrize("model", PORTAL_MODELS, ids=lambda model: model.__name__)
def test_changelist_and_change_pages_open(superuser_client, one_of_each, model):
    opts = model._meta
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    response = superuser_client.get(changelist)
    assert response.status_code == 200
    obj = model._default_manager.first()
    assert obj is not None
    change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    assert superuser_client.get(change).status_code == 200
    search = superuser_client.get(changelist, {"q": "phu tho"})
    assert search.status_code == 200


def test_program_staff_cannot_open_the_admin(staff_client):
    response = staff_client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_saving_an_article_in_the_admin_keeps_search_working(superuser_client, client):
    response = superuser_client.post(
        reverse("admin:portal_article_add"),
        {
            "title": "Tin từ trang quản trị",
            "slug": "tin-tu-trang-quan-tri",
            "category": "news",
            "summary": "",
            "body": "Nội dung về năng suất.",
            "author_name": "",
            "status": "published",
            "published_at_0": "01/01/2026",
            "published_at_1": "08:00",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    found = client.get(reverse("portal:article_list"), {"q": "tin tu trang quan tri"})
    assert "Tin từ trang quản trị" in found.content.decode()
