"""A province-sized dataset for benchmarks: `manage.py seed_scale --organizations N`.

Hundreds of thousands of organizations with valid tax codes across the communes of the demo
province (and some elsewhere), about five support activities each over 2021 → today with
their solutions, courses with enrollments, consultants and contracts, pilot models, award
cycles and nominations. Rows go in with `enterprises.bulk.insert_rows` (COPY on PostgreSQL,
multi-row INSERT elsewhere) in chunks, so memory stays flat whatever N is.

History: the organizations get their "+" (created) history rows in bulk, as the import
writes them; the other generated rows (activities, enrollments, contracts, nominations) get
no per-row history, which a real province would have accumulated but nothing here reads at
scale.

Generated rows are tied to one inactive account, `seed-scale@nscl.local` (organizations'
`decided_by`, activities' `recorded_by`, courses' `created_by`, nominations'
`encouraged_by`), so `--reset` removes exactly them and nothing seeded by `seed_demo`.

This lives in reports because reports is the one app allowed to read all the others.
"""

from __future__ import annotations

import datetime as dt
import io
import random
import time
import uuid
from array import array
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import accumulate
from types import SimpleNamespace
from typing import cast

from django.db import connection, transaction
from django.utils import timezone

from awards import services as award_services
from awards.models import AwardCycle, AwardLevel, Nomination
from demo.trainings import FAMILY, GIVEN, MIDDLE
from enterprises.bulk import history_rows, insert_rows
from enterprises.models import (
    Organization,
    PilotModel,
    Solution,
    SupportActivity,
    SupportRequest,
)
from enterprises.services import organization_derive
from enterprises.taxcode import mst_check_digit
from portal import services as portal_services
from portal.administrative_units import administrative_units_load
from portal.fragments import records_changed
from portal.hooks import app_hook_modules
from portal.models import AdministrativeUnit, ProgramSettings, User
from trainings import services as training_services
from trainings.models import Consultant, Contract, Course, Enrollment

SEED_EMAIL = "seed-scale@nscl.local"
SEED_NAME = "Dữ liệu quy mô tỉnh (seed_scale)"
SEED_NOTE = "seed_scale"
DEFAULT_PROVINCE_CODE = "25"
FIRST_YEAR = 2021
CHUNK = 20_000  # organizations per chunk: ~100,000 activities in memory at a time
ACTIVITIES_PER_ORGANIZATION = 5
# The share of the organizations that asked for support (once, some twice).
REQUESTS_SHARE = 0.03
# The first two digits of enterprises' tax codes by province (the tax offices' old codes).
TAX_PREFIXES = {"01": "01", "79": "03", "31": "02", "25": "26", "48": "04", "92": "18"}
# Old tax-office prefixes (the first two digits of a tax code) other than the province's own.
OTHER_TAX_PREFIXES = ["01", "03", "02", "04", "10", "23", "25", "27", "28", "31", "36", "40"]

LEGAL_PREFIXES = [
    ("Công ty TNHH", Organization.LegalForm.LLC_MULTI, 30),
    ("Công ty TNHH MTV", Organization.LegalForm.LLC_ONE, 25),
    ("Công ty Cổ phần", Organization.LegalForm.JSC, 25),
    ("Doanh nghiệp tư nhân", Organization.LegalForm.PRIVATE, 6),
    ("Công ty Hợp danh", Organization.LegalForm.PARTNERSHIP, 1),
]
BRANDS = [
    "An Phát",
    "Bảo Minh",
    "Bình An",
    "Đại Phát",
    "Đức Thịnh",
    "Gia Huy",
    "Hà Phong",
    "Hải Đăng",
    "Hoàng Long",
    "Hòa Bình",
    "Hồng Hà",
    "Hưng Thịnh",
    "Hữu Nghị",
    "Kim Long",
    "Lộc Phát",
    "Mai Linh",
    "Minh Anh",
    "Minh Khang",
    "Nam Việt",
    "Ngọc Lan",
    "Nhật Minh",
    "Phú Cường",
    "Phúc Lộc",
    "Phương Nam",
    "Quang Minh",
    "Sao Mai",
    "Sơn Hà",
    "Tân Tiến",
    "Thái Sơn",
    "Thành Công",
    "Thăng Long",
    "Thiên Phú",
    "Thịnh Vượng",
    "Toàn Cầu",
    "Trường Thành",
    "Trường Sơn",
    "Tường An",
    "Việt Hưng",
    "Vĩnh Phát",
    "Xuân Mai",
    "Đông Á",
    "Hoa Sen",
    "Kim Ngân",
    "Lam Sơn",
    "Long Hải",
    "Mạnh Hùng",
    "Nam Phong",
    "Phú Gia",
    "Quốc Bảo",
    "Sông Đà",
    "Tâm Đức",
    "Thanh Xuân",
    "Thuận Phát",
    "Tiến Đạt",
    "Trung Kiên",
    "Vạn Xuân",
    "Việt Úc",
    "Vĩnh Hưng",
    "Ánh Dương",
    "Đại Dương",
    "Hải Nam",
    "Hương Giang",
    "Kỳ Anh",
    "Lạc Hồng",
    "Minh Phú",
    "Ngân Hà",
    "Phú Thành",
    "Quang Trung",
    "Sài Gòn",
    "Tây Đô",
    "Thái Hà",
    "Thiên Long",
    "Trí Việt",
    "Việt Nhật",
    "Xuân Thành",
    "Hòa Phát",
    "Đất Việt",
    "Bắc Hà",
    "Nam Sơn",
    "Hà Thành",
]
# (trade word, industry code, main products, weight)
TRADES = [
    ("Nông sản", "0121", "Chè búp, cây ăn quả", 4),
    ("Chăn nuôi", "0146", "Gia cầm, trứng", 2),
    ("Thủy sản", "0322", "Nuôi trồng thủy sản nội địa", 1),
    ("Khai khoáng", "0810", "Đá, cát, sỏi xây dựng", 1),
    ("Thực phẩm", "1079", "Thực phẩm chế biến", 5),
    ("Chè", "1076", "Chè xanh, chè đen", 2),
    ("Đồ uống", "1104", "Nước giải khát", 1),
    ("Dệt", "1311", "Sợi, vải", 2),
    ("May mặc", "1410", "Quần áo may sẵn", 5),
    ("Da giày", "1520", "Giày dép", 2),
    ("Chế biến gỗ", "1621", "Ván ép, đồ gỗ nội thất", 3),
    ("Bao bì", "1702", "Bao bì giấy, carton", 2),
    ("In ấn", "1811", "In ấn bao bì, ấn phẩm", 1),
    ("Hóa chất", "2011", "Hóa chất cơ bản", 1),
    ("Dược phẩm", "2100", "Thuốc và dược liệu", 1),
    ("Nhựa", "2220", "Sản phẩm nhựa", 2),
    ("Vật liệu xây dựng", "2395", "Gạch không nung, bê tông", 3),
    ("Gốm sứ", "2393", "Gốm sứ gia dụng", 1),
    ("Thép", "2410", "Thép xây dựng", 1),
    ("Cơ khí", "2592", "Gia công cơ khí, kết cấu thép", 5),
    ("Điện tử", "2610", "Linh kiện điện tử", 2),
    ("Thiết bị điện", "2710", "Thiết bị điện công nghiệp", 1),
    ("Ô tô", "2930", "Phụ tùng ô tô", 1),
    ("Nội thất", "3100", "Đồ nội thất", 2),
    ("Năng lượng", "3511", "Điện mặt trời áp mái", 1),
    ("Môi trường", "3821", "Xử lý chất thải", 1),
    ("Xây dựng", "4100", "Xây dựng công trình dân dụng", 8),
    ("Xây lắp điện", "4321", "Lắp đặt hệ thống điện", 3),
    ("Thương mại", "4690", "Bán buôn tổng hợp", 10),
    ("Bán lẻ", "4711", "Siêu thị, cửa hàng tiện lợi", 4),
    ("Vận tải", "4933", "Vận tải hàng hóa đường bộ", 4),
    ("Logistics", "5210", "Kho bãi, dịch vụ logistics", 2),
    ("Khách sạn", "5510", "Dịch vụ lưu trú", 2),
    ("Nhà hàng", "5610", "Dịch vụ ăn uống", 3),
    ("Phần mềm", "6201", "Phần mềm, giải pháp công nghệ", 3),
    ("Bất động sản", "6810", "Kinh doanh bất động sản", 2),
    ("Tư vấn", "7020", "Tư vấn quản lý", 2),
    ("Kiến trúc", "7110", "Tư vấn thiết kế", 2),
    ("Quảng cáo", "7310", "Dịch vụ quảng cáo", 1),
    ("Du lịch", "7911", "Lữ hành, dịch vụ du lịch", 2),
    ("Giáo dục", "8559", "Đào tạo ngắn hạn", 1),
    ("Y tế", "8620", "Phòng khám đa khoa", 1),
]
CAB_PREFIXES = [
    "Trung tâm Thử nghiệm",
    "Công ty Cổ phần Giám định",
    "Trung tâm Kiểm định",
    "Công ty TNHH Chứng nhận",
    "Phòng thí nghiệm",
]
STREETS = ["Hùng Vương", "Trần Phú", "Lê Lợi", "Nguyễn Trãi", "Quang Trung", "Lý Thường Kiệt"]

