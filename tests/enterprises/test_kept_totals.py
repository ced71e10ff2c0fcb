"""The ledger's totals (`LedgerTally`) and the registry's count (`OrganizationTally`), kept by
the writing services: after random writes through every service that writes activities or
organizations the tables equal the live aggregates, the pages show the live numbers, and a
rebuild gives the same rows."""

import datetime as dt
import random
import re

import pytest
from django.db import connection
from django.urls import reverse

from enterprises import ledger_totals, registry_count, selectors, services
from enterprises.filters import ActivityFilter
from enterprises.imports import import_commit
from enterprises.models import LedgerTally, Organization, OrganizationTally, SupportActivity
from portal.keyset import beyond, ordering
from tests.conftest import require_service

from .factories import OrganizationFactory, valid_tax_code
from .test_imports import ORG_HEADER, xlsx

pytestmark = pytest.mark.django_db

YEARS = (2023, 2024, 2025)
KINDS = SupportActivity.Kind.values


def kept_ledger() -> dict:
    return {
        (row.year, row.kind, row.status): (row.rows, row.state_budget, row.own_contribution)
        for row in LedgerTally.objects.all()
        if row.rows
    }


def live_ledger() -> dict:
    return {
        (row["cell_year"], row["kind"], row["status"]): (row["n"], row["budget"], row["own"])
        for row in ledger_totals.live()
    }


def kept_registry() -> dict:
    return {
        (r.status, r.kind, r.size_class): r.rows for r in OrganizationTally.objects.all() if r.rows
    }


def _date(rng) -> dt.date:
    return dt.date(rng.choice(YEARS), rng.randint(1, 12), rng.randint(1, 28))


def _activity_data(rng) -> dict:
    return {
        "date": _date(rng),
        "kind": rng.choice(KINDS),
        "title": "Hướng dẫn áp dụng 5S",
        "state_budget": rng.randint(0, 50) * 1_000_000,
        "own_contribution": rng.randint(0, 20) * 500_000,
    }


def _import_activities(rng, organizations, staff_user):
    header = [
        "Mã số thuế",
        "Ngày",
        "Hình thức hỗ trợ",
        "Nội dung",
        "Ngân sách nhà nước (đồng)",
        "Kinh phí đối ứng (đồng)",
    ]
    kinds = ["Đào tạo", "Tư vấn", "Phổ biến, tuyên truyền"]
    rows = [header] + [
        [
            rng.choice(organizations).tax_code,
            _date(rng).strftime("%d/%m/%Y"),
            rng.choice(kinds),
            "Hội thảo năng suất",
            rng.randint(1, 9) * 1_000_000,
            rng.randint(0, 9) * 100_000,
        ]
        for _ in range(rng.randint(1, 4))
    ]
    import_commit(kind="activities", data=xlsx(rows), filename="hd.xlsx", by=staff_user)


@pytest.mark.parametrize("seed", [1, 2])
def test_random_activity_writes_keep_the_ledger_totals_equal_to_the_live_sums(seed, staff_user):
    rng = random.Random(seed)
    organizations = [OrganizationFactory() for _ in range(5)]
    actions = ["record", "record", "batch", "update", "cancel", "import"] * 4
    rng.shuffle(actions)
    for action in actions:
        recorded = SupportActivity.objects.filter(status="recorded").order_by("?")
        if action in ("record", "batch"):
            chosen = rng.sample(organizations, 1 if action == "record" else 3)
            services.support_activity_record(
                organizations=chosen, by=staff_user, data=_activity_data(rng)
            )
        elif action == "update" and recorded.exists():
            services.support_activity_update(
                activity=recorded.first(), by=staff_user, data=_activity_data(rng)
            )
        elif action == "cancel" and recorded.exists():
            services.support_activity_cancel(
                activity=recorded.first(), by=staff_user, reason="Ghi nhầm"
            )
        elif action == "import":
            _import_activities(rng, organizations, staff_user)
        assert kept_ledger() == live_ledger(), action
    assert SupportActivity.objects.filter(status="cancelled").exists()
    assert len({year for year, _kind, _status in kept_ledger()}) > 1

    before = kept_ledger()
    ledger_totals.clear()
    assert kept_ledger() == {}
    ledger_totals.rebuild()
    assert kept_ledger() == before


