"""api's services take the acting user as a required keyword."""

from api import services
from tests.services_walk import by_problems, changing_functions


def test_every_changing_service_requires_by():
    assert "api_token_revoke" in changing_functions(services)
    exempt = {"api_token_record_use": "the API records each request itself, for no user"}
    assert by_problems(services, exempt=exempt) == []
