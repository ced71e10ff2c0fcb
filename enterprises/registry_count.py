"""How many organizations the registry holds, kept per status, kind and size class
(`OrganizationTally`).

The registry shows its exact total above the list. Counted on every view, that reads every
organization (0.5-1.1 s at 1,000,000 on the bench machine); the table keeps the count per
(status, kind, size class), so the unfiltered registry, the review queue, or the registry
filtered only by these, add up a few dozen kept rows.

Every organization written one at a time goes through `Model.save()` or `delete()`, whatever
the service (registration, staff edits, review decisions, the admin): the signals below read
the row as stored before the write (locked until the transaction ends) and move the count
from its old (status, kind, size) to its new one, as an increment, so concurrent writes do not lose
one another. The organization import writes many rows at once: it calls `inserted` and
`updated`. `rebuild` (the `aggregates` hook) counts everything again after a bulk load.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from operator import attrgetter, itemgetter

from django.db import connection, transaction
from django.db.models import Count, Sum
from django.db.models.functions import Coalesce
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver

from .models import Organization, OrganizationTally

FIELDS = ("status", "kind", "size_class")  # the table's dimensions, in its unique order
Key = tuple[str, str, str]  # (status, kind, size_class)
KEPT_FILTERS = frozenset(FIELDS)


def _get(item, name):
    return item[name] if isinstance(item, Mapping) else getattr(item, name)


def _key(item) -> Key:
    return tuple(str(_get(item, name) or "") for name in FIELDS)  # type: ignore[return-value]


def apply(deltas: Mapping[Key, int]) -> None:
    """Add `deltas[(status, kind, size_class)]` to each count (an upsert that adds, in a
    fixed order)."""
    changes = [(key, n) for key, n in sorted(deltas.items()) if n]
    if not changes:
        return
    qn = connection.ops.quote_name
    table = qn(OrganizationTally._meta.db_table)
    columns = ", ".join(qn(name) for name in FIELDS)
    placeholders = ", ".join([f"({', '.join(['%s'] * (len(FIELDS) + 1))})"] * len(changes))
    params = [value for key, n in changes for value in (*key, n)]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({columns}, {qn('rows')}) "  # noqa: S608
            f"VALUES {placeholders} ON CONFLICT ({columns}) "
            f"DO UPDATE SET {qn('rows')} = {table}.{qn('rows')} + EXCLUDED.{qn('rows')}",
            params,
        )


def stored(ids: Iterable[int]) -> dict[int, Key]:
    """The (status, kind, size_class) of the organizations `ids` as stored, locked until the
    transaction ends when there is one."""
    rows = Organization.objects.filter(pk__in=list(ids)).order_by("pk")
    if connection.in_atomic_block:
        rows = rows.select_for_update()
    return {row["pk"]: _key(row) for row in rows.values("pk", *FIELDS)}


def inserted(rows: Iterable) -> None:
    """Organizations written in bulk (dicts or objects with status and kind). They are
    counted by their values first and each distinct one keyed once: an import's 10,000 rows
    share a few (`_key` per row was 25 ms of the import); equal values key alike ("active"
    and Status.ACTIVE, None and "")."""
    rows = list(rows)
    read = (
        itemgetter(*FIELDS)
        if all(isinstance(row, Mapping) for row in rows)
        else attrgetter(*FIELDS)
    )
    deltas: Counter = Counter()
    for values, n in Counter(map(read, rows)).items():
        deltas[_key(dict(zip(FIELDS, values, strict=True)))] += n
    apply(deltas)


def updated(before: Mapping[int, Key], organizations: Iterable) -> None:
    """Organizations updated in bulk: `before` as `stored` read them before the write."""
    deltas: Counter = Counter()
    for organization in organizations:
        old = before.get(organization.pk)
        new = _key(organization)
        if old is not None and old != new:
            deltas[old] -= 1
            deltas[new] += 1
    apply(deltas)


# --- one organization at a time: every save and delete ------------------------------------


@receiver(pre_save, sender=Organization, dispatch_uid="registry_count_pre_save")
def _before_save(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw:  # fixtures: rebuilt with the rest
        return
    if update_fields is not None and not set(FIELDS) & set(update_fields):
        instance._registry_count_before = "unchanged"
        return
    if instance.pk is None or instance._state.adding:
        instance._registry_count_before = None
        return
    instance._registry_count_before = stored([instance.pk]).get(instance.pk)


@receiver(post_save, sender=Organization, dispatch_uid="registry_count_post_save")
def _after_save(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    before = getattr(instance, "_registry_count_before", None)
    instance.__dict__.pop("_registry_count_before", None)
    if before == "unchanged":
        return
    deltas: Counter = Counter()
    if before is not None:
        deltas[before] -= 1
    deltas[_key(instance)] += 1
    apply(deltas)


@receiver(pre_delete, sender=Organization, dispatch_uid="registry_count_pre_delete")
def _before_delete(sender, instance, **kwargs):
    instance._registry_count_before = stored([instance.pk]).get(instance.pk)


@receiver(post_delete, sender=Organization, dispatch_uid="registry_count_post_delete")
def _after_delete(sender, instance, **kwargs):
    before = instance.__dict__.pop("_registry_count_before", None)
    if before is not None:
        apply({before: -1})


# --- reading ------------------------------------------------------------------------------


def kept_count(filters: Mapping) -> int:
    rows = OrganizationTally.objects.all()
    for name in KEPT_FILTERS:
        if name in filters:
            rows = rows.filter(**{name: filters[name]})
    return int(rows.aggregate(n=Coalesce(Sum("rows"), 0))["n"])


def counter(filterset):
    """The registry's total as a function for the paginator: the kept count when the list is
    filtered by status, kind and size only (or not at all), else None (the list counts its
    rows)."""
    filters = filterset.applied()
    if set(filters) <= KEPT_FILTERS:
        return lambda: kept_count(filters)
    return None


# A search narrows the registry to a few hundred organizations, usually. Counting them and
# listing a page of them would run the trigram index scan twice (the search page's costliest
# step, 25-40 ms each at 1,000,000 organizations): their ids are read once instead (at most
# NARROW_SEARCH + 1 of them: a broad search stops early and is counted and listed as before).
NARROW_SEARCH = 2000


def narrowed(filterset, base):
    """(queryset, count function) for a registry page filtered by a search: when it finds at
    most NARROW_SEARCH organizations, `base` (the listing's queryset before any filter)
    limited to their ids, in the list's order, and their number; else the filtered list as it
    is and None (counted by the paginator)."""
    queryset = filterset.qs
    if "q" not in filterset.applied():
        return queryset, None
    ids = list(queryset.order_by().values_list("pk", flat=True)[: NARROW_SEARCH + 1])
    if len(ids) > NARROW_SEARCH:
        return queryset, None
    return base.filter(pk__any_of=ids).order_by(*queryset.query.order_by), lambda: len(ids)


def pending_counter(filterset):
    """The review queue's total (the registrations waiting, `Status.PENDING`) as a function
    for the paginator when the queue is filtered by kind only (or not at all), else None."""
    filters = filterset.applied()
    if set(filters) <= KEPT_FILTERS - {"status"}:
        return lambda: kept_count({**filters, "status": Organization.Status.PENDING})
    return None


# --- the rebuild hook ---------------------------------------------------------------------


def live() -> dict[Key, int]:
    rows = Organization.objects.order_by().values(*FIELDS).annotate(n=Count("id"))
    return {_key(row): row["n"] for row in rows}


def clear() -> None:
    OrganizationTally.objects.all().delete()


@transaction.atomic
def rebuild() -> None:
    clear()
    OrganizationTally.objects.bulk_create(
        [
            OrganizationTally(**dict(zip(FIELDS, key, strict=True)), rows=n)
            for key, n in sorted(live().items())
        ]
    )