def _totals_on_page(client, query: str) -> dict:
    """The totals as the page shows them (the page may come from the cache: read its HTML)."""
    response = client.get(reverse("enterprises:ledger") + query)
    assert response.status_code == 200
    html = response.content.decode()

    def figure(testid: str) -> int:
        text = html.split(f'data-testid="{testid}">', 1)[1].split("<", 1)[0]
        return int(re.sub(r"\D", "", text))

    footer = html.split('data-testid="ledger-totals">', 1)[1].split("</td>", 1)[0]
    footer = re.sub(r"<[^>]+>", "", footer)  # the cell's text, not its colspan
    return {
        "state_budget": figure("total-state-budget"),
        "own_contribution": figure("total-own-contribution"),
        "rows": int(re.search(r"\d[\d.]*", footer).group().replace(".", "")),
    }


def test_the_ledger_shows_the_live_totals_for_every_kept_filter(staff_client, staff_user):
    rng = random.Random(3)
    organizations = [OrganizationFactory() for _ in range(3)]
    for _ in range(12):
        services.support_activity_record(
            organizations=rng.sample(organizations, 2), by=staff_user, data=_activity_data(rng)
        )
    services.support_activity_cancel(
        activity=SupportActivity.objects.first(), by=staff_user, reason="Trùng"
    )
    queries = ["", "?year=2024", "?kind=training", "?status=cancelled", "?year=2025&kind=guidance"]
    queries += ["?year=2023&kind=consulting&status=recorded", "?q=" + organizations[0].tax_code]
    queries += ["?year=abc", "?kind=nonsense"]  # bad input: ignored, never a 500
    for query in queries:
        filterset = ActivityFilter(
            dict(pair.split("=") for pair in query[1:].split("&") if pair),
            queryset=selectors.support_ledger(),
        )
        expected = selectors.ledger_totals(filterset.qs)
        assert _totals_on_page(staff_client, query) == expected, query
    assert _totals_on_page(staff_client, "")["rows"] == SupportActivity.objects.count() == 24


def test_the_ledger_reads_the_kept_table_only_for_its_dimensions(staff_user):
    OrganizationFactory()
    searched = ActivityFilter({"q": "co khi"}, queryset=selectors.support_ledger())
    assert set(searched.applied()) == {"q"}
    kept = ActivityFilter({"year": "2024", "kind": "training"}, queryset=SupportActivity.objects)
    assert set(kept.applied()) <= ledger_totals.KEPT_FILTERS


@pytest.mark.parametrize("seed", [1, 2])
def test_random_organization_writes_keep_the_registry_count_equal_to_the_live_count(
    seed, staff_user, commune
):
    rng = random.Random(seed)
    for _ in range(4):
        OrganizationFactory(status=rng.choice(Organization.Status.values))
    assert kept_registry() == registry_count.live()
    imported = 0
    for step in range(16):
        action = rng.choice(["create", "update", "review", "deactivate", "import", "delete"])
        organization = Organization.objects.order_by("?").first()
        if action == "create":
            services.organization_create(
                data={
                    "name": f"Công ty Cơ khí Số {step}",
                    "tax_code": valid_tax_code(5000 + step),
                    "kind": rng.choice(Organization.Kind.values),
                    "commune": commune,
                },
                by=staff_user,
            )
        elif action == "update":
            services.organization_update(
                organization=organization,
                by=staff_user,
                # The kind, and the size class derived from the employees.
                data={
                    "kind": rng.choice(Organization.Kind.values),
                    "employees": rng.choice([3, 40, 150, 400]),
                },
            )
        elif action == "review":
            organization.status = Organization.Status.PENDING
            organization.save()
            move = rng.choice([services.organization_approve, services.organization_reject])
            kwargs = {} if move is services.organization_approve else {"reason": "Thiếu hồ sơ"}
            move(organization=organization, by=staff_user, **kwargs)
        elif action == "deactivate" and organization.status == Organization.Status.ACTIVE:
            services.organization_deactivate(
                organization=organization, by=staff_user, reason="Giải thể"
            )
        elif action == "import":
            # One new organization and one already registered whose kind changes.
            existing = Organization.objects.order_by("?").first()
            kind = rng.choice(["Doanh nghiệp", "Hợp tác xã"])
            rows = [ORG_HEADER]
            for tax_code, name in (
                (valid_tax_code(9000 + step), f"Hợp tác xã Nhập {step}"),
                (existing.tax_code, existing.name),
            ):
                rows.append([tax_code, name, kind, "4711", 5, 1_000_000_000, commune.code])
            import_commit(kind="organizations", data=xlsx(rows), filename="dn.xlsx", by=staff_user)
            imported += 1
        elif action == "delete":  # a registration with nothing attached (else protected)
            OrganizationFactory(status=rng.choice(Organization.Status.values)).delete()
        assert kept_registry() == registry_count.live(), action
    assert kept_registry()
    before = kept_registry()
    registry_count.rebuild()
    assert kept_registry() == before


