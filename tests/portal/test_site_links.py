"""Links point where the site is served, and console e-mails can be read (issue 14, item 9)."""

import io
import os
import subprocess
from pathlib import Path

from django.core.mail import EmailMultiAlternatives

from portal.mail import ReadableConsoleEmailBackend

ROOT = Path(__file__).resolve().parents[2]


def _make_site_url(*args, env=None):
    environment = {k: v for k, v in os.environ.items() if k != "SITE_URL"}
    environment.update(env or {})
    result = subprocess.run(
        ["make", "-s", "--eval=show-site-url: ; @echo $$SITE_URL", *args, "show-site-url"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_make_run_links_to_the_port_it_serves():
    assert _make_site_url("PORT=8123") == "http://127.0.0.1:8123"
    assert _make_site_url("HOST=0.0.0.0", "PORT=9000") == "http://0.0.0.0:9000"


def test_site_url_in_the_environment_wins():
    assert (
        _make_site_url("PORT=8123", env={"SITE_URL": "https://nscl.example.gov.vn"})
        == "https://nscl.example.gov.vn"
    )


def test_console_backend_prints_decoded_subject_and_body():
    stream = io.StringIO()
    backend = ReadableConsoleEmailBackend(stream=stream)
    message = EmailMultiAlternatives(
        subject="Xác nhận đăng ký khóa học",
        body="Kính gửi Nguyễn Văn An,\nĐường dẫn: http://127.0.0.1:8123/trainings/",
        from_email="NSCL Portal <no-reply@nscl.local>",
        to=["an@example.com"],
    )
    message.attach_alternative("<p>Kính gửi</p>", "text/html")
    assert backend.send_messages([message]) == 1
    printed = stream.getvalue()
    assert "Subject: Xác nhận đăng ký khóa học" in printed
    assert "Kính gửi Nguyễn Văn An" in printed
    assert "http://127.0.0.1:8123/trainings/" in printed
    assert "=?utf-8?" not in printed
