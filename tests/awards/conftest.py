import pytest

from portal.models import Role
from tests.conftest import make_user

from .factories import member_of, open_cycle


@pytest.fixture
def cycle(db):
    return open_cycle()


@pytest.fixture
def organization(enterprise_user):
    return member_of(enterprise_user)


@pytest.fixture
def enterprise_client(client, enterprise_user, organization):
    client.force_login(enterprise_user)
    return client


@pytest.fixture
def council_user2(db):
    return make_user(Role.COUNCIL_MEMBER, "council2@example.vn", full_name="Thành viên thứ hai")


@pytest.fixture
def mailoutbox_clear(mailoutbox):
    mailoutbox.clear()
    return mailoutbox
