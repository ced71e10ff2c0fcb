"""national's services take the acting user as a required keyword (`by=None`: the system)."""

from national import services
from tests.services_walk import by_problems, changing_functions


def test_every_changing_service_requires_by():
    assert "portal_pull" in changing_functions(services)
    assert by_problems(services, exempt={}) == []
