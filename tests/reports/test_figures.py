"""Actuals through the registry: distinct organizations and persons, cumulative in the phase,
manual figures with evidence, statuses and the stored growth derivation."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from reports import services
from reports.figures import FigureBook
from reports.models import Indicator, ManualActual, Target, TargetRevision
from reports.registry import REGISTRY

from .conftest import EXPECTED_2025

pytestmark = pytest.mark.django_db


def test_the_plan_is_seeded():
    codes = set(Indicator.objects.values_list("code", flat=True))
    assert codes == set(EXPECTED_2025) == set(REGISTRY)
    growth = Target.objects.filter(indicator__code="SUPPORTED_ORGS").order_by("year")
    assert [(t.year, t.growth_min_percent, t.growth_max_percent) for t in growth] == [
        (year, Decimal(5), Decimal(10)) for year in range(2021, 2026)
    ] + [(year, Decimal(10), Decimal(15)) for year in range(2026, 2031)]
    experts = Target.objects.get(indicator__code="EXPERTS_TRAINED")
    assert (experts.kind, experts.minimum, experts.maximum, experts.year) == ("range", 10, 20, None)
    pilots = dict(
        Target.objects.filter(indicator__code="PILOT_MODELS").values_list("phase__code", "value")
    )
    assert pilots == {"2021-2025": 2, "2026-2030": 5}
    assert Target.objects.get(indicator__code="NQA_WINNERS").value == 3
    for code in ("AWARENESS_REACH", "CAB_STRENGTHENED", "MGMT_TRAINED", "BUDGET_SPENT"):
        assert not Target.objects.filter(indicator__code=code).exists()
    assert TargetRevision.objects.filter(old_terms__isnull=True).count() == Target.objects.count()


def test_actuals_of_a_known_year(plan):
    book = FigureBook(today=dt.date(2026, 3, 1))
    figures = {f["code"]: f for f in book.figures(2025)}
    assert {code: f["actual"] for code, f in figures.items()} == EXPECTED_2025
    assert figures["NQA_WINNERS"]["details"]["participants"] == 3
    assert figures["AWARENESS_REACH"]["details"] == {
        "people_reached": 2500,
        "organizations_reached": 50,
        "activities": 2,
        "seminar_participants": 5,
    }


def test_statuses_of_a_finished_phase(plan):
    book = FigureBook(today=dt.date(2026, 3, 1))
    figures = {f["code"]: f for f in book.figures(2025)}
    supported = figures["SUPPORTED_ORGS"]
    # 11 in 2024 → 11.55–12.1 in 2025, as whole organizations 12–13; 12 is inside.
    assert (supported["target"]["minimum"], supported["target"]["maximum"]) == (12, 13)
    assert supported["status"] == "achieved"
    assert "2024" in supported["target"]["derivation"]
    assert figures["EXPERTS_TRAINED"]["status"] == "achieved"  # 12 within 10–20
    assert figures["PILOT_MODELS"]["status"] == "achieved"  # 2 ≥ 2
    assert figures["NQA_WINNERS"]["status"] == "not_achieved"  # 2 < 3 after the phase
    assert figures["BUDGET_SPENT"]["status"] == "tracked"


def test_cumulative_target_not_yet_due_is_on_track_at_risk_or_off_track(plan):
    # At the end of 2023, 3/5 of the phase elapsed: the straight line to 10 is 6.
    book = FigureBook(today=dt.date(2024, 1, 10))
    experts = book.figure(Indicator.objects.get(code="EXPERTS_TRAINED"), 2023)
    assert experts["actual"] == 6
    assert experts["status"] == "on_track"
    assert experts["expected"] == 6
    assert experts["projection"]["value"] == pytest.approx(10, abs=0.02)  # 6 at ~60 % of the way
    nqa = book.figure(Indicator.objects.get(code="NQA_WINNERS"), 2023)
    assert nqa["actual"] == 1  # expected 1.8 → more than 15 % below
    assert nqa["status"] == "off_track"


def test_exceeding_a_range(plan):
    indicator = Indicator.objects.get(code="EXPERTS_TRAINED")
    target = Target.objects.get(indicator=indicator)
    staff = _staff()
    services.target_update(target=target, by=staff, reason="Điều chỉnh", minimum=5, maximum=8)
    figure = FigureBook(today=dt.date(2026, 3, 1)).figure(indicator, 2025)
    assert figure["status"] == "exceeded"


def _staff():
    from tests.conftest import make_user

    return make_user("program_staff", "sua-chi-tieu@example.vn")


def test_target_revision_keeps_old_value_who_and_why(plan):
    target = Target.objects.get(indicator__code="PILOT_MODELS", phase__code="2026-2030")
    staff = _staff()
    services.target_update(
        target=target, by=staff, reason="Quyết định điều chỉnh kế hoạch số 12", value=Decimal(7)
    )
    revision = target.revisions.first()
    assert revision.old_terms["value"] == "5.00"
    assert revision.new_terms["value"] == "7"
    assert revision.changed_by == staff
    assert revision.reason == "Quyết định điều chỉnh kế hoạch số 12"
    with pytest.raises(ValidationError):
        services.target_update(target=target, by=staff, reason="", value=Decimal(8))
    with pytest.raises(ValidationError):
        services.target_update(
            target=target, by=staff, reason="x", kind="range", minimum=9, maximum=3
        )
    target.refresh_from_db()
    assert target.value == 7
    assert target.revisions.count() == 2


def test_growth_bounds_are_stored_with_their_derivation(plan):
    target = Target.objects.get(indicator__code="SUPPORTED_ORGS", year=2025)
    services.target_derive(by=None, target=target)
    target.refresh_from_db()
    assert target.derived_base_year == 2024
    assert target.derived_base_actual == 11
    assert target.derived_base_source == "computed"
    assert (target.derived_minimum, target.derived_maximum) == (Decimal("11.55"), Decimal("12.1"))
    assert target.derivation == (
        "Thực hiện năm 2024: 11, tăng 5–10 %: tối thiểu 12, tối đa 13 (số nguyên, làm tròn lên)"
    )
    figure = FigureBook().figure(target.indicator, 2025)
    assert figure["target"]["provisional"] is False


def test_manual_actual_overrides_with_evidence_and_reason(plan):
    indicator = Indicator.objects.get(code="CAB_STRENGTHENED")
    staff = _staff()
    with pytest.raises(ValidationError) as excinfo:
        services.manual_actual_save(
            indicator=indicator, year=2025, value=Decimal(3), reason="Báo cáo của Chi cục", by=staff
        )
    assert "evidence" in excinfo.value.message_dict
    with pytest.raises(ValidationError):
        services.manual_actual_save(
            indicator=indicator,
            year=2025,
            value=Decimal(3),
            reason=" ",
            by=staff,
            evidence=ContentFile(b"%PDF-1.7\n", name="bb.pdf"),
        )
    manual = services.manual_actual_save(
        indicator=indicator,
        year=2025,
        value=Decimal(3),
        reason="Báo cáo của Chi cục",
        by=staff,
        evidence=ContentFile(b"%PDF-1.7\n", name="bien-ban.pdf"),
    )
    figure = FigureBook().figure(indicator, 2025)
    assert figure["actual"] == 3
    assert figure["actual_source"] == "manual"
    assert figure["computed"] == 1
    assert figure["manual"]["reason"] == "Báo cáo của Chi cục"
    assert manual.evidence.name.startswith("reports/evidence/2025/")
    assert ManualActual.history.count() == 1


def test_distinct_organizations_not_rows(plan):
    from reports.registry import Scope

    value = REGISTRY["SUPPORTED_ORGS"].value(Scope(year=2025, start_year=2025))["value"]
    sections = REGISTRY["SUPPORTED_ORGS"].sections(Scope(year=2025, start_year=2025))
    assert value == sections[0].queryset.count() == 12


def test_a_series_counted_together_is_what_each_year_and_its_drilldown_count(plan):
    """The figures a page loads for every year of the phase at once (`Computation.values`)
    are, year by year, the counts of the records their drill-down lists."""
    from django.db.models.functions import Lower

    from reports.registry import Scope

    scopes = [Scope(year=year, start_year=2021) for year in range(2021, 2027)]
    checked = 0
    for code, computation in REGISTRY.items():
        if computation.values is None:
            continue
        values = computation.values(scopes)
        for scope in scopes:
            assert values[scope] == computation.value(scope), (code, scope)
            first = computation.sections(scope)[0]
            if first.kind == "organizations":
                assert values[scope]["value"] == first.queryset.count(), (code, scope)
            elif first.kind == "contracts":
                listed = first.queryset
                assert values[scope]["details"]["contracts_settled"] == listed.count()
                assert values[scope]["value"] == sum(c.settled_amount for c in listed)
            elif code != "AWARENESS_REACH":  # persons: each counted once
                listed = first.queryset.order_by().annotate(p=Lower("email")).values("p")
                assert values[scope]["value"] == listed.distinct().count(), (code, scope)
        checked += 1
    assert checked >= 6
    # The details counted beside a figure are their own lists' counts.
    pilot = REGISTRY["PILOT_MODELS"].values(scopes)
    nqa = REGISTRY["NQA_WINNERS"].values(scopes)
    for scope in scopes:
        sections = {s.key: s.queryset for s in REGISTRY["PILOT_MODELS"].sections(scope)}
        other = "selected" if "selected" in sections else "built"
        assert pilot[scope]["details"][f"pilot_{other}"] == sections[other].count()
        participants = {s.key: s.queryset for s in REGISTRY["NQA_WINNERS"].sections(scope)}
        assert nqa[scope]["details"]["participants"] == participants["participants"].count()
        seminars = {s.key: s.queryset for s in REGISTRY["AWARENESS_REACH"].sections(scope)}
        seminar_persons = (
            seminars["seminars"].order_by().annotate(p=Lower("email")).values("p").distinct()
        )
        awareness = REGISTRY["AWARENESS_REACH"].values([scope])[scope]
        assert awareness["details"]["seminar_participants"] == seminar_persons.count()
    assert any(pilot[scope]["value"] for scope in scopes)
    assert any(nqa[scope]["details"]["participants"] for scope in scopes)
