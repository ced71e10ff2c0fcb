"""Cached page fragments: served while the areas they depend on are unchanged, rebuilt after a
write to one of them, kept through writes elsewhere (portal.areas)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection, transaction
from django.test import RequestFactory

from portal import fragments
from portal.models import Article, VisitDay
from tests.conftest import make_user
from tests.portal.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def request_for(user=None):
    request = RequestFactory().get("/somewhere/")
    request.user = user or AnonymousUser()
    return request


def cached(request, key, build, depends_on=("content",)):
    return fragments.cached(request, key, build, depends_on=depends_on)


def counting_build(html="<p>page</p>"):
    calls = []

    def build():
        calls.append(1)
        return {"content": html}

    return build, calls


def test_a_fragment_is_built_once_while_the_records_do_not_change():
    build, calls = counting_build()
    first = cached(request_for(), "page", build)
    second = cached(request_for(), "page", build)
    assert first == second == {"content": "<p>page</p>"}
    assert len(calls) == 1


@pytest.mark.parametrize(
    "write",
    [
        pytest.param(lambda: ArticleFactory(), id="orm save"),
        pytest.param(lambda: Article.objects.update(title="Tin mới"), id="queryset update"),
        pytest.param(
            lambda: Article.objects.bulk_create([ArticleFactory.build(slug="bulk-tin")]),
            id="bulk create",
        ),
        pytest.param(lambda: Article.objects.all().delete(), id="delete"),
    ],
)
def test_any_write_to_a_table_of_its_area_rebuilds_the_fragment(write):
    ArticleFactory()
    build, calls = counting_build()
    cached(request_for(), "page", build)
    write()
    cached(request_for(), "page", build)
    assert len(calls) == 2


def test_a_bulk_insert_of_the_import_moves_its_areas_version():
    from enterprises.bulk import insert_rows

    build, calls = counting_build()
    cached(request_for(), "page", build)
    ArticleFactory()  # the insert below copies this row's values
    article = Article.objects.values().first()
    before = fragments.versions(fragments.AREAS)
    insert_rows(Article, [{**article, "slug": "copied"}], returning=False)
    after = fragments.versions(fragments.AREAS)
    moved = [
        area for area, old, new in zip(fragments.AREAS, before, after, strict=True) if old != new
    ]
    assert moved == ["content"]


def test_writes_to_other_tables_keep_the_fragments():
    build, calls = counting_build()
    cached(request_for(), "page", build)
    VisitDay.objects.create(date="2026-01-01", visits=3)  # footer counters only
    with connection.cursor() as cursor:
        cursor.execute("UPDATE django_session SET expire_date = expire_date")
    cached(request_for(), "page", build)
    assert len(calls) == 1


def test_the_version_moves_again_when_the_transaction_commits(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks, transaction.atomic():
        ArticleFactory()
        ArticleFactory()
    # One bump registered for the commit, however many writes the transaction made.
    pending = [c for c in callbacks if isinstance(c, fragments._BumpOnCommit)]
    assert len(pending) == 1
    assert pending[0].areas == {"content"}


def test_viewers_with_other_roles_get_their_own_fragment():
    staff = make_user("program_staff", "staff-frag@example.com")
    official = make_user("official", "official-frag@example.com")
    cached(request_for(staff), "page", lambda: {"content": "staff view"})
    seen = cached(request_for(official), "page", lambda: {"content": "official view"})
    assert seen == {"content": "official view"}
    again = cached(request_for(staff), "page", lambda: {"content": "rebuilt"})
    assert again == {"content": "staff view"}


def test_forms_in_a_fragment_carry_each_viewers_own_csrf_token():
    def build():
        return {
            "content": f'<input name="csrfmiddlewaretoken" value="{fragments.CSRF_PLACEHOLDER}">'
        }

    first_request, second_request = request_for(), request_for()
    first = cached(first_request, "form", build)["content"]
    second = cached(second_request, "form", build)["content"]
    assert fragments.CSRF_PLACEHOLDER not in first + second
    first_token = first.split('value="')[1].split('"')[0]
    second_token = second.split('value="')[1].split('"')[0]
    assert first_token != second_token  # each request has its own masked token
    assert first_request.META["CSRF_COOKIE_NEEDS_UPDATE"]


def test_a_lost_version_never_revives_old_fragments():
    from django.core.cache import cache

    cached(request_for(), "page", lambda: {"content": "old"})
    cache.delete(fragments.AREA_KEY.format("content"))  # evicted
    seen = cached(request_for(), "page", lambda: {"content": "new"})
    assert seen == {"content": "new"}


def test_fragments_of_another_release_are_not_served(monkeypatch):
    monkeypatch.setattr(fragments, "code_version", lambda: "release-1")
    cached(request_for(), "page", lambda: {"content": "old markup"})
    monkeypatch.setattr(fragments, "code_version", lambda: "release-2")
    seen = cached(request_for(), "page", lambda: {"content": "new markup"})
    assert seen == {"content": "new markup"}


# --- whole pages kept per viewer (render_page) -------------------------------------------------


def _csrf_from(html: str) -> str:
    return html.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]


def test_a_kept_page_still_carries_a_working_csrf_token_for_each_request(staff_user):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(staff_user)
    first = browser.get("/enterprises/staff/organizations/").content.decode()
    second = browser.get("/enterprises/staff/organizations/").content.decode()
    assert fragments.CSRF_PLACEHOLDER not in first + second
    assert _csrf_from(first) != _csrf_from(second)  # masked anew on every request
    # The token of the page served from this process's memo is accepted.
    response = browser.post(
        "/i18n/setlang/",
        {"language": "en", "next": "/", "csrfmiddlewaretoken": _csrf_from(second)},
    )
    assert response.status_code == 302


def test_a_kept_page_puts_the_requests_token_in_every_form_and_keeps_its_text():
    placeholder = fragments.CSRF_PLACEHOLDER
    page = fragments.KeptPage(f"<p>Sổ doanh nghiệp</p><i>{placeholder}</i><b>{placeholder}</b>đ")
    request = request_for()
    html = page.content(request).decode()
    token = fragments.request_csrf_token(request)
    assert html == f"<p>Sổ doanh nghiệp</p><i>{token}</i><b>{token}</b>đ"
    assert request.META["CSRF_COOKIE_NEEDS_UPDATE"]


def test_a_kept_page_without_a_form_asks_for_no_token():
    request = request_for()
    assert fragments.KeptPage("<p>Xếp hạng</p>").content(request) == "<p>Xếp hạng</p>".encode()
    assert not hasattr(request, "_portal_csrf_token")
    assert "CSRF_COOKIE_NEEDS_UPDATE" not in request.META


def test_each_viewer_gets_their_own_page_around_a_shared_fragment(client, staff_user):
    other = make_user("program_staff", "other-staff@example.com", full_name="Người Thứ Hai")
    client.force_login(staff_user)
    assert "Cán bộ Sở" in client.get("/enterprises/staff/organizations/").content.decode()
    client.force_login(other)
    html = client.get("/enterprises/staff/organizations/").content.decode()
    assert "Người Thứ Hai" in html
    assert "Cán bộ Sở" not in html


def test_a_renamed_viewer_sees_the_new_name_at_once(staff_client, staff_user):
    staff_client.get("/enterprises/staff/organizations/")
    staff_user.full_name = "Tên Mới Đổi"
    staff_user.save()
    assert "Tên Mới Đổi" in staff_client.get("/enterprises/staff/organizations/").content.decode()


def test_a_kept_page_shows_a_new_record_at_once(staff_client):
    from tests.enterprises.factories import OrganizationFactory

    url = "/enterprises/staff/organizations/"
    staff_client.get(url)
    OrganizationFactory(name="Công ty Mới Thêm Vào Sổ")
    assert "Công ty Mới Thêm Vào Sổ" in staff_client.get(url).content.decode()


def test_a_one_off_message_shows_on_a_kept_page_once(staff_client):
    from django.utils.translation import gettext

    from tests.enterprises.factories import OrganizationFactory

    organization = OrganizationFactory()
    url = f"/enterprises/staff/organizations/{organization.pk}/"
    staff_client.get(url)
    staff_client.get(url)  # now kept in this process
    # A refused action changes no record (the generation stays) but leaves a message.
    response = staff_client.post(
        f"/enterprises/staff/organizations/{organization.pk}/deactivate/", {"reason": ""}
    )
    assert response.status_code == 302
    notice = gettext("Please give a reason.")
    assert notice in staff_client.get(url).content.decode()
    assert notice not in staff_client.get(url).content.decode()


def test_a_template_edited_under_runserver_shows_on_the_next_request(monkeypatch, tmp_path):
    from django.utils.autoreload import file_changed

    from portal.templatetags import portal_chrome

    versions = iter(["before-edit", "after-edit"])
    monkeypatch.setattr(
        fragments, "code_version", fragments.lru_cache(maxsize=1)(lambda: next(versions))
    )
    cached(request_for(), "page", lambda: {"content": "old markup"})
    portal_chrome._MEMO.put(("footer", "test"), "old footer")
    file_changed.send(sender=None, file_path=tmp_path / "templates" / "base.html")
    seen = cached(request_for(), "page", lambda: {"content": "new markup"})
    assert seen == {"content": "new markup"}
    assert ("footer", "test") not in portal_chrome._MEMO
