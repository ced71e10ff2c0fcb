"""Staff registry: filters, accent-insensitive search, constant query count, Excel export."""

import datetime as dt

import pytest
from django.urls import reverse

from enterprises.models import Organization
from enterprises.services import search_text_for
from portal.models import ExportJob
from tests.conftest import make_user
from tests.portal.exports import data_rows, header, run_export

from .factories import (
    CommuneFactory,
    OrganizationFactory,
    SupportActivityFactory,
    solution,
    valid_tax_code,
)


def make_orgs(count: int, commune, start: int = 10_000):
    orgs = [
        Organization(
            name=f"Công ty Cổ phần Thương mại số {n}",
            tax_code=valid_tax_code(start + n),
            status="active",
            commune=commune,
            industry_section="G",
            size_class="micro",
            search_text=search_text_for(
                name=f"Công ty Cổ phần Thương mại số {n}", tax_code=valid_tax_code(start + n)
            ),
        )
        for n in range(count)
    ]
    return Organization.objects.bulk_create(orgs)


def test_accent_insensitive_search(staff_client, commune):
    OrganizationFactory(name="Công ty Cơ khí Đông Anh", commune=commune)
    OrganizationFactory(name="Hợp tác xã Chè Phú Hộ", commune=commune)
    url = reverse("enterprises:registry")
    content = staff_client.get(url, {"q": "cong ty co khi"}).content.decode()
    assert "Công ty Cơ khí Đông Anh" in content
    assert "Hợp tác xã Chè Phú Hộ" not in content
    content = staff_client.get(url, {"q": "CHÈ phu ho"}).content.decode()
    assert "Hợp tác xã Chè Phú Hộ" in content
    assert "Cơ khí Đông Anh" not in content
    content = staff_client.get(url, {"q": "dong anh"}).content.decode()
    assert "Cơ khí Đông Anh" in content


def test_search_by_tax_code(staff_client, organization):
    content = staff_client.get(
        reverse("enterprises:registry"), {"q": organization.tax_code[:6]}
    ).content.decode()
    assert organization.name in content


def test_filters(staff_client, commune, province):
    other_commune = CommuneFactory(name="Xã Thanh Ba", parent=province)
    a = OrganizationFactory(
        name="Doanh nghiệp Alpha",
        commune=commune,
        kind="enterprise",
        industry_section="C",
        size_class="small",
    )
    b = OrganizationFactory(
        name="Phòng thử nghiệm Beta",
        commune=other_commune,
        kind="cab",
        industry_section="M",
        size_class="micro",
    )
    c = OrganizationFactory(
        name="Hợp tác xã Gamma",
        commune=other_commune,
        kind="cooperative",
        status="pending",
        industry_section="A",
    )
    SupportActivityFactory(organization=a, date=dt.date(2024, 3, 1), solutions=[solution("5s")])
    SupportActivityFactory(
        organization=b, date=dt.date(2023, 3, 1), solutions=[solution("cab-iso-17025")]
    )
    SupportActivityFactory(
        organization=c, date=dt.date(2024, 3, 1), status="cancelled", cancel_reason="x"
    )
    url = reverse("enterprises:registry")

    def names(**params):
        content = staff_client.get(url, params).content.decode()
        return {o.name for o in (a, b, c) if o.name in content}

    assert names() == {a.name, b.name, c.name}
    assert names(commune=other_commune.pk) == {b.name, c.name}
    assert names(kind="cab") == {b.name}
    assert names(status="pending") == {c.name}
    assert names(industry_section="C") == {a.name}
    assert names(size_class="micro") == {b.name}
    assert names(year_supported=2024) == {a.name}  # c's 2024 support is cancelled
    assert names(solution=solution("cab-iso-17025").pk) == {b.name}
    assert names(year_supported=2024, kind="cab") == set()


@pytest.mark.parametrize("size", [100, 2000])
def test_registry_query_count_does_not_grow(
    staff_client, commune, django_assert_max_num_queries, size
):
    make_orgs(size, commune)
    # The same ceiling at both sizes: the page's queries do not depend on the rows.
    with django_assert_max_num_queries(12):
        response = staff_client.get(
            reverse("enterprises:registry"), {"q": "cong ty", "status": "active"}
        )
    assert response.status_code == 200
    assert f"{size} tổ chức" in response.content.decode()


