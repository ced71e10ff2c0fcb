"""Searches of words shorter than three letters ("5s", "co"): pg_trgm has no trigram to look
them up by, so they are never given to the trigram index (PostgreSQL would read it whole), and
the records of the few organizations they name are found through the organizations' ids."""

import re

import pytest
from django.urls import reverse

from enterprises import selectors
from portal.text import filter_search

from .factories import OrganizationFactory, SupportActivityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def organizations(commune):
    return {
        "5s": OrganizationFactory(name="Công ty Tư vấn 5S Hà Nam", commune=commune),
        "tea": OrganizationFactory(name="Hợp tác xã Chè Phú Hộ", commune=commune),
        "mech": OrganizationFactory(name="Công ty Cơ khí Đông Anh", commune=commune),
    }


def test_a_short_word_is_matched_but_not_through_the_trigram_index(organizations):
    from enterprises.models import Organization

    found = filter_search(Organization.objects.all(), "5S")
    assert list(found) == [organizations["5s"]]
    sql = str(found.query)
    column_like = r'"search_text"(::text)? LIKE %{}%'
    # The short word is tested on an expression the trigram index does not cover …
    assert "COALESCE" in sql
    assert "%5s%" in sql
    assert not re.search(column_like.format("5s"), sql)
    # … a longer word still is given to it as the column itself.
    assert re.search(
        column_like.format("phu"), str(filter_search(Organization.objects.all(), "phu ho").query)
    )
    # Both together: every word must match, whatever its length.
    assert list(filter_search(Organization.objects.all(), "co khi dong")) == [organizations["mech"]]
    assert list(filter_search(Organization.objects.all(), "che 5s")) == []


def test_a_search_of_short_words_names_its_organizations_by_id(organizations, monkeypatch):
    assert selectors.organizations_named("5S") == [organizations["5s"].pk]
    assert selectors.organizations_named("xy") == []
    # A word of three letters or more: the search itself is the better filter.
    assert selectors.organizations_named("5S ha") == [organizations["5s"].pk]
    assert selectors.organizations_named("5S nam") is None
    # More organizations than the limit: they are many, the search is run as it is.
    monkeypatch.setattr(selectors, "NAMED_IDS_LIMIT", 1)
    assert selectors.organizations_named("co") is None
    assert selectors.organizations_named("5s") == [organizations["5s"].pk]


def test_the_registry_and_the_ledger_find_by_a_short_word(
    staff_client, organizations, monkeypatch, settings
):
    # The pages built each time: the same address is asked for twice below, with the limit
    # changed in between (the template context, read here, is only there when built).
    settings.PAGE_CACHE = False
    registry = staff_client.get(reverse("enterprises:registry"), {"q": "5S"}).content.decode()
    assert "Công ty Tư vấn 5S Hà Nam" in registry
    assert "Chè Phú Hộ" not in registry
    assert "Cơ khí Đông Anh" not in registry
    none = staff_client.get(reverse("enterprises:registry"), {"q": "xy"}).content.decode()
    assert "Công ty Tư vấn 5S Hà Nam" not in none

    SupportActivityFactory(organization=organizations["5s"], title="Hướng dẫn áp dụng 5S")
    SupportActivityFactory(organization=organizations["tea"], title="Đào tạo Kaizen")
    response = staff_client.get(reverse("enterprises:ledger"), {"q": "5s"})
    ledger = response.content.decode()
    assert "Hướng dẫn áp dụng 5S" in ledger
    assert "Đào tạo Kaizen" not in ledger
    assert response.context["totals"]["rows"] == 1
    # Many organizations named by a short word: the same rows as the search as a subquery.
    many = staff_client.get(reverse("enterprises:ledger"), {"q": "co"})
    assert many.context["totals"]["rows"] == 1  # "cong ty": the 5S company; not the tea
    monkeypatch.setattr(selectors, "NAMED_IDS_LIMIT", 1)
    assert (
        staff_client.get(reverse("enterprises:ledger"), {"q": "co"}).context["totals"]["rows"] == 1
    )