def test_the_registry_total_is_exact(staff_client, settings):
    settings.PAGE_CACHE = False
    OrganizationFactory.create_batch(3)
    OrganizationFactory(status=Organization.Status.PENDING)
    OrganizationFactory(kind=Organization.Kind.COOPERATIVE)
    OrganizationFactory(size_class=Organization.SizeClass.MICRO)
    assert Organization.objects.filter(size_class="micro").exists()
    url = reverse("enterprises:registry")
    for query, expected in [
        ("", Organization.objects.count()),
        ("?status=pending", Organization.objects.filter(status="pending").count()),
        ("?kind=cooperative", Organization.objects.filter(kind="cooperative").count()),
        ("?size_class=micro", Organization.objects.filter(size_class="micro").count()),
        (
            "?status=active&kind=enterprise&size_class=small",
            Organization.objects.filter(
                status="active", kind="enterprise", size_class="small"
            ).count(),
        ),
    ]:
        response = staff_client.get(url + query)
        assert response.status_code == 200
        assert response.context["page"].paginator.count == expected
        assert registry_count.kept_count(dict(p.split("=") for p in query[1:].split("&") if p)) == (
            expected
        )


def test_the_ledger_page_is_read_from_the_date_id_index(staff_user):
    """EXPLAIN of the ledger's first page and of a deep page: the (date, id) index gives the
    rows in the list's order; no sort of the activities of a date."""
    require_service("PostgreSQL (DATABASE_URL)", connection.vendor == "postgresql")
    organization = OrganizationFactory()
    for day in range(1, 6):
        services.support_activity_record(
            organizations=[organization],
            by=staff_user,
            data={"date": dt.date(2024, 3, day), "kind": "training", "title": "Đào tạo 5S"},
        )
    queryset = selectors.support_ledger().order_by("-date", "-id")
    order = ordering(queryset)
    last = queryset[2]
    deep = queryset.filter(beyond(order, [getattr(last, key.name) for key in order]))
    with connection.cursor() as cursor:
        for setting in (
            "enable_seqscan",
            "enable_bitmapscan",
            "enable_sort",
            "enable_incremental_sort",
        ):
            cursor.execute(f"SET LOCAL {setting} = off")
        for plan in (queryset[:31].explain(), deep[:31].explain()):
            assert "supportactivity_date_id" in plan
            assert "Sort" not in plan


def test_the_review_queue_total_is_the_kept_pending_count(staff_client):
    OrganizationFactory.create_batch(3, status=Organization.Status.PENDING)
    OrganizationFactory(status=Organization.Status.PENDING, kind=Organization.Kind.COOPERATIVE)
    OrganizationFactory(status=Organization.Status.ACTIVE)
    url = reverse("enterprises:review_queue")
    for query, expected in [("", 4), ("?kind=cooperative", 1), ("?kind=enterprise", 3)]:
        response = staff_client.get(url + query)
        assert response.status_code == 200
        assert response.context["page"].paginator.count == expected, query


def test_a_superuser_edit_or_delete_in_the_admin_keeps_the_ledger_totals(staff_user, rf):
    from django.contrib import admin

    organization = OrganizationFactory()
    for day in (1, 2, 3):
        services.support_activity_record(
            organizations=[organization],
            by=staff_user,
            data={**_activity_data(random.Random(day)), "date": dt.date(2024, 5, day)},
        )
    model_admin = admin.site._registry[SupportActivity]
    request = rf.post("/admin/")
    request.user = staff_user
    activity = SupportActivity.objects.first()
    activity.date, activity.kind, activity.state_budget = dt.date(2023, 1, 9), "consulting", 7
    model_admin.save_model(request, activity, form=None, change=True)
    assert kept_ledger() == live_ledger()
    model_admin.delete_model(request, SupportActivity.objects.last())
    assert kept_ledger() == live_ledger()
    model_admin.delete_queryset(request, SupportActivity.objects.all())
    assert kept_ledger() == live_ledger() == {}