def test_registry_query_counts_are_equal(staff_client, commune):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for size in (100, 2000):
        Organization.objects.all().delete()
        make_orgs(size, commune, start=20_000 + size)
        staff_client.get(reverse("enterprises:registry"))  # warm the per-process caches
        with CaptureQueriesContext(connection) as ctx:
            staff_client.get(reverse("enterprises:registry"), {"q": "cong ty", "page": 2})
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts


def test_export_follows_the_filters(staff_client, commune, django_capture_on_commit_callbacks):
    OrganizationFactory(
        name="Công ty Xuất khẩu Một",
        commune=commune,
        kind="enterprise",
        annual_revenue=5_000_000_000,
    )
    OrganizationFactory(name="Phòng thử nghiệm Hai", commune=commune, kind="cab")
    # The former address starts a job with its query and goes to the job's page.
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.get(reverse("enterprises:registry_export"), {"kind": "enterprise"})
    job = ExportJob.objects.get()
    assert response["Location"] == reverse("portal:export_detail", args=[job.pk])
    assert job.query == "kind=enterprise"
    job, sheet = run_export(
        staff_client, django_capture_on_commit_callbacks, "registry", "kind=enterprise"
    )
    assert sheet.title == "Danh bạ tổ chức"
    assert header(sheet)[0] == "Mã số thuế"
    rows = data_rows(sheet)
    assert [row[1] for row in rows] == ["Công ty Xuất khẩu Một"]
    assert rows[0][3] == "Doanh nghiệp"
    assert rows[0][11] == 5_000_000_000
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:R2"


def test_staff_create_refuses_a_known_tax_code(staff_client, organization, commune):
    data = {
        "kind": "enterprise",
        "name": "Trùng mã",
        "tax_code": organization.tax_code,
        "legal_form": "llc_multi",
        "ownership": "private",
        "industry_classification": "vsic2025",
        "industry_code": "C",
        "sector_group": "aic",
        "commune": commune.pk,
    }
    response = staff_client.post(reverse("enterprises:organization_create"), data)
    assert "đã được đăng ký" in response.content.decode()
    data["tax_code"] = valid_tax_code(31337)
    response = staff_client.post(reverse("enterprises:organization_create"), data)
    created = Organization.objects.get(tax_code=valid_tax_code(31337))
    assert response["Location"] == reverse("enterprises:organization_detail", args=[created.pk])
    assert created.status == "active"
    assert created.industry_section == "C"


def test_organization_page_shows_timeline_and_history(staff_client, organization, representative):
    SupportActivityFactory(
        organization=organization, title="Hội thảo phổ biến 5S", date=dt.date(2022, 9, 9)
    )
    staff_client.post(
        reverse("enterprises:organization_edit", args=[organization.pk]),
        {
            "kind": "enterprise",
            "name": organization.name,
            "tax_code": organization.tax_code,
            "legal_form": "llc_multi",
            "ownership": "private",
            "industry_classification": "vsic2025",
            "industry_code": "2511",
            "sector_group": "aic",
            "commune": organization.commune_id,
            "employees": "250",
            "annual_revenue": "500000000000",
        },
    )
    organization.refresh_from_db()
    assert organization.size_class == "large"
    content = staff_client.get(
        reverse("enterprises:organization_detail", args=[organization.pk])
    ).content.decode()
    assert "Hội thảo phổ biến 5S" in content
    assert "09/09/2022" in content
    assert "daidien@cokhi.vn" in content
    assert "250" in content  # the change history shows the new employee count
    assert "Số lao động tham gia BHXH bình quân năm: “30” → “250”" in content


def test_registry_and_organization_page_show_a_change_at_once(staff_client, commune, staff_user):
    """Both pages are served from the cache while the records do not change; a change made
    through the services (here a rename and a support recorded in bulk) shows at once."""
    from enterprises import services

    organization = OrganizationFactory(name="Công ty TNHH Gốm Sứ Cũ", commune=commune)
    registry = reverse("enterprises:registry")
    detail = reverse("enterprises:organization_detail", args=[organization.pk])
    assert "Gốm Sứ Cũ" in staff_client.get(registry).content.decode()
    assert "Gốm Sứ Cũ" in staff_client.get(detail).content.decode()

    organization.refresh_from_db()
    services.organization_update(
        organization=organization, by=staff_user, data={"name": "Công ty TNHH Gốm Sứ Mới"}
    )
    assert "Gốm Sứ Mới" in staff_client.get(registry).content.decode()
    assert "Gốm Sứ Mới" in staff_client.get(detail).content.decode()

    services.support_activity_record(
        organizations=[organization],
        by=staff_user,
        data={"date": dt.date(2025, 5, 20), "kind": "training", "title": "Đào tạo 5S đợt mới"},
        solutions=[solution("5s")],
    )
    assert "Đào tạo 5S đợt mới" in staff_client.get(detail).content.decode()


