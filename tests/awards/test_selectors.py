"""The contract the reports app counts from: participants and winners, distinct organizations,
per year and cumulatively over a phase."""

import pytest

from awards.models import Nomination
from awards.selectors import award_participants, award_winners, nominations_between

from .factories import NominationFactory, OrganizationFactory, past_cycle

pytestmark = pytest.mark.django_db


@pytest.fixture
def history():
    cycles = {year: past_cycle(year) for year in range(2021, 2027)}
    a, b, c, d = (OrganizationFactory() for _ in range(4))
    S = Nomination.Status

    def nominate(year, org, status, level=None):
        cycle = cycles[year]
        return NominationFactory(
            cycle=cycle,
            organization=org,
            status=status,
            level=cycle.levels.get(code=level) if level else None,
        )

    nominate(2021, a, S.AWARDED, "quality")  # the 2021–2025 rules: no Silver Award
    nominate(2021, b, S.NOT_AWARDED)
    nominate(2021, c, S.ENCOURAGED)  # only encouraged: not a participant
    nominate(2022, a, S.FORWARDED)
    nominate(2022, c, S.WITHDRAWN)  # withdrew: not a participant
    nominate(2023, b, S.AWARDED, "gold")
    nominate(2024, a, S.AWARDED, "gold")  # a wins a second time
    nominate(2025, d, S.UNDER_REVIEW)
    nominate(2026, c, S.AWARDED, "silver")
    return a, b, c, d


def test_participants_per_year(history):
    a, b, c, d = history
    assert set(award_participants(2021, 2021)) == {a, b}
    assert set(award_participants(2022, 2022)) == {a}
    assert set(award_participants(2025, 2025)) == {d}


def test_participants_cumulative_per_phase_count_distinct_organizations(history):
    a, b, c, d = history
    assert award_participants(2021, 2025).count() == 3
    assert set(award_participants(2021, 2025)) == {a, b, d}
    assert set(award_participants(2026, 2030)) == {c}


def test_winners_per_year_and_cumulative(history):
    a, b, c, d = history
    assert set(award_winners(2021, 2021)) == {a}
    assert not award_winners(2022, 2022).exists()
    assert set(award_winners(2023, 2023)) == {b}
    assert award_winners(2021, 2025).count() == 2  # a won twice but counts once
    assert set(award_winners(2026, 2030)) == {c}


def test_nominations_between_spans_years(history):
    assert nominations_between(2021, 2021).count() == 3
    assert nominations_between(2021, 2030).count() == 9
