"""CSV answers (`?format=csv`) through djangorestframework-csv: a list endpoint gives one row
per item (nested objects flattened to `target.kind`, ...); an endpoint answering an object
with rows (a year's figures, a breakdown) gives one row per row, with the object's own plain
fields (year, provisional, snapshot_sha256, ...) repeated on each."""

import json

from rest_framework.renderers import BaseRenderer
from rest_framework_csv.renderers import CSVRenderer


def flat_fields(serializer, prefix: str = "") -> list[str]:
    """A serializer's fields as CSV columns, nested ones dotted ("target.kind")."""
    names = []
    for name, field in serializer.fields.items():
        child = getattr(field, "child", None) or field
        if hasattr(child, "fields") and not getattr(field, "many", False):
            names += flat_fields(child, f"{prefix}{name}.")
        elif not hasattr(field, "child"):
            names.append(f"{prefix}{name}")
    return names


class ApiCSVRenderer(CSVRenderer):
    """Columns in the order the view's `csv_serializer` declares them, with a header row even
    when there is no row (an empty CSV file would have no content type)."""

    def render(self, data, media_type=None, renderer_context=None):
        renderer_context = dict(renderer_context or {})
        view = renderer_context.get("view")
        rows_key = getattr(view, "csv_rows", None)
        if isinstance(data, dict) and rows_key and isinstance(data.get(rows_key), list):
            common = {k: v for k, v in data.items() if not isinstance(v, dict | list)}
            data = [{**common, **row} for row in data[rows_key]]
        serializer = getattr(view, "csv_serializer", None)
        if isinstance(data, list) and serializer is not None:
            header = [name for name in flat_fields(serializer()) if name != rows_key]
            renderer_context["header"] = header
            if not data:
                return (",".join(header) + "\r\n").encode("utf-8")
        return super().render(data, media_type, renderer_context)


class PdfRenderer(BaseRenderer):
    """Lets a client ask for `Accept: application/pdf`; the file itself is a FileResponse,
    and an error said in this format is the JSON error."""

    media_type = "application/pdf"
    format = "pdf"
    charset = None

    def render(self, data, media_type=None, renderer_context=None):
        return json.dumps(data, ensure_ascii=False).encode("utf-8")
