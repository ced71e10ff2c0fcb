"""Backups that restore (issue 13, item 15): the restore drill, end to end, on PostgreSQL.

scripts/backup.sh dumps the database and packs the uploaded documents; scripts/restore.sh
restores both into an empty scratch database and a fresh media folder; the portal, pointed at
them, serves the same records and the same document bytes.
"""

import datetime as dt
import hashlib
import os
import subprocess
from pathlib import Path
from urllib.parse import quote

import pytest
from django.apps import apps
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from enterprises import services as enterprise_services
from enterprises.models import SupportActivity
from tests.conftest import require_service
from tests.reports.factories import OrganizationFactory

ROOT = Path(settings.BASE_DIR)
PDF = b"%PDF-1.4\n% bien ban nghiem thu\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _url(name: str) -> str:
    s = connection.settings_dict
    auth = quote(s["USER"] or "", safe="")
    if s.get("PASSWORD"):
        auth += ":" + quote(s["PASSWORD"], safe="")
    host = s.get("HOST") or "localhost"
    if host.startswith("/"):
        return (
            f"postgresql://{auth}@/{name}?host={quote(host, safe='')}&port={s.get('PORT') or 5432}"
        )
    return f"postgresql://{auth}@{host}:{s.get('PORT') or 5432}/{name}"


def _run(script: str, *args: str, database: str, media_root: Path) -> str:
    env = {**os.environ, "DATABASE_URL": _url(database), "MEDIA_ROOT": str(media_root)}
    result = subprocess.run(
        ["sh", str(ROOT / "scripts" / script), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def _counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy
    }


def _use_database(name: str) -> None:
    connection.close()
    connection.settings_dict["NAME"] = name


def _use_media(settings, root: Path) -> None:
    settings.MEDIA_ROOT = root
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(root / "private"), "base_url": None},
        },
    }


@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_into_an_empty_database_serves_the_same_records(
    client, staff_user, settings, tmp_path
):
    require_service("PostgreSQL (DATABASE_URL)", connection.vendor == "postgresql")
    # Some records and a private document.
    organization = OrganizationFactory(name="Công ty Cổ phần Chè Phú Thọ")
    [activity] = enterprise_services.support_activity_record(
        organizations=[organization],
        by=staff_user,
        data={
            "date": dt.date(2025, 5, 10),
            "kind": "guidance",
            "title": "Hướng dẫn áp dụng ISO 9001",
        },
    )
    activity.refresh_from_db()
    evidence = enterprise_services.evidence_add(
        activity=activity,
        by=staff_user,
        file=SimpleUploadedFile("bien-ban.pdf", PDF, content_type="application/pdf"),
    )
    before = _counts()
    media_root = Path(settings.MEDIA_ROOT)

    backup = Path(
        _run(
            "backup.sh",
            str(tmp_path / "backups"),
            database=connection.settings_dict["NAME"],
            media_root=media_root,
        )
    )
    assert sorted(p.name for p in backup.iterdir()) == [
        "SHA256SUMS",
        "database.dump",
        "manifest.txt",
        "media.tar.gz",
    ]
    assert "media_files: 1" in (backup / "manifest.txt").read_text()

    # Drop and recreate a scratch database; restore into it and into a fresh media folder.
    original = connection.settings_dict["NAME"]
    scratch = f"{original}_restore"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{scratch}"')
        cursor.execute(f'CREATE DATABASE "{scratch}"')
    restored_media = tmp_path / "restored-media"
    try:
        _run("restore.sh", str(backup), database=scratch, media_root=restored_media)

        # The portal, pointed at the restored database and documents.
        _use_database(scratch)
        _use_media(settings, restored_media)
        assert _counts() == before
        client.force_login(staff_user)
        page = client.get(reverse("enterprises:activity_detail", args=[activity.pk]))
        assert page.status_code == 200
        assert "Hướng dẫn áp dụng ISO 9001" in page.content.decode()
        assert "Công ty Cổ phần Chè Phú Thọ" in page.content.decode()
        download = client.get(reverse("enterprises:evidence_download", args=[evidence.pk]))
        assert download.status_code == 200
        assert b"".join(download.streaming_content) == PDF
        assert SupportActivity.objects.get(pk=activity.pk).evidence.get().original_name == (
            "bien-ban.pdf"
        )
    finally:
        _use_database(original)
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{scratch}"')


def test_a_damaged_backup_is_refused_before_anything_is_restored(tmp_path):
    backup = tmp_path / "nscl-20260101T000000Z"
    backup.mkdir()
    (backup / "database.dump").write_bytes(b"dump")
    (backup / "media.tar.gz").write_bytes(b"tar")
    (backup / "manifest.txt").write_text("created_at: x\n")
    sums = "".join(
        f"{hashlib.sha256((backup / name).read_bytes()).hexdigest()}  {name}\n"
        for name in ("database.dump", "media.tar.gz", "manifest.txt")
    )
    (backup / "SHA256SUMS").write_text(sums)
    (backup / "database.dump").write_bytes(b"changed")
    env = {
        **os.environ,
        "DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none",
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
    result = subprocess.run(
        ["sh", str(ROOT / "scripts" / "restore.sh"), str(backup)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "database.dump" in result.stdout + result.stderr
    assert not (tmp_path / "media").exists()