def test_cached_pages_keep_each_viewers_csrf_token(staff_client, commune):
    from django.test import Client

    organization = OrganizationFactory(commune=commune)
    detail = reverse("enterprises:organization_detail", args=[organization.pk])
    staff_client.get(detail)  # fills the cache
    other = Client(enforce_csrf_checks=True)
    other.force_login(make_user("program_staff", "second-staff@example.com"))
    html = other.get(detail).content.decode()
    token = html.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    response = other.post(
        reverse("enterprises:organization_deactivate", args=[organization.pk]),
        {"csrfmiddlewaretoken": token, "reason": "Ngừng hoạt động"},
    )
    assert response.status_code == 302  # the token from the cached page is accepted


def test_a_large_registry_count_is_kept_but_always_exact(staff_client, commune):
    """Counts are kept between views, but never across a change of the records: the registry
    says how many organizations there are right after one is added."""
    OrganizationFactory.create_batch(2, commune=commune)
    registry = reverse("enterprises:registry")

    def shown_count():
        html = staff_client.get(registry).content.decode()
        return html.split('data-testid="result-count">', 1)[1].split(" ", 1)[0]

    assert shown_count() == "2"
    OrganizationFactory(commune=commune)
    assert shown_count() == "3"


@pytest.mark.parametrize("narrow", [1000, 5])
def test_a_search_lists_and_counts_the_same_whether_narrow_or_broad(
    staff_client, commune, monkeypatch, narrow
):
    """A search finding few organizations reads their ids once (the count and the page from
    one index scan); a broad one is counted and listed as any filter. Same page either way,
    paging included."""
    import html as html_module
    import re

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from enterprises import registry_count

    monkeypatch.setattr(registry_count, "NARROW_SEARCH", narrow)
    make_orgs(30, commune)
    OrganizationFactory(name="Hợp tác xã Chè Phú Hộ", commune=commune)
    url = reverse("enterprises:registry")
    with CaptureQueriesContext(connection) as queries:
        first = staff_client.get(url, {"q": "thuong mai", "o": "-name"}).content.decode()
    searches = [q["sql"] for q in queries.captured_queries if "%thuong%" in q["sql"]]
    # narrow: the ids once; broad: the ids (more than `narrow`), the count and the page
    assert len(searches) == (1 if narrow > 30 else 3)
    assert first.split('data-testid="result-count">', 1)[1].startswith("30 ")
    shown = re.findall(r"Công ty Cổ phần Thương mại số (\d+)</a>", first)
    assert (
        shown
        == sorted(shown, reverse=True)[:25]
        == sorted((str(n) for n in range(30)), reverse=True)[:25]
    )
    assert "Chè Phú Hộ" not in first
    next_link = html_module.unescape(re.search(r'rel="next" href="\?([^"]+)"', first).group(1))
    second = staff_client.get(f"{url}?{next_link}").content.decode()
    assert second.split('data-testid="result-count">', 1)[1].startswith("30 ")
    assert (
        re.findall(r"Công ty Cổ phần Thương mại số (\d+)</a>", second)
        == sorted((str(n) for n in range(30)), reverse=True)[25:]
    )


@pytest.mark.parametrize("page_cache", [True, False])
def test_an_organizations_name_is_escaped_in_its_pages_title(
    staff_client, commune, settings, page_cache
):
    """The parts of a kept page are HTML: a name with markup (imported, or typed by a
    representative) is shown as text in the page's <title>, never run."""
    settings.PAGE_CACHE = page_cache
    organization = OrganizationFactory(name="Công ty A&B </title><script>alert(1)</script>")
    html = staff_client.get(
        reverse("enterprises:organization_detail", args=[organization.pk])
    ).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "Công ty A&amp;B &lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in html
