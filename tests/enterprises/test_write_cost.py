"""What one staff edit of an organization costs (issue 18: the bench writes 20 a second while
the pages are measured): the queries are pinned so that a regression shows here, and the
cheaper path still records what the full one did (the history row, the kept counts)."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from enterprises import services, supported
from enterprises.models import Organization, SupportTally, SupportYear

from .factories import CommuneFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


def _edit(organization, staff_user, data):
    assert staff_user.is_program_staff  # a request's user comes with their roles
    with CaptureQueriesContext(connection) as queries:
        services.organization_update(organization=organization, by=staff_user, data=data)
    return [query["sql"] for query in queries.captured_queries]


def _writes(sql: list[str]) -> list[str]:
    return [s for s in sql if s.lstrip().upper().startswith(("UPDATE", "INSERT", "DELETE"))]


def test_a_phone_change_is_one_update_and_one_history_row(organization, staff_user):
    """As the bench's writer (and staff) make it: no re-reading of the row, no lock taken
    for the kept counts, no existence check of the commune or uniqueness check of the tax
    code it did not change; the transaction's own statements around the two writes."""
    organization = Organization.objects.get(pk=organization.pk)
    sql = _edit(organization, staff_user, {"phone": "0210 3999999"})

    statements = [s for s in sql if "SAVEPOINT" not in s.upper() and s.upper() != "BEGIN"]
    assert len(statements) == 2, sql  # a regression (a re-read, a lock, a check) shows here
    update, history = statements
    assert update.startswith('UPDATE "enterprises_organization" SET')
    assert '"phone"' in update
    assert '"updated_at"' in update
    assert '"name"' not in update  # only the changed columns are written
    assert history.startswith('INSERT INTO "enterprises_historicalorganization"')
    assert len(sql) <= 4  # with the transaction (or the test's savepoint) around them

    organization.refresh_from_db()
    assert organization.phone == "0210 3999999"
    version = organization.history.order_by("-history_id").first()
    assert version.phone == "0210 3999999"
    assert version.name == organization.name  # the whole row, as before
    assert version.history_user == staff_user
    assert version.history_type == "~"


def test_an_edit_that_changes_nothing_still_writes_its_version(organization, staff_user):
    organization = Organization.objects.get(pk=organization.pk)
    versions = organization.history.count()
    sql = _edit(organization, staff_user, {"phone": organization.phone})
    assert len(_writes(sql)) == 2  # the row's updated_at and the history row, nothing else
    assert organization.history.count() == versions + 1


def test_a_changed_commune_still_moves_the_supported_counts(organization, staff_user, province):
    """A column the kept counts group by still locks the row and moves the counts."""
    SupportYear.objects.create(
        organization=organization, year=2025, source=SupportYear.Source.ACTIVITY
    )
    supported.rebuild_tally()
    old_commune = organization.commune
    new_commune = CommuneFactory(code="08291", name="Phường Tiên Cát", parent=province)

    def commune_count(commune):
        row = SupportTally.objects.filter(
            year=2025, dimension=SupportTally.Dimension.COMMUNE, key=str(commune.pk)
        ).first()
        return row.count if row else 0

    assert commune_count(old_commune) == 1
    organization = Organization.objects.get(pk=organization.pk)
    sql = _edit(organization, staff_user, {"commune": new_commune})
    if connection.features.has_select_for_no_key_update:  # PostgreSQL (SQLite has no locks)
        assert any("FOR NO KEY UPDATE" in s for s in sql)  # the row is locked while counted
    assert commune_count(old_commune) == 0
    assert commune_count(new_commune) == 1


def test_changed_values_are_still_checked(organization, staff_user):
    other = OrganizationFactory()
    organization = Organization.objects.get(pk=organization.pk)
    with pytest.raises(ValidationError) as raised:
        services.organization_update(
            organization=organization, by=staff_user, data={"email": "not an address"}
        )
    assert "email" in raised.value.message_dict
    organization = Organization.objects.get(pk=organization.pk)
    with pytest.raises(ValidationError) as raised:
        services.organization_update(
            organization=organization, by=staff_user, data={"tax_code": other.tax_code}
        )
    assert "tax_code" in raised.value.message_dict


def test_a_changed_commune_must_be_a_commune(organization, staff_user, province):
    """The foreign key the edit changes is still checked (here against `limit_choices_to`)."""
    organization = Organization.objects.get(pk=organization.pk)
    with pytest.raises(ValidationError) as raised:
        services.organization_update(
            organization=organization, by=staff_user, data={"commune": province}
        )
    assert "commune" in raised.value.message_dict


def test_the_redis_cache_moves_a_version_in_one_round_trip(settings):
    """`incr` (every write moves its areas' versions with it, twice) keeps Django's contract,
    a missing key raises ValueError and is not created, in one round trip to Redis."""
    from django.core.cache import caches

    from tests.conftest import require_service

    require_service("Redis (REDIS_URL)", bool(settings.REDIS_URL))
    cache = caches["default"]
    client = cache._cache.get_client(write=True)
    cache.set("write-cost:version", 41, None)
    sent = []
    connection_class = client.connection_pool.connection_class
    original = connection_class.send_packed_command

    def counted(self, *args, **kwargs):
        sent.append(args)
        return original(self, *args, **kwargs)

    connection_class.send_packed_command = counted
    try:
        assert cache.incr("write-cost:version") == 42
    finally:
        connection_class.send_packed_command = original
    assert len(sent) == 1
    assert cache.get("write-cost:version") == 42
    cache.delete("write-cost:missing")
    with pytest.raises(ValueError, match="not found"):
        cache.incr("write-cost:missing")
    assert cache.get("write-cost:missing") is None
    cache.delete("write-cost:version")
