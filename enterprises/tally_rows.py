"""Adding to a kept count table of (year, dimension, key, count) rows: `SupportTally` and
`SupportPairTally` are both written this way by the services that keep them."""

from __future__ import annotations

from collections import Counter

from django.db import connection, models


def add_to_tally(model: type[models.Model], deltas: Counter) -> None:
    """Add `deltas` ((year, dimension, key) -> change) to `model`'s counts, in key order (two
    writers take the rows' locks in the same order), creating the rows a first one needs."""
    rows = [(*key, delta) for key, delta in sorted(deltas.items()) if delta]
    if not rows:
        return
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 500):
            chunk = rows[start : start + 500]
            values = ", ".join(["(%s, %s, %s, %s)"] * len(chunk))
            cursor.execute(
                f"INSERT INTO {table} (year, dimension, key, count) VALUES {values} "  # noqa: S608
                f"ON CONFLICT (year, dimension, key) DO UPDATE "
                f"SET count = {table}.count + EXCLUDED.count",
                [value for row in chunk for value in row],
            )
