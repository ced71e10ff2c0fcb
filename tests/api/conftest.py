"""The API's tests: the known province of the reports tests (`plan`), 2025 approved and locked,
and tokens issued through the service."""

import datetime as dt

import pytest
from django.utils import timezone

from api.models import Scope
from api.services import api_token_issue
from reports.services import year_approve, year_submit
from tests.reports.conftest import lead_user, plan  # noqa: F401 (fixtures)


@pytest.fixture(autouse=True)
def _vietnamese():
    from django.utils import translation

    with translation.override("vi"):
        yield


@pytest.fixture
def locked_2025(plan, staff_user, lead_user):  # noqa: F811
    closing = year_submit(year=2025, by=staff_user)
    return year_approve(closing=closing, by=lead_user)


def issue(staff_user, scopes=(Scope.PROVISIONAL, Scope.REPORTS), days=30, **kwargs):
    return api_token_issue(
        client_name=kwargs.pop("client_name", "Văn phòng Chương trình quốc gia"),
        scopes=list(scopes),
        expires_on=timezone.localdate() + dt.timedelta(days=days),
        by=staff_user,
        **kwargs,
    )


@pytest.fixture
def token(staff_user):
    return issue(staff_user)


def bearer(secret: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
