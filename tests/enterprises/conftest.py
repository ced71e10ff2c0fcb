import pytest
from django.contrib.auth.models import Group

from enterprises.models import Membership
from portal.models import ProgramSettings, Role
from tests.conftest import make_user

from .factories import CommuneFactory, MembershipFactory, OrganizationFactory, ProvinceFactory


@pytest.fixture
def province(db):
    province = ProvinceFactory()
    settings_row = ProgramSettings.load()
    settings_row.province_code = province.code
    settings_row.save()
    from django.core.cache import cache

    cache.clear()
    return province


@pytest.fixture
def commune(province):
    return CommuneFactory(code="08290", name="Phường Việt Trì", parent=province)


@pytest.fixture
def organization(commune):
    return OrganizationFactory(commune=commune, name="Công ty TNHH Cơ khí Việt Trì")


@pytest.fixture
def representative(organization):
    user = make_user(Role.ENTERPRISE, "daidien@cokhi.vn", full_name="Nguyễn Văn An")
    MembershipFactory(user=user, organization=organization)
    return user


@pytest.fixture
def rep_client(client, representative):
    client.force_login(representative)
    return client


@pytest.fixture
def other_org_user(db):
    other = OrganizationFactory(name="Công ty khác")
    user = make_user(Role.ENTERPRISE, "khac@example.vn")
    MembershipFactory(user=user, organization=other, status=Membership.Status.ACTIVE)
    return user


@pytest.fixture
def enterprise_group(db):
    return Group.objects.get(name=Role.ENTERPRISE)


@pytest.fixture
def staff_client(staff_user):
    """Its own browser, so a test can use it beside `client` (the representative's)."""
    from django.test import Client

    browser = Client()
    browser.force_login(staff_user)
    return browser


@pytest.fixture(autouse=True)
def _eager_tasks():
    """E-mail tasks run in-process here (with REDIS_URL set they would wait for a worker); the
    real-worker wiring is proved once in tests/portal/test_celery_worker.py."""
    from portal.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous
