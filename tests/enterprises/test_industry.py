"""Industry codes keep their VSIC version; every count by industry is in one version (program
settings, VSIC 2025 by default), the other version's codes converted through the concordance."""

import datetime as dt
import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from enterprises import selectors, services
from enterprises.concordance import DATA_FILE, read_rows
from enterprises.industry import SECTIONS, VSIC_2018, VSIC_2025, section_for_code
from enterprises.models import IndustryConcordance, Organization
from portal.models import ProgramSettings

from .factories import OrganizationFactory, SupportActivityFactory

pytestmark = pytest.mark.django_db


def org(name, version, code, **kwargs):
    """An organization whose section is derived from its code, as the services derive it."""
    organization = OrganizationFactory.build(
        name=name, industry_classification=version, industry_code=code, **kwargs
    )
    services.organization_derive(organization)
    organization.save()
    return organization


@pytest.fixture
def both_versions(commune):
    """Organizations coded in VSIC 2018 and in VSIC 2025, all supported in 2025."""
    orgs = {
        # A testing laboratory: section M in VSIC 2018, N in VSIC 2025.
        "lab18": org("Phòng thử nghiệm Cũ", VSIC_2018, "7120", kind="cab", commune=commune),
        "lab25": org("Phòng thử nghiệm Mới", VSIC_2025, "7120", kind="cab", commune=commune),
        # Manufacturing keeps C in both.
        "mech18": org("Cơ khí Mười Tám", VSIC_2018, "2592", commune=commune),
        "mech25": org("Cơ khí Hai Lăm", VSIC_2025, "2592", commune=commune),
        # Real estate: L in VSIC 2018, M in VSIC 2025.
        "land18": org("Địa ốc Mười Tám", VSIC_2018, "6810", commune=commune),
        # Selling cars stays in G; repairing them moves to T (95) in VSIC 2025.
        "cars18": org("Ô tô Mười Tám", VSIC_2018, "4511", commune=commune),
        "garage18": org("Sửa xe Mười Tám", VSIC_2018, "4520", commune=commune),
        # Software: J in VSIC 2018, K in VSIC 2025.
        "soft18": org("Phần mềm Mười Tám", VSIC_2018, "6201", commune=commune),
    }
    for organization in orgs.values():
        SupportActivityFactory(organization=organization, date=dt.date(2025, 5, 1))
    return orgs


# --- Validation ------------------------------------------------------------------------------


def test_division_45_is_refused_for_vsic_2025_with_where_it_went():
    problem = services.industry_code_problem(VSIC_2025, "4511")
    assert problem.startswith("Ngành 45 không có trong VSIC 2025")
    assert "VSIC 2018" in problem
    # The concordance says where the activities of division 45 are now.
    for target in ("G 46", "G 47", "T 95"):
        assert target in problem
    assert services.industry_code_problem(VSIC_2018, "4511") is None
    assert services.industry_code_problem(VSIC_2025, "4690") is None


def test_registering_a_vsic_2025_code_of_division_45_says_why_next_to_the_field(commune):
    organization = OrganizationFactory.build(
        industry_classification=VSIC_2025, industry_code="4520", commune=commune
    )
    with pytest.raises(ValidationError) as excinfo:
        services.organization_validate(organization)
    assert "Ngành 45 không có trong VSIC 2025" in excinfo.value.message_dict["industry_code"][0]
    assert not Organization.objects.exists()


def test_each_version_has_its_own_divisions():
    assert set(SECTIONS[VSIC_2018]) == set("ABCDEFGHIJKLMNOPQRSTU")
    assert set(SECTIONS[VSIC_2025]) == set("ABCDEFGHIJKLMNOPQRSTUV")
    assert section_for_code(VSIC_2018, "7120") == "M"
    assert section_for_code(VSIC_2025, "7120") == "N"
    assert section_for_code(VSIC_2025, "6201") == "K"
    assert section_for_code(VSIC_2018, "6201") == "J"
    assert SECTIONS[VSIC_2025]["M"][0] == "Hoạt động kinh doanh bất động sản"


