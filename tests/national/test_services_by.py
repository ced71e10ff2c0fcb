"""national's services take the acting user as a required keyword (`by=None`: the system)."""

from national import services
from tests.services_walk import by_problems, changing_functions


def test_every_changing_service_requires_by():
    assert "portal_pull" in changing_functions(services)
    assert by_problems(services, exempt={}) == []


def test_the_register_is_kept_by_program_staff_only(official_user):
    import pytest
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.provincial_portal_save(
            portal=None,
            name="Cổng Phú Thọ",
            province_code="25",
            base_url="https://x.example",
            active=True,
            by=official_user,
        )
