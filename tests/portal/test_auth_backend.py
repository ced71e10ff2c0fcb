"""The sign-in backend keeps a user's row and roles between changes of the records: a change
to the person (roles, password, deactivation) applies to the very next request."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.models import Role
from tests.conftest import make_user

pytestmark = pytest.mark.django_db
BACKEND = "portal.auth.ModelBackend"


@pytest.fixture
def staff(client):
    user = make_user(Role.PROGRAM_STAFF, "kept-staff@example.com", password="mat-khau-dai-123")
    client.force_login(user, backend=BACKEND)
    return user


def test_signed_in_pages_do_not_reload_the_user_each_time(client, staff):
    url = reverse("portal:staff_home")
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    sql = [q["sql"] for q in queries.captured_queries]
    assert not [q for q in sql if q.startswith('SELECT "portal_user"."id"')]  # the user row
    assert not [q for q in sql if 'FROM "auth_group"' in q]  # the roles


def test_a_role_taken_away_applies_at_once(client, staff):
    url = reverse("portal:staff_home")
    assert client.get(url).status_code == 200
    staff.groups.remove(Group.objects.get(name=Role.PROGRAM_STAFF))
    assert client.get(url).status_code == 403


def test_a_new_password_or_a_deactivation_signs_the_person_out(client, staff):
    url = reverse("portal:staff_home")
    assert client.get(url).status_code == 200
    staff.set_password("mot-mat-khau-khac-456")
    staff.save()
    assert client.get(url).status_code == 302  # to the sign-in page

    client.force_login(staff, backend=BACKEND)
    assert client.get(url).status_code == 200
    staff.is_active = False
    staff.save(update_fields=["is_active"])
    assert client.get(url).status_code == 302


def test_other_records_changing_does_not_reload_the_user(client, staff):
    from tests.portal.factories import ArticleFactory

    url = reverse("portal:staff_home")
    client.get(url)
    ArticleFactory()  # any record but the people
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert not [
        q for q in queries.captured_queries if q["sql"].startswith('SELECT "portal_user"."id"')
    ]
