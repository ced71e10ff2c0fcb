"""docker-compose.yml: the services, their healthchecks and one shared image."""

from pathlib import Path

import yaml
from django.conf import settings

ROOT = Path(settings.BASE_DIR)


def _compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_has_the_five_services():
    services = _compose()["services"]
    assert {"postgres", "redis", "web", "worker", "beat"} <= set(services)


def test_every_service_has_a_healthcheck():
    for name, service in _compose()["services"].items():
        assert "healthcheck" in service, f"{name} has no healthcheck"
        assert service["healthcheck"]["test"], name


def test_app_services_share_one_image_and_env():
    services = _compose()["services"]
    images = {services[name].get("image") for name in ("web", "worker", "beat")}
    assert len(images) == 1
    assert None not in images
    assert "build" in services["web"]
    for name in ("web", "worker", "beat"):
        assert ".env" in str(services[name].get("env_file")), name


def test_web_migrates_and_collects_static_then_serves_with_gunicorn():
    command = " ".join(_compose()["services"]["web"]["command"])
    assert "migrate" in command
    assert "collectstatic" in command
    assert "gunicorn" in command


def test_named_volumes_for_database_and_media():
    compose = _compose()
    assert {"postgres-data", "media"} <= set(compose["volumes"])
    assert any("postgres-data:" in v for v in compose["services"]["postgres"]["volumes"])
    assert any("media:" in v for v in compose["services"]["web"]["volumes"])


def test_dockerfile_installs_weasyprint_libraries_and_a_vietnamese_font():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "libpango-1.0-0" in dockerfile
    assert "fonts-dejavu" in dockerfile
    assert "python:3.11" in dockerfile


def test_compose_file_is_valid_for_docker_compose(tmp_path):
    """`docker-compose config` validates the file offline (CI installs Debian's docker-compose)."""
    import shutil
    import subprocess

    from tests.conftest import require_service

    binary = shutil.which("docker-compose")
    require_service("docker-compose", binary is not None)
    shutil.copy(ROOT / "docker-compose.yml", tmp_path / "docker-compose.yml")
    shutil.copy(ROOT / ".env.example", tmp_path / ".env")
    result = subprocess.run(
        [binary, "config", "-q"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_gunicorn_is_published_for_the_proxy_only_and_the_proxy_is_trusted():
    """Lock-outs count the address the proxy forwards (issue 13): the header is believed only
    from a configured proxy, and only the proxy can reach gunicorn to send it."""
    ports = _compose()["services"]["web"]["ports"]
    assert all(str(port).startswith("${WEB_PUBLISH:-127.0.0.1:") for port in ports)
    example = (ROOT / ".env.example").read_text()
    assert "\nTRUSTED_PROXY_COUNT=1\n" in example
    readme = (ROOT / "README.md").read_text()
    assert "TRUSTED_PROXY_COUNT" in readme
    assert "TRUSTED_PROXY_ADDRESSES" in readme


def test_backup_is_a_compose_service_outside_the_default_set():
    """`docker compose --profile backup run --rm backup`: the database dump and the documents
    (the restore drill in tests/portal/test_backup.py runs the same script)."""
    backup = _compose()["services"]["backup"]
    assert backup["profiles"] == ["backup"]
    assert "scripts/backup.sh" in " ".join(backup["command"])
    assert any(v.startswith("media:") for v in backup["volumes"])
    assert any(v.endswith(":/backups") for v in backup["volumes"])
    assert any(v.startswith("./scripts:") for v in backup["volumes"])
    # pg_dump must not be older than the server it dumps.
    assert backup["image"] == _compose()["services"]["postgres"]["image"]
    readme = (ROOT / "README.md").read_text()
    assert "--profile backup run --rm backup" in readme
    assert "scripts/restore.sh" in readme
