"""The data migration that fills the kinds of support and solution groups (trainings 0014)
is self-contained: migrating from 0013 to 0014 on a database with activities, courses and
enrollments gives the rows and counts the live rebuild gives, without calling today's code
(which it must not: a data migration runs on historical models, long after the code moved)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from enterprises import support_pairs
from enterprises.models import SupportPair, SupportPairTally

from .support_data import support_records

BEFORE = [("trainings", "0013_course_starts_on_id_index")]
FILL = [("trainings", "0014_support_pairs_fill")]


def tables() -> tuple[list, list]:
    return (
        sorted(
            SupportPair.objects.values_list("organization_id", "year", "source", "dimension", "key")
        ),
        sorted(
            SupportPairTally.objects.filter(count__gt=0).values_list(
                "year", "dimension", "key", "count"
            )
        ),
    )


def migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def test_the_fill_migration_gives_what_the_live_rebuild_gives(transactional_db, monkeypatch):
    # `transactional_db` (not the marker): the reference data is loaded again after the
    # flush that ends the test (tests/conftest.py), so the tests after it find the groups.
    support_records(organizations=12)
    support_pairs.rebuild()
    expected = tables()
    pairs, counts = expected
    assert {(source, dimension) for _o, _y, source, dimension, _k in pairs} == {
        (source, dimension)
        for source in ("activity", "course")
        for dimension in ("kind", "solution_group")
    }, "every source and dimension has rows, or the test proves little"
    assert counts

    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        migrate(BEFORE)
        support_pairs.clear()
        # Today's code is out of the migration's reach: it must not need it.
        monkeypatch.setattr(support_pairs, "SOURCES", {})
        monkeypatch.setattr(support_pairs, "rebuild", lambda: pytest.fail("today's code called"))
        migrate(FILL)
        assert tables() == expected
    finally:
        migrate(latest)