# --- The concordance is reference data --------------------------------------------------------


def test_the_concordance_is_loaded_from_its_data_file_which_cites_its_source():
    header = DATA_FILE.read_text(encoding="utf-8")
    assert "36/2025/QĐ-TTg" in header
    assert "27/2018/QĐ-TTg" in header
    rows = read_rows()
    assert IndustryConcordance.objects.count() == len(rows)
    # Every division of each version has a row towards the other.
    for source, target in ((VSIC_2018, VSIC_2025), (VSIC_2025, VSIC_2018)):
        divisions = {f"{d:02d}" for _name, divs in SECTIONS[source].values() for d in divs}
        found = set(
            IndustryConcordance.objects.filter(
                source_version=source, target_version=target
            ).values_list("source_code", flat=True)
        )
        assert divisions <= found
    row = IndustryConcordance.objects.get(source_version=VSIC_2018, source_code="71")
    assert (row.target_section, row.target_code, row.exact) == ("N", "71", True)
    split = IndustryConcordance.objects.get(source_version=VSIC_2018, source_code="45")
    assert split.exact is False
    assert "95" in split.note


def test_the_load_command_is_idempotent_and_can_keep_staff_edits():
    row = IndustryConcordance.objects.get(source_version=VSIC_2018, source_code="68")
    row.note = "Sửa bởi cán bộ"
    row.save()
    out = io.StringIO()
    call_command("load_industry_concordance", "--keep-edits", stdout=out)
    assert re.search(r"0 added, 0 changed", out.getvalue())
    row.refresh_from_db()
    assert row.note == "Sửa bởi cán bộ"
    call_command("load_industry_concordance", stdout=out)
    row.refresh_from_db()
    assert row.note == ""


def test_a_wrong_row_is_refused_and_nothing_is_loaded(tmp_path):
    IndustryConcordance.objects.all().delete()
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "source_version,source_code,target_version,target_section,target_code,exact,note\n"
        "vsic2018,71,vsic2025,N,71,1,\n"
        "vsic2018,71,vsic2025,Z,,1,\n",
        encoding="utf-8",
    )
    with pytest.raises(ValidationError) as excinfo:
        services.industry_concordance_load(by=None, path=bad)
    assert "Dòng 2 (71)" in excinfo.value.messages[0]
    assert not IndustryConcordance.objects.exists()


# --- One classification per breakdown ------------------------------------------------------


def sections(year=2025):
    return {
        row["label"]: row["count"]
        for row in selectors.supported_breakdown(year, "industry_section")
    }


def test_breakdown_counts_each_section_once_in_vsic_2025(both_versions):
    counted = sections()
    assert counted == {
        "C – Công nghiệp chế biến, chế tạo": 2,
        "N – Hoạt động chuyên môn, khoa học và công nghệ": 2,
        "M – Hoạt động kinh doanh bất động sản": 1,
        "G – Bán buôn và bán lẻ": 1,
        "T – Hoạt động dịch vụ khác": 1,
        "K – Hoạt động viễn thông; lập trình máy tính, tư vấn, cơ sở hạ tầng máy tính và các "
        "dịch vụ thông tin khác": 1,
    }
    letters = [label.split(" – ")[0] for label in counted]
    assert len(letters) == len(set(letters))


def test_the_program_settings_choose_the_version(both_versions, staff_user):
    from portal.services import program_settings_update

    program_settings_update(by=staff_user, industry_classification=VSIC_2018)
    counted = sections()
    assert counted["M – Hoạt động chuyên môn, khoa học và công nghệ"] == 2
    assert (
        counted["G – Bán buôn và bán lẻ; sửa chữa ô tô, mô tô, xe máy và xe có động cơ khác"] == 2
    )
    assert counted["L – Hoạt động kinh doanh bất động sản"] == 1


