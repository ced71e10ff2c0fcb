import pytest

from national import services


@pytest.fixture(autouse=True)
def _national_mode(settings):
    settings.NATIONAL_MODE = True
    settings.NATIONAL_PULL_BACKOFF_SECONDS = 0


@pytest.fixture
def register(staff_user):
    """register("01", token=...) -> a ProvincialPortal at http://p01.example/."""

    def make(code: str, *, token: str = "nscl_abc_secret-token-1234", **extra):  # noqa: S107
        return services.provincial_portal_save(
            portal=None,
            name=extra.pop("name", f"Cổng tỉnh {code}"),
            province_code=code,
            base_url=extra.pop("base_url", f"http://p{code}.example/"),
            active=extra.pop("active", True),
            token=token,
            by=staff_user,
        )

    return make
