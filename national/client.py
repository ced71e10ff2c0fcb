"""Reading a provincial portal's API v1 (the contract in README, "The national office's
instance"): every request with a timeout, the token as `Authorization: Bearer`, and the
answers checked before anything is written. Raises `PullError` with a message staff can read.

A `requests.Session` may be passed in: tests mount a fake transport adapter on it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from urllib.parse import urljoin

import requests
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

API_PREFIX = "api/v1/"
SUPPORTED_API_VERSIONS = {"1"}


class PullError(Exception):
    """A pull that cannot complete: the portal is down, answered with an error, or sent
    something that is not the API v1 contract. `transient` errors are worth retrying."""

    def __init__(self, message: str, *, transient: bool = False):
        super().__init__(message)
        self.transient = transient


@dataclass
class PulledFigure:
    year: int
    indicator: str
    unit: str
    actual: Decimal | None
    target: dict | None
    status: str
    provisional: bool
    snapshot_sha256: str


@dataclass
class PulledReport:
    year: int
    version: int
    status: str
    sha256: str
    pdf_url: str
    published_at: dt.datetime | None


@dataclass
class PulledProvince:
    province_code: str
    province_name: str
    program: str
    indicators: dict[str, dict] = field(default_factory=dict)
    figures: list[PulledFigure] = field(default_factory=list)
    reports: list[PulledReport] = field(default_factory=list)
    requests_made: int = 0


def new_session() -> requests.Session:
    return requests.Session()


class ApiClient:
    def __init__(self, base_url: str, token: str | None, *, timeout: float, session=None) -> None:
        self.base_url = base_url if base_url.endswith("/") else base_url + "/"
        self.token = token
        self.timeout = timeout
        self.session = session or new_session()
        self.requests_made = 0

    def url(self, path: str) -> str:
        return urljoin(self.base_url, API_PREFIX + path)

    def get(self, path: str):
        url = self.url(path)
        headers = {"Accept": "application/json"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        self.requests_made += 1
        try:
            response = self.session.get(
                url, headers=headers, timeout=self.timeout, allow_redirects=False
            )
        except requests.Timeout as exc:
            raise PullError(
                _("%(url)s did not answer in time.") % {"url": url}, transient=True
            ) from exc
        except requests.RequestException as exc:
            raise PullError(
                _("%(url)s could not be reached (%(error)s).")
                % {"url": url, "error": type(exc).__name__},
                transient=True,
            ) from exc
        if response.status_code in (401, 403):
            raise PullError(
                _("%(url)s refused the token (HTTP %(status)s): issue a new one.")
                % {"url": url, "status": response.status_code}
            )
        if response.status_code != 200:
            raise PullError(
                _("%(url)s answered HTTP %(status)s.")
                % {"url": url, "status": response.status_code},
                transient=response.status_code >= 500 or response.status_code == 429,
            )
        try:
            return response.json()
        except ValueError as exc:
            raise PullError(_("%(url)s did not answer with JSON.") % {"url": url}) from exc


def _bad(what: str) -> PullError:
    return PullError(_("The portal's answer is not API v1: %(what)s.") % {"what": what})


def _decimal(value, what: str) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError) as exc:
        raise _bad(what) from exc
    if not number.is_finite() or abs(number) >= Decimal(10) ** 17:
        raise _bad(what)
    return number.quantize(Decimal("0.01"))  # as stored: two decimals at most


def _year(value, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 2000 <= value <= 2100:
        raise _bad(what)
    return value


def _text(value, limit: int) -> str:
    return value[:limit] if isinstance(value, str) else ""


def fetch_province(client: ApiClient) -> PulledProvince:
    """Everything the national side keeps from one portal, read and checked in memory."""
    program = client.get("program/")
    if not isinstance(program, dict) or str(program.get("api_version")) not in (
        SUPPORTED_API_VERSIONS
    ):
        raise _bad(_("program: unknown API version"))
    province = program.get("province") or {}
    if not isinstance(province, dict) or not isinstance(province.get("code"), str):
        raise _bad(_("program: no province code"))
    pulled = PulledProvince(
        province_code=province["code"],
        province_name=_text(province.get("name"), 200),
        program=_text(program.get("program"), 400),
    )

    indicators = client.get("indicators/")
    if not isinstance(indicators, list):
        raise _bad(_("indicators: not a list"))
    for entry in indicators:
        if not isinstance(entry, dict) or not isinstance(entry.get("code"), str):
            raise _bad(_("indicators: an entry without a code"))
        pulled.indicators[entry["code"][:40]] = {
            "name": _text(entry.get("name"), 300),
            "unit": _text(entry.get("unit"), 40),
            "counting": _text(entry.get("counting"), 20),
        }

    years = client.get("years/")
    if not isinstance(years, list):
        raise _bad(_("years: not a list"))
    year_numbers = sorted(
        {_year(entry.get("year") if isinstance(entry, dict) else None, "years") for entry in years}
    )
    for year in year_numbers:
        payload = client.get(f"years/{year}/figures/")
        if not isinstance(payload, dict) or not isinstance(payload.get("figures"), list):
            raise _bad(_("figures of %(year)s: no list of figures") % {"year": year})
        provisional = bool(payload.get("provisional"))
        sha = _text(payload.get("snapshot_sha256"), 64)
        seen = set()
        for entry in payload["figures"]:
            if not isinstance(entry, dict) or not isinstance(entry.get("indicator"), str):
                raise _bad(
                    _("figures of %(year)s: a figure without its indicator") % {"year": year}
                )
            code = entry["indicator"][:40]
            if code in seen:
                raise _bad(_("figures of %(year)s: an indicator twice") % {"year": year})
            seen.add(code)
            target = entry.get("target")
            pulled.figures.append(
                PulledFigure(
                    year=year,
                    indicator=code,
                    unit=_text(entry.get("unit"), 40)
                    or pulled.indicators.get(code, {}).get("unit", ""),
                    actual=_decimal(entry.get("actual"), f"{year} {code}"),
                    target=target if isinstance(target, dict) else None,
                    status=_text(entry.get("status"), 20),
                    provisional=provisional,
                    snapshot_sha256=sha,
                )
            )

    reports = client.get("reports/")
    if not isinstance(reports, list):
        raise _bad(_("reports: not a list"))
    for entry in reports:
        if not isinstance(entry, dict):
            raise _bad(_("reports: an entry that is not an object"))
        version = entry.get("version")
        published = entry.get("published_at")
        pdf_url = entry.get("pdf_url") if isinstance(entry.get("pdf_url"), str) else ""
        # A relative link is the provincial portal's own; anything but http(s) is dropped.
        pdf_url = urljoin(client.base_url, pdf_url)[:500] if pdf_url else ""
        if not pdf_url.startswith(("http://", "https://")):
            pdf_url = ""
        try:
            published_at = parse_datetime(published) if isinstance(published, str) else None
        except ValueError:
            published_at = None
        pulled.reports.append(
            PulledReport(
                year=_year(entry.get("year"), "reports"),
                version=version if isinstance(version, int) and version > 0 else 1,
                status=_text(entry.get("status"), 20),
                sha256=_text(entry.get("sha256"), 64),
                pdf_url=pdf_url,
                published_at=published_at,
            )
        )
    pulled.requests_made = client.requests_made
    return pulled
