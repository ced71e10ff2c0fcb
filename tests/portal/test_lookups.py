"""`field__any_of`: the rows whose field is in a list, the list sent as one parameter on
PostgreSQL (portal.lookups)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from enterprises.models import Organization
from tests.enterprises.factories import OrganizationFactory


def test_any_of_finds_the_listed_rows_with_one_array_parameter(db):
    first, _second, third = OrganizationFactory.create_batch(3)
    wanted = [third.pk, first.pk, third.pk]  # any order, repeats allowed, as `in`
    with CaptureQueriesContext(connection) as queries:
        found = set(Organization.objects.filter(pk__any_of=wanted).values_list("pk", flat=True))
    assert found == {first.pk, third.pk}
    assert found == set(Organization.objects.filter(pk__in=wanted).values_list("pk", flat=True))
    (query,) = queries.captured_queries
    if connection.vendor == "postgresql":
        assert '"id" = ANY(ARRAY[' in query["sql"]
        assert " IN (" not in query["sql"]


def test_any_of_an_empty_list_finds_nothing_and_values_are_prepared(db):
    organization = OrganizationFactory()
    assert not Organization.objects.filter(pk__any_of=[]).exists()
    # A value is prepared as the field prepares it (a numeric string for an id).
    assert list(Organization.objects.filter(pk__any_of=[str(organization.pk)])) == [organization]
    assert list(Organization.objects.exclude(pk__any_of=[organization.pk])) == []