def test_a_staff_correction_of_the_concordance_moves_the_figures(both_versions, staff_user):
    row = IndustryConcordance.objects.get(
        source_version=VSIC_2018, source_code="68", target_version=VSIC_2025
    )
    services.industry_concordance_update(row=row, by=staff_user, target_section="N", target_code="")
    assert "M – Hoạt động kinh doanh bất động sản" not in sections()
    assert sections()["N – Hoạt động chuyên môn, khoa học và công nghệ"] == 3
    assert row.history.first().history_user == staff_user
    with pytest.raises(ValidationError):
        services.industry_concordance_update(row=row, by=staff_user, target_section="Z")


# --- Registry filter and dashboard ---------------------------------------------------------


def test_registry_filter_lists_each_section_once_with_vsic_2025_names(staff_client, both_versions):
    url = reverse("enterprises:registry")
    html = staff_client.get(url).content.decode()
    select = re.search(r'<select name="industry_section".*?</select>', html, re.S).group(0)
    options = re.findall(r'<option value="([A-Z])"[^>]*>([^<]*)</option>', select)
    letters = [value for value, _label in options]
    assert letters == sorted(set(letters)) == list("ABCDEFGHIJKLMNOPQRSTUV")
    labels = dict(options)
    assert labels["M"] == "M – Hoạt động kinh doanh bất động sản"
    assert labels["N"] == "N – Hoạt động chuyên môn, khoa học và công nghệ"

    def names(letter):
        content = staff_client.get(url, {"industry_section": letter}).content.decode()
        return {o.name for o in both_versions.values() if o.name in content}

    # Testing bodies are under N whichever version their code is in, never under real estate.
    assert names("N") == {"Phòng thử nghiệm Cũ", "Phòng thử nghiệm Mới"}
    assert names("M") == {"Địa ốc Mười Tám"}
    # A split VSIC 2018 section: selling cars is G, repairing them is T.
    assert names("G") == {"Ô tô Mười Tám"}
    assert names("T") == {"Sửa xe Mười Tám"}
    assert names("K") == {"Phần mềm Mười Tám"}
    assert names("C") == {"Cơ khí Mười Tám", "Cơ khí Hai Lăm"}


def test_dashboard_breakdown_shows_each_section_once(official_client, both_versions):
    html = official_client.get(reverse("reports:dashboard"), {"year": 2025}).content.decode()
    block = re.search(r'data-breakdown="industry_section".*?</section>', html, re.S).group(0)
    assert "VSIC 2025" in block
    rows = re.findall(r"<tr><td>Ngành ([A-Z]) – ([^<]*)</td>", block)
    letters = [letter for letter, _name in rows]
    assert len(letters) == len(set(letters))
    assert ("N", "Hoạt động chuyên môn, khoa học và công nghệ") in rows
    assert ("M", "Hoạt động kinh doanh bất động sản") in rows


def test_program_settings_page_offers_the_version(staff_client):
    ProgramSettings.load()
    html = staff_client.get(reverse("portal:program_settings")).content.decode()
    assert 'name="industry_classification"' in html


def test_staff_correct_a_concordance_row_on_its_page(staff_client, staff_user, both_versions):
    listing = reverse("enterprises:concordance_list")
    html = staff_client.get(listing, {"q": "68"}).content.decode()
    assert "M – Hoạt động kinh doanh bất động sản" in html
    row = IndustryConcordance.objects.get(
        source_version=VSIC_2018, source_code="68", target_version=VSIC_2025
    )
    url = reverse("enterprises:concordance_edit", args=[row.pk])
    # A code that is not in the chosen section is refused with a message, nothing saved.
    response = staff_client.post(
        url, {"target_section": "N", "target_code": "68", "exact": "on", "note": ""}
    )
    assert response.status_code == 200
    assert "Mã này không thuộc ngành cấp 1 đã chọn" in response.content.decode()
    row.refresh_from_db()
    assert row.target_section == "M"
    response = staff_client.post(
        url, {"target_section": "N", "target_code": "", "exact": "", "note": "Thử sửa"}
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.target_section, row.exact, row.note) == ("N", False, "Thử sửa")
    assert row.history.first().history_user == staff_user
    assert sections()["N – Hoạt động chuyên môn, khoa học và công nghệ"] == 3
