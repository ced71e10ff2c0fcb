"""The contract: the committed OpenAPI schema is what the code generates (a change fails here
until it is deliberately refreshed with `make api-schema`), and every answer matches it
(schemathesis, against the WSGI app, with a token for the protected endpoints)."""

import difflib
from pathlib import Path

import pytest
import schemathesis
from django.conf import settings
from django.core.management import call_command
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from .conftest import bearer, issue

SCHEMA_FILE = Path(settings.BASE_DIR) / "api" / "schema" / "v1.yaml"


def test_the_committed_schema_is_the_generated_one(tmp_path):
    generated = tmp_path / "v1.yaml"
    call_command("spectacular", file=str(generated), validate=True)
    committed, now = SCHEMA_FILE.read_text(), generated.read_text()
    if committed != now:
        diff = "".join(
            difflib.unified_diff(
                committed.splitlines(keepends=True),
                now.splitlines(keepends=True),
                "api/schema/v1.yaml (committed)",
                "generated from the code",
            )
        )
        pytest.fail(
            "The API's OpenAPI schema changed. API v1 is a published contract: clients (the "
            "national roll-up) rely on it. If the change only adds something, refresh the "
            "committed schema with `make api-schema` and commit it; if it removes or renames "
            "anything, it belongs in a new version (/api/v2/).\n" + diff
        )


@pytest.mark.django_db
def test_the_schema_and_docs_are_served(client):
    schema = client.get("/api/v1/schema/")
    assert schema.status_code == 200
    assert schema.content.decode() == SCHEMA_FILE.read_text()
    docs = client.get("/api/v1/docs/")
    assert docs.status_code == 200
    html = docs.content.decode()
    # Swagger UI from the vendored files (drf-spectacular-sidecar), nothing from elsewhere, no
    # inline script (the site's CSP forbids them).
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "https://" not in html
    assert "<script>" not in html
    assert "script-src 'self'" in docs["Content-Security-Policy"]
    script = client.get("/api/v1/docs/?script=")
    assert script.status_code == 200
    assert "/api/v1/schema/" in script.content.decode()
    from django.contrib.staticfiles import finders

    assert finders.find("drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js")


schema = schemathesis.openapi.from_path(SCHEMA_FILE)


@pytest.fixture
def api_world(locked_2025, staff_user):
    """A closed 2025, an open current year, a token. The WSGI app is called directly, so the
    end of each request must not close the test's database connection (as Django's own test
    client arranges)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield issue(staff_user)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.mark.django_db
@schema.parametrize()
@hypothesis_settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_every_answer_matches_the_schema(case, api_world, settings):
    from django.core.cache import caches
    from django.core.wsgi import get_wsgi_application

    settings.API_THROTTLE_RATES = {"anonymous": "100000/minute", "token": "100000/minute"}
    caches["ratelimit"].clear()
    headers = {"Authorization": bearer(api_world.secret)["HTTP_AUTHORIZATION"]}
    case.call_and_validate(app=get_wsgi_application(), headers=headers)
