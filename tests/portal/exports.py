"""Helpers for the export tests: start a list's export as the page does, let the task run
(eager Celery, after the commit), and open the file with openpyxl."""

import io

from django.urls import reverse
from openpyxl import load_workbook

from portal.models import ExportJob


def run_export(client, capture, name: str, query: str = ""):
    """POST the list's export button with `query`; return (job, worksheet) once written.
    `capture` is pytest-django's `django_capture_on_commit_callbacks` fixture."""
    with capture(execute=True):
        response = client.post(reverse("portal:export_start", args=[name]), {"query": query})
    assert response.status_code == 302, response.status_code
    job = ExportJob.objects.latest("id")
    assert response["Location"] == reverse("portal:export_detail", args=[job.pk])
    assert job.status == ExportJob.Status.DONE, job.error
    download = client.get(reverse("portal:export_download", args=[job.pk]))
    assert download.status_code == 200
    content = b"".join(download.streaming_content)
    workbook = load_workbook(io.BytesIO(content))
    return job, workbook.worksheets[0]


def data_rows(sheet) -> list[tuple]:
    return list(sheet.iter_rows(min_row=2, values_only=True))


def header(sheet) -> list:
    return [cell.value for cell in sheet[1]]
