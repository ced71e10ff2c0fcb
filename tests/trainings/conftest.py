import pytest

from .factories import OrganizationFactory, member


@pytest.fixture
def organization(db):
    return OrganizationFactory(name="Công ty Cổ phần Chè Phú Thọ")


@pytest.fixture
def enterprise_member(enterprise_user, organization):
    """The enterprise fixture user, acting for `organization`."""
    enterprise_user.phone = "0987654321"
    enterprise_user.position = "Trưởng phòng chất lượng"
    enterprise_user.save()
    member(enterprise_user, organization)
    return enterprise_user


@pytest.fixture
def eager_celery():
    """Run queued tasks in-process even when REDIS_URL points Celery at a broker."""
    from portal.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous
