"""api's services take the acting user as a required keyword."""

from api import services
from tests.services_walk import by_problems, changing_functions


def test_every_changing_service_requires_by():
    assert "api_token_revoke" in changing_functions(services)
    exempt = {"api_token_record_use": "the API records each request itself, for no user"}
    assert by_problems(services, exempt=exempt) == []


def test_tokens_are_issued_by_program_staff_only(official_user):
    import datetime as dt

    import pytest
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.api_token_issue(
            client_name="Bộ", scopes=["reports"], expires_on=dt.date(2030, 1, 1), by=official_user
        )