K = SupportActivity.Kind
# (kind, weight, solution groups, title template)
ACTIVITY_KINDS = [
    (K.DISSEMINATION, 30, ["standards", "regulations", "productivity_tools"], "Hội thảo phổ biến"),
    (K.TRAINING, 25, ["productivity_tools", "management_systems"], "Đào tạo áp dụng"),
    (K.GUIDANCE, 20, ["productivity_tools", "smart_tools"], "Hướng dẫn áp dụng"),
    (K.CONSULTING, 15, ["management_systems", "smart_tools"], "Tư vấn xây dựng và áp dụng"),
    (K.CERTIFICATION, 10, ["management_systems"], "Hỗ trợ chứng nhận"),
]
CERTIFICATION_BODIES = [
    "Trung tâm Chứng nhận Phù hợp (QUACERT)",
    "Công ty TNHH Chứng nhận Quốc tế",
    "Trung tâm Kỹ thuật Tiêu chuẩn Đo lường Chất lượng 1",
]


# Courses open for registration in the coming weeks, at every size.
UPCOMING_COURSES = 6


@dataclass
class Written:
    """The generated organizations, held as arrays of ids (8 bytes each) rather than a million
    Python tuples, so memory stays small whatever N is: every id, the supported ones (active or
    inactive) with whether each is a conformity assessment body, the active ones and the active
    enterprises."""

    count: int = 0
    supported: array = field(default_factory=lambda: array("q"))
    supported_cab: bytearray = field(default_factory=bytearray)
    active: array = field(default_factory=lambda: array("q"))
    active_enterprises: array = field(default_factory=lambda: array("q"))

    def add(self, pk: int, kind: str, status: str) -> None:
        self.count += 1
        if status in ("active", "inactive"):
            self.supported.append(pk)
            self.supported_cab.append(kind == Organization.Kind.CONFORMITY_ASSESSMENT_BODY)
        if status == "active":
            self.active.append(pk)
            if kind == "enterprise":
                self.active_enterprises.append(pk)


