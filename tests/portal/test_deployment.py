"""docker-compose.yml: the services, their healthchecks and one shared image."""

from pathlib import Path

import yaml
from django.conf import settings

ROOT = Path(settings.BASE_DIR)


def _compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_has_the_services():
    services = _compose()["services"]
    assert {"postgres", "redis", "migrate", "web", "proxy", "worker", "beat"} <= set(services)


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


def test_migrate_runs_once_before_web_worker_and_beat_then_web_serves_with_gunicorn():
    """One `migrate` container, not one per web container: scaled web containers migrating at
    the same moment would race."""
    services = _compose()["services"]
    assert services["migrate"]["command"][-3:] == ["manage.py", "migrate", "--noinput"]
    assert services["migrate"]["restart"] == "no"
    for name in ("web", "worker", "beat"):
        depends = services[name]["depends_on"]
        assert depends["migrate"]["condition"] == "service_completed_successfully", name
    command = " ".join(services["web"]["command"])
    assert "migrate" not in command
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
    for arguments in (["config", "-q"], ["--profile", "replica", "config", "-q"]):
        result = subprocess.run(
            [binary, *arguments],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert result.returncode == 0, result.stderr


def test_only_the_proxy_is_published_and_both_proxies_are_trusted():
    """Lock-outs count the address the proxies forward (issue 13): the header is believed only
    from the configured proxies, and only the TLS proxy on the host can reach the compose
    proxy, the only published port; web publishes none, so `--scale web=3` can start."""
    services = _compose()["services"]
    published = [name for name, service in services.items() if service.get("ports")]
    assert published == ["proxy"]
    assert all(
        str(port).startswith("${WEB_PUBLISH:-127.0.0.1:") for port in services["proxy"]["ports"]
    )
    example = (ROOT / ".env.example").read_text()
    assert "\nTRUSTED_PROXY_COUNT=2\n" in example
    readme = (ROOT / "README.md").read_text()
    assert "TRUSTED_PROXY_COUNT" in readme
    assert "TRUSTED_PROXY_ADDRESSES" in readme


def _nginx_conf() -> str:
    service = _compose()["services"]["proxy"]
    mounts = [v for v in service["volumes"] if v.endswith(":/etc/nginx/conf.d/default.conf:ro")]
    assert len(mounts) == 1
    return (ROOT / mounts[0].split(":")[0]).read_text()


def test_the_proxy_spreads_requests_over_every_web_container():
    """nginx resolves `web` through Docker's DNS (every scaled container's address) again and
    again, appends to X-Forwarded-For (TRUSTED_PROXY_COUNT counts it) and passes the TLS
    proxy's X-Forwarded-Proto on."""
    conf = _nginx_conf()
    port = _compose()["services"]["proxy"]["ports"][0].rsplit(":", 1)[1]
    assert f"listen {port};" in conf
    assert "resolver 127.0.0.11" in conf
    assert "set $web_upstream http://web:8000;" in conf
    assert "proxy_pass $web_upstream;" in conf
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in conf
    assert "X-Forwarded-Proto" in conf
    assert "8000" in str(_compose()["services"]["web"]["expose"])


def test_web_and_worker_scale_and_there_is_exactly_one_beat():
    services = _compose()["services"]
    for name in ("web", "worker", "beat"):
        service = services[name]
        assert "container_name" not in service, name  # a fixed name cannot be scaled
        assert "ports" not in service, name
        assert "replicas" not in service.get("deploy", {}), name
    beats = [name for name, s in services.items() if "beat" in " ".join(s.get("command") or [])]
    assert beats == ["beat"]
    assert "--scale web=3 --scale worker=3" in (ROOT / "docker-compose.yml").read_text()


def test_the_read_replica_is_an_optional_streaming_standby():
    """`docker compose --profile replica up -d`: a hot standby of `postgres` (same image),
    copied with pg_basebackup on its first start; the primary's init script makes the
    replication role; DATABASE_REPLICA_URL in .env points the portal at it."""
    import shutil
    import subprocess

    compose = _compose()
    replica = compose["services"]["db-replica"]
    assert replica["profiles"] == ["replica"]
    assert replica["image"] == compose["services"]["postgres"]["image"]
    assert any(v.startswith("postgres-replica-data:") for v in replica["volumes"])
    assert "postgres-replica-data" in compose["volumes"]
    assert replica["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert "pg_is_in_recovery()" in replica["healthcheck"]["test"][1]
    standby = (ROOT / "deploy/postgres/standby.sh").read_text()
    assert "pg_basebackup --host=postgres" in standby
    assert "--write-recovery-conf" in standby
    assert "hot_standby=on" in standby
    init = (ROOT / "deploy/postgres/replication.sh").read_text()
    assert "WITH REPLICATION LOGIN" in init
    assert "host replication" in init
    assert any(
        v.endswith("/docker-entrypoint-initdb.d/10-replication.sh:ro")
        for v in compose["services"]["postgres"]["volumes"]
    )
    for script in ("standby.sh", "replication.sh"):
        result = subprocess.run(
            [shutil.which("sh") or "/bin/sh", "-n", str(ROOT / "deploy/postgres" / script)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr
    example = (ROOT / ".env.example").read_text()
    assert "# DATABASE_REPLICA_URL=postgres://nscl:nscl@db-replica:5432/nscl" in example
    assert "DATABASE_REPLICA_URL" in (ROOT / "README.md").read_text()


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
