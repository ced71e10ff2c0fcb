"""A fake provincial API behind a requests transport adapter: the pull's real HTTP client code
runs, only the wire is replaced. Answers follow the API v1 contract."""

import json
from urllib.parse import urlsplit

import requests
from requests.adapters import BaseAdapter

INDICATORS = [
    ("SUPPORTED_ORGS", "organizations", "per_year"),
    ("EXPERTS_TRAINED", "people", "cumulative"),
    ("BUDGET_SPENT", "vnd", "per_year"),
]


def province_api(code: str, name: str, actuals: dict[int, dict[str, str | None]]) -> dict:
    """The routes of a portal whose figures per year are `actuals` ({year: {code: "12"}});
    the last year is provisional, the others closed with a snapshot checksum."""
    years = sorted(actuals)
    routes = {
        "/api/v1/program/": {
            "api_version": "1",
            "province": {"code": code, "name": name},
            "program": "Chương trình quốc gia về năng suất chất lượng",
            "industry_classification": "VSIC2025",
            "phases": [{"id": 1, "name": "2021–2025", "start_year": 2021, "end_year": 2025}],
        },
        "/api/v1/indicators/": [
            {
                "code": indicator,
                "name": f"Chỉ tiêu {indicator}",
                "name_en": indicator,
                "unit": unit,
                "counting": counting,
                "task_group": "support",
                "rule": "",
            }
            for indicator, unit, counting in INDICATORS
        ],
        "/api/v1/years/": [
            {"year": year, "closed": year != years[-1], "snapshot_sha256": f"{year:0>64}"}
            for year in years
        ],
        "/api/v1/reports/": [
            {
                "year": year,
                "version": 1,
                "status": "succeeded",
                "sha256": "ab" * 32,
                "pdf_url": f"/api/v1/reports/{year}/pdf/",
                "published_at": "2026-01-15T08:00:00+07:00",
            }
            for year in years[:-1]
        ],
    }
    units = {indicator: unit for indicator, unit, _counting in INDICATORS}
    for year in years:
        closed = year != years[-1]
        routes[f"/api/v1/years/{year}/figures/"] = {
            "year": year,
            "provisional": not closed,
            "snapshot_sha256": f"{year:0>64}" if closed else None,
            "figures": [
                {
                    "indicator": indicator,
                    "unit": units.get(indicator, "other"),
                    "target": None,
                    "actual": value,
                    "status": "tracked",
                }
                for indicator, value in actuals[year].items()
            ],
        }
    return routes


class FakeApi(BaseAdapter):
    """Answers `routes` by path. `fail_at=n` makes the n-th request fail: `failure` is an HTTP
    status (500) or "drop" (the connection is closed before an answer)."""

    def __init__(self, routes: dict, *, fail_at: int | None = None, failure=500):
        super().__init__()
        self.routes = routes
        self.fail_at = fail_at
        self.failure = failure
        self.requests: list[requests.PreparedRequest] = []

    def send(self, request, **kwargs):
        self.requests.append(request)
        if self.fail_at is not None and len(self.requests) >= self.fail_at:
            if self.failure == "drop":
                raise requests.ConnectionError("Connection reset by peer")
            return self._response(request, self.failure, {"detail": "boom"})
        path = urlsplit(request.url).path
        if path not in self.routes:
            return self._response(request, 404, {"detail": "Not found."})
        return self._response(request, 200, self.routes[path])

    def _response(self, request, status, body):
        response = requests.Response()
        response.status_code = status
        response._content = json.dumps(body).encode()
        response.headers["Content-Type"] = "application/json"
        response.url = request.url
        response.request = request
        return response

    def close(self):
        pass

    def session(self) -> requests.Session:
        session = requests.Session()
        session.mount("http://", self)
        session.mount("https://", self)
        return session