class Generator:
    """Builds and writes the dataset; `run()` returns the row counts written."""

    def __init__(
        self,
        *,
        organizations: int,
        seed: int = 2021,
        today: dt.date | None = None,
        log: Callable[[str], None] = lambda message: None,
    ):
        self.n = organizations
        self.rng = random.Random(seed)
        self.today = today or timezone.localdate()
        self.now = timezone.now()
        self.log = log
        self.counts: dict[str, float] = {}
        self.years = list(range(FIRST_YEAR, self.today.year + 1))
        self.taken: set[str] = set()
        self.started = time.monotonic()

    # --- reference data ---------------------------------------------------------------
    def prepare(self) -> None:
        if not AdministrativeUnit.objects.exists():
            administrative_units_load()
        program = ProgramSettings.load()
        if not program.province_code:
            # The portal serves one province: the same one seed_demo sets up.
            province = AdministrativeUnit.objects.get(code=DEFAULT_PROVINCE_CODE)
            program = portal_services.program_settings_update(
                by=None, province_code=province.code, province_name=f"Tỉnh {province.name}"
            )
        self.province_code = program.province_code
        communes = AdministrativeUnit.objects.filter(
            level=AdministrativeUnit.Level.COMMUNE, effective_to__isnull=True
        )
        home = list(
            communes.filter(parent__code=self.province_code).values_list("pk", "name", "code")
        )
        # Some organizations sit in neighbouring provinces (a head office, a branch's parent).
        provinces = sorted(
            set(
                communes.exclude(parent__code=self.province_code).values_list(
                    "parent__code", flat=True
                )
            )
        )
        neighbours = self.rng.sample(provinces, min(3, len(provinces)))
        other = list(communes.filter(parent__code__in=neighbours).values_list("pk", "name", "code"))
        if not home:
            raise RuntimeError(f"No communes for province {self.province_code}.")
        other = other or home
        self.home_communes, self.other_communes = home, other
        self.tax_prefix = TAX_PREFIXES.get(self.province_code, self.province_code[-2:])
        self.user = self._seed_user()
        solutions = list(Solution.objects.values_list("pk", "group", "name"))
        self.solutions_by_group: dict[str, list[tuple[int, str]]] = {}
        for pk, group, name in solutions:
            self.solutions_by_group.setdefault(group, []).append((pk, name))
        if not self.solutions_by_group:
            raise RuntimeError("The solution catalog is empty: run the migrations first.")
        self.trade_cumulative = list(accumulate(t[3] for t in TRADES))
        self.prefix_cumulative = list(accumulate(p[2] for p in LEGAL_PREFIXES))
        self.kind_cumulative = list(accumulate(k[1] for k in ACTIVITY_KINDS))
        # Distinct supported organizations grow 5-10 % a year; the running year counts only
        # the part already elapsed.
        weights = []
        for index, year in enumerate(self.years):
            weight = 1.075**index
            if year == self.today.year:
                weight *= (self.today.timetuple().tm_yday) / 365
            weights.append(weight)
        self.year_cumulative = list(accumulate(weights))

    @staticmethod
    def seed_user() -> User | None:
        return User.objects.filter(email=SEED_EMAIL).first()

    def _seed_user(self) -> User:
        user = self.seed_user()
        if user is None:
            user = User.objects.create_user(SEED_EMAIL, full_name=SEED_NAME, is_active=False)
            user.set_unusable_password()
            user.save(update_fields=["password"])
        return user

    # --- helpers ----------------------------------------------------------------------
    def person(self) -> str:
        rng = self.rng
        return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"

    def date_in(self, year: int) -> dt.date:
        first = dt.date(year, 1, 5)
        last = min(dt.date(year, 12, 25), self.today)
        if last <= first:
            return min(first, self.today)
        return first + dt.timedelta(days=self.rng.randint(0, (last - first).days))

    def pick_year(self) -> int:
        return self.rng.choices(self.years, cum_weights=self.year_cumulative)[0]

    def aware(self, day: dt.date, hour: int = 9) -> dt.datetime:
        return dt.datetime(day.year, day.month, day.day, hour, tzinfo=dt.UTC)

    # --- tax codes --------------------------------------------------------------------
    def tax_codes(self) -> Iterator[str]:
        """Distinct valid 10-digit codes: 85 % with the province's prefix, serials from a
        range the demo data does not use, shuffled so neighbours are not alphabetical."""
        taken = self.taken = set(Organization.objects.values_list("tax_code", flat=True))
        serial_step = 7919  # a prime: walks the 7-digit serial space without repeating
        serial = self.rng.randrange(5_000_000)
        prefixes = [self.tax_prefix] * 17 + OTHER_TAX_PREFIXES[:3]
        produced = 0
        while True:
            serial = (serial + serial_step) % 5_000_000
            prefix = prefixes[produced % len(prefixes)]
            nine = f"{prefix}{5_000_000 + serial:07d}"
            digit = mst_check_digit(nine)
            if digit is None:
                continue
            code = nine + digit
            if code in taken:
                continue
            taken.add(code)
            produced += 1
            yield code

    # --- organizations ----------------------------------------------------------------
    def organization_values(self, index: int, tax_code: str) -> dict:
        rng = self.rng
        roll = rng.random()
        trade = rng.choices(TRADES, cum_weights=self.trade_cumulative)[0]
        code = trade[1]
        products = trade[2]
        short_name = ""
        if roll < 0.006:
            kind, legal_form = Organization.Kind.CONFORMITY_ASSESSMENT_BODY, "jsc"
            name = f"{rng.choice(CAB_PREFIXES)} {rng.choice(BRANDS)}"
            code, products = "7120", "Thử nghiệm, giám định, chứng nhận"
        elif roll < 0.05:
            kind, legal_form = Organization.Kind.COOPERATIVE, Organization.LegalForm.COOPERATIVE
            name = f"Hợp tác xã {trade[0]} {rng.choice(BRANDS)}"
        elif roll < 0.06:
            kind, legal_form = Organization.Kind.OTHER, Organization.LegalForm.PUBLIC_UNIT
            name = f"Trung tâm Dịch vụ {trade[0]} {rng.choice(BRANDS)}"
        else:
            kind = Organization.Kind.ENTERPRISE
            prefix = rng.choices(LEGAL_PREFIXES, cum_weights=self.prefix_cumulative)[0]
            legal_form = prefix[1]
            brand = rng.choice(BRANDS)
            name = f"{prefix[0]} {trade[0]} {brand}"
            short_name = f"{brand} {trade[0]}" if rng.random() < 0.3 else ""
        if rng.random() < 0.86:
            commune_id, commune_name, _code = rng.choice(self.home_communes)
        else:
            commune_id, commune_name, _code = rng.choice(self.other_communes)
        place = commune_name.split(" ", 1)[-1] if " " in commune_name else commune_name
        if kind == Organization.Kind.ENTERPRISE and rng.random() < 0.5:
            name = f"{name} {place}"
        version = "vsic2025" if rng.random() < 0.2 else "vsic2018"
        size = rng.choices(("micro", "small", "medium", "large"), weights=(62, 28, 7, 3))[0]
        employees, revenue, capital = _figures(rng, size)
        roll = rng.random()
        status = (
            Organization.Status.ACTIVE
            if roll < 0.95
            else Organization.Status.PENDING
            if roll < 0.97
            else Organization.Status.INACTIVE
            if roll < 0.99
            else Organization.Status.CHANGES_REQUESTED
            if roll < 0.995
            else Organization.Status.REJECTED
        )
        created = self.aware(self.date_in(rng.choice(self.years)))
        values = SimpleNamespace(
            kind=kind,
            name=name[:300],
            short_name=short_name,
            tax_code=tax_code,
            legal_form=legal_form,
            ownership=rng.choices(
                ("private", "foreign", "state", "collective"), weights=(86, 8, 2, 4)
            )[0],
            founded_on=dt.date(rng.randint(1990, 2024), rng.randint(1, 12), rng.randint(1, 28)),
            industry_classification=version,
            industry_code=code,
            sector_group=Organization.SectorGroup.AGRICULTURE_INDUSTRY_CONSTRUCTION,
            employees=employees,
            annual_revenue=revenue,
            total_capital=capital,
            commune_id=commune_id,
            address=f"Số {rng.randint(1, 400)} đường {rng.choice(STREETS)}, {commune_name}",
            phone=f"0{rng.randint(200, 299)} {rng.randint(1000000, 9999999)}",
            email=f"lienhe{index}@dn{index % 997}.vn",
            website="",
            legal_representative=self.person(),
            contact_name=self.person(),
            contact_phone=f"09{rng.randint(10_000_000, 99_999_999)}",
            contact_email="",
            main_products=products,
            status=status,
            status_reason="",
            submitted_at=created,
            decided_at=None if status == Organization.Status.PENDING else created,
            decided_by_id=self.user.pk,
            created_at=created,
            updated_at=created,
        )
        organization_derive(cast(Organization, values))
        return vars(values)

    def write_organizations(self) -> Written:
        """Insert the organizations in chunks; returns their ids by kind and status."""
        codes = self.tax_codes()
        written = Written()
        index = 0
        while index < self.n:
            size = min(CHUNK, self.n - index)
            rows = []
            for number in range(index, index + size):
                row = self.organization_values(number, next(codes))
                roll = self.rng.random()
                if roll < 0.025 and row["kind"] == Organization.Kind.ENTERPRISE:
                    # A branch: its parent's code, a dash and three digits.
                    row["tax_code"] = f"{row['tax_code']}-{self.rng.randint(1, 30):03d}"
                    row["name"] = "Chi nhánh " + row["name"]
                    row.update(_derived_text(row))
                elif roll < 0.045 and row["kind"] == Organization.Kind.ENTERPRISE:
                    # A household business: the owner's 12-digit personal ID (since 1/7/2025).
                    row["tax_code"] = self.personal_id(number)
                    row["legal_form"] = Organization.LegalForm.HOUSEHOLD
                    row["name"] = f"Hộ kinh doanh {self.person()}"
                    row["short_name"] = ""
                    row.update(_derived_text(row))
                rows.append(row)
            ids = _inserted(Organization, rows)
            for row, pk in zip(rows, ids, strict=True):
                row["id"] = pk
                written.add(pk, row["kind"], row["status"])
            insert_rows(
                Organization.history.model,
                history_rows(rows, when=self.now, user_id=self.user.pk, reason=SEED_NOTE),
                returning=False,
            )
            index += size
            self.log(f"  organizations: {index:,}/{self.n:,} ({self.elapsed()})")
        self.counts["organizations"] = written.count
        return written

    def personal_id(self, number: int) -> str:
        """A 12-digit personal ID: province code, century/sex digit, birth year, serial."""
        province = f"{int(self.province_code):03d}"
        while True:  # distinct, also past 900,000 organizations where the serials repeat
            century_sex = self.rng.choice("0123")
            year = f"{self.rng.randint(50, 99):02d}"
            code = f"{province}{century_sex}{year}{900000 - number % 900000:06d}"[:12]
            if code not in self.taken:
                self.taken.add(code)
                return code

    # --- support activities -----------------------------------------------------------
    def write_activities(self, organizations: Written) -> None:
        rng = self.rng
        cab_solutions = self.solutions_by_group.get("cab_capacity", [])
        seminars: dict[tuple[int, str, int], tuple[uuid.UUID, str, list, dt.date]] = {}
        supported = organizations.supported
        total = links = 0
        for start in range(0, len(supported), CHUNK):
            rows, solution_sets = [], []
            chunk = zip(
                supported[start : start + CHUNK],
                organizations.supported_cab[start : start + CHUNK],
                strict=True,
            )
            for pk, is_cab in chunk:
                count = max(1, min(10, round(rng.gauss(ACTIVITIES_PER_ORGANIZATION, 2))))
                for _ in range(count):
                    year = self.pick_year()
                    day = self.date_in(year)
                    batch = None
                    if is_cab:
                        activity_kind = K.CAPACITY_BUILDING
                        chosen = rng.sample(cab_solutions, min(2, len(cab_solutions)))
                        title = f"Nâng cao năng lực thử nghiệm, chứng nhận năm {year}"
                        budget = rng.randint(100, 400) * 1_000_000
                    else:
                        spec = rng.choices(ACTIVITY_KINDS, cum_weights=self.kind_cumulative)[0]
                        activity_kind = spec[0]
                        if activity_kind in (K.DISSEMINATION, K.TRAINING):
                            # Seminars reach many organizations at once: one batch each.
                            key = (year, activity_kind, rng.randrange(60))
                            if key not in seminars:
                                tools = self._solutions(spec[2], 2)
                                seminars[key] = (
                                    uuid.UUID(int=rng.getrandbits(128)),
                                    f"{spec[3]} {', '.join(n.split(' –')[0] for _p, n in tools)} "
                                    f"năm {year} – đợt {key[2] + 1}",
                                    tools,
                                    self.date_in(year),
                                )
                            batch, title, chosen, day = seminars[key]
                            budget = rng.randint(2, 6) * 1_000_000
                        else:
                            chosen = self._solutions(spec[2], 1)
                            title = f"{spec[3]} {chosen[0][1].split(' –')[0]}"
                            budget = rng.randint(20, 80) * 1_000_000
                    cancelled = rng.random() < 0.01
                    certified = activity_kind == K.CERTIFICATION
                    rows.append(
                        {
                            "organization_id": pk,
                            "date": day,
                            "kind": activity_kind,
                            "title": title,
                            "description": "",
                            "participants": rng.randint(1, 15),
                            "state_budget": budget,
                            "own_contribution": rng.randint(0, 40) * 1_000_000,
                            "outcome": "Được cấp giấy chứng nhận" if certified else "",
                            "certificate_number": f"CN-{year}-{rng.randint(1000, 99999)}"
                            if certified
                            else "",
                            "certificate_body": rng.choice(CERTIFICATION_BODIES)
                            if certified
                            else "",
                            "certificate_date": day if certified else None,
                            "request_id": None,
                            "batch": batch,
                            "status": "cancelled" if cancelled else "recorded",
                            "cancel_reason": "Doanh nghiệp xin lùi thời gian" if cancelled else "",
                            "recorded_by_id": self.user.pk,
                            "created_at": self.aware(day),
                            "updated_at": self.aware(day),
                        }
                    )
                    solution_sets.append([p for p, _n in chosen])
            ids = _inserted(SupportActivity, rows)
            total += len(ids)
            links += _insert_solution_links(SupportActivity, ids, solution_sets)
            self.log(
                f"  support activities: {total:,} ({links:,} solution links, {self.elapsed()})"
            )
        self.counts["support_activities"] = total
        self.counts["activity_solutions"] = links

    def _solutions(self, groups: list[str], count: int) -> list[tuple[int, str]]:
        pool = [s for group in groups for s in self.solutions_by_group.get(group, [])]
        return self.rng.sample(pool, min(count, len(pool)))

    # --- pilot models -----------------------------------------------------------------
    def write_pilot_models(self, organizations: Written) -> None:
        rng = self.rng
        enterprises = organizations.active_enterprises
        wanted = max(2, self.n // 4000)
        rows, solution_sets = [], []
        for pk in rng.sample(enterprises, min(wanted, len(enterprises))):
            year = rng.choice(self.years)
            selected = self.date_in(year)
            steps = rng.randint(0, 3)
            planned = [selected + dt.timedelta(days=150 * (i + 1)) for i in range(3)]
            dates: list[dt.date | None] = [
                d if d <= self.today and i < steps else None for i, d in enumerate(planned)
            ]
            status = ["selected", "implementing", "evaluated", "recognized"][
                sum(1 for d in dates if d)
            ]
            chosen = self._solutions(["productivity_tools", "management_systems"], 2)
            rows.append(
                {
                    "organization_id": pk,
                    "title": "Mô hình điểm áp dụng "
                    + " – ".join(n.split(" –")[0] for _p, n in chosen),
                    "status": status,
                    "selected_on": selected,
                    "implementation_started_on": dates[0],
                    "evaluated_on": dates[1],
                    "recognized_on": dates[2],
                    "recognition_decision": f"{rng.randint(100, 999)}/QĐ-SKHCN" if dates[2] else "",
                    "baseline_productivity": Decimal(rng.randint(80, 150)),
                    "result_productivity": Decimal(rng.randint(150, 220)) if dates[1] else None,
                    "productivity_unit": "sản phẩm/người/ca",
                    "notes": SEED_NOTE,
                    "created_at": self.aware(selected),
                    "updated_at": self.aware(selected),
                }
            )
            solution_sets.append([p for p, _n in chosen])
        ids = _inserted(PilotModel, rows)
        _insert_solution_links(PilotModel, ids, solution_sets)
        self.counts["pilot_models"] = len(ids)

    # --- support requests -------------------------------------------------------------
    def write_requests(self, organization_ids) -> None:
        """About 3 % of the organizations (chosen among `organization_ids`) ask for support,
        once or twice, over the years: the open ones mostly recent, every status present."""
        rng = self.rng
        ids = list(organization_ids)
        wanted = max(len(SupportRequest.Status.values), round(len(ids) * REQUESTS_SHARE))
        S = SupportRequest.Status
        closed = (
            (S.FULFILLED, 45),
            (S.DECLINED, 12),
            (S.WITHDRAWN, 8),
            (S.ACCEPTED, 10),
        )
        open_now = ((S.SUBMITTED, 40), (S.IN_REVIEW, 35), (S.ACCEPTED, 25))
        needs = [spec[3] for spec in ACTIVITY_KINDS]
        groups = [group for spec in ACTIVITY_KINDS for group in spec[2]]
        rows, solution_sets = [], []
        chosen = rng.sample(ids, min(wanted, len(ids)))
        for number, pk in enumerate(chosen):
            for _ in range(1 + (rng.random() < 0.2)):
                year = self.pick_year()
                day = self.date_in(year)
                recent = (self.today - day).days < 120
                statuses = open_now if recent else closed
                status: str = rng.choices([s for s, _w in statuses], [w for _s, w in statuses])[0]
                if number < len(S.values):  # every status at least once
                    status = S.values[number]
                tools = self._solutions([rng.choice(groups)], rng.randint(1, 2))
                names = ", ".join(name.split(" –")[0] for _pk, name in tools)
                answered = status not in (S.SUBMITTED, S.WITHDRAWN)
                created = self.aware(day, hour=rng.randint(7, 17))
                rows.append(
                    {
                        "organization_id": pk,
                        "need": f"{rng.choice(needs)} {names} cho doanh nghiệp",
                        "status": status,
                        "response": "Sở đã tiếp nhận và sẽ liên hệ." if answered else "",
                        "created_by_id": self.user.pk,
                        "decided_by_id": self.user.pk if answered else None,
                        "created_at": created,
                        "updated_at": created,
                    }
                )
                solution_sets.append([tool_pk for tool_pk, _name in tools])
        ids_written = _inserted(SupportRequest, rows)
        links = _insert_solution_links(SupportRequest, ids_written, solution_sets)
        self.counts["support_requests"] = len(ids_written)
        self.counts["request_solutions"] = links
        self.log(f"  support requests: {len(ids_written):,} ({self.elapsed()})")

    # --- courses and enrollments ------------------------------------------------------
    def write_courses(self, organizations: Written) -> None:
        rng = self.rng
        per_year = max(4, self.n // 500)
        org_ids = organizations.active
        kinds = [
            (Course.Kind.AWARENESS, 45, "Hội thảo nhận thức về năng suất chất lượng", 80),
            (Course.Kind.TOOL, 35, "Đào tạo áp dụng", 40),
            (Course.Kind.IN_DEPTH, 12, "Đào tạo chuyên gia năng suất chất lượng", 25),
            (Course.Kind.MANAGEMENT, 8, "Đào tạo quản lý Chương trình", 30),
        ]
        courses, course_solutions, course_meta = [], [], []

        def add_course(code: str, starts: dt.date, status=None) -> None:
            kind, _w, title, capacity = rng.choices(kinds, weights=[k[1] for k in kinds])[0]
            ends = starts + dt.timedelta(days=rng.choice([0, 1, 2, 4]))
            past = ends < self.today
            status = status or (
                Course.Status.COMPLETED
                if past
                else rng.choice([Course.Status.OPEN, Course.Status.CLOSED])
            )
            chosen = self._solutions(["productivity_tools", "management_systems"], 2)
            courses.append(
                {
                    "code": code,
                    "title": f"{title} {chosen[0][1].split(' –')[0]} năm {starts.year}",
                    "kind": kind,
                    "description": "",
                    "starts_on": starts,
                    "ends_on": ends,
                    "registration_deadline": starts - dt.timedelta(days=3),
                    "venue": "Hội trường Sở Khoa học và Công nghệ",
                    "is_online": rng.random() < 0.15,
                    "capacity": capacity,
                    "status": status,
                    "lecturer": self.person(),
                    "created_by_id": self.user.pk,
                    "created_at": self.aware(starts - dt.timedelta(days=30)),
                    "updated_at": self.aware(ends),
                }
            )
            course_solutions.append([p for p, _n in chosen])
            course_meta.append((kind, capacity, past, ends))

        for year in self.years:
            for number in range(per_year):
                add_course(f"QS-{year}-{number + 1:05d}", self.date_in(year))
        # A province always has some courses open for registration in the coming weeks (the
        # home page lists them), whatever its size.
        for number in range(UPCOMING_COURSES):
            starts = self.today + dt.timedelta(days=rng.randint(10, 60))
            add_course(f"QS-{starts.year}-M{number + 1:03d}", starts, Course.Status.OPEN)
        ids = _inserted(Course, courses)
        _insert_solution_links(Course, ids, course_solutions)
        self.counts["courses"] = len(ids)
        enrollments: list[dict] = []
        person_pool = max(1000, self.n // 4)
        written = certified_count = 0
        for pk, (kind, capacity, past, ends) in zip(ids, course_meta, strict=True):
            if len(enrollments) >= CHUNK:
                # Written a chunk at a time: a million organizations take half a million.
                insert_rows(Enrollment, enrollments, returning=False)
                written += len(enrollments)
                certified_count += sum(1 for r in enrollments if r["certificate_issued_at"])
                enrollments = []
            people = rng.sample(range(person_pool), rng.randint(capacity // 2, capacity))
            for person in people:
                if past:
                    status = rng.choices(
                        ("passed", "failed", "attended", "cancelled"), weights=(70, 5, 20, 5)
                    )[0]
                    if kind == Course.Kind.AWARENESS and status in ("passed", "failed"):
                        status = "attended"
                else:
                    status = rng.choice(("registered", "confirmed"))
                official = kind in (Course.Kind.MANAGEMENT, Course.Kind.IN_DEPTH) and (
                    rng.random() < 0.4
                )
                certified = past and status == "passed"
                enrollments.append(
                    {
                        "course_id": pk,
                        "full_name": self.person(),
                        "email": f"hocvien{person}@vidu.vn",
                        "phone": f"09{rng.randint(10_000_000, 99_999_999)}",
                        "position": "Cán bộ" if official else "Nhân viên",
                        "workplace": "",
                        "participant_type": "state_official" if official else "enterprise_staff",
                        "organization_id": None if official else rng.choice(org_ids),
                        "status": status,
                        "score": Decimal(rng.randint(50, 100)) if certified else None,
                        "certificate_number": None,
                        "verification_code": None,
                        "certificate_issued_at": self.aware(ends) if certified else None,
                        "created_at": self.aware(ends - dt.timedelta(days=20)),
                        "updated_at": self.aware(ends),
                    }
                )
        insert_rows(Enrollment, enrollments, returning=False)
        written += len(enrollments)
        certified_count += sum(1 for r in enrollments if r["certificate_issued_at"])
        # Certificates are numbered from the enrollment's id, as the trainings service does
        # (NSCL-<year>-<id, six digits at least>), in one statement rather than row by row.
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                number_sql = (
                    "'NSCL-' || EXTRACT(YEAR FROM certificate_issued_at AT TIME ZONE 'UTC')::int"
                    " || '-' || CASE WHEN id < 1000000 THEN lpad(id::text, 6, '0') "
                    "ELSE id::text END"
                )
                code_sql = "upper(substr(md5(id::text || 'seed_scale'), 1, 12))"
            else:
                number_sql = (
                    "'NSCL-' || strftime('%%Y', certificate_issued_at) || '-' || "
                    "CASE WHEN id < 1000000 THEN substr('000000' || id, -6) ELSE id END"
                )
                code_sql = "upper(hex(randomblob(6)))"
            # Only constant SQL: the expressions above and a %s placeholder.
            cursor.execute(
                f"UPDATE trainings_enrollment SET certificate_number = {number_sql}, "  # noqa: S608
                f"verification_code = {code_sql} WHERE certificate_issued_at IS NOT NULL "
                "AND certificate_number IS NULL AND course_id IN "
                "(SELECT id FROM trainings_course WHERE created_by_id = %s)",
                [self.user.pk],
            )
        self.counts["enrollments"] = written
        self.counts["certificates"] = certified_count

    # --- consultants and contracts ----------------------------------------------------
    def write_contracts(self) -> None:
        rng = self.rng
        consultants = list(Consultant.objects.filter(notes=SEED_NOTE))
        wanted = max(3, min(60, self.n // 4000))
        codes = self.tax_codes()
        while len(consultants) < wanted:
            consultants.append(
                training_services.consultant_create(
                    by=None,
                    name=f"Công ty Cổ phần Tư vấn Năng suất {rng.choice(BRANDS)} "
                    f"{len(consultants) + 1}",
                    tax_code=next(codes),
                    address=f"Số {rng.randint(1, 300)} đường {rng.choice(STREETS)}",
                    representative=self.person(),
                    notes=SEED_NOTE,
                )
            )
        per_year = max(3, self.n // 2000)
        methods = [m for m, _l in Contract.SelectionMethod.choices]
        rows = []
        for year in self.years:
            for number in range(per_year):
                signed = self.date_in(year)
                value = rng.randint(50, 900) * 1_000_000
                current = year == self.today.year
                roll = rng.random()
                row = {
                    "title": f"Tư vấn áp dụng công cụ năng suất chất lượng năm {year} "
                    f"– gói {number + 1}",
                    "consultant_id": rng.choice(consultants).pk,
                    "selection_method": rng.choice(methods[:6]),
                    "decision_number": f"{rng.randint(100, 999)}/QĐ-SKHCN",
                    "decision_date": signed - dt.timedelta(days=10),
                    "contract_number": f"{number + 1:04d}/{year}/HĐ-QS",
                    "signed_on": signed,
                    "starts_on": signed,
                    "ends_on": signed + dt.timedelta(days=180),
                    "value": value,
                    "scope": SEED_NOTE,
                    "status": "signed",
                    "accepted_on": None,
                    "accepted_amount": None,
                    "settled_on": None,
                    "settled_amount": None,
                    "terminated_on": None,
                    "termination_reason": "",
                    "created_at": self.aware(signed),
                    "updated_at": self.aware(signed),
                }
                if roll < 0.03:
                    row.update(
                        status="terminated",
                        terminated_on=min(signed + dt.timedelta(days=60), self.today),
                        termination_reason="Nhà thầu không bảo đảm tiến độ",
                    )
                elif not current or roll < 0.3:
                    accepted = min(signed + dt.timedelta(days=rng.randint(60, 200)), self.today)
                    accepted_amount = value - rng.randint(0, 5) * 1_000_000
                    row.update(status="accepted", accepted_on=accepted)
                    row["accepted_amount"] = max(0, accepted_amount)
                    settled = accepted + dt.timedelta(days=rng.randint(10, 60))
                    if settled <= self.today and (not current or roll < 0.15):
                        row.update(
                            status="settled",
                            settled_on=settled,
                            settled_amount=row["accepted_amount"],
                        )
                elif roll < 0.7:
                    row["status"] = "in_progress"
                rows.append(row)
        ids = _inserted(Contract, rows)
        self.counts["consultants"] = len(consultants)
        self.counts["contracts"] = len(ids)

    # --- award cycles and nominations -------------------------------------------------
    def write_nominations(self, organizations: Written) -> None:
        rng = self.rng
        enterprises = organizations.active_enterprises
        per_year = max(3, self.n // 2000)
        rows = []
        for year in self.years:
            cycle = AwardCycle.objects.filter(year=year).first()
            if cycle is None:
                if year == self.today.year:
                    cycle = award_services.award_cycle_create(
                        by=None,
                        year=year,
                        registration_opens=self.today - dt.timedelta(days=30),
                        registration_closes=self.today + dt.timedelta(days=20),
                        dossier_deadline=self.today + dt.timedelta(days=45),
                        review_deadline=self.today + dt.timedelta(days=75),
                    )
                else:
                    cycle = award_services.award_cycle_create(
                        by=None,
                        year=year,
                        registration_opens=dt.date(year, 3, 1),
                        registration_closes=dt.date(year, 4, 30),
                        dossier_deadline=dt.date(year, 5, 31),
                        review_deadline=dt.date(year, 7, 31),
                    )
            levels = list(AwardLevel.objects.filter(cycle=cycle).order_by("-min_points"))
            taken = set(
                Nomination.objects.filter(cycle=cycle).values_list("organization_id", flat=True)
            )
            current = year == self.today.year
            chosen = [pk for pk in rng.sample(enterprises, min(per_year * 2, len(enterprises)))]
            chosen = [pk for pk in chosen if pk not in taken][:per_year]
            for pk in chosen:
                if current:
                    status = rng.choice(("encouraged", "registered", "dossier_submitted"))
                else:
                    status = rng.choices(
                        ("awarded", "not_awarded", "forwarded", "under_review", "withdrawn"),
                        weights=(12, 25, 5, 50, 8),
                    )[0]
                registered = self.aware(cycle.registration_opens + dt.timedelta(days=10))
                rows.append(
                    {
                        "cycle_id": cycle.pk,
                        "organization_id": pk,
                        "category": rng.choice(cycle.categories) if status != "encouraged" else "",
                        "status": status,
                        "level_id": levels[-1].pk if status == "awarded" and levels else None,
                        "self_assessment_score": rng.randint(500, 850)
                        if status != "encouraged"
                        else None,
                        "support_given": "",
                        "encouraged_by_id": self.user.pk,
                        "registered_at": registered if status != "encouraged" else None,
                        "submitted_at": registered + dt.timedelta(days=30)
                        if status not in ("encouraged", "registered")
                        else None,
                        "forwarded_on": cycle.review_deadline
                        if status in ("forwarded", "awarded", "not_awarded")
                        else None,
                        "forward_minutes": "",
                        "decision_number": f"{rng.randint(100, 2000)}/QĐ-TTg"
                        if status == "awarded"
                        else "",
                        "decision_date": dt.date(year + 1, 3, 20)
                        if status == "awarded" and dt.date(year + 1, 3, 20) <= self.today
                        else None,
                        "withdrawn_reason": "Doanh nghiệp rút hồ sơ"
                        if status == "withdrawn"
                        else "",
                        "dossier_check_note": "",
                        "created_at": registered,
                        "updated_at": registered,
                    }
                )
        ids = _inserted(Nomination, rows)
        self.counts["award_cycles"] = len(self.years)
        self.counts["nominations"] = len(ids)

    def run_requests_only(self) -> dict[str, float]:
        """Only the support requests, for a database seeded before seed_scale wrote them
        (`seed_scale --organizations N --only-requests`): the generated organizations that
        are active or inactive ask, as in a full run. Nothing is kept from the requests
        (no pre-aggregated table reads them), so nothing is rebuilt."""
        self.started = time.monotonic()
        self.prepare()
        supported = Organization.objects.filter(
            decided_by=self.user, status__in=["active", "inactive"]
        ).order_by("pk")
        with transaction.atomic():
            SupportRequest.objects.filter(created_by=self.user).delete()
            self.write_requests(supported.values_list("pk", flat=True).iterator(chunk_size=20_000))
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE enterprises_supportrequest")
                cursor.execute("ANALYZE enterprises_supportrequest_solutions")
        self.counts["seconds"] = round(time.monotonic() - self.started, 1)
        return self.counts

    # --- everything -------------------------------------------------------------------
    def elapsed(self) -> str:
        return f"{time.monotonic() - self.started:.0f} s"

    def run(self) -> dict[str, float]:
        self.started = time.monotonic()
        self.prepare()
        with transaction.atomic(), bulk_load(BULK_TABLES, log=self.log):
            organizations = self.write_organizations()
            self.write_activities(organizations)
            self.write_pilot_models(organizations)
            self.write_requests(organizations.supported)
            self.write_courses(organizations)
            self.write_contracts()
            self.write_nominations(organizations)
            del organizations
            self.log(f"  rows written ({self.elapsed()}); rebuilding the indexes")
        self.log(f"  indexes rebuilt ({self.elapsed()})")
        # ==== REBUILD HOOK ====================================================================
        # The rows above went in with COPY, past the services that keep derived data (pre-
        # aggregated tables, counters) up to date: each app that keeps such data rebuilds it
        # here from the tables, in `<app>/aggregates.py`'s `rebuild()`.
        with transaction.atomic(), foreign_key_triggers_off():
            rebuild_derived(log=self.log)
        self.log(f"  derived data rebuilt ({self.elapsed()})")
        # ======================================================================================
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        self.counts["seconds"] = round(time.monotonic() - self.started, 1)
        return self.counts


# The tables that take millions of rows at 1,000,000 organizations: their secondary indexes are
# built once at the end rather than updated row by row.
BULK_TABLES = [
    "enterprises_organization",
    "enterprises_historicalorganization",
    "enterprises_supportactivity",
    "enterprises_supportactivity_solutions",
    "trainings_enrollment",
]


@contextmanager
def bulk_load(tables: list[str], *, log: Callable[[str], None] = lambda message: None):
    """Inside the caller's transaction on PostgreSQL: drop the secondary indexes and unique
    constraints of `tables` (not the primary keys), and skip the row-by-row foreign key checks
    (`session_replication_role = replica`: the generator only refers to rows it has just
    written or read); then build the indexes and constraints again, which checks uniqueness in
    one pass. A failure rolls the whole transaction back, indexes included. Elsewhere
    (SQLite) nothing changes."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid) "
            "FROM pg_constraint c WHERE c.contype = 'u' AND c.conrelid::regclass::text = ANY(%s)",
            [tables],
        )
        constraints = cursor.fetchall()
        cursor.execute(
            "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
            "WHERE i.indrelid::regclass::text = ANY(%s) AND NOT i.indisprimary "
            "AND i.indexrelid NOT IN (SELECT conindid FROM pg_constraint)",
            [tables],
        )
        indexes = cursor.fetchall()
        superuser = _is_superuser(cursor)
        qn = connection.ops.quote_name
        # Deferred foreign-key checks of rows written earlier in the transaction would forbid
        # ALTER TABLE ("pending trigger events"): run them now.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for table, name, _definition in constraints:
            cursor.execute(f"ALTER TABLE {qn(table)} DROP CONSTRAINT {qn(name)}")
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {qn(name)}")
        if superuser:
            cursor.execute("SET LOCAL session_replication_role = replica")
    log(f"  bulk load: {len(indexes)} indexes and {len(constraints)} unique constraints dropped")
    yield
    with connection.cursor() as cursor:
        if superuser:
            cursor.execute("SET LOCAL session_replication_role = DEFAULT")
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for _name, definition in indexes:
            cursor.execute(definition)
        for table, name, definition in constraints:
            cursor.execute(f"ALTER TABLE {qn(table)} ADD CONSTRAINT {qn(name)} {definition}")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # Django's default again


def _is_superuser(cursor) -> bool:
    cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
    return bool(cursor.fetchone()[0])


@contextmanager
def foreign_key_triggers_off():
    """Inside the caller's transaction on PostgreSQL, as a superuser: skip the row-by-row
    foreign key checks (`session_replication_role = replica`) for rows derived from rows that
    exist. Django's foreign keys are DEFERRABLE INITIALLY DEFERRED, so each row inserted
    queues a check that runs at COMMIT: rebuilding the supported-per-year table at 1,000,000
    organizations (about 5 million rows, each pointing at an organization it was selected
    from) spent minutes in that COMMIT alone. Elsewhere, or without the right, it does
    nothing."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        superuser = _is_superuser(cursor)
        if superuser:
            cursor.execute("SET LOCAL session_replication_role = replica")
    yield
    if superuser:  # after a failure the transaction rolls back, and the setting with it
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = DEFAULT")


def clear_derived() -> None:
    """Empty what apps derive from the tables (`<app>/aggregates.py`'s `clear()`), before a
    reset deletes the rows it points at."""
    for module in reversed(list(app_hook_modules("aggregates"))):
        clear = getattr(module, "clear", None)
        if callable(clear):
            clear()


def rebuild_derived(*, log: Callable[[str], None] = lambda message: None) -> None:
    """Rebuild what apps derive from the bulk-loaded tables: `<app>/aggregates.py`'s
    `rebuild()`, for each project app that has one, in dependency order."""
    for module in app_hook_modules("aggregates"):
        rebuild = getattr(module, "rebuild", None)
        if callable(rebuild):
            started = time.monotonic()
            rebuild()
            log(f"  {module.__name__}.rebuild() in {time.monotonic() - started:.0f} s")


def _inserted(model, rows: list[dict]) -> list[int]:
    """`insert_rows` for rows whose new ids are wanted."""
    return insert_rows(model, rows) or []


def _insert_solution_links(model, ids: list[int], solution_sets: list[list[int]]) -> int:
    """Link each inserted row (`ids`) to its solutions through `model.solutions`; returns
    the number of links written."""
    through = model.solutions.through
    column = f"{model._meta.model_name}_id"
    if connection.vendor == "postgresql":
        # Two integers a line: millions of links at 1,000,000 organizations, written as COPY
        # text directly rather than a dict per link through `insert_rows`.
        lines = [
            f"{pk}\t{solution_id}\n"
            for pk, chosen in zip(ids, solution_sets, strict=True)
            for solution_id in chosen
        ]
        with connection.cursor() as cursor:
            cursor.cursor.copy_expert(
                f"COPY {through._meta.db_table} ({column}, solution_id) FROM STDIN",
                io.StringIO("".join(lines)),
            )
        records_changed(connection.alias, table=through._meta.db_table)
        return len(lines)
    links = [
        {column: pk, "solution_id": solution_id}
        for pk, chosen in zip(ids, solution_sets, strict=True)
        for solution_id in chosen
    ]
    insert_rows(through, links, returning=False)
    return len(links)


def _derived_text(row: dict) -> dict:
    """Re-derive tax code form and search text after a row's name or tax code changed."""
    values = SimpleNamespace(**row)
    organization_derive(cast(Organization, values))
    return {
        "tax_code": values.tax_code,
        "search_text": values.search_text,
        "size_class": values.size_class,
        "industry_section": values.industry_section,
        "sector_group": values.sector_group,
    }


def _figures(rng: random.Random, size: str) -> tuple[int, int, int]:
    billion = 1_000_000_000
    if size == "micro":
        return rng.randint(1, 10), rng.randint(1, 3) * billion, rng.randint(1, 3) * billion
    if size == "small":
        return rng.randint(12, 50), rng.randint(15, 45) * billion, rng.randint(8, 19) * billion
    if size == "medium":
        return rng.randint(60, 100), rng.randint(120, 190) * billion, rng.randint(60, 95) * billion
    return rng.randint(250, 1500), rng.randint(400, 3000) * billion, rng.randint(150, 900) * billion


# --- reset ------------------------------------------------------------------------------------


def generated_organizations_count() -> int:
    user = Generator.seed_user()
    if user is None:
        return 0
    return Organization.objects.filter(decided_by=user).count()


@transaction.atomic
def reset(*, log: Callable[[str], None] = lambda message: None) -> None:
    """Remove every row seed_scale wrote (nothing else), children first."""
    user = Generator.seed_user()
    if user is None:
        return
    uid = user.pk
    # Subqueries selecting what seed_scale wrote; each statement's {orgs}, {activities} or
    # {courses} is replaced by one of them (only constant SQL and %s placeholders).
    subqueries = {
        "{orgs}": "SELECT id FROM enterprises_organization WHERE decided_by_id = %s",
        "{activities}": "SELECT id FROM enterprises_supportactivity WHERE recorded_by_id = %s",
        "{courses}": "SELECT id FROM trainings_course WHERE created_by_id = %s",
    }
    templates: list[tuple[str, list]] = [
        (
            "DELETE FROM trainings_contract_support_activities WHERE supportactivity_id IN ({activities})",
            [uid],
        ),
        (
            "DELETE FROM trainings_expertassignment WHERE support_activity_id IN ({activities})",
            [uid],
        ),
        ("DELETE FROM enterprises_supportevidence WHERE activity_id IN ({activities})", [uid]),
        (
            "DELETE FROM enterprises_supportactivity_solutions WHERE supportactivity_id IN ({activities})",
            [uid],
        ),
        ("DELETE FROM enterprises_supportactivity WHERE recorded_by_id = %s", [uid]),
        (
            "DELETE FROM enterprises_pilotmodel_solutions WHERE pilotmodel_id IN "
            "(SELECT id FROM enterprises_pilotmodel WHERE notes = %s AND organization_id IN ({orgs}))",
            [SEED_NOTE, uid],
        ),
        (
            "DELETE FROM enterprises_pilotmodel WHERE notes = %s AND organization_id IN ({orgs})",
            [SEED_NOTE, uid],
        ),
        ("DELETE FROM awards_nomination WHERE encouraged_by_id = %s", [uid]),
        (
            "DELETE FROM enterprises_supportrequest_solutions WHERE supportrequest_id IN "
            "(SELECT id FROM enterprises_supportrequest WHERE created_by_id = %s)",
            [uid],
        ),
        ("DELETE FROM enterprises_supportrequest WHERE created_by_id = %s", [uid]),
        ("DELETE FROM trainings_contract_courses WHERE course_id IN ({courses})", [uid]),
        ("DELETE FROM trainings_enrollment WHERE course_id IN ({courses})", [uid]),
        ("DELETE FROM trainings_course_solutions WHERE course_id IN ({courses})", [uid]),
        ("DELETE FROM trainings_course WHERE created_by_id = %s", [uid]),
        ("DELETE FROM trainings_contract WHERE scope = %s", [SEED_NOTE]),
        (
            "UPDATE trainings_enrollment SET organization_id = NULL WHERE organization_id IN ({orgs})",
            [uid],
        ),
        (
            "DELETE FROM enterprises_historicalorganization WHERE history_change_reason = %s",
            [SEED_NOTE],
        ),
        ("DELETE FROM enterprises_organization WHERE decided_by_id = %s", [uid]),
    ]
    statements: list[tuple[str, list]] = []
    for template, params in templates:
        for placeholder, subquery in subqueries.items():
            template = template.replace(placeholder, subquery)
        statements.append((template, params))
    with connection.cursor() as cursor:
        for sql, params in statements:
            cursor.execute(sql, params)
            log(f"  reset: {sql.split(' WHERE')[0]} ({cursor.rowcount:,})")
    # Consultants only when no other contract uses them.
    Consultant.objects.filter(notes=SEED_NOTE, contracts__isnull=True).delete()
